"""The shared document kit: blocks rendered to Excel and PDF, file names, the cache, the registry, the view."""

import io

import pytest
from django.core.cache import caches
from django.http import Http404
from openpyxl import load_workbook
from pypdf import PdfReader

from tuachua.documents import pdf as pdf_module
from tuachua.documents import render
from tuachua.documents.blocks import (
    GROUP,
    SUBTOTAL,
    TOTAL,
    Closing,
    Column,
    Document,
    Notes,
    OfficialHeader,
    Paragraph,
    Recipients,
    Row,
    Section,
    Signature,
    Table,
    Title,
)
from tuachua.documents.formats import date_line, date_span, level_heading, programme_title
from tuachua.documents.xlsx import sheet_title
from tuachua.exporters import Exporter, ascii_filename, get_exporter, register, render_cached

NAMES = ["Vừ A Hùng", "Giàng A Sếnh", "Lò Văn Thượng", "Sùng Thị Mỷ", "Vàng A Páo", "Đỗ Thị Ánh"]
COLUMNS = (
    Column("TT", 12, "center", "1"),
    Column("Họ và tên", 50, "left", "2"),
    Column("Chức vụ", 50, "left", "3"),
    Column("Hưởng lương từ NSNN", 25, "center", "4"),
    Column("Không hưởng lương từ NSNN", 28, "center", "5"),
)


def sample(rows_per_group: int = 3, groups: int = 2, *, page_per_group: bool = False, extra_names=()) -> Document:
    rows = []
    number = 0
    for group in range(1, groups + 1):
        rows.append(Row((level_heading(group, f"Thôn {group}"),), GROUP))
        for index in range(rows_per_group):
            number += 1
            name = NAMES[(number - 1) % len(NAMES)] if number <= len(NAMES) else f"Người số {number}"
            rows.append(Row((number, name, "Trưởng thôn", "X" if index % 2 else "", "" if index % 2 else "X")))
        rows.append(Row(("", f"Cộng: {rows_per_group}", "", "", ""), SUBTOTAL))
    rows += [Row((number + 1 + i, name, "Cán bộ", "X", "")) for i, name in enumerate(extra_names)]
    rows.append(Row(("", "Tổng cộng", "", "", ""), TOTAL))
    blocks = [
        OfficialHeader(
            "UBND XÃ MƯỜNG ĐUN",
            parent_body="UBND HUYỆN TỦA CHÙA",
            number="Số: …/BC-UBND",
            place_date="Mường Đun, ngày 05 tháng 3 năm 2024",
        ),
        Title(("DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ",), subject=("Lớp thứ nhất",), label="Phụ lục I", note="(Kèm theo …)"),
        Paragraph("Căn cứ Kế hoạch số 20/KH-UBND ngày 25/01/2024.", "italic"),
        Table(COLUMNS, tuple(rows), number_row=True, page_per_group=page_per_group),
        Notes(("Cột 3: Chức vụ ghi rõ là cán bộ, công chức, Bí thư, Trưởng thôn,...",)),
        Closing(
            Signature(("Người lập",), hint="(Ký, ghi rõ họ tên)"),
            Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), hint="(Ký tên, đóng dấu)", name="Lò Văn Thượng"),
        ),
    ]
    return Document("Phụ lục I — Mường Đun", "Phụ lục I_Mường Đun_2024", [Section("Phụ lục I", blocks)])


def workbook(document):
    return load_workbook(io.BytesIO(render(document, "xlsx")))


def cells(ws) -> list[tuple]:
    return [tuple(cell for cell in row) for row in ws.iter_rows(values_only=True)]


def texts(ws) -> list[str]:
    return [str(value) for row in ws.iter_rows(values_only=True) for value in row if value not in (None, "")]


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


# --- formats --------------------------------------------------------------------------------------------


def test_date_line_pads_days_and_the_first_two_months():
    import datetime

    assert date_line("Tủa Chùa", datetime.date(2024, 3, 5)) == "Tủa Chùa, ngày 05 tháng 3 năm 2024"
    assert date_line("Tủa Chùa", datetime.date(2024, 2, 15)) == "Tủa Chùa, ngày 15 tháng 02 năm 2024"
    assert date_line("Tủa Chùa", None, year=2024) == "Tủa Chùa, ngày … tháng … năm 2024"
    assert date_span(datetime.date(2024, 6, 18), datetime.date(2024, 6, 19)) == "18–19/06/2024"


def test_programme_title_drops_the_period():
    from types import SimpleNamespace

    programme = SimpleNamespace(name="Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025")
    assert programme_title(programme) == "Chương trình mục tiêu quốc gia giảm nghèo bền vững"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Phụ lục I_Mường Đun_2024.xlsx", "Phu-luc-I_Muong-Dun_2024.xlsx"),
        ("Danh sách lớp_Lớp thứ nhất_2024.pdf", "Danh-sach-lop_Lop-thu-nhat_2024.pdf"),
        ('Kế hoạch "số" 12/KH-UBND.pdf', "Ke-hoach-so-12-KH-UBND.pdf"),
        ("../../etc/passwd", "etc-passwd"),
        ("Đồng Văn.xlsx", "Dong-Van.xlsx"),
    ],
)
def test_ascii_file_names_are_readable_and_safe(name, expected):
    assert ascii_filename(name) == expected


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("Lớp: thứ nhất/2024", taken) == "Lớp  thứ nhất 2024"
    long = "Danh sách đại biểu lớp tập huấn nâng cao năng lực"
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second


