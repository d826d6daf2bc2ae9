import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from monitoring.services import IMAGE_TYPES, check_upload
from monitoring.services.uploads import safe_stored_name
from tests.monitoring import JPEG, PDF, PNG, office_zip, upload


def _refusal(file, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(file, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (PDF, "pdf", "application/pdf"),
        (office_zip("xl"), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (office_zip("word"), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_documents_recognised_by_content_whatever_the_name(content, kind, content_type):
    checked = check_upload(upload("bao-cao.bin", content))
    assert (checked.extension, checked.content_type, checked.size) == (kind, content_type, len(content))
    assert checked.stored_name.endswith(f".{kind}")


def test_real_workbook_passes():
    openpyxl = pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert check_upload(upload("Biểu 03.xlsx", buffer.getvalue())).extension == "xlsx"


def test_images_when_allowed():
    assert check_upload(upload("a", PNG), allowed=IMAGE_TYPES).extension == "png"
    assert check_upload(upload("b", JPEG), allowed=IMAGE_TYPES).extension == "jpg"


def test_pdf_name_with_png_content_refused():
    error = _refusal(upload("bao cao.pdf", PNG))
    assert error.code == "wrong_type"
    assert error.messages == ["Tệp “bao cao.pdf” có nội dung là ảnh PNG; chỉ nhận Excel (.xlsx), Word (.docx), PDF."]


def test_unknown_content_refused():
    error = _refusal(upload("Biểu 03.xlsx", "Họ và tên;Chức vụ\n".encode()))
    assert error.code == "wrong_type"
    assert "không phải loại tệp được nhận" in error.messages[0]


def test_zip_without_office_parts_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("anh.png", PNG)
    assert _refusal(upload("Biểu 03.xlsx", buffer.getvalue())).code == "wrong_type"


def test_broken_zip_refused():
    truncated = office_zip("xl")[:40]
    error = _refusal(upload("Biểu 03.xlsx", truncated))
    assert error.code == "broken"
    assert error.messages == ["Tệp bị hỏng hoặc chưa tải lên hết. Hãy mở tệp trên máy, lưu lại rồi tải lên lần nữa."]


def test_truncated_pdf_refused():
    assert _refusal(upload("a.pdf", PDF[:20])).code == "broken"


def test_legacy_office_refused_with_advice():
    error = _refusal(upload("Biểu 03.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))
    assert error.code == "legacy_office" and ".xlsx" in error.messages[0]


def test_empty_refused():
    error = _refusal(upload("a.pdf", b""))
    assert error.messages == ["Tệp tải lên trống (0 byte). Hãy chọn lại tệp."]


def test_oversize_refused_before_reading():
    error = _refusal(upload("a.pdf", PDF + b" " * 100), max_bytes=50)
    assert error.code == "too_big"
    big = upload("a.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    assert _refusal(big).messages[0].startswith("Tệp lớn hơn 10 MB.")


def test_size_checked_on_content_even_when_size_is_unknown():
    class Stream(io.BytesIO):
        name = "x.pdf"

    assert _refusal(Stream(PDF * 10), max_bytes=len(PDF)).code == "too_big"


@pytest.mark.parametrize(
    ("original", "start"),
    [
        ("Biểu số 03 - Đồng Tâm.xlsx", "bieu-so-03-dong-tam-"),
        ("../../etc/passwd", "passwd-"),
        ("C:\\Users\\a\\Báo cáo.docx", "bao-cao-"),
        ("Ảnh.jpg", "anh-"),
        ("....", "tep-"),
    ],
)
def test_stored_names_are_sanitised(original, start):
    name = safe_stored_name(original, "pdf")
    assert name.startswith(start) and name.endswith(".pdf")
    assert "/" not in name and "\\" not in name and name.isascii()
