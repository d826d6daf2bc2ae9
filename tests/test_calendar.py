"""The calendar (tuachua/calendar): entries per role, clashes, query count, month pages, the iCalendar feed.

The calendar world, in June 2024, on top of `world` and the training world (tests/training/conftest.py):
- class 1 "Lớp thứ nhất" (commune A1) on 10–11/06, its registration deadline on 31/05 at 23:59;
- class 2 "Lớp thứ hai" (commune A2) on 10–11/06;
- the study tour (A1 and A2) from 28/06 to 05/07: it spans two months;
- a review training for A2 on 10/06: the same day as class 2, a clash for A2;
- a visit to A1 on 11/06, during class 1: a clash for A1; a cancelled visit to A1 on 12/06 (left out);
- two visits to A2 on 25/06: a clash for A2;
- the six-month reporting period of A's plan due 10/06; an open recommendation to A1 due 30/06, a closed one
  (left out), one to A's finance office due 28/06; a duty addressed to A2 due 15/06; activity 2.1 of A's plan
  with exact dates 03–04/06;
- in district B: a class for commune B1 on 10/06 and a visit to B1 on 11/06.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.models import Recommendation, VisitKind, VisitMethod, VisitStatus
from plans.models import TimePrecision
from tests.factories import ActivityFactory, ComponentFactory, DutyFactory, ResponsibilityFactory
from tests.monitoring import six_month_period
from tests.training.conftest import build_training_world
from training.models import EventKind, FormKind, TrainingEvent
from tuachua.calendar import tokens
from tuachua.calendar import views as calendar_views
from tuachua.calendar.entries import ClashKind, EntryKind, calendar_entries, clashes
from tuachua.calendar.ics import escape_text, fold
from tuachua.calendar.views import month_weeks
from tuachua.models import CalendarToken

JUNE = (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
JULY = (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))


def d(day: int, month: int = 6) -> datetime.date:
    return datetime.date(2024, month, day)


def aware(day: datetime.date, hour=23, minute=59) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, 59)))


def visit(world, activity, title, start, end, units, by=None):
    return monitoring_services.visit_create(
        activity=activity,
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        title=title,
        planned_start=start,
        planned_end=end,
        units=units,
        by=by or world.users.staff,
    )


def event(activity, number, title, start, end, units, kind=EventKind.TRAINING_CLASS, **extra):
    created = TrainingEvent.objects.create(
        activity=activity,
        kind=kind,
        form=FormKind.ANNEX_1,
        number=number,
        title=title,
        days=(end - start).days + 1,
        start_date=start,
        end_date=end,
        **extra,
    )
    created.units.add(*units)
    return created


def build_calendar_world(world) -> SimpleNamespace:
    t = build_training_world(world)
    a, b, staff = world.a, world.b, world.users.staff
    a1, a2 = a.communes
    TrainingEvent.objects.filter(pk__in=[t.class1.pk, t.class2.pk]).update(start_date=d(10), end_date=d(11))
    TrainingEvent.objects.filter(pk=t.class1.pk).update(registration_deadline=aware(d(31, 5)))
    TrainingEvent.objects.filter(pk__in=[t.class2.pk, t.tour.pk]).update(registration_deadline=aware(d(20, 5)))
    TrainingEvent.objects.filter(pk=t.tour.pk).update(start_date=d(28), end_date=d(5, 7))
    component = ComponentFactory(plan=a.plan, code="2", title="Tiểu dự án 2")
    monitoring = ActivityFactory(
        plan=a.plan,
        component=component,
        code="2.1",
        title="Giám sát, đánh giá",
        lead_office=a.lead,
        time_precision=TimePrecision.DATES,
        start_date=d(3),
        end_date=d(4),
    )
    review = event(monitoring, 1, "Tập huấn rà soát hộ nghèo", d(10), d(10), [a2], kind=EventKind.REVIEW_TRAINING)
    visit_a1 = visit(world, monitoring, "Giám sát xã A1", d(11), d(11), [a1])
    cancelled = visit(world, monitoring, "Giám sát xã A1 (hủy)", d(12), d(12), [a1])
    monitoring_services.visit_set_status(visit=cancelled, status=VisitStatus.CANCELLED, by=staff)
    visit_a2_morning = visit(world, monitoring, "Giám sát xã A2 buổi sáng", d(25), d(25), [a2])
    visit_a2_afternoon = visit(world, monitoring, "Giám sát xã A2 buổi chiều", d(25), d(25), [a2])
    period = six_month_period(world)
    rec_a1 = monitoring_services.recommendation_create(
        visit=visit_a1, text="Cập nhật danh sách hộ nghèo", due_date=d(30), by=staff, unit=a1
    )
    closed = monitoring_services.recommendation_create(
        visit=visit_a1, text="Đã xong từ trước", due_date=d(20), by=staff, unit=a1
    )
    Recommendation.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    rec_office = monitoring_services.recommendation_create(
        visit=visit_a1, text="Thẩm định dự toán giám sát", due_date=d(28), by=staff, office=a.finance
    )
    to_a2 = ResponsibilityFactory(plan=a.plan, order=3, heading="UBND xã A2", addressee_kind="unit", unit=a2)
    duty_a2 = DutyFactory(responsibility=to_a2, order=1, text="Báo cáo kết quả rà soát", due_date=d(15))
    b1 = b.communes[0]
    class_b = event(b.activities[0], 1, "Lớp huyện B", d(10), d(10), [b1])
    visit_b = visit(world, b.activities[0], "Giám sát xã B1", d(11), d(11), [b1], by=world.users.outsider)
    return SimpleNamespace(
        t=t,
        a1=a1,
        a2=a2,
        activity=monitoring,
        review=review,
        visit_a1=visit_a1,
        cancelled=cancelled,
        visits_a2=(visit_a2_morning, visit_a2_afternoon),
        period=period,
        rec_a1=rec_a1,
        closed=closed,
        rec_office=rec_office,
        duty_a2=duty_a2,
        class_b=class_b,
        visit_b=visit_b,
    )


@pytest.fixture
def cal(world):
    return build_calendar_world(world)


def pretend_today(monkeypatch, day: datetime.date) -> None:
    """The calendar pages and the feed take "today" from here (the rest of Django keeps the real clock)."""
    monkeypatch.setattr(calendar_views, "timezone", SimpleNamespace(localdate=lambda: day, now=timezone.now))


def uids(user, start=JUNE[0], end=JUNE[1]) -> set[str]:
    return {entry.uid for entry in calendar_entries(user, start, end)}


# ---- entries per role -----------------------------------------------------------------------------------


def test_staff_sees_every_dated_thing_of_their_district(world, cal):
    t = cal.t
    assert uids(world.users.staff) == {
        f"event-{t.class1.pk}",
        f"event-{t.class2.pk}",
        f"event-{t.tour.pk}",
        f"event-{cal.review.pk}",
        f"visit-{cal.visit_a1.pk}",
        f"visit-{cal.visits_a2[0].pk}",
        f"visit-{cal.visits_a2[1].pk}",
        f"period-{cal.period.pk}",
        f"recommendation-{cal.rec_a1.pk}",
        f"recommendation-{cal.rec_office.pk}",
        f"duty-{cal.duty_a2.pk}",
        f"activity-{cal.activity.pk}",
    }
    # The registration deadlines all fall in May.
    may = uids(world.users.staff, datetime.date(2024, 5, 1), datetime.date(2024, 5, 31))
    assert may == {f"event-deadline-{t.class1.pk}", f"event-deadline-{t.class2.pk}", f"event-deadline-{t.tour.pk}"}


def test_cancelled_visits_and_closed_recommendations_are_left_out(world, cal):
    seen = uids(world.users.staff)
    assert f"visit-{cal.cancelled.pk}" not in seen
    assert f"recommendation-{cal.closed.pk}" not in seen


def test_leader_sees_what_staff_sees(world, cal):
    assert uids(world.users.leader) == uids(world.users.staff)


def test_officer_sees_only_what_concerns_their_unit(world, cal):
    t = cal.t
    assert uids(world.users.officer_a) == {
        f"event-{t.class1.pk}",
        f"event-{t.tour.pk}",
        f"visit-{cal.visit_a1.pk}",
        f"period-{cal.period.pk}",  # A1 reports for its district's plan
        f"recommendation-{cal.rec_a1.pk}",
    }
    assert uids(world.users.officer_b) == {
        f"event-{t.class2.pk}",
        f"event-{t.tour.pk}",
        f"event-{cal.review.pk}",
        f"visit-{cal.visits_a2[0].pk}",
        f"visit-{cal.visits_a2[1].pk}",
        f"period-{cal.period.pk}",
        f"duty-{cal.duty_a2.pk}",
    }


def test_officer_entries_name_only_their_own_unit(world, cal):
    tour = next(e for e in calendar_entries(world.users.officer_a, *JUNE) if e.uid == f"event-{cal.t.tour.pk}")
    assert tour.units == ("xã Xã A1",)
    assert tour.unit_ids == (cal.a1.pk,)
    staff_tour = next(e for e in calendar_entries(world.users.staff, *JUNE) if e.uid == tour.uid)
    assert set(staff_tour.unit_ids) == {cal.a1.pk, cal.a2.pk}


def test_officer_links_go_to_their_unit_pages(world, cal):
    entries = {e.uid: e for e in calendar_entries(world.users.officer_a, datetime.date(2024, 5, 1), JUNE[1])}
    assert entries[f"event-{cal.t.class1.pk}"].url == reverse("training:list", args=[cal.t.class1.pk, cal.a1.pk])
    assert entries[f"event-deadline-{cal.t.class1.pk}"].kind == EntryKind.LIST_DEADLINE
    assert entries[f"period-{cal.period.pk}"].url == reverse("reports:unit", args=[cal.a1.pk])
    assert entries[f"visit-{cal.visit_a1.pk}"].url == reverse("monitoring:visit", args=[cal.visit_a1.pk])


def test_office_staff_see_what_is_addressed_to_their_office(world, cal):
    seen = uids(world.users.office)
    assert f"recommendation-{cal.rec_office.pk}" in seen
    assert f"recommendation-{cal.rec_a1.pk}" not in seen
    assert f"duty-{cal.duty_a2.pk}" not in seen
    assert f"visit-{cal.visit_a1.pk}" in seen and f"event-{cal.t.class1.pk}" in seen


def test_outsider_sees_only_their_district(world, cal):
    assert uids(world.users.outsider) == {f"event-{cal.class_b.pk}", f"visit-{cal.visit_b.pk}"}


def test_admin_sees_both_districts(world, cal):
    seen = uids(world.users.admin)
    assert uids(world.users.staff) | uids(world.users.outsider) == seen


def test_roleless_user_sees_nothing(world, cal, django_user_model):
    assert calendar_entries(django_user_model.objects.create_user("roleless"), *JUNE) == []


def test_visit_uses_actual_dates_once_started(world, cal):
    monitoring_services.visit_set_status(
        visit=cal.visit_a1, status=VisitStatus.IN_PROGRESS, by=world.users.staff, actual_start=d(13)
    )
    entry = next(e for e in calendar_entries(world.users.staff, *JUNE) if e.uid == f"visit-{cal.visit_a1.pk}")
    assert (entry.start, entry.end) == (d(13), d(13))  # started after its planned end, not yet ended
    assert "actual" in entry.flags


def test_event_with_only_a_start_date_lasts_its_days(world, cal):
    TrainingEvent.objects.filter(pk=cal.t.class1.pk).update(end_date=None)  # 2 days
    entry = next(e for e in calendar_entries(world.users.staff, *JUNE) if e.uid == f"event-{cal.t.class1.pk}")
    assert (entry.start, entry.end) == (d(10), d(11))


# ---- month boundaries -----------------------------------------------------------------------------------


def test_an_event_spanning_two_months_appears_in_both(world, cal):
    tour = f"event-{cal.t.tour.pk}"
    assert tour in uids(world.users.staff, *JUNE)
    assert tour in uids(world.users.staff, *JULY)
    assert tour not in uids(world.users.staff, datetime.date(2024, 8, 1), datetime.date(2024, 8, 31))


def test_month_grid_puts_a_spanning_event_on_each_of_its_days_in_the_month(world, cal):
    entries = calendar_entries(world.users.staff, *JULY)
    weeks = month_weeks(JULY[0], entries, today=d(2, 7))
    days = {day.date: day for week in weeks for day in week if day.date}
    tour = f"event-{cal.t.tour.pk}"
    assert [day for day, cell in sorted(days.items()) if any(e.uid == tour for e, _clash in cell.slots)] == [
        d(n, 7) for n in range(1, 6)
    ]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].date == d(1, 7)  # 1 July 2024 is a Monday
    assert days[d(2, 7)].is_today


def test_month_grid_marks_an_entry_only_on_the_days_it_clashes(world, cal):
    entries = calendar_entries(world.users.officer_a, *JUNE)
    weeks = month_weeks(JUNE[0], entries, today=d(1), found=clashes(entries))
    days = {day.date: day for week in weeks for day in week if day.date}
    class1 = f"event-{cal.t.class1.pk}"
    assert [clash for e, clash in days[d(10)].slots if e.uid == class1] == [False]
    assert [clash for e, clash in days[d(11)].slots if e.uid == class1] == [True]
    assert not days[d(10)].has_clash and days[d(11)].has_clash


def test_month_page_shows_both_months_of_the_tour(login, world, cal):
    client = login(world.users.officer_a)
    for month in ("2024-06", "2024-07"):
        response = client.get(reverse("calendar:month"), {"month": month})
        assert response.status_code == 200
        assert "Đoàn học tập kinh nghiệm" in response.content.decode()


# ---- clashes --------------------------------------------------------------------------------------------


def test_clashes_of_the_district(world, cal):
    entries = calendar_entries(world.users.staff, *JUNE)
    found = {(c.kind, frozenset({c.first.uid, c.second.uid}), c.start, c.end, c.units) for c in clashes(entries)}
    t = cal.t
    visit_during_class = frozenset({f"event-{t.class1.pk}", f"visit-{cal.visit_a1.pk}"})
    class_and_review = frozenset({f"event-{t.class2.pk}", f"event-{cal.review.pk}"})
    two_visits = frozenset(f"visit-{v.pk}" for v in cal.visits_a2)
    assert found == {
        (ClashKind.VISIT_DURING_TRAINING, visit_during_class, d(11), d(11), ("xã Xã A1",)),
        (ClashKind.SAME_DAY, class_and_review, d(10), d(10), ("xã Xã A2",)),
        (ClashKind.SAME_DAY, two_visits, d(25), d(25), ("xã Xã A2",)),
    }


def test_entries_in_a_clash_are_flagged(world, cal):
    entries = calendar_entries(world.users.staff, *JUNE)
    clashes(entries)
    flagged = {entry.uid for entry in entries if entry.in_clash}
    assert f"visit-{cal.visit_a1.pk}" in flagged and f"event-{cal.t.class1.pk}" in flagged
    assert f"event-{cal.t.tour.pk}" not in flagged
    assert f"activity-{cal.activity.pk}" not in flagged


def test_deadlines_and_other_units_do_not_clash(world, cal):
    # Class 1 (A1) and class 2 (A2) are on the same days but for different units.
    entries = calendar_entries(world.users.staff, *JUNE)
    pairs = [{c.first.uid, c.second.uid} for c in clashes(entries)]
    assert {f"event-{cal.t.class1.pk}", f"event-{cal.t.class2.pk}"} not in pairs
    assert all(not uid.startswith(("period", "duty", "recommendation")) for pair in pairs for uid in pair)


def test_officer_sees_only_their_unit_clashes(world, cal):
    found = clashes(calendar_entries(world.users.officer_a, *JUNE))
    assert [(c.kind, c.units) for c in found] == [(ClashKind.VISIT_DURING_TRAINING, ("xã Xã A1",))]


def test_one_clash_names_every_unit_it_concerns(world, cal):
    both = visit(world, cal.activity, "Giám sát hai xã", d(29), d(29), [cal.a1, cal.a2])
    found = clashes(calendar_entries(world.users.staff, *JUNE))
    found = [c for c in found if f"visit-{both.pk}" in (c.first.uid, c.second.uid)]
    assert len(found) == 1
    assert set(found[0].units) == {"xã Xã A1", "xã Xã A2"}
    assert found[0].kind == ClashKind.VISIT_DURING_TRAINING  # during the study tour


def test_month_page_marks_clashes(login, world, cal):
    html = login(world.users.staff).get(reverse("calendar:month"), {"month": "2024-06"}).content.decode()
    assert html.count('data-testid="clash"') == 3
    assert "cal-clash" in html and "cal-has-clash" in html


# ---- query count ----------------------------------------------------------------------------------------


def _count_queries(user_pk, django_user_model, start, end) -> int:
    user = django_user_model.objects.get(pk=user_pk)  # fresh: its role and unit are read again
    with CaptureQueriesContext(connection) as queries:
        entries = calendar_entries(user, start, end)
        clashes(entries)
    return len(queries)


@pytest.mark.parametrize("who", ["staff", "officer_a", "office", "admin"])
def test_query_count_does_not_grow_with_the_data(world, cal, django_user_model, who):
    user = getattr(world.users, who)
    few = _count_queries(user.pk, django_user_model, *JUNE)
    a1, a2 = cal.a1, cal.a2
    for n in range(12):
        day = d(1 + n)
        event(cal.activity, 10 + n, f"Lớp bổ sung {n}", day, day, [a1, a2], registration_deadline=aware(day))
        v = visit(world, cal.activity, f"Giám sát bổ sung {n}", day, day, [a1, a2])
        monitoring_services.recommendation_create(
            visit=v, text=f"Kiến nghị {n}", due_date=day, by=world.users.staff, unit=a1
        )
        monitoring_services.recommendation_create(
            visit=v, text=f"Kiến nghị phòng {n}", due_date=day, by=world.users.staff, office=world.a.finance
        )
        DutyFactory(responsibility=cal.duty_a2.responsibility, order=10 + n, due_date=day)
    many = _count_queries(user.pk, django_user_model, *JUNE)
    assert len(calendar_entries(user, *JUNE)) > 30 or who == "office"
    assert many == few
    assert many <= 10


# ---- the iCalendar feed ---------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text, as a reader sees them."""
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def events_of(lines: list[str]) -> list[dict[str, str]]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return events


