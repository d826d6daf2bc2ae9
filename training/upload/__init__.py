"""Reading a unit's filled Phụ lục I/II workbook (.xlsx) into rows shown in a preview before they are saved.

The file comes from a unit officer, so it is untrusted and irregular: the content (not the name) decides
whether it is an .xlsx; the table is found by its "Họ và tên" header wherever it sits (title rows above,
headers over two rows with merged cells, the "1 2 3 4 5 6" row under them); blank rows are skipped, the
notes and signatures under the table end it; the level (unit or village) comes from a "Thôn, bản" column
or from group heading rows ("I. Cấp xã", "II. Thôn Nà Sa"); text typed in TCVN3 (.VnTime) or VNI fonts is
converted to Unicode cell by cell, from the cell's font and its content, and a cell already in Unicode is never
converted; a cell that cannot be told is kept as typed and flagged. Nothing is rejected row by row: each row
carries its problems, and notes on its converted or flagged cells, for the preview.
Cells are read as values (formulas are never evaluated; text starting with "=" stays text).

The package reads the file (files), finds the table's header (header), reads each row's cells (cells), reads
legacy text cell by cell (legacy), tells the level of each delegate (villages) and turns the table body into
rows with their problems (rows).
"""

from django.utils.translation import gettext as _

from training.upload.files import (
    MAX_SHEET_ROWS,
    MAX_SHEETS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_ENTRIES,
    _check_container,
    _load_tables,
    _read_payload,
)
from training.upload.header import HEADER_SCAN_ROWS, MAX_COLUMNS
from training.upload.results import CellNote, ParsedRow, ParsedUpload, UploadError
from training.upload.rows import MAX_DATA_ROWS, _parse_table
from training.upload.villages import _VillageMatcher

__all__ = [
    "CellNote",
    "HEADER_SCAN_ROWS",
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "MAX_SHEETS",
    "MAX_SHEET_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_ZIP_ENTRIES",
    "ParsedRow",
    "ParsedUpload",
    "UploadError",
    "parse_registration_workbook",
]


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
