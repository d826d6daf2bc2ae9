"""The one check every uploaded file passes: size, type by content (never by name), no active content (macros
in Office files; JavaScript, actions that run on opening, launched programs or files carried inside a PDF), a
safe stored name.

Office files are zip packages: one that expands past MAX_UNCOMPRESSED_BYTES is refused as a zip bomb before
anything is decompressed. PDFs are read twice: pypdf walks what a reader acts on (the catalog's actions, the
names tree, each page's and annotation's actions, form fields), and a scan of every name in the file's
dictionaries (object streams inflated, `#xx` escapes decoded) catches what the walk cannot reach.
"""

import contextlib
import html
import io
import logging
import re
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a guard against zip bombs
MAX_ZIP_ENTRIES = 10_000
MAX_INFLATED_PDF_BYTES = 50 * 1024 * 1024  # object streams inflated by the PDF name scan, in all
DOCUMENT_TYPES = ("xlsx", "docx", "pdf")
OFFICE_TYPES = ("xlsx", "docx")
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
    message when it is empty, too big, broken, of a type not in `allowed`, or carries active content (a
    macro, a script or an embedded file in a PDF) — judged by its content."""
    original = _original_name(file)
    payload = _read(file, max_bytes)
    detected = _detect(payload)
    if detected not in allowed:
        raise _wrong_type(original, detected, allowed)
    if detected in OFFICE_TYPES:
        _refuse_macros(payload, detected, original)
    elif detected == "pdf":
        _refuse_active_pdf(payload, original)
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


def _zip_bomb() -> ValidationError:
    return ValidationError(
        _(
            "Tệp nén giải nén ra quá lớn (hơn %(mb)s MB) hoặc chứa quá nhiều tệp bên trong: có thể là tệp độc hại "
            "(zip bomb). Hãy mở tệp gốc trên máy, lưu lại thành .xlsx hoặc .docx (nén bớt ảnh nếu có) rồi tải lên lại."
        )
        % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)},
        code="zip_bomb",
    )


def _office_kind(payload: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            entries = archive.infolist()
            # Judged on the sizes the archive declares, before anything is decompressed; a part that
            # expands past its declared size fails the CRC check of testzip() (read up to that size only).
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
                raise _zip_bomb()
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


# --- macros in Office files ------------------------------------------------------------------------------

MACRO_EXTENSIONS = {"xlsm", "xltm", "xlam", "xlsb", "docm", "dotm"}
_MACRO_MARKERS = ("macroenabled", "vbaproject", "macrosheet")  # in content types and relationship types
_MAX_PART_READ = 2 * 1024 * 1024  # [Content_Types].xml and relationship parts are a few KB
_SAVE_AS = {
    "xlsx": gettext_lazy("Lưu lại tệp dưới dạng .xlsx không có macro (Tệp → Lưu thành → “Sổ làm việc Excel (*.xlsx)”)"),
    "docx": gettext_lazy("Lưu lại tệp dưới dạng .docx không có macro (Tệp → Lưu thành → “Tài liệu Word (*.docx)”)"),
}


def _refuse_macros(payload: bytes, detected: str, original: str) -> None:
    """Refuse a macro-enabled workbook or document: by its name (.xlsm, .docm …), a vbaProject.bin part, or
    macro content types and relationships declared in the package."""
    found = _macro_signs(payload)
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if extension in MACRO_EXTENSIONS:
        found.insert(0, _("đuôi .%(ext)s") % {"ext": extension})
    if found:
        raise ValidationError(
            _(
                "Tệp “%(name)s” có macro (%(found)s). Hệ thống không nhận tệp có macro vì macro có thể chứa "
                "mã độc. %(advice)s rồi tải lên lại."
            )
            % {"name": original, "found": ", ".join(found), "advice": _SAVE_AS[detected]},
            code="macro",
        )


def _macro_signs(payload: bytes) -> list[str]:
    """What shows macros in the package, in words ([] for none)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        names = archive.namelist()
        if any(name.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for name in names):
            found.append(_("có phần vbaProject.bin"))
        types = [name for name in names if name.lower() == "[content_types].xml"]
        if any(_declares_macros(_part_text(archive, name), "ContentType") for name in types):
            found.append(_("[Content_Types].xml khai báo nội dung macro"))
        rels = [name for name in names if name.lower().endswith(".rels")]
        if any(_declares_macros(_part_text(archive, name), "Type") for name in rels):
            found.append(_("có liên kết tới dự án macro"))
    return found


def _part_text(archive: zipfile.ZipFile, name: str) -> str:
    """A small XML part as text, character references decoded ("vba&#80;roject" reads "vbaProject")."""
    with archive.open(name) as part:
        return html.unescape(part.read(_MAX_PART_READ).decode("utf-8", "replace"))


