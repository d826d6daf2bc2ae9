"""Nothing lost: delegates keep who they are through every save, and a list saved meanwhile by someone else
is shown side by side, never overwritten unseen. Runs on SQLite and PostgreSQL."""

import datetime
import html as html_lib
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.training.conftest import conflict_fields, form_row, make_list, post_list, quota_of, row
from training import services
from training.attendance import attendance_record
from training.models import Attendance, Delegate, ListStatus, RegistrationList
from tuachua.models import AuditEntry


def the_list(event, unit) -> RegistrationList:
    return RegistrationList.objects.get(event=event, unit=unit)


def ids_names(reg_list) -> list[tuple[int, str]]:
    return list(reg_list.delegates.order_by("order").values_list("pk", "full_name"))


def as_form(delegates, **changes) -> list[dict]:
    """The list form as the browser posts it for `delegates` (with their identity); `changes` by name."""
    rows = []
    for delegate in delegates:
        values = {
            "full_name": delegate.full_name,
            "position": delegate.position,
            "village": delegate.village_id or "",
            "paid": "1" if delegate.paid_by_state else "0",
            "notes": delegate.notes,
            "identity": delegate.pk,
        }
        values.update(changes.get(delegate.full_name, {}))
        rows.append(form_row(**values))
    return rows


def merge_url(event, unit) -> str:
    return reverse("training:merge", args=[event.pk, unit.pk])


def save(reg_list, rows, by, **kwargs):
    return services.list_save(
        reg_list=reg_list,
        rows=rows,
        quota=quota_of(reg_list.event, reg_list.unit),
        by=by,
        expected_version=kwargs.pop("version", reg_list.version),
        **kwargs,
    )


# --- stable identity ------------------------------------------------------------------------------------------


def test_move_reopen_edit_resend_approve_keeps_the_move(training_world, login):
    """The sequence that used to send everyone back to the original class and recreate every delegate."""
    tw = training_world
    tw.class2.units.add(tw.a1)
    reg_list = make_list(
        tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai"), row("Giàng A Páo")], status=ListStatus.APPROVED
    )
    before = ids_names(reg_list)
    moved = reg_list.delegates.get(full_name="Lầu Thị Mai")
    services.delegate_move(delegate=moved, to_event=tw.class2, by=tw.users.staff)

    staff = login(tw.users.staff)
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert staff.post(reverse("training:reopen", args=[tw.class1.pk, tw.a1.pk]), {"until": until}).status_code == 302
    officer = login(tw.users.officer_a)
    reg_list = the_list(tw.class1, tw.a1)
    rows = as_form(reg_list.delegates.order_by("order"), **{"Giàng A Páo": {"notes": "Thay số điện thoại"}})
    assert post_list(officer, tw.class1, tw.a1, rows, version=reg_list.version, action="submit").status_code == 302
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED
    staff = login(tw.users.staff)
    staff.post(reverse("training:review", args=[tw.class1.pk, tw.a1.pk]), {"decision": "approve"})

    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.APPROVED
    assert ids_names(reg_list) == before  # the same people, the same ids
    placed = dict(reg_list.delegates.values_list("full_name", "assigned_event"))
    assert placed == {"Vừ A Hùng": tw.class1.pk, "Lầu Thị Mai": tw.class2.pk, "Giàng A Páo": tw.class1.pk}
    assert reg_list.delegates.get(full_name="Giàng A Páo").notes == "Thay số điện thoại"
    entry = AuditEntry.objects.filter(action="list_save").order_by("-pk").first()
    assert entry.data["added"] == [] and entry.data["removed"] == []
    assert entry.data["changed"][0]["fields"] == {"notes": ["", "Thay số điện thoại"]}


def test_fixing_a_name_keeps_the_person_and_their_class(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùg"), row("Lầu Thị Mai")], status=ListStatus.APPROVED)
    typo = reg_list.delegates.get(full_name="Vừ A Hùg")
    services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() + datetime.timedelta(days=1))
    reg_list = the_list(tw.class1, tw.a1)
    rows = as_form(reg_list.delegates.order_by("order"), **{"Vừ A Hùg": {"full_name": "Vừ A Hùng"}})
    assert post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows, version=reg_list.version).status_code == 302
    fixed = Delegate.objects.get(pk=typo.pk)
    assert fixed.full_name == "Vừ A Hùng" and fixed.assigned_event == tw.class1


