"""Vietnamese letters, tones and syllables: what detection (is a decoding Vietnamese?) and collation share."""

import unicodedata

# Tone numbers, in the traditional dictionary order: không dấu < huyền < hỏi < ngã < sắc < nặng.
TONE_NONE, TONE_GRAVE, TONE_HOOK, TONE_TILDE, TONE_ACUTE, TONE_DOT = range(6)
_TONE_OF_MARK = {
    "\u0300": TONE_GRAVE,  # huyền
    "\u0309": TONE_HOOK,  # hỏi
    "\u0303": TONE_TILDE,  # ngã
    "\u0301": TONE_ACUTE,  # sắc
    "\u0323": TONE_DOT,  # nặng
}
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn: part of the letter (â ă ơ ...)


def _analyse(word: str) -> tuple[list[tuple[str, int]], bool]:
    """Case-folded letters of ``word`` with the tone on each, and whether it carried non-Vietnamese marks.

    Letters keep their Vietnamese shape (ă â ê ô ơ ư đ); any other combining mark (¨, ¸, °) is dropped and
    reported, so "ü" is read as "u" for sorting while the syllable check can refuse it.
    """
    letters: list[tuple[str, int]] = []
    foreign = False
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if ch in _TONE_OF_MARK:
            if letters:
                base, tone = letters[-1]
                if tone:
                    foreign = True  # two tones on one letter
                letters[-1] = (base, tone or _TONE_OF_MARK[ch])
            continue
        if unicodedata.combining(ch):
            if ch in _SHAPE_MARKS and letters:
                base, tone = letters[-1]
                letters[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            else:
                foreign = True
            continue
        letters.append((ch, TONE_NONE))
    return letters, foreign


# fmt: off
_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
# fmt: on
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})  # only sắc or nặng before them
# fmt: off
_NUCLEI_ANY = frozenset({"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "oa", "oe", "uê", "uy"})
# these need a final consonant ("oo" of "xoong" is left out on purpose: too rare, and a frequent false reading)
_NUCLEI_CLOSED = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê"})
# these end in a glide or are open diphthongs: no final consonant
_NUCLEI_OPEN = frozenset({
    "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu",
    "uơ", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
})
# where the tone mark may sit in the nucleus (0 = first vowel); "oa", "oe", "uy", "uê" take both placements
# ("hoà"/"hòa") when open, the second vowel before a final consonant ("hoàng")
_TONE_ON_FIRST = frozenset({
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu", "ia", "ua", "ưa",
})
_TONE_ON_THIRD = frozenset({"uyê"})
# fmt: on


def _tone_positions(nucleus: str, coda: str) -> tuple[int, ...]:
    if len(nucleus) == 1:
        return (0,)
    if nucleus in _TONE_ON_FIRST:
        return (0,)
    if nucleus in _TONE_ON_THIRD:
        return (2,)
    if nucleus in {"oa", "oe", "uy", "uê"} and not coda:
        return (0, 1)
    return (1,)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is spelt like one Vietnamese syllable (onset, vowel nucleus, final, one tone mark in a
    place where Vietnamese spelling puts it).

    Deliberately permissive about rare spellings; used to tell a good decoding from garbage.
    """
    letters, foreign = _analyse(word)
    if foreign or not letters:
        return False
    text = "".join(letter for letter, _tone in letters)
    toned = [index for index, (_letter, tone) in enumerate(letters) if tone]
    if len(toned) > 1:
        return False
    tone = letters[toned[0]][1] if toned else TONE_NONE
    for onset in _ONSETS:
        if not text.startswith(onset):
            continue
        rest = text[len(onset) :]
        for coda in _CODAS:
            if not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            if not nucleus:
                continue
            if coda in _STOP_CODAS and tone not in (TONE_ACUTE, TONE_DOT):
                continue
            allowed = _NUCLEI_CLOSED if coda else _NUCLEI_OPEN
            if nucleus not in _NUCLEI_ANY and nucleus not in allowed:
                continue
            if toned and toned[0] - len(onset) not in _tone_positions(nucleus, coda):
                continue
            return True
    return False