def test_escape_text():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("Giàng A Sếnh") == "Giàng A Sếnh"


def test_fold_keeps_lines_within_75_octets_and_characters_whole():
    line = "SUMMARY:" + "Tập huấn nghiệp vụ rà soát hộ nghèo, hộ cận nghèo ở Tủa Chùa " * 4
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 3
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


@pytest.fixture
def feed_text(world, cal, login):
    """Officer A1's feed, with a venue on two lines and a title full of characters to escape."""
    TrainingEvent.objects.filter(pk=cal.t.class1.pk).update(venue="Hội trường UBND huyện\nTầng 2, phòng 3")
    monitoring_services.visit_update(
        visit=cal.visit_a1, by=world.users.staff, title="Giám sát xã A1; đợt 1, năm 2024 \\ có tổ công tác"
    )
    token = tokens.calendar_token_create(user=world.users.officer_a)
    return token, lambda: Client().get(reverse("calendar:ics", args=[token.token]))


def test_feed_is_valid_icalendar(feed_text, cal, monkeypatch):
    pretend_today(monkeypatch, d(1))
    _token, fetch = feed_text
    response = fetch()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    for line in raw.split(b"\r\n"):
        line.decode("utf-8")  # folding never cuts a character
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = {event["UID"].split("@")[0]: event for event in events_of(lines)}
    assert set(events) == {
        f"event-{cal.t.class1.pk}",
        f"event-deadline-{cal.t.class1.pk}",
        f"event-deadline-{cal.t.tour.pk}",
        f"event-{cal.t.tour.pk}",
        f"visit-{cal.visit_a1.pk}",
        f"period-{cal.period.pk}",
        f"recommendation-{cal.rec_a1.pk}",
    }
    class1 = events[f"event-{cal.t.class1.pk}"]
    assert class1["DTSTART;VALUE=DATE"] == "20240610"
    assert class1["DTEND;VALUE=DATE"] == "20240612"  # exclusive: the day after the last day
    assert unescape(class1["LOCATION"]) == "Hội trường UBND huyện\nTầng 2, phòng 3"
    assert class1["LOCATION"] == "Hội trường UBND huyện\\nTầng 2\\, phòng 3"
    assert unescape(class1["SUMMARY"]) == "⚠ Lớp thứ nhất"  # in a clash with the visit
    assert class1["URL"] == "http://testserver" + reverse("training:list", args=[cal.t.class1.pk, cal.a1.pk])
    assert re.fullmatch(r"\d{8}T\d{6}Z", class1["DTSTAMP"])
    visit_a1 = events[f"visit-{cal.visit_a1.pk}"]
    assert visit_a1["SUMMARY"] == "⚠ Giám sát xã A1\\; đợt 1\\, năm 2024 \\\\ có tổ công tác"
    assert unescape(visit_a1["SUMMARY"]) == "⚠ Giám sát xã A1; đợt 1, năm 2024 \\ có tổ công tác"
    assert visit_a1["STATUS"] == "TENTATIVE"
    tour = events[f"event-{cal.t.tour.pk}"]
    assert (tour["DTSTART;VALUE=DATE"], tour["DTEND;VALUE=DATE"]) == ("20240628", "20240706")
    rec = events[f"recommendation-{cal.rec_a1.pk}"]
    assert unescape(rec["SUMMARY"]) == "Hạn thực hiện kiến nghị: Cập nhật danh sách hộ nghèo"
    assert rec["TRANSP"] == "TRANSPARENT"
    assert "Đơn vị: xã Xã A1" in unescape(rec["DESCRIPTION"])


