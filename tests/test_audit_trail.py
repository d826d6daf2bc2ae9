"""The audit trail: every write (services and every admin) with who, when, the client address and what changed;
refused write attempts; and the page where district staff and administrators read it."""

import datetime
import json
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.forms import CheckboxInput, MultiWidget
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring.models import PublicHoliday
from plans.models import Activity, Duty, LegalBasis
from tuachua import audit
from tuachua.middleware import AuditContextMiddleware
from tuachua.models import AuditEntry
from tuachua.permissions import REASON_MANAGER, refuse

FORWARDED = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}  # 127.0.0.1: the trusted nginx
CLIENT = "203.0.113.7"


# --- helpers -----------------------------------------------------------------------------------------------


def _form_values(form) -> dict:
    """What a browser would post back for `form` left as shown."""
    data = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if bound.field.disabled:
            continue
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                if part is not None:
                    data[f"{bound.html_name}{suffix}"] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            formatted = widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else formatted
    return data


def admin_form_data(client, url) -> dict:
    """The data of an admin add or change page (its inlines included), as shown."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_values(form))
    return data


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def make_entries(actor, count: int, *, action="activity_set_status", obj=None):
    obj = obj or Activity.objects.first()
    for number in range(count):
        audit.log_action(actor=actor, action=action, obj=obj, old="planned", new=f"step-{number}")


# --- admin writes ------------------------------------------------------------------------------------------


def test_plans_admin_change_records_old_and_new_values_and_the_forwarded_address(world, login):
    office = world.a.finance
    url = reverse("admin:plans_office_change", args=[office.pk])
    client = login(world.users.staff)
    data = admin_form_data(client, url)
    data.update(short_name="Phòng TCKH", unit=world.a.communes[0].pk)
    response = client.post(url, data, **FORWARDED)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin_change", object_type="plans.office")
    assert entry.object_id == str(office.pk) and entry.actor == world.users.staff
    assert entry.client_ip == CLIENT
    changes = entry.data["changes"]
    assert changes["short_name"] == {"old": "Phòng TC-KH", "new": "Phòng TCKH"}
    assert changes["unit"] == {"old": str(world.a.unit), "new": str(world.a.communes[0])}
    assert set(changes) == {"short_name", "unit"}


def test_plans_admin_inline_rows_are_logged_against_their_plan(world, login):
    plan = world.a.plan
    basis = LegalBasis.objects.get(plan=plan)
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    client = login(world.users.admin)
    data = admin_form_data(client, url)
    key = next(name for name, value in data.items() if name.endswith("-id") and value == str(basis.pk))
    data[key.replace("-id", "-text")] = "Quyết định số 1/QĐ-UBND;"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin_change", object_type="plans.plan", data__model="legalbasis")
    assert entry.object_id == str(plan.pk) and entry.data["pk"] == str(basis.pk)
    assert entry.data["changes"]["text"]["new"] == "Quyết định số 1/QĐ-UBND;"


def test_bulk_delete_in_the_admin_writes_one_entry_per_object(world, login):
    duties = list(Duty.objects.filter(responsibility__plan=world.a.plan))
    response = login(world.users.admin).post(
        reverse("admin:plans_duty_changelist"),
        {"action": "delete_selected", "_selected_action": [duty.pk for duty in duties], "post": "yes"},
        **FORWARDED,
    )
    assert response.status_code == 302
    assert not Duty.objects.filter(pk__in=[duty.pk for duty in duties]).exists()
    logged = entries(action="admin_delete", object_type="plans.duty")
    assert sorted(int(entry.object_id) for entry in logged) == sorted(duty.pk for duty in duties)
    assert all(entry.client_ip == CLIENT and entry.data["values"]["text"] for entry in logged)


def test_monitoring_admin_change_and_delete_carry_changes_and_values(world, login):
    holiday = PublicHoliday.objects.create(date=datetime.date(2026, 9, 2), name="Quốc khánh")
    client = login(world.users.admin)
    url = reverse("admin:monitoring_publicholiday_change", args=[holiday.pk])
    data = admin_form_data(client, url)
    data["name"] = "Ngày Quốc khánh"
    assert client.post(url, data).status_code == 302
    change = AuditEntry.objects.get(action="admin_change")
    assert change.data["changes"] == {"name": {"old": "Quốc khánh", "new": "Ngày Quốc khánh"}}
    delete_url = reverse("admin:monitoring_publicholiday_delete", args=[holiday.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    deleted = AuditEntry.objects.get(action="admin_delete")
    assert deleted.data["values"]["date"] == "2026-09-02" and "Ngày Quốc khánh" in deleted.data["object"]


def test_user_admin_is_audited_without_passwords(world, login):
    client = login(world.users.admin)
    add_url = reverse("admin:auth_user_add")
    data = admin_form_data(client, add_url)
    data.update(username="nguoimoi", password1="Mat-khau-rat-dai-2024", password2="Mat-khau-rat-dai-2024")
    data["usable_password"] = "true"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = type(world.users.admin).objects.get(username="nguoimoi")
    added = AuditEntry.objects.get(action="admin_add", object_type="auth.user")
    assert added.data["changes"]["username"] == "nguoimoi"
    assert added.data["changes"]["password1"] == audit.HIDDEN

    change_url = reverse("admin:auth_user_change", args=[user.pk])
    data = admin_form_data(client, change_url)
    data.update(first_name="Mai", groups=[Group.objects.get(name="tuachua:leader").pk])
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = AuditEntry.objects.get(action="admin_change", object_type="auth.user")
    assert changed.data["changes"]["first_name"] == {"old": "", "new": "Mai"}
    assert changed.data["changes"]["groups"] == {"old": [], "new": ["tuachua:leader"]}

    password_url = reverse("admin:auth_user_password_change", args=[user.pk])
    new_password = {"password1": "Mot-mat-khau-khac-2025", "password2": "Mot-mat-khau-khac-2025"}
    assert client.post(password_url, {**new_password, "usable_password": "true"}).status_code == 302
    assert client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"}).status_code == 302
    deleted = AuditEntry.objects.get(action="admin_delete", object_type="auth.user")
    assert "password" not in deleted.data["values"]
    logged = json.dumps([entry.data for entry in entries(object_type="auth.user")])
    assert "md5$" not in logged and "Mat-khau" not in logged and "Mot-mat-khau" not in logged
    assert AuditEntry.objects.filter(action="admin_change", data__changes__password=audit.HIDDEN).exists()


# --- service writes ----------------------------------------------------------------------------------------


def test_a_service_write_from_a_request_records_the_client_address(world, login):
    activity = world.a.activities[0]
    response = login(world.users.staff).post(
        reverse("plans:activity_status", args=[activity.pk]), {"status": "in_progress"}, **FORWARDED
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="activity_set_status")
    assert entry.client_ip == CLIENT and entry.actor == world.users.staff


def test_a_service_write_outside_a_request_has_no_address(world):
    entry = audit.log_action(actor=world.users.staff, action="test", obj=world.a.plan)
    assert entry.client_ip is None
    assert audit.current_request() is None


# --- refused writes ----------------------------------------------------------------------------------------


def test_a_refused_post_is_recorded_and_still_answers_403(world, login):
    activity = world.a.activities[0]
    url = reverse("plans:activity_status", args=[activity.pk])
    response = login(world.users.leader).post(url, {"status": "in_progress"}, **FORWARDED)
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="refused")
    assert entry.actor == world.users.leader and entry.client_ip == CLIENT
    assert entry.data["path"] == url and entry.data["method"] == "POST"
    assert entry.data["reason"] == REASON_MANAGER and entry.data["view"] == "plans:activity_status"
    assert not entries(action="activity_set_status")


def test_a_refused_admin_post_is_recorded(world, login):
    user = world.users.officer_a
    response = login(world.users.staff).post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(action="refused").actor == world.users.staff


def test_a_csrf_failure_is_recorded(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("plans:activity_status", args=[world.a.activities[0].pk]), {"status": "done"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(action="refused").data["method"] == "POST"


def test_not_found_and_read_refusals_are_not_recorded(world, login):
    client = login(world.users.outsider)
    response = client.post(reverse("plans:activity_status", args=[world.a.activities[0].pk]), {"status": "done"})
    assert response.status_code == 404
    assert login(world.users.leader).get(reverse("audit")).status_code == 403
    assert not entries(action="refused")


def test_a_failure_to_record_never_turns_a_403_into_a_500(world, login):
    url = reverse("plans:activity_status", args=[world.a.activities[0].pk])
    client = login(world.users.leader)
    with mock.patch.object(AuditEntry.objects, "create", side_effect=DatabaseError("disk full")):
        response = client.post(url, {"status": "in_progress"})
    assert response.status_code == 403
    assert not entries(action="refused")


def _through_middleware(view, user):
    request = RequestFactory().post("/somewhere/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT)
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    return AuditContextMiddleware(view)(request)


def test_a_service_refusal_turned_into_a_message_is_recorded(world):
    """A view that catches a service's PermissionDenied and answers 200 with a message still leaves a record."""

    def view(request):
        try:
            refuse(request.user, REASON_MANAGER)
        except PermissionDenied:
            return HttpResponse("Không có quyền.")

    response = _through_middleware(view, world.users.officer_a)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="refused")
    assert (entry.actor, entry.client_ip, entry.data["reason"]) == (world.users.officer_a, CLIENT, REASON_MANAGER)


