"""Bảng tổng hợp ("consolidated"): an activity's classes in one workbook, the summary first and then each class's
roster, with numbers equal to the data; who may download it; and that it is built in the same number of
queries whatever the number of classes, units and delegates."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.text import capfirst
from pypdf import PdfReader

from plans.models import UnitKind
from tests.factories import ActivityFactory, UnitFactory
from tests.training.conftest import make_list, people, row
from tests.training.test_exporters_roster import (
    CLASS1,
    ROSTER_HEADINGS,
    build_queries,
    download,
    names_in,
    placed_world,
    table_rows,
    workbook_of,
)
from training.models import Delegate, EventKind, ListStatus, QuotaOverride, TrainingEvent
from tuachua.documents import render
from tuachua.exporters import get_exporter

SUMMARY_HEADINGS = (
    "TT",
    "Lớp, đoàn",
    "Đơn vị tham gia",
    "Chỉ tiêu",
    "Đã đăng ký",
    "Đã xếp lớp",
    "Hưởng lương từ NSNN",
    "Không hưởng lương từ NSNN",
)


@pytest.fixture
def placed(training_world):
    return placed_world(training_world)


def activity_of(tw):
    return tw.class1.activity


class TestConsolidatedWorkbook:
    def test_summary_first_then_a_sheet_per_class(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "consolidated", activity_of(placed)))
        assert wb.sheetnames == ["Tổng hợp", "Lớp thứ nhất", "Lớp thứ hai"]
        summary = wb["Tổng hợp"]
        column = [r[0] for r in summary.iter_rows(values_only=True) if r[0] is not None]
        assert "TỔNG HỢP ĐẠI BIỂU THAM GIA" in column
        assert f"{activity_of(placed).title.upper()} NĂM 2024" in column
        assert next(r for r in summary.iter_rows(values_only=True) if r[0] == "TT") == SUMMARY_HEADINGS
        assert summary.print_title_rows and summary.page_setup.fitToWidth == 1
        assert int(summary.page_setup.paperSize) == 9

    def test_summary_numbers_equal_the_data(self, placed, login):
        QuotaOverride.objects.create(
            event=placed.class1, unit=placed.a1, unit_seats=5, village_seats=2, reason="Thêm cán bộ"
        )
        wb = workbook_of(download(login(placed.users.staff), "consolidated", activity_of(placed)))
        body = table_rows(wb["Tổng hợp"])
        # Class 1: 5 + 2 × 2 seats after the override; 7 on the approved list, all placed, 2 not paid.
        assert body[0] == (1, "Lớp thứ nhất", capfirst(placed.a1.full_name), 9, 7, 7, 5, 2)
        # Class 2: 3 + 2 × 2 seats; one person on a submitted list, nobody placed yet.
        assert body[1] == (2, "Lớp thứ hai", capfirst(placed.a2.full_name), 7, 1, 0, 0, 0)
        assert body[2] == (None, "Tổng cộng", None, 16, 8, 7, 5, 2)
        assert len(body) == 3

    def test_draft_lists_are_not_registered(self, training_world, login):
        tw = training_world
        make_list(tw.class1, tw.a1, people(3), status=ListStatus.DRAFT)
        make_list(tw.class2, tw.a2, people(2), status=ListStatus.RETURNED)
        body = table_rows(workbook_of(download(login(tw.users.staff), "consolidated", activity_of(tw)))["Tổng hợp"])
        assert [r[4] for r in body] == [0, 0, 0]

    def test_class_sheets_hold_the_roster(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "consolidated", activity_of(placed)))
        ws = wb["Lớp thứ nhất"]
        assert next(r for r in ws.iter_rows(values_only=True) if r[0] == "TT") == ROSTER_HEADINGS
        body = table_rows(ws)
        assert names_in(body) == list(CLASS1)
        assert body[-1] == (None, "Tổng cộng: 7 đại biểu", None, None, 5, 2, None)
        assert names_in(table_rows(wb["Lớp thứ hai"])) == []
        assert all(c.data_type != "f" for sheet in wb.worksheets for r in sheet.iter_rows() for c in r)

    def test_the_study_tour_counts_the_districts_seats(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "consolidated", placed.tour.activity))
        assert wb.sheetnames == ["Tổng hợp", placed.tour.title]
        units = ", ".join(unit.full_name for unit in (placed.district, placed.a1, placed.a2))
        # 2 district seats + 3 for each commune; 5 placed, one of them not paid.
        assert table_rows(wb["Tổng hợp"])[0] == (1, placed.tour.title, capfirst(units), 8, 5, 5, 4, 1)

    def test_pdf_prints_the_summary_then_every_class(self, placed, login):
        response = download(login(placed.users.staff), "consolidated", activity_of(placed), "pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "TỔNG HỢP ĐẠI BIỂU THAM GIA" in text
        for name in Delegate.objects.filter(assigned_event__activity=activity_of(placed)).values_list(
            "full_name", flat=True
        ):
            assert name in text, name
        assert download(login(placed.users.staff), "consolidated", activity_of(placed), "docx").status_code == 404

    def test_file_name(self, placed, login):
        response = download(login(placed.users.staff), "consolidated", activity_of(placed))
        code = activity_of(placed).code.replace(".", "-")
        assert f'filename="Tong-hop_Hoat-dong-{code}_2024.xlsx"' in response["Content-Disposition"]


class TestConsolidatedAccess:
    @pytest.mark.parametrize("who", ["staff", "leader", "office"])
    def test_district_users_download(self, placed, login, who):
        response = download(login(getattr(placed.users, who)), "consolidated", activity_of(placed))
        assert response.status_code == 200

    def test_unit_officer_is_forbidden(self, placed, login):
        assert download(login(placed.users.officer_a), "consolidated", activity_of(placed)).status_code == 403

    def test_outsider_does_not_see_it(self, placed, login):
        assert download(login(placed.users.outsider), "consolidated", activity_of(placed)).status_code == 404

    def test_an_activity_without_classes_is_not_found(self, placed, login):
        a = placed.world.a
        activity = ActivityFactory(plan=a.plan, component=a.activities[0].component, lead_office=a.lead)
        assert download(login(placed.users.staff), "consolidated", activity).status_code == 404

    def test_anonymous_goes_to_login(self, placed, client):
        response = download(client, "consolidated", activity_of(placed))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def add_class(tw, number: int):
    """Another class of activity 1.1 for a new commune with three villages, its list approved."""
    commune = UnitFactory(code=f"A-X{number}", name=f"Xã A{number}", parent=tw.district)
    villages = [
        UnitFactory(code=f"A-X{number}-{n}", name=f"Thôn {n}", kind=UnitKind.VILLAGE, parent=commune) for n in (1, 2, 3)
    ]
    event = TrainingEvent.objects.create(
        activity=activity_of(tw),
        kind=EventKind.TRAINING_CLASS,
        number=number,
        title=f"Lớp số {number}",
        unit_seats=3,
        village_seats=2,
    )
    event.units.add(commune)
    QuotaOverride.objects.create(event=event, unit=commune, unit_seats=4, village_seats=2, reason="Thêm")
    rows = people(4, prefix=f"Lớp {number}") + [
        row(f"Thôn {n} lớp {number} người {k}", village=village) for n, village in enumerate(villages) for k in (1, 2)
    ]
    make_list(event, commune, rows, status=ListStatus.APPROVED)


def test_queries_do_not_grow_with_classes_units_or_delegates(placed):
    activity = activity_of(placed)
    before = build_queries("consolidated", activity)
    add_class(placed, 3)
    add_class(placed, 4)
    assert build_queries("consolidated", activity) == before
    assert table_rows(build_rows(activity))[-1][3:] == (7 + 7 + 10 + 10, 8 + 10 + 10, 7 + 10 + 10, 5 + 20, 2)


def build_rows(activity):
    """The summary sheet as the exporter renders it, without going through a request."""
    content = render(get_exporter("consolidated").build(activity, {}), "xlsx")
    return openpyxl.load_workbook(io.BytesIO(content))["Tổng hợp"]
