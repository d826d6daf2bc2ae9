"""Reading a filled Phụ lục I/II workbook (training.upload): the table, marks, levels, encodings, bad files."""

import io
import time
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.training.excel_fixtures import (
    BLANK,
    Group,
    Person,
    annex_workbook,
    corrupted_entry,
    csv_bytes,
    pdf_bytes,
    people,
    plain_workbook,
    png_bytes,
    truncated,
    word_document_bytes,
    xls_bytes,
    zip_bomb_bytes,
)
from training.upload import (
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    ParsedRow,
    ParsedUpload,
    UploadError,
    parse_registration_workbook,
)
from tuachua.vietnamese import encode_legacy

VILLAGES = [(11, "Thôn 1"), (12, "Bản Nà Sa"), (13, "Thôn 02"), (14, "Tổ dân phố 3"), (15, "Háng Tàu")]
THREE = [
    Person("Vừ A Hùng", position="Chủ tịch UBND", notes="Trưởng đoàn"),
    Person("Lò Văn Thượng", position="Trưởng thôn", paid=False),
    Person("Sùng Thị Mỷ", position="Chi hội trưởng Phụ nữ", paid=False),
]


def parse(data, villages=VILLAGES, **kwargs) -> ParsedUpload:
    return parse_registration_workbook(data, villages=villages, **kwargs)


def names(upload: ParsedUpload) -> list[str]:
    return [item.row.full_name for item in upload.rows]


def only(upload: ParsedUpload) -> ParsedRow:
    assert len(upload.rows) == 1, upload.rows
    return upload.rows[0]


def refused(data, **kwargs) -> str:
    with pytest.raises(UploadError) as caught:
        parse(data, **kwargs)
    return str(caught.value)


