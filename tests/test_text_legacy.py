"""Legacy Vietnamese encodings (TCVN3, VNI) and Vietnamese name order: tuachua.vietnamese (plain functions)."""

import unicodedata

import pytest

from tuachua.vietnamese import (
    FLAG_AMBIGUOUS,
    FLAG_CASE,
    FLAG_UNREADABLE,
    PLAIN_SHEET,
    TCVN3,
    VIETNAMESE_ALPHABET,
    VNI,
    SheetContext,
    convert_legacy,
    detect_in_cells,
    detect_legacy_encoding,
    encode_legacy,
    font_hint,
    is_vietnamese_syllable,
    name_sort_key,
    read_text,
    sheet_context,
    to_unicode,
    word_sort_key,
)
from tuachua.vietnamese.tcvn3_case import CaseResult, recover_case

NAMES = [
    "Vừ A Hùng",
    "Giàng A Sếnh",
    "Lò Văn Thượng",
    "Sùng Thị Mỷ",
    "Vàng A Páo",
    "Nguyễn Thị Hằng",
    "Đặng Quốc Việt",
    "Trưởng thôn",
    "Bí thư chi bộ",
    "Chủ tịch UBND xã",
    "Phó Chủ tịch HĐND",
    "Hội Liên hiệp Phụ nữ",
    "Tủa Chùa",
    "Huổi Só",
    "Công chức Địa chính - Xây dựng",
    "khuyến nông, khuyến ngư",
    "ỦY BAN NHÂN DÂN",
]

# The 134 non-ASCII Vietnamese letters, built from the parts rather than copied from the module's tables:
# 12 vowels x 6 tones = 72 per case, minus the 6 plain ASCII vowels = 66, plus đ = 67 per case.
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONE_MARKS = ("", ACUTE, GRAVE, HOOK, TILDE, DOT)
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _compose(vowel: str, mark: str) -> str:
    return unicodedata.normalize("NFC", vowel + mark)


LOWER_LETTERS = [_compose(v, m) for v in VOWELS for m in TONE_MARKS if not _compose(v, m).isascii()] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]


def test_there_are_134_vietnamese_letters():
    assert len(ALL_LETTERS) == len(set(ALL_LETTERS)) == 134
    assert all(len(letter) == 1 for letter in ALL_LETTERS)


# --------------------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------------------


def _vni_expected(letter: str) -> str:
    """VNI spelling of one letter, derived from the published rules (independent of the module's dict)."""
    if letter in "đĐ":
        return "ñ" if letter == "đ" else "Ñ"
    upper = letter.isupper()
    decomposed = unicodedata.normalize("NFD", letter.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in TONE_MARKS[1:]), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    tone_index = TONE_MARKS.index(tone)
    plain = ["", "ù", "ø", "û", "õ", "ï"]
    circumflex = ["â", "á", "à", "å", "ã", "ä"]
    breve = ["ê", "é", "è", "ú", "ü", "ë"]
    if base == "i":
        code = ["i", "í", "ì", "æ", "ó", "ò"][tone_index]
    elif base == "y" and tone == DOT:
        code = "î"
    elif shape == "\u031b":  # horn: ơ is "ô", ư is "ö", then the tone modifier
        code = {"o": "ô", "u": "ö"}[base] + plain[tone_index]
    elif shape == "\u0302":
        code = base + circumflex[tone_index]
    elif shape == "\u0306":
        code = base + breve[tone_index]
    else:
        code = base + plain[tone_index]
    return code.upper() if upper else code


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_table_follows_the_published_rules(letter):
    assert encode_legacy(letter, VNI) == _vni_expected(letter)


