"""A test set of north-western names and positions typed in legacy Vietnamese encodings, and workbooks of it.

The encoders here are written from the public TCVN3 (ABC) chart and the VNI-Windows typing rules, not taken
from tuachua.vietnamese, so the tests do not grade the module with its own tables.

Each `Case` is one cell: what the officer meant (`truth`), what the file holds (`stored`), its font, and
what reading it must give:
- RECOVER: legacy text that must come back as `truth` (NFC), exactly;
- KEEP: a valid Unicode cell that must not be altered (NFC of `stored`), and is not flagged;
- KEEP_MAY_FLAG: a valid Unicode cell that must not be altered, but may be flagged (the sheet or the font
  speaks for a legacy encoding that would also read it);
- FLAG: legacy text that cannot be decided: kept as typed (or with the capital left as typed) and flagged.
"""

import io
import unicodedata
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font

RECOVER, KEEP, KEEP_MAY_FLAG, FLAG = "recover", "keep", "keep_may_flag", "flag"

UNICODE_FONT = "Times New Roman"
TCVN3_FONT = ".VnTime"
TCVN3_CAPS_FONT = ".VnTimeH"
VNI_FONT = "VNI-Times"
NO_FONT = "Calibri"  # the default: says nothing about the encoding

# --------------------------------------------------------------------------------------------------------------
# Encoders, from the charts
# --------------------------------------------------------------------------------------------------------------

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
# TCVN3 (TCVN 5712:1993, VN3): per vowel, its codes with huyền, hỏi, ngã, sắc, nặng.
_TCVN3_CHART = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
_TCVN3_PLAIN = dict(zip("ăâêôơưđĂÂÊÔƠƯĐ", "¨©ª«¬\xad®¡¢£¤¥¦§", strict=True))
_TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)


def _split(letter: str) -> tuple[str, str]:
    """A letter as its base with shape (â, ơ …) and its tone mark ("" for none)."""
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((mark for mark in decomposed if mark in _TONES), "")
    base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
    return base, tone


def tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as typed in .VnTime: capitals with a tone get the lower-case code (TCVN3 has none)."""
    out = []
    for letter in unicodedata.normalize("NFC", text):
        base, tone = _split(letter)
        if tone and base.lower() in _TCVN3_CHART:
            out.append(_TCVN3_CHART[base.lower()][_TONES.index(tone)])
        else:
            out.append(_TCVN3_PLAIN.get(letter, letter))
    return "".join(out)


_VNI_TONES = {ACUTE: "ù", GRAVE: "ø", HOOK: "û", TILDE: "õ", DOT: "ï", "": ""}
_VNI_CIRCUMFLEX = {"": "â", ACUTE: "á", GRAVE: "à", HOOK: "å", TILDE: "ã", DOT: "ä"}
_VNI_BREVE = {"": "ê", ACUTE: "é", GRAVE: "è", HOOK: "ú", TILDE: "ü", DOT: "ë"}
_VNI_I = {"": "i", ACUTE: "í", GRAVE: "ì", HOOK: "æ", TILDE: "ó", DOT: "ò"}


def _vni_letter(letter: str) -> str:
    if letter in "đĐ":
        return "ñ" if letter == "đ" else "Ñ"
    base, tone = _split(letter.lower())
    if base == "i":
        code = _VNI_I[tone]
    elif base == "y" and tone == DOT:
        code = "î"
    elif base in ("ơ", "ư"):
        code = {"ơ": "ô", "ư": "ö"}[base] + _VNI_TONES[tone]
    elif base in ("â", "ê", "ô"):
        code = unicodedata.normalize("NFD", base)[0] + _VNI_CIRCUMFLEX[tone]
    elif base == "ă":
        code = "a" + _VNI_BREVE[tone]
    else:
        code = base + _VNI_TONES[tone]
    return code.upper() if letter.isupper() else code


def vni(text: str) -> str:
    """Unicode -> VNI-Windows as typed in VNI-Times."""
    return "".join(letter if letter.isascii() else _vni_letter(letter) for letter in unicodedata.normalize("NFC", text))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------------------------------------------
# The people: Hmong, Thai, Dao, Kinh names of Điện Biên / Tủa Chùa, and their positions
# --------------------------------------------------------------------------------------------------------------

# fmt: off
NAMES = [
    # Hmong
    "Giàng A Páo", "Sùng Thị Dở", "Vàng Seo Chứ", "Lầu Thị Mỷ", "Thào A Sểnh", "Hờ A Dê", "Cứ Thị Súa",
    "Vừ A Hùng", "Mùa A Sử", "Sùng A Tủa", "Giàng Thị Ía", "Hạng A Chông", "Thò A Dế", "Lý A Chứ",
    "Mua Thị Dợ", "Sình A Lử", "Hảng Thị Mái", "Chá A Dình",
    # Thai
    "Lò Văn Ỏn", "Quàng Thị Xuyến", "Lò Thị Ỏn", "Lường Văn Ún", "Cầm Thị Ơn", "Điêu Chính Tươi",
    "Tòng Văn Ẩm", "Lù Thị Ánh", "Quàng Văn Ỉn", "Lò Văn Thượng",
    # Dao
    "Tẩn Láo Lở", "Phàn Văn Quẩy", "Triệu Tà Mẩy", "Chảo Thị Ẩy", "Lý Láo San", "Tẩn Thị Ý",
    # Kinh
    "Nguyễn Văn Ước", "Trần Thị Ánh", "Phạm Văn Ổn", "Đỗ Thị Ưng", "Hoàng Văn Ẩn", "Vũ Đình Ái",
    "Bùi Thị Ổi", "Đặng Quốc Việt",
]
POSITIONS = [
    "Chủ tịch UBND xã", "Phó Bí thư Đảng ủy", "Trưởng bản", "Công chức Lao động - TBXH", "Bí thư chi bộ",
    "Chủ tịch Hội LHPN xã", "Phó Chủ tịch HĐND xã", "Công chức Địa chính - Xây dựng",
    "Ủy viên Ban Thường vụ Đảng ủy", "Trưởng ban Công tác Mặt trận", "Bí thư Đoàn xã", "Khuyến nông viên",
    "Người có uy tín", "Cộng tác viên giảm nghèo", "Công chức Văn hóa - Xã hội", "Phó trưởng bản",
    "Chi hội trưởng Phụ nữ bản", "Kế toán - Tài chính", "Ủy viên UBMTTQ xã", "Công chức LĐ-TB&XH",
]
NOTES = [
    "Dân tộc Mông", "Người có uy tín", "Nữ, dân tộc Thái", "Thôn Háng Tàu", "Bản Huổi Só", "Đã tập huấn 2023",
    "Ở bản Pá Khoang", "ốm, thay bằng người khác",
]
# Valid Unicode text made only of letters that are also TCVN3 or VNI codes: read as legacy text, each of
# these would turn into other Vietnamese ("Thôn" -> "Thụn", "Chá" -> "Chỏ", "Thò" -> VNI "Thị").
LOOKALIKES = [
    "Thôn 01", "Chá A Dình", "Lò Thị Ỏn", "Tô Thị Mý", "Lý Mí Chá", "Hà Thị Lê", "Thò Mí Sáng", "Giàng A Páo",
    "Khá Thị Pô", "Cô Tô", "Lò Văn Ún", "Bản Pá Hu", "Thôn Háng Tàu", "Sáng Chá", "Tô Hà Lý", "Mí Pó",
]
# fmt: on
# TCVN3 text of these names is itself valid Unicode Vietnamese: "Chỏ A Dỡnh" is stored as "Chá A Dình",
# "Lũ A Mỏ" as "Lò A Má".
TCVN3_LOOKS_LIKE_UNICODE = ["Chỏ A Dỡnh", "Lũ A Mỏ", "Tụ A Pỏ"]
# VNI text of these is itself valid Unicode: "Thị Mí" is stored as "Thò Mí".
VNI_LOOKS_LIKE_UNICODE = ["Thị Mí"]

_TONED = frozenset(nfc(vowel + tone) for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for tone in _TONES)


def starts_a_word_with_a_toned_vowel(text: str) -> bool:
    """TCVN3 cannot tell "Ủy" from "ủy": outside a name such a word's case is not decidable."""
    return any(word[0] in _TONED for word in text.split())


# --------------------------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    truth: str
    stored: str
    font: str
    kind: str  # how it was typed, for the figures: "tcvn3", "tcvn3-caps-font", "vni", "unicode" …
    outcome: str
    role: str = "name"  # name, position or notes

    @property
    def expected(self) -> str:
        return nfc(self.stored) if self.outcome in (KEEP, KEEP_MAY_FLAG) else nfc(self.truth)


def _tcvn3_case(truth: str, role: str, *, font: str = TCVN3_FONT, kind: str = "tcvn3") -> Case:
    undecidable = role != "name" and starts_a_word_with_a_toned_vowel(truth)
    return Case(truth, tcvn3(truth), font, kind, FLAG if undecidable else RECOVER, role)


def legacy_cases() -> list[Case]:
    """Every name, position and note typed in TCVN3 (.VnTime, .VnTimeH, capitals, no font) and VNI."""
    cases = []
    for role, texts in (("name", NAMES), ("position", POSITIONS), ("notes", NOTES)):
        for truth in texts:
            cases.append(_tcvn3_case(truth, role))
            cases.append(_tcvn3_case(truth, role, font=NO_FONT, kind="tcvn3-no-font"))
            caps = truth.upper()
            # .VnTimeH: typed in lower case, drawn (and meant) in capitals
            cases.append(Case(caps, tcvn3(truth.lower()), TCVN3_CAPS_FONT, "tcvn3-caps-font", RECOVER, role))
            # capitals typed with Caps Lock in .VnTime: the word's other capitals tell the toned ones
            cases.append(Case(caps, tcvn3(caps), TCVN3_FONT, "tcvn3-capitals", RECOVER, role))
            cases.append(Case(truth, vni(truth), VNI_FONT, "vni", RECOVER, role))
            cases.append(Case(truth, vni(truth), NO_FONT, "vni-no-font", RECOVER, role))
            cases.append(Case(caps, vni(caps), VNI_FONT, "vni-capitals", RECOVER, role))
    for truth in TCVN3_LOOKS_LIKE_UNICODE:
        cases.append(Case(truth, tcvn3(truth), TCVN3_FONT, "tcvn3", FLAG))
    for truth in VNI_LOOKS_LIKE_UNICODE:
        cases.append(Case(truth, vni(truth), VNI_FONT, "vni", FLAG))
    return [case for case in cases if case.stored != case.truth or case.outcome == FLAG]


