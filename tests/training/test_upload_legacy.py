"""Legacy Vietnamese encodings in uploaded Phụ lục workbooks, cell by cell (training.upload).

The test set (tests/training/legacy_fixtures.py): 42 north-western names, 20 positions and 8 notes, typed in
TCVN3 (.VnTime; .VnTimeH capitals; capitals with Caps Lock; without a legacy font), in VNI (VNI-Times, capitals,
without a legacy font), and in Unicode (NFC, NFD, capitals, text that looks like legacy bytes), mixed cell by
cell in one workbook. Required: 100% of the decidable legacy cells recovered, no valid Unicode cell altered,
and the undecidable cells flagged, not guessed.
"""

import dataclasses
import time
from collections import Counter, defaultdict

import pytest

from tests.training.legacy_fixtures import (
    FLAG,
    KEEP,
    KEEP_MAY_FLAG,
    LOOKALIKES,
    NAMES,
    NO_FONT,
    NOTES,
    POSITIONS,
    RECOVER,
    TCVN3_CAPS_FONT,
    TCVN3_FONT,
    UNICODE_FONT,
    VNI_FONT,
    Case,
    cases_workbook,
    first_data_row,
    legacy_cases,
    lookalikes_in_legacy_fonts,
    nfc,
    tcvn3,
    unicode_cases,
    vni,
)
from training.upload import ParsedUpload, parse_registration_workbook
from tuachua.text import clean_text
from tuachua.vietnamese import encode_legacy

FIELD = {"name": "full_name", "position": "position", "notes": "notes"}
VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"


def parse(data: bytes, villages=()) -> ParsedUpload:
    return parse_registration_workbook(data, villages=list(villages))


def read_back(cases: list[Case], **workbook) -> tuple[ParsedUpload, list[tuple[Case, str, object]]]:
    """Each case's cell as the upload read it: (case, text, note on the cell or None)."""
    upload = parse(cases_workbook(cases, **workbook))
    by_row = {item.excel_row: item for item in upload.rows}
    first = first_data_row(title=bool(workbook.get("title")))
    found = []
    for index, case in enumerate(cases):
        item = by_row[first + index]
        field = FIELD[case.role]
        found.append((case, getattr(item.row, field), item.cells.get(field)))
    return upload, found


def grade(found) -> dict[str, Counter]:
    """Figures per kind of typing: recovered / altered / flagged / missed (a legacy cell not recovered)."""
    figures: dict[str, Counter] = defaultdict(Counter)
    for case, text, note in found:
        flagged = bool(note and note.flag)
        figures[case.kind]["cells"] += 1
        figures[case.kind]["flagged"] += flagged
        if case.outcome == RECOVER:
            figures[case.kind]["recovered" if text == clean_text(case.truth) and not flagged else "missed"] += 1
        elif case.outcome in (KEEP, KEEP_MAY_FLAG):
            figures[case.kind]["altered"] += text != clean_text(case.stored)
            figures[case.kind]["wrongly flagged"] += flagged and case.outcome == KEEP
        else:
            kept = text == clean_text(case.stored) or text.casefold() == clean_text(case.truth).casefold()
            figures[case.kind]["undecided, flagged" if flagged and kept else "guessed"] += 1
    return figures


def assert_perfect(figures: dict[str, Counter]) -> None:
    bad = {kind: dict(counts) for kind, counts in figures.items() if counts["missed"] or counts["altered"]}
    bad |= {kind: dict(counts) for kind, counts in figures.items() if counts["guessed"] or counts["wrongly flagged"]}
    assert not bad, bad


