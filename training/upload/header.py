"""The header of a sheet's table: where the table starts and which column holds what.

The "Họ và tên" cell marks the header row; a parent row above it ("Hưởng lương từ NSNN" merged over two
columns) and a sub-header row below it ("Có" | "Không") belong to the header block when they name columns.
"""

from dataclasses import dataclass, field

from training.upload.cells import _cell, _fold, _readings, _text
from tuachua.vietnamese import convert_legacy

HEADER_SCAN_ROWS = 30
MAX_COLUMNS = 40

_SUB_LABELS = frozenset({"co", "khong", "co huong", "khong huong", "huong"})
_VILLAGE_HEADERS = ("cap thon", "thon", "ban", "to dan pho", "tdp", "xom", "khoi")


@dataclass
class _Table:
    """The table of one sheet: raw cell values, where the header is, and which column holds what."""

    sheet_title: str
    rows: list[tuple]
    columns: dict[str, int]
    body_start: int  # index in `rows` of the first row under the header block
    header_encoding: str | None  # the legacy encoding the header was only readable in, if any
    fonts: list[tuple] = field(default_factory=list)  # per row, the font name of each text cell

    def fonts_of(self, start: int, end: int) -> list[tuple]:
        """The fonts of rows[start:end] (rows without font information get none)."""
        return [self.fonts[i] if i < len(self.fonts) else () for i in range(start, end)]


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


def _table_from_header(
    title: str, rows: list[tuple], index: int, name_column: int, encoding, *, fonts: list[tuple] | None = None
) -> _Table:
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
    return _Table(title, rows, columns, body_start, encoding, fonts or [])


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