def test_reordering_rows_changes_only_the_order(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai"), row("Giàng A Páo")])
    before = {d.pk: (d.full_name, d.position, d.paid_by_state) for d in reg_list.delegates.all()}
    rows = as_form(reversed(list(reg_list.delegates.order_by("order"))))
    assert post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows, version=reg_list.version).status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert [name for _pk, name in ids_names(reg_list)] == ["Giàng A Páo", "Lầu Thị Mai", "Vừ A Hùng"]
    assert {d.pk: (d.full_name, d.position, d.paid_by_state) for d in reg_list.delegates.all()} == before


def test_two_people_swapping_names_is_saved(training_world):
    """Unique names within a list hold at every step: the rows pass through parking values."""
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng", "Kế toán"), row("Lầu Thị Mai", "Trưởng bản")])
    first, second = reg_list.delegates.order_by("order")
    rows = [services.Row.from_delegate(second), services.Row.from_delegate(first)]
    rows[0].full_name, rows[1].full_name = "Vừ A Hùng", "Lầu Thị Mai"
    saved = save(reg_list, rows, tw.users.officer_a)
    assert ids_names(saved) == [(second.pk, "Vừ A Hùng"), (first.pk, "Lầu Thị Mai")]


def test_delete_and_add_again_is_a_new_delegate(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")])
    old = reg_list.delegates.get(full_name="Lầu Thị Mai")
    rows = as_form(reg_list.delegates.order_by("order"))
    rows[1]["DELETE"] = True
    rows.append(form_row("Lầu Thị Mai", "Trưởng thôn", paid="1", identity="new"))
    assert post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows, version=reg_list.version).status_code == 302
    again = the_list(tw.class1, tw.a1).delegates.get(full_name="Lầu Thị Mai")
    assert again.pk != old.pk and not Delegate.objects.filter(pk=old.pk).exists()


def test_rows_without_identity_are_matched_by_name(training_world):
    """An uploaded workbook or an old form carries no ids: the same person keeps their delegate."""
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")], status=ListStatus.APPROVED)
    kept = dict(reg_list.delegates.values_list("full_name", "pk"))
    services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() + datetime.timedelta(days=1))
    reg_list = the_list(tw.class1, tw.a1)
    uploaded = [row("LẦU THỊ  MAI", notes="từ tệp"), row("Giàng A Páo")]  # another case and spacing
    saved = save(reg_list, uploaded, tw.users.officer_a)
    names = dict(saved.delegates.values_list("full_name", "pk"))
    assert names["LẦU THỊ MAI"] == kept["Lầu Thị Mai"]
    assert "Vừ A Hùng" not in names and names["Giàng A Páo"] not in kept.values()


def test_an_identity_of_another_list_is_not_taken(training_world):
    tw = training_world
    other = make_list(tw.class2, tw.a2, [row("Sùng A Lử")])
    stranger = other.delegates.get()
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")])
    forged = services.Row.from_delegate(stranger)
    forged.full_name = "Người mới"
    save(reg_list, [*map(services.Row.from_delegate, reg_list.delegates.all()), forged], tw.users.officer_a)
    assert Delegate.objects.get(pk=stranger.pk).full_name == "Sùng A Lử"
    assert Delegate.objects.get(pk=stranger.pk).reg_list == other
    assert the_list(tw.class1, tw.a1).delegates.count() == 2


def test_removing_a_delegate_who_attended_is_refused_and_nothing_changes(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")], status=ListStatus.APPROVED)
    attended = reg_list.delegates.get(full_name="Lầu Thị Mai")
    attendance_record(delegate=attended, day=1, present=True, by=tw.users.staff, source="checkin")
    reg_list = services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() + datetime.timedelta(1))
    keep_only = [services.Row.from_delegate(reg_list.delegates.get(full_name="Vừ A Hùng"))]
    with pytest.raises(ValidationError, match="Lầu Thị Mai.*đã được điểm danh"):
        save(reg_list, keep_only, tw.users.officer_a)
    assert Attendance.objects.filter(delegate=attended).count() == 1
    assert the_list(tw.class1, tw.a1).delegates.count() == 2


def test_each_save_records_a_revision_with_who_and_the_ids(training_world):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")])
    revision = reg_list.revisions.get()
    assert revision.version == reg_list.version and revision.saved_by == tw.users.officer_a
    assert revision.rows[0]["id"] == reg_list.delegates.get().pk and revision.rows[0]["full_name"] == "Vừ A Hùng"


def test_a_list_not_started_with_a_tampered_version_saves_without_error(training_world, login):
    tw = training_world
    rows = [form_row("Vừ A Hùng", "Kế toán", paid="1", identity="new")]
    for version in (7, 99999999999):
        response = post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows, version=version)
        assert response.status_code in (302, 409, 200)
    assert [name for _pk, name in ids_names(the_list(tw.class1, tw.a1))] == ["Vừ A Hùng"]