def test_a_service_refusal_outside_a_request_is_recorded_at_once(world):
    with pytest.raises(PermissionDenied):
        refuse(world.users.leader, REASON_MANAGER)
    entry = AuditEntry.objects.get(action="refused")
    assert entry.actor == world.users.leader and entry.client_ip is None


# --- the page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("admin", 200), ("outsider", 200), ("officer_a", 404), ("leader", 403), ("office", 403)],
)
def test_who_may_read_the_audit_trail(world, login, role, status):
    assert login(getattr(world.users, role)).get(reverse("audit")).status_code == status


def test_anonymous_users_go_to_the_login_page(client, world):
    response = client.get(reverse("audit"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_read_their_units_people_and_administrators_everyone(world, login):
    AuditEntry.objects.all().delete()  # the accounts' set-up
    make_entries(world.users.officer_a, 1, action="from_a1")
    make_entries(world.users.outsider, 1, action="from_b")
    audit.log_refusal(actor=world.users.leader, path="/x/", method="POST")
    audit.log_refusal(actor=None, path="/y/", method="POST")
    staff_actions = {row.entry.action for row in login(world.users.staff).get(reverse("audit")).context["rows"]}
    assert staff_actions == {"from_a1", "refused"}
    staff_refusals = [row.entry for row in login(world.users.staff).get(reverse("audit")).context["rows"]]
    assert {entry.actor for entry in staff_refusals if entry.action == "refused"} == {world.users.leader}
    admin_rows = login(world.users.admin).get(reverse("audit")).context["rows"]
    assert {row.entry.action for row in admin_rows} == {"from_a1", "from_b", "refused"} and len(admin_rows) == 4


def test_the_page_shows_when_who_where_and_what_changed(world, login):
    entry = audit.log_action(
        actor=world.users.staff,
        action="admin_change",
        obj=world.a.finance,
        client_ip="203.0.113.9",
        model="office",
        object=str(world.a.finance),
        changes={"short_name": {"old": "Phòng TC-KH", "new": "Phòng TCKH"}},
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=datetime.datetime(2024, 3, 1, 17, 30, tzinfo=datetime.UTC))
    html = login(world.users.staff).get(reverse("audit")).content.decode()
    assert "02/03/2024 00:30" in html  # Asia/Ho_Chi_Minh
    assert "203.0.113.9" in html and "Phòng TC-KH → Phòng TCKH" in html
    assert "Tên viết tắt" in html  # the field's label, not its code name
    make_entries(world.users.staff, 1)  # a service's change: old="planned", new="step-0"
    assert "planned → step-0" in login(world.users.staff).get(reverse("audit")).content.decode()


def test_filters(world, login):
    make_entries(world.users.staff, 2, action="activity_set_status")
    make_entries(world.users.officer_a, 1, action="list_submit")
    audit.log_refusal(actor=world.users.officer_a, path="/x/", method="POST")
    old = audit.log_action(actor=world.users.staff, action="village_add", obj=world.a.communes[0])
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.make_aware(datetime.datetime(2024, 1, 15, 9)))
    client = login(world.users.staff)

    def actions(**params):
        return sorted(row.entry.action for row in client.get(reverse("audit"), params).context["rows"])

    assert actions(action="refused") == ["refused"]
    assert actions(actor=world.users.officer_a.pk) == ["list_submit", "refused"]
    assert actions(object_type="plans.administrativeunit") == ["village_add"]
    assert actions(date_from="2024-01-15", date_to="2024-01-15") == ["village_add"]
    assert actions(date_to="2024-01-14") == []
    assert len(actions(date_from="2024-01-16")) == 4
    assert len(actions(actor="not-a-number", date_from="garbage")) == 5  # invalid filters are ignored
    response = client.get(reverse("audit"))
    assert ("refused", "Bị từ chối") in [(value, str(label)) for value, label in response.context["actions"]]


def test_pagination_newest_first(world, login, settings):
    settings.PAGE_SIZE = 3
    make_entries(world.users.staff, 7)
    client = login(world.users.staff)
    first = client.get(reverse("audit"), {"action": "activity_set_status"})
    ids = [row.entry.pk for row in first.context["rows"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 3
    assert "action=activity_set_status&amp;page=2" in first.content.decode()
    last = client.get(reverse("audit"), {"action": "activity_set_status", "page": 3})
    assert len(last.context["rows"]) == 1


def test_query_count_does_not_grow_with_the_entries(world, login, settings):
    settings.PAGE_SIZE = 100
    client = login(world.users.staff)
    actors = [world.users.staff, world.users.officer_a, world.users.officer_b]

    def queries(count):
        AuditEntry.objects.all().delete()
        for number in range(count):
            make_entries(actors[number % 3], 1)
        client.get(reverse("audit"))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("audit"))
        assert len(response.context["rows"]) == count
        return len(captured)

    assert queries(5) == queries(50)


def test_the_staff_menu_links_to_the_audit_trail(world, login):
    assert reverse("audit") in login(world.users.staff).get(reverse("home")).content.decode()
    assert reverse("audit") not in login(world.users.leader).get(reverse("home")).content.decode()


def test_every_action_the_services_record_has_a_label():
    """The audit page speaks Vietnamese: an action written by log_action(...) anywhere needs a label."""
    import re
    from pathlib import Path

    from django.conf import settings

    from tuachua.audit_views import ACTION_LABELS

    root = Path(settings.BASE_DIR)
    written = set()
    for app in ("plans", "training", "monitoring", "tuachua"):
        for path in (root / app).rglob("*.py"):
            for call in re.findall(r"log_action\((.*?)\)\n", path.read_text(encoding="utf-8"), flags=re.S):
                written.update(re.findall(r'action="([a-z_]+)"', call))
    assert written, "no log_action calls found"
    assert written - set(ACTION_LABELS) == set()
