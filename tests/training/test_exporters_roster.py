"""Danh sách lớp ("roster"): the delegates placed in a class or the study tour, unit by unit, read back from
the downloaded workbook and PDF; who may download it; the order of positions and of given names; and that
building it takes the same number of queries for one delegate as for many.

The helpers here (`placed_world`, `download`, `workbook_of`, `pdf_text`, `table_rows`) are shared by the
attendance and consolidated tests.
"""

import io
import unicodedata

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst
from pypdf import PdfReader

from tests.training.conftest import make_list, people, row
from training.models import ListStatus
from tuachua.documents.blocks import NATIONAL_TITLE
from tuachua.documents.formats import body_name
from tuachua.exporters import get_exporter

FORMULA = '=HYPERLINK("http://x","y")'
# Class 1 (commune A1) in the order of positions: the commune level, then village 1, then village 2.
CLASS1 = ("Vừ A Hùng", "Hà Thị Ân", "Lý Văn Đức", "Lò Văn An", "Mùa A Dũng", "Giàng A Sếnh", "Sùng Thị Mỷ")
# The same people by given name: An < Ân < Dũng < Đức < Hùng < Mỷ < Sếnh (Vietnamese letter order).
CLASS1_BY_NAME = ("Lò Văn An", "Hà Thị Ân", "Mùa A Dũng", "Lý Văn Đức", "Vừ A Hùng", "Sùng Thị Mỷ", "Giàng A Sếnh")
ROSTER_HEADINGS = (
    "TT",
    "Họ và tên",
    "Chức vụ",
    "Thôn, bản",
    "Hưởng lương từ NSNN",
    "Không hưởng lương từ NSNN",
    "Ghi chú",
)


def placed_world(tw):
    """Approved (placed) lists: class 1 for A1 (7 people, 2 of them not paid by the state); the study tour
    for A1 (with a name that looks like a formula), A2 and the district's own 2 people. Class 2's list of A2
    is only submitted, so nobody is placed in class 2."""
    v1, v2 = tw.villages_a1
    rows = [
        row("Vừ A Hùng", "Chủ tịch UBND"),
        row("Hà Thị Ân", "Chủ tịch Hội LHPN"),
        row("Lý Văn Đức", "Công chức LĐ-TB&XH", notes="Kế toán kiêm nhiệm"),
        row("Lò Văn An", "Trưởng thôn", village=v1),
        row("Mùa A Dũng", "Bí thư chi bộ", village=v1, paid=False),
        row("Giàng A Sếnh", "Trưởng bản", village=v2),
        row("Sùng Thị Mỷ", "Chi hội trưởng Phụ nữ", village=v2, paid=False),
    ]
    make_list(tw.class1, tw.a1, rows, status=ListStatus.APPROVED)
    make_list(tw.class2, tw.a2, [row("Người chờ duyệt", "Cán bộ")], status=ListStatus.SUBMITTED)
    make_list(
        tw.tour,
        tw.a1,
        [row("Lò Văn Thượng", "Phó Chủ tịch UBND"), row(FORMULA, "Công chức văn hóa", paid=False)],
        status=ListStatus.APPROVED,
    )
    make_list(tw.tour, tw.a2, [row("Giàng A Páo", "Chủ tịch UBND")], status=ListStatus.APPROVED)
    make_list(
        tw.tour,
        tw.district,
        [row("Nguyễn Văn Bình", "Phó Trưởng phòng LĐTBXH"), row("Trần Thị Hoa", "Chuyên viên")],
        status=ListStatus.APPROVED,
    )
    return tw


@pytest.fixture
def placed(training_world):
    return placed_world(training_world)


def document_url(identifier: str, pk: int, fmt: str) -> str:
    return reverse("document", args=[identifier, pk, fmt])


def download(client, identifier: str, obj, fmt: str = "xlsx", **params):
    return client.get(document_url(identifier, obj.pk, fmt), params)


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.content))


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return unicodedata.normalize("NFC", text)


