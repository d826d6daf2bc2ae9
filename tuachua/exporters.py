"""Exporters: every downloadable document is an exporter class in one registry.

An exporter has an identifier (used in URLs, the admin and the `export_document` command), a Vietnamese label,
the formats it offers, how to load its object for a user (`get_object`, which raises 404 for what the user may
not see and 403 for what they may see but not download), and how to build its `Document` from the object.
Rendering, caching and the file name are shared here, so the page, the admin action and the management
command all produce the same file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.core.cache import caches
from django.http import Http404

from tuachua.documents import CONTENT_TYPES, render
from tuachua.documents.blocks import Document

CACHE_ALIAS = "documents"


@dataclass(frozen=True)
class ExportResult:
    filename: str  # Vietnamese, with extension
    content_type: str
    content: bytes
    cached: bool = False

    @property
    def ascii_filename(self) -> str:
        return ascii_filename(self.filename)

    def content_disposition(self) -> str:
        """`attachment` with a safe ASCII name and the Vietnamese name as UTF-8 `filename*` (RFC 6266)."""
        return f"attachment; filename=\"{self.ascii_filename}\"; filename*=UTF-8''{quote(self.filename)}"


def ascii_filename(name: str) -> str:
    """ "Phụ lục I_Mường Đun_2024.xlsx" → "Phu-luc-I_Muong-Dun_2024.xlsx": letters without their marks (case
    kept), words joined by hyphens, parts kept apart by underscores; nothing a file system or header trips on."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", extension):
        stem, extension = name, ""
    stem = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = stem.encode("ascii", "ignore").decode("ascii")
    parts = ["-".join(re.findall(r"[A-Za-z0-9]+", part)) for part in stem.split("_")]
    cleaned = "_".join(part for part in parts if part) or "tai-lieu"
    return f"{cleaned}.{extension}" if extension else cleaned


class Exporter:
    identifier: str = ""
    label: str = ""
    formats: tuple[str, ...] = ("xlsx", "pdf")
    model = None  # the model whose admin offers this exporter as an action

    def get_object(self, user, pk: int, params) -> object:
        """The object to export, as `user` may see it (404 otherwise; 403 when they see it but may not
        download this document)."""
        raise NotImplementedError

    def build(self, obj, params) -> Document:
        raise NotImplementedError

    def admin_target(self, instance) -> tuple[int, dict]:
        """The (pk, params) that export `instance` of `model` from its admin list."""
        return instance.pk, {}

    def export(self, obj, fmt: str, params=None) -> ExportResult:
        if fmt not in self.formats:
            raise Http404
        document = self.build(obj, params or {})
        return render_cached(document, fmt)


def render_cached(document: Document, fmt: str) -> ExportResult:
    """Render `document` as `fmt`, or take the bytes rendered earlier for the same content."""
    cache = caches[CACHE_ALIAS]
    key = f"document:{fmt}:{document.digest()}"
    content = cache.get(key)
    cached = content is not None
    if not cached:
        content = render(document, fmt)
        cache.set(key, content)
    return ExportResult(f"{document.filename}.{fmt}", CONTENT_TYPES[fmt], content, cached)


_REGISTRY: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.identifier in _REGISTRY:
        raise ValueError(f"exporter {cls.identifier!r} registered twice")
    _REGISTRY[cls.identifier] = cls()
    return cls


def get_exporter(identifier: str) -> Exporter:
    try:
        return _REGISTRY[identifier]
    except KeyError:
        raise Http404 from None


def all_exporters() -> list[Exporter]:
    return list(_REGISTRY.values())


def exporters_for_model(model) -> list[Exporter]:
    return [exporter for exporter in _REGISTRY.values() if exporter.model is model]
