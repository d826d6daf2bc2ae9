"""Legacy 8-bit Vietnamese encodings: the TCVN3 and VNI tables, detection and conversion (stdlib only).

Office files typed before Unicode (fonts ".VnTime"/".VnTimeH" and "VNI-Times") hold Vietnamese in one of two
8-bit encodings. Read as Unicode (every byte becomes U+0000..U+00FF, which is what openpyxl/xlrd give for such
cells), the text looks garbled:

* **TCVN3** (ABC, TCVN 5712:1993 "VN3"): every precomposed letter is ONE character, "Vừ A Hùng" is stored as
  "Võ A Hïng". Only lower-case toned letters have codes; capitals with a tone were shown by switching to the
  all-caps font (.VnTimeH), so they come back as lower-case toned letters unless the word's shape tells
  (pass ``all_caps=True`` when the whole text was set in such a font). The toneless capitals Ă Â Đ Ê Ô Ơ Ư do
  have codes.
* **VNI** (VNI-Windows): an ASCII base letter followed by one modifier character, "Vừ A Hùng" is stored as
  "Vöø A Huøng". ư/ơ (and their capitals), đ, and i/y with some tones are single characters.

``detect_legacy_encoding`` / ``detect_in_cells`` decide which encoding (if any) a text or a column of cells
is in, ``convert_legacy`` / ``to_unicode`` turn it into NFC Unicode, and ``encode_legacy`` goes the other
way (fixtures and tests).
"""

import string
import unicodedata
from collections.abc import Iterable

from tuachua.vietnamese.syllables import is_vietnamese_syllable

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

_ENCODING_ALIASES = {
    "tcvn3": TCVN3,
    "tcvn": TCVN3,
    "abc": TCVN3,
    "vntime": TCVN3,
    "vni": VNI,
    "vni-windows": VNI,
    "vniwin": VNI,
}

# --------------------------------------------------------------------------------------------------------------
# Tables. Unicode letter (NFC) -> legacy text. Built by hand from the public TCVN3 (ABC) and VNI-Windows charts.
# --------------------------------------------------------------------------------------------------------------

# TCVN3: 67 letters (60 lower-case toned vowels, ă â ê ô ơ ư đ and their 7 toneless capitals = 74 codes).
# Per row: the vowel with huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot below).
# fmt: off
_TCVN3_ENCODE: dict[str, str] = {
    # toneless letters that are not ASCII
    "ă": "¨", "â": "©", "ê": "ª", "ô": "«", "ơ": "¬", "ư": "\xad", "đ": "®",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
    # toned vowels, lower case only
    "à": "µ", "ả": "¶", "ã": "·", "á": "¸", "ạ": "¹",
    "ằ": "»", "ẳ": "¼", "ẵ": "½", "ắ": "¾", "ặ": "Æ",
    "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ấ": "Ê", "ậ": "Ë",
    "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "é": "Ð", "ẹ": "Ñ",
    "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ế": "Õ", "ệ": "Ö",
    "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "í": "Ý", "ị": "Þ",
    "ò": "ß", "ỏ": "á", "õ": "â", "ó": "ã", "ọ": "ä",
    "ồ": "å", "ổ": "æ", "ỗ": "ç", "ố": "è", "ộ": "é",
    "ờ": "ê", "ở": "ë", "ỡ": "ì", "ớ": "í", "ợ": "î",
    "ù": "ï", "ủ": "ñ", "ũ": "ò", "ú": "ó", "ụ": "ô",
    "ừ": "õ", "ử": "ö", "ữ": "÷", "ứ": "ø", "ự": "ù",
    "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ý": "ý", "ỵ": "þ",
}
# fmt: on

