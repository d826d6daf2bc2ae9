"""Pages of the plans app and the role home pages, through the test client: what they show, what a POST
changes, and that their number of queries does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.demo.loader import load_demo
from plans.models import ActivityStatus, AddresseeKind, AdministrativeUnit, Plan, TimePrecision, UnitKind
from tests.factories import (
    ActivityFactory,
    ComponentFactory,
    DutyFactory,
    LegalBasisFactory,
    OfficeFactory,
    PlanFactory,
    ResponsibilityFactory,
    UnitFactory,
    UserFactory,
)
from tuachua.models import AuditEntry


def template_names(response):
    return [template.name for template in response.templates]


def status_url(activity):
    return reverse("plans:activity_status", args=[activity.pk])


def villages_url(unit):
    return reverse("plans:unit_villages", args=[unit.pk])


# --- plan detail ---------------------------------------------------------------------------------------


def test_plan_detail_shows_legal_bases_activities_responsibilities_and_due_date(world, login):
    client = login(world.users.officer_a)
    response = client.get(reverse("plans:plan_detail", args=[world.a.plan.pk]))
    assert response.status_code == 200
    assert "plans/plan_detail.html" in template_names(response)
    html = response.content.decode()
    assert "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022;" in html
    assert world.a.plan.title in html
    for activity in world.a.activities:
        assert f"{activity.code}. {activity.title}" in html
    assert "Phòng Lao động - Thương binh và Xã hội huyện" in html  # lead office of the activities
    assert "UBND các xã, thị trấn" in html
    assert "Phòng Tài chính - Kế hoạch huyện" in html
    assert "Lập danh sách đăng ký đại biểu" in html
    assert "Thẩm định dự toán" in html
    assert "18/03/2024" in html
    assert world.b.plan.title not in html


def test_plan_detail_offers_the_status_form_to_managers_only(world, login):
    url = reverse("plans:plan_detail", args=[world.a.plan.pk])
    activity = world.a.activities[0]
    staff_html = login(world.users.staff).get(url).content.decode()
    assert f'action="{status_url(activity)}"' in staff_html
    assert 'name="status"' in staff_html
    leader_html = login(world.users.leader).get(url).content.decode()
    assert status_url(activity) not in leader_html
    assert "Chưa triển khai" in leader_html  # the status is shown as a badge instead


def test_demo_plan_detail_reads_like_the_plan(db, login, django_user_model):
    load_demo()
    staff = django_user_model.objects.get(username="phonglaodong")
    plan = Plan.objects.get()
    html = login(staff).get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert html.count("Căn cứ ") == 7
    for code in ["1.1", "1.2", "2.1", "2.2a", "2.2b"]:
        assert f'id="activity-{code}"' in html
    assert "Quý II năm 2024" in html
    assert "Tháng 9 năm 2024" in html
    assert "khoảng 380" in html
    assert "708" in html
    assert "18/03/2024" in html
    assert "Vừ A Hùng" in html


# --- activity status -----------------------------------------------------------------------------------


def test_staff_changes_activity_status_and_is_redirected(world, login):
    activity = world.a.activities[0]
    response = login(world.users.staff).post(status_url(activity), {"status": "in_progress"})
    assert response.status_code == 302
    assert response.url == reverse("plans:plan_detail", args=[world.a.plan.pk])
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_PROGRESS
    assert AuditEntry.objects.filter(action="activity_set_status", object_id=str(activity.pk)).count() == 1


def test_status_change_shows_a_message_after_the_redirect(world, login):
    activity = world.a.activities[0]
    response = login(world.users.staff).post(status_url(activity), {"status": "done"}, follow=True)
    assert response.status_code == 200
    assert "Đã cập nhật tình trạng hoạt động 1.1." in response.content.decode()


def test_htmx_status_change_returns_the_partial(world, login):
    activity = world.a.activities[0]
    response = login(world.users.staff).post(status_url(activity), {"status": "done"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert template_names(response) == ["plans/_activity_status.html"]
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="activity-status-{activity.pk}"' in html
    assert '<select id="status-' in html
    assert '<option value="done" selected>' in html
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_htmx_status_change_leaves_no_stale_message(world, login):
    client = login(world.users.staff)
    activity = world.a.activities[0]
    client.post(status_url(activity), {"status": "done"}, headers={"HX-Request": "true"})
    html = client.get(reverse("home")).content.decode()
    assert "Đã cập nhật tình trạng hoạt động" not in html


def test_invalid_status_changes_nothing(world, login):
    activity = world.a.activities[0]
    client = login(world.users.staff)
    response = client.post(status_url(activity), {"status": "finished"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert '<option value="planned" selected>' in response.content.decode()
    assert "Tình trạng không hợp lệ." in response.content.decode()
    response = client.post(status_url(activity), {"status": "finished"}, follow=True)
    assert "Tình trạng không hợp lệ." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert not AuditEntry.objects.filter(action="activity_set_status").exists()


def test_leader_may_not_change_status(world, login):
    activity = world.a.activities[0]
    response = login(world.users.leader).post(status_url(activity), {"status": "done"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


# --- villages ------------------------------------------------------------------------------------------


def village_form(commune, **renames):
    data = {f"village_{v.pk}": v.name for v in commune.children.all()}
    data.update(renames)
    data.setdefault("new_villages", "")
    return data


def test_villages_form_lists_the_villages(world, login):
    commune = world.a.communes[0]
    response = login(world.users.staff).get(villages_url(commune))
    assert response.status_code == 200
    html = response.content.decode()
    for village in commune.children.all():
        assert f'name="village_{village.pk}"' in html
        assert f'value="{village.name}"' in html
    assert 'name="new_villages"' in html


def test_staff_renames_a_village_and_adds_one(world, login):
    commune = world.a.communes[0]
    one = commune.children.get(name="Thôn 1")
    data = village_form(commune, **{f"village_{one.pk}": "Bản Hừ Só", "new_villages": "Bản Phi Giàng\n\n"})
    response = login(world.users.staff).post(villages_url(commune), data, follow=True)
    assert response.redirect_chain == [(reverse("plans:unit_detail", args=[commune.pk]), 302)]
    html = response.content.decode()
    assert "Đã lưu 2 thay đổi." in html
    one.refresh_from_db()
    assert one.name == "Bản Hừ Só"
    added = commune.children.get(name="Bản Phi Giàng")
    assert added.kind == UnitKind.VILLAGE
    assert sorted(commune.children.values_list("name", flat=True)) == ["Bản Hừ Só", "Bản Phi Giàng", "Thôn 2"]
    assert "Bản Phi Giàng" in html  # the unit page lists the new village


@pytest.mark.parametrize(
    "change",
    [
        {"rename": "Thôn 2"},  # two villages with one name
        {"rename": "THÔN  2"},  # the same name in another case and spacing
        {"new": "thôn 1"},  # a new village named like an existing one
        {"new": "Bản Mới\nBản mới"},  # two new villages with one name
    ],
    ids=["rename", "rename-case", "new-like-existing", "two-new"],
)
def test_duplicate_names_show_an_error_and_save_nothing(world, login, change):
    commune = world.a.communes[0]
    one = commune.children.get(name="Thôn 1")
    data = village_form(commune)
    if "rename" in change:
        data[f"village_{one.pk}"] = change["rename"]
    data["new_villages"] = change.get("new", "")
    before = sorted(AdministrativeUnit.objects.values_list("code", "name"))
    response = login(world.users.staff).post(villages_url(commune), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bị trùng; mỗi thôn, bản cần một tên riêng." in html
    assert "alert-danger" in html
    assert sorted(AdministrativeUnit.objects.values_list("code", "name")) == before
    assert not AuditEntry.objects.filter(action__startswith="village_").exists()


def test_too_long_new_village_name_shows_an_error(world, login):
    commune = world.a.communes[0]
    data = village_form(commune, new_villages="Bản " + "x" * 130)
    response = login(world.users.staff).post(villages_url(commune), data)
    assert response.status_code == 200
    assert "Tên thôn, bản dài tối đa 120 ký tự" in response.content.decode()
    assert commune.children.count() == 2


def test_officer_may_not_edit_villages(world, login):
    commune = world.a.communes[0]
    one = commune.children.get(name="Thôn 1")
    data = village_form(commune, **{f"village_{one.pk}": "Bản Mới"})
    response = login(world.users.officer_a).post(villages_url(commune), data)
    assert response.status_code == 403
    one.refresh_from_db()
    assert one.name == "Thôn 1"


# --- home pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "template"),
    [
        ("staff", "home/staff.html"),
        ("outsider", "home/staff.html"),
        ("admin", "home/staff.html"),
        ("officer_a", "home/officer.html"),
        ("leader", "home/leader.html"),
        ("office", "home/office.html"),
    ],
)
def test_home_uses_the_template_of_the_role(world, login, username, template):
    response = login(getattr(world.users, username)).get(reverse("home"))
    assert response.status_code == 200
    names = template_names(response)
    assert template in names
    others = {"home/staff.html", "home/officer.html", "home/leader.html", "home/office.html", "home/no_role.html"}
    assert not (others - {template}) & set(names)


def test_home_without_role_says_so(world, login):
    response = login(UserFactory(username="roleless")).get(reverse("home"))
    assert response.status_code == 200
    assert "home/no_role.html" in template_names(response)
    assert "chưa được giao vai trò" in response.content.decode()


def test_officer_home_shows_the_communes_duty_and_villages(world, login):
    html = login(world.users.officer_a).get(reverse("home")).content.decode()
    assert "UBND xã Xã A1" in html
    assert "Lập danh sách đăng ký đại biểu" in html
    assert "Hạn 18/03/2024" in html
    assert "Thôn 1" in html and "Thôn 2" in html
    assert world.a.plan.title in html


def test_staff_home_shows_plan_activities_and_units(world, login):
    response = login(world.users.staff).get(reverse("home"))
    html = response.content.decode()
    assert world.a.plan.title in html
    assert world.b.plan.title not in html
    assert response.context["village_total"] == 4
    assert [u.code for u in response.context["units"]] == ["A-X1", "A-X2"]
    assert [d.due_date for d in response.context["deadlines"]] == [datetime.date(2024, 3, 18)]


def test_leader_home_counts_activities_and_participants(world, login):
    response = login(world.users.leader).get(reverse("home"))
    assert response.context["activity_total"] == 2
    assert response.context["participant_total"] == 708 + 48
    assert response.context["done_percent"] == 0
    assert '<div class="stat-number" data-testid="activity-total">2</div>' in response.content.decode()


def test_office_home_shows_its_activities_and_duties(world, login):
    response = login(world.users.office).get(reverse("home"))
    assert [a.code for a in response.context["activities"]] == ["1.1"]
    assert "Thẩm định dự toán" in response.content.decode()


# --- query counts do not grow with the data --------------------------------------------------------------


def count_queries(client, url) -> int:
    """Queries one GET makes (after a first GET, so per-session one-offs don't count)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow(world) -> None:
    """Add ten of everything the pages list: activities, communes with villages, villages, duties, plans."""
    district, plan, commune = world.a.unit, world.a.plan, world.a.communes[0]
    offices = [OfficeFactory(unit=district) for _ in range(3)]
    component = ComponentFactory(plan=plan, code="9", title="Tiểu dự án thêm")
    precisions = [
        {"time_precision": TimePrecision.QUARTER, "quarter": 3},
        {"time_precision": TimePrecision.MONTH, "month": 5},
        {"time_precision": TimePrecision.YEAR},
    ]
    activities = []
    for number in range(10):
        activity = ActivityFactory(
            plan=plan,
            component=component,
            code=f"9.{number}",
            lead_office=offices[number % 3] if number % 2 else world.a.lead,
            target_participants=10 + number,
            **precisions[number % 3],
        )
        activity.coordinating_offices.add(world.a.finance, offices[(number + 1) % 3])
        activities.append(activity)
    for number in range(10):
        new_commune = UnitFactory(name=f"Xã thêm {number}", parent=district)
        for village in range(2):
            UnitFactory(name=f"Bản {village}", kind=UnitKind.VILLAGE, parent=new_commune)
        UnitFactory(name=f"Bản thêm {number}", kind=UnitKind.VILLAGE, parent=commune)
    today = timezone.localdate()
    to_units = plan.responsibilities.get(addressee_kind=AddresseeKind.SUBORDINATE_UNITS)
    to_office = plan.responsibilities.get(addressee_kind=AddresseeKind.OFFICE)
    for number in range(10):
        due = today + datetime.timedelta(days=number * 7 - 20)
        DutyFactory(responsibility=to_units, order=10 + number, due_date=due, activity=activities[number])
        DutyFactory(responsibility=to_office, order=10 + number, due_date=due, activity=activities[number])
        LegalBasisFactory(plan=plan, order=10 + number)
        extra = ResponsibilityFactory(
            plan=plan,
            order=10 + number,
            heading=f"Phòng số {number}",
            addressee_kind="office",
            office=offices[number % 3],
        )
        DutyFactory(responsibility=extra, order=1, due_date=due)
    for number in range(10):
        issuer = district if number % 2 else world.a.communes[number % 2]
        other_plan = PlanFactory(issuing_unit=issuer, title=f"Kế hoạch thêm {number}")
        ActivityFactory(plan=other_plan, lead_office=world.a.finance, code="1.1")


PAGES = {
    "home": lambda w: reverse("home"),
    "plan_list": lambda w: reverse("plans:plan_list"),
    "plan_detail": lambda w: reverse("plans:plan_detail", args=[w.a.plan.pk]),
    "unit_list": lambda w: reverse("plans:unit_list"),
    "unit_detail_commune": lambda w: reverse("plans:unit_detail", args=[w.a.communes[0].pk]),
    "unit_detail_district": lambda w: reverse("plans:unit_detail", args=[w.a.unit.pk]),
}
CASES = [
    *[("home", role) for role in ("staff", "officer_a", "leader", "office", "admin")],
    *[(page, role) for page in ("plan_list", "plan_detail", "unit_list") for role in ("staff", "officer_a")],
    ("unit_detail_commune", "staff"),
    ("unit_detail_commune", "officer_a"),
    ("unit_detail_district", "staff"),
    ("unit_detail_district", "leader"),
]


@pytest.mark.parametrize(("page", "username"), CASES, ids=[f"{page}-{user}" for page, user in CASES])
def test_query_count_does_not_grow_with_data(world, login, django_assert_max_num_queries, page, username):
    client = login(getattr(world.users, username))
    url = PAGES[page](world)
    before = count_queries(client, url)
    grow(world)
    with django_assert_max_num_queries(before) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(captured.captured_queries) == before


def test_grown_data_is_really_shown(world, login):
    """The query-count test is only meaningful if the added rows appear on the pages it measures."""
    grow(world)
    staff = login(world.users.staff)
    detail = staff.get(reverse("plans:plan_detail", args=[world.a.plan.pk])).content.decode()
    assert detail.count('data-testid="activity"') == 12
    home = staff.get(reverse("home"))
    assert len(home.context["plans"]) == 11
    assert len(home.context["units"]) == 12
    assert home.context["village_total"] == 4 + 10 + 20
    assert len(staff.get(reverse("plans:unit_list")).context["page"].object_list) == 12
    commune_page = staff.get(reverse("plans:unit_detail", args=[world.a.communes[0].pk]))
    assert len(commune_page.context["children"]) == 12
    assert len(commune_page.context["duties"]) == 11