def test_feed_uids_are_stable(feed_text, monkeypatch):
    pretend_today(monkeypatch, d(1))
    _token, fetch = feed_text
    first = [line for line in unfold(fetch().content.decode()) if line.startswith("UID:")]
    second = [line for line in unfold(fetch().content.decode()) if line.startswith("UID:")]
    assert first == second and len(first) == len(set(first)) == 7


def test_feed_window_is_60_days_back_to_a_year_ahead(feed_text, monkeypatch):
    _token, fetch = feed_text
    pretend_today(monkeypatch, d(1, 8))  # from 02/06/2024 to 01/08/2025
    text = fetch().content.decode()
    assert "Lớp thứ nhất" in text and "Đoàn học tập kinh nghiệm" in text
    assert "Hạn gửi danh sách" not in text  # 31/05 and 20/05
    pretend_today(monkeypatch, d(10, 9))  # from 12/07/2024: the tour ended on 05/07
    text = fetch().content.decode()
    assert "VEVENT" not in text


# ---- tokens ---------------------------------------------------------------------------------------------


def test_new_token_revokes_the_old_one(world, cal):
    officer = world.users.officer_a
    old = tokens.calendar_token_create(user=officer)
    new = tokens.calendar_token_create(user=officer)
    assert old.token != new.token and len(new.token) >= 43
    client = Client()
    assert client.get(reverse("calendar:ics", args=[old.token])).status_code == 404
    assert client.get(reverse("calendar:ics", args=[new.token])).status_code == 200
    assert CalendarToken.objects.filter(user=officer, revoked_at__isnull=True).count() == 1


