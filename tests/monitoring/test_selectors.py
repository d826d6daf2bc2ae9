"""Scoping of the monitoring selectors for the world's named users."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from monitoring import selectors, services
from monitoring.models import VisitKind, VisitMethod
from tests.factories import ActivityFactory, ComponentFactory
from tests.monitoring import install_catalogue, monitoring_world, six_month_period, xlsx

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scene(world):
    """District A: a periodic visit to both communes, an ad-hoc visit to A2 only, recommendations to A1, A2
    and the Finance office, submissions of A1 and A2. District B: its own visit, recommendation, submission."""
    a, b, users = world.a, world.b, world.users
    mw = monitoring_world(world)
    ad_hoc = services.visit_create(
        activity=mw.activity,
        kind=VisitKind.AD_HOC,
        method=VisitMethod.DIRECT,
        title="Đột xuất A2",
        planned_start=D(2024, 11, 4),
        planned_end=D(2024, 11, 4),
        units=[a.communes[1]],
        by=users.staff,
    )

    def rec(visit, by, **addressee):
        return services.recommendation_create(
            visit=visit, text="Kiến nghị", due_date=D(2024, 12, 1), by=by, **addressee
        )

    component_b = ComponentFactory(plan=b.plan, code="2", title="Tiểu dự án 2")
    activity_b = ActivityFactory(plan=b.plan, component=component_b, code="2.1", lead_office=b.lead)
    visit_b = services.visit_create(
        activity=activity_b,
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        title="Giám sát huyện B",
        planned_start=D(2024, 10, 7),
        planned_end=D(2024, 10, 8),
        units=b.communes,
        by=users.outsider,
    )
    forms = install_catalogue()
    period_a = six_month_period(world)
    period_b = services.reporting_period_create(
        plan=b.plan,
        name="6 tháng đầu năm 2024",
        kind="six_month",
        start=D(2024, 1, 1),
        end=D(2024, 6, 30),
        due_date=D(2024, 6, 10),
        by=users.outsider,
    )
    upload = services.submission_upload
    return SimpleNamespace(
        visit=mw.visit,
        ad_hoc=ad_hoc,
        visit_b=visit_b,
        rec_a1=rec(mw.visit, users.staff, unit=a.communes[0]),
        rec_a2=rec(ad_hoc, users.staff, unit=a.communes[1]),
        rec_office=rec(mw.visit, users.staff, office=a.finance),
        rec_b=rec(visit_b, users.outsider, unit=b.communes[0]),
        sub_a1=upload(period=period_a, unit=a.communes[0], form=forms["BIEU-03"], file=xlsx(), by=users.officer_a),
        sub_a2=upload(period=period_a, unit=a.communes[1], form=forms["BIEU-03"], file=xlsx(), by=users.officer_b),
        sub_b=upload(period=period_b, unit=b.communes[0], form=forms["BIEU-03"], file=xlsx(), by=users.outsider),
        period_a=period_a,
        period_b=period_b,
    )


def _set(queryset):
    return set(queryset)


def test_officer_sees_only_their_unit(world, scene):
    officer = world.users.officer_a
    assert _set(selectors.visits_for(officer)) == {scene.visit}
    assert _set(selectors.recommendations_for(officer)) == {scene.rec_a1}
    assert _set(selectors.submissions_for(officer)) == {scene.sub_a1}
    assert _set(selectors.visits_for(world.users.officer_b)) == {scene.visit, scene.ad_hoc}
    with pytest.raises(Http404):
        selectors.recommendation_for(officer, scene.rec_a2.pk)
    with pytest.raises(Http404):
        selectors.visit_for(officer, scene.ad_hoc.pk)
    with pytest.raises(Http404):
        selectors.submission_for(officer, scene.sub_a2.pk)


def test_office_staff_see_recommendations_addressed_to_their_office(world, scene):
    office = world.users.office
    assert _set(selectors.recommendations_for(office)) == {scene.rec_office}
    assert _set(selectors.visits_for(office)) == {scene.visit, scene.ad_hoc}


def test_staff_and_leader_see_all_of_their_district(world, scene):
    for user in (world.users.staff, world.users.leader):
        assert _set(selectors.recommendations_for(user)) == {scene.rec_a1, scene.rec_a2, scene.rec_office}
        assert _set(selectors.visits_for(user)) == {scene.visit, scene.ad_hoc}
        assert _set(selectors.submissions_for(user)) == {scene.sub_a1, scene.sub_a2}
        assert _set(selectors.periods_for(user)) == {scene.period_a}


def test_outsider_sees_nothing_of_district_a(world, scene):
    outsider = world.users.outsider
    assert _set(selectors.visits_for(outsider)) == {scene.visit_b}
    assert _set(selectors.recommendations_for(outsider)) == {scene.rec_b}
    assert _set(selectors.submissions_for(outsider)) == {scene.sub_b}
    assert _set(selectors.periods_for(outsider)) == {scene.period_b}
    with pytest.raises(Http404):
        selectors.recommendation_for(outsider, scene.rec_a1.pk)


def test_admin_sees_everything_and_anonymous_nothing(world, scene):
    assert len(selectors.recommendations_for(world.users.admin)) == 4
    anonymous = AnonymousUser()
    assert not selectors.visits_for(anonymous).exists()
    assert not selectors.recommendations_for(anonymous).exists()
    assert not selectors.submissions_for(anonymous).exists()


def test_unit_sees_upcoming_visits_and_what_it_owes(world, scene):
    a2 = world.a.communes[1]
    upcoming = list(selectors.upcoming_visits_for_unit(a2, today=D(2024, 10, 8)))
    assert upcoming == [scene.visit, scene.ad_hoc]
    assert list(selectors.upcoming_visits_for_unit(a2, today=D(2024, 10, 10))) == [scene.ad_hoc]
    owed = selectors.owed_by_unit(a2, today=D(2024, 11, 1))
    assert [(item.kind, item.due_date) for item in owed] == [
        ("report", D(2024, 6, 10)),
        ("recommendation", D(2024, 12, 1)),
    ]
    assert owed[0].form.code == "MAU-01" and owed[0].is_overdue
    assert owed[1].recommendation == scene.rec_a2 and owed[1].days_left == 30


def test_who_may_upload(world, scene):
    a1 = world.a.communes[0]
    users = world.users
    assert selectors.may_upload(users.officer_a, a1) and selectors.may_upload(users.staff, a1)
    assert not any(selectors.may_upload(u, a1) for u in (users.officer_b, users.leader, users.office, users.outsider))


@pytest.fixture
def monitoring_world_for_totals(world):
    """Two periods of district A with submissions on time, late, accepted and returned, and one implementing
    form set up for commune A1 only."""
    from zoneinfo import ZoneInfo

    from monitoring.models import PeriodKind, Submission, SubmissionStatus, UnitFormRequirement

    forms = install_catalogue()
    first = six_month_period(world)
    annual = services.reporting_period_create(
        plan=world.a.plan,
        name="Năm 2024",
        kind=PeriodKind.ANNUAL,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        due_date=datetime.date(2024, 11, 25),
        by=world.users.staff,
    )
    a1, a2 = world.a.communes
    implementing = next(form for form in forms.values() if form.required_of == "implementing_units")
    UnitFormRequirement.objects.create(unit=a1, form=implementing)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    cases = [
        (first, a1, forms["BIEU-03"], datetime.datetime(2024, 6, 10, 23, 30, tzinfo=tz), SubmissionStatus.ACCEPTED),
        (first, a2, forms["BIEU-03"], datetime.datetime(2024, 6, 11, 0, 30, tzinfo=tz), SubmissionStatus.RETURNED),
        (first, a1, implementing, datetime.datetime(2024, 6, 1, 9, tzinfo=tz), SubmissionStatus.SUBMITTED),
        (annual, a2, forms["BIEU-03"], datetime.datetime(2024, 11, 1, 9, tzinfo=tz), SubmissionStatus.SUBMITTED),
        # A form A2 does not owe: counted nowhere.
        (annual, a2, implementing, datetime.datetime(2024, 11, 1, 9, tzinfo=tz), SubmissionStatus.SUBMITTED),
    ]
    for period, unit, form, at, status in cases:
        Submission.objects.create(
            period=period, unit=unit, form=form, status=status, first_submitted_at=at, submitted_at=at
        )
    return [first, annual]


def test_period_totals_equal_the_boards_totals(monitoring_world_for_totals):
    from monitoring.selectors import completeness, period_totals, reporting_units

    periods = monitoring_world_for_totals
    for period in periods:
        units = list(reporting_units(period))
        board = completeness(period, units).total
        counted = period_totals([period], units)[period.pk]
        fields = ("expected", "submitted", "on_time", "late", "accepted", "returned")
        assert [getattr(counted, f) for f in fields] == [getattr(board, f) for f in fields]
    many = period_totals(periods, reporting_units(periods[0]))
    assert set(many) == {period.pk for period in periods}
