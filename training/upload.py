"""Reading a unit's filled Phụ lục I/II workbook (.xlsx) into rows shown in a preview before they are saved.

The file comes from a unit officer, so it is untrusted and irregular: the content (not the name) decides
whether it is an .xlsx; the table is found by its "Họ và tên" header wherever it sits (title rows above,
headers over two rows with merged cells, the "1 2 3 4 5 6" row under them); blank rows are skipped, the
notes and signatures under the table end it; the level (unit or village) comes from a "Thôn, bản" column
or from group heading rows ("I. Cấp xã", "II. Thôn Nà Sa"); text typed in TCVN3 (.VnTime) or VNI fonts is
converted to Unicode. Nothing is rejected row by row: each row carries its problems for the preview.
Cells are read as values (formulas are never evaluated; text starting with "=" stays text).
"""

import contextlib
import datetime
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field

import openpyxl
from django.utils.translation import gettext as _

from training.models import Gender
from training.services import Row
from tuachua.text import clean_text, compare_key
from tuachua.vietnamese import convert_legacy, detect_in_cells

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a modest guard against zip bombs
MAX_ZIP_ENTRIES = 2000
MAX_SHEETS = 20
HEADER_SCAN_ROWS = 30
MAX_SHEET_ROWS = 5000
MAX_COLUMNS = 40
MAX_DATA_ROWS = 1000

_LEGACY_ENCODINGS = ("tcvn3", "vni")
_ENCODING_LABELS = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI (VNI-Times)"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


class UploadError(Exception):
    """The file cannot be read as a registration list; the message is a Vietnamese sentence for the user."""


@dataclass
class ParsedRow:
    """One delegate row of the sheet: its Excel row number, the row as read and what is wrong with it."""

    excel_row: int
    row: Row
    problems: list[str] = field(default_factory=list)


@dataclass
class ParsedUpload:
    rows: list[ParsedRow]
    encoding: str | None  # "tcvn3" / "vni" when the text was converted from a legacy encoding
    sheet_title: str
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------


def parse_registration_workbook(data, *, villages: list[tuple[int, str]], filename: str = "") -> ParsedUpload:
    """Read the table of a Phụ lục I/II workbook; `villages` are the (id, name) of the unit's villages.

    `data` is the file's bytes or a file-like object (an uploaded file). Raises UploadError when the file is
    empty, too big, not an .xlsx, broken, or has no "Họ và tên" header in the first rows of any sheet.
    """
    payload = _read_payload(data)
    _check_container(payload, filename)
    tables = _load_tables(payload)
    if not tables:
        raise UploadError(
            _(
                "Không tìm thấy dòng tiêu đề “Họ và tên” trong %(rows)s dòng đầu của các trang tính. Hãy dùng "
                "đúng mẫu Phụ lục I/II: bảng có các cột TT, Họ và tên, Chức vụ, Hưởng lương từ NSNN, Không "
                "hưởng lương từ NSNN, Ghi chú."
            )
            % {"rows": HEADER_SCAN_ROWS}
        )
    matcher = _VillageMatcher(villages)
    parsed = [_parse_table(table, matcher) for table in tables]
    chosen = next((upload for upload in parsed if upload.rows), parsed[0])
    others = [upload.sheet_title for upload in parsed if upload.rows and upload is not chosen]
    if others:
        chosen.warnings.append(
            _("Tệp có nhiều trang tính có danh sách; chỉ đọc trang “%(title)s”, bỏ qua: %(others)s.")
            % {"title": chosen.sheet_title, "others": ", ".join(f"“{title}”" for title in others)}
        )
    return chosen


# ---------------------------------------------------------------------------------------------------------
# The file: size, container, workbook
# ---------------------------------------------------------------------------------------------------------


def _too_big() -> UploadError:
    return UploadError(
        _(
            "Tệp lớn hơn 5 MB. Danh sách đăng ký chỉ cần trang tính có bảng đại biểu: hãy xóa hình ảnh, trang "
            "tính thừa rồi tải lên lại."
        )
    )