# --- Excel ----------------------------------------------------------------------------------------------


def test_workbook_has_the_official_header_title_and_table():
    ws = workbook(sample()).active
    values = texts(ws)
    for text in (
        "UBND HUYỆN TỦA CHÙA",
        "UBND XÃ MƯỜNG ĐUN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mường Đun, ngày 05 tháng 3 năm 2024",
        "Phụ lục I",
        "DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ",
        "Người lập",
        "TM. ỦY BAN NHÂN DÂN",
        "Lò Văn Thượng",
    ):
        assert text in values, text
    rows = cells(ws)
    header = next(index for index, row in enumerate(rows) if row[1] == "Họ và tên")
    assert rows[header] == ("TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN")
    assert rows[header + 1] == ("1", "2", "3", "4", "5")
    assert rows[header + 2][0] == "I. Thôn 1"
    assert rows[header + 3] == (1, "Vừ A Hùng", "Trưởng thôn", None, "X")
    assert rows[header + 4] == (2, "Giàng A Sếnh", "Trưởng thôn", "X", None)
    merged = {str(area) for area in ws.merged_cells.ranges}
    assert f"A{header + 3}:E{header + 3}" in merged  # the group heading spans the table


def test_workbook_prints_on_a4_with_repeated_headings_and_frozen_panes():
    ws = workbook(sample()).active
    rows = cells(ws)
    header = next(index for index, row in enumerate(rows) if row[1] == "Họ và tên") + 1
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header}:${header + 1}"
    assert ws.freeze_panes == f"A{header + 2}"
    assert round(ws.page_margins.left * 25.4) == 30 and round(ws.page_margins.right * 25.4) == 15
    assert ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst
    assert round(ws.column_dimensions["B"].width) == round(50 / 2.1)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","Bấm")', "+84 912", "-1", "@SUM(A1)", "=1+1"])
def test_text_that_looks_like_a_formula_stays_text(text):
    ws = workbook(sample(extra_names=[text])).active
    found = [cell for row in ws.iter_rows() for cell in row if cell.value == text]
    assert found and all(cell.data_type == "s" for cell in found)
    assert not [cell for row in ws.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_group_per_page_breaks_the_printed_sheet_before_each_group():
    ws = workbook(sample(page_per_group=True, groups=3)).active
    assert len(ws.row_breaks.brk) == 2


# --- PDF ------------------------------------------------------------------------------------------------


def test_pdf_has_the_header_title_every_name_and_the_signatures():
    content = render(sample(), "pdf")
    text = "\n".join(pdf_pages(content))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND XÃ MƯỜNG ĐUN",
        "DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ",
        "Người lập",
        "TM. ỦY BAN NHÂN DÂN",
        *NAMES,
    ):
        assert expected in text, expected
    assert PdfReader(io.BytesIO(content)).pages[0].mediabox.width == pytest.approx(595.28, abs=1)


def test_pdf_numbers_pages_from_the_second(settings):
    content = render(sample(rows_per_group=30, groups=2), "pdf")
    pages = pdf_pages(content)
    assert len(pages) >= 2
    assert pages[0].split()[-1] != "1"  # margin boxes come last in the text of a page
    assert pages[1].split()[-1] == "2"


def test_a_long_pdf_laid_out_in_parts_is_the_same_document(settings):
    document = sample(rows_per_group=12, groups=4, page_per_group=True)
    settings.DOCUMENT_PDF_WORKERS = 1
    whole = pdf_pages(render(document, "pdf"))
    settings.DOCUMENT_PDF_WORKERS = 2
    settings.DOCUMENT_PDF_PARALLEL_ROWS = 10
    parts = pdf_pages(render(document, "pdf"))
    assert len(parts) == len(whole) == 4
    for number, (one, other) in enumerate(zip(whole, parts, strict=True), start=1):
        assert one.split() == other.split() or sorted(one.split()) == sorted(other.split()), number
        if number > 1:
            assert str(number) in other.split()


def test_split_runs_balances_rows():
    runs = [(f"r{n}", count) for n, count in enumerate([60, 60, 60, 60, 10])]
    groups = pdf_module.split_runs(runs, 2)
    assert [len(group) for group in groups] == [2, 3]


def test_without_pango_a_pdf_says_what_to_install(monkeypatch):
    def missing():
        raise pdf_module.PdfUnavailable(pdf_module.install_hint())

    monkeypatch.setattr(pdf_module, "_weasyprint", missing)
    with pytest.raises(pdf_module.PdfUnavailable, match="libpango"):
        render(sample(), "pdf")
    assert render(sample(), "xlsx")  # Excel does not need it


