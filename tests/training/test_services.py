"""Services of the training app (training/services.py): row validation, a list's life cycle, allocation to
classes and quota overrides — with their audit entries and e-mails."""

import datetime
import unicodedata

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.training.conftest import make_list, people, quota_of, row
from training import services
from training.models import Delegate, EventKind, ListStatus, QuotaOverride, RegistrationList, TrainingEvent
from training.quotas import Quota
from training.services import ListConflict, RowsInvalid, validate_rows
from tuachua.models import AuditEntry


def entries(action, obj=None):
    found = AuditEntry.objects.filter(action=action)
    if obj is not None:
        found = found.filter(object_id=str(obj.pk))
    return list(found.order_by("id"))


def errors_of(rows, quota) -> dict[int, dict[str, str]]:
    with pytest.raises(RowsInvalid) as caught:
        validate_rows(rows, quota=quota)
    return caught.value.row_errors


@pytest.fixture
def quota_a1(training_world):
    return quota_of(training_world.class1, training_world.a1)


@pytest.fixture
def with_addresses(training_world):
    """E-mail addresses for the staff of district A, both officers and the outsider (district B)."""
    users = training_world.users
    for user in (users.staff, users.officer_a, users.officer_b, users.outsider, users.leader):
        user.email = f"{user.username}@tuachua.test"
        user.save(update_fields=["email"])
    return users


# --- validate_rows --------------------------------------------------------------------------------------


def test_valid_rows_come_back_cleaned_without_blank_rows(training_world, quota_a1):
    village = training_world.villages_a1[0]
    rows = [
        row("  Vừ   A  Hùng ", " Chủ tịch UBND ", phone="0912 345 678"),
        row("", "", paid=None),  # a blank row is dropped, not an error
        row("Lầu Thị Mai", "Trưởng thôn", village=village, paid=False, notes=" Người  Mông "),
    ]
    kept = validate_rows(rows, quota=quota_a1)
    assert [r.full_name for r in kept] == ["Vừ A Hùng", "Lầu Thị Mai"]
    assert kept[0].position == "Chủ tịch UBND"
    assert kept[0].phone == "0912345678"
    assert kept[1].notes == "Người Mông"
    assert (kept[1].village_id, kept[1].paid_by_state) == (village.pk, False)


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (row("", "Trưởng thôn"), "full_name", "Nhập họ và tên."),
        (row("Vừ A Hùng", ""), "position", "Nhập chức vụ."),
        (row("Vừ A Hùng", "   "), "position", "Nhập chức vụ."),
        (row("Vừ A Hùng", "Trưởng thôn", paid=None), "paid_by_state", "Đánh dấu X vào một trong hai cột"),
        (row("Vừ " * 41, "Trưởng thôn"), "full_name", "Tối đa 120 ký tự."),
    ],
    ids=["name", "position", "position-blank", "paid-mark", "name-too-long"],
)
def test_each_row_needs_name_position_and_one_paid_mark(quota_a1, typed, field, message):
    errors = errors_of([row("Lầu Thị Mai", "Kế toán"), typed], quota_a1)
    assert list(errors) == [1]
    assert message in errors[1][field]


def test_either_paid_mark_is_accepted(quota_a1):
    kept = validate_rows([row("Lầu Thị Mai", paid=True), row("Vừ A Hùng", paid=False)], quota=quota_a1)
    assert [r.paid_by_state for r in kept] == [True, False]


def test_village_must_belong_to_the_unit(training_world, quota_a1):
    errors = errors_of([row("Lầu Thị Mai", village=training_world.villages_a2[0])], quota_a1)
    assert errors[0]["village_id"] == "Thôn, bản này không thuộc đơn vị."


def test_commune_level_seats_are_limited(quota_a1):
    errors = errors_of(people(4), quota_a1)
    assert list(errors) == [3]
    assert errors[3]["village_id"] == "Vượt chỉ tiêu cấp xã: tối đa 3 người."


def test_seats_of_each_village_are_limited(training_world, quota_a1):
    first, second = training_world.villages_a1
    rows = [*people(2, prefix="Thôn một", village=first), *people(3, prefix="Thôn hai", village=second)]
    errors = errors_of(rows, quota_a1)
    assert list(errors) == [4]
    assert errors[4]["village_id"] == "Vượt chỉ tiêu của thôn, bản này: tối đa 2 người."


