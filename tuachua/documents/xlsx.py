"""Blocks → Excel workbook (openpyxl), with the layout of the PDF where Excel allows it: merged header and
title rows, a bordered table with its headings repeated on every printed page and frozen on screen, the column
widths of the PDF, A4 with the official margins, fit to one page wide, page numbers from page 2.

Every text cell is stored as text: a name such as "=HYPERLINK(…)" never becomes a formula.
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from tuachua.documents.blocks import (
    BODY,
    DATA,
    GROUP,
    MOTTO,
    NATIONAL_TITLE,
    Closing,
    Column,
    Document,
    Notes,
    OfficialHeader,
    Paragraph,
    Recipients,
    Section,
    Signature,
    Spacer,
    Table,
    Title,
    page_width_mm,
)

FONT_NAME = "Times New Roman"
MM_PER_CHAR = 2.1  # an Excel width unit is about one digit of the default font
POINTS_PER_LINE = 17.5  # one line of 13 pt text
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONTS: dict = {}


def font(size: float = 13, *, bold=False, italic=False) -> Font:
    key = (size, bold, italic)
    if key not in _FONTS:
        _FONTS[key] = Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
    return _FONTS[key]


CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
JUSTIFY = Alignment(horizontal="justify", vertical="top", wrap_text=True, indent=0)
TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_ALIGNMENTS = {"left": LEFT, "center": CENTER, "right": RIGHT}


def set_text(cell, value) -> None:
    """Write a value; text stays text even when it starts with = + - @ (no formula, no injection); whole
    numbers stay numbers, shown with thousands separators (Excel uses the reader's own: "1.200.000")."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = "#,##0"


class SheetWriter:
    """Writes one section's blocks down a worksheet whose grid is the section's table columns."""

    def __init__(self, ws, section: Section):
        self.ws = ws
        self.section = section
        self.columns = self._grid(section)
        self.width = len(self.columns)
        self.row = 1
        self.title_rows: tuple[int, int] | None = None
        widths = [column.width for column in self.columns]
        self.split = self._split(widths)
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = round(column.width / MM_PER_CHAR, 1)

    @staticmethod
    def _grid(section: Section) -> tuple[Column, ...]:
        for block in section.blocks:
            if isinstance(block, Table):
                return block.columns
        width = page_width_mm(section.landscape)
        return tuple(Column("", width / 6) for _ in range(6))

    @staticmethod
    def _split(widths: list[float]) -> int:
        """How many columns the left half (issuing body, recipients) takes: about 40% of the width."""
        total, running = sum(widths), 0.0
        for index, width in enumerate(widths, start=1):
            running += width
            if running >= total * 0.4:
                return max(1, min(index, len(widths) - 1))
        return 1

    def _mm(self, first: int, last: int) -> float:
        return sum(column.width for column in self.columns[first - 1 : last])

    def put(self, text, *, first=1, last=None, font_=None, align=CENTER, height_lines=None, border=False):
        """Write `text` merged over columns first..last of the current row."""
        last = last or self.width
        cell = self.ws.cell(row=self.row, column=first)
        set_text(cell, text)
        cell.font = font_ or font()
        cell.alignment = align
        if last > first:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
        return cell

    def fit(self, texts: list[tuple[str, int, int, float]]) -> None:
        """Set the current row's height to fit the longest wrapped text: (text, first, last, font size)."""
        lines = 1.0
        for text, first, last, size in texts:
            chars = max(self._mm(first, last) / (size * 0.19), 1)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / chars) for part in str(text).split("\n")))
        self.ws.row_dimensions[self.row].height = round(lines * POINTS_PER_LINE * max(s for *_, s in texts) / 13, 1)

    # --- blocks ----------------------------------------------------------------------------------------------

    def header(self, block: OfficialHeader) -> None:
        left = [(block.parent_body, font(12.5)), (block.issuing_body, font(12.5, bold=True))]
        left = [item for item in left if item[0]]
        left += [("", font()), (block.number, font(13))] if block.number else []
        right = [(NATIONAL_TITLE, font(12.5, bold=True)), (MOTTO, font(13.5, bold=True)), ("", font())]
        if block.place_date:
            right.append((block.place_date, font(13, italic=True)))
        if block.subject_line:
            left.append((block.subject_line, font(12)))
        for index in range(max(len(left), len(right))):
            texts = []
            if index < len(left):
                self.put(left[index][0], first=1, last=self.split, font_=left[index][1])
                texts.append((left[index][0], 1, self.split, left[index][1].size))
            if index < len(right):
                self.put(right[index][0], first=self.split + 1, font_=right[index][1])
                texts.append((right[index][0], self.split + 1, self.width, right[index][1].size))
            self.fit(texts)
            self.row += 1

    def title(self, block: Title) -> None:
        self.row += 1
        lines = ([(block.label, font(13, bold=True))] if block.label else []) + [
            (line, font(13.5, bold=True)) for line in (*block.kind, *block.subject)
        ]
        if block.note:
            lines.append((block.note, font(13, italic=True)))
        for text, text_font in lines:
            self.put(text, font_=text_font)
            self.fit([(text, 1, self.width, text_font.size)])
            self.row += 1
        self.row += 1

    def table(self, block: Table) -> None:
        size = block.font_size
        start = self.row
        for index, column in enumerate(block.columns, start=1):
            cell = self.put(column.label, first=index, last=index, font_=font(size, bold=True))
            cell.border = BORDER
        self.fit([(column.label, i, i, size) for i, column in enumerate(block.columns, start=1)])
        if block.number_row:
            self.row += 1
            for index, column in enumerate(block.columns, start=1):
                self.put(column.number, first=index, last=index, font_=font(size, italic=True)).border = BORDER
        self.title_rows = (start, self.row)
        self.row += 1
        aligns = [_ALIGNMENTS[column.align] for column in block.columns]
        seen_data = False
        data_font, bold_font = font(size), font(size, bold=True)
        for row in block.rows:
            if row.kind == GROUP:
                if block.page_per_group and seen_data:
                    self.ws.row_breaks.append(Break(id=self.row - 1))
                cell = self.put(row.cells[0], font_=bold_font, align=LEFT)
                for index in range(1, self.width + 1):
                    self.ws.cell(row=self.row, column=index).border = BORDER
                self.row += 1
                continue
            seen_data = seen_data or row.kind == DATA
            row_font = data_font if row.kind == DATA else bold_font
            long = []
            for index, (value, align) in enumerate(zip(row.cells, aligns, strict=False), start=1):
                cell = self.ws.cell(row=self.row, column=index)
                set_text(cell, value if value != "" else None)
                cell.font, cell.alignment, cell.border = row_font, align, BORDER
                if isinstance(value, str) and len(value) * size * 0.19 > block.columns[index - 1].width:
                    long.append((value, index, index, size))
            if long:
                self.fit(long)
            if block.row_height_mm and row.kind == DATA:
                minimum = round(block.row_height_mm * 72 / 25.4, 1)
                current = self.ws.row_dimensions[self.row].height or 0
                self.ws.row_dimensions[self.row].height = max(current, minimum)
            self.row += 1
        self.ws.freeze_panes = self.ws.cell(row=self.title_rows[1] + 1, column=1)

    def paragraph(self, block: Paragraph) -> None:
        styles = {
            BODY: (font(13), JUSTIFY),
            "heading": (font(13, bold=True), LEFT),
            "subheading": (font(13, bold=True), LEFT),
            "italic": (font(13, italic=True), JUSTIFY),
            "center": (font(13), CENTER),
            "bold_center": (font(13, bold=True), CENTER),
        }
        text_font, align = styles[block.style]
        text = block.text
        self.put(text, font_=text_font, align=align)
        self.fit([(text, 1, self.width, 13)])
        self.row += 1

    def notes(self, block: Notes) -> None:
        self.row += 1
        self.put(block.heading, font_=font(12.5, bold=True, italic=True), align=LEFT)
        self.row += 1
        for line in block.lines:
            self.put(line, font_=font(12.5), align=LEFT)
            self.fit([(line, 1, self.width, 12.5)])
            self.row += 1

    def _side(self, side, first: int, last: int) -> list:
        if side is None:
            return []
        if isinstance(side, Recipients):
            return [("Nơi nhận:", font(12, bold=True, italic=True), LEFT)] + [
                (f"- {line}", font(11), LEFT) for line in side.lines
            ]
        lines = [(side.place_date, font(13, italic=True), CENTER)] if side.place_date else []
        lines += [(line, font(13, bold=True), CENTER) for line in side.lines]
        if side.hint:
            lines.append((side.hint, font(13, italic=True), CENTER))
        lines += [("", font(), CENTER)] * 4
        if side.name:
            lines.append((side.name, font(13, bold=True), CENTER))
        return lines

    def closing(self, block: Closing) -> None:
        self.row += 1
        left = self._side(block.left, 1, self.split)
        right = self._side(block.right, self.split + 1, self.width)
        for index in range(max(len(left), len(right))):
            if index < len(left) and left[index][0]:
                self.put(left[index][0], first=1, last=self.split, font_=left[index][1], align=left[index][2])
            if index < len(right) and right[index][0]:
                self.put(right[index][0], first=self.split + 1, font_=right[index][1], align=right[index][2])
            self.row += 1

    def spacer(self, block: Spacer) -> None:
        self.row += block.lines

    def write(self) -> None:
        handlers = {
            OfficialHeader: self.header,
            Title: self.title,
            Table: self.table,
            Paragraph: self.paragraph,
            Notes: self.notes,
            Closing: self.closing,
            Spacer: self.spacer,
            Signature: lambda block: self.closing(Closing(None, block)),
        }
        for block in self.section.blocks:
            handlers[type(block)](block)
        self.print_setup()

    def print_setup(self) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if self.section.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        inch = 25.4
        ws.page_margins = PageMargins(
            left=30 / inch, right=15 / inch, top=20 / inch, bottom=20 / inch, header=10 / inch, footer=10 / inch
        )
        ws.print_options.horizontalCentered = True
        if self.title_rows:
            ws.print_title_rows = f"{self.title_rows[0]}:{self.title_rows[1]}"
        ws.HeaderFooter.differentFirst = True
        ws.oddHeader.center.text = "&P"
        ws.oddHeader.center.font = FONT_NAME
        ws.oddHeader.center.size = 13
        ws.sheet_view.showGridLines = False


def sheet_title(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()[:31] or "Trang"
    title, number = cleaned, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = document.title
    workbook.properties.creator = "tuachua"
    taken: set[str] = set()
    for section in document.sections:
        ws = workbook.create_sheet(sheet_title(section.name, taken))
        SheetWriter(ws, section).write()
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
