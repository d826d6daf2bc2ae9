"""Blocks → PDF with WeasyPrint: A4, the official margins and fonts, page numbers centred at the top from page 2,
table headings repeated on every page and no row split across pages.

WeasyPrint is imported only here, and only when a PDF is asked for: without its system libraries (Pango) the
rest of tuachua runs and `PdfUnavailable` tells what to install.

Speed: the layout is kept lean (fixed table layout with given column widths, a small default stylesheet), and a
long document whose pages fall into independent runs (a roster printed one unit a page) is laid out in two
processes at once, whose pages are then put together and numbered. The result is the same document.
"""

from __future__ import annotations

import io
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from tuachua.documents.blocks import Document
from tuachua.documents.html import document_runs, wrap

logger = logging.getLogger(__name__)

# Below this many table rows a document is laid out in one process: starting a second one costs more.
PARALLEL_MIN_ROWS = 150

# The default stylesheet WeasyPrint would apply matches every element against some 200 rules; documents only
# use these elements, and say everything else in their own stylesheet.
LEAN_UA_CSS = """
html, body, div, p, h1, h2, h3 { display: block; }
head, style, script, title, meta, link { display: none; }
table { display: table; box-sizing: border-box; }
thead { display: table-header-group; vertical-align: middle; }
tbody { display: table-row-group; vertical-align: middle; }
tfoot { display: table-footer-group; vertical-align: middle; }
tr { display: table-row; }
td, th { display: table-cell; vertical-align: inherit; }
th { font-weight: bold; text-align: center; }
colgroup { display: table-column-group; }
col { display: table-column; }
b, strong { font-weight: bold; }
i, em { font-style: italic; }
"""


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing on this server."""


def install_hint() -> str:
    return _(
        "Máy chủ chưa cài thư viện tạo PDF. Cài các gói hệ thống: apt-get install -y libpango-1.0-0 "
        "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 (phông Times New Roman hoặc Liberation Serif có "
        "đủ dấu tiếng Việt); trong lúc chờ, hãy tải bản Excel."
    )


def _weasyprint():
    try:
        import weasyprint  # imported here: it loads Pango, which only PDFs need
    except (ImportError, OSError) as error:
        raise PdfUnavailable(install_hint()) from error
    return weasyprint


def _html_to_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()

    class LeanHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):  # WeasyPrint's hook for its default stylesheet
            return [weasyprint.CSS(string=LEAN_UA_CSS)]

    return LeanHTML(string=html).write_pdf()


def html_to_pdf(html: str) -> bytes:
    """One HTML string → PDF bytes (also used by the benchmark's plain single-table render)."""
    return _html_to_pdf(html)


def workers() -> int:
    configured = getattr(settings, "DOCUMENT_PDF_WORKERS", None)
    if configured is not None:
        return max(1, int(configured))
    return min(2, os.cpu_count() or 1)


def render_pdf(document: Document) -> bytes:
    runs = document_runs(document)
    rows = sum(count for _html, count in runs)
    count = workers()
    threshold = getattr(settings, "DOCUMENT_PDF_PARALLEL_ROWS", PARALLEL_MIN_ROWS)
    if count > 1 and len(runs) > 1 and rows >= threshold:
        try:
            return _render_in_parts(document, runs, count)
        except PdfUnavailable:
            raise
        except Exception:  # noqa: BLE001 - any trouble with the processes: lay it out in one piece instead
            logger.exception("PDF layout in parts failed; laying out in one process")
    return _html_to_pdf(wrap(document, "".join(html for html, _rows in runs)))


def split_runs(runs: list[tuple[str, int]], parts: int) -> list[list[str]]:
    """Cut the runs into at most `parts` consecutive groups with about the same number of rows each."""
    total = sum(count for _html, count in runs) or 1
    groups: list[list[str]] = [[]]
    done = 0
    for html, count in runs:
        boundary = total * len(groups) / parts
        if groups[-1] and len(groups) < parts and done + count / 2 > boundary:
            groups.append([])
        groups[-1].append(html)
        done += count
    return groups


_NO_NUMBERS = "@page { @top-center { content: none; } }"


def _render_part(args: tuple[Document, list[str]]) -> bytes:
    document, htmls = args
    return _html_to_pdf(wrap(document, "".join(htmls), extra_style=_NO_NUMBERS))


def _render_in_parts(document: Document, runs, count: int) -> bytes:
    _weasyprint()
    groups = split_runs(runs, count)
    with ProcessPoolExecutor(max_workers=len(groups), mp_context=get_context("fork")) as pool:
        parts = list(pool.map(_render_part, [(document, htmls) for htmls in groups]))
    return _join_and_number(document, parts)


def _join_and_number(document: Document, parts: list[bytes]) -> bytes:
    """Put the parts' pages together and write the page number at the top centre of every page but the first,
    in Times (a PDF standard font, metric-compatible with the document's font), as WeasyPrint would have."""
    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    times = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for index, page in enumerate(writer.pages):
        if index:
            _stamp_number(writer, page, index + 1, times)
    writer.add_metadata({"/Title": document.title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


MM = 72 / 25.4


def _stamp_number(writer: PdfWriter, page, number: int, font) -> None:
    """Draw `number` centred in the top margin of `page`, wrapping the page's own content in q … Q so that
    whatever it leaves in the graphics state cannot move the number."""
    resources = page[NameObject("/Resources")].get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts.get_object()[NameObject("/TcPageNo")] = font
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    text = str(number)
    x = 30 * MM + (width - 45 * MM) / 2 - len(text) * 13 * 0.25
    y = height - 20 * MM / 2 - 13 * 0.33
    saved, restored = DecodedStreamObject(), DecodedStreamObject()
    saved.set_data(b"q\n")
    restored.set_data(f"\nQ q BT /TcPageNo 13 Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n".encode("ascii"))
    contents = page.get(NameObject("/Contents"))
    existing = contents.get_object() if contents is not None else None
    streams = list(existing) if isinstance(existing, ArrayObject) else ([contents] if contents is not None else [])
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(saved), *streams, writer._add_object(restored)])
