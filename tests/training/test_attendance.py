"""Điểm danh: the services (taps, their replay, the signed sheet, the offline queue), the selectors against a
hand-counted example, their query counts, and the pages with every user's answer (403 / 404 / login)."""

import datetime
import json
import re
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.training.conftest import make_list, people, row
from training import services
from training.attendance import (
    TapStatus,
    attendance_record,
    attendance_sheet_save,
    attendance_sync,
    matches,
    search_key,
)
from training.attendance_selectors import (
    attendance_summary,
    person_days_by_pay,
    unit_delegates_attendance,
    units_attendance,
)
from training.models import Attendance, AttendanceSource, Delegate, ListStatus, TrainingEvent
from tuachua.models import AuditEntry

# Class 1 (commune A1, 2 days): two of the seven are not paid by the state (Mùa A Dũng, Sùng Thị Mỷ).
CLASS1 = ("Vừ A Hùng", "Hà Thị Ân", "Lý Văn Đức", "Lò Văn An", "Mùa A Dũng", "Giàng A Sếnh", "Sùng Thị Mỷ")


@pytest.fixture
def placed(training_world):
    """Class 1: A1's seven approved delegates; class 2: two of A2's; the tour: nobody placed."""
    tw = training_world
    v1, v2 = tw.villages_a1
    rows = [
        row("Vừ A Hùng", "Chủ tịch UBND"),
        row("Hà Thị Ân", "Chủ tịch Hội LHPN"),
        row("Lý Văn Đức", "Công chức LĐ-TB&XH"),
        row("Lò Văn An", "Trưởng thôn", village=v1),
        row("Mùa A Dũng", "Bí thư chi bộ", village=v1, paid=False),
        row("Giàng A Sếnh", "Trưởng bản", village=v2),
        row("Sùng Thị Mỷ", "Chi hội trưởng Phụ nữ", village=v2, paid=False),
    ]
    make_list(tw.class1, tw.a1, rows, status=ListStatus.APPROVED)
    make_list(tw.class2, tw.a2, people(2, prefix="Xã hai"), status=ListStatus.APPROVED)
    by_name = {d.full_name: d for d in Delegate.objects.filter(assigned_event__isnull=False)}
    return SimpleNamespace(**vars(tw), d=by_name, other=by_name["Xã hai số 1"])


def audit(action: str):
    return AuditEntry.objects.filter(action=action).order_by("id")


def record(delegate, day=1, present=True, *, by, **extra):
    return attendance_record(delegate=delegate, day=day, present=present, by=by, **extra)


def tap(delegate, day=1, present=True, at=None, client_id=None) -> dict:
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "delegate": getattr(delegate, "pk", delegate),
        "day": day,
        "present": present,
        "at": (at or timezone.now()).isoformat(),
    }


# --- attendance_record -----------------------------------------------------------------------------------