def _read_payload(data) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        payload = bytes(data)
    else:
        size = getattr(data, "size", None)
        if isinstance(size, int) and size > MAX_UPLOAD_BYTES:
            raise _too_big()
        with contextlib.suppress(AttributeError, OSError, ValueError):
            data.seek(0)
        payload = data.read(MAX_UPLOAD_BYTES + 1) or b""
    if not payload:
        raise UploadError(_("Tệp tải lên trống (0 byte). Hãy chọn lại tệp danh sách đã lưu."))
    if len(payload) > MAX_UPLOAD_BYTES:
        raise _too_big()
    return payload


def _not_excel(filename: str) -> UploadError:
    if filename:
        message = _("Tệp “%(name)s” không phải tệp Excel (.xlsx).") % {"name": filename}
    else:
        message = _("Tệp này không phải tệp Excel (.xlsx).")
    return UploadError(message + " " + _("Hãy tải lên danh sách theo mẫu Phụ lục I/II lưu ở dạng .xlsx."))


def _broken() -> UploadError:
    return UploadError(
        _("Tệp Excel bị hỏng hoặc chưa tải lên hết. Hãy mở tệp trong Excel, lưu lại rồi tải lên lần nữa.")
    )


def _check_container(payload: bytes, filename: str) -> None:
    """The content must be an .xlsx package (a zip holding a workbook), whatever the file is called."""
    if payload.startswith(_OLE2):
        raise UploadError(
            _(
                "Tệp là Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu. Hãy mở tệp trong Excel, bỏ mật khẩu "
                "nếu có, chọn Tệp → Lưu thành → “Sổ làm việc Excel (*.xlsx)” rồi tải lên tệp .xlsx."
            )
        )
    if not payload.startswith(_ZIP):
        raise _not_excel(filename)
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _broken() from exc
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise UploadError(
            _(
                "Tệp Excel chứa quá nhiều dữ liệu (hơn 50 MB khi giải nén). Hãy chỉ giữ trang tính có danh sách "
                "đại biểu rồi tải lên lại."
            )
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.bin" in names or "content.xml" in names:
        raise UploadError(
            _(
                "Tệp là bảng tính dạng .xlsb hoặc .ods. Hãy mở tệp, chọn Lưu thành → “Sổ làm việc Excel (*.xlsx)” "
                "rồi tải lên tệp .xlsx."
            )
        )
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise _not_excel(filename)


@dataclass
class _Table:
    """The table of one sheet: raw cell values, where the header is, and which column holds what."""

    sheet_title: str
    rows: list[tuple]
    columns: dict[str, int]
    body_start: int  # index in `rows` of the first row under the header block
    header_encoding: str | None  # the legacy encoding the header was only readable in, if any


def _load_tables(payload: bytes) -> list[_Table]:
    """The sheets (in order) that have a "Họ và tên" header, read as plain values."""
    tables = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets[:MAX_SHEETS]:
                    found = _find_header(_sheet_rows(sheet, HEADER_SCAN_ROWS))
                    if found is not None:  # only then is the whole sheet read
                        tables.append(_table_from_header(sheet.title, _sheet_rows(sheet, MAX_SHEET_ROWS), *found))
            finally:
                workbook.close()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError, TypeError, SyntaxError) as exc:
        # SyntaxError covers xml.etree's ParseError; openpyxl's InvalidFileException is an OSError.
        raise _broken() from exc
    return tables


def _sheet_rows(sheet, max_row: int) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(max_row=max_row, max_col=MAX_COLUMNS, values_only=True)]