def test_tcvn3_codes_are_single_latin1_characters_in_table_order():
    """TCVN3 numbers the toned vowels in order a ă â e ê i o ô ơ u ư y, each huyền hỏi ngã sắc nặng."""
    codes = []
    for vowel in VOWELS:
        for mark in (GRAVE, HOOK, TILDE, ACUTE, DOT):
            code = encode_legacy(_compose(vowel, mark), TCVN3)
            assert len(code) == 1 and "\u00a1" <= code <= "\u00fe", (vowel, mark, code)
            codes.append(ord(code))
    assert codes == sorted(codes) and len(set(codes)) == 60
    assert [ord(code) for code in "µ¶·¸¹"] == codes[:5]  # à ả ã á ạ
    assert [ord(code) for code in "úûüýþ"] == codes[-5:]  # ỳ ỷ ỹ ý ỵ


def test_tcvn3_toneless_letters():
    assert encode_legacy("ăâêôơưđ", TCVN3) == "¨©ª«¬\xad®"
    assert encode_legacy("ĂÂÊÔƠƯĐ", TCVN3) == "¡¢£¤¥¦§"


@pytest.mark.parametrize(
    ("unicode", "tcvn3"),
    [
        ("Vừ A Hùng", "Võ A Hïng"),  # ừ is õ and ù is ï in TCVN3
        ("Bảo Thắng", "B¶o Th¾ng"),
        ("Mường Khương", "M\xadêng Kh\xad¬ng"),
        ("Bát Xát", "B¸t X¸t"),
        ("Cộng hoà xã hội chủ nghĩa Việt Nam", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
        ("Đặng Quốc Việt", "§Æng Quèc ViÖt"),
    ],
)
def test_known_tcvn3_spellings(unicode, tcvn3):
    assert encode_legacy(unicode, TCVN3) == tcvn3
    assert convert_legacy(tcvn3, TCVN3) == unicode


@pytest.mark.parametrize(
    ("unicode", "vni"),
    [
        ("Vừ A Hùng", "Vöø A Huøng"),
        ("Việt Nam", "Vieät Nam"),
        ("Trường", "Tröôøng"),
        ("Nguyễn Thị Hằng", "Nguyeãn Thò Haèng"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"),
        ("Đỗ Văn Đức", "Ñoã Vaên Ñöùc"),
        ("thuở", "thuôû"),
        ("khuyến", "khuyeán"),
    ],
)
def test_known_vni_spellings(unicode, vni):
    assert encode_legacy(unicode, VNI) == vni
    assert convert_legacy(vni, VNI) == unicode


# --------------------------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_vni_round_trip_of_names(name):
    encoded = encode_legacy(name, VNI)
    assert encoded.isascii() or encoded != name
    assert all(ch <= "\u00ff" for ch in encoded)
    assert convert_legacy(encoded, VNI) == name


@pytest.mark.parametrize("name", NAMES)
def test_tcvn3_round_trip_of_names(name):
    encoded = encode_legacy(name, TCVN3)
    assert all(ch <= "\u00ff" for ch in encoded)
    back = convert_legacy(encoded, TCVN3)
    # TCVN3 has no capitals with a tone: the shape of the word brings "Ủ" back in "ỦY BAN NHÂN DÂN".
    assert back == name


def test_tcvn3_capitals_with_a_tone_come_back_where_the_word_tells():
    encoded = encode_legacy("ỦY BAN NHÂN DÂN", TCVN3)
    assert encoded == "ñY BAN NH¢N D¢N"
    assert convert_legacy(encoded, TCVN3) == "ỦY BAN NHÂN DÂN"  # "ñY": the rest of the word is in capitals
    assert convert_legacy("ñy ban", TCVN3) == "ủy ban"  # cannot be told: as typed
    assert convert_legacy("ñy ban", TCVN3, all_caps=True) == "ỦY BAN"  # set in .VnTimeH


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_round_trip_of_every_letter(letter):
    vni = encode_legacy(letter, VNI)
    assert vni != letter or letter in "íìÍÌ"  # í and ì keep their Latin-1 code in VNI
    assert convert_legacy(vni, VNI) == letter
    # in a word, next to ASCII letters
    assert convert_legacy(encode_legacy(f"b{letter}ng", VNI), VNI) == f"b{letter}ng"

    tcvn3 = encode_legacy(letter, TCVN3)
    assert len(tcvn3) == 1
    expected = letter if letter.islower() or letter in "ĂÂÊÔƠƯĐ" else letter.lower()
    assert convert_legacy(tcvn3, TCVN3) == expected
    assert convert_legacy(encode_legacy(f"b{letter}ng", TCVN3), TCVN3) == f"b{expected}ng"


def test_round_trip_of_all_letters_in_one_text():
    text = " ".join(ALL_LETTERS)
    assert convert_legacy(encode_legacy(text, VNI), VNI) == text
    assert convert_legacy(encode_legacy(text, TCVN3), TCVN3).casefold() == text.casefold()


def test_encoding_accepts_decomposed_input():
    nfd = unicodedata.normalize("NFD", "Lò Văn Thượng")
    assert encode_legacy(nfd, VNI) == "Loø Vaên Thöôïng"
    assert encode_legacy(nfd, TCVN3) == "Lß V¨n Th\xadîng"


# --------------------------------------------------------------------------------------------------------------
# convert_legacy details
# --------------------------------------------------------------------------------------------------------------


def test_convert_returns_nfc():
    result = convert_legacy("Vieät Nam", VNI)
    assert result == "Việt Nam" and unicodedata.is_normalized("NFC", result)


def test_convert_leaves_unicode_text_alone():
    assert convert_legacy("Vừ A Hùng", TCVN3) == "Vừ A Hùng"
    assert convert_legacy("Vừ A Hùng", VNI) == "Vừ A Hùng"
    assert convert_legacy(unicodedata.normalize("NFD", "Vừ A Hùng"), VNI) == "Vừ A Hùng"


def test_convert_keeps_ascii_and_empty_text():
    assert convert_legacy("UBND 2024", TCVN3) == "UBND 2024"
    assert convert_legacy("", VNI) == ""


@pytest.mark.parametrize("alias", ["TCVN3", "abc", "ABC", " tcvn3 "])
def test_tcvn3_aliases(alias):
    assert convert_legacy("Sïng", alias) == "Sùng"


@pytest.mark.parametrize("alias", ["VNI", "vni-windows", "VNI_Windows"])
def test_vni_aliases(alias):
    assert convert_legacy("Suøng", alias) == "Sùng"


@pytest.mark.parametrize("bad", ["utf-8", "", "cp1258"])
def test_unknown_encoding_is_refused(bad):
    with pytest.raises(ValueError, match="unknown legacy Vietnamese encoding"):
        convert_legacy("abc", bad)
    with pytest.raises(ValueError):
        encode_legacy("abc", bad)


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("NGUYEÃN", "NGUYỄN"),  # Excel UPPER() on VNI text is still correct VNI
        ("Nguyeãn", "Nguyễn"),
        ("Aùnh", "Ánh"),  # capital base, lower-case modifier (PROPER())
        ("aÙnh", "ánh"),  # the letter takes the case of its base
        ("TRÖÔØNG", "TRƯỜNG"),
    ],
)
def test_vni_modifiers_in_the_other_case(vni, unicode):
    assert convert_legacy(vni, VNI) == unicode


