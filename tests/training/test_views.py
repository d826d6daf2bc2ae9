"""Pages of delegate registration through the test client: the officer's list from first row to approval,
the Labour office's board, review, reopening, quota overrides, the class roster and moves — and that
the list, board and roster pages run a fixed number of queries however much data they show."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import UnitKind
from tests.factories import UnitFactory
from tests.training.conftest import (
    QUOTA_EXPLAIN,
    conflict_fields,
    form_row,
    list_url,
    make_list,
    people,
    post_list,
    quota_of,
    row,
)
from training import services
from training.models import Delegate, ListStatus, QuotaOverride, RegistrationList, TrainingEvent
from tuachua.models import AuditEntry


def url(name, *args):
    return reverse(f"training:{name}", args=[getattr(a, "pk", a) for a in args])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def row_keys(html) -> list[str]:
    return re.findall(r'<input type="hidden" name="rows" value="([^"]+)">', html)


def fieldset_of(html: str, key: str) -> str:
    """The HTML of one row of the list form (its <fieldset>), found by the row's key."""
    for chunk in html.split("<fieldset")[1:]:
        if f'name="rows" value="{key}"' in chunk:
            return chunk.split("</fieldset>")[0]
    raise AssertionError(f"no row {key}")


def the_list(event, unit) -> RegistrationList:
    return RegistrationList.objects.get(event=event, unit=unit)


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


TWO_ROWS = [
    form_row("Vừ A Hùng", "Chủ tịch UBND", paid="1"),
    form_row("Lầu Thị Mai", "Trưởng thôn", paid="0"),
]


# --- the officer's list --------------------------------------------------------------------------------


def test_officer_sees_the_quota_rule_the_levels_and_the_time_left(training_world, login):
    tw = training_world
    html = html_of(login(tw.users.officer_a).get(list_url(tw.class1, tw.a1)))
    assert f'data-testid="quota-explain">{QUOTA_EXPLAIN}<' in html
    assert re.search(r'data-testid="time-left">còn 6 ngày \d+ giờ<', html)
    assert "Cấp xã: 0/3" in html and "Thôn 1: 0/2" in html and "Thôn 2: 0/2" in html
    assert len(row_keys(html)) == 1  # one empty row to start with
    assert 'value="submit"' in html  # "Lưu và gửi"
    assert not RegistrationList.objects.exists()  # opening the page creates nothing


def test_officer_saves_rows(training_world, login):
    tw = training_world
    client = login(tw.users.officer_a)
    rows = [*TWO_ROWS, form_row("Giàng A Páo", "Trưởng bản", village=tw.villages_a1[0], paid="1", phone="0912 345 678")]
    response = post_list(client, tw.class1, tw.a1, rows)
    assert response.status_code == 302
    assert response.url == list_url(tw.class1, tw.a1)
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.DRAFT
    assert reg_list.version == 1
    assert [(d.full_name, d.paid_by_state, d.village_id) for d in reg_list.delegates.order_by("order")] == [
        ("Vừ A Hùng", True, None),
        ("Lầu Thị Mai", False, None),
        ("Giàng A Páo", True, tw.villages_a1[0].pk),
    ]
    page = client.get(response.url)
    assert "Đã lưu danh sách (3 đại biểu)." in messages_of(page)
    html = html_of(page)
    assert 'data-testid="filled">3<' in html
    assert 'value="Giàng A Páo"' in html
    assert f'<input type="hidden" name="version" value="{reg_list.version}">' in html


def test_rows_marked_for_deletion_and_blank_rows_are_not_saved(training_world, login):
    tw = training_world
    rows = [*TWO_ROWS, form_row("Xóa tôi", "Cán bộ", paid="1", delete=True), form_row()]
    assert post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows).status_code == 302
    assert [d.full_name for d in the_list(tw.class1, tw.a1).delegates.all()] == ["Vừ A Hùng", "Lầu Thị Mai"]


def test_add_row_without_javascript_renders_one_more_row_and_saves_nothing(training_world, login):
    tw = training_world
    response = post_list(login(tw.users.officer_a), tw.class1, tw.a1, TWO_ROWS, action="add_row")
    html = html_of(response)
    keys = row_keys(html)
    assert len(keys) == 3
    assert keys[:2] == ["k1", "k2"]
    assert 'value="Vừ A Hùng"' in html and 'value="Lầu Thị Mai"' in html
    assert not RegistrationList.objects.exists()


def test_add_row_drops_rows_marked_for_deletion(training_world, login):
    tw = training_world
    rows = [TWO_ROWS[0], form_row("Xóa tôi", "Cán bộ", paid="1", delete=True)]
    html = html_of(post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows, action="add_row"))
    assert len(row_keys(html)) == 2
    assert "Xóa tôi" not in html