def test_a_full_list_and_an_under_filled_one_are_both_accepted(training_world, quota_a1):
    first, second = training_world.villages_a1
    full = [*people(3), *people(2, prefix="Một", village=first), *people(2, prefix="Hai", village=second)]
    assert len(validate_rows(full, quota=quota_a1)) == quota_a1.total == 7
    assert len(validate_rows(people(1), quota=quota_a1)) == 1


@pytest.mark.parametrize(
    "again",
    [
        unicodedata.normalize("NFD", "Vừ A Hùng"),
        "vừ a hùng",
        "VỪ A HÙNG",
        "  Vừ   A\u00a0Hùng ",
        unicodedata.normalize("NFD", " vừ  a HÙNG"),
    ],
    ids=["nfd", "lower", "upper", "spaces", "nfd-case-spaces"],
)
def test_the_same_person_twice_is_caught(quota_a1, again):
    original = unicodedata.normalize("NFC", "Vừ A Hùng")
    assert again != original
    errors = errors_of([row(original), row("Lầu Thị Mai"), row(again)], quota_a1)
    assert errors == {2: {"full_name": "Trùng với dòng 1: mỗi người chỉ đăng ký một lần."}}


def test_validation_reports_every_faulty_row_at_once(training_world, quota_a1):
    rows = [row("", "Cán bộ"), row("Vừ A Hùng", ""), row("Lầu Thị Mai", village=training_world.villages_a2[0])]
    assert set(errors_of(rows, quota_a1)) == {0, 1, 2}


# Regression: only the name's length was checked, so long text reached the database (DataError on
# PostgreSQL) — training/services.py:113, fixed in c14b071.
@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("position", row("Vừ A Hùng", "Cán bộ " * 30)),
        ("notes", row("Vừ A Hùng", notes="Ghi chú " * 40)),
        ("phone", row("Vừ A Hùng", phone="0912 345 678 / 0987 654 321")),
    ],
    ids=["position", "notes", "phone"],
)
def test_text_longer_than_its_column_is_an_error_next_to_the_row(quota_a1, field, typed):
    errors = errors_of([typed], quota_a1)
    assert list(errors[0]) == [field]
    assert errors[0][field].startswith("Tối đa ")


def test_text_exactly_as_long_as_its_column_is_accepted(quota_a1):
    typed = row("V" * 120, "C" * 200, notes="N" * 255, phone="0" * 20)
    assert validate_rows([typed], quota=quota_a1)[0].phone == "0" * 20


# --- list_save -----------------------------------------------------------------------------------------


def test_first_save_fills_a_draft_and_writes_one_audit_entry(training_world, quota_a1):
    tw = training_world
    reg_list = services.list_for_unit(event=tw.class1, unit=tw.a1)
    assert reg_list.status == ListStatus.DRAFT
    assert services.list_for_unit(event=tw.class1, unit=tw.a1) == reg_list  # one list per unit and event
    saved = services.list_save(
        reg_list=reg_list,
        rows=[row("Vừ A Hùng", "Chủ tịch UBND"), row("Lầu Thị Mai", village=tw.villages_a1[0], paid=False)],
        quota=quota_a1,
        by=tw.users.officer_a,
        expected_version=0,
    )
    assert saved.status == ListStatus.DRAFT
    assert saved.version == 1
    delegates = list(saved.delegates.order_by("order"))
    assert [(d.order, d.full_name, d.name_key) for d in delegates] == [
        (1, "Vừ A Hùng", "vừ a hùng"),
        (2, "Lầu Thị Mai", "lầu thị mai"),
    ]
    assert delegates[1].village == tw.villages_a1[0]
    assert delegates[1].paid_by_state is False
    [entry] = entries("list_save", saved)
    assert entry.actor == tw.users.officer_a
    assert entry.data["rows"] == 2
    assert entry.data["added"] == ["Lầu Thị Mai", "Vừ A Hùng"]
    assert entry.data["removed"] == []
    assert entry.data["on_behalf"] is False