def test_vni_stray_modifier_is_kept():
    assert convert_legacy("Hù", VNI) == "Hù"  # "ù" after a consonant is no VNI letter: left as it is


# --------------------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_encoded_names_are_detected(name, encoding):
    encoded = encode_legacy(name, encoding)
    assert detect_legacy_encoding(encoded) == encoding
    assert to_unicode(encoded)[1] == encoding


def test_examples_from_the_brief():
    assert detect_legacy_encoding("Võ A Hïng") == TCVN3
    assert to_unicode("Võ A Hïng") == ("Vừ A Hùng", TCVN3)
    assert detect_legacy_encoding("Vöø A Huøng") == VNI
    assert to_unicode("Vöø A Huøng") == ("Vừ A Hùng", VNI)


@pytest.mark.parametrize("name", NAMES)
def test_unicode_vietnamese_is_never_legacy(name):
    assert detect_legacy_encoding(name) is None
    assert detect_legacy_encoding(unicodedata.normalize("NFD", name)) is None
    assert to_unicode(name) == (name, None)
    assert to_unicode(unicodedata.normalize("NFD", name)) == (name, None)  # decomposed input comes back NFC


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_every_unicode_letter_alone_is_not_legacy(letter):
    assert detect_legacy_encoding(letter) is None
    assert detect_legacy_encoding(f"Nguyễn Văn B{letter}nh") is None


