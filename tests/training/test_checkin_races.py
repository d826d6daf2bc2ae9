"""Check-in taps under races: the same tap (one client id) sent twice at once is recorded once and answered
as recorded both times; a client id reused for another person or day is still refused.

The deterministic tests (both databases) make the race happen on purpose: the row of the person and day is
hidden from the first look of the service, as if the other request committed just after that look, so the
insert meets the unique constraint. The threaded tests (PostgreSQL only: SQLite serialises every write on
the whole database file) send the same tap from two threads released together by a barrier, many rounds.
"""

import datetime
import json
import threading
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.training.conftest import build_training_world, make_list, people
from training import attendance
from training.attendance import TapStatus, attendance_record, attendance_sync
from training.models import Attendance, Delegate, ListStatus
from tuachua.models import AuditEntry

ROUNDS = 12
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (concurrent transactions); "
    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuachua",
)
RECORDED = {TapStatus.APPLIED, TapStatus.DUPLICATE, TapStatus.UNCHANGED, TapStatus.STALE}


def checkin_world(world) -> SimpleNamespace:
    """Class 1 (two days) with three approved delegates of commune A1."""
    tw = build_training_world(world)
    make_list(tw.class1, tw.a1, people(3, prefix="Xã một"), status=ListStatus.APPROVED)
    first, second, third = Delegate.objects.filter(assigned_event=tw.class1).order_by("order")
    return SimpleNamespace(event=tw.class1, staff=world.users.staff, admin=world.users.admin, d=[first, second, third])


def tap(delegate, *, day=1, present=True, client_id=None, at=None) -> dict:
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "delegate": delegate.pk,
        "day": day,
        "present": present,
        "at": (at or timezone.now()).isoformat(),
    }


def taps_recorded() -> int:
    return AuditEntry.objects.filter(action="attendance_record").count()


def hide_rows(monkeypatch, times: int = 1) -> None:
    """The service's first `times` looks at the person's row find nothing: the other request commits its
    row right after the look (what a race between two requests does)."""
    real = attendance._locked_row
    calls = {"n": 0}

    def look(delegate, day):
        calls["n"] += 1
        return None if calls["n"] <= times else real(delegate, day)

    monkeypatch.setattr(attendance, "_locked_row", look)


# --- deterministic: both databases -----------------------------------------------------------------------


@pytest.fixture
def ck(world):
    return checkin_world(world)


