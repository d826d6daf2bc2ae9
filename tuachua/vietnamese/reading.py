"""One cell of an office file: kept as typed, converted from TCVN3/VNI, or flagged when that cannot be told.

Each cell is judged on its own, because one workbook often holds cells typed at different times, on
different machines, in different encodings: the headings the app wrote in Unicode, names typed with a
.VnTime font, a row pasted from a VNI file. Rules, strongest first:

1. Text holding a letter only Unicode has (ă ạ ơ ư đ …, NFD marks) or only ASCII is Unicode: kept (NFC).
2. Text whose every word is a well-formed Vietnamese syllable as it stands ("Thôn 01", "Chá A Dình") is
   never converted. When it also reads well in a legacy encoding ("Thụn 01", "Chỏ A Dỡnh") and something
   speaks for that encoding (the cell's font is a legacy font, or other cells of the sheet are in that
   encoding and fonts do not vouch for this one), it is kept as typed and flagged for a person to look at.
3. Otherwise the cell's font decides (".VnTime" TCVN3, ".VnTimeH" TCVN3 in capitals, "VNI-Times" VNI) when
   that reading is better than the text as it stands; without a legacy font the readings in which every word
   is a syllable decide, then the word-by-word score of ``detect_legacy_encoding``, then the encoding of the
   rest of the sheet; a tie is kept as typed and flagged.
4. TCVN3 text gets its capitals back (``tcvn3_case``); a capital that cannot be told is left lower case, as
   typed, and the cell is flagged.
"""

import string
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tuachua.vietnamese.encodings import (
    ENCODINGS,
    TCVN3,
    _decide,
    _scores,
    decode_legacy,
    has_unicode_vietnamese,
)
from tuachua.vietnamese.fonts import NO_FONT, FontHint, font_hint
from tuachua.vietnamese.syllables import is_vietnamese_syllable
from tuachua.vietnamese.tcvn3_case import recover_case

FLAG_AMBIGUOUS = "ambiguous"  # reads as Unicode and in a legacy encoding (or in both encodings): kept as typed
FLAG_CASE = "case"  # converted from TCVN3, but whether a toned vowel is a capital could not be told
FLAG_UNREADABLE = "unreadable"  # the font is a legacy font, yet the text reads in no encoding: kept as typed
FLAGS = (FLAG_AMBIGUOUS, FLAG_CASE, FLAG_UNREADABLE)

_EDGE_PUNCTUATION = string.punctuation + "…–—‘’“”"
_GOOD, _BAD, _NEUTRAL = 1, -1, 0


@dataclass(frozen=True)
class CellText:
    """How one cell was read: the text to use (NFC), what it held, and why a person should look at it.

    ``encoding``: the legacy encoding it was converted from (None: kept as typed). ``flag``: one of FLAGS.
    ``alternatives``: other plausible readings as (encoding or None for "as typed", text).
    """

    text: str
    original: str
    encoding: str | None = None
    flag: str | None = None
    alternatives: tuple[tuple[str | None, str], ...] = ()

    @property
    def converted(self) -> bool:
        return self.encoding is not None


@dataclass(frozen=True)
class SheetContext:
    """What the rest of the sheet says: the encodings its cells were converted from (most used first), and
    whether any cell is set in a legacy font (then a Unicode font on a cell is a deliberate choice, not just
    the default)."""

    encodings: tuple[str, ...] = ()
    legacy_fonts: bool = False
    prevailing: str | None = None  # the encoding clearly most used, if one is


PLAIN_SHEET = SheetContext()


@dataclass(frozen=True)
class _Reading:
    encoding: str | None
    text: str  # NFC, capitals recovered
    good: int  # words that read as Vietnamese
    bad: int  # words that do not
    bad_chars: int = 0  # characters the table cannot account for
    case_alternative: str | None = None

    @property
    def valid(self) -> bool:
        return self.bad_chars == 0 and self.bad == 0


def _is_acronym(run: str) -> bool:
    """ "HĐND", "LĐTBXH": capitals without a vowel sound, which the syllable check would refuse."""
    return len(run) >= 2 and run.isupper() and all(ch.isascii() or ch == "Đ" for ch in run)


def _word_status(word: str) -> int:
    """Whether a word reads as Vietnamese (its non-ASCII letter runs are syllables), does not, or has nothing
    to judge (ASCII, a lone dash)."""
    core = word.strip(_EDGE_PUNCTUATION)
    if core.isascii():
        return _NEUTRAL
    runs, current = [], []
    for ch in core:
        if ch.isalpha():
            current.append(ch)
        elif ch.isascii():
            runs.append("".join(current))
            current = []
        else:
            return _BAD  # a symbol inside a word: "Th«n", "H¸ng"
    runs.append("".join(current))
    foreign = [run for run in runs if run and not run.isascii()]
    return _GOOD if all(is_vietnamese_syllable(run) or _is_acronym(run) for run in foreign) else _BAD


def _counts(text: str) -> tuple[int, int]:
    statuses = [_word_status(word) for word in text.split()]
    return statuses.count(_GOOD), statuses.count(_BAD)


def _read_as_typed(value: str) -> _Reading:
    text = unicodedata.normalize("NFC", value)
    return _Reading(None, text, *_counts(text))


