"""Vietnamese text at the edge (tuachua.text) and the template filters of tuachua.templatetags.tuachua."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tuachua.templatetags.tuachua import days_left, intdot, lines, minutes, vnd
from tuachua.text import clean_multiline, clean_text, compare_key, lines_of, whole_number

NFC_NAME = "Bản Hừ Só"
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


class TestCleanText:
    def test_decomposed_input_is_stored_composed(self):
        assert NFD_NAME != NFC_NAME  # the input really is decomposed
        result = clean_text(NFD_NAME)
        assert result == NFC_NAME
        assert unicodedata.is_normalized("NFC", result)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("  Tủa   Chùa  ", "Tủa Chùa"),
            ("Huổi\tSó", "Huổi Só"),
            ("Sín\u00a0Chải", "Sín Chải"),  # non-breaking space from a pasted document
            ("\ufeffMường Báng", "Mường Báng"),  # byte-order mark at the start
            ("Xá Nhè\u200b", "Xá Nhè"),  # zero-width space at the end
            ("Tả\n Phìn\r\n", "Tả Phìn"),  # line breaks become one space in a one-line value
            ("", ""),
            ("   ", ""),
        ],
    )
    def test_trims_and_collapses_blanks(self, raw, expected):
        assert clean_text(raw) == expected

    def test_none_becomes_empty(self):
        assert clean_text(None) == ""

    def test_non_strings_are_turned_into_text(self):
        assert clean_text(2024) == "2024"

    def test_clean_text_is_idempotent(self):
        once = clean_text(f"  {NFD_NAME}\u00a0 ")
        assert clean_text(once) == once


class TestCleanMultiline:
    def test_keeps_line_breaks_and_cleans_each_line(self):
        raw = "  Sở LĐ-TB&XH   tỉnh;\r\n\tLãnh đạo\u00a0UBND huyện;  \rLưu: VT."
        assert clean_multiline(raw) == "Sở LĐ-TB&XH tỉnh;\nLãnh đạo UBND huyện;\nLưu: VT."

    def test_drops_blank_lines_at_both_ends_but_keeps_inner_ones(self):
        assert clean_multiline("\n \n Dòng 1 \n\n Dòng 2 \n \n") == "Dòng 1\n\nDòng 2"

    def test_normalises_to_nfc(self):
        assert clean_multiline(f"{NFD_NAME}\n{NFD_NAME}") == f"{NFC_NAME}\n{NFC_NAME}"

    def test_none_becomes_empty(self):
        assert clean_multiline(None) == ""


class TestCompareKey:
    def test_case_spacing_and_composition_do_not_matter(self):
        assert compare_key("Vừ A Hùng") == compare_key("  vừ  a HÙNG ")
        assert compare_key(NFD_NAME.upper()) == compare_key(NFC_NAME)

    def test_different_diacritics_stay_different(self):
        assert compare_key("Huổi Só") != compare_key("Huổi Sớ")
        assert compare_key("Tủa Chùa") != compare_key("Tòa Chùa")

    def test_none_is_empty(self):
        assert compare_key(None) == ""


class TestLinesOf:
    def test_non_empty_cleaned_lines(self):
        assert lines_of("  Dòng 1 \r\n\r\n\t Dòng   2\n \n") == ["Dòng 1", "Dòng 2"]

    @pytest.mark.parametrize("value", [None, "", " \n \r\n "])
    def test_nothing_gives_no_lines(self, value):
        assert lines_of(value) == []

    def test_lines_filter_is_lines_of(self):
        assert lines("a\n\n b ") == ["a", "b"]


class TestIntdot:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1234567, "1.234.567"),
            (708, "708"),
            (1000, "1.000"),
            (0, "0"),
            (-1234, "-1.234"),
            ("150000", "150.000"),
            (Decimal("2500000"), "2.500.000"),
            (None, ""),
            ("", ""),
        ],
    )
    def test_vietnamese_thousands_separator(self, value, expected):
        assert intdot(value) == expected

    def test_text_that_is_not_a_number_is_shown_as_is(self):
        assert intdot("khoảng") == "khoảng"

    def test_in_a_template(self):
        rendered = Template("{% load tuachua %}{{ n|intdot }}|{{ none|intdot }}").render(
            Context({"n": 1234567, "none": None})
        )
        assert rendered == "1.234.567|"


class TestVnd:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(150000, "150.000 đ"), (1234567, "1.234.567 đ"), (0, "0 đ"), (None, ""), ("", "")],
    )
    def test_money_in_dong(self, value, expected):
        assert vnd(value) == expected


class TestDaysLeft:
    @pytest.mark.parametrize(
        ("days", "expected"),
        [(3, "còn 3 ngày"), (1, "còn 1 ngày"), (0, "hạn hôm nay"), (-2, "quá hạn 2 ngày"), (None, "")],
    )
    def test_distance_in_words(self, days, expected):
        assert days_left(days) == expected

    def test_in_a_template(self):
        rendered = Template("{% load tuachua %}{{ d|days_left }}").render(Context({"d": -5}))
        assert rendered == "quá hạn 5 ngày"


class TestMinutes:
    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (datetime.timedelta(minutes=15), 15),
            (datetime.timedelta(minutes=14, seconds=1), 15),  # rounded up: never promise too early
            (datetime.timedelta(seconds=59), 1),
            (datetime.timedelta(0), 0),
            (None, 0),
        ],
    )
    def test_whole_minutes_rounded_up(self, delta, expected):
        assert minutes(delta) == expected


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12", 12),
        ("0", 0),
        ("", None),
        (None, None),
        ("-1", None),
        ("1.5", None),
        (" 7", None),
        ("²", None),
        ("٣", None),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        (42, 42),
    ],
)
def test_whole_number_reads_only_ascii_digits(typed, number):
    assert whole_number(typed) == number


def test_whole_number_caps_the_digits():
    assert whole_number("1234567890", max_digits=9) is None and whole_number("123456789", max_digits=9) == 123456789