class TestRaceMadeOnPurpose:
    def test_the_same_tap_that_lost_to_its_own_copy_is_a_replay(self, ck, monkeypatch):
        tap_id = uuid.uuid4()
        first = attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=tap_id)
        hide_rows(monkeypatch)
        again = attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.admin, client_id=str(tap_id))
        assert (first.status, again.status, again.present) == (TapStatus.APPLIED, TapStatus.DUPLICATE, True)
        assert (again.client_id, again.delegate, again.day) == (str(tap_id), ck.d[0].pk, 1)
        stored = Attendance.objects.get()
        assert (stored.client_id, stored.recorded_by) == (tap_id, ck.staff)
        assert taps_recorded() == 1

    def test_a_replay_answers_the_state_stored_by_the_winner(self, ck, monkeypatch):
        tap_id = uuid.uuid4()
        attendance_record(delegate=ck.d[0], day=2, present=False, by=ck.staff, client_id=tap_id)
        hide_rows(monkeypatch)
        again = attendance_record(delegate=ck.d[0], day=2, present=False, by=ck.staff, client_id=tap_id)
        assert (again.status, again.present) == (TapStatus.DUPLICATE, False)

    def test_through_the_offline_queue(self, ck, monkeypatch):
        sent = tap(ck.d[1], day=2)
        assert attendance_sync(event=ck.event, taps=[sent], by=ck.staff)[0].status == TapStatus.APPLIED
        hide_rows(monkeypatch)
        result = attendance_sync(event=ck.event, taps=[sent], by=ck.staff)[0]
        assert (result.status, result.present, result.error) == (TapStatus.DUPLICATE, True, "")
        assert Attendance.objects.count() == 1 and taps_recorded() == 1

    def test_through_the_json_endpoint(self, ck, monkeypatch, login):
        client = login(ck.staff)
        url = reverse("training:checkin_sync", args=[ck.event.pk])
        body = json.dumps({"day": 1, "taps": [tap(ck.d[2])]})
        first = client.post(url, body, content_type="application/json")
        hide_rows(monkeypatch)
        second = client.post(url, body, content_type="application/json")
        assert first.status_code == second.status_code == 200
        assert [r["status"] for r in first.json()["results"]] == ["applied"]
        assert [r["status"] for r in second.json()["results"]] == ["duplicate"]
        assert second.json()["present"] == [ck.d[2].pk]

    def test_a_tap_id_reused_for_another_person_is_still_refused(self, ck, monkeypatch):
        tap_id = uuid.uuid4()
        attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=tap_id)
        hide_rows(monkeypatch)
        with pytest.raises(ValidationError, match="Mã lần chạm đã được dùng cho người hoặc ngày khác"):
            attendance_record(delegate=ck.d[1], day=1, present=True, by=ck.staff, client_id=tap_id)
        assert Attendance.objects.count() == 1 and taps_recorded() == 1

    def test_a_tap_id_reused_for_another_day_is_still_refused(self, ck, monkeypatch):
        tap_id = uuid.uuid4()
        attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=tap_id)
        hide_rows(monkeypatch)
        sent = tap(ck.d[0], day=2, client_id=tap_id)
        result = attendance_sync(event=ck.event, taps=[sent], by=ck.staff)[0]
        assert result.status == TapStatus.REJECTED and "người hoặc ngày khác" in result.error
        assert not Attendance.objects.filter(day=2).exists()

    def test_a_tap_id_reused_for_another_person_with_a_row_is_refused(self, ck):
        """No race here: the person's own row exists and is updated, the id belongs to someone else's row."""
        tap_id = uuid.uuid4()
        attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=tap_id)
        attendance_record(delegate=ck.d[1], day=1, present=True, by=ck.staff)
        with pytest.raises(ValidationError, match="người hoặc ngày khác"):
            attendance_record(delegate=ck.d[1], day=1, present=False, by=ck.staff, client_id=tap_id)
        assert Attendance.objects.get(delegate=ck.d[1]).present is True

    def test_another_tap_that_took_the_day_first_is_decided_against(self, ck, monkeypatch):
        """Two phones tap the same person at once: the loser meets the (person, day) constraint and decides
        again against the winner's row: the later tap wins, whichever was stored first."""
        now = timezone.now()
        early, late = uuid.uuid4(), uuid.uuid4()
        attendance_record(
            delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=early, at=now - datetime.timedelta(seconds=5)
        )
        hide_rows(monkeypatch)
        result = attendance_record(delegate=ck.d[0], day=1, present=False, by=ck.admin, client_id=late, at=now)
        assert (result.status, result.present) == (TapStatus.APPLIED, False)
        stored = Attendance.objects.get()
        assert (stored.client_id, stored.present) == (late, False)
        assert taps_recorded() == 2

    def test_an_older_tap_that_lost_the_day_is_stale(self, ck, monkeypatch):
        now = timezone.now()
        attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id=uuid.uuid4(), at=now)
        hide_rows(monkeypatch)
        older = now - datetime.timedelta(seconds=5)
        result = attendance_record(
            delegate=ck.d[0], day=1, present=False, by=ck.staff, client_id=uuid.uuid4(), at=older
        )
        assert (result.status, result.present) == (TapStatus.STALE, True)

    def test_a_person_whose_row_never_settles_is_refused_with_a_message(self, ck, monkeypatch):
        attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff)
        hide_rows(monkeypatch, times=1000)
        with pytest.raises(ValidationError, match="hãy chạm lại"):
            attendance_record(delegate=ck.d[0], day=1, present=False, by=ck.staff, client_id=uuid.uuid4())
        assert Attendance.objects.get().present is True

    def test_a_malformed_tap_id_is_refused_not_a_crash(self, ck):
        with pytest.raises(ValidationError, match="Mã lần chạm không hợp lệ"):
            attendance_record(delegate=ck.d[0], day=1, present=True, by=ck.staff, client_id="not-a-uuid")

    def test_the_same_tap_twice_in_one_batch(self, ck):
        sent = tap(ck.d[0])
        results = attendance_sync(event=ck.event, taps=[sent, dict(sent)], by=ck.staff)
        assert [r.status for r in results] == [TapStatus.APPLIED, TapStatus.DUPLICATE]
        assert Attendance.objects.count() == 1 and taps_recorded() == 1


