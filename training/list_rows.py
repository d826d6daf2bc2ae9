"""A delegate row as typed in a registration list (Phụ lục I/II), with who the row is."""

from dataclasses import dataclass, field

from training.models import Delegate
from tuachua.text import clean_text


@dataclass
class Row:
    """One delegate row as typed: the fields of cols 2–6 of Phụ lục I/II plus phone and gender."""

    full_name: str = ""
    position: str = ""
    village_id: int | None = None
    paid_by_state: bool | None = None
    notes: str = ""
    phone: str = ""
    gender: str = ""
    # Who the row is: the delegate it was built from, or a row the user added (`is_new`). A row with neither
    # (an uploaded workbook, a list started from a previous one) is matched by name within the list.
    # Neither takes part in comparing two rows' content.
    delegate_id: int | None = field(default=None, compare=False)
    is_new: bool = field(default=False, compare=False)

    def cleaned(self) -> "Row":
        return Row(
            full_name=clean_text(self.full_name),
            position=clean_text(self.position),
            village_id=self.village_id,
            paid_by_state=self.paid_by_state,
            notes=clean_text(self.notes),
            phone=clean_text(self.phone).replace(" ", ""),
            gender=self.gender or "",
            delegate_id=self.delegate_id,
            is_new=self.is_new,
        )

    def content(self) -> dict:
        """The fields a person typed."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    def as_data(self) -> dict:
        """The row as a revision stores it and the conflict page carries it: its fields, id and "new"."""
        return {**self.content(), "id": self.delegate_id, "new": self.is_new}

    @classmethod
    def from_content(cls, data: dict) -> "Row":
        """A row from `as_data()` (a revision, the conflict page), missing text fields as empty."""
        values = {name: data.get(name) for name in CONTENT_FIELDS}
        text = {k: ("" if v is None and k not in NULLABLE else v) for k, v in values.items()}
        return cls(**text, delegate_id=data.get("id"), is_new=data.get("new") is True)

    @property
    def is_blank(self) -> bool:
        return not (self.full_name or self.position or self.notes or self.phone)

    @classmethod
    def from_delegate(cls, delegate: Delegate) -> "Row":
        return cls(**{name: getattr(delegate, name) for name in CONTENT_FIELDS}, delegate_id=delegate.pk)


CONTENT_FIELDS = ("full_name", "position", "village_id", "paid_by_state", "notes", "phone", "gender")
NULLABLE = ("village_id", "paid_by_state")
