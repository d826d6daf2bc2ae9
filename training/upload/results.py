"""What reading a workbook gives: the rows for the preview, or an error the user can act on."""

from dataclasses import dataclass, field

from training.services import Row


class UploadError(Exception):
    """The file cannot be read as a registration list; the message is a Vietnamese sentence for the user."""


@dataclass
class ParsedRow:
    """One delegate row of the sheet: its Excel row number, the row as read and what is wrong with it."""

    excel_row: int
    row: Row
    problems: list[str] = field(default_factory=list)


@dataclass
class ParsedUpload:
    rows: list[ParsedRow]
    encoding: str | None  # "tcvn3" / "vni" when the text was converted from a legacy encoding
    sheet_title: str
    warnings: list[str] = field(default_factory=list)