def test_revoked_unknown_and_inactive_tokens_are_404(world, cal):
    officer = world.users.officer_a
    token = tokens.calendar_token_create(user=officer)
    client = Client()
    tokens.calendar_token_revoke(user=officer)
    assert client.get(reverse("calendar:ics", args=[token.token])).status_code == 404
    assert client.get(reverse("calendar:ics", args=["khong-co-ma-nay"])).status_code == 404
    token = tokens.calendar_token_create(user=officer)
    officer.is_active = False
    officer.save()
    assert client.get(reverse("calendar:ics", args=[token.token])).status_code == 404


def test_feed_page_creates_shows_and_revokes(login, world, cal):
    client = login(world.users.officer_a)
    url = reverse("calendar:feed")
    assert "Tạo địa chỉ lịch" in client.get(url).content.decode()
    response = client.post(url, {"action": "create"})
    assert response.status_code == 302
    token = CalendarToken.objects.get(user=world.users.officer_a, revoked_at__isnull=True)
    page = client.get(url)
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert f"http://testserver/calendar/feed/{token.token}.ics" in html
    assert f"webcal://testserver/calendar/feed/{token.token}.ics" in html
    client.post(url, {"action": "revoke"})
    assert Client().get(reverse("calendar:ics", args=[token.token])).status_code == 404
    assert token.token not in client.get(url).content.decode()
    assert client.post(url, {"action": "oops"}).status_code == 400


