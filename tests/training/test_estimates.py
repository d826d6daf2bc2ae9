"""Dự toán kinh phí: the estimate computed from the data against hand-computed figures, the lines staff add,
adjustments with their reason, spending, the plan's money, every page's permissions, constant queries, and the
Excel / PDF documents read back.

Hand-computed examples (rates of Circular 40/2017 and 12/2025, entered as data by the `rates` fixture):
- class 1 (2 days), 7 approved delegates of whom 4 are not paid from the state budget:
  4 × 2 × 150,000 = 1,200,000; with meals organised centrally 4 × 2 × 195,000 (130 %) = 1,560,000;
- the study tour (8 days) before any list is approved: quotas 2 (district) + 3 + 3 = 8 people;
  starting 02/05/2025: 8 × 8 × 200,000 = 12,800,000; starting 05/05/2025: 8 × 8 × 300,000 = 19,200,000.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Allocation, AllocationKind, Rate, RateCode
from tests.training.conftest import make_list, row
from tests.training.test_exporters_roster import FORMULA, download, pdf_text, values, workbook_of
from training import estimates
from training import models as training_models
from training.exporters.estimate import in_words
from training.models import Delegate, EstimateAdjustment, EstimateLineKind, ListStatus, Spending
from tuachua.exporters import get_exporter
from tuachua.models import AuditEntry

D = datetime.date
CIRCULAR_40 = D(2017, 7, 1)
HEADINGS = ("TT", "Nội dung", "Đơn vị tính", "Số lượng", "Số ngày", "Đơn giá", "Thành tiền", "Ghi chú")
MEAL_LABEL = "Hỗ trợ tiền ăn cho đại biểu không hưởng lương từ NSNN"


def add_rate(code, amount, valid_from=CIRCULAR_40, valid_to=None, unit="đồng/người/ngày", source="TT 40/2017"):
    return Rate.objects.create(
        code=code,
        name=str(RateCode(code).label),
        amount=amount,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
    )


@pytest.fixture
def rates(db):
    add_rate(RateCode.MEAL_SUPPORT_DISTRICT, 150_000, source="Thông tư 40/2017/TT-BTC, Điều 12.4")
    add_rate(RateCode.MEAL_SUPPORT_COMMUNE, 100_000)
    add_rate(RateCode.MEAL_CENTRAL_PERCENT, 130, unit="% mức khoán", source="Thông tư 40/2017/TT-BTC, Điều 12.5")
    add_rate(RateCode.DAILY_ALLOWANCE, 200_000, valid_to=D(2025, 5, 3))
    add_rate(RateCode.DAILY_ALLOWANCE, 300_000, valid_from=D(2025, 5, 4), source="Thông tư 12/2025/TT-BTC")


def class1_rows(tw, unpaid: int = 4):
    """7 people (3 at commune level, 2 in each village); the last `unpaid` are not paid by the state."""
    v1, v2 = tw.villages_a1
    people = [
        ("Vừ A Hùng", "Chủ tịch UBND", None),
        ("Hà Thị Ân", "Chủ tịch Hội LHPN", None),
        ("Lý Văn Đức", "Kế toán", None),
        ("Lò Văn An", "Trưởng thôn", v1),
        ("Mùa A Dũng", "Bí thư chi bộ", v1),
        ("Giàng A Sếnh", "Trưởng bản", v2),
        ("Sùng Thị Mỷ", "Chi hội trưởng Phụ nữ", v2),
    ]
    return [
        row(name, position, village, paid=index < 7 - unpaid) for index, (name, position, village) in enumerate(people)
    ]


@pytest.fixture
def costed(training_world, rates):
    """Class 1 with its 7 approved delegates (4 not paid by the state)."""
    make_list(training_world.class1, training_world.a1, class1_rows(training_world), status=ListStatus.APPROVED)
    return training_world


def meal(event) -> estimates.Line:
    return next(line for line in estimates.event_estimate(event).lines if line.code == estimates.MEAL)


def allowance(event) -> estimates.Line:
    return next(line for line in estimates.event_estimate(event).lines if line.code == estimates.ALLOWANCE)


def add_lecturers(event, by, **values):
    data = {"kind": EstimateLineKind.LECTURERS, "description": "Thù lao báo cáo viên", "quantity": 2}
    data |= {"unit": "người", "unit_price": 1_000_000, "times": 2, **values}
    return estimates.estimate_line_save(event=event, by=by, values=data)


# --- the arithmetic --------------------------------------------------------------------------------------------


class TestMealSupport:
    def test_unpaid_delegates_times_days_times_the_district_rate(self, costed):
        line = meal(costed.class1)
        assert (line.quantity, line.days, line.unit_price, line.amount) == (4, 2, 150_000, 1_200_000)
        assert line.label == MEAL_LABEL
        assert "Điều 12.4" in line.source
        assert estimates.event_estimate(costed.class1).total == 1_200_000

    def test_meals_organised_centrally_take_130_percent(self, costed):
        estimates.event_set_central_meals(event=costed.class1, central_meals=True, by=costed.users.staff)
        line = meal(costed.class1)
        assert (line.unit_price, line.amount) == (195_000, 1_560_000)
        assert "130%" in line.label
        assert "Điều 12.5" in line.source

    def test_flipping_one_delegates_pay_changes_the_estimate_at_once(self, costed):
        delegate = Delegate.objects.filter(assigned_event=costed.class1, paid_by_state=False).first()
        delegate.paid_by_state = True
        delegate.save()
        assert meal(costed.class1).amount == 3 * 2 * 150_000
        delegate.paid_by_state = False
        delegate.save()
        assert meal(costed.class1).amount == 1_200_000

    def test_only_placed_delegates_count(self, costed):
        make_list(costed.class2, costed.a2, [row("Người chờ duyệt", "Cán bộ", paid=False)], status=ListStatus.SUBMITTED)
        assert meal(costed.class2).quantity == 0
        assert "0 đại biểu" in meal(costed.class2).basis

    def test_a_commune_plan_takes_the_commune_rate(self, costed):
        plan_issuer = costed.class1.activity.plan.issuing_unit
        plan_issuer.kind = "commune"
        plan_issuer.save()
        assert meal(costed.class1).unit_price == 100_000

    def test_a_missing_rate_is_said_not_guessed(self, costed):
        Rate.objects.filter(code=RateCode.MEAL_SUPPORT_DISTRICT).delete()
        estimate = estimates.event_estimate(costed.class1)
        assert estimate.lines[0].amount == 0
        assert "Chưa có định mức" in estimate.warnings[0]


class TestStudyTourAllowance:
    @pytest.mark.parametrize(
        ("start", "price", "amount"), [(D(2025, 5, 2), 200_000, 12_800_000), (D(2025, 5, 5), 300_000, 19_200_000)]
    )
    def test_people_times_days_times_the_allowance_valid_on_the_start_date(
        self, training_world, rates, start, price, amount
    ):
        tour = training_world.tour
        tour.start_date, tour.end_date = start, start + datetime.timedelta(days=7)
        tour.save()
        line = allowance(tour)
        assert (line.quantity, line.days, line.unit_price, line.amount) == (8, 8, price, amount)
        assert "theo chỉ tiêu" in line.basis
        assert [line.code for line in estimates.event_estimate(tour).lines] == [estimates.ALLOWANCE]

    def test_approved_lists_count_their_people_and_the_others_their_quota(self, training_world, rates):
        tw = training_world
        make_list(
            tw.tour,
            tw.a1,
            [row("Lò Văn Thượng", "Phó Chủ tịch UBND"), row("Vàng A Páo", "Cán bộ", paid=False)],
            status=ListStatus.APPROVED,
        )
        line = allowance(tw.tour)
        assert line.quantity == 2 + 2 + 3  # placed from A1, the district's 2 seats and A2's 3 by quota
        assert line.basis == "2 người theo danh sách đã duyệt + 5 theo chỉ tiêu của 2 đơn vị chưa duyệt"
        for unit, rows in (
            (tw.a2, [row("Giàng A Páo", "Chủ tịch UBND")]),
            (tw.district, [row("Trần Thị Hoa", "Chuyên viên")]),
        ):
            make_list(tw.tour, unit, rows, status=ListStatus.APPROVED)
        assert (allowance(tw.tour).quantity, allowance(tw.tour).basis) == (4, "4 người theo danh sách đã duyệt")

    def test_without_a_start_date_the_start_of_the_activitys_timeframe_is_used(self, training_world, rates):
        activity = training_world.tour.activity
        activity.time_precision, activity.quarter = "quarter", 2
        activity.save()
        estimate = estimates.event_estimate(training_world.tour)
        assert (estimate.rate_day, estimate.rate_day_estimated) == (D(2024, 4, 1), True)
        assert estimate.lines[0].unit_price == 200_000


# --- what staff add, adjust and spend ---------------------------------------------------------------------------


class TestLinesAdjustmentsSpending:
    def test_added_lines_multiply_and_sum(self, costed):
        add_lecturers(costed.class1, costed.users.staff)
        estimate = estimates.event_estimate(costed.class1)
        assert [line.amount for line in estimate.lines] == [1_200_000, 4_000_000]
        assert estimate.total == 5_200_000

    def test_an_adjustment_needs_a_reason_and_keeps_the_computed_amount_beside_it(self, costed):
        staff = costed.users.staff
        for reason in ("", "   "):
            with pytest.raises(ValidationError):
                estimates.estimate_adjust(
                    event=costed.class1, line_code="meal", amount=1_000_000, reason=reason, by=staff
                )
        assert not EstimateAdjustment.objects.exists()
        estimates.estimate_adjust(
            event=costed.class1, line_code="meal", amount=1_000_000, reason="Một đại biểu về sớm", by=staff
        )
        line = meal(costed.class1)
        assert (line.amount, line.final, line.reason) == (1_200_000, 1_000_000, "Một đại biểu về sớm")
        assert estimates.event_estimate(costed.class1).total == 1_000_000
        estimates.estimate_adjustment_clear(event=costed.class1, line_code="meal", by=staff)
        assert meal(costed.class1).final == 1_200_000
        trail = AuditEntry.objects.filter(object_type="training.trainingevent", object_id=str(costed.class1.pk))
        adjusted = trail.get(action="estimate_adjust")
        assert (adjusted.data["reason"], adjusted.data["amount"], adjusted.actor) == (
            "Một đại biểu về sớm",
            1_000_000,
            staff,
        )
        assert trail.filter(action="estimate_adjust_clear").exists()

    def test_only_the_events_computed_lines_can_be_adjusted(self, costed):
        with pytest.raises(ValidationError):
            estimates.estimate_adjust(
                event=costed.class1, line_code="allowance", amount=1, reason="x", by=costed.users.staff
            )

    def test_spending_per_line_and_what_remains(self, costed):
        staff = costed.users.staff
        lecturers = add_lecturers(costed.class1, staff)
        estimates.spending_record(
            event=costed.class1, line_key="meal", amount=1_100_000, spent_on=D(2024, 6, 20), by=staff
        )
        estimates.spending_record(
            event=costed.class1, line_key=f"line-{lecturers.pk}", amount=4_000_000, spent_on=D(2024, 6, 20), by=staff
        )
        estimate = estimates.event_estimate(costed.class1)
        assert [line.spent for line in estimate.lines] == [1_100_000, 4_000_000]
        assert (estimate.spent, estimate.remaining) == (5_100_000, 100_000)
        with pytest.raises(ValidationError):
            estimates.estimate_line_delete(line=lecturers, by=staff)
        with pytest.raises(ValidationError):
            estimates.spending_record(
                event=costed.class1, line_key="line-999999", amount=1, spent_on=D(2024, 6, 20), by=staff
            )

    def test_the_actual_side_uses_attended_person_days(self, costed):
        pytest.importorskip("training.attendance_selectors")
        Attendance = getattr(training_models, "Attendance", None)  # noqa: N806 - a model class
        if Attendance is None:
            pytest.skip("attendance is not there yet")
        now = timezone.now()
        for delegate in Delegate.objects.filter(assigned_event=costed.class1):
            Attendance.objects.create(
                delegate=delegate, event=costed.class1, day=1, present=True, source="sheet", recorded_at=now
            )
        unpaid = Delegate.objects.filter(assigned_event=costed.class1, paid_by_state=False).first()
        Attendance.objects.create(
            delegate=unpaid, event=costed.class1, day=2, present=True, source="sheet", recorded_at=now
        )
        line = meal(costed.class1)
        assert (line.actual_quantity, line.actual_amount) == (5, 5 * 150_000)
        assert estimates.event_estimate(costed.class1).actual_total == 750_000


# --- the plan's money --------------------------------------------------------------------------------------------


class TestPlanMoney:
    def test_by_activity_and_totals_against_allocations(self, costed):
        tw = costed
        plan = tw.world.a.plan
        tour = tw.tour
        tour.start_date = D(2025, 5, 5)
        tour.save()
        add_lecturers(tw.class2, tw.users.staff)
        Allocation.objects.create(plan=plan, source="Quyết định số 3208/QĐ-UBND ngày 19/12/2023", amount=30_000_000)
        Allocation.objects.create(
            plan=plan,
            activity=tour.activity,
            kind=AllocationKind.CARRIED_OVER,
            source="Chuyển nguồn 2023",
            amount=5_000_000,
        )
        by_activity = estimates.estimates_by_activity(plan)
        classes, tours = (by_activity[a.pk] for a in tw.world.a.activities)
        assert (classes.estimate, classes.allocated) == (1_200_000 + 4_000_000, 0)
        assert (tours.estimate, tours.allocated) == (19_200_000, 5_000_000)
        assert [e.event.title for e in classes.events] == ["Lớp thứ nhất", "Lớp thứ hai"]
        money = estimates.plan_money(plan)
        assert (money.estimate, money.allocated, money.allocated_to_plan) == (24_400_000, 35_000_000, 30_000_000)
        assert money.remaining == 10_600_000
        assert money.by_kind == {AllocationKind.ALLOCATED: 30_000_000, AllocationKind.CARRIED_OVER: 5_000_000}


def count_queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        function(*args)
    return len(context.captured_queries)


def test_queries_stay_constant_whatever_the_number_of_events_and_delegates(training_world, rates):
    tw = training_world
    plan = tw.world.a.plan
    make_list(tw.class1, tw.a1, [row("Vừ A Hùng", "Chủ tịch UBND", paid=False)], status=ListStatus.APPROVED)
    one_plan = count_queries(estimates.estimates_by_activity, plan)
    one_class = count_queries(estimates.event_estimate, tw.class1)
    one_tour = count_queries(estimates.event_estimate, tw.tour)
    one_document = count_queries(get_exporter("estimate-plan").build, plan, {})
    rows = [row("Người chờ duyệt", "Cán bộ", paid=False), row("Lò Văn An", "Cán bộ")]
    make_list(tw.class2, tw.a2, rows, status=ListStatus.APPROVED)
    make_list(
        tw.tour,
        tw.a1,
        [row("Lò Văn Thượng", "Cán bộ"), row("Vàng A Páo", "Cán bộ", paid=False)],
        status=ListStatus.APPROVED,
    )
    for event in (tw.class1, tw.class2, tw.tour):
        line = add_lecturers(event, tw.users.staff)
        estimates.spending_record(
            event=event, line_key=f"line-{line.pk}", amount=1, spent_on=D(2024, 6, 1), by=tw.users.staff
        )
    estimates.estimate_adjust(event=tw.class2, line_code="meal", amount=1, reason="Thử", by=tw.users.staff)
    assert count_queries(estimates.estimates_by_activity, plan) == one_plan
    assert count_queries(estimates.event_estimate, tw.class1) == one_class
    assert count_queries(estimates.event_estimate, tw.tour) == one_tour
    assert count_queries(get_exporter("estimate-plan").build, plan, {}) == one_document


# --- pages and permissions ----------------------------------------------------------------------------------------


def url(name, *args):
    return reverse(f"training:{name}", args=args)


class TestEventPage:
    def test_staff_see_the_lines_totals_and_forms(self, costed, login):
        page = login(costed.users.staff).get(url("estimate", costed.class1.pk))
        assert page.status_code == 200
        html = page.content.decode()
        assert MEAL_LABEL in html
        assert "1.200.000 đ" in html
        assert url("estimate_line_add", costed.class1.pk) in html
        assert url("estimate_adjust", costed.class1.pk) in html

    @pytest.mark.parametrize("who", ["leader", "office", "officer_a"])
    def test_others_who_see_the_event_read_only(self, costed, login, who):
        page = login(getattr(costed.users, who)).get(url("estimate", costed.class1.pk))
        assert page.status_code == 200
        html = page.content.decode()
        assert "1.200.000 đ" in html
        assert url("estimate_line_add", costed.class1.pk) not in html
        assert url("estimate_adjust", costed.class1.pk) not in html
        assert ("/documents/estimate/" in html) is (who != "officer_a")

    @pytest.mark.parametrize("who", ["outsider", "officer_b"])
    def test_who_does_not_see_the_event_gets_404(self, costed, login, who):
        assert login(getattr(costed.users, who)).get(url("estimate", costed.class1.pk)).status_code == 404

    def test_anonymous_goes_to_login(self, costed, client):
        response = client.get(url("estimate", costed.class1.pk))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def write_requests(tw):
    """(url name, args, data) of every change on the estimate page of class 1."""
    event = tw.class1
    line = add_lecturers(event, tw.users.staff)
    spending = estimates.spending_record(
        event=event, line_key="meal", amount=5, spent_on=D(2024, 6, 1), by=tw.users.staff
    )
    new_line = {
        "kind": "hall",
        "description": "Thuê hội trường",
        "quantity": "1",
        "unit": "ngày",
        "unit_price": "2.000.000",
        "times": "2",
        "note": "",
    }
    return [
        ("estimate_line_add", (event.pk,), new_line),
        ("estimate_line", (event.pk, line.pk), new_line),
        ("estimate_adjust", (event.pk,), {"line_code": "meal", "amount": "1.000.000", "reason": "Về sớm"}),
        (
            "estimate_spending_add",
            (event.pk,),
            {"line": "meal", "amount": "500.000", "spent_on": "20/06/2024", "note": "PC 12"},
        ),
        ("estimate_meals", (event.pk,), {"central_meals": "on"}),
        ("estimate_spending_delete", (event.pk, spending.pk), {}),
        ("estimate_line_delete", (event.pk, line.pk), {}),
    ]


class TestEventChanges:
    def test_staff_make_every_change_and_are_sent_back(self, costed, login):
        client = login(costed.users.staff)
        for name, args, data in write_requests(costed):
            response = client.post(url(name, *args), data)
            assert response.status_code == 302, name
            assert response["Location"] == url("estimate", costed.class1.pk)
        estimate = estimates.event_estimate(costed.class1)
        assert [line.label for line in estimate.lines] == [
            f"{MEAL_LABEL} (tổ chức ăn tập trung: 130% mức khoán)",
            "Thuê hội trường",
        ]
        assert (estimate.lines[0].final, estimate.lines[1].amount) == (1_000_000, 4_000_000)
        assert estimate.spent == 500_000

    @pytest.mark.parametrize(
        ("who", "status"), [("officer_a", 403), ("leader", 403), ("office", 403), ("outsider", 404)]
    )
    def test_others_cannot_change_anything(self, costed, login, who, status):
        requests = write_requests(costed)
        client = login(getattr(costed.users, who))
        for name, args, data in requests:
            assert client.post(url(name, *args), data).status_code == status, name
        assert client.get(url("estimate_line", *requests[1][1])).status_code == status

    def test_anonymous_changes_go_to_login(self, costed, client):
        for name, args, data in write_requests(costed):
            response = client.post(url(name, *args), data)
            assert response.status_code == 302 and reverse("login") in response["Location"], name

    def test_changes_are_post_only(self, costed, login):
        client = login(costed.users.staff)
        for name, args, _data in write_requests(costed):
            if name != "estimate_line":
                assert client.get(url(name, *args)).status_code == 405, name

    def test_an_adjustment_without_a_reason_is_refused_on_the_page(self, costed, login):
        response = login(costed.users.staff).post(
            url("estimate_adjust", costed.class1.pk), {"line_code": "meal", "amount": "1.000.000", "reason": ""}
        )
        assert response.status_code == 400
        assert not EstimateAdjustment.objects.exists()

    def test_a_bad_amount_is_refused(self, costed, login):
        data = {"line": "meal", "amount": "1,5", "spent_on": "2024-06-20"}
        response = login(costed.users.staff).post(url("estimate_spending_add", costed.class1.pk), data)
        assert response.status_code == 400
        assert "1.200.000" in response.content.decode()
        assert not Spending.objects.exists()

    def test_the_edit_page_shows_the_line(self, costed, login):
        line = add_lecturers(costed.class1, costed.users.staff)
        page = login(costed.users.staff).get(url("estimate_line", costed.class1.pk, line.pk))
        assert page.status_code == 200
        assert "Thù lao báo cáo viên" in page.content.decode()


class TestPlanPage:
    @pytest.mark.parametrize("who", ["staff", "leader", "office", "admin"])
    def test_who_reads_the_plans_money(self, costed, login, who):
        Allocation.objects.create(plan=costed.world.a.plan, source="Quyết định số 3208/QĐ-UBND", amount=450_000_000)
        page = login(getattr(costed.users, who)).get(url("estimate_plan", costed.world.a.plan.pk))
        assert page.status_code == 200
        html = page.content.decode()
        assert "450.000.000 đ" in html
        assert "Lớp thứ nhất" in html
        assert url("estimate", costed.class1.pk) in html

    def test_an_officer_is_forbidden_an_outsider_not_found_anonymous_to_login(self, costed, login, client):
        plan_url = url("estimate_plan", costed.world.a.plan.pk)
        assert client.get(plan_url).status_code == 302
        assert login(costed.users.outsider).get(plan_url).status_code == 404
        assert login(costed.users.officer_a).get(plan_url).status_code == 403


# --- documents ----------------------------------------------------------------------------------------------------


def table_of(ws) -> list[tuple]:
    rows = values(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == "TT")
    body = []
    for r in rows[start + 2 :]:
        body.append(r)
        if r[1] == "Tổng cộng":
            return body
    raise AssertionError("no total row")


class TestDocuments:
    def test_the_event_workbook(self, costed, login):
        add_lecturers(costed.class1, costed.users.staff, description=FORMULA)
        estimates.estimate_adjust(
            event=costed.class1, line_code="meal", amount=1_000_000, reason="Về sớm", by=costed.users.staff
        )
        wb = workbook_of(download(login(costed.users.staff), "estimate", costed.class1))
        ws = wb.active
        texts = [r[0] for r in values(ws)]
        assert "DỰ TOÁN KINH PHÍ" in texts
        assert "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in texts
        assert next(r for r in values(ws) if r[0] == "TT") == HEADINGS
        body = table_of(ws)
        assert body[0][:7] == (1, MEAL_LABEL, "người", 4, 2, 150_000, 1_000_000)
        assert "Về sớm" in body[0][7] and "1.200.000" in body[0][7]
        assert body[1][:7] == (2, FORMULA, "người", 2, 2, 1_000_000, 4_000_000)
        assert body[-1][1:7] == ("Tổng cộng", None, None, None, None, 5_000_000)
        assert any("Năm triệu đồng" in str(r[0]) for r in values(ws))
        assert ("NGƯỜI LẬP", None, None, "TRƯỞNG PHÒNG", None, None, None, None) in values(ws)
        assert ws.print_title_rows and ws.page_setup.fitToWidth == 1
        cells = [c for r in ws.iter_rows() for c in r]
        assert not any(c.data_type == "f" for c in cells)
        assert next(c for c in cells if c.value == 5_000_000).number_format == "#,##0"

    def test_the_event_pdf(self, costed, login):
        text = " ".join(pdf_text(download(login(costed.users.staff), "estimate", costed.class1, "pdf")).split())
        for expected in (
            "DỰ TOÁN KINH PHÍ",
            MEAL_LABEL,
            "150.000",
            "1.200.000",
            "Tổng cộng",
            "NGƯỜI LẬP",
            "TRƯỞNG PHÒNG",
        ):
            assert expected in text, expected
        assert "Một triệu hai trăm nghìn đồng" in text

    def test_the_plan_workbook_groups_activities_and_events(self, costed, login):
        plan = costed.world.a.plan
        Allocation.objects.create(plan=plan, source="Quyết định số 3208/QĐ-UBND ngày 19/12/2023", amount=450_000_000)
        ws = workbook_of(download(login(costed.users.staff), "estimate-plan", plan)).active
        body = table_of(ws)
        first, second = costed.world.a.activities
        assert body[0][:2] == ("I", f"{first.code}. {first.title}") and body[0][6] == 1_200_000
        assert body[1][:2] == ("1", "Lớp thứ nhất (02 ngày)") and body[1][6] == 1_200_000
        assert body[2][:7] == ("1.1", MEAL_LABEL, "người", 4, 2, 150_000, 1_200_000)
        assert body[3][:2] == ("2", "Lớp thứ hai (02 ngày)") and body[3][6] == 0
        assert body[5][:2] == ("II", f"{second.code}. {second.title}")
        assert body[-1][1] == "Tổng cộng"
        text = " ".join(str(r[0]) for r in values(ws))
        assert "Quyết định số 3208/QĐ-UBND ngày 19/12/2023: 450.000.000 đồng" in text

    def test_the_plan_pdf(self, costed, login):
        text = " ".join(
            pdf_text(download(login(costed.users.staff), "estimate-plan", costed.world.a.plan, "pdf")).split()
        )
        assert "DỰ TOÁN KINH PHÍ" in text and "Lớp thứ nhất" in text and "Tổng cộng" in text

    @pytest.mark.parametrize("identifier", ["estimate", "estimate-plan"])
    def test_who_downloads(self, costed, login, client, identifier):
        target = costed.class1 if identifier == "estimate" else costed.world.a.plan
        assert download(login(costed.users.leader), identifier, target).status_code == 200
        assert download(login(costed.users.officer_a), identifier, target).status_code == 403
        assert download(login(costed.users.outsider), identifier, target).status_code == 404
        client.logout()
        assert download(client, identifier, target).status_code == 302


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
        (62_500_000, "Sáu mươi hai triệu năm trăm nghìn đồng"),
        (450_000_000, "Bốn trăm năm mươi triệu đồng"),
        (2_000_000_015, "Hai tỷ không trăm mười lăm đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert in_words(amount) == words