class TestTheForm:
    def test_filled_annex_reads_rows_between_header_and_notes(self):
        upload = parse(annex_workbook(THREE))
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ"]
        first = upload.rows[0]
        assert first.row.position == "Chủ tịch UBND"
        assert first.row.paid_by_state is True
        assert first.row.notes == "Trưởng đoàn"
        assert first.row.village_id is None
        assert [item.row.paid_by_state for item in upload.rows] == [True, False, False]
        assert all(item.problems == [] for item in upload.rows)
        assert upload.encoding is None
        assert upload.warnings == []
        assert upload.sheet_title == "Phụ lục I"

    def test_excel_row_numbers_are_the_sheet_rows(self):
        # 7 title rows, the header (8), the number row (9): the first delegate is on row 10.
        upload = parse(annex_workbook(THREE))
        assert [item.excel_row for item in upload.rows] == [10, 11, 12]

    def test_signature_names_and_notes_under_the_table_are_not_rows(self):
        upload = parse(annex_workbook(THREE, footer=True))
        assert "Giàng A Sếnh" not in names(upload)  # the chairman under "TM. ỦY BAN NHÂN DÂN"
        assert len(upload.rows) == 3

    def test_without_title_block_number_row_or_footer(self):
        upload = parse(annex_workbook(THREE, title_block=False, number_row=False, footer=False))
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ"]
        assert upload.rows[0].excel_row == 2

    @pytest.mark.parametrize("layout", ["parent", "co_khong"])
    def test_header_over_two_rows_with_merged_cells(self, layout):
        upload = parse(annex_workbook(THREE, two_row_header=layout))
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ"]
        assert [item.row.paid_by_state for item in upload.rows] == [True, False, False]
        assert upload.rows[0].excel_row == 11
        assert upload.warnings == []

    def test_blank_rows_anywhere_are_skipped(self):
        items = [BLANK, THREE[0], BLANK, BLANK, THREE[1], BLANK, THREE[2], BLANK]
        upload = parse(annex_workbook(items))
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ"]
        assert [item.excel_row for item in upload.rows] == [11, 14, 16]

    def test_template_rows_with_only_a_number_are_skipped(self):
        items = [THREE[0], Person("", position="", paid=None), Person("", position="", paid=None, tt="....")]
        upload = parse(annex_workbook(items))
        assert names(upload) == ["Vừ A Hùng"]

    def test_header_cells_in_other_words(self):
        data = plain_workbook(
            [
                ["DANH SÁCH ĐẠI BIỂU"],
                ["STT", "HO VA TEN", "Chức danh", "Có hưởng lương NSNN", "Không hưởng lương NSNN", "Ghi chú", "SĐT"],
                [1, "Vừ A Hùng", "Bí thư chi bộ", None, "x", None, "0912 345 678"],
            ]
        )
        row = only(parse(data)).row
        assert (row.full_name, row.position, row.paid_by_state, row.phone) == (
            "Vừ A Hùng",
            "Bí thư chi bộ",
            False,
            "0912345678",
        )

    def test_header_may_be_decomposed_unicode(self):
        header = ["TT", unicodedata.normalize("NFD", "Họ và tên"), "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng"]
        data = plain_workbook([header, [1, "Vừ A Hùng", "Trưởng bản", "X", None]])
        assert only(parse(data)).row.paid_by_state is True

    def test_parent_header_row_above_the_name_row_and_a_total_row(self):
        data = plain_workbook(
            [
                ["TT", "Thông tin đại biểu", None, "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN", "Ghi chú"],
                [None, "Họ và tên", "Chức vụ", None, None, None],
                [1, "Vừ A Hùng", "Trưởng bản", None, "X", "Dân tộc Mông"],
                [None, "Tổng cộng", None, 0, 1],
                [None, "Người lập"],
                [None, "Lò Văn Thượng"],
            ]
        )
        row = only(parse(data)).row
        assert (row.full_name, row.position, row.paid_by_state, row.notes) == (
            "Vừ A Hùng",
            "Trưởng bản",
            False,
            "Dân tộc Mông",
        )

    def test_first_sheet_with_a_table_is_read(self):
        upload = parse(annex_workbook(THREE, leading_sheets=("Hướng dẫn",), sheet_title="Danh sách"))
        assert upload.sheet_title == "Danh sách"
        assert len(upload.rows) == 3

    def test_two_filled_sheets_read_the_first_and_warn(self):
        workbook = openpyxl.load_workbook(io.BytesIO(annex_workbook(THREE)))
        copy = workbook.copy_worksheet(workbook.active)
        copy.title = "Phụ lục II"
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = parse(buffer.getvalue())
        assert upload.sheet_title == "Phụ lục I"
        assert upload.warnings == [
            "Tệp có nhiều trang tính có danh sách; chỉ đọc trang “Phụ lục I”, bỏ qua: “Phụ lục II”."
        ]

    def test_project_export_layout_reads_back(self):
        # The layout the project exports: header block, title, table with a "Cấp" column, notes, signatures.
        items = [
            Person("Vừ A Hùng", position="Chủ tịch UBND", village="Cấp xã"),
            Person("Lò Văn Thượng", position="Trưởng thôn", village="Thôn 1", paid=False),
        ]
        upload = parse(annex_workbook(items, village_column=True, headers={"village": "Cấp"}))
        assert [(item.row.full_name, item.row.village_id) for item in upload.rows] == [
            ("Vừ A Hùng", None),
            ("Lò Văn Thượng", 11),
        ]
        assert all(not item.problems for item in upload.rows)


