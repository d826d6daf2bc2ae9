"""Điểm danh: writes of the attendance of classes, the study tour and the review training.

Staff record who attended each day (1 … `event.days`) of an event: one tap at the door per person
(`attendance_record`, also replayed from a phone's offline queue by `attendance_sync`) or the whole
day at once from the signed sheet (`attendance_sheet_save`). One `Attendance` row per delegate and day.

Taps are idempotent: a tap carries the id the phone gave it (`client_id`) and the moment it was made
(`at`). A tap sent again is recognised by its id; a tap older than what is stored (another phone's
later tap, or a sheet saved since) is ignored, so the last tap made wins whatever order they arrive in.
Two copies of one tap arriving at once (a phone that resends before it hears back) are told apart by the
database: the unique constraints on the id and on (person, day) let one insert through, and the other,
refused inside a savepoint, reads the stored row again and answers as a replay.

Reads live in `training.attendance_selectors` and are re-exported here for convenience.
"""

import datetime
import unicodedata
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from training.attendance_selectors import (  # noqa: F401  (re-exported)
    AttendanceSummary,
    attendance_summary,
    person_days_by_pay,
)
from training.models import Attendance, AttendanceSource, Delegate, TrainingEvent
from tuachua.audit import log_action

MAX_TAPS = 200  # per sync request; the page sends at most 100
LARGEST_ID = 2**31  # delegate ids and days sent by a phone are below this (database integers hold them)
EARLIEST_TAP = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
WRITE_ATTEMPTS = 3  # a tap that loses a race to another tap of the same person and day decides again


class TapStatus:
    APPLIED = "applied"  # stored: the person's state changed
    UNCHANGED = "unchanged"  # already in that state
    DUPLICATE = "duplicate"  # this very tap was applied before (sent again)
    STALE = "stale"  # a later tap or sheet is already stored
    REJECTED = "rejected"  # invalid: unknown delegate, day out of range, malformed


@dataclass(frozen=True)
class TapResult:
    client_id: str | None
    status: str
    present: bool | None = None  # the state stored after the tap (None when rejected)
    delegate: int | None = None
    day: int | None = None
    error: str = ""

    def as_json(self) -> dict:
        return {
            "client_id": self.client_id,
            "status": self.status,
            "present": self.present,
            "delegate": self.delegate,
            "day": self.day,
            "error": self.error,
        }


def search_key(text: str) -> str:
    """A name without tones or marks, lower case, single spaces: "Vừ A Hùng" → "vu a hung" (đ → d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def matches(key: str, query: str) -> bool:
    """Every word of the query occurs in the key ("hung" finds "Vừ A Hùng", so does "vu hung")."""
    return all(word in key for word in search_key(query).split())


def check_day(event: TrainingEvent, day: int) -> None:
    if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= event.days:
        raise ValidationError(
            _("Ngày thứ %(day)s không thuộc thời gian của %(event)s (%(days)s ngày).")
            % {"day": day, "event": event.title, "days": event.days}
        )


def _placed_event(delegate: Delegate, event: TrainingEvent | None) -> TrainingEvent:
    if delegate.assigned_event_id is None or (event is not None and delegate.assigned_event_id != event.pk):
        title = event.title if event is not None else _("lớp nào")
        raise ValidationError(
            _("%(name)s không có trong danh sách lớp của %(event)s.") % {"name": delegate.full_name, "event": title}
        )
    return event if event is not None else delegate.assigned_event


def _moment(at: datetime.datetime | None, now: datetime.datetime) -> datetime.datetime:
    """When the tap was made: `at` as the phone says, never later than now (a clock that runs ahead)."""
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return min(at, now)


def _tap_id(client_id) -> uuid.UUID | None:
    """The tap's id as a UUID (None for a tap without one, as the page without JavaScript sends)."""
    if not client_id:
        return None
    try:
        return uuid.UUID(str(client_id))
    except ValueError:
        raise ValidationError(_("Mã lần chạm không hợp lệ.")) from None


def _locked_row(delegate: Delegate, day: int) -> Attendance | None:
    """The stored row of the person and day, locked until the transaction ends (None when there is none)."""
    return Attendance.objects.select_for_update().filter(delegate=delegate, day=day).first()


def _decide(current: Attendance | None, tap: dict, event: TrainingEvent, key: str | None) -> TapResult | None:
    """What the stored row already says of the tap (a replay, an older tap, no change), or None to write it."""
    if current is None:
        return None
    delegate_id, day = current.delegate_id, current.day
    if tap["client_id"] is not None and current.client_id == tap["client_id"]:
        return TapResult(key, TapStatus.DUPLICATE, current.present, delegate_id, day)
    if current.event_id == event.pk and tap["at"] < current.recorded_at:
        return TapResult(key, TapStatus.STALE, current.present, delegate_id, day)
    if current.event_id == event.pk and current.present == tap["present"]:
        return TapResult(key, TapStatus.UNCHANGED, current.present, delegate_id, day)
    return None