def values(ws) -> list[tuple]:
    """Every non-empty row of a sheet, as values."""
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def table_rows(ws, first_heading: str = "TT") -> list[tuple]:
    """The rows of the sheet's table: after the headings (and the row of column numbers), up to "Tổng cộng"
    or the first empty row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_heading) + 1
    if rows[start][0] == "1" and rows[start][1] == "2":
        start += 1
    body = []
    for r in rows[start:]:
        if all(v is None for v in r):
            break
        body.append(r)
        if str(r[1]).startswith("Tổng cộng"):
            break
    return body


def names_in(rows) -> list[str]:
    return [r[1] for r in rows if isinstance(r[0], int)]


def heading(index_roman: str, unit) -> str:
    return f"{index_roman}. {capfirst(unit.full_name)}"


class TestRosterWorkbook:
    def test_headings_groups_rows_marks_and_totals(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "roster", placed.class1))
        assert wb.sheetnames == ["Lớp thứ nhất"]
        ws = wb.active
        text = [r[0] for r in values(ws)]
        assert body_name(placed.district) in text
        assert "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text
        assert "DANH SÁCH ĐẠI BIỂU THAM GIA" in text
        assert "LỚP THỨ NHẤT NĂM 2024" in text
        headings_row = next(r for r in values(ws) if r[0] == "TT")
        assert headings_row == ROSTER_HEADINGS

        body = table_rows(ws)
        v1, v2 = placed.villages_a1
        assert body[0][0] == heading("I", placed.a1)
        assert body[1] == (1, "Vừ A Hùng", "Chủ tịch UBND", "Cấp xã", "X", None, None)
        assert body[3] == (3, "Lý Văn Đức", "Công chức LĐ-TB&XH", "Cấp xã", "X", None, "Kế toán kiêm nhiệm")
        assert body[5] == (5, "Mùa A Dũng", "Bí thư chi bộ", v1.name, None, "X", None)
        assert names_in(body) == list(CLASS1)
        assert body[-2] == (None, "Cộng: 7 đại biểu", None, None, 5, 2, None)
        assert body[-1] == (None, "Tổng cộng: 7 đại biểu", None, None, 5, 2, None)
        assert any(
            "Tổng cộng: 7 đại biểu; hưởng lương từ NSNN: 5; không hưởng lương: 2." in str(r[0]) for r in values(ws)
        )
        assert ("Người lập", None, None, "TRƯỞNG PHÒNG", None, None, None) in values(ws)

    def test_print_setup_and_frozen_headings(self, placed, login):
        ws = workbook_of(download(login(placed.users.staff), "roster", placed.class1)).active
        assert ws.print_title_rows
        heading_row = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[0] == "TT")
        assert ws.print_title_rows == f"${heading_row}:${heading_row + 1}"
        assert ws.freeze_panes == f"A{heading_row + 2}"
        assert ws.page_setup.fitToWidth == 1
        assert int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.orientation == "portrait"

    def test_every_cell_is_text_never_a_formula(self, placed, login):
        ws = workbook_of(download(login(placed.users.staff), "roster", placed.tour)).active
        cell = next(c for r in ws.iter_rows() for c in r if c.value == FORMULA)
        assert cell.data_type == "s"
        assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)

    def test_only_placed_delegates(self, placed, login):
        ws = workbook_of(download(login(placed.users.staff), "roster", placed.class2)).active
        body = table_rows(ws)
        assert names_in(body) == []
        assert body == [(None, "Tổng cộng: 0 đại biểu", None, None, 0, 0, None)]

    def test_study_tour_has_the_districts_own_people_and_runs_on(self, placed, login):
        ws = workbook_of(download(login(placed.users.staff), "roster", placed.tour)).active
        body = table_rows(ws)
        groups = [r[0] for r in body if r[0] and not isinstance(r[0], int)]
        assert groups == [heading("I", placed.district), heading("II", placed.a1), heading("III", placed.a2)]
        assert body[1][1:4] == ("Nguyễn Văn Bình", "Phó Trưởng phòng LĐTBXH", "Cấp huyện")
        assert names_in(body) == ["Nguyễn Văn Bình", "Trần Thị Hoa", "Lò Văn Thượng", FORMULA, "Giàng A Páo"]
        assert body[-1] == (None, "Tổng cộng: 5 đại biểu", None, None, 4, 1, None)
        assert not ws.row_breaks.brk  # a few people a unit: no page per unit

    def test_a_class_prints_one_unit_a_page(self, placed, login):
        # A second unit with 14 people: units of a class average ten or more, so each starts a page.
        placed.class1.capacity = None
        placed.class1.unit_seats = 15
        placed.class1.save()
        placed.class1.units.add(placed.a2)
        make_list(placed.class1, placed.a2, people(14), status=ListStatus.APPROVED)
        ws = workbook_of(download(login(placed.users.staff), "roster", placed.class1)).active
        breaks = [b.id for b in ws.row_breaks.brk]
        group_rows = [c.row for c in ws["A"] if c.value == heading("II", placed.a2)]
        assert breaks == [group_rows[0] - 1]

    def test_sort_by_given_name_within_each_unit(self, placed, login):
        client = login(placed.users.staff)
        ws = workbook_of(download(client, "roster", placed.class1, sort="name")).active
        body = table_rows(ws)
        assert names_in(body) == list(CLASS1_BY_NAME)
        assert [r[0] for r in body if isinstance(r[0], int)] == list(range(1, 8))
        response = download(client, "roster", placed.class1, sort="name")
        assert "Danh-sach-lop-xep-theo-ten_Lop-thu-nhat_2024.xlsx" in response["Content-Disposition"]

    def test_position_order_is_the_default(self, placed, login):
        response = download(login(placed.users.staff), "roster", placed.class1, sort="position")
        assert names_in(table_rows(workbook_of(response).active)) == list(CLASS1)

    def test_unknown_sort_is_not_found(self, placed, login):
        assert download(login(placed.users.staff), "roster", placed.class1, sort="age").status_code == 404

    def test_file_name_is_vietnamese_with_an_ascii_twin(self, placed, login):
        response = download(login(placed.users.staff), "roster", placed.class1)
        disposition = response["Content-Disposition"]
        assert 'filename="Danh-sach-lop_Lop-thu-nhat_2024.xlsx"' in disposition
        assert "filename*=UTF-8''Danh%20s%C3%A1ch%20l%E1%BB%9Bp_" in disposition


class TestRosterPdf:
    def test_pdf_has_header_title_every_name_and_signatures(self, placed, login):
        text = pdf_text(download(login(placed.users.staff), "roster", placed.class1, "pdf"))
        assert NATIONAL_TITLE in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "DANH SÁCH ĐẠI BIỂU THAM GIA" in text
        assert "LỚP THỨ NHẤT NĂM 2024" in text
        assert heading("I", placed.a1) in text
        for name in CLASS1:
            assert name in text
        assert "Tổng cộng: 7 đại biểu" in text
        assert "Người lập" in text
        assert "TRƯỞNG PHÒNG" in text


class TestRosterAccess:
    @pytest.mark.parametrize("who", ["staff", "leader", "office"])
    def test_labour_office_leaders_and_offices_download(self, placed, login, who):
        response = download(login(getattr(placed.users, who)), "roster", placed.class1)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_unit_officer_is_forbidden(self, placed, login):
        assert download(login(placed.users.officer_a), "roster", placed.class1).status_code == 403

    def test_outsider_does_not_see_it(self, placed, login):
        assert download(login(placed.users.outsider), "roster", placed.class1).status_code == 404

    def test_anonymous_goes_to_login(self, placed, client):
        response = download(client, "roster", placed.class1)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def build_queries(exporter: str, obj, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        get_exporter(exporter).build(obj, params or {})
    return len(context.captured_queries)


@pytest.mark.parametrize("exporter", ["roster", "attendance"])
def test_building_takes_the_same_queries_for_one_delegate_as_for_many(training_world, exporter):
    tw = training_world
    make_list(tw.class1, tw.a1, [row("Vừ A Hùng", "Chủ tịch UBND")], status=ListStatus.APPROVED)
    one = build_queries(exporter, tw.class1)
    for unit, count in ((tw.a1, 3), (tw.a2, 3), (tw.district, 2)):
        rows = [row(f"Người {unit.pk} số {n}", "Cán bộ", paid=n % 2 == 0) for n in range(1, count + 1)]
        make_list(tw.tour, unit, rows, status=ListStatus.APPROVED)
    assert build_queries(exporter, tw.tour) == one
    assert build_queries(exporter, tw.tour, {"sort": "name"}) == one
