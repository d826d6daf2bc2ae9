"""Legacy Vietnamese text in a table, cell by cell: TCVN3/VNI text converted, doubtful cells flagged.

Each text cell is read with its font (tuachua.vietnamese.reading): a cell already in Unicode is never
converted, one typed in .VnTime/VNI-Times is, and one that cannot be told is kept as typed and flagged. The
rows keep a note on each converted or flagged cell for the preview ("gốc: …"), and the upload counts them.
"""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from training.upload.header import _Table
from training.upload.results import CellNote, ParsedRow
from tuachua.text import clean_text
from tuachua.vietnamese.fonts import NO_FONT, FontHint, font_hint
from tuachua.vietnamese.reading import FLAG_AMBIGUOUS, FLAG_CASE, CellText, read_text, sheet_context

ENCODING_LABELS = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI (VNI-Times)"}
SHORT_LABELS = {"tcvn3": "TCVN3", "vni": "VNI"}
NOTED_FIELDS = {"name": "full_name", "position": "position", "notes": "notes", "village": "village"}


def _hints(fonts: list[tuple]) -> list[list[FontHint]]:
    return [[font_hint(name) if name else NO_FONT for name in row] for row in fonts]


def _hint(hints: list[list[FontHint]], row: int, column: int) -> FontHint:
    return hints[row][column] if row < len(hints) and column < len(hints[row]) else NO_FONT


def read_cells(table: _Table, end: int) -> list[tuple[CellText | None, ...]]:
    """How each text cell of table.rows[body_start:end] reads; the sheet above the body (title, header) counts
    as context, so a TCVN3 header makes a doubtful TCVN3-looking cell worth a flag."""
    hints = _hints(table.fonts_of(0, end))
    context = sheet_context(
        (value, _hint(hints, r, c))
        for r, row in enumerate(table.rows[:end])
        for c, value in enumerate(row)
        if isinstance(value, str)
    )
    name_column = table.columns["name"]
    return [
        tuple(
            read_text(value, font=_hint(hints, r, c), context=context, proper_name=c == name_column)
            if isinstance(value, str)
            else None
            for c, value in enumerate(table.rows[r])
        )
        for r in range(table.body_start, end)
    ]


def as_read(row: tuple, readings: tuple) -> tuple:
    """The row with each text cell replaced by the text it was read as."""
    return tuple(reading.text if reading is not None else value for value, reading in zip(row, readings, strict=False))


def _flag_message(reading: CellText) -> str:
    other = next((text for _encoding, text in reading.alternatives), "")
    encoding = next((SHORT_LABELS.get(enc, "") for enc, _text in reading.alternatives if enc), "")
    if reading.flag == FLAG_CASE:
        return _(
            "Cần kiểm tra chữ hoa: bảng mã TCVN3 không có chữ hoa có dấu, đã giữ chữ thường như khi gõ; có thể "
            "là “%(other)s”."
        ) % {"other": clean_text(other)}
    if reading.flag == FLAG_AMBIGUOUS and other:
        return _(
            "Cần kiểm tra: ô đọc được cả bằng Unicode lẫn bảng mã %(encoding)s nên được giữ nguyên như trong tệp; "
            "nếu gõ bằng %(encoding)s thì là “%(other)s”."
        ) % {"encoding": encoding, "other": clean_text(other)}
    return _(
        "Cần kiểm tra: ô dùng phông chữ của bảng mã cũ nhưng không đọc được theo TCVN3 hay VNI; đã giữ nguyên như "
        "trong tệp."
    )


def note_for(reading: CellText | None) -> CellNote | None:
    """The preview's note on a converted or flagged cell; None for a cell kept as it was."""
    if reading is None or not (reading.converted or reading.flag):
        return None
    return CellNote(
        original=clean_text(reading.original),
        encoding=reading.encoding,
        encoding_label=SHORT_LABELS.get(reading.encoding or "", ""),
        flag=reading.flag,
        message=_flag_message(reading) if reading.flag else "",
    )


def converted_by(encoding: str, original: str) -> CellNote:
    """The note on a cell read in ``encoding`` because only that reading named one of the unit's villages."""
    return CellNote(original=clean_text(original), encoding=encoding, encoding_label=SHORT_LABELS.get(encoding, ""))


def row_notes(readings: tuple, columns: dict[str, int]) -> dict[str, CellNote]:
    notes = {}
    for role, field_name in NOTED_FIELDS.items():
        column = columns.get(role)
        reading = readings[column] if column is not None and column < len(readings) else None
        note = note_for(reading)
        if note is not None:
            notes[field_name] = note
    return notes


def counts(rows: list[ParsedRow]) -> tuple[dict[str, int], int]:
    """Cells of the rows converted, by encoding (most first), and cells flagged."""
    converted: Counter[str] = Counter()
    flagged = 0
    for item in rows:
        for note in item.cells.values():
            if note.encoding:
                converted[note.encoding] += 1
            flagged += bool(note.flag)
    return dict(converted.most_common()), flagged


def summary(converted: dict[str, int]) -> list[str]:
    """The counts of converted cells as sentences for the top of the preview, one per encoding."""
    return [
        ngettext(
            "%(count)s ô đã chuyển từ %(encoding)s sang Unicode (chữ gốc ghi ngay dưới ô).",
            "%(count)s ô đã chuyển từ %(encoding)s sang Unicode (chữ gốc ghi ngay dưới ô).",
            count,
        )
        % {"count": count, "encoding": SHORT_LABELS.get(encoding, encoding)}
        for encoding, count in converted.items()
    ]


def flag_summary(flagged: int) -> str:
    """The count of flagged cells as a sentence ("" when none)."""
    if not flagged:
        return ""
    return ngettext(
        "%(count)s ô cần kiểm tra: không chắc về bảng mã hoặc chữ hoa nên hệ thống giữ nguyên như đã gõ; xem các ô "
        "có dấu ⚠ bên dưới.",
        "%(count)s ô cần kiểm tra: không chắc về bảng mã hoặc chữ hoa nên hệ thống giữ nguyên như đã gõ; xem các ô "
        "có dấu ⚠ bên dưới.",
        flagged,
    ) % {"count": flagged}