def test_save_replaces_the_rows_and_records_what_was_added_and_removed(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")], officer=tw.users.officer_a)
    saved = services.list_save(
        reg_list=reg_list,
        rows=[row("Lầu Thị Mai", "Kế toán"), row("Giàng A Páo")],
        quota=quota_a1,
        by=tw.users.officer_a,
        expected_version=1,
    )
    assert saved.version == 2
    assert [d.full_name for d in saved.delegates.order_by("order")] == ["Lầu Thị Mai", "Giàng A Páo"]
    assert Delegate.objects.filter(reg_list=saved).count() == 2
    last = entries("list_save", saved)[-1]
    assert last.data["added"] == ["Giàng A Páo"]
    assert last.data["removed"] == ["Vừ A Hùng"]
    assert len(entries("list_save", saved)) == 2


def test_saving_unchanged_rows_changes_nothing(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    again = services.list_save(
        reg_list=reg_list, rows=[row("Vừ A Hùng")], quota=quota_a1, by=tw.users.officer_a, expected_version=1
    )
    assert again.version == 1
    assert len(entries("list_save", reg_list)) == 1


def test_save_over_someone_elses_newer_version_is_a_conflict(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    with pytest.raises(ListConflict):
        services.list_save(
            reg_list=reg_list, rows=[row("Lầu Thị Mai")], quota=quota_a1, by=tw.users.staff, expected_version=0
        )
    reg_list.refresh_from_db()
    assert reg_list.version == 1
    assert [d.full_name for d in reg_list.delegates.all()] == ["Vừ A Hùng"]


def test_a_double_submitted_form_is_accepted_once(training_world, quota_a1):
    tw = training_world
    reg_list = services.list_for_unit(event=tw.class1, unit=tw.a1)
    rows = [row("Vừ A Hùng", phone="0912 345 678"), row("Lầu Thị Mai", village=tw.villages_a1[1])]
    first = services.list_save(reg_list=reg_list, rows=rows, quota=quota_a1, by=tw.users.officer_a, expected_version=0)
    # The same form posted again (built from version 0): no conflict, no second change.
    second = services.list_save(reg_list=reg_list, rows=rows, quota=quota_a1, by=tw.users.officer_a, expected_version=0)
    assert first.version == second.version == 1
    assert reg_list.delegates.count() == 2
    assert len(entries("list_save", reg_list)) == 1


def test_invalid_rows_save_nothing(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    with pytest.raises(RowsInvalid):
        services.list_save(reg_list=reg_list, rows=people(4), quota=quota_a1, by=tw.users.officer_a, expected_version=1)
    reg_list.refresh_from_db()
    assert reg_list.version == 1
    assert reg_list.delegates.count() == 1


@pytest.mark.parametrize("status", [ListStatus.SUBMITTED, ListStatus.APPROVED])
def test_a_submitted_or_approved_list_cannot_be_edited_by_the_unit(training_world, quota_a1, status):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=status, officer=tw.users.officer_a)
    version = reg_list.version
    with pytest.raises(ValidationError, match="không sửa được"):
        services.list_save(
            reg_list=reg_list,
            rows=[row("Lầu Thị Mai")],
            quota=quota_a1,
            by=tw.users.officer_a,
            expected_version=version,
        )
    assert [d.full_name for d in reg_list.delegates.all()] == ["Vừ A Hùng"]


def test_staff_edit_a_submitted_list_on_the_units_behalf(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    saved = services.list_save(
        reg_list=reg_list,
        rows=[row("Vừ A Hùng"), row("Lầu Thị Mai")],
        quota=quota_a1,
        by=tw.users.staff,
        expected_version=reg_list.version,
        on_behalf=True,
    )
    assert saved.status == ListStatus.SUBMITTED
    assert saved.delegates.count() == 2
    last = entries("list_save", saved)[-1]
    assert (last.actor, last.data["on_behalf"]) == (tw.users.staff, True)


def test_staff_cannot_edit_an_approved_list_even_on_behalf(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.APPROVED)
    with pytest.raises(ValidationError):
        services.list_save(
            reg_list=reg_list,
            rows=[row("Lầu Thị Mai")],
            quota=quota_a1,
            by=tw.users.staff,
            expected_version=reg_list.version,
            on_behalf=True,
        )


def test_a_returned_list_is_editable_again(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.RETURNED)
    saved = services.list_save(
        reg_list=reg_list,
        rows=[row("Vừ A Hùng"), row("Trưởng thôn mới")],
        quota=quota_a1,
        by=tw.users.officer_a,
        expected_version=reg_list.version,
    )
    assert saved.status == ListStatus.RETURNED
    assert saved.delegates.count() == 2


# --- list_submit ---------------------------------------------------------------------------------------


def test_submit_locks_the_list_and_mails_the_district_staff(
    training_world, quota_a1, with_addresses, django_capture_on_commit_callbacks
):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")], officer=tw.users.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    assert submitted.status == ListStatus.SUBMITTED
    assert submitted.submitted_by == tw.users.officer_a
    assert submitted.submitted_at is not None
    assert submitted.version == 2
    assert not submitted.is_editable
    [entry] = entries("list_submit", submitted)
    assert entry.data["rows"] == 2
    # Only district A's staff: not the leader, the officers or district B's staff.
    [message] = mail.outbox
    assert message.to == ["staff@tuachua.test"]
    assert "Xã A1" in message.subject
    assert "Lớp thứ nhất" in message.subject
    assert "2 đại biểu" in message.body


def test_submit_mails_nobody_when_staff_have_no_address(training_world, quota_a1, django_capture_on_commit_callbacks):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    assert mail.outbox == []


def test_submit_after_the_deadline_is_refused(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    late = tw.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="quá hạn đăng ký"):
        services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a, now=late)
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.DRAFT
    # At the deadline itself the list is still accepted.
    assert services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a, now=tw.deadline).status == (
        ListStatus.SUBMITTED
    )


def test_submit_after_the_deadline_is_allowed_while_reopened(training_world, quota_a1):
    tw = training_world
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(registration_deadline=timezone.now() - datetime.timedelta(1))
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    with pytest.raises(ValidationError):
        services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    until = timezone.now() + datetime.timedelta(days=2)
    services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=until)
    submitted = services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    assert submitted.status == ListStatus.SUBMITTED
    # Once the reopening has run out, the deadline applies again.
    reg_list = make_list(tw.class2, tw.a2, [row("Giàng A Páo")], officer=tw.users.officer_b)
    TrainingEvent.objects.filter(pk=tw.class2.pk).update(registration_deadline=timezone.now() - datetime.timedelta(1))
    services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=until)
    with pytest.raises(ValidationError):
        services.list_submit(
            reg_list=reg_list,
            quota=quota_of(tw.class2, tw.a2),
            by=tw.users.officer_b,
            now=until + datetime.timedelta(minutes=1),
        )