class TestRecord:
    def test_a_tap_is_stored_once_and_audited_once(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        assert record(hung, by=staff).status == TapStatus.APPLIED
        assert record(hung, by=staff).status == TapStatus.UNCHANGED
        stored = Attendance.objects.get()
        assert (stored.event, stored.day, stored.present, stored.source) == (placed.class1, 1, True, "checkin")
        assert stored.recorded_by == staff
        entries = list(audit("attendance_record"))
        assert len(entries) == 1
        assert entries[0].object_repr == "Vừ A Hùng" and entries[0].actor == staff
        assert entries[0].data | {"at": None} == {
            "event": placed.class1.pk,
            "day": 1,
            "present": True,
            "source": "checkin",
            "client_id": None,
            "at": None,
        }

    def test_toggling_back_changes_the_row_and_audits_each_change(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        record(hung, by=staff)
        assert record(hung, present=False, by=staff).status == TapStatus.APPLIED
        assert Attendance.objects.get().present is False
        assert [e.data["present"] for e in audit("attendance_record")] == [True, False]

    def test_the_same_tap_sent_again_is_a_duplicate(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        tap_id = uuid.uuid4()
        assert record(hung, by=staff, client_id=tap_id).status == TapStatus.APPLIED
        again = record(hung, by=staff, client_id=str(tap_id))
        assert (again.status, again.present) == (TapStatus.DUPLICATE, True)
        assert Attendance.objects.count() == 1 and audit("attendance_record").count() == 1

    def test_an_older_tap_replayed_after_a_newer_one_is_ignored(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        now = timezone.now()
        first, second = uuid.uuid4(), uuid.uuid4()
        record(hung, by=staff, client_id=first, at=now - datetime.timedelta(minutes=2))
        record(hung, present=False, by=staff, client_id=second, at=now - datetime.timedelta(minutes=1))
        replay = record(hung, by=staff, client_id=first, at=now - datetime.timedelta(minutes=2))
        assert (replay.status, replay.present) == (TapStatus.STALE, False)
        assert Attendance.objects.get().present is False
        assert audit("attendance_record").count() == 2

    def test_a_phone_clock_ahead_of_the_server_counts_as_now(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        record(hung, by=staff, at=timezone.now() + datetime.timedelta(hours=3))
        assert Attendance.objects.get().recorded_at <= timezone.now()
        assert record(hung, present=False, by=staff).status == TapStatus.APPLIED

    @pytest.mark.parametrize("day", [0, 3, -1])
    def test_a_day_outside_the_event_is_refused(self, placed, day):
        with pytest.raises(ValidationError, match="không thuộc thời gian"):
            record(placed.d["Vừ A Hùng"], day=day, by=placed.users.staff)
        assert not Attendance.objects.exists() and not audit("attendance_record").exists()

    def test_a_delegate_of_another_event_is_refused(self, placed):
        with pytest.raises(ValidationError, match="không có trong danh sách lớp của Lớp thứ nhất"):
            record(placed.other, by=placed.users.staff, event=placed.class1)
        assert not Attendance.objects.exists()

    def test_a_delegate_not_placed_is_refused(self, placed):
        make_list(placed.tour, placed.a1, people(1, prefix="Chờ"), status=ListStatus.SUBMITTED)
        waiting = Delegate.objects.get(full_name="Chờ số 1")
        with pytest.raises(ValidationError):
            record(waiting, by=placed.users.staff)

    def test_a_tap_id_used_for_someone_else_is_refused(self, placed):
        tap_id = uuid.uuid4()
        record(placed.d["Vừ A Hùng"], by=placed.users.staff, client_id=tap_id)
        with pytest.raises(ValidationError, match="Mã lần chạm"):
            record(placed.d["Hà Thị Ân"], by=placed.users.staff, client_id=tap_id)

    def test_a_delegate_moved_to_another_class_is_counted_there(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        TrainingEvent.objects.filter(pk=placed.class2.pk).update(capacity=None)
        record(hung, by=staff)
        services.delegate_move(delegate=hung, to_event=placed.class2, by=staff)
        hung.refresh_from_db()
        assert record(hung, by=staff, event=placed.class2).status == TapStatus.APPLIED
        assert Attendance.objects.get().event == placed.class2
        summary = attendance_summary([placed.class1, placed.class2])
        assert summary[placed.class1.pk].person_days == 0 and summary[placed.class2.pk].person_days == 1


# --- attendance_sheet_save ---------------------------------------------------------------------------------


def present_on(event, day) -> set[str]:
    return set(
        Attendance.objects.filter(event=event, day=day, present=True).values_list("delegate__full_name", flat=True)
    )


class TestSheet:
    def test_sets_exactly_the_given_people_present(self, placed):
        d, staff = placed.d, placed.users.staff
        record(d["Giàng A Sếnh"], by=staff)  # tapped at the door, but did not sign: the sheet wins
        ids = [d[name].pk for name in ("Vừ A Hùng", "Hà Thị Ân", "Mùa A Dũng")]
        counts = attendance_sheet_save(event=placed.class1, day=1, present_ids=ids, by=staff)
        assert counts == {"present": 3, "absent": 4, "changed": 4}
        assert present_on(placed.class1, 1) == {"Vừ A Hùng", "Hà Thị Ân", "Mùa A Dũng"}
        assert Attendance.objects.filter(event=placed.class1, day=1).count() == 7  # the others: absent rows
        assert set(Attendance.objects.values_list("source", flat=True)) == {AttendanceSource.SHEET}
        assert present_on(placed.class1, 2) == set()

        counts = attendance_sheet_save(event=placed.class1, day=1, present_ids=[d["Vừ A Hùng"].pk], by=staff)
        assert counts == {"present": 1, "absent": 6, "changed": 2}
        assert present_on(placed.class1, 1) == {"Vừ A Hùng"}

    def test_one_summary_audit_entry_per_save_and_none_when_nothing_changes(self, placed):
        d, staff = placed.d, placed.users.staff
        ids = [d["Vừ A Hùng"].pk, d["Hà Thị Ân"].pk]
        attendance_sheet_save(event=placed.class1, day=2, present_ids=ids, by=staff)
        attendance_sheet_save(event=placed.class1, day=2, present_ids=ids, by=staff)
        entries = list(audit("attendance_sheet_save"))
        assert len(entries) == 1
        assert entries[0].object_type == "training.trainingevent" and entries[0].object_id == str(placed.class1.pk)
        assert entries[0].data == {
            "day": 2,
            "present": 2,
            "absent": 5,
            "changed": 2,
            "marked_present": sorted(ids),
            "marked_absent": [],
        }
        assert not audit("attendance_record").exists()

    def test_someone_not_in_the_class_refuses_the_whole_sheet(self, placed):
        with pytest.raises(ValidationError, match="không còn trong danh sách lớp"):
            attendance_sheet_save(
                event=placed.class1, day=1, present_ids=[placed.d["Vừ A Hùng"].pk, placed.other.pk], by=None
            )
        assert not Attendance.objects.exists()

    def test_a_day_outside_the_event_is_refused(self, placed):
        with pytest.raises(ValidationError):
            attendance_sheet_save(event=placed.class1, day=3, present_ids=[], by=None)

    def test_a_tap_made_before_the_sheet_was_saved_does_not_undo_it(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        before = timezone.now() - datetime.timedelta(minutes=5)
        attendance_sheet_save(event=placed.class1, day=1, present_ids=[], by=staff)
        result = attendance_sync(event=placed.class1, taps=[tap(hung, at=before)], by=staff)[0]
        assert result.status == TapStatus.STALE
        assert present_on(placed.class1, 1) == set()


# --- attendance_sync ------------------------------------------------------------------------------------


class TestSync:
    def test_bad_taps_are_rejected_one_by_one(self, placed):
        d, staff = placed.d, placed.users.staff
        taps = [
            tap(d["Vừ A Hùng"]),
            tap(placed.other),  # placed in class 2
            tap(999_999),  # nobody
            tap(d["Hà Thị Ân"], day=5),
            {"client_id": "not-a-uuid", "delegate": d["Lý Văn Đức"].pk, "day": 1, "present": True},
            {**tap(d["Lý Văn Đức"]), "present": "yes"},
            "garbage",
            tap(d["Mùa A Dũng"], day=2),
        ]
        results = attendance_sync(event=placed.class1, taps=taps, by=staff)
        assert [r.status for r in results] == [
            TapStatus.APPLIED,
            TapStatus.REJECTED,
            TapStatus.REJECTED,
            TapStatus.REJECTED,
            TapStatus.REJECTED,
            TapStatus.REJECTED,
            TapStatus.REJECTED,
            TapStatus.APPLIED,
        ]
        assert [r.client_id for r in results[:4]] == [t["client_id"] for t in taps[:4]]
        assert "không có trong danh sách lớp" in results[1].error
        assert "không thuộc thời gian" in results[3].error
        assert present_on(placed.class1, 1) == {"Vừ A Hùng"}
        assert present_on(placed.class1, 2) == {"Mùa A Dũng"}

    def test_a_batch_sent_twice_changes_nothing_the_second_time(self, placed):
        d, staff = placed.d, placed.users.staff
        taps = [tap(d["Vừ A Hùng"]), tap(d["Hà Thị Ân"]), tap(d["Vừ A Hùng"], present=False)]
        first = attendance_sync(event=placed.class1, taps=taps, by=staff)
        assert [r.status for r in first] == [TapStatus.APPLIED] * 3
        second = attendance_sync(event=placed.class1, taps=taps, by=staff)
        assert [r.status for r in second] == [TapStatus.STALE, TapStatus.DUPLICATE, TapStatus.DUPLICATE]
        assert present_on(placed.class1, 1) == {"Hà Thị Ân"}
        assert Attendance.objects.count() == 2 and audit("attendance_record").count() == 3

    def test_taps_apply_in_the_order_they_were_made(self, placed):
        hung, staff = placed.d["Vừ A Hùng"], placed.users.staff
        now = timezone.now()
        later = tap(hung, present=False, at=now - datetime.timedelta(seconds=10))
        earlier = tap(hung, present=True, at=now - datetime.timedelta(seconds=20))
        results = attendance_sync(event=placed.class1, taps=[later, earlier], by=staff)
        assert [r.status for r in results] == [TapStatus.APPLIED, TapStatus.APPLIED]
        assert present_on(placed.class1, 1) == set()

    def test_too_many_taps_at_once_are_refused(self, placed):
        with pytest.raises(ValidationError):
            attendance_sync(event=placed.class1, taps=[tap(placed.d["Vừ A Hùng"])] * 201, by=None)


# --- selectors ----------------------------------------------------------------------------------------------


def hand_made_example(placed):
    """Day 1: Hùng, Ân, Đức, An, Dũng; day 2: Hùng, Ân, Dũng, Mỷ (Sếnh never; Đức marked absent on day 2).
    Class 2: one of its two on day 1. Nobody is placed in the tour."""
    d, staff = placed.d, placed.users.staff
    day1 = ["Vừ A Hùng", "Hà Thị Ân", "Lý Văn Đức", "Lò Văn An", "Mùa A Dũng"]
    attendance_sheet_save(event=placed.class1, day=1, present_ids=[d[n].pk for n in day1], by=staff)
    for name in ("Vừ A Hùng", "Hà Thị Ân", "Mùa A Dũng", "Sùng Thị Mỷ"):
        record(d[name], day=2, by=staff)
    record(d["Lý Văn Đức"], day=2, present=False, by=staff)
    record(placed.other, by=staff)


class TestSelectors:
    def test_summary_matches_the_hand_count(self, placed):
        hand_made_example(placed)
        summary = attendance_summary(TrainingEvent.objects.filter(activity__plan=placed.class1.activity.plan))
        class1, class2, tour = summary[placed.class1.pk], summary[placed.class2.pk], summary[placed.tour.pk]
        assert (class1.placed, class1.attended, class1.never_came) == (7, 6, 1)
        assert class1.by_day == {1: 5, 2: 4} and class1.day_counts == [(1, 5), (2, 4)]
        assert class1.person_days == 9
        assert (class1.paid_person_days, class1.unpaid_person_days) == (6, 3)  # Dũng twice, Mỷ once
        assert (class2.placed, class2.attended, class2.person_days, class2.by_day) == (2, 1, 1, {1: 1, 2: 0})
        assert (tour.placed, tour.attended, tour.person_days) == (0, 0, 0)
        assert tour.by_day == dict.fromkeys(range(1, 9), 0)

    def test_person_days_by_pay(self, placed):
        hand_made_example(placed)
        events = [placed.class1, placed.class2, placed.tour]
        assert person_days_by_pay(events) == {
            placed.class1.pk: {"paid": 6, "unpaid": 3},
            placed.class2.pk: {"paid": 1, "unpaid": 0},
            placed.tour.pk: {"paid": 0, "unpaid": 0},
        }

    def test_per_unit_and_one_units_delegates(self, placed):
        hand_made_example(placed)
        assert [(u.unit, u.placed, u.attended, u.person_days) for u in units_attendance(placed.class1)] == [
            (placed.a1, 7, 6, 9)
        ]
        rows = unit_delegates_attendance(placed.class1, placed.a1)
        assert [(r.delegate.full_name, r.days) for r in rows] == [
            ("Vừ A Hùng", (1, 2)),
            ("Hà Thị Ân", (1, 2)),
            ("Lý Văn Đức", (1,)),
            ("Lò Văn An", (1,)),
            ("Mùa A Dũng", (1, 2)),
            ("Giàng A Sếnh", ()),
            ("Sùng Thị Mỷ", (2,)),
        ]
        assert unit_delegates_attendance(placed.class1, placed.a2) == []

    def test_search_without_tones(self):
        assert search_key("  Vừ A  HÙNG ") == "vu a hung"
        assert search_key("Lý Văn Đức") == "ly van duc"
        assert matches(search_key("Vừ A Hùng"), "hung") and matches(search_key("Vừ A Hùng"), "Vu HÙNG")
        assert not matches(search_key("Vừ A Hùng"), "hung mai")
        assert matches(search_key("Lý Văn Đức"), "đức") and matches(search_key("Lý Văn Đức"), "duc")


# --- query counts ---------------------------------------------------------------------------------------


@pytest.fixture
def sized(training_world):
    """Class 1 with 2 delegates, class 2 with 20, every one present on both days."""
    tw = training_world
    staff = tw.users.staff
    TrainingEvent.objects.filter(pk__in=[tw.class1.pk, tw.class2.pk]).update(capacity=None)
    for event, unit, size in ((tw.class1, tw.a1, 2), (tw.class2, tw.a2, 20)):
        services.quota_override_set(event=event, unit=unit, unit_seats=size, village_seats=2, reason="Thử", by=staff)
        make_list(event, unit, people(size, prefix=unit.name), status=ListStatus.APPROVED)
    for event in (tw.class1, tw.class2):
        ids = list(Delegate.objects.filter(assigned_event=event).values_list("pk", flat=True))
        for day in (1, 2):
            attendance_sheet_save(event=event, day=day, present_ids=ids, by=staff)
    return tw


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


class TestQueryCounts:
    def test_summary_and_pay_split_do_not_grow_with_delegates_or_events(self, sized):
        small, big, tour = [sized.class1], [sized.class2], [sized.class1, sized.class2, sized.tour]
        assert count_queries(lambda: attendance_summary(small)) == 3
        assert count_queries(lambda: attendance_summary(big)) == 3
        assert count_queries(lambda: attendance_summary(tour)) == 3
        assert attendance_summary(big)[sized.class2.pk].person_days == 40
        assert count_queries(lambda: person_days_by_pay(small)) == count_queries(lambda: person_days_by_pay(tour)) == 1

    def test_sheet_save_does_not_grow_with_the_class(self, sized):
        def flip(event):
            ids = list(Delegate.objects.filter(assigned_event=event).values_list("pk", flat=True))
            return lambda: attendance_sheet_save(event=event, day=1, present_ids=ids[:1], by=sized.users.staff)

        small, big = flip(sized.class1), flip(sized.class2)
        assert count_queries(small) == count_queries(big)

    @pytest.mark.parametrize("name", ["attendance", "checkin", "attendance_sheet"])
    def test_pages_do_not_grow_with_the_class(self, sized, login, name):
        client = login(sized.users.staff)

        def page(event):
            args = [event.pk] if name == "attendance" else [event.pk, 1]
            return lambda: client.get(reverse(f"training:{name}", args=args) + "?unit=" + str(event.units.get().pk))

        assert count_queries(page(sized.class1)) == count_queries(page(sized.class2))


# --- pages ----------------------------------------------------------------------------------------------

USERS = ("staff", "admin", "officer_a", "officer_b", "leader", "office", "outsider", "anonymous")


def urls(event) -> dict[str, tuple[str, str]]:
    """Each attendance URL of class 1 with the method that uses it."""
    return {
        "attendance": ("get", reverse("training:attendance", args=[event.pk])),
        "checkin": ("get", reverse("training:checkin", args=[event.pk, 1])),
        "checkin_post": ("post", reverse("training:checkin", args=[event.pk, 1])),
        "sheet": ("get", reverse("training:attendance_sheet", args=[event.pk, 1])),
        "sheet_post": ("post", reverse("training:attendance_sheet", args=[event.pk, 1])),
        "sync": ("post", reverse("training:checkin_sync", args=[event.pk])),
    }


# What each user gets: 200/302 for who may, 403 for a visible event they may not record, 404 for an event
# they cannot see (officer_b's commune is not in class 1; outsider is another district), login for anonymous.
EXPECTED = {
    "staff": {"attendance": 200, "checkin": 200, "checkin_post": 302, "sheet": 200, "sheet_post": 302, "sync": 200},
    "admin": {"attendance": 200, "checkin": 200, "checkin_post": 302, "sheet": 200, "sheet_post": 302, "sync": 200},
    "officer_a": {"attendance": 200, **dict.fromkeys(["checkin", "checkin_post", "sheet", "sheet_post", "sync"], 403)},
    "officer_b": dict.fromkeys(["attendance", "checkin", "checkin_post", "sheet", "sheet_post", "sync"], 404),
    "leader": {"attendance": 200, **dict.fromkeys(["checkin", "checkin_post", "sheet", "sheet_post", "sync"], 403)},
    "office": {"attendance": 200, **dict.fromkeys(["checkin", "checkin_post", "sheet", "sheet_post", "sync"], 403)},
    "outsider": dict.fromkeys(["attendance", "checkin", "checkin_post", "sheet", "sheet_post", "sync"], 404),
}


def send(client, method, path, delegate):
    if path.endswith("/sync/"):
        body = json.dumps({"day": 1, "taps": [tap(delegate)]})
        return client.post(path, body, content_type="application/json")
    if method == "post" and path.endswith("/sheet/"):
        return client.post(path, {"present": [delegate.pk]})  # the ticked people of the sheet
    if method == "post":
        return client.post(path, {"delegate": delegate.pk, "present": "1"})
    return client.get(path)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("page", list(EXPECTED["staff"]))
def test_who_may_open_what(placed, client, user, page):
    method, path = urls(placed.class1)[page]
    if user != "anonymous":
        client.force_login(getattr(placed.users, user))
    response = send(client, method, path, placed.d["Vừ A Hùng"])
    if user == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert not Attendance.objects.exists()
        return
    assert response.status_code == EXPECTED[user][page]
    recorded = Attendance.objects.exists()
    assert recorded == (user in ("staff", "admin") and page in ("checkin_post", "sheet_post", "sync"))


@pytest.mark.parametrize("name", ["checkin", "attendance_sheet"])
@pytest.mark.parametrize("day", [0, 3])
def test_a_day_outside_the_event_is_a_404(placed, login, name, day):
    response = login(placed.users.staff).get(reverse(f"training:{name}", args=[placed.class1.pk, day]))
    assert response.status_code == 404


def test_wrong_methods_are_405(placed, login):
    client = login(placed.users.staff)
    assert client.get(reverse("training:checkin_sync", args=[placed.class1.pk])).status_code == 405
    assert client.post(reverse("training:attendance", args=[placed.class1.pk])).status_code == 405
    assert client.delete(reverse("training:checkin", args=[placed.class1.pk, 1])).status_code == 405


def test_another_units_delegates_are_a_404_for_the_overview(placed, login):
    tour = reverse("training:attendance", args=[placed.tour.pk])
    assert login(placed.users.officer_a).get(tour + f"?unit={placed.a2.pk}").status_code == 200  # ignored
    assert login(placed.users.outsider).get(tour).status_code == 404
    assert login(placed.users.staff).get(tour + "?unit=999999").status_code == 404


class TestOverview:
    def test_staff_see_days_units_and_links_to_record(self, placed, login):
        hand_made_example(placed)
        response = login(placed.users.staff).get(reverse("training:attendance", args=[placed.class1.pk]))
        html = response.content.decode()
        assert response.context["summary"].person_days == 9
        assert 'data-testid="placed">7<' in html and 'data-testid="attended">6<' in html
        pay = re.search(r'data-testid="person-days-pay">(.*?)</p>', html).group(1)
        assert "hưởng lương từ NSNN <strong>6</strong>" in pay and "không hưởng lương từ NSNN <strong>3</strong>" in pay
        assert reverse("training:checkin", args=[placed.class1.pk, 2]) in html
        assert reverse("training:attendance_sheet", args=[placed.class1.pk, 1]) in html
        assert 'data-testid="unit-delegates"' not in html

    def test_staff_open_one_units_delegates(self, placed, login):
        hand_made_example(placed)
        path = reverse("training:attendance", args=[placed.class1.pk]) + f"?unit={placed.a1.pk}"
        html = login(placed.users.staff).get(path).content.decode()
        assert "Sùng Thị Mỷ" in html and "Ngày 1, 2" in html

    def test_leaders_read_without_links_to_record(self, placed, login):
        html = login(placed.users.leader).get(reverse("training:attendance", args=[placed.class1.pk])).content.decode()
        assert 'data-testid="days"' in html
        assert reverse("training:checkin", args=[placed.class1.pk, 1]) not in html

    def test_an_officer_sees_only_their_units_delegates(self, placed, login):
        make_list(placed.tour, placed.a1, people(2, prefix="Đoàn A"), status=ListStatus.APPROVED)
        make_list(placed.tour, placed.a2, people(2, prefix="Đoàn B"), status=ListStatus.APPROVED)
        attendance_sync(
            event=placed.tour,
            taps=[tap(d, day=3) for d in Delegate.objects.filter(assigned_event=placed.tour)],
            by=placed.users.staff,
        )
        path = reverse("training:attendance", args=[placed.tour.pk]) + f"?unit={placed.a2.pk}"
        response = login(placed.users.officer_a).get(path)
        html = response.content.decode()
        assert "Đoàn A số 1" in html and "Đoàn A số 2" in html and "Ngày 3" in html
        assert "Đoàn B" not in html and "summary" not in response.context
        assert 'data-testid="unit-totals"' in html
        assert reverse("training:checkin", args=[placed.tour.pk, 1]) not in html


class TestCheckinPage:
    def path(self, placed, query=""):
        return reverse("training:checkin", args=[placed.class1.pk, 1]) + (f"?q={query}" if query else "")

    def test_lists_everyone_with_counters_and_no_inline_script_or_style(self, placed, login):
        record(placed.d["Hà Thị Ân"], by=placed.users.staff)
        response = login(placed.users.staff).get(self.path(placed))
        html = response.content.decode()
        assert response.context["present_count"] == 1 and response.context["total"] == 7
        assert 'data-testid="present-count" data-present-count>1<' in html
        assert html.count("data-checkin-item") == 7
        assert reverse("training:checkin_sync", args=[placed.class1.pk]) in html
        assert re.search(r"/static/js/checkin\.[0-9a-f]{12}\.js", html)
        assert "<style" not in html and " style=" not in html and "<script>" not in html

    def test_search_without_tones_on_the_server(self, placed, login):
        response = login(placed.users.staff).get(self.path(placed, "hung"))
        shown = [item["row"].delegate.full_name for item in response.context["items"] if item["shown"]]
        assert shown == ["Vừ A Hùng"]
        html = response.content.decode()
        assert html.count("data-checkin-item") == 7  # everyone is there for the script; the rest hidden
        assert html.count('data-checkin-item data-delegate="') == 7
        assert response.context["shown"] == 1 and "1 / 7" in html

    def test_no_javascript_tap_records_and_comes_back_to_the_same_search(self, placed, login):
        client = login(placed.users.staff)
        hung = placed.d["Vừ A Hùng"]
        response = client.post(self.path(placed), {"delegate": hung.pk, "present": "1", "q": "hung"})
        assert response.status_code == 302
        assert response.url == self.path(placed, "hung") + f"#d-{hung.pk}"
        assert present_on(placed.class1, 1) == {"Vừ A Hùng"}
        # The same form sent twice (double tap on a slow link) changes nothing more.
        client.post(self.path(placed), {"delegate": hung.pk, "present": "1"})
        assert audit("attendance_record").count() == 1
        page = client.get(response.url)
        assert "Vừ A Hùng: có mặt." in [str(m) for m in page.context["messages"]]
        assert page.context["present_count"] == 1
        client.post(self.path(placed), {"delegate": hung.pk, "present": "0"})
        assert present_on(placed.class1, 1) == set()

    def test_no_javascript_tap_on_someone_not_in_the_class(self, placed, login):
        client = login(placed.users.staff)
        response = client.post(self.path(placed), {"delegate": placed.other.pk, "present": "1"}, follow=True)
        assert "Người này không có trong danh sách lớp" in response.content.decode()
        assert not Attendance.objects.exists()


class TestSyncEndpoint:
    def url(self, placed):
        return reverse("training:checkin_sync", args=[placed.class1.pk])

    def test_json_round_trip(self, placed, login):
        client = login(placed.users.staff)
        d = placed.d
        taps = [tap(d["Vừ A Hùng"]), tap(d["Hà Thị Ân"]), tap(placed.other)]
        body = json.dumps({"day": 1, "taps": taps})
        response = client.post(self.url(placed), body, content_type="application/json")
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        data = response.json()
        assert [r["status"] for r in data["results"]] == ["applied", "applied", "rejected"]
        assert [r["client_id"] for r in data["results"]] == [t["client_id"] for t in taps]
        assert data["results"][0]["present"] is True and data["results"][2]["error"]
        assert data["day"] == 1 and data["present"] == sorted([d["Vừ A Hùng"].pk, d["Hà Thị Ân"].pk])
        again = client.post(self.url(placed), body, content_type="application/json").json()
        assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate", "rejected"]
        assert Attendance.objects.count() == 2

    @pytest.mark.parametrize("body", ["not json", "{}", '{"taps": 5}', "[]"])
    def test_malformed_bodies_are_a_400(self, placed, login, body):
        response = login(placed.users.staff).post(self.url(placed), body, content_type="application/json")
        assert response.status_code == 400 and "error" in response.json()

    def test_needs_the_csrf_token(self, placed):
        client = Client(enforce_csrf_checks=True)
        client.force_login(placed.users.staff)
        page = client.get(reverse("training:checkin", args=[placed.class1.pk, 1]))
        body = json.dumps({"day": 1, "taps": [tap(placed.d["Vừ A Hùng"])]})
        assert client.post(self.url(placed), body, content_type="application/json").status_code == 403
        token = re.search(r'data-csrf="([^"]+)"', page.content.decode()).group(1)  # what the script sends
        response = client.post(self.url(placed), body, content_type="application/json", headers={"X-CSRFToken": token})
        assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"


class TestSheetPage:
    def path(self, placed, day=1):
        return reverse("training:attendance_sheet", args=[placed.class1.pk, day])

    def test_groups_by_unit_in_roster_order_with_the_stored_state(self, placed, login):
        record(placed.d["Lò Văn An"], by=placed.users.staff)
        response = login(placed.users.staff).get(self.path(placed))
        [(unit, rows)] = response.context["groups"]
        assert unit == placed.a1
        assert [r.delegate.full_name for r in rows] == list(CLASS1)
        assert [r.delegate.full_name for r in rows if r.present] == ["Lò Văn An"]
        assert f'value="{placed.d["Lò Văn An"].pk}" id="p-{placed.d["Lò Văn An"].pk}" checked' in (
            response.content.decode()
        )

    def test_all_present_helper_ticks_every_box_without_saving(self, placed, login):
        response = login(placed.users.staff).get(self.path(placed) + "?all=1")
        assert response.context["present_count"] == 7
        assert not Attendance.objects.exists()

    def test_save_sets_the_day_and_says_so(self, placed, login):
        client = login(placed.users.staff)
        ids = [placed.d["Vừ A Hùng"].pk, placed.d["Sùng Thị Mỷ"].pk]
        response = client.post(self.path(placed, 2), {"present": ids}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("training:attendance", args=[placed.class1.pk])
        assert "Đã lưu điểm danh ngày thứ 2: 2 người có mặt, 5 người vắng." in [
            str(m) for m in response.context["messages"]
        ]
        assert present_on(placed.class1, 2) == {"Vừ A Hùng", "Sùng Thị Mỷ"}

    def test_a_stale_sheet_is_refused_with_a_message(self, placed, login):
        client = login(placed.users.staff)
        response = client.post(self.path(placed), {"present": [placed.other.pk]}, follow=True)
        assert response.redirect_chain[-1][0] == self.path(placed)
        assert "tải lại trang" in response.content.decode()
        assert not Attendance.objects.exists()