def test_feed_page_needs_csrf(world, cal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.officer_a, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("calendar:feed"), {"action": "create"}).status_code == 403
    assert not CalendarToken.objects.exists()


def test_tokens_are_audited_without_the_secret(world, cal):
    from tuachua.models import AuditEntry

    token = tokens.calendar_token_create(user=world.users.staff)
    tokens.calendar_token_revoke(user=world.users.staff)
    entries = AuditEntry.objects.filter(object_type="tuachua.calendartoken")
    assert [e.action for e in entries.order_by("id")] == ["calendar_token_create", "calendar_token_revoke"]
    assert all(token.token not in e.object_repr + str(e.data) for e in entries)


# ---- pages ----------------------------------------------------------------------------------------------


def test_list_is_upcoming_first_and_filters_by_kind(login, world, cal, monkeypatch):
    pretend_today(monkeypatch, d(20))
    client = login(world.users.officer_a)
    html = client.get(reverse("calendar:list")).content.decode()
    titles = re.findall(r'<a class="d-block" href="[^"]*">([^<]*)</a>', html)
    # Coming (from 20/06): the tour (28/06), the recommendation (30/06); then the past, latest first.
    assert titles[:2] == ["Đoàn học tập kinh nghiệm", "Hạn thực hiện kiến nghị: Cập nhật danh sách hộ nghèo"]
    assert titles.index("Giám sát xã A1") < titles.index("Hạn nộp báo cáo: 6 tháng đầu năm 2024")
    visits = client.get(reverse("calendar:list"), {"kind": "visit"}).content.decode()
    assert re.findall(r'<a class="d-block" href="[^"]*">([^<]*)</a>', visits) == ["Giám sát xã A1"]
    everything = client.get(reverse("calendar:list"), {"kind": "nonsense"}).content.decode()
    assert everything.count('data-testid="entry-row"') == len(titles)


