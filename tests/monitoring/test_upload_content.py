"""Content checks of uploaded files beyond their type: macros in Office files, active content in PDFs, zip
bombs. Every file is built here (openpyxl, zipfile, hand-written PDF bytes, pypdf), the valid ones too."""

import datetime
import io
import struct
import time
import zipfile
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link

from monitoring import services
from monitoring.models import RecommendationResponse, Submission, VisitAttachment
from monitoring.services import check_upload
from monitoring.services.uploads import MAX_UNCOMPRESSED_BYTES, pdf_active_content
from tests.monitoring import PDF, install_catalogue, monitoring_world, six_month_period, upload

XLSX_MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content))
    return caught.value


# --- Office files ------------------------------------------------------------------------------------------


def workbook(*, formulas: bool = True, link: str = "") -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 03"
    sheet.append(["Xã", "Số hộ nghèo", "Số hộ cận nghèo"])
    sheet.append(["Mường Báng", 120, 45])
    sheet.append(["Sín Chải", 98, 30])
    if formulas:
        sheet.append(["Cộng", "=SUM(B2:B3)", "=SUM(C2:C3)"])
        sheet["E1"] = '=HYPERLINK("https://dienbien.gov.vn", "Sở LĐTBXH")'
    if link:
        sheet["F1"].hyperlink = link
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def repacked(package: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """The package with parts added or replaced."""
    add, replace = add or {}, replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, data in add.items():
            out.writestr(name, data)
    return buffer.getvalue()


def with_content_type(package: bytes, part: str, content_type: str) -> bytes:
    """The package whose [Content_Types].xml declares `content_type` for `part`."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        types = source.read("[Content_Types].xml").decode()
    override = f'<Override PartName="{part}" ContentType="{content_type}"/>'
    return repacked(package, replace={"[Content_Types].xml": types.replace("</Types>", override + "</Types>").encode()})


def document(text: str = "Biên bản giám sát xã Mường Báng") -> bytes:
    """A minimal Word document, as Word writes its required parts."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class TestValidOfficeFiles:
    def test_a_workbook_with_formulas_and_a_hyperlink_passes(self):
        checked = check_upload(upload("Biểu 03 Mường Báng.xlsx", workbook()))
        assert checked.extension == "xlsx"

    def test_a_word_document_passes(self):
        assert check_upload(upload("Biên bản.docx", document())).extension == "docx"

    def test_a_cell_linking_to_an_address_that_mentions_macros_passes(self):
        content = workbook(link="https://example.org/huong-dan/macroEnabled-vbaProject.html")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert b"macroEnabled" in archive.read("xl/worksheets/_rels/sheet1.xml.rels")
        assert check_upload(upload("Biểu 03.xlsx", content)).extension == "xlsx"

    def test_a_file_that_mentions_macros_in_its_text_passes(self):
        """Only the package's declarations count, not what the document says."""
        content = document("Không dùng tệp .xlsm hay vbaProject trong báo cáo")
        assert check_upload(upload("Hướng dẫn.docx", content)).extension == "docx"


class TestMacros:
    def test_a_workbook_with_a_vba_project_is_refused_with_what_to_do(self):
        content = repacked(workbook(), add={"xl/vbaProject.bin": b"\xcc\x61" * 64})
        error = refusal("Biểu 03.xlsx", content)
        assert error.code == "macro"
        (message,) = error.messages
        assert "vbaProject.bin" in message and "có macro" in message
        assert "Lưu lại tệp dưới dạng .xlsx không có macro" in message

    def test_a_document_with_a_vba_project_gets_the_word_advice(self):
        content = repacked(document(), add={"word/vbaProject.bin": b"\x00" * 32})
        error = refusal("Biên bản.docx", content)
        assert error.code == "macro" and "Lưu lại tệp dưới dạng .docx không có macro" in error.messages[0]

    @pytest.mark.parametrize(("name", "kind"), [("Biểu 03.xlsm", "xlsx"), ("Biên bản.docm", "docx")])
    def test_a_macro_enabled_name_is_refused_even_without_macros_inside(self, name, kind):
        content = workbook() if kind == "xlsx" else document()
        error = refusal(name, content)
        assert error.code == "macro"
        assert f"đuôi .{name.rsplit('.', 1)[1]}" in error.messages[0]
        assert f"Lưu lại tệp dưới dạng .{kind} không có macro" in error.messages[0]

    def test_a_macro_workbook_content_type_is_refused(self):
        content = with_content_type(workbook(), "/xl/workbook.xml", XLSX_MACRO_TYPE)
        error = refusal("Biểu 03.xlsx", content)
        assert error.code == "macro" and "[Content_Types].xml" in error.messages[0]

    def test_a_vba_project_under_another_name_is_found_by_its_content_type(self):
        content = repacked(workbook(), add={"xl/media/image9.bin": b"\x01" * 32})
        content = with_content_type(content, "/xl/media/image9.bin", VBA_TYPE)
        assert refusal("Biểu 03.xlsx", content).code == "macro"

    def test_a_content_type_hidden_behind_character_references_is_found(self):
        content = with_content_type(workbook(), "/xl/media/x.bin", "application/vnd.ms-office.vba&#80;roject")
        assert refusal("Biểu 03.xlsx", content).code == "macro"

    def test_a_relationship_to_a_vba_project_is_found(self):
        rels = (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId9" Type="{VBA_RELATIONSHIP}" Target="macros.dat"/></Relationships>'
        )
        content = repacked(document(), add={"word/_rels/document.xml.rels": rels.encode()})
        assert refusal("Biên bản.docx", content).code == "macro"


class TestZipBombs:
    def test_an_archive_that_expands_past_the_limit_is_called_a_zip_bomb(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            with archive.open("xl/worksheets/sheet1.xml", "w") as part:
                chunk = b"\0" * (1024 * 1024)
                for _n in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                    part.write(chunk)
        content = buffer.getvalue()
        assert len(content) < 1024 * 1024  # 100 MB of zeros compress to about 100 KB
        error = refusal("Biểu 03.xlsx", content)
        assert error.code == "zip_bomb"
        assert "tệp nén giải nén ra quá lớn" in error.messages[0].lower()
        assert "hỏng" not in error.messages[0]

    def test_an_archive_declaring_a_huge_part_is_refused_before_decompressing(self):
        content = bytearray(document())
        # The central directory entry of the last part: uncompressed size at offset 24 of its header.
        entry = content.rfind(b"PK\x01\x02")
        content[entry + 24 : entry + 28] = struct.pack("<I", MAX_UNCOMPRESSED_BYTES + 1)
        assert refusal("Biên bản.docx", bytes(content)).code == "zip_bomb"

    def test_an_archive_with_too_many_parts_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            for number in range(10_001):
                archive.writestr(f"xl/p{number}.xml", b"")
        assert refusal("Biểu 03.xlsx", buffer.getvalue()).code == "zip_bomb"


# --- PDFs ----------------------------------------------------------------------------------------------------


def pdf_file(objects: list[bytes], *, info: bytes | None = None) -> bytes:
    """A PDF with a cross-reference table; object 1 is the catalog. `info`: an Info dictionary."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    bodies = [*objects, info] if info else list(objects)
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer_info = b" /Info %d 0 R" % len(bodies) if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, trailer_info, xref)
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def one_page(*, catalog: bytes = CATALOG, page: bytes = PAGE, extra: list[bytes] = (), info=None) -> bytes:
    return pdf_file([catalog, PAGES, page, *extra], info=info)


def pdf_with_object_stream(members: list[bytes], *, hex_too: bool = False) -> bytes:
    """A PDF 1.5 whose objects 1 … n (catalog first) sit in a Flate-compressed object stream, indexed by a
    compressed cross-reference stream: nothing of them is readable in the file's bytes. `hex_too`: the
    stream is also ASCIIHex-encoded (two filters, which the name scan does not undo: pypdf's walk does)."""
    count = len(members)
    offsets, body = [], b""
    for member in members:
        offsets.append(len(body))
        body += member + b"\n"
    header = b" ".join(b"%d %d" % (number, offset) for number, offset in enumerate(offsets, start=1)) + b"\n"
    packed = zlib.compress(header + body)
    filters = b"/FlateDecode"
    if hex_too:
        packed, filters = packed.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
    stream_number, xref_number = count + 1, count + 2
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>\nstream\n" % (
        stream_number,
        count,
        len(header),
        filters,
        len(packed),
    )
    out += packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, stream_number, index) for index in range(count)]
    rows += [struct.pack(">BIH", 1, stream_offset, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    table = zlib.compress(b"".join(rows))
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += b"stream\n" + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pypdf_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\)) >>"