# --- real concurrency: PostgreSQL ------------------------------------------------------------------------


def race(calls) -> list:
    """Run each callable in its own thread, all released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 — recorded and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a tap is stuck (deadlock?)"
    return results


def sync_call(ck, sent: dict, by):
    return lambda: attendance_sync(event=ck.event, taps=[sent], by=by)[0]


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
class TestRealRaces:
    def test_the_same_tap_sent_twice_at_once_is_recorded_both_times(self, world):
        ck = checkin_world(world)
        for number in range(ROUNDS):
            Attendance.objects.all().delete()
            sent = tap(ck.d[number % 3], day=1 + number % 2)
            results = race([sync_call(ck, sent, ck.staff), sync_call(ck, sent, ck.admin)])
            assert sorted(r.status for r in results) == [TapStatus.APPLIED, TapStatus.DUPLICATE], (number, results)
            assert all(r.present is True and r.error == "" for r in results), results
            assert Attendance.objects.count() == 1, number
            assert taps_recorded() == number + 1, number

    def test_the_same_tap_posted_twice_at_once_answers_recorded_both_times(self, world):
        ck = checkin_world(world)
        clients = []
        for user in (ck.staff, ck.admin):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients.append(client)
        url = reverse("training:checkin_sync", args=[ck.event.pk])

        def post(client, body):
            return lambda: client.post(url, body, content_type="application/json")

        for number in range(ROUNDS):
            Attendance.objects.all().delete()
            body = json.dumps({"day": 1, "taps": [tap(ck.d[number % 3])]})
            responses = race([post(client, body) for client in clients])
            assert [r.status_code for r in responses] == [200, 200], (number, responses)
            statuses = sorted(r.json()["results"][0]["status"] for r in responses)
            assert statuses == ["applied", "duplicate"], (number, [r.json() for r in responses])
            assert Attendance.objects.count() == 1

    def test_one_tap_id_for_two_people_at_once_records_one_and_refuses_the_other(self, world):
        ck = checkin_world(world)
        for number in range(ROUNDS):
            Attendance.objects.all().delete()
            tap_id = uuid.uuid4()
            results = race(
                [
                    sync_call(ck, tap(ck.d[0], client_id=tap_id), ck.staff),
                    sync_call(ck, tap(ck.d[1], client_id=tap_id), ck.admin),
                ]
            )
            assert sorted(r.status for r in results) == [TapStatus.APPLIED, TapStatus.REJECTED], (number, results)
            refused = next(r for r in results if r.status == TapStatus.REJECTED)
            assert "người hoặc ngày khác" in refused.error
            assert Attendance.objects.count() == 1

    def test_two_phones_tapping_one_person_at_once_both_hear_back(self, world):
        ck = checkin_world(world)
        for number in range(ROUNDS):
            Attendance.objects.all().delete()
            at = timezone.now() - datetime.timedelta(seconds=1)
            results = race([sync_call(ck, tap(ck.d[2], at=at), ck.staff), sync_call(ck, tap(ck.d[2], at=at), ck.admin)])
            assert all(r.status in RECORDED for r in results), (number, results)
            assert sorted(r.status for r in results) == [TapStatus.APPLIED, TapStatus.UNCHANGED], results
            assert Attendance.objects.count() == 1 and Attendance.objects.get().present is True