@pytest.mark.parametrize(
    "text",
    [
        # Vietnamese written with Latin-1 letters only: as Unicode these read fine
        "Hà Giang",
        "Tô Chí",
        "Lê",
        "Lý Mí",
        "Bến Tre",
        "Sài Gòn",
        "Mù Cang Chải",
        "Ô Quy Hồ",
        "Hà Tây",
        "Cà Mau",
        "Á Châu",
        "Lò Thị Ái",
        # ASCII
        "Nguyen Van A",
        "UBND xa Huoi So",
        "",
        "   ",
        # French, English, Spanish, German ... with Latin-1 letters
        "Café",
        "naïve",
        "José",
        "Léa",
        "Noël",
        "Père Noël",
        "Françoise",
        "Señor Peña",
        "São Paulo",
        "déjà vu",
        "Thérèse Hélène",
        "Zoë",
        "résumé",
        "crème brûlée",
        "Müller",
        "Ångström",
        "Björk",
        "smørrebrød",
        "Straße",
        "Mme Léa Dupré",
        "Chloé Bézier",
        # symbols
        "25°C",
        "© 2020",
        "«Bonjour»",
        "½ kg",
        "±5%",
    ],
)
def test_no_false_positives(text):
    assert detect_legacy_encoding(text) is None
    assert to_unicode(text) == (unicodedata.normalize("NFC", text), None)


def test_empty_and_none_like_input():
    assert detect_legacy_encoding("") is None
    assert to_unicode("") == ("", None)


def test_ambiguous_short_cell_is_not_guessed():
    # "Võ" is both a Unicode name and the TCVN3 spelling of "Vừ": on its own it stays as it is.
    assert detect_legacy_encoding("Võ") is None
    assert detect_legacy_encoding("Thò") is None  # Unicode "Thò", or VNI for "Thị"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("coâng an xaõ", VNI),  # "oâ" and "aõ" never occur in Unicode Vietnamese
        ("naêm hai nghìn", VNI),
        ("Lao Xaû Phình", VNI),
        ("cã uy tÝn", TCVN3),  # a Latin-1 capital inside a lower-case word
        ("téc thiÓu sè", TCVN3),
    ],
)
def test_short_phrases_with_common_letters(text, encoding):
    assert detect_legacy_encoding(text) == encoding


def test_tcvn3_acronym_with_d_stroke_in_a_sentence():
    assert to_unicode("Phã Chñ tÞch H§ND x·") == ("Phó Chủ tịch HĐND xã", TCVN3)


# --------------------------------------------------------------------------------------------------------------
# Detection over many cells
# --------------------------------------------------------------------------------------------------------------


def test_cells_short_ambiguous_cells_follow_the_majority():
    cells = ["Võ", "Sïng ThÞ Mû", "Lß V¨n Th\xadîng", "Thµnh viªn", "12", "UBND"]
    assert detect_legacy_encoding("Võ") is None
    encoding = detect_in_cells(cells)
    assert encoding == TCVN3
    assert [convert_legacy(cell, encoding) for cell in cells] == [
        "Vừ",
        "Sùng Thị Mỷ",
        "Lò Văn Thượng",
        "Thành viên",
        "12",
        "UBND",
    ]


def test_cells_vni_column():
    cells = [encode_legacy(name, VNI) for name in NAMES] + ["Thò", "A"]
    assert detect_in_cells(cells) == VNI


def test_cells_tcvn3_column():
    cells = [encode_legacy(name, TCVN3) for name in NAMES]
    assert detect_in_cells(cells) == TCVN3


