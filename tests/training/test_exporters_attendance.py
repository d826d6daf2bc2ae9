"""Danh sách ký nhận ("attendance"): one signature sheet per day of a class or the study tour, read back from
the downloaded workbook and PDF; `day` picks one day; who may download it."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from tests.training.test_exporters_roster import (
    CLASS1,
    CLASS1_BY_NAME,
    FORMULA,
    download,
    names_in,
    pdf_text,
    placed_world,
    table_rows,
    workbook_of,
)
from tuachua.documents.blocks import NATIONAL_TITLE

HEADINGS = ("TT", "Họ và tên", "Đơn vị", "Chức vụ", "Ký nhận", "Ghi chú")


@pytest.fixture
def placed(training_world):
    return placed_world(training_world)


def first_column(ws) -> list:
    return [r[0] for r in ws.iter_rows(values_only=True) if r[0] is not None]


class TestAttendanceWorkbook:
    def test_one_sheet_per_day_with_the_roster_to_sign(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "attendance", placed.class1))
        assert wb.sheetnames == ["Ngày thứ 1", "Ngày thứ 2"]
        for number, ws in enumerate(wb.worksheets, start=1):
            column = first_column(ws)
            assert "DANH SÁCH KÝ NHẬN" in column
            assert "ĐẠI BIỂU THAM GIA LỚP THỨ NHẤT NĂM 2024" in column
            assert f"Ngày thứ {number}" in column
            assert next(r for r in ws.iter_rows(values_only=True) if r[0] == "TT") == HEADINGS
            body = table_rows(ws)
            assert names_in(body) == list(CLASS1)
            unit = capfirst(placed.a1.full_name)
            assert body[0] == (1, "Vừ A Hùng", unit, "Chủ tịch UBND", None, None)
            assert body[2] == (3, "Lý Văn Đức", unit, "Công chức LĐ-TB&XH", None, "Kế toán kiêm nhiệm")
            assert all(r[4] is None for r in body)  # "Ký nhận" is left to sign

    def test_rows_are_tall_enough_to_sign_and_print_on_a4(self, placed, login):
        ws = workbook_of(download(login(placed.users.staff), "attendance", placed.class1)).worksheets[0]
        heading = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[0] == "TT")
        heights = [ws.row_dimensions[heading + n].height for n in range(1, 8)]
        assert all(height and height >= 25 for height in heights)  # 9 mm ≈ 25.5 pt
        assert ws.print_title_rows == f"${heading}:${heading}"
        assert ws.freeze_panes == f"A{heading + 1}"
        assert ws.page_setup.fitToWidth == 1
        assert int(ws.page_setup.paperSize) == 9

    def test_days_are_dated_when_the_event_has_dates(self, placed, login):
        placed.class1.start_date = datetime.date(2024, 6, 18)
        placed.class1.end_date = datetime.date(2024, 6, 19)
        placed.class1.venue = "Hội trường UBND huyện"
        placed.class1.save()
        wb = workbook_of(download(login(placed.users.staff), "attendance", placed.class1))
        assert wb.sheetnames == ["Ngày thứ 1 (18-06-2024)", "Ngày thứ 2 (19-06-2024)"]
        column = first_column(wb.worksheets[1])
        assert "Ngày thứ 2 (19/06/2024)" in column
        assert "(Thời gian: 18–19/06/2024 (02 ngày); địa điểm: Hội trường UBND huyện)" in column

    def test_one_day_on_request(self, placed, login):
        response = download(login(placed.users.staff), "attendance", placed.class1, day="2")
        wb = workbook_of(response)
        assert wb.sheetnames == ["Ngày thứ 2"]
        assert "Danh-sach-ky-nhan_Lop-thu-nhat_Ngay-2_2024.xlsx" in response["Content-Disposition"]

    @pytest.mark.parametrize("day", ["0", "3", "x", "-1", "1.5"])
    def test_a_day_outside_the_event_is_not_found(self, placed, login, day):
        assert download(login(placed.users.staff), "attendance", placed.class1, day=day).status_code == 404

    def test_study_tour_has_a_sheet_for_each_of_its_days(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "attendance", placed.tour))
        assert wb.sheetnames == [f"Ngày thứ {n}" for n in range(1, 9)]
        body = table_rows(wb.worksheets[7])
        assert names_in(body) == ["Nguyễn Văn Bình", "Trần Thị Hoa", "Lò Văn Thượng", FORMULA, "Giàng A Páo"]
        assert body[0][2] == capfirst(placed.district.full_name)
        cell = next(c for r in wb.worksheets[0].iter_rows() for c in r if c.value == FORMULA)
        assert cell.data_type == "s"

    def test_sort_by_given_name(self, placed, login):
        wb = workbook_of(download(login(placed.users.staff), "attendance", placed.class1, sort="name", day="1"))
        assert names_in(table_rows(wb.active)) == list(CLASS1_BY_NAME)


def test_pdf_has_header_title_days_names_and_signatures(placed, login):
    text = pdf_text(download(login(placed.users.staff), "attendance", placed.class1, "pdf"))
    assert NATIONAL_TITLE in text
    assert "DANH SÁCH KÝ NHẬN" in text
    assert "Ngày thứ 1" in text
    assert "Ngày thứ 2" in text
    for name in CLASS1:
        assert text.count(name) == 2  # once a day
    assert text.count("Người lập") == 2
    assert "TRƯỞNG PHÒNG" in text


class TestAttendanceAccess:
    def test_staff_downloads(self, placed, login):
        assert download(login(placed.users.leader), "attendance", placed.class1).status_code == 200

    def test_unit_officer_is_forbidden(self, placed, login):
        assert download(login(placed.users.officer_a), "attendance", placed.class1).status_code == 403

    def test_outsider_does_not_see_it(self, placed, login):
        assert download(login(placed.users.outsider), "attendance", placed.class1).status_code == 404

    def test_anonymous_goes_to_login(self, placed, client):
        response = download(client, "attendance", placed.class1)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
