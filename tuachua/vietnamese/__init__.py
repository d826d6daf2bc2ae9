"""Vietnamese text that is not plain Unicode yet, and Vietnamese name order.

Two jobs, both pure Python (stdlib only):

1. **Legacy 8-bit encodings.** Office files typed before Unicode (fonts ".VnTime"/".VnTimeH" and "VNI-Times")
   hold Vietnamese in one of two 8-bit encodings. Read as Unicode (every byte becomes U+0000..U+00FF, which is
   what openpyxl/xlrd give for such cells), the text looks garbled:

   * **TCVN3** (ABC, TCVN 5712:1993 "VN3"): every precomposed letter is ONE character, "Vừ A Hùng" is stored as
     "Võ A Hïng". Only lower-case toned letters have codes; capitals with a tone were shown by switching to the
     all-caps font (.VnTimeH), so they come back as lower-case toned letters (pass ``all_caps=True`` when the
     whole text was set in such a font). The toneless capitals Ă Â Đ Ê Ô Ơ Ư do have codes.
   * **VNI** (VNI-Windows): an ASCII base letter followed by one modifier character, "Vừ A Hùng" is stored as
     "Vöø A Huøng". ư/ơ (and their capitals), đ, and i/y with some tones are single characters.

   ``read_text`` reads one cell of an office file on its own, with its font (``font_hint``: ".VnTime",
   ".VnTimeH", "VNI-Times") and what the rest of the sheet says (``sheet_context``): text that is already valid
   Unicode Vietnamese is never converted, TCVN3 capitals are recovered where the text tells them, and what
   cannot be decided is kept as typed and flagged. ``detect_legacy_encoding`` / ``detect_in_cells`` decide
   which encoding (if any) a text or a column of cells is in, ``convert_legacy`` / ``to_unicode`` turn it into
   NFC Unicode, and ``encode_legacy`` goes the other way (fixtures and tests).

2. **Name order.** ``name_sort_key`` sorts full names the way official Vietnamese lists are sorted: by the
   given name (last word) first, then by the family and middle names in order; ``word_sort_key`` is the key of

The package: ``encodings`` (the TCVN3/VNI tables, detection, conversion), ``reading`` (one cell: kept,
converted or flagged), ``fonts`` (what a font name says), ``tcvn3_case`` (capitals with a tone in TCVN3 text),
``syllables`` (Vietnamese letters, tones and the spelling of a syllable, which detection and sorting share) and
``collation`` (sort keys).
"""

from tuachua.vietnamese.collation import VIETNAMESE_ALPHABET, WordKey, name_sort_key, word_sort_key
from tuachua.vietnamese.encodings import (
    ENCODINGS,
    TCVN3,
    VNI,
    convert_legacy,
    detect_in_cells,
    detect_legacy_encoding,
    encode_legacy,
    to_unicode,
)
from tuachua.vietnamese.fonts import FontHint, font_hint
from tuachua.vietnamese.reading import (
    FLAG_AMBIGUOUS,
    FLAG_CASE,
    FLAG_UNREADABLE,
    FLAGS,
    PLAIN_SHEET,
    CellText,
    SheetContext,
    read_text,
    sheet_context,
)
from tuachua.vietnamese.syllables import (
    TONE_ACUTE,
    TONE_DOT,
    TONE_GRAVE,
    TONE_HOOK,
    TONE_NONE,
    TONE_TILDE,
    is_vietnamese_syllable,
)

__all__ = [
    "ENCODINGS",
    "FLAGS",
    "FLAG_AMBIGUOUS",
    "FLAG_CASE",
    "FLAG_UNREADABLE",
    "PLAIN_SHEET",
    "CellText",
    "FontHint",
    "SheetContext",
    "TCVN3",
    "TONE_ACUTE",
    "TONE_DOT",
    "TONE_GRAVE",
    "TONE_HOOK",
    "TONE_NONE",
    "TONE_TILDE",
    "VIETNAMESE_ALPHABET",
    "VNI",
    "WordKey",
    "convert_legacy",
    "detect_in_cells",
    "detect_legacy_encoding",
    "encode_legacy",
    "font_hint",
    "is_vietnamese_syllable",
    "name_sort_key",
    "read_text",
    "sheet_context",
    "to_unicode",
    "word_sort_key",
]