# ---------------------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _text(value) -> str:
    """A cell as one cleaned line of text (numbers without ".0", dates as dd/mm/yyyy)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def _lower(value) -> str:
    """Case-folded NFC text with its diacritics (so "bản" and "Bàn", a Dao family name, stay apart)."""
    return _text(value).casefold()


def _fold(value) -> str:
    """Comparison form of headers and markers: lower case, no diacritics, ASCII words ("Họ và tên" -> "ho va ten")."""
    text = unicodedata.normalize("NFD", _lower(value).replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def _readings(value) -> list[tuple[str | None, str]]:
    """The text of a cell as it is, and as TCVN3 and VNI text converted to Unicode (for headers and markers)."""
    if not isinstance(value, str):
        return [(None, _text(value))]
    readings = [(None, value)]
    if not value.isascii():
        readings += [(encoding, convert_legacy(value, encoding)) for encoding in _LEGACY_ENCODINGS]
    return readings


def _folds(value) -> list[str]:
    return [_fold(text) for _encoding, text in _readings(value)]


def _cell(row: tuple, column: int | None):
    return row[column] if column is not None and column < len(row) else None


# ---------------------------------------------------------------------------------------------------------
# Header: where the table starts and which column holds what
# ---------------------------------------------------------------------------------------------------------

_SUB_LABELS = frozenset({"co", "khong", "co huong", "khong huong", "huong"})
_VILLAGE_HEADERS = ("cap thon", "thon", "ban", "to dan pho", "tdp", "xom", "khoi")


def _starts(key: str, prefixes: tuple[str, ...]) -> bool:
    """`key` begins with one of `prefixes` as whole words ("tong so" matches "tong so 5", not "tong son")."""
    return any(key == prefix or key.startswith(prefix + " ") for prefix in prefixes)


def _is_name_header(key: str) -> bool:
    return key in ("ho va ten", "ho ten") or key.startswith(("ho va ten ", "ho ten "))


def _classify(key: str) -> str | None:
    """The column a header text names (tt, name, position, paid, unpaid, notes, village, phone, gender)."""
    words = key.split()
    if not words or len(words) > 12:
        return None
    if key in ("tt", "stt", "so tt", "so thu tu", "thu tu"):
        return "tt"
    if _is_name_header(key):
        return "name"
    if key.startswith(("chuc vu", "chuc danh")):
        return "position"
    if key.startswith("ghi chu"):
        return "notes"
    if key.startswith(("dien thoai", "so dien thoai", "sdt", "so dt")) or key == "dt":
        return "phone"
    if key.startswith("gioi tinh") or key in ("nam nu", "gioi"):
        return "gender"
    if key == "cap" or (_starts(key, _VILLAGE_HEADERS) and "xa" not in words):
        return "village"
    if "nsnn" in words or "ngan sach" in key or "huong luong" in key or "luong" in words:
        return "unpaid" if "khong" in words else "paid"
    return None


def _find_header(rows: list[tuple]) -> tuple[int, int, str | None] | None:
    """(row index, name column, legacy encoding needed to read it) of the first "Họ và tên" cell."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        for column, value in enumerate(row):
            if not isinstance(value, str):
                continue
            for encoding, text in _readings(value):
                if _is_name_header(_fold(text)):
                    return index, column, encoding
    return None


def _header_keys(row: tuple, encoding: str | None) -> list[str]:
    return [_fold(convert_legacy(v, encoding) if encoding and isinstance(v, str) else v) for v in row]


def _is_number_row(row: tuple) -> bool:
    """The "1 2 3 4 5 6" row under the header: at least three small numbers, increasing, and nothing else."""
    numbers = []
    for value in row:
        text = _text(value).strip("()")
        if not text:
            continue
        if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_COLUMNS:
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def _table_from_header(title: str, rows: list[tuple], index: int, name_column: int, encoding) -> _Table:
    """The header block is the "Họ và tên" row, plus a parent row above and a sub-header row below if any."""
    keys = _header_keys(rows[index], encoding)
    block = [keys]
    if index > 0:
        above = _header_keys(rows[index - 1], encoding)
        if sum(_classify(key) not in (None, "name") for key in above) >= 2:
            block.insert(0, above)
    body_start = index + 1
    if body_start < len(rows) and not _is_number_row(rows[body_start]):
        below = _header_keys(rows[body_start], encoding)
        if not _cell(tuple(below), name_column) and sum(bool(_classify(k)) or k in _SUB_LABELS for k in below) >= 2:
            block.append(below)
            body_start += 1
    columns = _map_columns(block)
    columns["name"] = name_column
    return _Table(title, rows, columns, body_start, encoding)