def unicode_cases(*, fonts_vouch: bool = True) -> list[Case]:
    """Valid Unicode cells: NFC and NFD, capitals, and lookalikes of legacy text; in Times New Roman (a font
    that vouches for Unicode when the sheet also uses legacy fonts) or in the default font."""
    font = UNICODE_FONT if fonts_vouch else NO_FONT
    outcome = KEEP if fonts_vouch else KEEP_MAY_FLAG
    cases = []
    for role, texts in (("name", NAMES + LOOKALIKES), ("position", POSITIONS), ("notes", NOTES)):
        for text in texts:
            cases.append(Case(text, text, font, "unicode", outcome, role))
            cases.append(Case(text, nfd(text), font, "unicode-nfd", outcome, role))
            cases.append(Case(text.upper(), text.upper(), font, "unicode-capitals", outcome, role))
    return cases


def lookalikes_in_legacy_fonts() -> list[Case]:
    """Valid Unicode typed into cells set in a legacy font: must stay, and may be flagged."""
    return [
        Case(text, text, font, "unicode-in-legacy-font", KEEP_MAY_FLAG)
        for text in LOOKALIKES
        for font in (TCVN3_FONT, VNI_FONT)
    ]


# --------------------------------------------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------------------------------------------

HEADER = ("TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN", "Ghi chú")
COLUMN = {"name": 2, "position": 3, "notes": 6}
FILLER_POSITION = "Trưởng bản"


def _put(sheet, row: int, column: int, value, font: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if font:
        cell.font = Font(name=font)


def cases_workbook(cases: list[Case], *, header_font: str = UNICODE_FONT, title: str | None = None) -> bytes:
    """A Phụ lục-like sheet with one delegate row per case: the case's cell in its column, its font set on that
    cell; the other cells of the row in Unicode (Times New Roman), so every row is a complete delegate."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục I"
    row = 1
    if title:
        _put(sheet, row, 1, title, header_font)
        row += 2
    for column, label in enumerate(HEADER, start=1):
        _put(sheet, row, column, label, header_font)
    for number, case in enumerate(cases, start=1):
        row += 1
        _put(sheet, row, 1, number)
        _put(sheet, row, 2, f"Người số {number}", UNICODE_FONT)
        _put(sheet, row, 3, FILLER_POSITION, UNICODE_FONT)
        _put(sheet, row, 4, "X")
        _put(sheet, row, COLUMN[case.role], case.stored, case.font)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def first_data_row(*, title: bool = False) -> int:
    return 4 if title else 2


def typed(text: str, how: str) -> tuple[str, str]:
    """What a cell holds and its font when `text` is typed: "unicode", "tcvn3", "tcvn3-caps" (.VnTimeH) or "vni"."""
    return {
        "unicode": (text, UNICODE_FONT),
        "tcvn3": (tcvn3(text), TCVN3_FONT),
        "tcvn3-caps": (tcvn3(text.lower()), TCVN3_CAPS_FONT),
        "vni": (vni(text), VNI_FONT),
    }[how]


def as_read(text: str, how: str) -> str:
    """What the upload must read back from `text` typed `how` (.VnTimeH text is in capitals)."""
    return text.upper() if how == "tcvn3-caps" else text


def fill_blank(blank: bytes, seats: dict[int, tuple[str, str, str]], *, sheet_font: str | None = None) -> bytes:
    """The app's blank Phụ lục as an officer fills it: the row numbered n gets seats[n] = (name, position, how it
    is typed), and an X in col 4. `sheet_font`: the officer first set the whole sheet, the app's headings
    included, in that font."""
    workbook = openpyxl.load_workbook(io.BytesIO(blank))
    sheet = workbook.active
    if sheet_font:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.font = Font(name=sheet_font, bold=cell.font.b)
    numbered = {cells[0].value: cells for cells in sheet.iter_rows(max_col=6) if isinstance(cells[0].value, int)}
    for number, (name, position, how) in seats.items():
        cells = numbered[number]
        for cell, text in ((cells[1], name), (cells[2], position)):
            cell.value, font = typed(text, how)
            cell.font = Font(name=font)
        cells[3].value = "X"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