# VNI-Windows: all 134 non-ASCII letters. Modifiers after the base letter (lower case / capital):
#   sắc ù/Ù  huyền ø/Ø  hỏi û/Û  ngã õ/Õ  nặng ï/Ï
#   circumflex â/Â, with a tone: sắc á/Á huyền à/À hỏi å/Å ngã ã/Ã nặng ä/Ä
#   breve      ê/Ê, with a tone: sắc é/É huyền è/È hỏi ú/Ú ngã ü/Ü nặng ë/Ë
# Single characters: ơ ô/Ô, ư ö/Ö, đ ñ/Ñ, í í/Í, ì ì/Ì, ỉ æ/Æ, ĩ ó/Ó, ị ò/Ò, ỵ î/Î.
# Order in each row: (no tone), sắc, huyền, hỏi, ngã, nặng.
# fmt: off
_VNI_ENCODE: dict[str, str] = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "Á": "AÙ", "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Ạ": "AÏ",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "Â": "AÂ", "Ấ": "AÁ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ậ": "AÄ",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "Ă": "AÊ", "Ắ": "AÉ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ặ": "AË",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "É": "EÙ", "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "Ẹ": "EÏ",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "Ê": "EÂ", "Ế": "EÁ", "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ệ": "EÄ",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "Ó": "OÙ", "Ò": "OØ", "Ỏ": "OÛ", "Õ": "OÕ", "Ọ": "OÏ",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "Ô": "OÂ", "Ố": "OÁ", "Ồ": "OÀ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ộ": "OÄ",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "Ơ": "Ô", "Ớ": "ÔÙ", "Ờ": "ÔØ", "Ở": "ÔÛ", "Ỡ": "ÔÕ", "Ợ": "ÔÏ",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "Ú": "UÙ", "Ù": "UØ", "Ủ": "UÛ", "Ũ": "UÕ", "Ụ": "UÏ",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "Ư": "Ö", "Ứ": "ÖÙ", "Ừ": "ÖØ", "Ử": "ÖÛ", "Ữ": "ÖÕ", "Ự": "ÖÏ",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "Í": "Í", "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "Ý": "YÙ", "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ỵ": "Î",
    "đ": "ñ", "Đ": "Ñ",
}
# fmt: on

_TCVN3_DECODE: dict[str, str] = {code: letter for letter, code in _TCVN3_ENCODE.items()}

_VNI_SINGLES: dict[str, str] = {code: letter for letter, code in _VNI_ENCODE.items() if len(code) == 1}
_VNI_PAIRS: dict[str, str] = {code: letter for letter, code in _VNI_ENCODE.items() if len(code) == 2}
# Excel's UPPER()/PROPER() or a stray Caps Lock can leave a base and its modifier in different cases
# ("Aù", "aÙ"): accept them, the letter takes the case of the base.
for _code, _letter in list(_VNI_PAIRS.items()):
    _base, _mod = _code
    _VNI_PAIRS.setdefault(_base + _mod.swapcase(), _letter.upper() if _base.isupper() else _letter.lower())
del _code, _letter, _base, _mod
_VNI_MODIFIERS = frozenset(code[1] for code in _VNI_PAIRS)

# Letters that only exist in Unicode Vietnamese: a text holding one of them is not legacy text.
_UNICODE_ONLY = frozenset(
    "ăĂđĐĩĨũŨơƠưƯ"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"  # the combining marks of NFD Vietnamese
)

# Latin-1 letters that plain Unicode Vietnamese uses. A legacy reading built only from these is weak evidence.
_PLAUSIBLE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")

# vowel pairs only VNI writes: a/e + circumflex or breve (with or without a tone), o + circumflex
_VNI_TELLTALE_PAIRS = frozenset(
    code.lower() for code in _VNI_PAIRS if code[0] in "aeAE" and code[1].lower() in "âáàåãäêéèúüë"
) | {"oâ"}

_EDGE_PUNCTUATION = string.punctuation + "«»¿¡…–—‘’“”"


def _normalise_encoding(encoding: str) -> str:
    key = (encoding or "").strip().lower().replace("_", "-")
    if key not in _ENCODING_ALIASES:
        raise ValueError(f"unknown legacy Vietnamese encoding: {encoding!r} (expected 'tcvn3' or 'vni')")
    return _ENCODING_ALIASES[key]


def _has_unicode_vietnamese(text: str) -> bool:
    return any(ch in _UNICODE_ONLY for ch in text)


def _is_stray_latin1_letter(ch: str) -> bool:
    return "\u00a0" <= ch <= "\u00ff" and ch.isalpha()


def _decode_tcvn3(text: str) -> tuple[str, int]:
    """TCVN3 -> Unicode, and how many characters could not be TCVN3 (Latin-1 letters it has no use for)."""
    out: list[str] = []
    bad = 0
    for ch in text:
        letter = _TCVN3_DECODE.get(ch)
        if letter is None:
            out.append(ch)
            bad += _is_stray_latin1_letter(ch)
        else:
            out.append(letter)
    return "".join(out), bad


