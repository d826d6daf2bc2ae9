"""The file: its size, whether its content is an .xlsx package, and the sheets of the workbook that hold a
table.
"""

import contextlib
import io
import warnings
import zipfile
import zlib

import openpyxl
from django.utils.translation import gettext as _

from training.upload.header import HEADER_SCAN_ROWS, MAX_COLUMNS, _find_header, _Table, _table_from_header
from training.upload.results import UploadError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a modest guard against zip bombs
MAX_ZIP_ENTRIES = 2000
MAX_SHEETS = 20
MAX_SHEET_ROWS = 5000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


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
                    if found is not None:  # only then is the whole sheet read, with the fonts of its text
                        rows, fonts = _sheet_cells(sheet, MAX_SHEET_ROWS)
                        tables.append(_table_from_header(sheet.title, rows, *found, fonts=fonts))
            finally:
                workbook.close()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError, TypeError, SyntaxError) as exc:
        # SyntaxError covers xml.etree's ParseError; openpyxl's InvalidFileException is an OSError.
        raise _broken() from exc
    return tables


def _sheet_rows(sheet, max_row: int) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(max_row=max_row, max_col=MAX_COLUMNS, values_only=True)]


def _sheet_cells(sheet, max_row: int) -> tuple[list[tuple], list[tuple]]:
    """The values of the rows, and the font name of each text cell (".VnTime", "VNI-Times" …; None otherwise)."""
    values, fonts = [], []
    for row in sheet.iter_rows(max_row=max_row, max_col=MAX_COLUMNS):
        values.append(tuple(cell.value for cell in row))
        fonts.append(tuple(_font_name(cell) for cell in row))
    return values, fonts


def _font_name(cell) -> str | None:
    if not isinstance(cell.value, str):
        return None
    return getattr(getattr(cell, "font", None), "name", None)
