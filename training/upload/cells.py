"""One row's cells: a cell as cleaned text (and as TCVN3/VNI text converted), the row by role, X marks,
gender and phone numbers.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from training.models import Gender
from tuachua.text import clean_text
from tuachua.vietnamese import convert_legacy

_LEGACY_ENCODINGS = ("tcvn3", "vni")
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
# One row by role
# ---------------------------------------------------------------------------------------------------------


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
    # other plausible readings of a cell (encoding or None, text), by role: a heading or village cell that
    # matches none of the unit's villages as read may match in one of them
    alternatives: dict[str, tuple[tuple[str | None, str], ...]] = field(default_factory=dict)

    @property
    def any_mark(self) -> bool:
        return self.paid is not False or self.unpaid is not False

    @property
    def is_filler(self) -> bool:
        """Only a number in TT (the template's "1", "2", "...." rows) or nothing at all."""
        return not (self.name or self.position or self.notes or self.phone or self.village or self.any_mark)


_ALTERNATIVE_ROLES = ("tt", "name", "village", "paid", "unpaid")


def _row_cells(raw: tuple, row: tuple, columns: dict[str, int], readings: tuple = ()) -> _Cells:
    """The row's cells by role; ``readings`` holds how each text cell was read (CellText or None)."""

    def text(role):
        return _text(_cell(row, columns.get(role)))

    def alternatives(role):
        reading = _cell(readings, columns.get(role))
        return tuple((enc, _text(alt)) for enc, alt in reading.alternatives) if reading is not None else ()

    def mark(role):
        readings_of_cell = [_cell(raw, columns.get(role)), _cell(row, columns.get(role))]
        readings_of_cell += [text for _encoding, text in alternatives(role)]  # "cã": "có" in TCVN3
        found = (_mark(value) for value in readings_of_cell)
        return next((value for value in found if value is not None), _mark(readings_of_cell[0]))

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
        alternatives={role: found for role in _ALTERNATIVE_ROLES if (found := alternatives(role))},
    )


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