def _decode_vni(text: str) -> tuple[str, int]:
    """VNI -> Unicode, and how many characters could not be VNI (a modifier with no base, unused letters)."""
    out: list[str] = []
    bad = 0
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
            continue
        ch = text[i]
        letter = _VNI_SINGLES.get(ch)
        if letter is None:
            out.append(ch)
            bad += ch in _VNI_MODIFIERS or _is_stray_latin1_letter(ch)
        else:
            out.append(letter)
        i += 1
    return "".join(out), bad


_DECODERS = {TCVN3: _decode_tcvn3, VNI: _decode_vni}

# TCVN3 codes of the toned vowels: lower-case letters whose capitals have no code, so their case is unknown.
TCVN3_CASELESS_CODES = frozenset(
    code for letter, code in _TCVN3_ENCODE.items() if letter.islower() and letter.upper() not in _TCVN3_ENCODE
)


def decode_legacy(text: str, encoding: str) -> tuple[str, int]:
    """``text`` read through one table (not normalised; TCVN3 keeps one character per character), and how
    many characters the table cannot account for (Latin-1 letters it has no use for, stray VNI modifiers)."""
    return _DECODERS[_normalise_encoding(encoding)](text or "")


def has_unicode_vietnamese(text: str) -> bool:
    """``text`` holds a letter only Unicode Vietnamese has (ă ạ ơ ư đ …, or an NFD combining mark)."""
    return _has_unicode_vietnamese(text)


