"""Writes of the training app: registration lists through their life, quotas, allocation to classes.

Every function is keyword-only, atomic, validates before it saves and writes one audit entry per change.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import AdministrativeUnit
from training import notifications, revisions, sync
from training.list_rows import Row
from training.models import (
    Delegate,
    EventKind,
    ListStatus,
    QuotaOverride,
    RegistrationList,
    TrainingEvent,
)
from training.quotas import Quota
from training.revisions import ListConflict  # noqa: F401  (raised by list_save)
from tuachua.audit import log_action
from tuachua.text import clean_text, compare_key


def rows_from_previous(previous: RegistrationList, *, village_ids: set[int]) -> list[Row]:
    """Rows to start from: names, positions, levels and pay status of an earlier list (notes dropped)."""
    return [
        Row(
            full_name=d.full_name,
            position=d.position,
            village_id=d.village_id if d.village_id in village_ids else None,
            paid_by_state=d.paid_by_state,
            phone=d.phone,
            gender=d.gender,
        )
        for d in previous.delegates.order_by("order")
    ]


# Longest text each column holds (the model's max_length).
FIELD_LIMITS = {
    field: Delegate._meta.get_field(field).max_length for field in ("full_name", "position", "notes", "phone")
}


class RowsInvalid(ValidationError):
    """Validation failed: `row_errors` maps a row index to {field: message}; `messages` are list-wide."""

    def __init__(self, row_errors: dict[int, dict[str, str]], list_errors: list[str]):
        self.row_errors = row_errors
        self.list_errors = list_errors
        super().__init__(list_errors or [_("Danh sách còn lỗi; xem các dòng được đánh dấu.")])


def validate_rows(rows: list[Row], *, quota: Quota) -> list[Row]:
    """Clean the rows, drop blank ones, and check them against the rules of the form and the quota.

    Raises RowsInvalid with messages next to each faulty row; returns the cleaned, non-blank rows.
    """
    kept = [row.cleaned() for row in rows]
    kept = [row for row in kept if not row.is_blank]
    errors: dict[int, dict[str, str]] = {}
    seen: dict[str, int] = {}
    used: dict[int | None, int] = {}
    village_ids = set(quota.village_ids)
    for index, row in enumerate(kept):
        row_errors = {}
        if not row.full_name:
            row_errors["full_name"] = _("Nhập họ và tên.")
        if not row.position:
            row_errors["position"] = _("Nhập chức vụ.")
        for field, limit in FIELD_LIMITS.items():
            if len(getattr(row, field)) > limit:
                row_errors.setdefault(field, _("Tối đa %(n)s ký tự.") % {"n": limit})
        if row.paid_by_state is None:
            row_errors["paid_by_state"] = _("Đánh dấu X vào một trong hai cột: hưởng hoặc không hưởng lương từ NSNN.")
        if row.village_id is not None and row.village_id not in village_ids:
            row_errors["village_id"] = _("Thôn, bản này không thuộc đơn vị.")
        key = compare_key(row.full_name)
        if key and key in seen:
            row_errors["full_name"] = _("Trùng với dòng %(n)s: mỗi người chỉ đăng ký một lần.") % {"n": seen[key] + 1}
        elif key:
            seen[key] = index
        level = row.village_id if row.village_id in village_ids else None
        used[level] = used.get(level, 0) + 1
        limit = quota.limit_for(level)
        if used[level] > limit:
            row_errors.setdefault(
                "village_id",
                _("Vượt chỉ tiêu %(level)s: tối đa %(limit)s người.")
                % {"level": _("cấp xã") if level is None else _("của thôn, bản này"), "limit": limit},
            )
        if row_errors:
            errors[index] = row_errors
    if errors:
        raise RowsInvalid(errors, [])
    return kept


def _lock_list(reg_list: RegistrationList) -> RegistrationList:
    return (
        RegistrationList.objects.select_for_update().select_related("event__activity__plan", "unit").get(pk=reg_list.pk)
    )


@transaction.atomic
def list_for_unit(*, event: TrainingEvent, unit: AdministrativeUnit) -> RegistrationList:
    """The unit's list for the event, created as an empty draft the first time it is opened for editing."""
    reg_list, _created = RegistrationList.objects.get_or_create(event=event, unit=unit)
    return reg_list