def test_errors_are_shown_next_to_their_row_and_typed_values_are_kept(training_world, login):
    tw = training_world
    rows = [
        form_row("Vừ A Hùng", "Chủ tịch UBND", paid="1"),
        form_row("Lầu Thị Mai", "", paid="0", notes="Người Mông", phone="0987"),
        form_row("VỪ  A HÙNG", "Kế toán", paid="1"),
        form_row("Giàng A Páo", "Trưởng bản", paid=""),
    ]
    response = post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows)
    html = html_of(response)
    assert "Danh sách chưa lưu được: sửa các dòng được đánh dấu rồi lưu lại." in html
    assert "Nhập chức vụ." in fieldset_of(html, "k2")
    assert "Trùng với dòng 1: mỗi người chỉ đăng ký một lần." in fieldset_of(html, "k3")
    assert "Đánh dấu X vào một trong hai cột" in fieldset_of(html, "k4")
    assert "invalid-feedback" not in fieldset_of(html, "k1")
    # What was typed is all still there.
    second = fieldset_of(html, "k2")
    assert 'value="Lầu Thị Mai"' in second and 'value="Người Mông"' in second and 'value="0987"' in second
    assert 'value="0" checked' in second
    assert 'value="VỪ  A HÙNG"' in fieldset_of(html, "k3")
    assert not Delegate.objects.exists()


def test_quota_exceeded_is_shown_on_the_row_over_the_limit(training_world, login):
    tw = training_world
    rows = [form_row(f"Người số {n}", "Cán bộ", paid="1") for n in range(1, 5)]
    html = html_of(post_list(login(tw.users.officer_a), tw.class1, tw.a1, rows))
    assert "Vượt chỉ tiêu cấp xã: tối đa 3 người." in fieldset_of(html, "k4")
    assert "Vượt chỉ tiêu" not in fieldset_of(html, "k3")


def test_a_double_posted_form_is_saved_once(training_world, login):
    tw = training_world
    client = login(tw.users.officer_a)
    assert post_list(client, tw.class1, tw.a1, TWO_ROWS, version=0).status_code == 302
    assert post_list(client, tw.class1, tw.a1, TWO_ROWS, version=0).status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.version == 1
    assert reg_list.delegates.count() == 2
    assert AuditEntry.objects.filter(action="list_save").count() == 1


def test_a_conflicting_save_shows_both_versions_and_saves_nothing(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], officer=tw.users.staff)
    client = login(tw.users.officer_a)
    typed = [form_row("Sùng A Lử", "Bí thư Đảng ủy", paid="1", identity="new")]
    response = post_list(client, tw.class1, tw.a1, typed, version=0)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Danh sách vừa được người khác lưu" in html
    assert "Sùng A Lử" in html and "Vừ A Hùng" in html  # theirs and mine, side by side
    assert '<input type="hidden" name="version" value="1">' in html
    assert [d.full_name for d in the_list(tw.class1, tw.a1).delegates.all()] == ["Vừ A Hùng"]
    # "Keep all of mine" replaces the list with exactly what was typed, the other row shown as going.
    response = client.post(url("merge", tw.class1, tw.a1), conflict_fields(html) | {"keep": "mine"})
    assert response.status_code == 302
    assert [d.full_name for d in the_list(tw.class1, tw.a1).delegates.all()] == ["Sùng A Lử"]


def test_submit_locks_the_list_for_the_officer(training_world, login):
    tw = training_world
    client = login(tw.users.officer_a)
    response = post_list(client, tw.class1, tw.a1, TWO_ROWS, action="submit")
    assert response.status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.SUBMITTED
    assert reg_list.submitted_by == tw.users.officer_a
    page = client.get(list_url(tw.class1, tw.a1))
    assert any("Đã gửi danh sách" in m for m in messages_of(page))
    html = html_of(page)
    assert row_keys(html) == []  # read-only: a table, not the form
    assert 'data-testid="delegates"' in html and "Vừ A Hùng" in html
    assert 'data-testid="list-status">Đã gửi<' in html
    # The officer can no longer change it, by the form or by the submit button.
    assert post_list(client, tw.class1, tw.a1, [form_row("Khác", "Cán bộ", paid="1")], version=2).status_code == 403
    assert client.post(url("submit", tw.class1, tw.a1)).status_code == 302
    assert the_list(tw.class1, tw.a1).version == reg_list.version


def test_submit_button_of_a_saved_draft(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(2), officer=tw.users.officer_a)
    response = login(tw.users.officer_a).post(url("submit", tw.class1, tw.a1))
    assert response.status_code == 302
    assert response.url == list_url(tw.class1, tw.a1)
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED


def test_submit_without_a_list_says_so(training_world, login):
    tw = training_world
    client = login(tw.users.officer_a)
    response = client.post(url("submit", tw.class1, tw.a1), follow=True)
    assert "Danh sách chưa có đại biểu nào." in messages_of(response)
    assert not RegistrationList.objects.exists()


