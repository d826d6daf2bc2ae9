"""Saving rows onto a list's delegates without losing who they are.

Each row is matched to a delegate: by the delegate's id the form carried; for a row that carries none (an
uploaded workbook, a list started from a previous one) by the normalised name within the list; a row the
user added is always a new person. Matched delegates are updated in place, so their id, their class and
their attendance stay; unmatched delegates are removed, unmatched rows created.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from training.list_rows import CONTENT_FIELDS, Row
from training.models import Attendance, Delegate, RegistrationList
from tuachua.text import compare_key

# Orders and name keys are unique within a list: kept delegates pass through values no row can have
# (orders from here, name keys starting with "~") while they are renumbered and renamed.
PARKING_ORDER = 30000


@dataclass
class SyncPlan:
    """What a save does: (delegate, row, order) to update, (row, order) to create, delegates to remove."""

    kept: list[tuple[Delegate, Row, int]] = field(default_factory=list)
    created: list[tuple[Row, int]] = field(default_factory=list)
    removed: list[Delegate] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        unchanged = all(
            delegate.order == order and Row.from_delegate(delegate) == row for delegate, row, order in self.kept
        )
        return unchanged and not self.created and not self.removed

    def changes(self) -> list[dict]:
        """The delegates whose fields changed: name and {field: [old, new]}."""
        changed = []
        for delegate, row, _order in self.kept:
            old = Row.from_delegate(delegate)
            fields = {name: [getattr(old, name), getattr(row, name)] for name in CONTENT_FIELDS}
            fields = {name: pair for name, pair in fields.items() if pair[0] != pair[1]}
            if fields:
                changed.append({"id": delegate.pk, "name": row.full_name, "fields": fields})
        return changed

    def summary(self) -> dict:
        return {
            "added": sorted(row.full_name for row, _order in self.created),
            "removed": sorted(delegate.full_name for delegate in self.removed),
            "changed": self.changes(),
        }


def plan_rows(delegates: list[Delegate], rows: list[Row]) -> SyncPlan:
    """Match cleaned `rows` (in their new order) to the list's current `delegates`."""
    by_id = {delegate.pk: delegate for delegate in delegates}
    claimed: set[int] = set()
    matches: list[Delegate | None] = []
    for row in rows:
        delegate = by_id.get(row.delegate_id) if row.delegate_id and not row.is_new else None
        if delegate is not None and delegate.pk in claimed:
            delegate = None  # the same id twice (a tampered form): the second row is a new person
        matches.append(delegate)
        if delegate is not None:
            claimed.add(delegate.pk)
    _match_by_name(delegates, rows, matches, claimed)
    plan = SyncPlan()
    for order, (row, delegate) in enumerate(zip(rows, matches, strict=True), start=1):
        if delegate is None:
            plan.created.append((row, order))
        else:
            plan.kept.append((delegate, row, order))
    plan.removed = [delegate for delegate in delegates if delegate.pk not in claimed]
    return plan


def _match_by_name(delegates, rows, matches, claimed) -> None:
    free = {d.name_key: d for d in delegates if d.pk not in claimed}
    for index, row in enumerate(rows):
        if matches[index] is None and row.delegate_id is None and not row.is_new:
            delegate = free.pop(compare_key(row.full_name), None)
            if delegate is not None:
                matches[index] = delegate
                claimed.add(delegate.pk)


def refuse_removing_attendees(removed: list[Delegate]) -> None:
    """A delegate who attended a day stays: removing them would erase the attendance record."""
    if not removed:
        return
    names = sorted(set(Attendance.objects.filter(delegate__in=removed).values_list("delegate__full_name", flat=True)))
    if names:
        raise ValidationError(
            _(
                "Không bỏ được %(names)s khỏi danh sách: người này đã được điểm danh tại lớp. Giữ lại dòng đó; "
                "nếu có sai sót, liên hệ Phòng LĐTBXH."
            )
            % {"names": ", ".join(names)}
        )


def apply(reg_list: RegistrationList, plan: SyncPlan) -> None:
    """Write the plan: remove, update in place (through parking values), create."""
    if plan.removed:
        Delegate.objects.filter(pk__in=[delegate.pk for delegate in plan.removed]).delete()
    kept = [delegate for delegate, _row, _order in plan.kept]
    if kept:
        for number, delegate in enumerate(kept):
            delegate.order, delegate.name_key = PARKING_ORDER + number, f"~{delegate.pk}"
        Delegate.objects.bulk_update(kept, ["order", "name_key"])
        for delegate, row, order in plan.kept:
            _fill(delegate, row, order)
        Delegate.objects.bulk_update(kept, ["order", "name_key", *CONTENT_FIELDS])
    Delegate.objects.bulk_create(_fill(Delegate(reg_list=reg_list), row, order) for row, order in plan.created)


def _fill(delegate: Delegate, row: Row, order: int) -> Delegate:
    delegate.order = order
    for name in CONTENT_FIELDS:
        setattr(delegate, name, getattr(row, name))
    delegate.name_key = compare_key(row.full_name)
    return delegate