def _replay_of(client_id: uuid.UUID | None, delegate: Delegate, day: int, key: str | None) -> TapResult | None:
    """After a write refused by a unique constraint: the row that holds the tap's id. The same person and day
    means the tap was recorded meanwhile (the same tap sent twice at once): a replay. Another person or day
    means the id was reused: refused. None when the id is stored nowhere (another tap took the person's day)."""
    if client_id is None:
        return None
    holder = Attendance.objects.filter(client_id=client_id).first()
    if holder is None:
        return None
    if (holder.delegate_id, holder.day) != (delegate.pk, day):
        raise ValidationError(_("Mã lần chạm đã được dùng cho người hoặc ngày khác."))
    return TapResult(key, TapStatus.DUPLICATE, holder.present, delegate.pk, day)


def _saved(row: Attendance) -> bool:
    """Save the row in a savepoint; False when a unique constraint refuses it (a concurrent tap won)."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return False
    return True


@transaction.atomic
def attendance_record(
    *,
    delegate: Delegate,
    day: int,
    present: bool,
    by,
    source: str = AttendanceSource.CHECKIN,
    client_id: uuid.UUID | str | None = None,
    at: datetime.datetime | None = None,
    event: TrainingEvent | None = None,
) -> TapResult:
    """Mark one delegate present or absent on one day of the event they are placed in (`event`, when
    given, must be it). Idempotent, also under races: the database's unique constraints decide between
    two requests carrying the same tap, and the one that loses answers as a replay. One audit entry when
    the state changes, none otherwise."""
    event = _placed_event(delegate, event)
    check_day(event, day)
    tap = {"client_id": _tap_id(client_id), "present": present, "at": _moment(at, timezone.now())}
    key = str(tap["client_id"]) if tap["client_id"] else None
    for _attempt in range(WRITE_ATTEMPTS):
        current = _locked_row(delegate, day)
        decided = _decide(current, tap, event, key)
        if decided is not None:
            return decided
        row = current or Attendance(delegate=delegate, day=day)
        _fill(row, event=event, tap=tap, source=source, by=by)
        if _saved(row):
            _log_tap(delegate, event=event, day=day, tap=tap, source=source, by=by, key=key)
            return TapResult(key, TapStatus.APPLIED, present, delegate.pk, day)
        replay = _replay_of(tap["client_id"], delegate, day, key)
        if replay is not None:
            return replay
    raise ValidationError(_("Đang có người khác ghi điểm danh của người này; hãy chạm lại."))


def _fill(row: Attendance, *, event: TrainingEvent, tap: dict, source: str, by) -> None:
    row.event = event
    row.present = tap["present"]
    row.source = source
    row.client_id = tap["client_id"]
    row.recorded_at = tap["at"]
    row.recorded_by = by if getattr(by, "is_authenticated", False) else None
    # The related objects are loaded already: validate the fields without a query for each of them.
    row.full_clean(exclude=["delegate", "event", "recorded_by"], validate_unique=False, validate_constraints=False)


def _log_tap(delegate: Delegate, *, event: TrainingEvent, day: int, tap: dict, source: str, by, key) -> None:
    log_action(
        actor=by,
        action="attendance_record",
        obj=delegate,
        event=event.pk,
        day=day,
        present=tap["present"],
        source=source,
        client_id=key,
        at=tap["at"].isoformat(),
    )


@transaction.atomic
def attendance_sheet_save(*, event: TrainingEvent, day: int, present_ids, by) -> dict[str, int]:
    """Enter one day from the signed sheet: exactly the delegates in `present_ids` are present, every other
    delegate placed in the event absent. A fixed number of queries whatever the class size; one audit
    entry that lists who changed (none when nothing did). Returns {"present": n, "absent": n, "changed": n}
    where "changed" counts the people whose state changed."""
    check_day(event, day)
    placed = set(Delegate.objects.filter(assigned_event=event).values_list("pk", flat=True))
    try:
        wanted = {int(pk) for pk in present_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("Dữ liệu không hợp lệ.")) from None
    strangers = wanted - placed
    if strangers:
        raise ValidationError(
            _("%(n)s người đánh dấu có mặt không còn trong danh sách lớp; tải lại trang rồi lưu lại.")
            % {"n": len(strangers)}
        )
    now = timezone.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    rows = Attendance.objects.select_for_update(of=("self",)).filter(delegate__assigned_event=event, day=day)
    existing = {row.delegate_id: row for row in rows}
    to_create, to_update, became_present, became_absent = [], [], [], []
    for pk in sorted(placed):
        present = pk in wanted
        row = existing.get(pk)
        was_present = row is not None and row.present and row.event_id == event.pk
        if row is not None and row.present == present and row.event_id == event.pk:
            continue
        if row is None:
            row = Attendance(delegate_id=pk, day=day)
            to_create.append(row)
        else:
            to_update.append(row)
        row.event, row.present, row.source, row.client_id = event, present, AttendanceSource.SHEET, None
        row.recorded_at, row.recorded_by = now, actor
        row.clean_fields(exclude=["delegate", "event", "recorded_by"])  # no query per row
        if present != was_present:
            (became_present if present else became_absent).append(pk)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["event", "present", "source", "client_id", "recorded_at", "recorded_by"])
    counts = {
        "present": len(wanted),
        "absent": len(placed) - len(wanted),
        "changed": len(became_present) + len(became_absent),
    }
    if not to_create and not to_update:
        return counts  # the sheet says what is stored already: nothing to record
    log_action(
        actor=by,
        action="attendance_sheet_save",
        obj=event,
        day=day,
        **counts,
        marked_present=became_present,
        marked_absent=became_absent,
    )
    return counts


def _whole_number(value) -> bool:
    """A JSON integer a database column can hold (not a bool, which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < LARGEST_ID


def _tap_moment(raw: dict) -> datetime.datetime | None:
    """The tap's "at" (ISO 8601; None when absent), aware, or ValidationError when it is not a moment of
    this century (a year-1 date would overflow when converted to UTC)."""
    value = raw.get("at")
    if value is None:
        return None
    try:
        at = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        at = None
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at is None or at < EARLIEST_TAP:
        raise ValidationError(_("Thời điểm không hợp lệ."))
    return at


def _parse_tap(raw) -> tuple[str | None, dict]:
    """The fields of one tap of the offline queue, or ValidationError with the reason."""
    if not isinstance(raw, dict):
        raise ValidationError(_("Dữ liệu không hợp lệ."))
    key = raw.get("client_id")
    try:
        client_id = uuid.UUID(key) if isinstance(key, str) and len(key) <= 64 else None
    except ValueError:
        client_id = None
    if client_id is None:
        raise ValidationError(_("Thiếu mã lần chạm."))
    delegate, day, present = raw.get("delegate"), raw.get("day"), raw.get("present")
    if not (_whole_number(delegate) and _whole_number(day) and isinstance(present, bool)):
        raise ValidationError(_("Dữ liệu không hợp lệ."))
    at = _tap_moment(raw)
    return str(client_id), {"client_id": client_id, "delegate": delegate, "day": day, "present": present, "at": at}


def _raw_delegate(raw) -> int | None:
    value = raw.get("delegate") if isinstance(raw, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@transaction.atomic
def attendance_sync(*, event: TrainingEvent, taps: list, by) -> list[TapResult]:
    """Apply the taps of a phone's offline queue ({client_id, delegate, day, present, at}) in the order
    made. Each tap stands alone: a bad one (unknown delegate, another event's, day out of range) is
    rejected with its reason, the others are applied. One result per tap, in the order sent."""
    if len(taps) > MAX_TAPS:
        raise ValidationError(_("Gửi tối đa %(n)s lần chạm mỗi lần.") % {"n": MAX_TAPS})
    parsed: list[tuple[int, str | None, dict | None, str]] = []
    for index, raw in enumerate(taps):
        try:
            key, tap = _parse_tap(raw)
            parsed.append((index, key, tap, ""))
        except ValidationError as error:
            key = raw.get("client_id") if isinstance(raw, dict) else None
            parsed.append((index, key if isinstance(key, str) else None, None, " ".join(error.messages)))
    ids = {tap["delegate"] for _index, _key, tap, _error in parsed if tap}
    delegates = {d.pk: d for d in Delegate.objects.filter(assigned_event=event, pk__in=ids)}
    results: dict[int, TapResult] = {}
    now = timezone.now()
    ordered = sorted((p for p in parsed if p[2]), key=lambda p: p[2]["at"] or now)
    for index, key, tap, _error in ordered:
        delegate = delegates.get(tap.pop("delegate"))
        if delegate is None:
            message = _("Người này không có trong danh sách lớp của %(event)s.") % {"event": event.title}
            results[index] = TapResult(key, TapStatus.REJECTED, None, _raw_delegate(taps[index]), tap["day"], message)
            continue
        try:
            with transaction.atomic():
                results[index] = attendance_record(event=event, delegate=delegate, by=by, **tap)
        except ValidationError as error:
            message = " ".join(error.messages)
            results[index] = TapResult(key, TapStatus.REJECTED, None, delegate.pk, tap["day"], message)
    for index, key, tap, error in parsed:
        if tap is None:
            results[index] = TapResult(key, TapStatus.REJECTED, None, _raw_delegate(taps[index]), error=error)
    return [results[index] for index in range(len(taps))]
