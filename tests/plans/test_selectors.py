"""Reads scoped to the asking user (plans.selectors), for every named user of the test world."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from plans import selectors
from plans.models import AddresseeKind, Membership
from plans.services import user_assign
from tests.factories import (
    ActivityFactory,
    DutyFactory,
    PlanFactory,
    ResponsibilityFactory,
    UserFactory,
)
from tuachua.permissions import Role

A_SUBTREE = {"A", "A-X1", "A-X1-1", "A-X1-2", "A-X2", "A-X2-1", "A-X2-2"}
B_SUBTREE = {"B", "B-X1", "B-X1-1", "B-X1-2", "B-X2", "B-X2-1", "B-X2-2"}


def codes(units):
    return {unit.code for unit in units}


def plan_titles(plans):
    return {plan.title for plan in plans}


@pytest.fixture
def roleless(world):
    return UserFactory(username="roleless")


# --- units_for ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("staff", A_SUBTREE),
        ("leader", A_SUBTREE),
        ("office", A_SUBTREE),
        ("officer_a", {"A-X1", "A-X1-1", "A-X1-2"}),
        ("officer_b", {"A-X2", "A-X2-1", "A-X2-2"}),
        ("outsider", B_SUBTREE),
        ("admin", {"P"} | A_SUBTREE | B_SUBTREE),
    ],
)
def test_units_for_each_named_user(world, username, expected):
    assert codes(selectors.units_for(getattr(world.users, username))) == expected


def test_units_for_roleless_and_anonymous_is_empty(world, roleless):
    assert not selectors.units_for(roleless).exists()
    assert not selectors.units_for(AnonymousUser()).exists()


def test_units_for_user_with_membership_but_no_role_is_empty(world, roleless):
    Membership.objects.create(user=roleless, unit=world.a.unit)
    assert selectors.home_unit_of(roleless) == world.a.unit
    assert not selectors.units_for(roleless).exists()


def test_superuser_bound_to_a_unit_sees_only_its_subtree(world):
    admin = world.users.admin
    user_assign(user=admin, role=Role.LEADER, unit=world.b.unit)
    assert codes(selectors.units_for(admin)) == B_SUBTREE


def test_unit_for_other_units_subtree_is_404(world):
    officer = world.users.officer_a
    assert selectors.unit_for(officer, world.a.communes[0].pk) == world.a.communes[0]
    for other in (world.a.communes[1], world.a.unit, world.b.communes[0]):
        with pytest.raises(Http404):
            selectors.unit_for(officer, other.pk)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("staff", {"A-X1", "A-X2"}),
        ("officer_a", {"A-X1-1", "A-X1-2"}),
        ("outsider", {"B-X1", "B-X2"}),
        ("admin", {"P"}),
    ],
)
def test_units_below_are_the_direct_children(world, username, expected):
    assert codes(selectors.units_below(getattr(world.users, username))) == expected


def test_units_below_skips_inactive_units_and_counts_active_children(world):
    village = world.a.communes[0].children.first()
    village.is_active = False
    village.save()
    units = {u.code: u.child_count for u in selectors.annotate_child_counts(selectors.units_below(world.users.staff))}
    assert units == {"A-X1": 1, "A-X2": 2}
    world.a.communes[1].is_active = False
    world.a.communes[1].save()
    assert codes(selectors.units_below(world.users.staff)) == {"A-X1"}


# --- plans_for ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "district"),
    [
        ("staff", "a"),
        ("leader", "a"),
        ("office", "a"),
        ("officer_a", "a"),  # the plan of the parent district
        ("officer_b", "a"),
        ("outsider", "b"),
    ],
)
def test_plans_for_each_named_user(world, username, district):
    plans = selectors.plans_for(getattr(world.users, username))
    assert list(plans) == [getattr(world, district).plan]


def test_plans_for_admin_without_membership_is_everything(world):
    assert set(selectors.plans_for(world.users.admin)) == {world.a.plan, world.b.plan}


def test_plans_for_roleless_and_anonymous_is_empty(world, roleless):
    assert not selectors.plans_for(roleless).exists()
    assert not selectors.plans_for(AnonymousUser()).exists()


def test_plans_for_includes_plans_above_and_below_but_not_beside(world):
    province_plan = PlanFactory(issuing_unit=world.province, title="Kế hoạch của tỉnh")
    commune_plan = PlanFactory(issuing_unit=world.a.communes[0], title="Kế hoạch của xã A1")
    other_commune_plan = PlanFactory(issuing_unit=world.a.communes[1], title="Kế hoạch của xã A2")
    b_commune_plan = PlanFactory(issuing_unit=world.b.communes[0], title="Kế hoạch của xã B1")

    staff = set(selectors.plans_for(world.users.staff))
    assert staff == {world.a.plan, province_plan, commune_plan, other_commune_plan}

    officer = set(selectors.plans_for(world.users.officer_a))
    assert officer == {world.a.plan, province_plan, commune_plan}
    assert b_commune_plan not in set(selectors.plans_for(world.users.staff))


def test_plan_for_hidden_plan_is_404(world):
    assert selectors.plan_for(world.users.officer_a, world.a.plan.pk) == world.a.plan
    with pytest.raises(Http404):
        selectors.plan_for(world.users.officer_a, world.b.plan.pk)


def test_activity_for_hidden_activity_is_404(world):
    activity = world.b.activities[0]
    assert selectors.activity_for(world.users.outsider, activity.pk) == activity
    with pytest.raises(Http404):
        selectors.activity_for(world.users.staff, activity.pk)


def test_current_plans_for_is_the_latest_year(world):
    older = PlanFactory(issuing_unit=world.a.unit, year=2023, title="Kế hoạch 2023")
    assert list(selectors.current_plans_for(world.users.staff)) == [world.a.plan]
    assert list(selectors.current_plans_for(world.users.staff, year=2023)) == [older]
    assert list(selectors.current_plans_for(UserFactory(username="nobody"))) == []


# --- duties_for_unit / duties_for_office -------------------------------------------------------------


def duty_texts(duties):
    return [duty.text for duty in duties]


@pytest.mark.parametrize("username", ["officer_a", "officer_b"])
def test_duties_for_unit_of_each_officer_are_the_district_plans_duties_to_communes(world, username):
    unit = selectors.home_unit_of(getattr(world.users, username))
    duties = list(selectors.duties_for_unit(unit))
    assert duty_texts(duties) == ["Lập danh sách đăng ký đại biểu"]
    assert duties[0].responsibility.plan == world.a.plan
    assert duties[0].due_date.isoformat() == "2024-03-18"


@pytest.mark.parametrize("username", ["staff", "leader", "office"])
def test_duties_for_unit_of_the_district_are_not_the_communes_duties(world, username):
    unit = selectors.home_unit_of(getattr(world.users, username))
    assert unit == world.a.unit
    assert list(selectors.duties_for_unit(unit)) == []


def test_duties_for_unit_of_b_commune_come_from_b(world):
    duties = list(selectors.duties_for_unit(world.b.communes[0]))
    assert [d.responsibility.plan for d in duties] == [world.b.plan]


def test_duties_for_unit_includes_duties_addressed_to_that_unit_only(world):
    commune = world.a.communes[0]
    to_commune = ResponsibilityFactory(
        plan=world.a.plan, order=10, heading="UBND xã A1", addressee_kind=AddresseeKind.UNIT, unit=commune
    )
    DutyFactory(responsibility=to_commune, order=1, text="Việc riêng của xã A1")
    assert "Việc riêng của xã A1" in duty_texts(selectors.duties_for_unit(commune))
    assert "Việc riêng của xã A1" not in duty_texts(selectors.duties_for_unit(world.a.communes[1]))


def test_villages_get_no_duties_of_the_district_plan(world):
    village = world.a.communes[0].children.first()
    assert list(selectors.duties_for_unit(village)) == []


@pytest.mark.parametrize(
    ("username", "expected"),
    [("office", ["Thẩm định dự toán"]), ("staff", []), ("outsider", [])],
)
def test_duties_for_office_of_each_user(world, username, expected):
    office = selectors.membership_of(getattr(world.users, username)).office
    assert duty_texts(selectors.duties_for_office(office)) == expected


def test_duties_for_office_of_b_finance_are_b_only(world):
    duties = list(selectors.duties_for_office(world.b.finance))
    assert [d.responsibility.plan for d in duties] == [world.b.plan]


# --- activities_for_office ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("staff", ["1.1", "1.2"]),  # Phòng LĐTBXH leads both
        ("office", ["1.1"]),  # Phòng TC-KH coordinates 1.1
        ("outsider", ["1.1", "1.2"]),  # district B's own LĐTBXH
    ],
)
def test_activities_for_office_of_each_user(world, username, expected):
    user = getattr(world.users, username)
    office = selectors.membership_of(user).office
    activities = list(selectors.activities_for_office(office))
    assert [a.code for a in activities] == expected
    district = world.b if username == "outsider" else world.a
    assert {a.plan for a in activities} == {district.plan}


def test_activities_for_office_lists_each_activity_once(world):
    activity = world.a.activities[0]
    activity.coordinating_offices.add(world.a.lead)  # leads and coordinates
    ActivityFactory(plan=world.a.plan, component=activity.component, code="1.3", lead_office=world.a.finance)
    codes_ = [a.code for a in selectors.activities_for_office(world.a.lead)]
    assert codes_ == ["1.1", "1.2"]
    assert [a.code for a in selectors.activities_for_office(world.a.finance)] == ["1.1", "1.3"]


def test_membership_of_is_cached_per_user_object(world, django_user_model, django_assert_num_queries):
    user = django_user_model.objects.get(pk=world.users.officer_a.pk)
    with django_assert_num_queries(1):
        assert selectors.membership_of(user).unit == world.a.communes[0]
        assert selectors.home_unit_of(user) == world.a.communes[0]


def test_deadlines_coming_soonest_first_then_latest_past(world):
    to_units = world.a.plan.responsibilities.get(order=1)
    later = DutyFactory(responsibility=to_units, order=5, due_date=datetime.date(2024, 6, 1))
    earlier = DutyFactory(responsibility=to_units, order=6, due_date=datetime.date(2024, 3, 20))
    undated = DutyFactory(responsibility=to_units, order=7)
    duties = list(selectors.duties_of_plans([world.a.plan.pk]))
    assert undated in duties
    march_18 = next(d for d in duties if d.due_date == datetime.date(2024, 3, 18))

    result = selectors.deadlines(duties, today=datetime.date(2024, 3, 19))
    assert result == [earlier, later, march_18]
    assert [d.days_left for d in result] == [1, 74, -1]
    assert selectors.deadlines(duties, today=datetime.date(2024, 3, 19), limit=1) == [earlier]