# --- conflicts ------------------------------------------------------------------------------------------------


@pytest.fixture
def opened(training_world, login):
    """A list of three, opened by the officer (the form's rows and version), then saved by staff meanwhile."""
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai"), row("Giàng A Páo")])
    form = as_form(reg_list.delegates.order_by("order"))
    return tw, reg_list, form, reg_list.version


def staff_saves(tw, reg_list, change):
    rows = [services.Row.from_delegate(d) for d in reg_list.delegates.order_by("order")]
    change(rows)
    return save(reg_list, rows, tw.users.staff, on_behalf=True)


def test_others_additions_and_my_edits_are_merged_by_default(opened, login):
    tw, reg_list, form, version = opened
    staff_saves(tw, reg_list, lambda rows: rows.append(row("Sùng Thị Dở", "Trưởng bản", village=tw.villages_a1[0])))
    form[0]["notes"] = "Tôi sửa"
    client = login(tw.users.officer_a)
    response = post_list(client, tw.class1, tw.a1, form, version=version)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sùng Thị Dở" in page and "thêm mới" in page and "Tôi sửa" in page
    assert re.search(r"<strong>staff</strong> đã lưu danh sách lúc", page)
    assert len(the_list(tw.class1, tw.a1).delegates.all()) == 4  # nothing written yet
    response = client.post(merge_url(tw.class1, tw.a1), conflict_fields(page))  # the defaults
    assert response.status_code == 302
    saved = the_list(tw.class1, tw.a1)
    names = {d.full_name: d.notes for d in saved.delegates.all()}
    assert names == {"Vừ A Hùng": "Tôi sửa", "Lầu Thị Mai": "", "Giàng A Páo": "", "Sùng Thị Dở": ""}


def test_the_same_row_changed_on_both_sides_needs_a_choice(opened, login):
    tw, reg_list, form, version = opened

    def their_change(rows):
        rows[1].position = "Phó Chủ tịch UBND"

    staff_saves(tw, reg_list, their_change)
    form[1]["position"] = "Chủ tịch UBND"
    client = login(tw.users.officer_a)
    page = post_list(client, tw.class1, tw.a1, form, version=version).content.decode()
    fields = conflict_fields(page)
    index = next(i for i in range(4) if f'name="pick-{i}" value="saved" id="pick-{i}-saved">' in page)
    response = client.post(merge_url(tw.class1, tw.a1), fields)
    assert response.status_code == 200 and "Hãy chọn giữ bản nào" in response.content.decode()
    assert the_list(tw.class1, tw.a1).delegates.get(full_name="Lầu Thị Mai").position == "Phó Chủ tịch UBND"
    response = client.post(merge_url(tw.class1, tw.a1), fields | {f"pick-{index}": "saved"})
    assert response.status_code == 302
    assert the_list(tw.class1, tw.a1).delegates.get(full_name="Lầu Thị Mai").position == "Phó Chủ tịch UBND"


def test_a_row_the_other_removed_is_shown_going_and_kept_if_chosen(opened, login):
    tw, reg_list, form, version = opened
    staff_saves(tw, reg_list, lambda rows: rows.pop(2))
    client = login(tw.users.officer_a)
    page = post_list(client, tw.class1, tw.a1, form, version=version).content.decode()
    assert "đã xóa" in page and "Giàng A Páo" in page
    pick = re.search(r'name="(pick-\d+)" value="mine"', page).group(1)
    assert client.post(merge_url(tw.class1, tw.a1), conflict_fields(page) | {pick: "mine"}).status_code == 302
    assert the_list(tw.class1, tw.a1).delegates.filter(full_name="Giàng A Páo").exists()


def test_saving_again_meanwhile_shows_the_newest_comparison(opened, login):
    tw, reg_list, form, version = opened
    staff_saves(tw, reg_list, lambda rows: rows.append(row("Sùng Thị Dở", village=tw.villages_a1[0])))
    client = login(tw.users.officer_a)
    page = post_list(client, tw.class1, tw.a1, form, version=version).content.decode()
    staff_saves(tw, the_list(tw.class1, tw.a1), lambda rows: rows.append(row("Thào A Sểnh", village=tw.villages_a1[0])))
    response = client.post(merge_url(tw.class1, tw.a1), conflict_fields(page) | {"keep": "mine"})
    assert response.status_code == 200
    assert "lại vừa được lưu" in response.content.decode() and "Thào A Sểnh" in response.content.decode()
    assert the_list(tw.class1, tw.a1).delegates.count() == 5