class TestMarks:
    # "ü" is the check mark of the Wingdings font (Insert → Symbol), read without its font.
    @pytest.mark.parametrize("mark", ["X", "x", "✓", "✔", "v", "V", "1", 1, "có", "Có", True, " x ", "ü"])
    def test_accepted_marks_in_col_4(self, mark):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", paid=True)], mark=mark)))
        assert row.row.paid_by_state is True
        assert row.problems == []

    @pytest.mark.parametrize("mark", ["X", "✓", "có", True])
    def test_accepted_marks_in_col_5(self, mark):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", paid=False)], mark=mark)))
        assert row.row.paid_by_state is False

    def test_both_columns_marked_is_a_problem(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", col4="X", col5="x")])))
        assert row.row.paid_by_state is None
        assert row.problems == ["Đánh dấu X ở cả hai cột 4 và 5"]

    def test_no_column_marked_is_a_problem(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", paid=None)])))
        assert row.row.paid_by_state is None
        assert row.problems == ["Chưa đánh dấu X ở cột 4 hoặc cột 5"]

    def test_something_else_than_a_mark_is_a_problem(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", col4="?", col5=None)])))
        assert row.row.paid_by_state is None
        assert row.problems == ["Cột 4 ghi “?”: chỉ đánh dấu X vào cột 4 hoặc cột 5"]

    def test_zero_or_dash_counts_as_unmarked(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", col4="-", col5="X")])))
        assert row.row.paid_by_state is False


class TestRowProblems:
    def test_missing_position(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", position="")])))
        assert row.problems == ["Thiếu chức vụ"]
        assert row.row.full_name == "Vừ A Hùng"

    def test_missing_name(self):
        row = only(parse(annex_workbook([Person("", position="Trưởng thôn")])))
        assert row.problems == ["Thiếu họ và tên"]

    def test_same_person_twice(self):
        upload = parse(annex_workbook([Person("Vừ A Hùng"), Person("vừ a  HÙNG", position="Bí thư chi bộ")]))
        assert upload.rows[0].problems == []
        assert upload.rows[1].problems == ["Trùng họ và tên với dòng 10"]

    def test_names_are_cleaned_and_composed(self):
        decomposed = unicodedata.normalize("NFD", "Giàng  A\u00a0Sếnh ")
        row = only(parse(annex_workbook([Person(decomposed, position=" Trưởng   bản")]))).row
        assert row.full_name == "Giàng A Sếnh"
        assert unicodedata.is_normalized("NFC", row.full_name)
        assert row.position == "Trưởng bản"

    def test_formula_text_stays_literal(self):
        formula = '=HYPERLINK("http://example.com/x","Bấm vào đây")'
        row = only(parse(annex_workbook([Person(formula, notes="=1+1")])))
        assert row.row.full_name == formula
        assert row.row.notes == "=1+1"

    def test_phone_and_gender_columns(self):
        items = [
            Person("Vừ A Hùng", phone=912345678, gender="Nam"),
            Person("Sùng Thị Mỷ", phone="0214.3845.123", gender="nữ"),
            Person("Lò Văn Thượng", gender="Không rõ"),
        ]
        upload = parse(annex_workbook(items, phone_column=True, gender_column=True))
        assert [(item.row.phone, item.row.gender) for item in upload.rows] == [
            ("0912345678", "male"),
            ("02143845123", "female"),
            ("", ""),
        ]
        assert upload.rows[2].problems == ["Không rõ giới tính “Không rõ” (ghi Nam hoặc Nữ)"]

    def test_missing_mark_columns_are_reported(self):
        data = plain_workbook([["TT", "Họ và tên", "Chức vụ", "Ghi chú"], [1, "Vừ A Hùng", "Trưởng bản", None]])
        upload = parse(data)
        assert "Không tìm thấy cột 4 “Hưởng lương từ NSNN” trong dòng tiêu đề." in upload.warnings
        assert "Không tìm thấy cột 5 “Không hưởng lương từ NSNN” trong dòng tiêu đề." in upload.warnings
        assert only(upload).problems == ["Chưa đánh dấu X ở cột 4 hoặc cột 5"]

    def test_empty_table_is_reported(self):
        upload = parse(annex_workbook([]))
        assert upload.rows == []
        assert upload.warnings == ["Bảng chưa có đại biểu nào."]


class TestVillageColumn:
    @pytest.mark.parametrize(
        ("typed", "village_id"),
        [
            ("Thôn 1", 11),
            ("thôn 01", 11),
            ("Thôn số 1", 11),
            ("Nà Sa", 12),
            ("Thôn Nà Sa", 12),
            ("BẢN NÀ SA", 12),
            ("Thôn 2", 13),
            ("02", 13),
            ("TDP 3", 14),
            ("Tổ 03", 14),
            ("Hang Tau", 15),
        ],
    )
    def test_village_names_match_loosely(self, typed, village_id):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", village=typed)], village_column=True)))
        assert row.row.village_id == village_id
        assert row.problems == []

    @pytest.mark.parametrize("typed", ["Cấp xã", "xã", "UBND xã", "Xã Mường Báng", "-", ""])
    def test_unit_level(self, typed):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", village=typed)], village_column=True)))
        assert row.row.village_id is None
        assert row.problems == []

    def test_unknown_village_is_a_problem(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", village="Nà Sa 2")], village_column=True)))
        assert row.row.village_id is None
        assert row.problems == ["Không rõ thôn, bản “Nà Sa 2”: ghi ở cấp xã"]

    @pytest.mark.parametrize("header", ["Thôn/bản/TDP", "Cấp", "Thôn, bản, tổ dân phố"])
    def test_header_names_of_the_village_column(self, header):
        items = [Person("Vừ A Hùng", village="Nà Sa")]
        row = only(parse(annex_workbook(items, village_column=True, headers={"village": header})))
        assert row.row.village_id == 12


class TestGroupHeadings:
    def test_headings_switch_the_level(self):
        items = [
            Group("I. Cấp xã"),
            Person("Vừ A Hùng", position="Chủ tịch UBND"),
            Group("Thôn Nà Sa", tt="II"),
            Person("Lò Văn Thượng", paid=False),
            Person("Sùng Thị Mỷ", paid=False),
            Group("III. THÔN 2", merged=True),
            Person("Giàng A Sếnh"),
            Group("Thôn 01"),
            Person("Vàng A Páo"),
            Group("Cấp xã"),
            Person("Mùa A Dế", position="Công chức Văn hóa - Xã hội"),
        ]
        upload = parse(annex_workbook(items))
        assert [(item.row.full_name, item.row.village_id) for item in upload.rows] == [
            ("Vừ A Hùng", None),
            ("Lò Văn Thượng", 12),
            ("Sùng Thị Mỷ", 12),
            ("Giàng A Sếnh", 13),
            ("Vàng A Páo", 11),
            ("Mùa A Dế", None),
        ]
        assert all(not item.problems for item in upload.rows)

    def test_unknown_village_heading_puts_its_rows_at_unit_level_with_a_problem(self):
        items = [Group("I. Cấp xã"), Person("Vừ A Hùng"), Group("II. Bản Pa Lao"), Person("Lò Văn Thượng")]
        upload = parse(annex_workbook(items))
        assert upload.rows[0].problems == []
        assert upload.rows[1].row.village_id is None
        assert upload.rows[1].problems == ["Không rõ thôn, bản “Bản Pa Lao”: ghi ở cấp xã"]

    def test_with_a_village_column_a_blank_cell_takes_the_heading_level(self):
        items = [Group("II. Thôn Nà Sa"), Person("Vừ A Hùng"), Person("Lò Văn Thượng", village="Thôn 1")]
        upload = parse(annex_workbook(items, village_column=True))
        assert [item.row.village_id for item in upload.rows] == [12, 11]

    def test_a_person_without_position_or_mark_is_not_a_heading(self):
        items = [Group("Thôn Nà Sa"), Person("Vừ A Hùng", position="", paid=None)]
        row = only(parse(annex_workbook(items)))
        assert row.row.full_name == "Vừ A Hùng"
        assert row.row.village_id == 12
        assert row.problems == ["Thiếu chức vụ", "Chưa đánh dấu X ở cột 4 hoặc cột 5"]


class TestLegacyEncodings:
    @pytest.mark.parametrize(
        ("encoding", "label"), [("tcvn3", "TCVN3 (.VnTime)"), ("vni", "VNI (VNI-Times)")], ids=["tcvn3", "vni"]
    )
    def test_legacy_file_is_converted_and_flagged(self, encoding, label):
        items = [*THREE, Group("Thôn Nà Sa"), Person("Giàng A Sếnh", position="Bí thư chi bộ")]
        upload = parse(annex_workbook(items, encoding=encoding))
        assert upload.encoding == encoding
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ", "Giàng A Sếnh"]
        assert upload.rows[0].row.position == "Chủ tịch UBND"
        assert upload.rows[3].row.position == "Bí thư chi bộ"
        assert upload.rows[3].row.village_id == 12
        assert upload.warnings == [
            f"Tệp dùng bảng mã {label}; đã chuyển sang Unicode — kiểm tra lại tên trước khi lưu."
        ]

    def test_tcvn3_header_is_recognised(self):
        assert encode_legacy("Họ và tên", "tcvn3") == "Hä vµ tªn"
        data = plain_workbook(
            [
                [encode_legacy(text, "tcvn3") for text in ("TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN")]
                + [encode_legacy("Không hưởng lương từ NSNN", "tcvn3")],
                [1, "Vang A Pao", "Truong ban", "X", None],
            ]
        )
        upload = parse(data)
        assert only(upload).row.paid_by_state is True
        assert upload.warnings == [
            "Tệp dùng bảng mã TCVN3 (.VnTime); đã chuyển sang Unicode — kiểm tra lại tên trước khi lưu."
        ]

    def test_unicode_template_filled_in_with_a_legacy_font(self):
        upload = parse(annex_workbook(THREE, encoding="tcvn3", legacy_everywhere=False))
        assert upload.encoding == "tcvn3"
        assert names(upload) == ["Vừ A Hùng", "Lò Văn Thượng", "Sùng Thị Mỷ"]

    def test_legacy_co_mark_is_read(self):
        row = only(parse(annex_workbook([Person("Vừ A Hùng", paid=True)], encoding="tcvn3", mark="có")))
        assert row.row.paid_by_state is True

    def test_unicode_file_is_not_flagged(self):
        upload = parse(annex_workbook(people(20)))
        assert upload.encoding is None
        assert upload.warnings == []


class TestRefusedFiles:
    def test_empty_file(self):
        assert refused(b"").startswith("Tệp tải lên trống")

    def test_oversize_bytes(self):
        assert refused(b"PK\x03\x04" + b"\x00" * MAX_UPLOAD_BYTES).startswith("Tệp lớn hơn 5 MB")

    def test_oversize_upload_is_refused_by_its_size(self):
        upload = SimpleUploadedFile("ds.xlsx", b"PK\x03\x04")
        upload.size = MAX_UPLOAD_BYTES + 1
        assert refused(upload).startswith("Tệp lớn hơn 5 MB")

    @pytest.mark.parametrize("data", [pdf_bytes(), csv_bytes(), png_bytes()], ids=["pdf", "csv", "png"])
    def test_not_an_excel_file(self, data):
        message = refused(data, filename="danh sach.xlsx")
        assert "không phải tệp Excel" in message
        assert "“danh sach.xlsx”" in message

    def test_office_document_that_is_not_a_workbook(self):
        assert "không phải tệp Excel" in refused(word_document_bytes())

    def test_old_xls_gets_its_own_message(self):
        message = refused(xls_bytes(), filename="ds.xls")
        assert ".xls" in message
        assert "Lưu thành" in message
        assert ".xlsx" in message

    @pytest.mark.parametrize("damage", [truncated, corrupted_entry], ids=["truncated", "corrupted"])
    def test_broken_zip(self, damage):
        assert refused(damage(annex_workbook(THREE))).startswith("Tệp Excel bị hỏng")

    def test_zip_bomb(self):
        assert "hơn 50 MB khi giải nén" in refused(zip_bomb_bytes())

    def test_no_header_row(self):
        data = plain_workbook([["Danh sách"], ["Tên", "Chức vụ"], ["Vừ A Hùng", "Trưởng bản"]])
        assert refused(data).startswith("Không tìm thấy dòng tiêu đề “Họ và tên”")

    def test_header_below_the_first_30_rows_is_not_searched(self):
        data = plain_workbook([[None]] * 30 + [["TT", "Họ và tên", "Chức vụ"], [1, "Vừ A Hùng", "Trưởng bản"]])
        assert refused(data).startswith("Không tìm thấy dòng tiêu đề")

    def test_too_many_rows(self):
        rows = [["TT", "Họ và tên", "Chức vụ", "Hưởng lương từ NSNN", "Không hưởng lương từ NSNN"]]
        rows += [[i, f"Người {i}", "Trưởng thôn", "X", None] for i in range(MAX_DATA_ROWS + 1)]
        assert f"hơn {MAX_DATA_ROWS} dòng" in refused(plain_workbook(rows))


class TestInput:
    def test_file_like_objects(self):
        data = annex_workbook(THREE)
        assert len(parse(io.BytesIO(data)).rows) == 3
        uploaded = SimpleUploadedFile("ds.xlsx", data)
        uploaded.read(10)  # a view that peeked at the file still gets all of it
        assert len(parse(uploaded).rows) == 3

    def test_59_rows_parse_well_under_a_second(self):
        data = annex_workbook(people(59), village_column=True)
        started = time.perf_counter()
        upload = parse(data)
        elapsed = time.perf_counter() - started
        assert len(upload.rows) == 59
        assert len(set(names(upload))) == 59
        assert elapsed < 0.5