def _map_columns(block: list[list[str]]) -> dict[str, int]:
    """Role of each column: the lowest header cell that names one, else the texts of the block joined.

    Joining reads a parent over two sub-columns ("Hưởng lương từ NSNN" merged over "Có" | "Không"): a merged
    cell's text is only in its first column, so an empty parent cell takes the text on its left.
    """
    width = max(len(keys) for keys in block)
    block = [keys + [""] * (width - len(keys)) for keys in block]
    carried = [_carry_right(keys) for keys in block]
    columns: dict[str, int] = {}
    for column in range(width):
        role = next((_classify(keys[column]) for keys in reversed(block) if _classify(keys[column])), None)
        if role is None and block[-1][column]:
            role = _classify(" ".join(keys[column] for keys in carried if keys[column]))
        if role is not None and role not in columns:
            columns[role] = column
    return columns


def _carry_right(keys: list[str]) -> list[str]:
    out, last = [], ""
    for key in keys:
        last = key or last
        out.append(last)
    return out


# ---------------------------------------------------------------------------------------------------------
# Body: where the table ends, legacy text, rows
# ---------------------------------------------------------------------------------------------------------

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


def _parse_table(table: _Table, matcher: "_VillageMatcher") -> ParsedUpload:
    body = table.rows[table.body_start :]
    end = next((i for i, row in enumerate(body) if _is_end_row(row, table.columns)), len(body))
    raw = body[:end]
    encoding = detect_in_cells(v for row in raw for v in row if isinstance(v, str)) or table.header_encoding
    converted = [_convert_row(row, encoding) for row in raw] if encoding else raw
    rows = _parse_rows(raw, converted, table.body_start + 1, table.columns, matcher)
    if len(rows) > MAX_DATA_ROWS:
        raise UploadError(
            _("Bảng có hơn %(limit)s dòng đại biểu. Hãy tách danh sách hoặc xóa các dòng thừa rồi tải lên lại.")
            % {"limit": MAX_DATA_ROWS}
        )
    return ParsedUpload(rows, encoding, table.sheet_title, _table_warnings(table, rows, encoding))


def _convert_row(row: tuple, encoding: str) -> tuple:
    return tuple(convert_legacy(value, encoding) if isinstance(value, str) else value for value in row)