def _declares_macros(xml: str, attribute: str) -> bool:
    """Whether a content type (or relationship type) declared in the part names macros. Only the attribute's
    values count: a hyperlink's address in the same part may say anything."""
    values = re.findall(rf"""\b{attribute}\s*=\s*["']([^"']*)["']""", xml)
    return any(marker in value.lower() for value in values for marker in _MACRO_MARKERS)


# --- active content in PDFs ------------------------------------------------------------------------------

logger = logging.getLogger(__name__)

_PDF_RISKS = {
    "javascript": gettext_lazy("mã JavaScript (/JavaScript, /JS)"),
    "open_action": gettext_lazy("lệnh tự chạy khi mở tệp (/OpenAction)"),
    "launch": gettext_lazy("lệnh mở chương trình khác (/Launch)"),
    "embedded": gettext_lazy("tệp khác nhúng bên trong (/EmbeddedFile)"),
}
# Names that carry a risk wherever they stand in a dictionary (after `#xx` escapes are decoded).
_RISKY_NAMES = {
    "JavaScript": "javascript",
    "JS": "javascript",
    "Launch": "launch",
    "EmbeddedFile": "embedded",
    "EmbeddedFiles": "embedded",
    "EF": "embedded",
    "FileAttachment": "embedded",
    "GoToE": "embedded",
}
_RISKY_ACTIONS = {"/JavaScript": "javascript", "/Launch": "launch", "/GoToE": "embedded"}
_MAX_PDF_NODES = 20_000  # actions, annotations and form fields looked at, in all


def _refuse_active_pdf(payload: bytes, original: str) -> None:
    found = pdf_active_content(payload)
    if found:
        labels = ", ".join(str(_PDF_RISKS[key]) for key in _PDF_RISKS if key in found)
        raise ValidationError(
            _(
                "Tệp PDF “%(name)s” có %(found)s: những thành phần có thể tự chạy hoặc mang theo tệp khác nên "
                "không được nhận. Hãy mở tệp rồi In ra PDF lại (chọn máy in “Microsoft Print to PDF” hoặc “Lưu "
                "dưới dạng PDF”) và tải lên bản mới."
            )
            % {"name": original, "found": labels},
            code="pdf_active_content",
        )


def pdf_active_content(payload: bytes) -> set[str]:
    """The risks found in a PDF: a subset of "javascript", "open_action", "launch", "embedded".

    Raises ValidationError for a PDF locked with a password (its content cannot be checked)."""
    walked = _walk_pdf(payload)
    found = _scan_pdf_names(payload, walked_ok=walked is not None)
    return found | (walked or set())


# The walk: what a PDF reader acts on, through pypdf (escapes decoded, object streams and filters handled).