def test_cells_unicode_sheet():
    assert detect_in_cells(NAMES) is None
    assert detect_in_cells([unicodedata.normalize("NFD", name) for name in NAMES]) is None
    assert detect_in_cells(["Tô Chí", "Lê", "Hà Giang", "Nguyễn Văn A"]) is None


def test_cells_a_few_retyped_unicode_cells_do_not_stop_the_conversion():
    legacy = [encode_legacy(name, TCVN3) for name in NAMES]
    cells = ["Họ và tên", "Chức vụ", *legacy]
    encoding = detect_in_cells(cells)
    assert encoding == TCVN3
    converted = [convert_legacy(cell, encoding) for cell in cells]
    assert converted[:2] == ["Họ và tên", "Chức vụ"]  # Unicode cells are left alone
    assert converted[2] == "Vừ A Hùng"


def test_cells_mostly_unicode_with_a_weak_legacy_signal_is_unicode():
    cells = ["Nguyễn Văn An", "Lò Thị Hoa", "Vàng A Páo", "Sïng"]
    assert detect_in_cells(cells) is None


def test_cells_foreign_names_and_odd_values():
    assert detect_in_cells(["Café", "José", "Léa", "naïve", "Noël", "Müller"]) is None
    assert detect_in_cells([]) is None
    assert detect_in_cells(["", "   ", "123"]) is None
    assert detect_in_cells([None, 3, 4.5, "Sïng ThÞ Mû", "Vµng A P¸o"]) == TCVN3  # type: ignore[list-item]


def test_cells_accepts_a_generator():
    assert detect_in_cells(encode_legacy(name, VNI) for name in NAMES) == VNI


# --------------------------------------------------------------------------------------------------------------
# Syllables (the yardstick of detection)
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted({w.strip(",") for name in NAMES for w in name.split()} - {"-", "UBND", "HĐND"}))
def test_every_word_of_the_names_is_a_syllable(word):
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    ["gì", "quý", "quyền", "giữ", "khuya", "người", "thuở", "oanh", "yêu", "ý", "học", "ngoằn", "hoà", "hòa", "hoàng"],
)
def test_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "xaõ",  # tone on the glide of "ao": VNI "xã" read as Unicode
        "hòang",  # before a final consonant the tone sits on the second vowel
        "tíeng",
        "týn",  # "y" takes no final consonant
        "xoong",  # real but rare; left out because "oo" is a frequent false reading of VNI "oâ"
    ],
)
def test_misplaced_tones_and_rare_spellings_are_refused(word):
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["", "Café", "naïve", "Léa", "Huứng", "Vửứ", "HĐND", "bàc", "ăn'", "ă", "ba1", "Strasse", "Müller", "hoăi"],
)
def test_not_syllables(word):
    assert not is_vietnamese_syllable(word)


# --------------------------------------------------------------------------------------------------------------
# Collation
# --------------------------------------------------------------------------------------------------------------


def test_alphabet_order():
    assert "".join(VIETNAMESE_ALPHABET) == "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
    words = ["Zin", "Yên", "Xuân", "Wang", "Vân", "Ưng", "Út", "Tú", "Sơn", "Rin", "Quế", "Phú", "Ơn", "Ông", "Oanh"]
    words += ["Nga", "Mai", "Lan", "Khánh", "John", "Inh", "Hà", "Giang", "Fanh", "Ênh", "Em", "Đức", "Dung"]
    words += ["Cúc", "Bình", "Ân", "Ăn", "An"]
    expected = list(reversed(words))
    assert sorted(words, key=word_sort_key) == expected
    assert sorted(expected[1::2] + expected[::2], key=word_sort_key) == expected


def test_tone_order_is_the_traditional_one():
    # không dấu < huyền < hỏi < ngã < sắc < nặng
    assert sorted(["Hạ", "Há", "Hã", "Hả", "Hà", "Ha"], key=word_sort_key) == ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]


