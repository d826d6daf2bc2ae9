"""Vietnamese text at the edge: every name and free text passes `clean_text` before it is stored.

Keyboards send composed (NFC) or decomposed (NFD) Vietnamese; pasted text brings tabs, non-breaking
spaces and doubled blanks. Equality, search and duplicate checks only work on one form, so we keep NFC
with single spaces.
"""

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")
# Control characters (NUL included, which PostgreSQL refuses in text) are dropped; tabs and line breaks are
# blanks and handled with them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_SPACES = re.compile(r"[ \t\u00a0\u200b\ufeff]+")


def clean_text(value: str | None) -> str:
    """One line of text: NFC, trimmed, every run of blanks turned into one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", _CONTROLS.sub("", unicodedata.normalize("NFC", str(value)))).strip()


def clean_multiline(value: str | None) -> str:
    """Free text that keeps its line breaks: each line cleaned, blank lines at both ends dropped."""
    if value is None:
        return ""
    text = _CONTROLS.sub("", unicodedata.normalize("NFC", str(value))).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def whole_number(value, *, max_digits: int = 18) -> int | None:
    """A non-negative whole number typed as ASCII digits ("12"), else None ("", "-1", "1.5", 40 digits, "²":
    a superscript passes str.isdigit() but not int()). 18 digits fit every 64-bit database id."""
    text = "" if value is None else str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= max_digits else None


def compare_key(value: str | None) -> str:
    """The form two names are compared in: cleaned and case-folded ("Vừ A Hùng" == "vừ  a HÙNG")."""
    return clean_text(value).casefold()


def lines_of(value: str | None) -> list[str]:
    """Non-empty lines of a multi-line text field, for lists kept one item per line."""
    return [line for line in clean_multiline(value).split("\n") if line]
