"""Blocks → HTML for the PDF renderer (WeasyPrint), in the layout of Decree 30/2020/NĐ-CP.

The HTML is built directly (not through templates): a 700-row roster is 5,000 cells, and the markup is kept
as small as the layout allows, because WeasyPrint's time grows with every box. A document becomes a list of
"runs", pieces that each start on a new page (a section, or a group of a table printed one group a page), so
a long document can be laid out in parts (see `pdf.py`).
"""

from __future__ import annotations

from django.utils.html import escape

from tuachua.documents.blocks import (
    GROUP,
    MOTTO,
    NATIONAL_TITLE,
    Block,
    Closing,
    Document,
    Notes,
    OfficialHeader,
    Paragraph,
    Recipients,
    Row,
    Section,
    Spacer,
    Table,
    Title,
)

FONT_STACK = '"Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", serif'

STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font-family: %(font)s; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
@page wide { size: A4 landscape; }
html { font-family: %(font)s; font-size: 13pt; line-height: 1.2; }
body { margin: 0; }
p { margin: 0 0 3pt; }
.run + .run { break-before: page; }
.wide { page: wide; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
td, th { padding: 0; vertical-align: top; }
.hd td { text-align: center; }
.hd p { margin: 0; }
.parent { font-size: 12.5pt; }
.body, .nation { font-size: 12.5pt; font-weight: bold; }
.motto { font-size: 13.5pt; font-weight: bold; }
.rule { border-top: 0.75pt solid #000; margin: 1pt auto 5pt; }
.place { font-style: italic; margin-top: 4pt; }
.title { text-align: center; font-weight: bold; margin: 14pt 0 10pt; break-after: avoid; }
.title p { margin: 0; }
.title .note { font-weight: normal; font-style: italic; }
.label { font-size: 13pt; }
.t { font-size: %(table_size)spt; margin-top: 4pt; }
.t th, .t td { border: 0.75pt solid #000; padding: 1.5pt 3pt; vertical-align: middle; }
.t th { font-weight: bold; text-align: center; }
.t thead { display: table-header-group; }
.t tr { break-inside: avoid; }
.t .n td { font-style: italic; text-align: center; }
.t .g td, .t .s td, .t .a td { font-weight: bold; }
.t .g { break-after: avoid; }
.c { text-align: center; }
.r { text-align: right; }
.pb { break-before: page; }
.pa { text-align: justify; text-indent: 10mm; margin: 0 0 4pt; }
.h1 { font-weight: bold; margin: 6pt 0 4pt; break-after: avoid; }
.h2 { font-weight: bold; margin: 4pt 0 3pt; break-after: avoid; }
.it { font-style: italic; }
.ce { text-align: center; }
.bc { text-align: center; font-weight: bold; }
.notes { margin-top: 6pt; font-size: 12.5pt; break-inside: avoid; }
.notes .nh { font-weight: bold; font-style: italic; margin: 0; }
.notes p { margin: 0 0 1pt; }
.cl { margin-top: 10pt; break-inside: avoid; break-before: avoid; }
.cl td { vertical-align: top; }
.rcp { font-size: 11pt; }
.rcp .rh { font-size: 12pt; font-weight: bold; font-style: italic; margin: 0; }
.rcp p { margin: 0; }
.sg { text-align: center; }
.sg p { margin: 0; }
.sg .cap { font-weight: bold; }
.sg .hint { font-style: italic; }
.sg .pd { font-style: italic; margin-bottom: 2pt; }
.sg .room { height: 22mm; }
.sg .name { font-weight: bold; }
.sp { height: 8pt; }
"""


def style(table_size: float = 12) -> str:
    return STYLE % {"font": FONT_STACK, "table_size": table_size}


def _lines(lines, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "".join(f"<p{attr}>{escape(line)}</p>" for line in lines if line is not None)


def header_html(block: OfficialHeader) -> str:
    left = []
    if block.parent_body:
        left.append(f'<p class="parent">{escape(block.parent_body)}</p>')
    left.append(f'<p class="body">{escape(block.issuing_body)}</p><div class="rule" style="width:35%"></div>')
    if block.number:
        left.append(f"<p>{escape(block.number)}</p>")
    if block.subject_line:
        left.append(f'<p style="font-size:12pt">{escape(block.subject_line)}</p>')
    right = [
        f'<p class="nation">{NATIONAL_TITLE}</p><p class="motto">{MOTTO}</p>',
        '<div class="rule" style="width:55%"></div>',
    ]
    if block.place_date:
        right.append(f'<p class="place">{escape(block.place_date)}</p>')
    return (
        '<table class="hd"><colgroup><col style="width:40%"><col style="width:60%"></colgroup>'
        f"<tr><td>{''.join(left)}</td><td>{''.join(right)}</td></tr></table>"
    )


def title_html(block: Title) -> str:
    parts = []
    if block.label:
        parts.append(f'<p class="label">{escape(block.label)}</p>')
    parts.append(_lines(block.kind))
    parts.append(_lines(block.subject))
    if block.note:
        parts.append(f'<p class="note">{escape(block.note)}</p>')
    return f'<div class="title">{"".join(parts)}</div>'


_ALIGN = {"center": ' class="c"', "right": ' class="r"', "left": ""}
_ROW_CLASS = {"data": "", "group": ' class="g"', "subtotal": ' class="s"', "total": ' class="a"'}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")  # 1.200.000: the Vietnamese thousands separator
    return escape(value)


def _row_html(row: Row, aligns: list[str], width: int) -> str:
    if row.kind == GROUP:
        return f'<tr class="g"><td colspan="{width}">{_cell(row.cells[0])}</td></tr>'
    cells = "".join(f"<td{align}>{_cell(value)}</td>" for align, value in zip(aligns, row.cells, strict=False))
    return f"<tr{_ROW_CLASS[row.kind]}>{cells}</tr>"


def _table_open(block: Table) -> str:
    total = sum(column.width for column in block.columns) or 1
    cols = "".join(f'<col style="width:{100 * column.width / total:.2f}%">' for column in block.columns)
    heads = "".join(f"<th>{escape(column.label)}</th>" for column in block.columns)
    numbers = ""
    if block.number_row:
        numbers = '<tr class="n">' + "".join(f"<td>{escape(column.number)}</td>" for column in block.columns) + "</tr>"
    css = f' class="t {_height_class(block.row_height_mm)}"' if block.row_height_mm else ' class="t"'
    return f"<table{css}><colgroup>{cols}</colgroup><thead><tr>{heads}</tr>{numbers}</thead><tbody>"


def table_parts(block: Table) -> list[str]:
    """The table as HTML; with `page_per_group`, one table per group (each repeats the headings)."""
    aligns = [_ALIGN[column.align] for column in block.columns]
    width = len(block.columns)
    chunks: list[list[Row]] = [[]]
    for row in block.rows:
        if block.page_per_group and row.kind == GROUP and chunks[-1] and any(r.kind != GROUP for r in chunks[-1]):
            chunks.append([])
        chunks[-1].append(row)
    opening = _table_open(block)
    return [opening + "".join(_row_html(row, aligns, width) for row in rows) + "</tbody></table>" for rows in chunks]


def paragraph_html(block: Paragraph) -> str:
    css = {"body": "pa", "heading": "h1", "subheading": "h2", "italic": "pa it", "center": "ce", "bold_center": "bc"}
    return f'<p class="{css[block.style]}">{escape(block.text)}</p>'


def notes_html(block: Notes) -> str:
    return f'<div class="notes"><p class="nh">{escape(block.heading)}</p>{_lines(block.lines)}</div>'


def _side_html(side) -> str:
    if side is None:
        return ""
    if isinstance(side, Recipients):
        return f'<div class="rcp"><p class="rh">Nơi nhận:</p>{_lines("- " + line for line in side.lines)}</div>'
    parts = []
    if side.place_date:
        parts.append(f'<p class="pd">{escape(side.place_date)}</p>')
    parts.append(_lines(side.lines, "cap"))
    if side.hint:
        parts.append(f'<p class="hint">{escape(side.hint)}</p>')
    parts.append('<div class="room"></div>')
    if side.name:
        parts.append(f'<p class="name">{escape(side.name)}</p>')
    return f'<div class="sg">{"".join(parts)}</div>'


def closing_html(block: Closing) -> str:
    return (
        '<table class="cl"><colgroup><col style="width:45%"><col style="width:55%"></colgroup>'
        f"<tr><td>{_side_html(block.left)}</td><td>{_side_html(block.right)}</td></tr></table>"
    )


def block_html(block: Block) -> list[str]:
    """A block as HTML pieces; only a table printed one group a page has more than one."""
    if isinstance(block, Table):
        return table_parts(block)
    if isinstance(block, OfficialHeader):
        return [header_html(block)]
    if isinstance(block, Title):
        return [title_html(block)]
    if isinstance(block, Paragraph):
        return [paragraph_html(block)]
    if isinstance(block, Notes):
        return [notes_html(block)]
    if isinstance(block, Closing):
        return [closing_html(block)]
    if isinstance(block, Spacer):
        return ['<div class="sp"></div>' * block.lines]
    raise TypeError(f"unknown block {block!r}")


def section_runs(section: Section) -> list[tuple[str, int]]:
    """The section as runs that each start a new page, with the number of table rows in each."""
    runs: list[list] = [["", 0]]
    for block in section.blocks:
        pieces = block_html(block)
        rows = len(block.rows) if isinstance(block, Table) else 0
        share = rows // max(len(pieces), 1)
        for index, piece in enumerate(pieces):
            if index:
                runs.append(["", 0])
            runs[-1][0] += piece
            runs[-1][1] += share
    wide = " wide" if section.landscape else ""
    return [(f'<div class="run{wide}">{html}</div>', rows) for html, rows in runs]


def document_runs(document: Document) -> list[tuple[str, int]]:
    return [run for section in document.sections for run in section_runs(section)]


def _height_class(height_mm: float) -> str:
    return f"rh{round(height_mm * 10)}"


def row_height_rules(document: Document) -> str:
    """One rule per minimum row height used by the document's tables (room to write or sign by hand)."""
    heights = {b.row_height_mm for s in document.sections for b in s.blocks if isinstance(b, Table) and b.row_height_mm}
    return "".join(f".{_height_class(h)} tbody tr:not(.g) td {{ height: {h}mm; }}" for h in sorted(heights))


def table_font_size(document: Document) -> float:
    sizes = [block.font_size for section in document.sections for block in section.blocks if isinstance(block, Table)]
    return min(sizes) if sizes else 12


def wrap(document: Document, body: str, *, extra_style: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(document.title)}</title>'
        f"<style>{style(table_font_size(document))}{row_height_rules(document)}{extra_style}</style></head>"
        f"<body>{body}</body></html>"
    )