class TestValidPdfs:
    def test_the_minimal_pdf_of_the_test_suite_passes(self):
        assert check_upload(upload("bien ban.pdf", PDF)).extension == "pdf"

    def test_a_pdf_with_web_links_passes(self):
        writer = pypdf_page()
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://dienbien.gov.vn/bao-cao"))
        writer.add_annotation(0, Link(rect=(50, 90, 200, 120), target_page_index=0))
        writer.add_metadata({"/Title": "Báo cáo kết quả giảm nghèo"})
        assert pdf_active_content(written(writer)) == set()
        assert check_upload(upload("Báo cáo.pdf", written(writer))).extension == "pdf"

    def test_a_hand_written_pdf_with_a_link_and_an_opening_view_passes(self):
        """An /OpenAction that is a destination (open at page 1, fit width) runs nothing: office suites write it."""
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /FitH null] /PageMode /UseNone >>"
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
        link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://molisa.gov.vn) >> >>"
        content = one_page(catalog=catalog, page=page, extra=[link])
        assert check_upload(upload("Kế hoạch.pdf", content)).extension == "pdf"

    def test_words_that_only_appear_in_text_strings_pass(self):
        info = b"<< /Title (Huong dan /JavaScript va /Launch \\(tai lieu\\)) /Subject (/EmbeddedFiles) >>"
        assert pdf_active_content(one_page(info=info)) == set()

    def test_a_pdf_written_by_pypdf_with_an_owner_password_only_passes(self):
        writer = pypdf_page()
        writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
        assert pdf_active_content(written(writer)) == set()

    def test_a_valid_pdf_with_an_object_stream_passes(self):
        content = pdf_with_object_stream([CATALOG, PAGES, PAGE])
        assert check_upload(upload("Báo cáo.pdf", content)).extension == "pdf"