def test_a_change_of_status_only_is_no_conflict(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.RETURNED)
    form = as_form(reg_list.delegates.all(), **{"Vừ A Hùng": {"notes": "sửa theo ý kiến"}})
    old_version = reg_list.version - 2  # the form was opened before submit and return
    assert post_list(login(tw.users.officer_a), tw.class1, tw.a1, form, version=old_version).status_code == 302
    assert the_list(tw.class1, tw.a1).delegates.get().notes == "sửa theo ý kiến"


@pytest.mark.parametrize(
    "mine",
    [
        "",
        "không phải json",
        "[" * 5000,
        json.dumps({"a": 1}),
        json.dumps([1, 2]),
        json.dumps([{"full_name": 5}]),
        json.dumps([{"id": "x"}]),
        json.dumps([{}] * 5000),
    ],
)
def test_a_tampered_comparison_page_writes_nothing(opened, login, mine):
    tw, reg_list, form, version = opened
    before = ids_names(the_list(tw.class1, tw.a1))
    client = login(tw.users.officer_a)
    fields = {"version": str(reg_list.version), "base_version": str(version), "mine": mine, "keep": "mine"}
    response = client.post(merge_url(tw.class1, tw.a1), fields)
    assert response.status_code == 302
    assert ids_names(the_list(tw.class1, tw.a1)) == before


def test_merge_is_refused_to_other_units_and_to_leaders(opened, login):
    tw, reg_list, form, version = opened
    assert login(tw.users.officer_b).post(merge_url(tw.class1, tw.a1), {}).status_code == 404
    assert login(tw.users.leader).post(merge_url(tw.class1, tw.a1), {}).status_code == 403
    assert login(tw.users.officer_a).get(merge_url(tw.class1, tw.a1)).status_code == 405


def test_the_mine_field_round_trips_vietnamese_text(opened, login):
    tw, reg_list, form, version = opened
    staff_saves(tw, reg_list, lambda rows: rows.append(row("Sùng Thị Dở", village=tw.villages_a1[0])))
    form[2]["notes"] = 'Ghi chú có "ngoặc" & <thẻ> và ỹ'
    page = post_list(login(tw.users.officer_a), tw.class1, tw.a1, form, version=version).content.decode()
    mine = json.loads(html_lib.unescape(re.search(r'name="mine" value="([^"]*)"', page).group(1)))
    assert mine[2]["notes"] == 'Ghi chú có "ngoặc" & <thẻ> và ỹ'


# --- an uploaded workbook -------------------------------------------------------------------------------------


def upload(client, event, unit, people):
    from tests.training.excel_fixtures import Person, annex_workbook

    data = io.BytesIO(annex_workbook([Person(name, position) for name, position in people]))
    data.name = "phu-luc-1.xlsx"
    return client.post(reverse("training:upload", args=[event.pk, unit.pk]), {"file": data})


def test_an_uploaded_list_keeps_the_delegates_it_names(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng", "Kế toán"), row("Lầu Thị Mai")])
    kept = reg_list.delegates.get(full_name="Vừ A Hùng").pk
    client = login(tw.users.officer_a)
    assert (
        upload(client, tw.class1, tw.a1, [("Vừ A Hùng", "Chủ tịch UBND"), ("Giàng A Páo", "Kế toán")]).status_code
        == 200
    )
    confirm = client.post(reverse("training:upload_confirm", args=[tw.class1.pk, tw.a1.pk]), {"mode": "replace"})
    assert confirm.status_code == 302
    saved = the_list(tw.class1, tw.a1)
    assert saved.delegates.get(full_name="Vừ A Hùng").pk == kept
    assert saved.delegates.get(full_name="Vừ A Hùng").position == "Chủ tịch UBND"


def test_a_save_between_preview_and_confirm_is_shown_not_overwritten(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng", "Kế toán")])
    client = login(tw.users.officer_a)
    assert upload(client, tw.class1, tw.a1, [("Giàng A Páo", "Kế toán")]).status_code == 200
    staff_saves(tw, reg_list, lambda rows: rows.append(row("Sùng Thị Dở", village=tw.villages_a1[0])))
    confirm = client.post(reverse("training:upload_confirm", args=[tw.class1.pk, tw.a1.pk]), {"mode": "replace"})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Danh sách vừa được người khác lưu" in page and "Sùng Thị Dở" in page and "Giàng A Páo" in page
    assert sorted(the_list(tw.class1, tw.a1).delegates.values_list("full_name", flat=True)) == [
        "Sùng Thị Dở",
        "Vừ A Hùng",
    ]
