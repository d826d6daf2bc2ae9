"""Phụ lục I/II workbooks as unit officers send them, built with openpyxl for the upload tests.

`annex_workbook(items, ...)` writes the form: the official header block ("UBND XÃ …", "CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM"), the title, the table header (one row, or two rows with merged cells), the "1 … 6" number
row, the rows, then the notes and signature blocks. `items` holds `Person` rows, `Group` heading rows and
`BLANK` rows. Other helpers give the files that must be refused: an old .xls, a PDF, a broken zip …
"""

import io
import zipfile
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tuachua.vietnamese import encode_legacy

DEFAULT = object()  # a Person cell left to its default
BLANK = object()  # an empty row inside the table

TITLE = (
    "DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM GIA TẬP HUẤN NÂNG CAO NĂNG LỰC NĂM 2024 THUỘC CHƯƠNG TRÌNH MỤC TIÊU "
    "QUỐC GIA GIẢM NGHÈO BỀN VỮNG TRÊN ĐỊA BÀN"
)
FAMILY = ["Giàng", "Lò", "Sùng", "Vàng", "Vừ", "Thào", "Lầu", "Mùa", "Quàng", "Cứ"]
GIVEN = ["Sếnh", "Thượng", "Mỷ", "Páo", "Hùng", "Dế", "Chứ", "Sình", "Tủa", "Mai", "Lan", "Dũng"]


@dataclass
class Person:
    """One delegate row; `paid` puts `mark` in col 4 (True) or col 5 (False) unless col4/col5 are given."""

    name: str
    position: str = "Trưởng thôn"
    paid: bool | None = True
    notes: str = ""
    village: str = ""
    phone: object = ""
    gender: str = ""
    col4: object = DEFAULT
    col5: object = DEFAULT
    tt: object = DEFAULT


@dataclass
class Group:
    """A group heading row inside the table ("I. Cấp xã", "II. Thôn Nà Sa"); `merged` spans the whole row."""

    text: str
    tt: str = ""
    merged: bool = False


def people(count: int, *, position: str = "Trưởng thôn") -> list[Person]:
    """`count` (up to 60) distinct, typical names (family, middle, given), alternately paid and not paid."""
    return [
        Person(
            name=f"{FAMILY[i % len(FAMILY)]} {'A' if i % 2 else 'Thị'} {GIVEN[i % len(GIVEN)]}",
            position=position,
            paid=i % 2 == 0,
        )
        for i in range(count)
    ]


def _columns(village_column: bool, phone_column: bool, gender_column: bool) -> list[str]:
    columns = ["tt", "name", "position"]
    columns += ["village"] if village_column else []
    columns += ["paid", "unpaid", "notes"]
    columns += ["phone"] if phone_column else []
    columns += ["gender"] if gender_column else []
    return columns


HEADERS = {
    "tt": "TT",
    "name": "Họ và tên",
    "position": "Chức vụ",
    "village": "Thôn, bản",
    "paid": "Hưởng lương từ NSNN",
    "unpaid": "Không hưởng lương từ NSNN",
    "notes": "Ghi chú",
    "phone": "Điện thoại",
    "gender": "Giới tính",
}


class _Writer:
    """Appends rows to a sheet, encoding text in a legacy encoding where asked."""

    def __init__(self, sheet, encoding: str | None, legacy_everywhere: bool):
        self.sheet = sheet
        self.encoding = encoding
        self.legacy_everywhere = legacy_everywhere
        self.row = 0

    def text(self, value, *, data: bool = False):
        if isinstance(value, str) and self.encoding and (data or self.legacy_everywhere):
            return encode_legacy(value, self.encoding)
        return value

    def put(self, column: int, value, *, data: bool = False, bold: bool = False, italic: bool = False):
        cell = self.sheet.cell(row=self.row, column=column, value=self.text(value, data=data))
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # typed text, not a formula
        if bold or italic:
            cell.font = Font(bold=bold, italic=italic)
        return cell

    def line(self, values: dict[int, object], *, data: bool = False, merge_to: int | None = None, **style):
        self.row += 1
        for column, value in values.items():
            self.put(column, value, data=data, **style)
        if merge_to:
            first = min(values) if values else 1
            self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=merge_to)


