"""The body of a table: where it ends, legacy text converted, one row read per delegate with its problems."""

import re

from django.utils.translation import gettext as _

from training.services import Row
from training.upload.cells import _cell, _Cells, _folds, _gender, _paid_by_state, _row_cells, _text
from training.upload.header import _is_number_row, _starts, _Table
from training.upload.legacy import (
    ENCODING_LABELS,
    as_read,
    converted_by,
    counts,
    flag_summary,
    read_cells,
    row_notes,
    summary,
)
from training.upload.results import ParsedRow, ParsedUpload, UploadError
from training.upload.villages import _UNIT_LEVEL, _heading_level, _level_of_cell, _VillageMatcher
from tuachua.text import compare_key

MAX_DATA_ROWS = 1000
_END_PREFIXES = (
    "ghi chu",
    "cot 3",
    "cot 4",
    "cot 5",
    "nguoi lap",
    "tm uy ban",
    "tm ubnd",
    "t m uy ban",
    "t m ubnd",
    "kt chu tich",
    "chu tich",
    "xac nhan",
    "noi nhan",
    "tong cong",
    "tong so",
    "danh sach",
    "an dinh danh sach",
)
_SIGNATURE_PREFIXES = (
    "nguoi lap",
    "tm uy ban",
    "tm ubnd",
    "t m uy ban",
    "t m ubnd",
    "kt chu tich",
    "chu tich",
    "xac nhan",
    "noi nhan",
    "thu truong",
    "ky ghi ro",
)
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")


def _is_end_row(row: tuple, columns: dict[str, int]) -> bool:
    """Notes, totals or signatures under the table (read as is or as legacy text)."""
    texts = [(column, value) for column, value in enumerate(row) if isinstance(value, str) and value.strip()]
    if not texts:
        return False
    first_column, first = texts[0]
    if first_column <= columns["name"] and any(_starts(key, _END_PREFIXES) for key in _folds(first)):
        return True
    if _text(_cell(row, columns["name"])) or _text(_cell(row, columns.get("position"))):
        return False
    keys = [key for _column, value in texts for key in _folds(value)]
    return any(_starts(key, _SIGNATURE_PREFIXES) or _DATE_LINE.search(key) for key in keys)


def _parse_table(table: _Table, matcher: _VillageMatcher) -> ParsedUpload:
    body = table.rows[table.body_start :]
    end = next((i for i, row in enumerate(body) if _is_end_row(row, table.columns)), len(body))
    raw = body[:end]
    readings = read_cells(table, table.body_start + end)
    converted = [as_read(row, row_readings) for row, row_readings in zip(raw, readings, strict=True)]
    rows = _parse_rows(raw, converted, readings, table.body_start + 1, table.columns, matcher)
    if len(rows) > MAX_DATA_ROWS:
        raise UploadError(
            _("Bảng có hơn %(limit)s dòng đại biểu. Hãy tách danh sách hoặc xóa các dòng thừa rồi tải lên lại.")
            % {"limit": MAX_DATA_ROWS}
        )
    by_encoding, flagged = counts(rows)
    encodings = list(by_encoding) or ([table.header_encoding] if table.header_encoding else [])
    return ParsedUpload(
        rows,
        encodings[0] if encodings else None,
        table.sheet_title,
        _table_warnings(table, rows, encodings),
        converted=by_encoding,
        flagged=flagged,
        legacy_notes=summary(by_encoding),
        flag_note=flag_summary(flagged),
    )


def _table_warnings(table: _Table, rows: list[ParsedRow], encodings: list[str]) -> list[str]:
    found = []
    if encodings:
        found.append(
            _("Tệp dùng bảng mã %(encoding)s; đã chuyển sang Unicode — kiểm tra lại tên trước khi lưu.")
            % {"encoding": _(" và ").join(ENCODING_LABELS.get(encoding, encoding) for encoding in encodings)}
        )
    missing = {
        "position": _("Không tìm thấy cột 3 “Chức vụ” trong dòng tiêu đề."),
        "paid": _("Không tìm thấy cột 4 “Hưởng lương từ NSNN” trong dòng tiêu đề."),
        "unpaid": _("Không tìm thấy cột 5 “Không hưởng lương từ NSNN” trong dòng tiêu đề."),
    }
    found += [message for role, message in missing.items() if role not in table.columns]
    if not rows:
        found.append(_("Bảng chưa có đại biểu nào."))
    return found


def _parse_rows(raw_rows, rows, readings, first_excel_row: int, columns, matcher) -> list[ParsedRow]:
    level = _UNIT_LEVEL
    parsed: list[ParsedRow] = []
    for offset, (raw, row, row_readings) in enumerate(zip(raw_rows, rows, readings, strict=True)):
        if not any(_text(value) for value in row) or _is_number_row(row):
            continue
        cells = _row_cells(raw, row, columns, row_readings)
        heading = _heading_level(cells, matcher)
        if heading is not None:
            level = heading
        elif not cells.is_filler:
            parsed.append(_delegate_row(cells, level, matcher, first_excel_row + offset, row_readings, columns))
        if len(parsed) > MAX_DATA_ROWS:
            break
    _flag_duplicates(parsed)
    return parsed


def _delegate_row(cells: _Cells, level, matcher, excel_row: int, row_readings: tuple, columns) -> ParsedRow:
    """A delegate row at the level of its group heading, or of its own "Thôn, bản" cell; with its cell notes."""
    village_encoding = None
    if "village" in columns and cells.village:
        level, village_encoding = _level_of_cell(cells, matcher)
    item = _parse_row(cells, level, excel_row)
    item.cells = row_notes(row_readings, columns)
    if village_encoding:  # the village cell named a village only in a legacy reading
        item.cells["village"] = converted_by(village_encoding, row_readings[columns["village"]].original)
    return item


def _parse_row(cells: _Cells, level, excel_row: int) -> ParsedRow:
    problems = []
    for value, limit, missing, too_long in (
        (cells.name, 120, _("Thiếu họ và tên"), _("Họ và tên dài quá 120 ký tự")),
        (cells.position, 200, _("Thiếu chức vụ"), _("Chức vụ dài quá 200 ký tự")),
        (cells.notes, 255, None, _("Ghi chú dài quá 255 ký tự")),
    ):
        if not value and missing:
            problems.append(missing)
        elif len(value) > limit:
            problems.append(too_long)
    paid, paid_problem = _paid_by_state(cells)
    village_id, level_problem = level
    gender, gender_problem = _gender(cells.gender)
    phone_problem = _("Số điện thoại dài quá 20 ký tự") if len(cells.phone) > 20 else None
    problems += [p for p in (paid_problem, level_problem, gender_problem, phone_problem) if p]
    row = Row(
        full_name=cells.name,
        position=cells.position,
        village_id=village_id,
        paid_by_state=paid,
        notes=cells.notes,
        phone=cells.phone,
        gender=gender,
    )
    return ParsedRow(excel_row=excel_row, row=row, problems=problems)


def _flag_duplicates(parsed: list[ParsedRow]) -> None:
    seen: dict[str, int] = {}
    for item in parsed:
        key = compare_key(item.row.full_name)
        if key in seen:
            item.problems.append(_("Trùng họ và tên với dòng %(row)s") % {"row": seen[key]})
        elif key:
            seen[key] = item.excel_row