def test_an_empty_list_cannot_be_submitted(training_world, quota_a1):
    tw = training_world
    reg_list = services.list_for_unit(event=tw.class1, unit=tw.a1)
    with pytest.raises(ValidationError, match="chưa có đại biểu nào"):
        services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.DRAFT


def test_a_list_over_a_lowered_quota_cannot_be_submitted(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(3), officer=tw.users.officer_a)
    lowered = Quota(unit_seats=2, village_seats=2, villages=2, village_ids=quota_a1.village_ids)
    with pytest.raises(RowsInvalid):
        services.list_submit(reg_list=reg_list, quota=lowered, by=tw.users.officer_a)


def test_a_second_submit_changes_nothing(training_world, quota_a1, with_addresses, django_capture_on_commit_callbacks):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)
    assert second.version == first.version
    assert second.submitted_at == first.submitted_at
    assert len(entries("list_submit", reg_list)) == 1
    assert len(mail.outbox) == 1


def test_an_approved_list_cannot_be_submitted_again(training_world, quota_a1):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.APPROVED)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.list_submit(reg_list=reg_list, quota=quota_a1, by=tw.users.officer_a)


# --- list_return, list_approve, list_reopen ----------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_return_needs_a_comment(training_world, comment):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="lý do trả lại"):
        services.list_return(reg_list=reg_list, by=tw.users.staff, comment=comment)
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.SUBMITTED


def test_return_sends_the_list_back_with_the_comment_to_the_units_officers(
    training_world, with_addresses, django_capture_on_commit_callbacks
):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.list_return(reg_list=reg_list, by=tw.users.staff, comment=" Thiếu  trưởng thôn ")
    assert returned.status == ListStatus.RETURNED
    assert returned.is_editable
    assert returned.review_comment == "Thiếu trưởng thôn"
    assert returned.reviewed_by == tw.users.staff
    [entry] = entries("list_return", returned)
    assert entry.data["comment"] == "Thiếu trưởng thôn"
    [message] = mail.outbox
    assert message.to == ["officer_a@tuachua.test"]  # not officer_b, whose unit is another commune
    assert "trả lại" in message.subject
    assert "Thiếu trưởng thôn" in message.body


