"""The one check every uploaded file passes: size, type by content (never by name), a safe stored name."""

import contextlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a guard against zip bombs
DOCUMENT_TYPES = ("xlsx", "docx", "pdf")
IMAGE_TYPES = ("jpg", "png")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg",
    "png": "image/png",
}
TYPE_LABELS = {
    "pdf": "PDF",
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "jpg": "ảnh JPEG",
    "png": "ảnh PNG",
}

_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed `check_upload`: its bytes, detected type and the name to store it under."""

    content: bytes
    extension: str
    content_type: str
    size: int
    original_name: str
    stored_name: str

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.stored_name)


def check_upload(
    file, *, max_bytes: int = MAX_UPLOAD_BYTES, allowed: tuple[str, ...] = DOCUMENT_TYPES
) -> CheckedUpload:
    """Read `file` (an UploadedFile or any file object with a name) and refuse it with a clear Vietnamese
    message when it is empty, too big, broken or of a type not in `allowed` — judged by its content."""
    original = _original_name(file)
    payload = _read(file, max_bytes)
    detected = _detect(payload)
    if detected not in allowed:
        raise _wrong_type(original, detected, allowed)
    claimed = _claimed_type(original)
    if claimed is not None and claimed != detected:
        # A name that says one thing and content that is another (a photo renamed .pdf) would download
        # under a name no program opens: refuse it and say what the file really is.
        raise ValidationError(
            _("Tệp “%(name)s” mang đuôi .%(ext)s nhưng nội dung là %(actual)s; hãy lưu đúng định dạng rồi tải lại.")
            % {"name": original, "ext": original.rsplit(".", 1)[-1], "actual": TYPE_LABELS[detected]},
            code="wrong_type",
        )
    return CheckedUpload(
        content=payload,
        extension=detected,
        content_type=CONTENT_TYPES[detected],
        size=len(payload),
        original_name=original,
        stored_name=safe_stored_name(original, detected),
    )


def _claimed_type(original: str) -> str | None:
    """The type a file's name claims, when it names one we know ("jpeg" counts as "jpg")."""
    if "." not in original:
        return None
    extension = original.rsplit(".", 1)[-1].lower()
    extension = {"jpeg": "jpg"}.get(extension, extension)
    return extension if extension in CONTENT_TYPES else None


def safe_stored_name(original: str, extension: str) -> str:
    """ASCII stem of the original name (diacritics dropped, "đ" → "d"), a random part, the detected extension."""
    stem = re.split(r"[\\/]", original)[-1].rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem.encode("ascii", "ignore").decode()).strip("-").lower()[:60]
    return f"{stem or 'tep'}-{uuid.uuid4().hex[:12]}.{extension}"


def _original_name(file) -> str:
    name = str(getattr(file, "name", "") or "")
    return unicodedata.normalize("NFC", re.split(r"[\\/]", name)[-1]).strip()[:255] or "tep"


def _too_big(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Tệp lớn hơn %(mb)s MB. Hãy giảm dung lượng (nén ảnh, bỏ trang thừa) rồi tải lên lại.")
        % {"mb": f"{max_bytes / 1024 / 1024:g}"},
        code="too_big",
    )


def _read(file, max_bytes: int) -> bytes:
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise _too_big(max_bytes)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        file.seek(0)
    payload = file.read(max_bytes + 1) or b""
    if not payload:
        raise ValidationError(_("Tệp tải lên trống (0 byte). Hãy chọn lại tệp."), code="empty")
    if len(payload) > max_bytes:
        raise _too_big(max_bytes)
    return payload


def _broken() -> ValidationError:
    return ValidationError(
        _("Tệp bị hỏng hoặc chưa tải lên hết. Hãy mở tệp trên máy, lưu lại rồi tải lên lần nữa."), code="broken"
    )


def _detect(payload: bytes) -> str | None:
    """The type the content shows: pdf, xlsx, docx, jpg, png; None when unknown. Raises for broken files."""
    if payload.startswith(_PDF):
        if b"%%EOF" not in payload[-2048:]:
            raise _broken()
        return "pdf"
    if payload.startswith(_JPEG):
        return "jpg"
    if payload.startswith(_PNG):
        return "png"
    if payload.startswith(_OLE2):
        raise ValidationError(
            _(
                "Tệp là Word/Excel 97–2003 (.doc, .xls) hoặc có đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu nếu có, "
                "chọn Lưu thành dạng .docx hoặc .xlsx rồi tải lên lại."
            ),
            code="legacy_office",
        )
    if payload.startswith(_ZIP):
        return _office_kind(payload)
    return None


def _office_kind(payload: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
                raise _broken()
            if archive.testzip() is not None:
                raise _broken()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise _broken() from exc
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    return None


def _wrong_type(original: str, detected: str | None, allowed: tuple[str, ...]) -> ValidationError:
    accepted = ", ".join(TYPE_LABELS[kind] for kind in allowed)
    if detected:
        message = _("Tệp “%(name)s” có nội dung là %(actual)s; chỉ nhận %(accepted)s.") % {
            "name": original,
            "actual": TYPE_LABELS[detected],
            "accepted": accepted,
        }
    else:
        message = _("Tệp “%(name)s” không phải loại tệp được nhận; chỉ nhận %(accepted)s.") % {
            "name": original,
            "accepted": accepted,
        }
    return ValidationError(message, code="wrong_type")
