"""Vietnamese name order (stdlib only).

``name_sort_key`` sorts full names the way official Vietnamese lists are sorted: by the given name (last word)
first, then by the family and middle names in order; ``word_sort_key`` is the key of one word (Vietnamese
alphabet, tone as a secondary key, case-insensitive).
"""

import unicodedata

from tuachua.vietnamese.syllables import _analyse

# The Vietnamese alphabet, with f j w z (foreign names only) where the Latin alphabet puts them.
VIETNAMESE_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: 100 + index for index, letter in enumerate(VIETNAMESE_ALPHABET)}


def _letter_rank(letter: str) -> int | None:
    if letter in _LETTER_RANK:
        return _LETTER_RANK[letter]
    if letter.isdigit():
        return unicodedata.digit(letter, 0)  # digits before letters
    if letter.isalpha():
        return 1000 + ord(letter)  # other scripts/letters (ß, ø ...) after z
    return None  # punctuation (hyphen, apostrophe, dot) is ignored


WordKey = tuple[tuple[int, ...], tuple[int, ...]]


def word_sort_key(word: str) -> WordKey:
    """Sort key of one word: letters in Vietnamese alphabet order, then the tones; case-insensitive.

    The primary part compares letter by letter in the order a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q
    r s t u ư v (w) x y (z): "An" < "Ăn" < "Ân" < "Bình", "Dũng" < "Đức". Only when all letters are equal do
    the tones decide, in the traditional dictionary order không dấu < huyền < hỏi < ngã < sắc < nặng
    ("Ha" < "Hà" < "Hả" < "Hã" < "Há" < "Hạ"). The tone part lists the tones of the word's syllable(s) without
    their position, so the old and new tone placements ("hoà"/"hòa") sort the same. NFC and NFD input give the
    same key; marks that are not Vietnamese (¨, ¸) are ignored ("Müller" sorts as "Muller").
    """
    letters, _foreign = _analyse(word)
    primary: list[int] = []
    tones: list[int] = []
    for letter, tone in letters:
        rank = _letter_rank(letter)
        if rank is None:
            continue
        primary.append(rank)
        if tone:
            tones.append(tone)
    return tuple(primary), tuple(tones)


def name_sort_key(full_name: str) -> tuple[WordKey, tuple[WordKey, ...]]:
    """Sort key of a full name in official list order: given name (last word) first, then the words before it.

    "Vừ A Hùng" sorts under H; two "Páo" are ordered by family name ("Mùa A Páo" < "Vàng A Páo"), then middle
    names. Each word is compared with ``word_sort_key``. Extra spaces and case are ignored.
    """
    words = (full_name or "").split()
    if not words:
        return ((), ()), ()
    *before, given = words
    return word_sort_key(given), tuple(word_sort_key(word) for word in before)