def test_month_page_marks_today_and_links_months(login, world, cal, monkeypatch):
    pretend_today(monkeypatch, d(11))
    html = login(world.users.officer_a).get(reverse("calendar:month")).content.decode()
    assert 'aria-current="date" data-date="2024-06-11"' in html
    assert "?month=2024-05" in html and "?month=2024-07" in html
    assert "Lớp thứ nhất" in html and "Giám sát xã A1" in html
    assert "Lớp thứ hai" not in html


def test_month_param_falls_back_to_this_month(login, world, cal, monkeypatch):
    pretend_today(monkeypatch, d(11))
    client = login(world.users.staff)
    for value in ("2024-13", "junk", "0000-01"):
        assert 'data-date="2024-06-11"' in client.get(reverse("calendar:month"), {"month": value}).content.decode()


def test_nav_has_the_calendar_link(login, world):
    html = login(world.users.leader).get(reverse("home")).content.decode()
    assert f'href="{reverse("calendar:month")}">Lịch</a>' in html


# ---- permissions: every calendar URL × every named user ------------------------------------------------

ROLES = ["anonymous", "staff", "officer_a", "officer_b", "leader", "office", "admin", "outsider", "roleless"]
LOGIN = "login"
PAGE = {"anonymous": LOGIN, "roleless": 403}