def _table_warnings(table: _Table, rows: list[ParsedRow], encoding: str | None) -> list[str]:
    found = []
    if encoding:
        found.append(
            _("Tệp dùng bảng mã %(encoding)s; đã chuyển sang Unicode — kiểm tra lại tên trước khi lưu.")
            % {"encoding": _ENCODING_LABELS.get(encoding, encoding)}
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


@dataclass
class _Cells:
    """The cells of one row by role: cleaned text, and the X marks of cols 4/5 (None: not a mark)."""

    tt: str
    name: str
    position: str
    notes: str
    village: str
    phone: str
    gender: str
    paid: bool | None
    unpaid: bool | None
    paid_text: str
    unpaid_text: str

    @property
    def any_mark(self) -> bool:
        return self.paid is not False or self.unpaid is not False

    @property
    def is_filler(self) -> bool:
        """Only a number in TT (the template's "1", "2", "...." rows) or nothing at all."""
        return not (self.name or self.position or self.notes or self.phone or self.village or self.any_mark)


def _row_cells(raw: tuple, row: tuple, columns: dict[str, int]) -> _Cells:
    def text(role):
        return _text(_cell(row, columns.get(role)))

    def mark(role):
        found = _mark(_cell(raw, columns.get(role)))
        return found if found is not None else _mark(_cell(row, columns.get(role)))

    return _Cells(
        tt=text("tt"),
        name=text("name"),
        position=text("position"),
        notes=text("notes"),
        village=text("village"),
        phone=_phone(_cell(row, columns.get("phone"))),
        gender=text("gender"),
        paid=mark("paid"),
        unpaid=mark("unpaid"),
        paid_text=text("paid"),
        unpaid_text=text("unpaid"),
    )


def _parse_rows(raw_rows, rows, first_excel_row: int, columns, matcher) -> list[ParsedRow]:
    level = _UNIT_LEVEL
    parsed: list[ParsedRow] = []
    for offset, (raw, row) in enumerate(zip(raw_rows, rows, strict=True)):
        if not any(_text(value) for value in row) or _is_number_row(row):
            continue
        cells = _row_cells(raw, row, columns)
        heading = _heading_level(cells, matcher)
        if heading is not None:
            level = heading
        elif not cells.is_filler:
            parsed.append(_parse_row(cells, level, matcher, first_excel_row + offset, "village" in columns))
        if len(parsed) > MAX_DATA_ROWS:
            break
    _flag_duplicates(parsed)
    return parsed


def _parse_row(cells: _Cells, level, matcher, excel_row: int, has_village_column: bool) -> ParsedRow:
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
    if has_village_column and cells.village:
        level = _level_of_cell(cells.village, matcher)
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


# ---------------------------------------------------------------------------------------------------------
# Cell values: X marks, gender, phone
# ---------------------------------------------------------------------------------------------------------

# "ü" and "þ" are the check marks of the Wingdings font (Insert → Symbol), read without the font.
_MARKS = frozenset({"x", "×", "✕", "✓", "✔", "✅", "☑", "☒", "v", "1", "có", "co", "yes", "true", "ü", "þ"})
_NO_MARKS = frozenset({"", "-", "0", "không", "khong", "false", "no"})


def _mark(value) -> bool | None:
    """Whether a cell of col 4/5 is ticked; None when it holds something that is not a mark."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(value)
    if not isinstance(value, str):
        return None
    text = clean_text(value).casefold().strip(" .()[]\"'")
    if text in _MARKS:
        return True
    if text in _NO_MARKS:
        return False
    return None


def _paid_by_state(cells: _Cells) -> tuple[bool | None, str | None]:
    for mark, number, text in ((cells.paid, 4, cells.paid_text), (cells.unpaid, 5, cells.unpaid_text)):
        if mark is None:
            return None, _("Cột %(number)s ghi “%(text)s”: chỉ đánh dấu X vào cột 4 hoặc cột 5") % {
                "number": number,
                "text": text,
            }
    if cells.paid and cells.unpaid:
        return None, _("Đánh dấu X ở cả hai cột 4 và 5")
    if not cells.paid and not cells.unpaid:
        return None, _("Chưa đánh dấu X ở cột 4 hoặc cột 5")
    return bool(cells.paid), None


_GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE, "nu": Gender.FEMALE, "female": Gender.FEMALE}


def _gender(text: str) -> tuple[str, str | None]:
    if not text:
        return "", None
    found = _GENDERS.get(_fold(text))
    if found is None:
        return "", _("Không rõ giới tính “%(text)s” (ghi Nam hoặc Nữ)") % {"text": text}
    return str(found), None


_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")


def _phone(value) -> str:
    """A phone number as digits: a number cell gets back its leading 0 ("912345678" -> "0912345678")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return "0" + digits if len(digits) == 9 else digits
    text = _text(value)
    compact = _PHONE_PUNCTUATION.sub("", text)
    return compact if re.fullmatch(r"\+?\d+", compact) else text


# ---------------------------------------------------------------------------------------------------------
# Level: unit (cấp xã) or one of the unit's villages
# ---------------------------------------------------------------------------------------------------------

_UNIT_LEVEL: tuple[int | None, str | None] = (None, None)
_VILLAGE_WORDS = frozenset(
    {"thôn", "bản", "tdp", "tổ", "xóm", "khối", "khu", "đội", "làng", "ấp", "buôn", "bon", "sóc", "phum", "cụm"}
)
_ENUMERATOR = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-Z]|\d{1,2})\s*[.)/:\-–]\s*")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])$")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    words = _WORD.findall(_lower(text))
    return [str(int(w)) if w.isascii() and w.isdigit() else w for w in words if w != "số"]


def _bare_words(words: list[str]) -> list[str]:
    """The words of a village name without its kind ("Thôn 01" -> ["1"], "Tổ dân phố 3" -> ["3"])."""
    if words[:3] == ["tổ", "dân", "phố"]:
        return words[3:]
    return words[1:] if words and words[0] in _VILLAGE_WORDS else words