def test_letters_decide_before_tones():
    assert word_sort_key("Hà") < word_sort_key("Hai")  # "ha" is a prefix of "hai"
    assert word_sort_key("Há") < word_sort_key("Hạnh")
    assert word_sort_key("Ạn") < word_sort_key("Ăn")  # ă is a letter after a, whatever the tone


def test_word_key_is_case_and_normalisation_insensitive():
    assert word_sort_key("HÙNG") == word_sort_key("hùng") == word_sort_key(unicodedata.normalize("NFD", "Hùng"))
    assert word_sort_key("hoà") == word_sort_key("hòa")  # old and new tone placement


def test_word_key_ignores_punctuation_and_foreign_marks():
    assert word_sort_key("H'Mông") == word_sort_key("HMông")
    assert word_sort_key("Müller") == word_sort_key("Muller")
    assert word_sort_key("2") < word_sort_key("a")


def test_sorting_by_given_name_first():
    assert name_sort_key("Vừ A Hùng")[0] == word_sort_key("Hùng")
    names = ["Vừ A Hùng", "Giàng A Sếnh", "Lò Thị Hoa", "Sùng Thị Mỷ", "Vàng A Páo", "Mùa A Páo", "Lò Văn An"]
    assert sorted(names, key=name_sort_key) == [
        "Lò Văn An",
        "Lò Thị Hoa",
        "Vừ A Hùng",
        "Sùng Thị Mỷ",
        "Mùa A Páo",
        "Vàng A Páo",
        "Giàng A Sếnh",
    ]


def test_breve_after_plain_a():
    names = ["Lò Văn Bình", "Lò Văn Ăn", "Lò Văn An"]
    assert sorted(names, key=name_sort_key) == ["Lò Văn An", "Lò Văn Ăn", "Lò Văn Bình"]


def test_d_stroke_after_d():
    assert name_sort_key("Nguyễn Văn Dũng") < name_sort_key("Đỗ Văn Đức")
    assert name_sort_key("Đỗ Văn Đức") < name_sort_key("Nguyễn Văn Em")


def test_same_given_name_then_family_then_middle():
    assert name_sort_key("Mùa A Páo") < name_sort_key("Vàng A Páo")
    assert name_sort_key("Vàng A Páo") < name_sort_key("Vàng Seo Páo")
    assert name_sort_key("Vàng Páo") < name_sort_key("Vàng A Páo")  # no middle name first


def test_name_key_is_normalisation_case_and_space_insensitive():
    key = name_sort_key("Nguyễn Thị Hằng")
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Thị Hằng")) == key
    assert name_sort_key("  Nguyễn   Thị\u00a0Hằng ") == key
    assert name_sort_key("NGUYỄN THỊ HẰNG") == key


def test_name_key_of_empty_and_single_names():
    assert name_sort_key("") < name_sort_key("An")
    assert name_sort_key("   ") == name_sort_key("")
    assert name_sort_key("Páo")[0] == word_sort_key("Páo")
    assert name_sort_key("Páo") < name_sort_key("Mùa A Páo")


# --------------------------------------------------------------------------------------------------------------
# One cell at a time: font, content and the rest of the sheet (tuachua.vietnamese.reading)
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("font", "encoding", "all_caps"),
    [
        (".VnTime", TCVN3, False),
        (".VnTimeH", TCVN3, True),
        (".VnArial", TCVN3, False),
        (".VnArialH", TCVN3, True),
        (".VnCentury Schoolbook", TCVN3, False),
        (".vntime", TCVN3, False),
        ("VNI-Times", VNI, False),
        ("VNI-Helve", VNI, False),
        ("vni times", VNI, False),
        ("Times New Roman", None, False),
        ("Calibri", None, False),
        ("VnTime", None, False),  # no leading dot: not an ABC font name
        ("", None, False),
        (None, None, False),
    ],
)
def test_font_hint(font, encoding, all_caps):
    hint = font_hint(font)
    assert (hint.encoding, hint.all_caps) == (encoding, all_caps)


VALID_UNICODE_LOOKALIKES = ["Thôn 01", "Chá A Dình", "Lò Thị Ỏn", "Tô Thị Mý", "Lý Mí Chá", "Cô Tô", "Sáng Chá"]


