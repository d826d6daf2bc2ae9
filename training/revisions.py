"""Revisions of a registration list, and what a user is shown when the list changed under their form.

Each save records the rows it left (`ListRevision`). When a form built from version N is saved after someone
saved version M > N, three versions are compared row by row, aligned on the delegate each row is: as the
form was opened (the revision of N), as saved now, and as typed. The user keeps theirs, takes the saved one,
or picks row by row; nothing the other person saved goes away unless the user saw it go.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from training.list_rows import Row
from training.models import ListRevision, RegistrationList
from tuachua.text import compare_key


class ListConflict(Exception):
    """The rows changed since the user's form was built: `base` (None when unknown), `saved`, `mine`."""

    def __init__(self, *, reg_list: RegistrationList, base: list[Row] | None, saved: list[Row], mine: list[Row]):
        super().__init__("registration list changed meanwhile")
        self.reg_list, self.base, self.saved, self.mine = reg_list, base, saved, mine


def record(reg_list: RegistrationList, *, by, on_behalf: bool) -> ListRevision:
    rows = [Row.from_delegate(d).as_data() for d in reg_list.delegates.order_by("order")]
    return ListRevision.objects.create(
        reg_list=reg_list, version=reg_list.version, rows=rows, saved_by=by, on_behalf=on_behalf
    )


def rows_at(reg_list: RegistrationList, version: int) -> list[Row] | None:
    """The rows as they were at `version`: the latest revision not after it; [] before the first save."""
    if version <= 0:
        return []
    revision = reg_list.revisions.filter(version__lte=version).order_by("-version").first()
    if revision is None:
        return None
    return [Row.from_content(item) for item in revision.rows]


def same_rows(left: list[Row], right: list[Row]) -> bool:
    """Same people (delegate ids), same content, same order."""
    return left == right and [row.delegate_id for row in left] == [row.delegate_id for row in right]


# --- the comparison shown to the user ------------------------------------------------------------------------

SAME, ADDED, REMOVED, CHANGED, ABSENT = "same", "added", "removed", "changed", "absent"
STATE_LABELS = {
    SAME: _("không đổi"),
    ADDED: _("thêm mới"),
    REMOVED: _("đã xóa"),
    CHANGED: _("đã sửa"),
    ABSENT: _("không có"),
}


@dataclass
class Item:
    """One person across the versions: the row in each (None where absent) and what each side did to it."""

    base: Row | None
    saved: Row | None
    mine: Row | None
    saved_state: str = SAME
    mine_state: str = SAME
    changed_fields: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return not _equal(self.saved, self.mine)

    @property
    def default(self) -> str:
        """ "mine", "saved", or "" where both sides changed the row differently (the user must choose)."""
        if not self.differs or self.saved_state in (SAME, ABSENT):
            return "mine"
        if self.mine_state in (SAME, ABSENT):
            return "saved"
        return ""

    def saved_label(self):
        return STATE_LABELS[self.saved_state]

    def mine_label(self):
        return STATE_LABELS[self.mine_state]


def _equal(left: Row | None, right: Row | None) -> bool:
    return (left is None and right is None) or (left is not None and right is not None and left == right)


def _state(base: Row | None, row: Row | None, *, known_base: bool) -> str:
    if row is None:
        return REMOVED if base is not None else ABSENT
    if base is None:
        return ADDED if known_base else CHANGED
    return SAME if base == row else CHANGED


def compare(conflict: ListConflict) -> list[Item]:
    """Items in the order the user typed, then the saved rows the user's form did not have."""
    known_base = conflict.base is not None
    base = {row.delegate_id: row for row in conflict.base or [] if row.delegate_id}
    saved = {row.delegate_id: row for row in conflict.saved}
    saved_by_name = {compare_key(row.full_name): row for row in conflict.saved}
    items, used = [], set()
    for row in conflict.mine:
        twin = saved.get(row.delegate_id) if row.delegate_id and not row.is_new else None
        if twin is None and not row.delegate_id:
            twin = saved_by_name.get(compare_key(row.full_name))  # both typed the same new person
        if twin is not None and twin.delegate_id in used:
            twin = None
        if twin is not None:
            used.add(twin.delegate_id)
        key = twin.delegate_id if twin is not None else row.delegate_id
        items.append(_item(base.get(key), twin, row, known_base))
    for row in conflict.saved:
        if row.delegate_id not in used:
            items.append(_item(base.get(row.delegate_id), row, None, known_base))
    return items


def _item(base: Row | None, saved: Row | None, mine: Row | None, known_base: bool) -> Item:
    item = Item(base=base, saved=saved, mine=mine)
    item.saved_state = _state(base, saved, known_base=known_base)
    item.mine_state = _state(base, mine, known_base=known_base)
    if saved is not None and mine is not None:
        item.changed_fields = [name for name, value in saved.content().items() if getattr(mine, name) != value]
    return item


def merged(items: list[Item], picks: dict[int, str]) -> list[Row]:
    """The rows to save: for each item the side picked ("mine" or "saved"), skipping a side without the row.
    A saved row keeps its delegate; a row of mine keeps the identity it was typed with."""
    rows = []
    for index, item in enumerate(items):
        choice = picks.get(index) or item.default or "saved"
        row = item.mine if choice == "mine" else item.saved
        if row is not None:
            if choice == "mine" and item.saved is not None:
                row = Row(**row.content(), delegate_id=item.saved.delegate_id)
            rows.append(row)
    return rows