def _read_legacy(value: str, encoding: str, hint: FontHint, proper_name: bool) -> _Reading:
    decoded, bad_chars = decode_legacy(value, encoding)
    good, bad = _counts(decoded)
    alternative = None
    if encoding == TCVN3 and hint.encoding == TCVN3 and hint.all_caps:
        decoded = decoded.upper()
    elif encoding == TCVN3:
        case = recover_case(value, decoded, proper_name=proper_name)
        decoded, alternative = case.text, case.undecided
    nfc = unicodedata.normalize("NFC", decoded)
    alternative = unicodedata.normalize("NFC", alternative) if alternative else None
    return _Reading(encoding, nfc, good, bad, bad_chars, alternative)


def _is_valid_legacy(reading: _Reading, as_typed: _Reading) -> bool:
    return reading.valid and reading.good > 0 and reading.text != as_typed.text


def _reads_better(reading: _Reading, as_typed: _Reading) -> bool:
    if reading.bad_chars or reading.text == as_typed.text:
        return False
    return reading.bad < as_typed.bad or (reading.bad == as_typed.bad and reading.good > as_typed.good)


def _kept(value: str, as_typed: _Reading, flag: str | None = None, others: Iterable[_Reading] = ()) -> CellText:
    return CellText(as_typed.text, value, None, flag, tuple((r.encoding, r.text) for r in others))


def _converted(value: str, reading: _Reading) -> CellText:
    if reading.case_alternative is None:
        return CellText(reading.text, value, reading.encoding)
    return CellText(reading.text, value, reading.encoding, FLAG_CASE, ((reading.encoding, reading.case_alternative),))


def read_text(
    value: str,
    *,
    font: str | FontHint | None = None,
    context: SheetContext = PLAIN_SHEET,
    proper_name: bool = False,
) -> CellText:
    """Read one cell's text; ``font`` is the cell's font name (or a FontHint), ``proper_name`` says the cell
    holds a person's name (each word capitalised, which tells TCVN3 capitals)."""
    hint = font if isinstance(font, FontHint) else font_hint(font)
    value = value or ""
    if value.isascii() or has_unicode_vietnamese(value):
        return CellText(unicodedata.normalize("NFC", value), value)
    as_typed = _read_as_typed(value)
    legacy = {encoding: _read_legacy(value, encoding, hint, proper_name) for encoding in ENCODINGS}
    if hint.is_legacy:
        return _judge_by_font(value, as_typed, legacy, hint)
    return _judge_by_content(value, as_typed, legacy, hint, context)


def _judge_by_font(value: str, as_typed: _Reading, legacy: dict[str, _Reading], hint: FontHint) -> CellText:
    own = legacy[hint.encoding]
    if as_typed.valid:  # plausible Unicode: never converted, flagged when it reads in the font's encoding too
        flag = FLAG_AMBIGUOUS if _is_valid_legacy(own, as_typed) else None
        return _kept(value, as_typed, flag, [own] if flag else [])
    if _reads_better(own, as_typed):
        return _converted(value, own)
    other = next((r for r in legacy.values() if r is not own and _is_valid_legacy(r, as_typed)), None)
    if other is not None:  # the font was changed after typing: the content is what was typed
        return _converted(value, other)
    return _kept(value, as_typed, FLAG_UNREADABLE)


def _judge_by_content(
    value: str, as_typed: _Reading, legacy: dict[str, _Reading], hint: FontHint, context: SheetContext
) -> CellText:
    valid = [reading for reading in legacy.values() if _is_valid_legacy(reading, as_typed)]
    if as_typed.valid:
        vouched = context.legacy_fonts and hint.named
        suspect = [reading for reading in valid if reading.encoding in context.encodings]
        return _kept(value, as_typed, FLAG_AMBIGUOUS, suspect) if suspect and not vouched else _kept(value, as_typed)
    if len(valid) == 1:
        return _converted(value, valid[0])
    chosen = _decide(_scores(value))
    if len(valid) > 1:
        chosen = chosen or context.prevailing
        return _converted(value, legacy[chosen]) if chosen else _kept(value, as_typed, FLAG_AMBIGUOUS, valid)
    if chosen and _reads_better(legacy[chosen], as_typed):
        return _converted(value, legacy[chosen])
    return _kept(value, as_typed)


def sheet_context(cells: Iterable[tuple[str, FontHint]]) -> SheetContext:
    """The context of a sheet from its text cells (text, font hint): a first reading of each on its own."""
    encodings: Counter[str] = Counter()
    legacy_fonts = False
    for value, hint in cells:
        if not value or value.isascii():
            continue
        legacy_fonts = legacy_fonts or hint.is_legacy
        reading = read_text(value, font=hint)
        if reading.encoding:
            encodings[reading.encoding] += 1
    ranked = encodings.most_common()
    prevailing = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return SheetContext(tuple(encoding for encoding, _count in ranked), legacy_fonts, prevailing)


__all__ = [
    "FLAGS",
    "FLAG_AMBIGUOUS",
    "FLAG_CASE",
    "FLAG_UNREADABLE",
    "NO_FONT",
    "PLAIN_SHEET",
    "CellText",
    "SheetContext",
    "read_text",
    "sheet_context",
]
