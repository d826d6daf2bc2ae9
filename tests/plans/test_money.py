"""Plan money: rates as data picked by validity date and scope (`rate_on`, `rate_book`), allocations, the demo's
rates and funds, and who keeps them in the back office."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.demo.loader import load_demo
from plans.models import Allocation, AllocationKind, Plan, Rate, RateCode
from plans.selectors import allocations_of, rate_book, rate_on

D = datetime.date
ALLOWANCE = RateCode.DAILY_ALLOWANCE
MEAL = RateCode.MEAL_SUPPORT_DISTRICT
CIRCULAR_40 = D(2017, 7, 1)


def rate(code=ALLOWANCE, amount=200_000, valid_from=CIRCULAR_40, valid_to=None, **scope) -> Rate:
    row = Rate(
        code=code,
        name=str(RateCode(code).label),
        amount=amount,
        valid_from=valid_from,
        valid_to=valid_to,
        source="Thông tư 40/2017/TT-BTC",
        **scope,
    )
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def allowances(db):
    """200,000 until 03/05/2025, 300,000 from 04/05/2025 (Circular 12/2025/TT-BTC)."""
    return (
        rate(amount=200_000, valid_to=D(2025, 5, 3)),
        rate(amount=300_000, valid_from=D(2025, 5, 4)),
    )


class TestRateOn:
    @pytest.mark.parametrize(
        ("day", "amount"),
        [(D(2024, 4, 1), 200_000), (D(2025, 5, 2), 200_000), (D(2025, 5, 3), 200_000), (D(2025, 5, 4), 300_000)],
    )
    def test_the_row_valid_on_the_day(self, allowances, day, amount):
        assert rate_on(ALLOWANCE, day).amount == amount

    def test_none_before_the_first_row_or_for_another_code(self, allowances):
        assert rate_on(ALLOWANCE, D(2017, 6, 30)) is None
        assert rate_on(MEAL, D(2024, 4, 1)) is None

    def test_a_units_rate_wins_in_its_subtree_only(self, world, allowances):
        rate(amount=250_000, valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31), issuing_unit=world.a.unit)
        assert rate_on(ALLOWANCE, D(2024, 6, 1), world.a.unit).amount == 250_000
        assert rate_on(ALLOWANCE, D(2024, 6, 1), world.a.communes[0]).amount == 250_000
        assert rate_on(ALLOWANCE, D(2024, 6, 1), world.b.unit).amount == 200_000
        assert rate_on(ALLOWANCE, D(2025, 1, 2), world.a.unit).amount == 200_000  # its own row has expired

    def test_the_nearer_unit_and_then_the_plan_win(self, world, allowances):
        rate(amount=210_000, issuing_unit=world.province)
        rate(amount=220_000, issuing_unit=world.a.unit)
        assert rate_on(ALLOWANCE, D(2024, 6, 1), world.a.communes[0]).amount == 220_000
        assert rate_on(ALLOWANCE, D(2024, 6, 1), world.b.unit).amount == 210_000
        rate(amount=230_000, plan=world.a.plan)
        assert rate_on(ALLOWANCE, D(2024, 6, 1), plan=world.a.plan).amount == 230_000
        assert rate_on(ALLOWANCE, D(2024, 6, 1), plan=world.b.plan).amount == 210_000

    def test_a_book_reads_once_and_answers_many_days(self, world, allowances):
        world.a.plan.issuing_unit  # noqa: B018 - loaded before counting
        with CaptureQueriesContext(connection) as queries:
            book = rate_book(plan=world.a.plan)
            amounts = [book.on(ALLOWANCE, day).amount for day in (D(2024, 1, 1), D(2025, 5, 3), D(2025, 5, 4))]
        assert amounts == [200_000, 200_000, 300_000]
        assert len(queries.captured_queries) == 1


class TestRateRules:
    def test_overlapping_rows_of_the_same_scope_are_refused(self, allowances):
        with pytest.raises(ValidationError):
            rate(amount=250_000, valid_from=D(2025, 1, 1))
        with pytest.raises(ValidationError):
            rate(amount=250_000, valid_from=D(2016, 1, 1), valid_to=D(2017, 7, 1))

    def test_adjacent_rows_and_other_scopes_are_fine(self, world, allowances):
        rate(amount=100_000, valid_from=D(2016, 1, 1), valid_to=D(2017, 6, 30))
        rate(amount=250_000, issuing_unit=world.a.unit)

    def test_validity_must_be_ordered(self, db):
        with pytest.raises(ValidationError):
            rate(valid_from=D(2025, 5, 4), valid_to=D(2025, 5, 3))

    def test_a_percent_rate_says_so(self, db):
        assert rate(code=RateCode.MEAL_CENTRAL_PERCENT, amount=130, unit="% mức khoán").is_percent
        assert str(rate(code=MEAL, amount=150_000)).endswith("150.000 đồng/người/ngày")


class TestAllocations:
    def test_an_activity_must_belong_to_the_plan(self, world):
        allocation = Allocation(
            plan=world.a.plan, activity=world.b.activities[0], source="Quyết định số 1/QĐ-UBND", amount=1
        )
        with pytest.raises(ValidationError):
            allocation.full_clean()

    def test_whole_plan_rows_come_first(self, world):
        plan = world.a.plan
        later = Allocation.objects.create(plan=plan, activity=world.a.activities[0], source="QĐ 2", amount=5)
        whole = Allocation.objects.create(
            plan=plan, kind=AllocationKind.CARRIED_OVER, source="Chuyển nguồn 2023", amount=7
        )
        Allocation.objects.create(plan=world.b.plan, source="QĐ B", amount=9)
        assert allocations_of(plan) == [whole, later]


class TestDemo:
    def test_the_demo_has_the_briefs_rates_and_the_plans_funds_and_a_second_run_adds_nothing(self, db):
        first = load_demo()
        assert first.created["rates"] == 6
        assert first.created["allocations"] == 2
        assert rate_on(RateCode.MEAL_SUPPORT_CITY, D(2024, 6, 1)).amount == 200_000
        assert rate_on(RateCode.MEAL_SUPPORT_DISTRICT, D(2024, 6, 1)).amount == 150_000
        assert rate_on(RateCode.MEAL_SUPPORT_COMMUNE, D(2024, 6, 1)).amount == 100_000
        assert rate_on(RateCode.MEAL_CENTRAL_PERCENT, D(2024, 6, 1)).amount == 130
        assert rate_on(ALLOWANCE, D(2025, 5, 3)).amount == 200_000
        assert rate_on(ALLOWANCE, D(2025, 5, 4)).amount == 300_000
        assert "12/2025/TT-BTC" in rate_on(ALLOWANCE, D(2025, 5, 4)).source
        plan = Plan.objects.get(issuing_unit__code="TUA-CHUA", year=2024)
        funds = {a.kind: a for a in allocations_of(plan)}
        assert "3208/QĐ-UBND ngày 19/12/2023" in funds[AllocationKind.ALLOCATED].source
        assert funds[AllocationKind.ALLOCATED].amount == 450_000_000
        assert funds[AllocationKind.CARRIED_OVER].amount == 62_500_000
        assert load_demo().created == {}


class TestAdmin:
    @pytest.fixture
    def rows(self, world, allowances):
        own = rate(amount=250_000, issuing_unit=world.a.unit)
        other = rate(amount=260_000, issuing_unit=world.b.unit)
        funds = Allocation.objects.create(plan=world.a.plan, source="Quyết định số 3208/QĐ-UBND", amount=10)
        Allocation.objects.create(plan=world.b.plan, source="Quyết định B", amount=20)
        return own, other, funds

    def test_district_staff_read_the_laws_rates_and_keep_their_own(self, rows, world, login):
        own, other, _funds = rows
        client = login(world.users.staff)
        page = client.get(reverse("admin:plans_rate_changelist"))
        assert page.status_code == 200
        assert "250.000" in page.content.decode() or "250000" in page.content.decode()
        assert client.get(reverse("admin:plans_rate_change", args=[own.pk])).status_code == 200
        assert client.get(reverse("admin:plans_rate_change", args=[other.pk])).status_code == 302  # not theirs
        national = Rate.objects.filter(issuing_unit=None).first()
        response = client.post(reverse("admin:plans_rate_delete", args=[national.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Rate.objects.filter(pk=national.pk).exists()

    def test_allocations_are_scoped_to_the_staffs_plans(self, rows, world, login):
        client = login(world.users.staff)
        page = client.get(reverse("admin:plans_allocation_changelist")).content.decode()
        assert "Quyết định số 3208/QĐ-UBND" in page
        assert "Quyết định B" not in page

    def test_other_roles_have_no_money_admin(self, rows, world, login):
        assert login(world.users.leader).get(reverse("admin:plans_rate_changelist")).status_code == 302
