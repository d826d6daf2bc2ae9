"""The building blocks of an official document (Decree 30/2020/NĐ-CP), shared by every document and format.

A document is data: a list of sections (one Excel sheet each; each starts a new page in the PDF), each a list
of blocks. The renderers (`html`/`pdf` and `xlsx`) turn the same blocks into the same layout, so a format fix
lands once for Phụ lục I and II, rosters, attendance sheets, invitations and the plan.

Text in blocks is final text (Vietnamese, NFC, already normalised); renderers escape it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class OfficialHeader:
    """Top of the first page: the issuing body at the left (parent body upright caps over the issuing body bold
    caps, a short rule, then "Số: …"), the national title and motto at the right, the place and date under it."""

    issuing_body: str
    parent_body: str = ""
    number: str = ""
    place_date: str = ""
    subject_line: str = ""  # "V/v …" under the number (letters with a subject); empty for most documents


@dataclass(frozen=True)
class Title:
    """The document's name: an optional label above ("Phụ lục I"), the type in bold caps (one or more lines),
    the subject in bold, and an italic note under it ("(Kèm theo Kế hoạch số …)")."""

    kind: tuple[str, ...]
    subject: tuple[str, ...] = ()
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class Column:
    """One table column: its heading, width in millimetres on the printed page, alignment, and the text of the
    column-number row under the headings ("1" … "6")."""

    label: str
    width: float
    align: str = "left"  # left | center | right
    number: str = ""


DATA, GROUP, SUBTOTAL, TOTAL = "data", "group", "subtotal", "total"


@dataclass(frozen=True)
class Row:
    """A table row. A GROUP row is a heading across the whole table (its first cell is the text); SUBTOTAL and
    TOTAL rows are bold. `keep_with_next` keeps a heading on the page of the row after it."""

    cells: tuple
    kind: str = DATA


@dataclass(frozen=True)
class Table:
    """A bordered table with its headings repeated on every page. `number_row` adds the italic row of column
    numbers under the headings; `page_per_group` starts every GROUP row after the first on a new page."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    number_row: bool = False
    page_per_group: bool = False
    font_size: float = 12
    row_height_mm: float = 0  # a minimum height for data rows: room to write by hand on blank forms

    @property
    def data_rows(self) -> int:
        return sum(row.kind == DATA for row in self.rows)


BODY, HEADING, SUBHEADING, ITALIC, CENTER, BOLD_CENTER = (
    "body",
    "heading",
    "subheading",
    "italic",
    "center",
    "bold_center",
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text. Styles: body (justified, first-line indent), heading (bold, "I. …"),
    subheading (bold, "1. …"), italic, center, bold_center."""

    text: str
    style: str = BODY


@dataclass(frozen=True)
class Notes:
    """The notes under a table: "Ghi chú:" in bold italic, then one line each."""

    lines: tuple[str, ...]
    heading: str = "Ghi chú:"


@dataclass(frozen=True)
class Signature:
    """A signature block: the capacity lines in bold caps ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), an italic hint
    ("(Ký, ghi rõ họ tên, đóng dấu)"), room to sign, and the signer's name in bold."""

    lines: tuple[str, ...]
    hint: str = ""
    name: str = ""
    place_date: str = ""  # italic line above the block ("…, ngày … tháng … năm …"), for forms without a header date


@dataclass(frozen=True)
class Recipients:
    """ "Nơi nhận:" (bold italic 12 pt), then "- recipient" lines (11 pt), ending with "- Lưu: VT."."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Closing:
    """The bottom of a document: the left side (recipients or a signature) beside the right signature."""

    left: Recipients | Signature | None
    right: Signature | None


@dataclass(frozen=True)
class Spacer:
    lines: int = 1


Block = OfficialHeader | Title | Table | Paragraph | Notes | Closing | Spacer


@dataclass
class Section:
    """One part of a document: an Excel sheet, and a new page in the PDF."""

    name: str
    blocks: list[Block]
    landscape: bool = False


@dataclass
class Document:
    """A whole document: its title (PDF metadata, sheet titles), the file name (Vietnamese, without
    extension; the download makes an ASCII twin of it) and its sections."""

    title: str
    filename: str
    sections: list[Section] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of everything the document shows: equal digests give equal files, so a rendered file
        can be cached under it and is rebuilt only when the data changes."""
        payload = json.dumps(
            [
                self.title,
                self.filename,
                [
                    [section.name, section.landscape, [_typed(block) for block in section.blocks]]
                    for section in self.sections
                ],
            ],
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _typed(block: Block) -> list:
    return [type(block).__name__, asdict(block)]


def page_width_mm(landscape: bool) -> float:
    """The printable width of A4 with the official margins (30 mm left, 15 mm right)."""
    return (297 if landscape else 210) - 30 - 15