def test_the_fixture_encoders_agree_with_the_module():
    """The fixtures encode from the charts; both must give the same bytes for every letter and name."""
    letters = {nfc(base + tone) for base in VOWELS for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")}
    for text in sorted(letters) + ["đ", "Đ"] + NAMES + POSITIONS + NOTES:
        assert vni(text) == encode_legacy(text, "vni"), text
        assert tcvn3(text) == encode_legacy(text, "tcvn3"), text


def test_the_set_is_large_and_varied():
    cases = legacy_cases()
    assert len(NAMES) >= 40 and len(POSITIONS) >= 15
    kinds = Counter(case.kind for case in cases)
    assert set(kinds) >= {"tcvn3", "tcvn3-no-font", "tcvn3-caps-font", "tcvn3-capitals", "vni", "vni-capitals"}
    assert min(kinds.values()) >= 60
    assert sum(case.outcome == FLAG for case in cases) >= 8
    toned_capitals = [case for case in cases if case.kind == "tcvn3" and any(ch in "ỎỦỔỈÁÍÝẨẤỚỨ" for ch in case.truth)]
    assert len(toned_capitals) >= 10  # "Lò Văn Ỏn", "Ủy viên …": capitals TCVN3 has no code for


class TestMixedWorkbook:
    """Every case in one workbook, encodings mixed cell by cell, each cell in its own font."""

    def test_with_fonts(self):
        cases = legacy_cases() + unicode_cases() + lookalikes_in_legacy_fonts()
        upload, found = read_back(cases)
        figures = grade(found)
        assert_perfect(figures)
        assert sum(counts["recovered"] for counts in figures.values()) == sum(c.outcome == RECOVER for c in cases)
        assert upload.converted["tcvn3"] > upload.converted["vni"] > 100
        assert upload.flagged == sum(bool(note and note.flag) for _case, _text, note in found)

    def test_without_fonts(self):
        """Fonts lost (every cell in the default font): content and the rest of the sheet decide; Unicode
        cells that also read as TCVN3 may be flagged, never altered."""
        cases = [
            dataclasses.replace(case, font=NO_FONT, outcome=KEEP_MAY_FLAG if case.outcome == KEEP else case.outcome)
            for case in legacy_cases() + unicode_cases(fonts_vouch=False)
            if case.font != TCVN3_CAPS_FONT  # without its font, .VnTimeH text is just lower-case TCVN3
        ]
        _upload, found = read_back(cases, header_font=NO_FONT)
        assert_perfect(grade(found))

    def test_issue_examples(self):
        cases = [
            Case("Thôn 01", "Thôn 01", UNICODE_FONT, "unicode", KEEP, "notes"),
            Case("Chá A Dình", "Chá A Dình", UNICODE_FONT, "unicode", KEEP),
            Case("Lò Thị Ỏn", "Lò Thị Ỏn", UNICODE_FONT, "unicode", KEEP),
            Case("Sùng Thị Dở", tcvn3("Sùng Thị Dở"), TCVN3_FONT, "tcvn3", RECOVER),
            Case("Lò Văn Ỏn", tcvn3("Lò Văn Ỏn"), TCVN3_FONT, "tcvn3", RECOVER),
            Case(
                "CHỦ TỊCH UBND XÃ", tcvn3("chủ tịch ubnd xã"), TCVN3_CAPS_FONT, "tcvn3-caps-font", RECOVER, "position"
            ),
            Case("Vàng Seo Chứ", vni("Vàng Seo Chứ"), VNI_FONT, "vni", RECOVER),
        ]
        upload, found = read_back(cases)
        assert [text for _case, text, _note in found] == [nfc(case.truth) for case in cases]
        assert [bool(note) for _case, _text, note in found] == [False] * 3 + [True] * 4
        assert upload.converted == {"tcvn3": 3, "vni": 1}
        assert upload.flagged == 0
        assert upload.legacy_notes == [
            "3 ô đã chuyển từ TCVN3 sang Unicode (chữ gốc ghi ngay dưới ô).",
            "1 ô đã chuyển từ VNI sang Unicode (chữ gốc ghi ngay dưới ô).",
        ]
        note = found[3][2]
        assert (note.original, note.encoding, note.encoding_label, note.flag) == ("Sïng ThÞ Dë", "tcvn3", "TCVN3", None)

    def test_parsing_the_whole_set_is_fast(self):
        data = cases_workbook(legacy_cases() + unicode_cases())
        start = time.perf_counter()
        parse(data)
        assert time.perf_counter() - start < 5


class TestUndecidable:
    def test_tcvn3_bytes_that_are_valid_unicode_are_kept_and_flagged(self):
        case = Case("Chỏ A Dỡnh", tcvn3("Chỏ A Dỡnh"), TCVN3_FONT, "tcvn3", FLAG)
        assert case.stored == "Chá A Dình"
        _upload, [(_case, text, note)] = read_back([case])
        assert text == "Chá A Dình"
        assert note.flag == "ambiguous" and not note.converted
        assert note.message == (
            "Cần kiểm tra: ô đọc được cả bằng Unicode lẫn bảng mã TCVN3 nên được giữ nguyên như trong tệp; "
            "nếu gõ bằng TCVN3 thì là “Chỏ A Dỡnh”."
        )

    def test_capital_with_a_tone_at_the_start_of_a_position_is_kept_as_typed(self):
        case = Case("Ủy viên UBMTTQ xã", tcvn3("Ủy viên UBMTTQ xã"), TCVN3_FONT, "tcvn3", FLAG, "position")
        upload, [(_case, text, note)] = read_back([case])
        assert text == "ủy viên UBMTTQ xã"
        assert note.converted and note.flag == "case"
        assert "“Ủy viên UBMTTQ xã”" in note.message
        assert upload.flag_note.startswith("1 ô cần kiểm tra")

    def test_text_in_a_legacy_font_that_reads_in_no_encoding_is_kept_and_flagged(self):
        case = Case("Müller", "Müller", TCVN3_FONT, "other", FLAG, "notes")
        _upload, [(_case, text, note)] = read_back([case])
        assert text == "Müller" and note.flag == "unreadable"


class TestUnicodeFiles:
    @pytest.mark.parametrize("font", [UNICODE_FONT, NO_FONT])
    def test_unicode_full_of_lookalikes_is_untouched(self, font):
        cases = [dataclasses.replace(case, font=font, outcome=KEEP) for case in unicode_cases()]
        upload, found = read_back(cases, header_font=font, title="DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM GIA TẬP HUẤN")
        assert_perfect(grade(found))
        assert all(note is None for _case, _text, note in found)
        assert (upload.encoding, upload.converted, upload.flagged, upload.warnings) == (None, {}, 0, [])
        assert upload.legacy_notes == [] and upload.flag_note == ""

    def test_lookalikes_in_a_tcvn3_sheet_set_in_unicode_fonts_stay(self):
        legacy = [Case(name, tcvn3(name), TCVN3_FONT, "tcvn3", RECOVER) for name in NAMES[:10]]
        lookalikes = [Case(text, text, UNICODE_FONT, "unicode", KEEP) for text in LOOKALIKES]
        _upload, found = read_back(legacy + lookalikes)
        assert_perfect(grade(found))


class TestHeadingsAndVillages:
    VILLAGES = [(1, "Thôn 01"), (2, "Bản Chá"), (3, "Bản Chỏ Dỡnh"), (4, "Thôn Háng Tàu")]

    def rows(self, headings: list[tuple[str, str]], village_cells: list[tuple[str, str]] = ()) -> bytes:
        """A sheet with heading rows (text, font) each followed by a delegate, or with a "Thôn, bản" column."""
        import io

        import openpyxl
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        header = ["TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN", "Ghi chú"]
        sheet.append(header + (["Thôn, bản"] if village_cells else []))
        for number, (text, font) in enumerate(headings, start=1):
            sheet.append([text])
            sheet.cell(row=sheet.max_row, column=1).font = Font(name=font)
            sheet.append([number, f"Người số {number}", "Trưởng bản", "X"])
        for number, (text, font) in enumerate(village_cells, start=1):
            sheet.append([number, f"Người số {number}", "Trưởng bản", "X", None, None, text])
            sheet.cell(row=sheet.max_row, column=7).font = Font(name=font)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @pytest.mark.parametrize(
        "heading",
        [
            ("II. Thôn 01", UNICODE_FONT),
            ("II. Thôn 01", TCVN3_FONT),  # the whole sheet set to .VnTime: the app's heading stays Unicode
            ("II. Thôn 01", VNI_FONT),
            ("II. Thôn 01", TCVN3_CAPS_FONT),
            (tcvn3("II. Thôn 01"), TCVN3_FONT),
            (tcvn3("II. thôn 01"), TCVN3_CAPS_FONT),
            (tcvn3("II. Thôn 01"), NO_FONT),
            (vni("II. Thôn 01"), VNI_FONT),
            (vni("II. THÔN 01"), NO_FONT),
            (nfc("II. Thôn 01").replace("ô", "o\u0302"), UNICODE_FONT),
        ],
    )
    def test_village_heading_is_recognised_whatever_the_encoding(self, heading):
        upload = parse(self.rows([("I. Cấp xã", UNICODE_FONT), heading]), self.VILLAGES)
        assert [item.row.village_id for item in upload.rows] == [None, 1]
        assert all(not item.problems for item in upload.rows)

    @pytest.mark.parametrize("font", [UNICODE_FONT, TCVN3_FONT, NO_FONT])
    def test_lookalike_village_names_in_headings(self, font):
        headings = [("II. Bản Chá", font), ("III. Thôn Háng Tàu", font), (tcvn3("IV. Bản Chỏ Dỡnh"), TCVN3_FONT)]
        upload = parse(self.rows(headings), self.VILLAGES)
        assert [item.row.village_id for item in upload.rows] == [2, 4, 3]

    def test_a_village_cell_that_names_a_village_only_as_tcvn3(self):
        """ "Chá Dình" in a .VnTime cell is valid Unicode, kept as typed; the unit has "Bản Chỏ Dỡnh" only."""
        upload = parse(self.rows([], [("Chá Dình", TCVN3_FONT), ("Thôn 01", TCVN3_FONT)]), self.VILLAGES)
        first, second = upload.rows
        assert (first.row.village_id, first.problems) == (3, [])
        assert first.cells["village"].encoding == "tcvn3" and first.cells["village"].original == "Chá Dình"
        assert (second.row.village_id, second.problems) == (1, [])