def test_submit_after_the_deadline_is_refused_but_the_draft_is_kept(training_world, login):
    tw = training_world
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(registration_deadline=timezone.now() - datetime.timedelta(1))
    client = login(tw.users.officer_a)
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert "đã hết hạn" in html
    assert re.search(r'value="submit" class="btn btn-success" disabled', html)
    response = post_list(client, tw.class1, tw.a1, TWO_ROWS, action="submit")
    assert response.status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.DRAFT
    assert reg_list.delegates.count() == 2
    assert any("quá hạn đăng ký" in m for m in messages_of(client.get(list_url(tw.class1, tw.a1))))


# Regression: staff submitted a unit's list through the form's 'submit' action (training/views.py:191,
# fixed in c14b071); the submit view refuses them.
def test_staff_editing_on_behalf_cannot_submit_for_the_unit(training_world, login):
    tw = training_world
    client = login(tw.users.staff)
    response = post_list(client, tw.class1, tw.a1, TWO_ROWS, action="submit")
    assert response.status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.DRAFT  # saved on the unit's behalf, not submitted
    assert reg_list.delegates.count() == 2
    assert "Đã lưu danh sách (2 đại biểu)." in messages_of(client.get(response.url))


def test_officer_of_another_unit_gets_404(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(1))
    client = login(tw.users.officer_b)
    assert client.get(list_url(tw.class1, tw.a1)).status_code == 404  # a class that does not serve A2
    assert client.get(list_url(tw.tour, tw.a1)).status_code == 404  # an event A2 attends, but A1's list
    assert client.get(list_url(tw.tour, tw.district)).status_code == 404  # the district's own list
    assert post_list(client, tw.tour, tw.a1, TWO_ROWS).status_code == 404
    assert client.get(url("new_row", tw.tour, tw.a1)).status_code == 404
    assert client.get(list_url(tw.tour, tw.a2)).status_code == 200


@pytest.mark.parametrize("role", ["leader", "office"])
def test_leader_and_office_read_but_do_not_change(training_world, login, role):
    tw = training_world
    make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    client = login(getattr(tw.users, role))
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert "Vừ A Hùng" in html
    assert row_keys(html) == []
    assert url("review", tw.class1, tw.a1) not in html
    assert 'data-testid="edit-on-behalf"' not in html
    assert row_keys(html_of(client.get(list_url(tw.class1, tw.a1) + "?edit=1"))) == []
    assert post_list(client, tw.class1, tw.a1, TWO_ROWS, version=2).status_code == 403
    for name, data in [
        ("submit", {}),
        ("review", {"decision": "approve"}),
        ("reopen", {"until": local_input(timezone.now() + datetime.timedelta(days=2))}),
        ("quota", {"unit_seats": 9, "village_seats": 5, "reason": "Thử"}),
    ]:
        assert client.post(url(name, tw.class1, tw.a1), data).status_code == 403, name
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED
    assert html_of(client.get(url("board", tw.class1)))
    assert html_of(client.get(url("roster", tw.class1)))