def convert_legacy(text: str, encoding: str, *, all_caps: bool = False) -> str:
    """Legacy TCVN3 or VNI text (as read into a Python str) -> NFC Unicode.

    ``encoding`` is "tcvn3" or "vni" (aliases "abc", "vni-windows" are accepted). Text that already holds
    Unicode-only Vietnamese letters (ă ạ ơ ư ..., or NFD combining marks) is returned NFC-normalised and
    otherwise untouched, so converting a whole column is safe when a few cells were retyped in Unicode.
    TCVN3 has no codes for capitals with a tone: the shape of the word brings them back where it tells
    ("ñY BAN" -> "ỦY BAN", "NGUYÔN" -> "NGUYỄN"), otherwise they stay lower case as typed (see ``tcvn3_case``;
    ``reading.read_text`` also reports the ones it could not tell). Set ``all_caps=True`` for text that was
    set in an all-caps font (.VnTimeH) to upper-case the result.
    """
    enc = _normalise_encoding(encoding)
    if not text:
        return ""
    if _has_unicode_vietnamese(text):
        return unicodedata.normalize("NFC", text)
    decoded, _bad = _DECODERS[enc](text)
    if all_caps:
        return unicodedata.normalize("NFC", decoded.upper())
    if enc == TCVN3:
        from tuachua.vietnamese.tcvn3_case import recover_case  # it needs this module's tables

        decoded = recover_case(text, decoded).text
    return unicodedata.normalize("NFC", decoded)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode -> TCVN3 or VNI text (for fixtures and tests); the inverse of ``convert_legacy``.

    TCVN3 cannot hold capitals with a tone: they are written with the lower-case code (what a .VnTimeH
    document holds), so the round trip of such text is only equal case-insensitively.
    """
    enc = _normalise_encoding(encoding)
    text = unicodedata.normalize("NFC", text or "")
    out: list[str] = []
    if enc == TCVN3:
        for ch in text:
            code = _TCVN3_ENCODE.get(ch)
            if code is None and ch.lower() != ch:
                code = _TCVN3_ENCODE.get(ch.lower())
            out.append(ch if code is None else code)
    else:
        out.extend(_VNI_ENCODE.get(ch, ch) for ch in text)
    return "".join(out)


# --------------------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------------------


def _reads_as_vietnamese(word: str) -> bool:
    """A whitespace-free token reads as Vietnamese: its non-ASCII letter runs are all syllables (and exist).

    Punctuation at the edges is ignored; a non-ASCII symbol inside the token ("Th¸ng") makes it unreadable.
    """
    core = word.strip(_EDGE_PUNCTUATION)
    runs: list[str] = []
    current: list[str] = []
    for ch in core:
        if ch.isalpha():
            current.append(ch)
            continue
        if not ch.isascii():
            return False
        runs.append("".join(current))
        current = []
    runs.append("".join(current))
    foreign_runs = [run for run in runs if run and not run.isascii()]
    return bool(foreign_runs) and all(is_vietnamese_syllable(run) for run in foreign_runs)


def _is_telltale(token: str) -> bool:
    """The token holds something Unicode Vietnamese never has.

    A Latin-1 character outside the Vietnamese ones (a symbol, ï, ö, ñ ...), a Latin-1 capital right after a
    lower-case letter ("tÝn": TCVN3 uses capitals of Latin-1 for lower-case toned letters), or a VNI vowel pair
    such as "aâ", "oâ", "eá", "aê".
    """
    previous = ""
    for ch in token:
        if "\u00a1" <= ch <= "\u00ff":
            if ch not in _PLAUSIBLE_LATIN1:
                return True
            if ch.isupper() and previous.islower():
                return True
            if (previous + ch).lower() in _VNI_TELLTALE_PAIRS:
                return True
        previous = ch
    return False


def _token_delta(token: str, encoding: str) -> int:
    """How much better ``token`` reads in ``encoding`` than as it is (positive: evidence for the encoding)."""
    decoded, bad = _DECODERS[encoding](token)
    if bad:
        return -2
    legacy_ok = _reads_as_vietnamese(decoded)
    if _reads_as_vietnamese(token):
        return 0 if legacy_ok else -2
    if not legacy_ok:
        return 0
    return 2 if _is_telltale(token) else 1


def _scores(text: str) -> dict[str, int]:
    scores = dict.fromkeys(ENCODINGS, 0)
    for token in text.split():
        if token.isascii():
            continue
        for enc in ENCODINGS:
            scores[enc] += _token_delta(token, enc)
    return scores


_THRESHOLD = 2


def _decide(scores: dict[str, int]) -> str | None:
    tcvn3, vni = scores[TCVN3], scores[VNI]
    if tcvn3 == vni or max(tcvn3, vni) < _THRESHOLD:
        return None
    return TCVN3 if tcvn3 > vni else VNI


def detect_legacy_encoding(text: str) -> str | None:
    """Return "tcvn3", "vni", or None when ``text`` is plain Unicode/ASCII or too ambiguous to tell.

    Scoring: each word holding a Latin-1 character is read as it is and through each legacy table. A legacy
    reading earns a point when it gives a valid Vietnamese syllable where the plain reading does not, two when
    the word also shows something Unicode Vietnamese never has (symbols, ï, ñ, ö, ø ..., a capital inside a
    lower-case word, VNI pairs like "oâ"); it loses two when the table cannot read the word or turns a good
    syllable into garbage. An encoding needs 2 points and a
    strict lead. Text holding any Unicode-only Vietnamese letter (NFC or NFD) is never legacy.
    """
    if not text or text.isascii() or _has_unicode_vietnamese(text):
        return None
    return _decide(_scores(text))


def detect_in_cells(values: Iterable[str]) -> str | None:
    """One decision for many cells (a sheet or a column), so short ambiguous cells follow the majority.

    Scores of all cells are added up. Cells already in Unicode Vietnamese are left out of the sum but count
    against a legacy verdict: it needs more cells speaking for it than cells proven Unicode. Non-string values
    (numbers, None) are skipped. Convert every cell with ``convert_legacy(cell, encoding)`` afterwards; it
    leaves the Unicode cells alone.
    """
    totals = dict.fromkeys(ENCODINGS, 0)
    supporting = dict.fromkeys(ENCODINGS, 0)
    unicode_cells = 0
    for value in values:
        if not isinstance(value, str) or not value or value.isascii():
            continue
        if _has_unicode_vietnamese(value):
            unicode_cells += 1
            continue
        for enc, score in _scores(value).items():
            totals[enc] += score
            supporting[enc] += score > 0
    verdict = _decide(totals)
    if verdict is not None and supporting[verdict] <= unicode_cells:
        return None
    return verdict


def to_unicode(text: str) -> tuple[str, str | None]:
    """``text`` as NFC Unicode, converted from TCVN3/VNI when it is detected as such; and that encoding."""
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return unicodedata.normalize("NFC", text or ""), None
    return convert_legacy(text, encoding), encoding