def annex_workbook(
    items: list,
    *,
    title_block: bool = True,
    two_row_header: str | None = None,
    number_row: bool = True,
    village_column: bool = False,
    phone_column: bool = False,
    gender_column: bool = False,
    footer: bool = True,
    mark: object = "X",
    encoding: str | None = None,
    legacy_everywhere: bool = True,
    headers: dict[str, str] | None = None,
    sheet_title: str = "Phụ lục I",
    leading_sheets: tuple[str, ...] = (),
    unit_name: str = "Mường Báng",
) -> bytes:
    """The .xlsx bytes of a filled Phụ lục I.

    two_row_header: None (one header row), "parent" ("Chế độ hưởng lương" merged over the full col 4/5
    headers) or "co_khong" ("Hưởng lương từ NSNN" merged over "Có" | "Không"). encoding: "tcvn3"/"vni" writes
    the text as a .VnTime/VNI-Times user typed it (everywhere, or only in the rows when not
    legacy_everywhere: a Unicode template filled in with a legacy font). leading_sheets: titles of sheets
    without a table placed before the form.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for index, title in enumerate(leading_sheets):
        workbook.create_sheet(title, index)["A1"] = "Hướng dẫn: điền danh sách ở trang bên cạnh."
    columns = _columns(village_column, phone_column, gender_column)
    writer = _Writer(sheet, encoding, legacy_everywhere)
    width = len(columns)
    if title_block:
        _write_title_block(writer, width, unit_name)
    labels = {**HEADERS, **(headers or {})}
    _write_header(writer, columns, labels, two_row_header)
    if number_row:
        writer.line({i + 1: i + 1 for i in range(width)}, italic=True)
    _write_items(writer, columns, items, mark)
    if footer:
        _write_footer(writer, width, unit_name)
    for index in range(width):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_title_block(writer: _Writer, width: int, unit_name: str) -> None:
    middle = max(3, width - 2)
    writer.line({1: f"UBND XÃ {unit_name.upper()}", middle: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}, bold=True)
    writer.line({middle: "Độc lập - Tự do - Hạnh phúc"}, bold=True)
    writer.line({})
    writer.line({1: "Phụ lục I"}, bold=True, merge_to=width)
    writer.line({1: TITLE}, bold=True, merge_to=width)
    writer.line({1: f"XÃ {unit_name.upper()}"}, bold=True, merge_to=width)
    writer.line({})


def _write_header(writer: _Writer, columns: list[str], labels: dict[str, str], two_row_header: str | None) -> None:
    position = {role: index + 1 for index, role in enumerate(columns)}
    if not two_row_header:
        writer.line({position[role]: labels[role] for role in columns}, bold=True)
        return
    paid, unpaid = position["paid"], position["unpaid"]
    parent = "Chế độ hưởng lương" if two_row_header == "parent" else labels["paid"]
    top = {position[role]: labels[role] for role in columns if role not in ("paid", "unpaid")}
    writer.line({**top, paid: parent}, bold=True)
    sub = {paid: labels["paid"], unpaid: labels["unpaid"]}
    if two_row_header == "co_khong":
        sub = {paid: "Có", unpaid: "Không"}
    writer.line(sub, bold=True)
    sheet, row = writer.sheet, writer.row
    sheet.merge_cells(start_row=row - 1, start_column=paid, end_row=row - 1, end_column=unpaid)
    for column in top:
        sheet.merge_cells(start_row=row - 1, start_column=column, end_row=row, end_column=column)


def _write_items(writer: _Writer, columns: list[str], items: list, mark: object) -> None:
    position = {role: index + 1 for index, role in enumerate(columns)}
    number = 0
    for item in items:
        if item is BLANK:
            writer.line({})
        elif isinstance(item, Group):
            if item.merged:
                writer.line({1: item.text}, data=True, bold=True, merge_to=len(columns))
            else:
                writer.line({1: item.tt or None, 2: item.text}, data=True, bold=True)
        else:
            number += 1
            writer.line(_person_cells(item, position, number, mark), data=True)


def _person_cells(person: Person, position: dict[str, int], number: int, mark: object) -> dict[int, object]:
    col4 = person.col4 if person.col4 is not DEFAULT else (mark if person.paid is True else None)
    col5 = person.col5 if person.col5 is not DEFAULT else (mark if person.paid is False else None)
    values = {
        "tt": number if person.tt is DEFAULT else person.tt,
        "name": person.name,
        "position": person.position,
        "village": person.village,
        "paid": col4,
        "unpaid": col5,
        "notes": person.notes,
        "phone": person.phone,
        "gender": person.gender,
    }
    return {position[role]: values[role] for role in position if values[role] not in (None, "")}


def _write_footer(writer: _Writer, width: int, unit_name: str) -> None:
    writer.line({})
    writer.line({1: "Ghi chú:"}, italic=True)
    writer.line({1: "Cột 3: Chức vụ ghi rõ là cán bộ, công chức, Bí thư, Trưởng thôn,..."}, italic=True)
    writer.line({1: 'Cột 4,5 tích dấu "X" đúng với chế độ được thụ hưởng'}, italic=True)
    writer.line({})
    right = max(4, width - 1)
    writer.line({right: f"{unit_name}, ngày 12 tháng 3 năm 2024"}, italic=True)
    writer.line({2: "Người lập", right: "TM. ỦY BAN NHÂN DÂN"}, bold=True)
    writer.line({right: "CHỦ TỊCH"}, bold=True)
    writer.line({})
    writer.line({})
    writer.line({2: "Lò Văn Thượng", right: "Giàng A Sếnh"}, bold=True)


def plain_workbook(rows: list[list[object]], *, sheet_title: str = "Sheet1") -> bytes:
    """A workbook holding exactly `rows` from A1 (for layouts the builder does not make)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Files that must be refused ---------------------------------------------------------------------------------


def xls_bytes() -> bytes:
    """The start of an Excel 97–2003 file (an OLE2 compound document)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 490


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def csv_bytes() -> bytes:
    header = "TT,Họ và tên,Chức vụ,Hưởng lương từ NSNN,Không hưởng lương từ NSNN,Ghi chú\n"
    return (header + "1,Vừ A Hùng,Trưởng thôn,X,,\n").encode()


def truncated(data: bytes) -> bytes:
    """An upload cut short: the zip's central directory (at its end) is missing."""
    return data[: len(data) // 2]


def corrupted_entry(data: bytes) -> bytes:
    """A zip whose directory is intact but whose sheet data is garbage (bad CRC / bad deflate stream)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
    raw = bytearray(buffer.getvalue())
    offset = raw.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for index in range(offset + 20, offset + 120):
        raw[index] ^= 0x5A
    return bytes(raw)


def word_document_bytes() -> bytes:
    """A .docx: a valid Office zip package, but not a workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bomb_bytes(uncompressed_mb: int = 60) -> bytes:
    """A small .xlsx-looking zip whose one entry inflates to `uncompressed_mb` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (uncompressed_mb * 1024 * 1024))
    return buffer.getvalue()