@transaction.atomic
def list_save(
    *, reg_list: RegistrationList, rows: list[Row], quota: Quota, by, expected_version: int, on_behalf: bool = False
) -> RegistrationList:
    """Save the rows of a list as typed: delegates are updated in place, added and removed (a draft save; the
    list stays editable). A delegate keeps its id, its placement in a class and its attendance through any
    save; removing one who attended is refused.

    `expected_version` is the version the user's form was built from. If someone changed the rows since,
    ListConflict carries the three versions (when it was opened, as saved now, as typed) for the user to
    choose from; a double submit of the same rows is handled once; a change of status only is no conflict.
    """
    locked = _lock_list(reg_list)
    allowed = locked.is_editable or (on_behalf and locked.status == ListStatus.SUBMITTED)
    if not allowed:
        raise ValidationError(_("Danh sách đã gửi hoặc đã duyệt nên không sửa được."))
    cleaned = validate_rows(rows, quota=quota)
    delegates = list(locked.delegates.order_by("order"))
    current = [Row.from_delegate(d) for d in delegates]
    if locked.version != expected_version:
        if current == cleaned:
            return locked  # the same rows again: a double submit
        base = revisions.rows_at(locked, max(0, expected_version))
        if current and (base is None or not revisions.same_rows(base, current)):
            raise revisions.ListConflict(reg_list=locked, base=base, saved=current, mine=cleaned)
    plan = sync.plan_rows(delegates, cleaned)
    if plan.is_empty and locked.status != ListStatus.NOT_STARTED:
        return locked
    sync.refuse_removing_attendees(plan.removed)
    summary = plan.summary()
    sync.apply(locked, plan)
    if locked.status == ListStatus.NOT_STARTED:
        locked.status = ListStatus.DRAFT
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    revisions.record(locked, by=by, on_behalf=on_behalf)
    log_action(actor=by, action="list_save", obj=locked, rows=len(cleaned), on_behalf=on_behalf, **summary)
    return locked


def effective_deadline(reg_list: RegistrationList) -> datetime.datetime | None:
    """The moment the unit's list closes: the event's deadline, or later while staff reopened it."""
    deadline = reg_list.event.registration_deadline
    if reg_list.reopened_until and (deadline is None or reg_list.reopened_until > deadline):
        return reg_list.reopened_until
    return deadline


def deadline_open(reg_list: RegistrationList, *, now: datetime.datetime) -> bool:
    """Whether the unit may still submit: before the event's deadline, or while staff reopened it."""
    deadline = reg_list.event.registration_deadline
    if reg_list.reopened_until and now <= reg_list.reopened_until:
        return True
    return deadline is None or now <= deadline


@transaction.atomic
def list_submit(*, reg_list: RegistrationList, quota: Quota, by, now: datetime.datetime | None = None):
    """Gửi danh sách: lock the list for review. Refused after the deadline unless staff reopened it."""
    now = now or timezone.now()
    locked = _lock_list(reg_list)
    if locked.status == ListStatus.SUBMITTED:
        return locked  # a second click on "Gửi" changes nothing
    if not locked.is_editable:
        raise ValidationError(_("Danh sách đã được duyệt."))
    if not deadline_open(locked, now=now):
        raise ValidationError(_("Đã quá hạn đăng ký; liên hệ Phòng LĐTBXH để được mở lại."))
    rows = [Row.from_delegate(d) for d in locked.delegates.order_by("order")]
    if not rows:
        raise ValidationError(_("Danh sách chưa có đại biểu nào."))
    validate_rows(rows, quota=quota)
    locked.status = ListStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = by
    locked.version += 1
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"])
    log_action(actor=by, action="list_submit", obj=locked, rows=len(rows))
    transaction.on_commit(lambda: notifications.list_submitted(locked))
    return locked


@transaction.atomic
def list_return(*, reg_list: RegistrationList, by, comment: str) -> RegistrationList:
    """Trả lại: send a submitted list back to the unit with the staff's comment."""
    comment = clean_text(comment)
    if not comment:
        raise ValidationError(_("Hãy ghi rõ lý do trả lại để đơn vị sửa."))
    locked = _lock_list(reg_list)
    if locked.status != ListStatus.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được danh sách đã gửi."))
    locked.status = ListStatus.RETURNED
    locked.review_comment = comment
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.version += 1
    locked.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "version", "updated_at"])
    log_action(actor=by, action="list_return", obj=locked, comment=comment)
    transaction.on_commit(lambda: notifications.list_reviewed(locked))
    return locked


@transaction.atomic
def list_approve(*, reg_list: RegistrationList, by) -> RegistrationList:
    """Duyệt: approve a submitted list and place its delegates not yet in a class in the event (the unit's
    class); delegates already placed (approved before, perhaps moved by staff) stay where they are."""
    locked = _lock_list(reg_list)
    if locked.status != ListStatus.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được danh sách đã gửi."))
    event = TrainingEvent.objects.select_for_update().get(pk=locked.event_id)
    unplaced = locked.delegates.filter(assigned_event__isnull=True)  # placed ones keep their class (moves)
    count = unplaced.count()
    _check_capacity(event, adding=count)
    unplaced.update(assigned_event=event)
    locked.status = ListStatus.APPROVED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_comment = ""
    locked.version += 1
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "version", "updated_at"])
    log_action(actor=by, action="list_approve", obj=locked, delegates=count)
    transaction.on_commit(lambda: notifications.list_reviewed(locked))
    return locked


