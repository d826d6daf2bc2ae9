"""The level of a delegate: the unit itself (cấp xã) or one of the unit's villages.

The level comes from a "Thôn, bản" column or from group heading rows ("I. Cấp xã", "II. Thôn Nà Sa");
what the officer typed is matched to the unit's villages from strict to loose.
"""

import dataclasses
import re

from django.utils.translation import gettext as _

from training.upload.cells import _Cells, _fold, _lower

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


def _level_of_text(text: str, matcher: _VillageMatcher) -> tuple[int | None, str | None]:
    if not text.strip(" -.") or _names_unit(text, loosely=True):
        return _UNIT_LEVEL
    return matcher.level(text)


def _level_of_cell(cells: _Cells, matcher: _VillageMatcher) -> tuple[tuple[int | None, str | None], str | None]:
    """The level named in a "Thôn, bản" / "Cấp" column cell, and the legacy encoding of the reading that named
    it when that is not the cell as read (a cell kept as typed that names a village only when converted)."""
    found = _level_of_text(cells.village, matcher)
    if found[1] is None:
        return found, None
    for encoding, text in cells.alternatives.get("village", ()):
        other = _level_of_text(text, matcher)
        if other[1] is None:
            return other, encoding
    return found, None


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
    """The level a group heading row switches to ("I. Cấp xã", "II. Thôn Nà Sa", "Thôn 02"), or None.

    A heading that names none of the unit's villages as read is tried in its other plausible readings (a
    heading kept as typed in a .VnTime cell may be TCVN3 text, and the other way round).
    """
    found = _heading_level_as_read(cells, matcher)
    if found is None or found[1] is None:
        return found
    for alternative in _alternative_cells(cells):
        other = _heading_level_as_read(alternative, matcher)
        if other is not None and other[1] is None:
            return other
    return found


def _alternative_cells(cells: _Cells) -> list[_Cells]:
    tt, name = cells.alternatives.get("tt", ()), cells.alternatives.get("name", ())
    return [dataclasses.replace(cells, tt=text) for _encoding, text in tt] + [
        dataclasses.replace(cells, name=text) for _encoding, text in name
    ]


def _heading_level_as_read(cells: _Cells, matcher: _VillageMatcher) -> tuple[int | None, str | None] | None:
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