@pytest.mark.parametrize("text", VALID_UNICODE_LOOKALIKES)
@pytest.mark.parametrize("font", [None, "Times New Roman", ".VnTime", ".VnTimeH", "VNI-Times"])
@pytest.mark.parametrize("context", [PLAIN_SHEET, SheetContext((TCVN3, VNI), False, TCVN3)])
def test_valid_unicode_is_never_converted(text, font, context):
    for value in (text, unicodedata.normalize("NFD", text), text.upper()):
        reading = read_text(value, font=font, context=context)
        assert reading.text == unicodedata.normalize("NFC", value)
        assert reading.encoding is None


def test_the_font_makes_a_lookalike_worth_a_flag():
    assert read_text("Thôn 01").flag is None
    reading = read_text("Thôn 01", font=".VnTime")
    assert (reading.text, reading.flag, reading.alternatives) == ("Thôn 01", FLAG_AMBIGUOUS, ((TCVN3, "Thụn 01"),))
    assert read_text("Chá A Dình", font=".VnTimeH").alternatives == ((TCVN3, "CHỎ A DỠNH"),)


def test_the_sheet_makes_a_lookalike_worth_a_flag_unless_its_font_vouches_for_it():
    tcvn3_sheet = SheetContext((TCVN3,), legacy_fonts=False, prevailing=TCVN3)
    assert read_text("Chá A Dình", font="Calibri", context=tcvn3_sheet).flag == FLAG_AMBIGUOUS
    fonts_mean_something = SheetContext((TCVN3,), legacy_fonts=True, prevailing=TCVN3)
    assert read_text("Chá A Dình", font="Times New Roman", context=fonts_mean_something).flag is None
    assert read_text("Chá A Dình", context=SheetContext((VNI,), False, VNI)).flag is None  # "Chá" is no VNI


@pytest.mark.parametrize(
    ("stored", "font", "proper_name", "expected"),
    [
        ("Lß V¨n án", ".VnTime", True, "Lò Văn Ỏn"),  # a name: every word capitalised
        ("Lß ThÞ án", None, True, "Lò Thị Ỏn"),
        ("lß thÞ án", None, True, "lò thị ỏn"),  # a name typed in lower case stays so
        ("TÈn ThÞ ý", None, True, "Tẩn Thị Ý"),
        ("LÇU THÞ Mû", ".VnTime", True, "LẦU THỊ MỶ"),  # capitals: the word's other letters tell
        ("NGUYÔN V¡N ¦íC", None, True, "NGUYỄN VĂN ƯỚC"),
        ("ñY BAN NH¢N D¢N X·", None, False, "ỦY BAN NHÂN DÂN XÃ"),
        ("UBND X· T¶ PH×N", None, False, "UBND XÃ TẢ PHÌN"),
        ("TÈN THÞ ý", None, True, "TẨN THỊ Ý"),  # a lone toned vowel in a cell in capitals
        ("giµng a p¸o", ".VnTimeH", True, "GIÀNG A PÁO"),  # the all-caps font
        ("chñ tÞch ubnd x·", ".VnTimeH", False, "CHỦ TỊCH UBND XÃ"),
        ("Héi Liªn HiÖp ñy Ban", None, False, "Hội Liên Hiệp Ủy Ban"),  # Title Case
        ("Chi héi tr\xadëng Phô n÷", None, False, "Chi hội trưởng Phụ nữ"),
        ("Khuyªn n«ng viªn", None, False, "Khuyên nông viên"),
    ],
)
def test_tcvn3_capitals_are_recovered(stored, font, proper_name, expected):
    reading = read_text(stored, font=font, proper_name=proper_name)
    assert (reading.text, reading.encoding, reading.flag) == (expected, TCVN3, None)