def _walk_pdf(payload: bytes) -> set[str] | None:
    """The risks reached from the document catalog, or None when pypdf cannot read the file."""
    try:
        reader = PdfReader(io.BytesIO(payload), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        catalog = reader.trailer["/Root"].get_object()
        walk = _PdfWalk()
        walk.catalog(catalog)
        for page in reader.pages:
            walk.page(page)
        return walk.found
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 — pypdf raises many kinds on broken files; the name scan stands in
        logger.info("pypdf could not walk an uploaded PDF; relying on the name scan", exc_info=True)
        return None


def _decrypt(reader: PdfReader) -> None:
    try:
        opened = reader.decrypt("")
    except Exception:  # noqa: BLE001 — an encryption pypdf cannot open here is as good as a password
        opened = 0
    if not opened:
        raise ValidationError(
            _(
                "Tệp PDF có đặt mật khẩu hoặc mã hóa nên không kiểm tra được nội dung. Hãy mở tệp, In ra PDF lại "
                "(không đặt mật khẩu) rồi tải lên bản mới."
            ),
            code="pdf_locked",
        )


class _PdfWalk:
    """Collects the risks of the objects visited; each object once, at most _MAX_PDF_NODES of them."""

    def __init__(self):
        self.found: set[str] = set()
        self.seen: set[int] = set()

    def _visit(self, value):
        """The object behind `value` when it is new, else None (cycles, objects met before, too many)."""
        value = value.get_object() if value is not None else None
        if value is None or id(value) in self.seen or len(self.seen) >= _MAX_PDF_NODES:
            return None
        self.seen.add(id(value))
        return value

    def catalog(self, catalog) -> None:
        self.open_action(catalog.get("/OpenAction"))
        self.additional_actions(catalog.get("/AA"))
        names = catalog.get("/Names")
        names = names.get_object() if names is not None else None
        if isinstance(names, DictionaryObject):
            if "/JavaScript" in names:
                self.found.add("javascript")
            if "/EmbeddedFiles" in names:
                self.found.add("embedded")
        form = catalog.get("/AcroForm")
        form = form.get_object() if form is not None else None
        if isinstance(form, DictionaryObject):
            self.fields(form.get("/Fields"))

    def open_action(self, value) -> None:
        """A destination ([page /XYZ …]: open at that page) is harmless; an action other than GoTo is not."""
        action = value.get_object() if value is not None else None
        if isinstance(action, DictionaryObject):
            if action.get("/S") != "/GoTo":
                self.found.add("open_action")
            self.action(action)

    def action(self, value) -> None:
        action = self._visit(value)
        if not isinstance(action, DictionaryObject):
            return
        if action.get("/S") in _RISKY_ACTIONS:
            self.found.add(_RISKY_ACTIONS[action.get("/S")])
        if "/JS" in action:
            self.found.add("javascript")
        following = action.get("/Next")
        following = following.get_object() if following is not None else None
        for item in following if isinstance(following, ArrayObject) else [following]:
            self.action(item)

    def additional_actions(self, value) -> None:
        actions = self._visit(value)
        if isinstance(actions, DictionaryObject):
            for item in actions.values():
                self.action(item)

    def page(self, page) -> None:
        self.additional_actions(page.get("/AA"))
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
        for item in annotations if isinstance(annotations, ArrayObject) else []:
            annotation = self._visit(item)
            if isinstance(annotation, DictionaryObject):
                if annotation.get("/Subtype") == "/FileAttachment":
                    self.found.add("embedded")
                self.action(annotation.get("/A"))
                self.additional_actions(annotation.get("/AA"))

    def fields(self, value) -> None:
        fields = value.get_object() if value is not None else None
        for item in fields if isinstance(fields, ArrayObject) else []:
            field = self._visit(item)
            if isinstance(field, DictionaryObject):
                self.action(field.get("/A"))
                self.additional_actions(field.get("/AA"))
                self.fields(field.get("/Kids"))


# The scan: every name in the file's dictionaries, whether a reader reaches it or not.

_STREAM_START = re.compile(rb">>[ \t\r\n\f\0]{0,255}stream\r?\n")  # bounded: no quadratic scan
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STRING_TOKEN = re.compile(rb"\\.|[()]", re.DOTALL)
_OPEN_ACTION = re.compile(rb"/OpenAction(?![ \t\r\n\f\0]*\[)")


def _scan_pdf_names(payload: bytes, *, walked_ok: bool) -> set[str]:
    """The risks named anywhere in the dictionaries: outside streams, and inside object streams."""
    structure = _decoded_names(_without_strings(b" ".join(_outside_streams(payload))))
    parts = [structure, *(_decoded_names(_without_strings(data)) for data in _object_streams(payload))]
    found = set()
    for part in parts:
        found |= {_RISKY_NAMES[name] for name in _names(part) if name in _RISKY_NAMES}
        # The walk tells a destination from an action; without it an /OpenAction other than [page …] counts.
        if not walked_ok and _OPEN_ACTION.search(part):
            found.add("open_action")
    return found


def _names(data: bytes) -> set[str]:
    return {match.decode("latin-1") for match in _NAME.findall(data)}


def _decoded_names(data: bytes) -> bytes:
    """`data` with every name's `#xx` escapes decoded (/J#61vaScript → /JavaScript)."""
    return _NAME.sub(lambda m: b"/" + _NAME_ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), m[1]), data)


def _without_strings(data: bytes) -> bytes:
    """`data` without its literal strings ("(…)", nested, with escapes): their text is not structure."""
    kept, depth, start = [], 0, 0
    for match in _STRING_TOKEN.finditer(data):
        token = match.group()
        if token == b"(":
            if depth == 0:
                kept.append(data[start : match.start()])
            depth += 1
        elif token == b")" and depth:
            depth -= 1
            if depth == 0:
                start = match.end()
    if depth == 0:
        kept.append(data[start:])
    return b" ".join(kept)


def _streams(payload: bytes):
    """(dictionary start, body start, body end) of each stream, in one pass; an unclosed one ends the file."""
    position = 0
    while match := _STREAM_START.search(payload, position):
        end = payload.find(b"endstream", match.end())
        end = len(payload) if end < 0 else end
        head = max(payload.rfind(b"obj", 0, match.start()), match.start() - 4096, 0)
        yield head, match.end(), end
        position = end


def _outside_streams(payload: bytes):
    """The parts of the file between stream bodies (the objects' dictionaries and the trailer)."""
    position = 0
    for _head, start, end in _streams(payload):
        yield payload[position:start]
        position = end
    yield payload[position:]


def _object_streams(payload: bytes):
    """The inflated content of each Flate-compressed object stream (/Type /ObjStm), within a total budget."""
    budget = MAX_INFLATED_PDF_BYTES
    for head, start, end in _streams(payload):
        names = _names(_decoded_names(payload[head:start]))
        if "ObjStm" not in names or "FlateDecode" not in names or budget <= 0:
            continue
        try:
            data = zlib.decompressobj().decompress(payload[start:end], budget)
        except zlib.error:
            continue
        budget -= len(data)
        yield data