# --- registry, cache, view ------------------------------------------------------------------------------


class SampleExporter(Exporter):
    identifier = "test-sample"
    label = "Mẫu thử"
    builds = 0

    def get_object(self, user, pk, params):
        if pk != 1:
            raise Http404
        return pk

    def build(self, obj, params):
        SampleExporter.builds += 1
        return sample(extra_names=[params.get("name", "")] if params.get("name") else [])


@pytest.fixture
def sample_exporter():
    from tuachua import exporters

    register(SampleExporter)
    yield get_exporter("test-sample")
    exporters._REGISTRY.pop("test-sample")


def test_registering_an_identifier_twice_is_refused(sample_exporter):
    with pytest.raises(ValueError, match="twice"):
        register(SampleExporter)


def test_a_document_whose_data_did_not_change_is_not_rendered_again(sample_exporter, monkeypatch):
    caches["documents"].clear()
    calls = []
    real = render_cached.__globals__["render"]
    monkeypatch.setitem(render_cached.__globals__, "render", lambda doc, fmt: calls.append(fmt) or real(doc, fmt))
    first = sample_exporter.export(1, "xlsx", {})
    second = sample_exporter.export(1, "xlsx", {})
    assert (first.cached, second.cached) == (False, True)
    assert first.content == second.content and calls == ["xlsx"]
    changed = sample_exporter.export(1, "xlsx", {"name": "Mùa A Dế"})
    assert not changed.cached and calls == ["xlsx", "xlsx"]


def test_download_view(sample_exporter, client, world, login):
    caches["documents"].clear()
    login(world.users.staff)
    response = client.get("/documents/test-sample/1.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="Phu-luc-I_Muong-Dun_2024.xlsx"; '
        "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c%20I_M%C6%B0%E1%BB%9Dng%20%C4%90un_2024.xlsx"
    )
    assert response["X-Document-Cache"] == "miss"
    assert client.get("/documents/test-sample/1.xlsx")["X-Document-Cache"] == "hit"
    assert client.get("/documents/test-sample/2.xlsx").status_code == 404
    assert client.get("/documents/test-sample/1.docx").status_code == 404
    assert client.get("/documents/no-such-thing/1.xlsx").status_code == 404
    assert client.post("/documents/test-sample/1.xlsx").status_code == 405


def test_download_view_needs_a_login(sample_exporter, client, world):
    response = client.get("/documents/test-sample/1.xlsx")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pdf_unavailable_is_a_clear_503(sample_exporter, client, world, login, monkeypatch):
    def missing():
        raise pdf_module.PdfUnavailable(pdf_module.install_hint())

    caches["documents"].clear()
    monkeypatch.setattr(pdf_module, "_weasyprint", missing)
    login(world.users.staff)
    response = client.get("/documents/test-sample/1.pdf")
    assert response.status_code == 503
    assert "Máy chủ chưa cài thư viện tạo PDF" in response.content.decode()


def test_recipients_render_in_both_formats():
    document = Document(
        "Kế hoạch",
        "Kế hoạch",
        [
            Section(
                "Kế hoạch",
                [
                    Paragraph("I. MỤC ĐÍCH, YÊU CẦU", "heading"),
                    Closing(
                        Recipients(("Sở LĐ-TB&XH tỉnh Điện Biên;", "Lưu: VT.")), Signature(("TM. ỦY BAN NHÂN DÂN",))
                    ),
                ],
            )
        ],
    )
    values = texts(workbook(document).active)
    assert "Nơi nhận:" in values and "- Lưu: VT." in values and "I. MỤC ĐÍCH, YÊU CẦU" in values
    text = pdf_pages(render(document, "pdf"))[0]
    assert "Nơi nhận:" in text and "- Lưu: VT." in text


def test_the_app_loads_without_importing_weasyprint():
    """WeasyPrint (and Pango behind it) is loaded only when a PDF is built: a server without Pango runs."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); "
        "import tuachua.urls, tuachua.views, tuachua.exporters, training.exporters, tuachua.plan_document; "
        "from django.urls import resolve; resolve('/documents/annex/1.xlsx'); "
        "sys.exit('weasyprint' in sys.modules)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "tuachua.settings_test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_minimum_row_height_leaves_room_to_write_by_hand():
    import dataclasses

    document = sample(rows_per_group=20, groups=2)
    plain = len(PdfReader(io.BytesIO(render(document, "pdf"))).pages)
    blocks = document.sections[0].blocks
    document.sections[0].blocks = [
        dataclasses.replace(b, row_height_mm=15) if isinstance(b, Table) else b for b in blocks
    ]
    assert len(PdfReader(io.BytesIO(render(document, "pdf"))).pages) > plain
    ws = workbook(document).active
    assert max(dimension.height or 0 for dimension in ws.row_dimensions.values()) >= 42