@pytest.mark.parametrize(
    ("stored", "kept", "alternative"),
    [
        ("ñy viªn UBMTTQ x·", "ủy viên UBMTTQ xã", "Ủy viên UBMTTQ xã"),  # "Ủy viên" or "ủy viên"?
        ("Phã BÝ th\xad §¶ng ñy", "Phó Bí thư Đảng ủy", "Phó Bí thư Đảng Ủy"),  # "Đảng ủy" or "Đảng Ủy"?
        ("¸nh", "ánh", "Ánh"),
    ],
)
def test_tcvn3_capitals_that_cannot_be_told_are_kept_as_typed_and_flagged(stored, kept, alternative):
    reading = read_text(stored, font=".VnTime")
    assert (reading.text, reading.encoding, reading.flag) == (kept, TCVN3, FLAG_CASE)
    assert reading.alternatives == ((TCVN3, alternative),)


def test_title_case_text_and_lower_case_text_tell_the_capital():
    assert read_text("Phã Chñ TÞch ñy Ban").text == "Phó Chủ Tịch Ủy Ban"
    assert read_text("phã chñ tÞch ñy ban").text == "phó chủ tịch ủy ban"


def test_recover_case_directly():
    assert recover_case("ñY", "ủY").text == "ỦY"
    assert recover_case("Hïng", "Hùng") == CaseResult("Hùng")
    assert recover_case("ViÖT", "ViệT").undecided == "ViỆT"  # mixed case around the letter
    assert recover_case("abc", "abc") == CaseResult("abc")


@pytest.mark.parametrize(
    ("stored", "font", "expected", "encoding"),
    [
        ("Vaøng Seo Chöù", "VNI-Times", "Vàng Seo Chứ", VNI),
        ("Vaøng Seo Chöù", None, "Vàng Seo Chứ", VNI),
        ("THAØO A SEÅNH", None, "THÀO A SỂNH", VNI),
        ("Sïng ThÞ Dë", "VNI-Times", "Sùng Thị Dở", TCVN3),  # the font was changed after typing: content wins
        ("C«ng chøc L§TBXH", None, "Công chức LĐTBXH", TCVN3),  # an acronym with Đ
        ("Phoù Bí thö Ñaûng uûy", "VNI-Times", "Phó Bí thư Đảng ủy", VNI),
    ],
)
def test_content_and_font_decide(stored, font, expected, encoding):
    reading = read_text(stored, font=font)
    assert (reading.text, reading.encoding, reading.flag) == (expected, encoding, None)


def test_vni_bytes_that_are_valid_unicode_are_kept_and_flagged():
    reading = read_text("Thò Mí", font="VNI-Times")
    assert (reading.text, reading.encoding, reading.flag) == ("Thò Mí", None, FLAG_AMBIGUOUS)
    assert reading.alternatives == ((VNI, "Thị Mí"),)


def test_unreadable_text_in_a_legacy_font_is_flagged():
    reading = read_text("Müller", font=".VnTime")
    assert (reading.text, reading.encoding, reading.flag) == ("Müller", None, FLAG_UNREADABLE)
    assert read_text("Müller").flag is None  # without the font: just a foreign name


@pytest.mark.parametrize("text", ["", "UBND 2024", "Vang A Pao", "Nguyễn Thị Hằng"])
def test_ascii_and_unicode_only_letters_are_kept(text):
    reading = read_text(text, font=".VnTime")
    assert (reading.text, reading.encoding, reading.flag) == (text, None, None)


def test_sheet_context():
    cells = [("Sïng ThÞ Dë", font_hint(None)), ("Vaøng Seo", font_hint(None)), ("Lß V¨n", font_hint(".VnTime"))]
    context = sheet_context(cells)
    assert context == SheetContext((TCVN3, VNI), legacy_fonts=True, prevailing=TCVN3)
    assert sheet_context([("Chá A Dình", font_hint("Arial")), ("Thôn 01", font_hint(None))]) == PLAIN_SHEET
    tie = sheet_context([("Sïng ThÞ Dë", font_hint(None)), ("Vaøng Seo", font_hint(None))])
    assert tie.prevailing is None and set(tie.encodings) == {TCVN3, VNI}