def _village_keys(text: str) -> list[str]:
    """Keys from strict to loose: the full name, without "Thôn"/"Bản", and without diacritics either."""
    words = _words(text)
    bare = " ".join(_bare_words(words))
    return [" ".join(words), bare, _fold(bare)]


class _VillageMatcher:
    """Finds one of the unit's villages from what the officer typed."""

    def __init__(self, villages: list[tuple[int, str]]):
        self._tiers: list[dict[str, set[int]]] = [{}, {}, {}]
        for village_id, name in villages:
            for tier, key in zip(self._tiers, _village_keys(name), strict=True):
                if key:
                    tier.setdefault(key, set()).add(village_id)

    def find(self, text: str) -> set[int]:
        for tier, key in zip(self._tiers, _village_keys(text), strict=True):
            if key and key in tier:
                return tier[key]
        return set()

    def level(self, text: str) -> tuple[int | None, str | None]:
        found = self.find(text)
        if len(found) == 1:
            return next(iter(found)), None
        if found:
            return None, _("Không rõ thôn, bản “%(name)s” (trùng tên nhiều thôn, bản): ghi ở cấp xã") % {"name": text}
        return None, _("Không rõ thôn, bản “%(name)s”: ghi ở cấp xã") % {"name": text}


_UNIT_PHRASES = ("cấp xã", "cấp thị trấn", "cấp phường")
_UNIT_STARTS = ("xã", "thị trấn", "phường", "ubnd", "ủy ban", "uỷ ban")


def _names_unit(text: str, *, loosely: bool) -> bool:
    """ "Cấp xã", "Xã Mường Báng", "UBND xã", "Cán bộ cấp xã" name the unit itself, not a village.

    `loosely` also takes any text with the word "xã" that does not start like a village ("Lãnh đạo xã").
    """
    low = _lower(text).strip(" .:-")
    if any(phrase in low for phrase in _UNIT_PHRASES) or _fold(low) in ("cap xa", "xa"):
        return True
    if low.startswith(_UNIT_STARTS):
        return True
    words = _words(low)
    return loosely and bool(words) and words[0] not in _VILLAGE_WORDS and "xã" in words


def _level_of_cell(text: str, matcher: _VillageMatcher) -> tuple[int | None, str | None]:
    """The level named in a "Thôn, bản" / "Cấp" column cell."""
    if not text.strip(" -.") or _names_unit(text, loosely=True):
        return _UNIT_LEVEL
    return matcher.level(text)


def _heading_text(cells: _Cells) -> tuple[str, bool]:
    """The text of a would-be group heading row and whether it is numbered like one (I, II, A ...)."""
    tt = cells.tt.rstrip(".")
    if not tt:
        return cells.name, False
    if _ROMAN_OR_LETTER.match(tt):
        return cells.name, True
    if tt.isdigit():
        return cells.name, False
    return (cells.tt, False) if not cells.name else ("", False)  # a heading merged across the table


def _heading_level(cells: _Cells, matcher: _VillageMatcher) -> tuple[int | None, str | None] | None:
    """The level a group heading row switches to ("I. Cấp xã", "II. Thôn Nà Sa", "Thôn 02"), or None."""
    if cells.position or cells.any_mark or cells.phone:
        return None
    text, numbered = _heading_text(cells)
    enumerator = _ENUMERATOR.match(text)
    if enumerator:
        text, numbered = text[enumerator.end() :], True
    text = text.strip(" :.-")
    if not text:
        return None
    words = _words(text)
    if not words:
        return None
    if _names_unit(text, loosely=numbered):
        return _UNIT_LEVEL
    kind = [w for w in words if w not in ("cấp", "dân", "phố")]
    if kind and all(w in _VILLAGE_WORDS for w in kind):
        return None, _("Không rõ thôn, bản nào (nhóm “%(name)s”): ghi ở cấp xã") % {"name": text}
    if words[0] in _VILLAGE_WORDS or words[:3] == ["tổ", "dân", "phố"] or matcher.find(text):
        return matcher.level(text)
    return matcher.level(text) if numbered else None
