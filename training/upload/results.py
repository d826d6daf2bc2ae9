"""What reading a workbook gives: the rows for the preview, or an error the user can act on."""

from dataclasses import dataclass, field

from training.services import Row


class UploadError(Exception):
    """The file cannot be read as a registration list; the message is a Vietnamese sentence for the user."""


@dataclass(frozen=True)
class CellNote:
    """A cell of a row that was converted from a legacy encoding or that a person should look at.

    ``original``: the text as the file holds it; ``encoding``: "tcvn3"/"vni" when converted from it;
    ``flag``: why the cell needs a look (tuachua.vietnamese.reading.FLAGS), with ``message`` saying it in
    Vietnamese (the other reading included).
    """

    original: str
    encoding: str | None = None
    encoding_label: str = ""
    flag: str | None = None
    message: str = ""

    @property
    def converted(self) -> bool:
        return self.encoding is not None


@dataclass
class ParsedRow:
    """One delegate row of the sheet: its Excel row number, the row as read and what is wrong with it.

    ``cells``: notes on the cells that were converted or flagged, by field ("full_name", "position", "notes",
    "village").
    """

    excel_row: int
    row: Row
    problems: list[str] = field(default_factory=list)
    cells: dict[str, CellNote] = field(default_factory=dict)

    @property
    def flagged(self) -> bool:
        """A cell of the row needs a look (the preview marks the row)."""
        return any(note.flag for note in self.cells.values())


@dataclass
class ParsedUpload:
    rows: list[ParsedRow]
    encoding: str | None  # "tcvn3" / "vni" when the text was converted from a legacy encoding (the most used)
    sheet_title: str
    warnings: list[str] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=dict)  # cells of the rows converted, by encoding
    flagged: int = 0  # cells of the rows a person should look at
    legacy_notes: list[str] = field(default_factory=list)  # the converted cells counted, one sentence per encoding
    flag_note: str = ""  # the flagged cells counted, as a sentence