def test_only_a_submitted_list_can_be_returned(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")])
    with pytest.raises(ValidationError, match="Chỉ trả lại"):
        services.list_return(reg_list=reg_list, by=tw.users.staff, comment="Sửa lại")


def test_approve_places_the_delegates_in_the_event_and_mails_the_unit(
    training_world, with_addresses, django_capture_on_commit_callbacks
):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(3), status=ListStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.list_approve(reg_list=reg_list, by=tw.users.staff)
    assert approved.status == ListStatus.APPROVED
    assert approved.reviewed_by == tw.users.staff
    assert set(approved.delegates.values_list("assigned_event", flat=True)) == {tw.class1.pk}
    assert services.placed_counts([tw.class1, tw.class2]) == {tw.class1.pk: 3}
    [entry] = entries("list_approve", approved)
    assert entry.data["delegates"] == 3
    [message] = mail.outbox
    assert message.to == ["officer_a@tuachua.test"]
    assert "duyệt" in message.subject


def test_approve_beyond_the_capacity_places_nobody(training_world):
    tw = training_world
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(capacity=2)
    reg_list = make_list(tw.class1, tw.a1, people(3), status=ListStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="không thể xếp thêm 3 người"):
        services.list_approve(reg_list=reg_list, by=tw.users.staff)
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.SUBMITTED
    assert not Delegate.objects.filter(assigned_event__isnull=False).exists()
    assert entries("list_approve") == []


def test_only_a_submitted_list_can_be_approved(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")])
    with pytest.raises(ValidationError, match="Chỉ duyệt"):
        services.list_approve(reg_list=reg_list, by=tw.users.staff)


def test_reopen_an_approved_list_returns_it_and_its_delegates_keep_their_class(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(2), status=ListStatus.APPROVED)
    until = timezone.now() + datetime.timedelta(days=3)
    reopened = services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=until)
    assert reopened.status == ListStatus.RETURNED
    assert reopened.reopened_until == until
    assert reopened.is_editable
    assert Delegate.objects.filter(assigned_event=tw.class1).count() == 2  # seats and moves are kept
    [entry] = entries("list_reopen", reopened)
    assert entry.data["old"] == ListStatus.APPROVED


def test_reopen_a_draft_keeps_it_a_draft(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(1))
    reopened = services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() + datetime.timedelta(1))
    assert reopened.status == ListStatus.DRAFT


def test_reopen_until_must_be_in_the_future(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(1), status=ListStatus.APPROVED)
    with pytest.raises(ValidationError, match="tương lai"):
        services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() - datetime.timedelta(hours=1))
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.APPROVED
    assert reg_list.delegates.filter(assigned_event=tw.class1).count() == 1


# --- delegate_move -------------------------------------------------------------------------------------


@pytest.fixture
def placed(training_world):
    """A1's approved list of two in class 1 and A2's of three in class 2."""
    tw = training_world
    make_list(tw.class1, tw.a1, people(2, prefix="Xã một"), status=ListStatus.APPROVED)
    make_list(tw.class2, tw.a2, people(3, prefix="Xã hai"), status=ListStatus.APPROVED)
    return Delegate.objects.filter(reg_list__unit=tw.a1).order_by("order").first()


def test_move_a_delegate_to_another_class_of_the_activity(training_world, placed):
    tw = training_world
    moved = services.delegate_move(delegate=placed, to_event=tw.class2, by=tw.users.staff)
    assert moved.assigned_event == tw.class2
    placed.refresh_from_db()
    assert placed.assigned_event_id == tw.class2.pk
    assert services.placed_counts([tw.class1, tw.class2]) == {tw.class1.pk: 1, tw.class2.pk: 4}
    [entry] = entries("delegate_move", placed)
    assert entry.actor == tw.users.staff
    assert (entry.data["old_event"], entry.data["new_event"]) == (tw.class1.pk, tw.class2.pk)


def test_moving_to_the_class_it_is_in_changes_nothing(training_world, placed):
    tw = training_world
    services.delegate_move(delegate=placed, to_event=tw.class1, by=tw.users.staff)
    assert entries("delegate_move") == []


