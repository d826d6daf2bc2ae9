"""Capitals with a tone in TCVN3 text: told from the shape of the word and of the cell, or left undecided.

TCVN3 has codes for lower-case toned vowels only ("Ủ" and "ủ" are both "ñ"): a typist got the capital by
switching to the all-caps font (.VnTimeH), or simply lived with the lower-case letter. So when TCVN3 text is
converted, every toned vowel comes back with an unknown case. The rest of the text tells it:

* a word whose other letters are capitals is in capitals: "ñY BAN" -> "ỦY BAN", "NGUYÔN" -> "NGUYỄN";
* a toned vowel inside a lower-case word is lower case: "Hïng" -> "Hùng";
* a word made only of such vowels ("ý") follows the cell when every other letter of it is a capital;
* a word that begins with one ("án") is a capital in a person's name (every word of a name is capitalised,
  "Lò Văn Ỏn") and in Title Case text, lower case in text typed in lower case; in ordinary sentence case it
  is undecided ("Ủy viên" or "ủy viên"? "Đảng ủy" or "Đảng Ủy"?), as in a word of mixed case: those are
  kept lower case, as typed, and reported, so a person decides.
"""

import re
from dataclasses import dataclass

from tuachua.vietnamese.encodings import TCVN3_CASELESS_CODES

_WORD = re.compile(r"\S+")
UPPER, LOWER, UNDECIDED = "upper", "lower", "undecided"


@dataclass(frozen=True)
class CaseResult:
    """The converted text with the case of each toned vowel decided where possible.

    ``undecided``: the same text with the undecided vowels as capitals (None when every case was told).
    """

    text: str
    undecided: str | None = None


@dataclass(frozen=True)
class _Word:
    start: int
    end: int


class _Cell:
    """The decoded text of one cell, which of its letters have an unknown case, and its words."""

    def __init__(self, original: str, decoded: str):
        self.text = decoded
        self.caseless = [ch in TCVN3_CASELESS_CODES for ch in original]
        spans = (match.span() for match in _WORD.finditer(decoded))
        self.words = [_Word(a, b) for a, b in spans if any(ch.isalpha() for ch in decoded[a:b])]

    def known_cases(self, start: int, end: int) -> list[bool]:
        """Whether each letter of known case in text[start:end] is a capital."""
        return [
            ch.isupper()
            for ch, caseless in zip(self.text[start:end], self.caseless[start:end], strict=True)
            if not caseless and ch.lower() != ch.upper()
        ]

    def inner_cases(self) -> list[bool]:
        """Whether each letter of known case that does not begin a word is a capital (tells a cell in capitals
        from one in Title Case)."""
        found = []
        for word in self.words:
            found += self.known_cases(self.first_letter(word) + 1, word.end)
        return found

    def first_letter(self, word: _Word) -> int:
        return next(i for i in range(word.start, word.end) if self.text[i].isalpha())

    def initials(self, skip: _Word) -> list[bool]:
        """Whether the other words begin with a capital (words beginning with a caseless vowel left out)."""
        found = []
        for word in self.words:
            first = self.first_letter(word)
            if word is not skip and not self.caseless[first]:
                found.append(self.text[first].isupper())
        return found


def recover_case(original: str, decoded: str, *, proper_name: bool = False) -> CaseResult:
    """Decide the case of each toned vowel of TCVN3 text ``original`` decoded as ``decoded`` (same length).

    ``proper_name``: the text is a person's name, so a word beginning with a toned vowel is capitalised.
    """
    if len(original) != len(decoded) or not any(ch in TCVN3_CASELESS_CODES for ch in original):
        return CaseResult(decoded)
    cell = _Cell(original, decoded)
    chars, undecided = list(decoded), []
    for index, word in enumerate(cell.words):
        for position in range(word.start, word.end):
            if not cell.caseless[position]:
                continue
            verdict = _case_of(cell, index, word, position, proper_name)
            if verdict == UPPER:
                chars[position] = chars[position].upper()
            elif verdict == UNDECIDED:
                undecided.append(position)
    text = "".join(chars)
    if not undecided:
        return CaseResult(text)
    alternative = [ch.upper() if i in undecided else ch for i, ch in enumerate(chars)]
    return CaseResult(text, "".join(alternative))


def _case_of(cell: _Cell, index: int, word: _Word, position: int, proper_name: bool) -> str:
    initial = cell.first_letter(word)
    inner = cell.known_cases(initial + 1, word.end)
    if inner and any(inner) and not all(inner):
        return UNDECIDED  # mixed case around it: "ViÖT"
    if inner:
        if all(inner):
            return UPPER  # "ñY", "NGUYÔN"
        return LOWER if position != initial else _initial_case(cell, index, word, proper_name)
    # nothing to go by inside the word ("Lß", "án", "ý"): the rest of the cell decides
    in_cell = cell.inner_cases()
    if in_cell and all(in_cell):
        return UPPER  # the cell is in capitals: "UBND X·"
    if position != initial:
        starts_upper = cell.text[initial].isupper() and not cell.caseless[initial]
        return UNDECIDED if starts_upper and not in_cell and not proper_name else LOWER
    return _initial_case(cell, index, word, proper_name)


def _initial_case(cell: _Cell, index: int, word: _Word, proper_name: bool) -> str:
    """A word that begins with a toned vowel: the other words' initials tell when they agree.

    In a name every word is capitalised (unless the whole name is in lower case). In other text a capital is
    told by Title Case ("Hội Liên Hiệp Ủy …"), a small letter by a text in lower case after its first word;
    a sentence in ordinary case cannot tell "Ủy viên" from "ủy viên", nor "Chủ tịch Ủy ban" from "ủy ban".
    """
    others = cell.initials(skip=word)
    if proper_name:
        return LOWER if others and not any(others) else UPPER
    if len(others) >= 2 and all(others):
        return UPPER
    if index > 0 and others and not any(others):
        return LOWER
    return UNDECIDED