class TestActivePdfs:
    def test_javascript_run_on_opening_is_refused_with_what_was_found_and_what_to_do(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
        error = refusal("Báo cáo.pdf", one_page(catalog=catalog, extra=[JS_ACTION]))
        assert error.code == "pdf_active_content"
        (message,) = error.messages
        assert "mã JavaScript" in message and "/OpenAction" in message
        assert "In ra PDF lại" in message

    def test_document_javascript_added_by_pypdf_is_refused(self):
        writer = pypdf_page()
        writer.add_open_action(JavaScript("this.print({bUI:false});"))
        assert "javascript" in pdf_active_content(written(writer))

    @pytest.mark.parametrize(
        "action",
        [
            b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
            b"<< /S /#4A#61#76#61#53#63#72#69#70#74 /JS 5 0 R >>",
            b"<< /S/JavaScript/JS(app.alert\\(1\\))>>",
        ],
        ids=["escaped", "all-escaped", "no-spaces"],
    )
    def test_escaped_names_are_decoded(self, action):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>"
        content = one_page(page=page, extra=[action, b"<< /Length 0 >>\nstream\n\nendstream"])
        assert pdf_active_content(content) == {"javascript"}
        assert refusal("a.pdf", content).code == "pdf_active_content"

    def test_javascript_in_a_compressed_object_stream_is_found(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /Names << /J#61vaScript 4 0 R >> >>"
        names = b"<< /Names [(x) << /S /JavaScript /JS (app.launchURL\\('http://x'\\)) >>] >>"
        content = pdf_with_object_stream([catalog, PAGES, PAGE, names])
        assert b"JavaScript" not in content and b"J#61vaScript" not in content
        assert pdf_active_content(content) == {"javascript"}

    def test_javascript_in_an_object_stream_under_two_filters_is_found_by_the_walk(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
        content = pdf_with_object_stream([catalog, PAGES, PAGE, JS_ACTION], hex_too=True)
        assert b"JavaScript" not in content and b"OpenAction" not in content
        assert pdf_active_content(content) == {"javascript", "open_action"}

    def test_the_name_scan_finds_a_compressed_action_when_the_file_cannot_be_parsed(self):
        content = pdf_with_object_stream([CATALOG, PAGES, PAGE, JS_ACTION])
        broken = content.replace(b"startxref", b"startxrof").replace(b"/Root", b"/Ruut")
        assert pdf_active_content(broken) == {"javascript"}

    def test_a_launch_action_on_a_link_is_refused(self):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
        link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /F (cmd.exe) >> >>"
        error = refusal("a.pdf", one_page(page=page, extra=[link]))
        assert "/Launch" in error.messages[0]

    def test_a_launch_hidden_in_the_next_action_of_a_link_is_found_by_the_walk(self):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
        link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /A << /S /URI /URI (x) /Next [5 0 R] >> >>"
        launch = b"<< /S /L#61unch /F (x.exe) /Next 5 0 R >>"  # a cycle, too
        assert pdf_active_content(one_page(page=page, extra=[link, launch])) == {"launch"}

    def test_an_embedded_file_is_refused(self):
        writer = pypdf_page()
        writer.add_attachment("so lieu.exe", b"MZ\x90\x00")
        error = refusal("Báo cáo.pdf", written(writer))
        assert "/EmbeddedFile" in error.messages[0]

    def test_a_file_attachment_annotation_without_type_names_is_refused(self):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
        note = b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /F (a.exe) /EF << /F 5 0 R >> >> >>"
        embedded = b"<< /Length 2 >>\nstream\nMZ\nendstream"
        assert pdf_active_content(one_page(page=page, extra=[note, embedded])) == {"embedded"}

    def test_an_open_action_that_opens_a_web_page_is_refused(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (http://x.example) >> >>"
        assert pdf_active_content(one_page(catalog=catalog)) == {"open_action"}

    def test_an_open_action_of_a_file_that_cannot_be_parsed_counts_unless_a_destination(self):
        broken = b"%PDF-1.4\n1 0 obj << /OpenAction 4 0 R >> endobj\n%%EOF\n"
        assert pdf_active_content(broken) == {"open_action"}
        harmless = b"%PDF-1.4\n1 0 obj << /OpenAction [3 0 R /Fit] >> endobj\n%%EOF\n"
        assert pdf_active_content(harmless) == set()

    def test_javascript_in_a_form_field_is_refused(self):
        catalog = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>"
        field = b"<< /FT /Tx /T (ten) /Kids [5 0 R] >>"
        kid = b"<< /Parent 4 0 R /AA << /K << /S /JavaScript /JS (1) >> >> >>"
        assert pdf_active_content(one_page(catalog=catalog, extra=[field, kid])) == {"javascript"}

    def test_a_pdf_locked_with_a_password_cannot_be_checked_and_is_refused(self):
        writer = pypdf_page()
        writer.encrypt(user_password="mat-khau", owner_password="chu", algorithm="RC4-128")
        error = refusal("Báo cáo.pdf", written(writer))
        assert error.code == "pdf_locked" and "mật khẩu" in error.messages[0]


class TestHostilePdfsStayFast:
    def test_unclosed_streams_are_scanned_in_linear_time(self):
        content = b"%PDF-1.4\n" + b"<< /Type /ObjStm /Filter /FlateDecode >> stream\n" * 100_000 + b"%%EOF\n"
        started = time.monotonic()
        pdf_active_content(content)
        assert time.monotonic() - started < 5

    def test_deeply_nested_arrays_do_not_crash(self):
        content = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Kids " + b"[" * 100_000 + b" >> endobj\n%%EOF\n"
        assert check_upload(upload("a.pdf", content)).extension == "pdf"


# --- the pages that take files say why they refuse one -----------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_macro_report_is_refused_on_the_unit_page_and_nothing_is_stored(world, login, media):
    forms = install_catalogue()
    period = six_month_period(world)
    a1 = world.a.communes[0]
    url = reverse("reports:upload", args=[period.pk, a1.pk, forms["BIEU-03"].pk])
    content = repacked(workbook(), add={"xl/vbaProject.bin": b"\x00" * 16})
    response = login(world.users.officer_a).post(url, {"file": upload("Biểu 03.xlsm", content)})
    assert response.status_code == 302
    [message] = page_messages(response)
    assert "có macro" in message and "Lưu lại tệp dưới dạng .xlsx không có macro" in message
    assert not Submission.objects.exists()


def test_a_pdf_with_javascript_is_refused_as_minutes_of_a_visit(world, login, media):
    visit = monitoring_world(world).visit
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    content = one_page(catalog=catalog, extra=[JS_ACTION])
    url = reverse("monitoring:visit_attachment", args=[visit.pk])
    response = login(world.users.staff).post(url, {"kind": "minutes", "file": upload("Biên bản.pdf", content)})
    assert response.status_code == 302
    assert any("In ra PDF lại" in message for message in page_messages(response))
    assert not VisitAttachment.objects.exists()


def test_evidence_with_an_embedded_file_is_refused_and_the_response_not_saved(world, login, media):
    visit = monitoring_world(world).visit
    rec = services.recommendation_create(
        visit=visit,
        text="Cập nhật hộ nghèo",
        due_date=datetime.date(2099, 1, 1),
        by=world.users.staff,
        unit=visit.units.first(),
    )
    writer = pypdf_page()
    writer.add_attachment("so lieu.xlsm", b"PK")
    officer = world.users.officer_a if rec.unit == world.a.communes[0] else world.users.officer_b
    url = reverse("monitoring:recommendation_respond", args=[rec.pk])
    data = {"text": "Đã cập nhật", "new_status": "in_progress", "files": [upload("Minh chứng.pdf", written(writer))]}
    response = login(officer).post(url, data)
    assert response.status_code == 302
    assert any("/EmbeddedFile" in message for message in page_messages(response))
    assert not RecommendationResponse.objects.exists()
