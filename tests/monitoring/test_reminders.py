"""send_recommendation_reminders: who is reminded, on which days, and never twice for the same threshold."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from monitoring import services
from monitoring.models import Recommendation, RecommendationStatus, VisitStatus
from monitoring.notifications import reminder_threshold
from plans.services import user_assign
from tests.factories import UserFactory
from tests.monitoring import monitoring_world
from tuachua.models import AuditEntry
from tuachua.permissions import Role

D = datetime.date
S = RecommendationStatus
DUE = D(2024, 12, 13)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mw(world):
    world.users.officer_a.email = "xa1@example.vn"
    world.users.officer_a.save()
    world.users.office.email = "tckh@example.vn"
    world.users.office.save()
    second = UserFactory(username="officer_a2", email="xa1-2@example.vn")
    user_assign(user=second, role=Role.UNIT_OFFICER, unit=world.a.communes[0])
    UserFactory(username="gone", email="gone@example.vn", is_active=False)
    return monitoring_world(world)


def _rec(world, mw, *, unit=None, office=None, due=DUE, text="Bổ sung chữ ký chủ hộ vào phiếu B1"):
    if unit is None and office is None:
        unit = world.a.communes[0]
    return services.recommendation_create(
        visit=mw.visit, text=text, due_date=due, by=world.users.staff, unit=unit, office=office
    )


def run(day: datetime.date, *args) -> str:
    out = io.StringIO()
    call_command("send_recommendation_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def _recipients():
    return sorted(to for message in mail.outbox for to in message.to)


def test_threshold_days():
    assert reminder_threshold(DUE, D(2024, 12, 9), before=3) is None
    assert reminder_threshold(DUE, D(2024, 12, 10), before=3) == -3
    assert reminder_threshold(DUE, D(2024, 12, 12), before=3) == -3
    assert reminder_threshold(DUE, DUE, before=3) == 0
    assert reminder_threshold(DUE, D(2024, 12, 19), before=3) == 0
    assert reminder_threshold(DUE, D(2024, 12, 20), before=3) == 7
    assert reminder_threshold(DUE, D(2025, 1, 3), before=3) == 21


def test_before_on_and_weekly_after_the_due_date_once_each(world, mw):
    _rec(world, mw)
    assert "Đã gửi 0 thư nhắc cho 0 kiến nghị." in run(D(2024, 12, 9))  # 4 days before: not yet
    assert mail.outbox == []

    run(D(2024, 12, 10))
    assert _recipients() == ["xa1-2@example.vn", "xa1@example.vn"]  # both officers of the unit, not the inactive
    message = mail.outbox[0]
    assert "còn 3 ngày" in message.subject and "Xã A1" in message.subject
    assert "còn 3 ngày đến hạn thực hiện (13/12/2024)" in message.body
    assert "Bổ sung chữ ký chủ hộ vào phiếu B1" in message.body
    assert "Giám sát định kỳ quý IV" in message.body

    for day in (D(2024, 12, 10), D(2024, 12, 11), D(2024, 12, 12)):  # same threshold: nothing more
        assert "Đã gửi 0 thư nhắc cho 0 kiến nghị." in run(day)
    assert len(mail.outbox) == 2

    run(DUE)
    assert len(mail.outbox) == 4 and "Hôm nay (13/12/2024) là hạn" in mail.outbox[-1].body
    for day in range(14, 20):
        run(D(2024, 12, day))
    assert len(mail.outbox) == 4
    run(D(2024, 12, 20))
    assert len(mail.outbox) == 6 and "quá hạn 7 ngày" in mail.outbox[-1].subject
    run(D(2024, 12, 27))
    assert len(mail.outbox) == 8 and "đã quá hạn 14 ngày (hạn thực hiện: 13/12/2024)" in mail.outbox[-1].body
    entries = AuditEntry.objects.filter(action="recommendation_reminder").order_by("pk")
    assert [entry.data["threshold"] for entry in entries] == [-3, 0, 7, 14]
    assert all(entry.actor is None and entry.data["sent"] == 2 for entry in entries)


def test_the_first_run_long_after_the_due_date_sends_one_catch_up(world, mw):
    _rec(world, mw)
    run(D(2024, 12, 23))  # 10 days late: one reminder (the week-1 threshold), not the missed ones
    assert len(mail.outbox) == 2 and "quá hạn 10 ngày" in mail.outbox[0].subject
    run(D(2024, 12, 26))
    assert len(mail.outbox) == 2
    run(D(2024, 12, 27))
    assert len(mail.outbox) == 4


def test_before_option(world, mw):
    _rec(world, mw)
    run(D(2024, 12, 6), "--before", "7")
    assert len(mail.outbox) == 2 and "còn 7 ngày" in mail.outbox[0].subject
    with pytest.raises(CommandError):
        run(D(2024, 12, 6), "--before", "0")


def test_an_office_addressee_reaches_its_staff_only(world, mw):
    _rec(world, mw, office=world.a.finance, text="Bố trí kinh phí")
    _rec(world, mw, unit=world.a.communes[1], text="Niêm yết công khai")  # officer_b has no e-mail address
    assert "Đã gửi 1 thư nhắc cho 2 kiến nghị." in run(DUE)
    assert _recipients() == ["tckh@example.vn"]
    assert "Phòng Tài chính - Kế hoạch huyện" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="recommendation_reminder").count() == 2  # recorded even when unmailed


def test_only_what_the_addressee_still_has_to_do(world, mw):
    officer, staff = world.users.officer_a, world.users.staff
    pending = {status: _rec(world, mw, text=f"Kiến nghị {status}") for status in S.values}
    services.recommendation_respond(
        recommendation=pending[S.IN_PROGRESS], by=officer, text="Đang làm", new_status=S.IN_PROGRESS
    )
    for status in (S.REPORTED_DONE, S.CLOSED, S.REOPENED):
        services.recommendation_respond(
            recommendation=pending[status], by=officer, text="Xong", new_status=S.REPORTED_DONE
        )
    services.recommendation_verify(recommendation=pending[S.CLOSED], by=staff, close=True)
    services.recommendation_verify(recommendation=pending[S.REOPENED], by=staff, close=False, comment="Còn thiếu")
    assert {rec.text: Recommendation.objects.get(pk=rec.pk).status for rec in pending.values()} == {
        f"Kiến nghị {status}": status for status in S.values
    }
    run(D(2024, 12, 20))
    reminded = {entry.object_repr for entry in AuditEntry.objects.filter(action="recommendation_reminder")}
    assert reminded == {"Kiến nghị open", "Kiến nghị in_progress", "Kiến nghị reopened"}


def test_recommendations_of_a_cancelled_visit_are_not_reminded(world, mw):
    _rec(world, mw)
    services.visit_set_status(visit=mw.visit, status=VisitStatus.CANCELLED, by=world.users.staff)
    run(DUE)
    assert mail.outbox == []


def test_a_new_due_date_starts_the_reminders_again(world, mw):
    rec = _rec(world, mw)
    run(DUE)
    assert len(mail.outbox) == 2
    Recommendation.objects.filter(pk=rec.pk).update(due_date=D(2024, 12, 31))  # staff granted more time
    run(D(2024, 12, 28))
    run(D(2024, 12, 31))
    assert len(mail.outbox) == 6
    assert "còn 3 ngày" in mail.outbox[2].subject and "Hôm nay" in mail.outbox[4].subject


def test_query_count_does_not_grow_with_recommendations(world, mw, django_assert_max_num_queries):
    for number in range(6):
        _rec(world, mw, text=f"Kiến nghị số {number}", office=world.a.finance if number % 2 else None)
    # 3 reads (recommendations, reminders sent, addresses) + one audit insert per recommendation (+ savepoints)
    with django_assert_max_num_queries(3 + 6 + 2):
        run(DUE)
    assert len(mail.outbox) == 3 * 2 + 3