@transaction.atomic
def list_reopen(*, reg_list: RegistrationList, by, until: datetime.datetime) -> RegistrationList:
    """Mở lại: let the unit edit and submit after the deadline, until `until`.

    Delegates keep their place in a class (and their attendance) while the unit edits; approving the list
    again places only the delegates added meanwhile, so moves made by staff stay as they are.
    """
    if until <= timezone.now():
        raise ValidationError(_("Thời hạn mở lại phải ở tương lai."))
    locked = _lock_list(reg_list)
    old = locked.status
    if locked.status in (ListStatus.SUBMITTED, ListStatus.APPROVED):
        locked.status = ListStatus.RETURNED
    locked.reopened_until = until
    locked.version += 1
    locked.save(update_fields=["status", "reopened_until", "version", "updated_at"])
    log_action(actor=by, action="list_reopen", obj=locked, old=old, until=until.isoformat())
    return locked


def _check_capacity(event: TrainingEvent, *, adding: int) -> None:
    """Refuse to place `adding` more delegates in an event (locked by the caller) beyond its capacity."""
    if event.capacity is None:
        return
    placed = Delegate.objects.filter(assigned_event=event).count()
    if placed + adding > event.capacity:
        raise ValidationError(
            _("%(event)s đã có %(placed)s/%(capacity)s đại biểu; không thể xếp thêm %(adding)s người.")
            % {"event": event.title, "placed": placed, "capacity": event.capacity, "adding": adding}
        )


@transaction.atomic
def delegate_move(*, delegate: Delegate, to_event: TrainingEvent, by) -> Delegate:
    """Chuyển lớp: move an approved delegate to another class of the same activity, within capacity.

    The target class row is locked first, so two staff moving people at the same moment cannot both
    take its last seat.
    """
    target = TrainingEvent.objects.select_for_update().get(pk=to_event.pk)
    delegate = Delegate.objects.select_for_update().select_related("reg_list__event").get(pk=delegate.pk)
    source = delegate.reg_list.event
    if delegate.reg_list.status != ListStatus.APPROVED:
        raise ValidationError(_("Chỉ chuyển lớp được đại biểu của danh sách đã duyệt."))
    if target.activity_id != source.activity_id or target.kind != EventKind.TRAINING_CLASS:
        raise ValidationError(_("Chỉ chuyển được sang một lớp khác của cùng hoạt động."))
    if delegate.assigned_event_id == target.pk:
        return delegate
    _check_capacity(target, adding=1)
    old = delegate.assigned_event_id
    delegate.assigned_event = target
    delegate.save(update_fields=["assigned_event"])
    log_action(actor=by, action="delegate_move", obj=delegate, old_event=old, new_event=target.pk)
    return delegate


@transaction.atomic
def quota_override_set(
    *, event: TrainingEvent, unit: AdministrativeUnit, unit_seats: int, village_seats: int, reason: str, by
) -> QuotaOverride:
    """Điều chỉnh chỉ tiêu of one unit, with the reason kept."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("Hãy ghi lý do điều chỉnh chỉ tiêu."))
    override, _created = QuotaOverride.objects.update_or_create(
        event=event,
        unit=unit,
        defaults={"unit_seats": unit_seats, "village_seats": village_seats, "reason": reason, "set_by": by},
    )
    log_action(
        actor=by,
        action="quota_override",
        obj=override,
        unit_seats=unit_seats,
        village_seats=village_seats,
        reason=reason,
    )
    return override


@transaction.atomic
def event_set_deadline(*, event: TrainingEvent, deadline: datetime.datetime | None, by) -> TrainingEvent:
    old = event.registration_deadline
    event.registration_deadline = deadline
    event.full_clean()
    event.save(update_fields=["registration_deadline", "updated_at"])
    log_action(
        actor=by,
        action="event_set_deadline",
        obj=event,
        old=old.isoformat() if old else None,
        new=deadline.isoformat() if deadline else None,
    )
    return event


def placed_counts(events) -> dict[int, int]:
    """Delegates placed in each event, in one query."""
    rows = Delegate.objects.filter(assigned_event__in=events).values("assigned_event").annotate(n=Count("id"))
    return {row["assigned_event"]: row["n"] for row in rows}