def test_new_row_endpoint_returns_one_empty_row(training_world, login):
    tw = training_world
    response = login(tw.users.officer_a).get(url("new_row", tw.class1, tw.a1), HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert response.templates[0].name == "training/_row.html"
    assert len(row_keys(html)) == 1
    assert html.count("<fieldset") == 1
    assert "<html" not in html
    for village in tw.villages_a1:
        assert f'<option value="{village.pk}">{village.name}</option>' in html
    assert tw.villages_a2[0].pk not in [int(v) for v in re.findall(r'<option value="(\d+)"', html)]


# Regression: every row's paid radios had id="-1"/"-0" (templates/training/_row.html:30, fixed in c14b071).
def test_each_rows_paid_radios_have_their_own_ids(training_world, login):
    tw = training_world
    html = html_of(post_list(login(tw.users.officer_a), tw.class1, tw.a1, TWO_ROWS, action="add_row"))
    ids = re.findall(r'type="radio" name="[^"]+" id="([^"]*)"', html)
    assert len(ids) == 6
    assert len(set(ids)) == 6


# Regression: the host's list offered its communes as villages (training/views.py:93, fixed in c14b071).
def test_the_host_units_list_offers_no_village_levels(training_world, login):
    tw = training_world
    html = html_of(login(tw.users.staff).get(list_url(tw.tour, tw.district) + "?edit=1"))
    assert "2 đại biểu cấp huyện" in html
    assert len(row_keys(html)) == 1
    assert f'<option value="{tw.a1.pk}">' not in html
    assert f'<option value="{tw.a2.pk}">' not in html


# Regression: a reopened list showed "đã hết hạn" (templates/training/list_detail.html:25, fixed in c14b071).
def test_a_reopened_list_shows_the_time_left_of_the_reopening(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, people(1))
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(registration_deadline=timezone.now() - datetime.timedelta(1))
    services.list_reopen(reg_list=reg_list, by=tw.users.staff, until=timezone.now() + datetime.timedelta(days=2))
    html = html_of(login(tw.users.officer_a).get(list_url(tw.class1, tw.a1)))
    assert re.search(r'data-testid="time-left">còn (1 ngày|2 ngày)', html)


# --- the Labour office ---------------------------------------------------------------------------------


def test_staff_approve_a_submitted_list(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(3), status=ListStatus.SUBMITTED)
    client = login(tw.users.staff)
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert url("review", tw.class1, tw.a1) in html
    response = client.post(url("review", tw.class1, tw.a1), {"decision": "approve"})
    assert response.status_code == 302
    assert response.url == list_url(tw.class1, tw.a1)
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.APPROVED
    assert reg_list.delegates.filter(assigned_event=tw.class1).count() == 3
    page = client.get(list_url(tw.class1, tw.a1))
    assert "Đã duyệt danh sách; đại biểu đã được xếp vào lớp." in messages_of(page)
    html = html_of(page)
    assert "Xếp lớp" in html and "Lớp thứ nhất" in html
    history = html[html.index('data-testid="history"') :]  # for staff
    assert "Duyệt; 3 đại biểu được xếp lớp" in history
    assert "Gửi danh sách (3 đại biểu)" in history
    # Officer: approved, read-only.
    officer_html = html_of(login(tw.users.officer_a).get(list_url(tw.class1, tw.a1)))
    assert 'data-testid="list-status">Đã duyệt<' in officer_html
    assert row_keys(officer_html) == []
    assert 'data-testid="history"' not in officer_html


def test_approve_over_capacity_shows_the_reason_and_places_nobody(training_world, login):
    tw = training_world
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(capacity=2)
    make_list(tw.class1, tw.a1, people(3), status=ListStatus.SUBMITTED)
    response = login(tw.users.staff).post(url("review", tw.class1, tw.a1), {"decision": "approve"}, follow=True)
    assert any("không thể xếp thêm 3 người" in m for m in messages_of(response))
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED
    assert not Delegate.objects.filter(assigned_event__isnull=False).exists()


def test_staff_return_a_list_and_the_officer_sees_the_comment_and_can_fix_it(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(2), status=ListStatus.SUBMITTED)
    response = login(tw.users.staff).post(
        url("review", tw.class1, tw.a1), {"decision": "return", "comment": "Thiếu trưởng thôn"}
    )
    assert response.status_code == 302
    assert the_list(tw.class1, tw.a1).status == ListStatus.RETURNED
    officer = login(tw.users.officer_a)
    html = html_of(officer.get(list_url(tw.class1, tw.a1)))
    assert 'data-testid="review-comment"' in html
    assert "Thiếu trưởng thôn" in html
    assert len(row_keys(html)) == 3  # two rows and a blank one: editable again
    # Fix and resubmit.
    version = the_list(tw.class1, tw.a1).version
    rows = [
        form_row("Người số 1", "Cán bộ", paid="1"),
        form_row("Người số 2", "Cán bộ", paid="1"),
        form_row("Sùng A Lử", "Trưởng thôn", village=tw.villages_a1[0], paid="0"),
    ]
    assert post_list(officer, tw.class1, tw.a1, rows, version=version, action="submit").status_code == 302
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.SUBMITTED
    assert reg_list.delegates.count() == 3
    # Staff read the whole story in words, newest first.
    html = html_of(login(tw.users.staff).get(list_url(tw.class1, tw.a1)))
    history = html[html.index('data-testid="history"') :]
    lines = re.findall(r"<li>[^<]*</li>", history)
    assert "officer_a · Gửi danh sách (3 đại biểu)" in lines[0]
    assert "officer_a · Lưu danh sách: 3 đại biểu; thêm Sùng A Lử" in lines[1]
    assert "staff · Trả lại để sửa: Thiếu trưởng thôn" in lines[2]


def test_return_without_a_comment_is_refused(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(1), status=ListStatus.SUBMITTED)
    response = login(tw.users.staff).post(url("review", tw.class1, tw.a1), {"decision": "return"}, follow=True)
    assert "Hãy ghi rõ lý do trả lại để đơn vị sửa." in messages_of(response)
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED


def test_review_without_a_list(training_world, login):
    tw = training_world
    response = login(tw.users.staff).post(url("review", tw.class1, tw.a1), {"decision": "approve"}, follow=True)
    assert "Đơn vị chưa lập danh sách." in messages_of(response)


def test_staff_review_read_only_and_edit_on_the_units_behalf_on_request(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    client = login(tw.users.staff)
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert row_keys(html) == []  # staff review the list as a table first
    assert 'data-testid="edit-on-behalf"' in html
    html = html_of(client.get(list_url(tw.class1, tw.a1) + "?edit=1"))
    assert len(row_keys(html)) == 2
    assert 'value="submit"' not in html  # only the unit submits
    response = post_list(client, tw.class1, tw.a1, TWO_ROWS, version=reg_list.version)
    assert response.status_code == 302
    reg_list.refresh_from_db()
    assert reg_list.status == ListStatus.SUBMITTED
    assert [d.full_name for d in reg_list.delegates.all()] == ["Vừ A Hùng", "Lầu Thị Mai"]
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert (
        "staff · Lưu danh sách: 2 đại biểu; thêm Lầu Thị Mai; sửa 1 dòng (Phòng LĐTBXH sửa thay đơn vị)"
        in html[html.index('data-testid="history"') :]
    )
    # An approved list is closed to staff too.
    services.list_approve(reg_list=reg_list, by=tw.users.staff)
    html = html_of(client.get(list_url(tw.class1, tw.a1) + "?edit=1"))
    assert row_keys(html) == [] and 'data-testid="edit-on-behalf"' not in html
    assert post_list(client, tw.class1, tw.a1, TWO_ROWS, version=reg_list.version + 1).status_code == 403


# Regression: an audit entry without actor made the history raise VariableDoesNotExist, a 500
# (templates/training/list_detail.html:122, fixed in c14b071).
def test_history_survives_an_entry_whose_author_was_deleted(training_world, login, django_user_model):
    tw = training_world
    leaver = django_user_model.objects.create_user("leaver", password="pw-test-2024")
    reg_list = services.list_for_unit(event=tw.class1, unit=tw.a1)
    services.list_save(
        reg_list=reg_list, rows=people(1), quota=quota_of(tw.class1, tw.a1), by=leaver, expected_version=0
    )
    leaver.delete()  # the audit entry keeps its place, its actor becomes NULL
    html = html_of(login(tw.users.staff).get(list_url(tw.class1, tw.a1)))
    history = html[html.index('data-testid="history"') :]
    assert "· — · Lưu danh sách: 1 đại biểu" in history


def test_reopen_after_the_deadline(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(2), status=ListStatus.APPROVED)
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(registration_deadline=timezone.now() - datetime.timedelta(1))
    until = timezone.now() + datetime.timedelta(days=2)
    response = login(tw.users.staff).post(url("reopen", tw.class1, tw.a1), {"until": local_input(until)}, follow=True)
    assert "Đã mở lại danh sách cho đơn vị." in messages_of(response)
    reg_list = the_list(tw.class1, tw.a1)
    assert reg_list.status == ListStatus.RETURNED
    assert abs(reg_list.reopened_until - until) < datetime.timedelta(minutes=1)
    assert Delegate.objects.filter(assigned_event=tw.class1).count() == 2  # they keep their seats
    # The officer may edit and submit again until then.
    client = login(tw.users.officer_a)
    html = html_of(client.get(list_url(tw.class1, tw.a1)))
    assert "Được mở lại đến" in html
    assert not re.search(r'value="submit" class="btn btn-success" disabled', html)
    assert client.post(url("submit", tw.class1, tw.a1)).status_code == 302
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED


def test_reopen_of_a_list_not_started_creates_it(training_world, login):
    tw = training_world
    until = timezone.now() + datetime.timedelta(days=2)
    login(tw.users.staff).post(url("reopen", tw.class1, tw.a1), {"until": local_input(until)})
    assert the_list(tw.class1, tw.a1).reopened_until is not None


@pytest.mark.parametrize("until", ["", "không phải ngày"])
def test_reopen_needs_a_valid_date(training_world, login, until):
    tw = training_world
    make_list(tw.class1, tw.a1, people(1), status=ListStatus.SUBMITTED)
    response = login(tw.users.staff).post(url("reopen", tw.class1, tw.a1), {"until": until}, follow=True)
    assert messages_of(response)
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED


def test_reopen_until_a_past_date_is_refused(training_world, login):
    tw = training_world
    make_list(tw.class1, tw.a1, people(1), status=ListStatus.SUBMITTED)
    past = timezone.now() - datetime.timedelta(days=1)
    response = login(tw.users.staff).post(url("reopen", tw.class1, tw.a1), {"until": local_input(past)}, follow=True)
    assert "Thời hạn mở lại phải ở tương lai." in messages_of(response)
    assert the_list(tw.class1, tw.a1).status == ListStatus.SUBMITTED


def test_staff_override_a_units_quota(training_world, login):
    tw = training_world
    data = {"unit_seats": 5, "village_seats": 3, "reason": "Xã có thêm cán bộ mới"}
    response = login(tw.users.staff).post(url("quota", tw.class1, tw.a1), data, follow=True)
    assert "Đã điều chỉnh chỉ tiêu của đơn vị." in messages_of(response)
    override = QuotaOverride.objects.get()
    assert (override.unit, override.unit_seats, override.village_seats) == (tw.a1, 5, 3)
    html = html_of(login(tw.users.officer_a).get(list_url(tw.class1, tw.a1)))
    assert 'data-testid="quota-explain">5 cấp xã + 3 × 2 thôn = 11<' in html
    assert "Đã điều chỉnh: Xã có thêm cán bộ mới" in html


@pytest.mark.parametrize(
    "data",
    [{"unit_seats": 5, "village_seats": 3, "reason": ""}, {"unit_seats": -1, "village_seats": 3, "reason": "Thử"}],
    ids=["no-reason", "negative"],
)
def test_quota_override_needs_a_reason_and_sane_numbers(training_world, login, data):
    tw = training_world
    response = login(tw.users.staff).post(url("quota", tw.class1, tw.a1), data, follow=True)
    assert messages_of(response)
    assert not QuotaOverride.objects.exists()


# --- roster and moves ----------------------------------------------------------------------------------


@pytest.fixture
def two_classes(training_world):
    """A1's three approved delegates in class 1, A2's two in class 2."""
    tw = training_world
    make_list(tw.class1, tw.a1, people(3, prefix="Xã một"), status=ListStatus.APPROVED)
    make_list(tw.class2, tw.a2, people(2, prefix="Xã hai"), status=ListStatus.APPROVED)
    return tw


def test_staff_move_a_delegate_and_the_roster_groups_by_unit(two_classes, login):
    tw = two_classes
    moving = Delegate.objects.get(full_name="Xã hai số 1")
    client = login(tw.users.staff)
    response = client.post(url("move", moving), {"to_event": tw.class1.pk})
    assert response.status_code == 302
    assert response.url == url("roster", tw.class2)  # back to the roster the move was made from
    moving.refresh_from_db()
    assert moving.assigned_event == tw.class1
    page = client.get(url("roster", tw.class1))
    assert "Đã chuyển Xã hai số 1 sang Lớp thứ nhất." in messages_of(page)
    html = html_of(page)
    assert 'data-testid="roster-total">4<' in html
    assert [unit.name for unit, _ in page.context["groups"]] == ["Xã A1", "Xã A2"]
    roster = html[html.index('data-testid="roster-total"') :]
    assert roster.index("Xã một số 3") < roster.index("Xã A2") < roster.index("Xã hai số 1")
    assert url("move", moving) in html  # staff may move people on
    assert "Xã hai số 2" not in html
    assert 'data-testid="roster-total">1<' in html_of(client.get(url("roster", tw.class2)))


def test_move_into_a_full_class_is_refused(two_classes, login):
    tw = two_classes
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(capacity=3)
    moving = Delegate.objects.get(full_name="Xã hai số 1")
    response = login(tw.users.staff).post(url("move", moving), {"to_event": tw.class1.pk}, follow=True)
    assert any("3/3" in m for m in messages_of(response))
    moving.refresh_from_db()
    assert moving.assigned_event == tw.class2


def test_move_to_an_event_of_another_activity_is_not_offered(two_classes, login):
    tw = two_classes
    moving = Delegate.objects.get(full_name="Xã hai số 1")
    response = login(tw.users.staff).post(url("move", moving), {"to_event": tw.tour.pk}, follow=True)
    assert "Hãy chọn lớp cần chuyển đến." in messages_of(response)
    moving.refresh_from_db()
    assert moving.assigned_event == tw.class2


def test_roster_for_leader_is_read_only_and_officers_are_refused(two_classes, login):
    tw = two_classes
    html = html_of(login(tw.users.leader).get(url("roster", tw.class1)))
    assert "Xã một số 1" in html
    assert url("move", Delegate.objects.filter(assigned_event=tw.class1).first()) not in html
    assert login(tw.users.officer_a).get(url("roster", tw.class1)).status_code == 403
    assert login(tw.users.officer_b).get(url("roster", tw.class1)).status_code == 404


def test_move_by_leader_is_403_and_by_officer_of_another_unit_404(two_classes, login):
    tw = two_classes
    moving = Delegate.objects.get(full_name="Xã một số 1")
    assert login(tw.users.leader).post(url("move", moving), {"to_event": tw.class2.pk}).status_code == 403
    assert login(tw.users.officer_a).post(url("move", moving), {"to_event": tw.class2.pk}).status_code == 403
    assert login(tw.users.officer_b).post(url("move", moving), {"to_event": tw.class2.pk}).status_code == 404
    assert login(tw.users.outsider).post(url("move", moving), {"to_event": tw.class2.pk}).status_code == 404
    moving.refresh_from_db()
    assert moving.assigned_event == tw.class1


# --- board and event lists -----------------------------------------------------------------------------


@pytest.fixture
def late_a2(training_world):
    """On the study tour, A1 submitted in time; A2 and the district did nothing, and the deadline passed."""
    tw = training_world
    make_list(tw.tour, tw.a1, people(2), status=ListStatus.SUBMITTED)
    TrainingEvent.objects.filter(pk=tw.tour.pk).update(registration_deadline=timezone.now())
    return tw


def test_board_shows_every_unit_late_ones_first(late_a2, login):
    tw = late_a2
    response = login(tw.users.staff).get(url("board", tw.tour))
    html = html_of(response)
    rows = response.context["rows"]
    assert [(r.unit, r.is_late) for r in rows] == [(tw.district, True), (tw.a2, True), (tw.a1, False)]
    assert html.index(list_url(tw.tour, tw.a2)) < html.index(list_url(tw.tour, tw.a1))
    assert html.count("trễ hạn") == 2
    assert "2 đại biểu cấp huyện" in html and "3 cấp xã" in html
    assert "2 / 3" in html  # A1's filled / quota
    assert 'data-testid="quota-total">8<' in html  # 2 + 3 + 3


@pytest.mark.parametrize(
    ("status", "units"),
    [("submitted", ["a1"]), ("not_started", ["district", "a2"]), ("approved", []), ("", ["district", "a2", "a1"])],
)
def test_board_filters_by_status(late_a2, login, status, units):
    tw = late_a2
    response = login(tw.users.staff).get(url("board", tw.tour), {"status": status})
    html = html_of(response)
    assert [r.unit for r in response.context["rows"]] == [getattr(tw, name) for name in units]
    for name in ("district", "a1", "a2"):
        assert (list_url(tw.tour, getattr(tw, name)) in html) == (name in units)


def test_board_flags_the_same_person_in_two_units(training_world, login):
    tw = training_world
    make_list(tw.tour, tw.a1, [row("Vừ A Hùng")])
    make_list(tw.tour, tw.a2, [row("vừ a  hùng")])
    html = html_of(login(tw.users.staff).get(url("board", tw.tour)))
    assert "Có thể trùng người giữa các đơn vị" in html
    assert "Vừ A Hùng (xã Xã A1)" in html


def test_officer_on_the_board_goes_to_their_list(training_world, login):
    tw = training_world
    response = login(tw.users.officer_a).get(url("board", tw.tour))
    assert response.status_code == 302
    assert response.url == list_url(tw.tour, tw.a1)


def test_event_list_for_an_officer_shows_their_events_with_quota_and_state(training_world, login):
    tw = training_world
    make_list(tw.tour, tw.a1, people(2), status=ListStatus.SUBMITTED)
    response = login(tw.users.officer_a).get(url("event_list"))
    html = html_of(response)
    assert "training/event_list_officer.html" in [t.name for t in response.templates]
    assert html.count('data-testid="event-card"') == 2
    assert "Lớp thứ nhất" in html and "Đoàn học tập kinh nghiệm" in html and "Lớp thứ hai" not in html
    assert QUOTA_EXPLAIN in html and "3 cấp xã" in html
    assert list_url(tw.class1, tw.a1) in html and list_url(tw.tour, tw.a1) in html
    assert 'data-testid="list-status">Đã gửi<' in html
    assert 'data-testid="list-status">Chưa lập<' in html


def test_event_list_for_staff_counts_lists_and_places(two_classes, login):
    tw = two_classes
    response = login(tw.users.staff).get(url("event_list"))
    html = html_of(response)
    assert "training/event_list.html" in [t.name for t in response.templates]
    for event in (tw.class1, tw.class2, tw.tour):
        assert url("board", event) in html and url("roster", event) in html
    rows = {event.pk: (counts, placed) for event, counts, placed in response.context["rows"]}
    assert rows[tw.class1.pk][0]["approved"] == 1
    assert rows[tw.class1.pk][1] == 3
    assert rows[tw.tour.pk][1] == 0
    assert "3 / 7" in html


def test_event_list_of_another_district_is_empty(training_world, login):
    html = html_of(login(training_world.users.outsider).get(url("event_list")))
    assert "Chưa có lớp, đợt nào mở đăng ký." in html


# --- a fixed number of queries -------------------------------------------------------------------------


def queries_for(client, path) -> int:
    client.get(path)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def add_communes(tw, count: int) -> list:
    """`count` more communes of district A, each with two villages."""
    communes = []
    for number in range(count):
        commune = UnitFactory(code=f"A-N{number}", name=f"Xã mới {number:02d}", parent=tw.district, sort_order=10)
        for village in (1, 2):
            UnitFactory(code=f"A-N{number}-{village}", name=f"Bản {village}", kind=UnitKind.VILLAGE, parent=commune)
        communes.append(commune)
    return communes


def rows_with_villages(tw, unit, count, prefix):
    villages = list(unit.children.order_by("name"))
    return [row(f"{prefix} {n}", "Cán bộ", village=villages[n % 2] if n % 3 else None) for n in range(count)]


@pytest.mark.parametrize("role", ["officer_a", "staff"])
def test_list_page_queries_do_not_grow_with_the_rows(training_world, login, role):
    tw = training_world
    services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=60, village_seats=30, reason="Danh sách lớn", by=tw.users.staff
    )
    reg_list = make_list(tw.class1, tw.a1, rows_with_villages(tw, tw.a1, 5, "Người"))
    client = login(getattr(tw.users, role))
    path = list_url(tw.class1, tw.a1) + ("?edit=1" if role == "staff" else "")  # the form, with history for staff
    small = queries_for(client, path)
    services.list_save(
        reg_list=reg_list,
        rows=rows_with_villages(tw, tw.a1, 60, "Người"),
        quota=quota_of(tw.class1, tw.a1),
        by=tw.users.staff,
        expected_version=1,
    )
    assert the_list(tw.class1, tw.a1).delegates.count() == 60
    html = html_of(client.get(path))
    assert len(row_keys(html)) == 61  # 60 rows and a blank one
    assert queries_for(client, path) == small


def test_read_only_list_page_queries_do_not_grow_with_the_rows(training_world, login):
    tw = training_world
    services.quota_override_set(
        event=tw.class1, unit=tw.a1, unit_seats=60, village_seats=30, reason="Danh sách lớn", by=tw.users.staff
    )
    make_list(tw.class1, tw.a1, rows_with_villages(tw, tw.a1, 5, "Người"), status=ListStatus.APPROVED)
    services.quota_override_set(
        event=tw.class2, unit=tw.a2, unit_seats=60, village_seats=30, reason="Danh sách lớn", by=tw.users.staff
    )
    TrainingEvent.objects.filter(pk=tw.class2.pk).update(capacity=None)
    make_list(tw.class2, tw.a2, rows_with_villages(tw, tw.a2, 60, "Người"), status=ListStatus.APPROVED)
    client = login(tw.users.leader)
    assert queries_for(client, list_url(tw.class1, tw.a1)) == queries_for(client, list_url(tw.class2, tw.a2))


def test_board_queries_do_not_grow_with_the_units(training_world, login):
    tw = training_world
    event = tw.class1
    TrainingEvent.objects.filter(pk=event.pk).update(capacity=None)
    event.units.add(tw.a2)
    make_list(event, tw.a1, rows_with_villages(tw, tw.a1, 3, "Một"), status=ListStatus.SUBMITTED)
    make_list(event, tw.a2, rows_with_villages(tw, tw.a2, 2, "Hai"))
    client = login(tw.users.staff)
    path = url("board", event)
    small = queries_for(client, path)
    for number, commune in enumerate(add_communes(tw, 10)):
        event.units.add(commune)
        if number % 3 == 0:
            services.quota_override_set(
                event=event, unit=commune, unit_seats=5, village_seats=2, reason="Thử", by=tw.users.staff
            )
        if number % 4 != 3:
            status = [ListStatus.DRAFT, ListStatus.SUBMITTED, ListStatus.APPROVED][number % 3]
            make_list(event, commune, rows_with_villages(tw, commune, 3, f"Xã {number}"), status=status)
    response = client.get(path)
    assert len(response.context["rows"]) == 12
    assert queries_for(client, path) == small


def test_roster_queries_do_not_grow_with_the_units(training_world, login):
    tw = training_world
    event = tw.class1
    TrainingEvent.objects.filter(pk=event.pk).update(capacity=None)
    event.units.add(tw.a2)
    make_list(event, tw.a1, rows_with_villages(tw, tw.a1, 3, "Một"), status=ListStatus.APPROVED)
    make_list(event, tw.a2, rows_with_villages(tw, tw.a2, 3, "Hai"), status=ListStatus.APPROVED)
    client = login(tw.users.staff)
    path = url("roster", event)
    small = queries_for(client, path)
    for number, commune in enumerate(add_communes(tw, 10)):
        event.units.add(commune)
        make_list(event, commune, rows_with_villages(tw, commune, 4, f"Xã {number}"), status=ListStatus.APPROVED)
    response = client.get(path)
    assert len(response.context["groups"]) == 12  # a few delegates each: one page
    assert queries_for(client, path) == small


def test_event_list_queries_do_not_grow_with_the_events(training_world, login):
    tw = training_world
    path = url("event_list")
    staff_small = queries_for(login(tw.users.staff), path)
    officer_small = queries_for(login(tw.users.officer_a), path)
    for number in range(3, 9):
        extra = TrainingEvent.objects.create(
            activity=tw.class1.activity, kind="class", number=number, title=f"Lớp {number}", unit_seats=3
        )
        extra.units.add(tw.a1)
        make_list(extra, tw.a1, people(2))
    assert queries_for(login(tw.users.staff), path) == staff_small
    officer = login(tw.users.officer_a)
    assert queries_for(officer, path) == officer_small
    assert html_of(officer.get(path)).count('data-testid="event-card"') == 8


def test_a_save_that_fails_validation_leaves_no_list_behind(training_world, login):
    tw = training_world
    client = login(tw.users.officer_a)
    response = post_list(client, tw.class1, tw.a1, [form_row("Vừ A Hùng", "", paid="1")])
    assert response.status_code == 200
    assert "Nhập chức vụ." in response.content.decode()
    assert not RegistrationList.objects.filter(event=tw.class1, unit=tw.a1).exists()
    board = login(tw.users.staff).get(reverse("training:board", args=[tw.class1.pk])).content.decode()
    assert 'data-testid="list-status">Chưa lập' in board
    assert 'data-testid="list-status">Đang soạn' not in board


def test_roster_pages_hold_whole_units_up_to_200_delegates():
    from training.views import roster_pages

    groups = [(f"unit {n}", list(range(size))) for n, size in enumerate([72, 72, 72, 250, 10])]
    pages = roster_pages(groups)
    assert [[unit for unit, _ in page] for page in pages] == [
        ["unit 0", "unit 1"],
        ["unit 2"],
        ["unit 3"],  # bigger than a page: a page of its own
        ["unit 4"],
    ]
    assert roster_pages([]) == []