def staff_token(world):
    return [tokens.calendar_token_create(user=world.users.staff).token]


def revoked_token(world):
    token = tokens.calendar_token_create(user=world.users.staff)
    tokens.calendar_token_revoke(user=world.users.staff)
    return [token.token]


CASES = [
    ("calendar:month", None, "get", {}, PAGE, 200),
    ("calendar:month", None, "post", {}, {}, 405),
    ("calendar:list", None, "get", {}, PAGE, 200),
    ("calendar:list", None, "post", {}, {}, 405),
    ("calendar:feed", None, "get", {}, PAGE, 200),
    ("calendar:feed", None, "post", {"action": "create"}, PAGE, 302),
    ("calendar:feed", None, "post", {"action": "revoke"}, PAGE, 302),
    ("calendar:feed", None, "delete", {}, {}, 405),
    ("calendar:ics", staff_token, "get", {}, {}, 200),  # no login: the token is the key
    ("calendar:ics", revoked_token, "get", {}, {}, 404),
    ("calendar:ics", lambda w: ["khong-co-ma-nay"], "get", {}, {}, 404),
    ("calendar:ics", staff_token, "post", {}, {}, 405),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "args", "method", "data", "expect", "default"),
    CASES,
    ids=[f"{c[2].upper()} {c[0]}{'(' + c[1].__name__ + ')' if c[1] else ''}" for c in CASES],
)
def test_permissions(world, client, django_user_model, role, name, args, method, data, expect, default):
    if role == "roleless":
        roleless = django_user_model.objects.create_user("roleless")
        client.force_login(roleless, backend="django.contrib.auth.backends.ModelBackend")
    elif role != "anonymous":
        client.force_login(getattr(world.users, role), backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(name, args=args(world) if args else None)
    response = getattr(client, method)(url, data=data)
    expected = expect.get(role, default)
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login")), response
    else:
        assert response.status_code == expected, (method, url, role, response.status_code)