def test_move_only_within_the_same_activity(training_world, placed):
    tw = training_world
    other_activity_class = TrainingEvent.objects.create(
        activity=tw.tour.activity, kind=EventKind.TRAINING_CLASS, number=2, title="Lớp khác"
    )
    for target in (tw.tour, other_activity_class):
        with pytest.raises(ValidationError, match="cùng hoạt động"):
            services.delegate_move(delegate=placed, to_event=target, by=tw.users.staff)
    placed.refresh_from_db()
    assert placed.assigned_event_id == tw.class1.pk
    assert entries("delegate_move") == []


def test_move_respects_the_capacity_of_the_target_class(training_world, placed):
    tw = training_world
    TrainingEvent.objects.filter(pk=tw.class2.pk).update(capacity=3)
    with pytest.raises(ValidationError, match="3/3"):
        services.delegate_move(delegate=placed, to_event=tw.class2, by=tw.users.staff)
    placed.refresh_from_db()
    assert placed.assigned_event_id == tw.class1.pk
    # Into a class without a capacity, anything goes.
    TrainingEvent.objects.filter(pk=tw.class2.pk).update(capacity=None)
    services.delegate_move(delegate=placed, to_event=tw.class2, by=tw.users.staff)
    assert services.placed_counts([tw.class2]) == {tw.class2.pk: 4}


def test_only_approved_delegates_move(training_world):
    tw = training_world
    make_list(tw.class1, tw.a1, people(1), status=ListStatus.SUBMITTED)
    delegate = Delegate.objects.get()
    with pytest.raises(ValidationError, match="đã duyệt"):
        services.delegate_move(delegate=delegate, to_event=tw.class2, by=tw.users.staff)


# --- quota_override_set --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "  "])
def test_override_needs_a_reason(training_world, reason):
    tw = training_world
    with pytest.raises(ValidationError, match="lý do"):
        services.quota_override_set(
            event=tw.class1, unit=tw.a1, unit_seats=5, village_seats=2, reason=reason, by=tw.users.staff
        )
    assert not QuotaOverride.objects.exists()


def test_override_is_kept_with_its_reason_and_audited(training_world):
    tw = training_world
    services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=5, village_seats=2, reason="Xã đông dân", by=tw.users.staff
    )
    override = services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=6, village_seats=1, reason="Điều chỉnh lần hai", by=tw.users.staff
    )
    assert QuotaOverride.objects.count() == 1
    override.refresh_from_db()
    assert (override.unit_seats, override.village_seats, override.reason) == (6, 1, "Điều chỉnh lần hai")
    assert override.set_by == tw.users.staff
    assert [e.data["reason"] for e in entries("quota_override", override)] == ["Xã đông dân", "Điều chỉnh lần hai"]
    assert quota_of(tw.class1, tw.a1).explain() == "6 cấp xã + 1 × 2 thôn = 8"


def test_an_override_makes_room_for_more_rows(training_world):
    tw = training_world
    services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=60, village_seats=2, reason="Thí điểm", by=tw.users.staff
    )
    reg_list = make_list(tw.class1, tw.a1, people(60))
    assert reg_list.delegates.count() == 60
    assert RegistrationList.objects.get(pk=reg_list.pk).version == 1


def test_event_deadline_change_is_audited(training_world):
    tw = training_world
    new = tw.deadline + datetime.timedelta(days=3)
    services.event_set_deadline(event=tw.class1, deadline=new, by=tw.users.staff)
    tw.class1.refresh_from_db()
    assert tw.class1.registration_deadline == new
    [entry] = entries("event_set_deadline", tw.class1)
    assert entry.data["new"] == new.isoformat()


def test_a_list_whose_delegates_attended_can_be_reopened_and_keeps_the_attendance(training_world):
    """Saving keeps delegates in place, so a list with attendance can be reopened, edited and resent."""
    from training.attendance import attendance_record
    from training.models import Attendance

    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.APPROVED)
    delegate = reg_list.delegates.get()
    attendance_record(delegate=delegate, day=1, present=True, by=tw.users.staff, source="checkin")
    until = timezone.now() + datetime.timedelta(days=2)
    reopened = services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=until)
    edited = services.Row.from_delegate(delegate)
    edited.notes = "Đổi số điện thoại"
    saved = services.list_save(
        reg_list=reopened,
        rows=[edited],
        quota=quota_of(tw.class1, tw.a1),
        by=tw.users.officer_a,
        expected_version=reopened.version,
    )
    assert saved.delegates.get().pk == delegate.pk
    assert Attendance.objects.filter(delegate=delegate).count() == 1
