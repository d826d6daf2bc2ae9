"""The Tủa Chùa 2024 demo: `load_demo()` and the `load_demo` management command."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test import RequestFactory, override_settings

from plans.demo.loader import DemoReport, load_demo
from plans.models import (
    Activity,
    AddresseeKind,
    AdministrativeUnit,
    Duty,
    LegalBasis,
    Membership,
    Office,
    Plan,
    Programme,
    Responsibility,
    UnitKind,
)
from plans.services import user_assign
from tuachua.permissions import Role, role_of

UNITS_CSV = Path(__file__).resolve().parents[2] / "plans" / "demo" / "units.csv"
PASSWORD = "demo2024"
DISTRICT_STAFF_ACCOUNTS = {
    # username: (role, office code)
    "phonglaodong": (Role.DISTRICT_STAFF, "TUA-CHUA-LDTBXH"),
    "lanhdao": (Role.LEADER, None),
    "phongtaichinh": (Role.OFFICE_STAFF, "TUA-CHUA-TCKH"),
}


def csv_rows():
    """units.csv read independently of the loader, so the test compares against the source file."""
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded once per test class, inside a transaction rolled back after the class; each test runs
    in its own savepoint within it (the `db` fixture), so a test that changes data doesn't affect the next."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        report = load_demo()
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


@pytest.fixture
def district(demo):
    return AdministrativeUnit.objects.get(code="TUA-CHUA")


@pytest.fixture
def plan(district):
    return Plan.objects.get(issuing_unit=district)


def _login(username, password):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


def _counts():
    models = (AdministrativeUnit, Office, Programme, Plan, LegalBasis, Activity, Responsibility, Duty, Membership)
    return {model.__name__: model.objects.count() for model in (*models, get_user_model())}


def _all_demo_text():
    texts = list(AdministrativeUnit.objects.values_list("name", flat=True))
    texts += [o.name + " " + o.short_name for o in Office.objects.all()]
    for plan in Plan.objects.all():
        texts += [plan.title, plan.issue_place, plan.preamble, plan.objectives, plan.funding, plan.closing]
        texts += [plan.recipients, plan.programme.name]
    texts += list(LegalBasis.objects.values_list("text", flat=True))
    for activity in Activity.objects.all():
        texts += [activity.title, activity.description, activity.participants_note, activity.form_note]
        texts += [activity.location, activity.time_note, activity.coordination_note]
    texts += list(Responsibility.objects.values_list("heading", flat=True))
    texts += list(Duty.objects.values_list("text", flat=True))
    return "\n".join(texts)


class TestUnits:
    """Units and villages, as units.csv lists them."""

    def test_district_sits_under_the_province(self, district):
        assert district.kind == UnitKind.DISTRICT
        assert district.name == "Tủa Chùa"
        assert district.parent.code == "DIEN-BIEN"
        assert district.parent.kind == UnitKind.PROVINCE
        assert district.parent.name == "Điện Biên"

    def test_twelve_commune_level_units_eleven_communes_and_one_town(self, district):
        units = AdministrativeUnit.objects.filter(parent=district)
        assert units.count() == 12
        assert units.filter(kind=UnitKind.COMMUNE).count() == 11
        town = units.get(kind=UnitKind.TOWN)
        assert (town.code, town.name) == ("TT-TUA-CHUA", "Tủa Chùa")
        assert {u.code for u in units} == {row["code"] for row in csv_rows()}

    def test_one_hundred_twenty_villages_all_children_of_the_twelve_units(self, district):
        units = AdministrativeUnit.objects.filter(parent=district)
        villages = AdministrativeUnit.objects.filter(parent__in=units)
        assert villages.count() == 120
        assert AdministrativeUnit.objects.filter(parent__parent__parent=district).count() == 0
        # every village lies in the district's subtree by path too
        assert AdministrativeUnit.objects.filter(path__startswith=district.path).count() == 1 + 12 + 120

    @pytest.mark.parametrize(
        ("code", "expected"), [("MUONG-BANG", 13), ("SIN-CHAI", 11), ("HUOI-SO", 7), ("TA-PHIN", 8)]
    )
    def test_village_count_of_named_units(self, district, code, expected):
        assert AdministrativeUnit.objects.get(code=code).children.count() == expected

    def test_village_counts_match_units_csv(self, district):
        for row in csv_rows():
            unit = AdministrativeUnit.objects.get(code=row["code"])
            assert unit.parent_id == district.pk
            assert unit.name == row["name"]
            assert unit.children.count() == int(row["villages"]), row["code"]

    def test_town_has_residential_groups_communes_have_villages(self, district):
        town = AdministrativeUnit.objects.get(code="TT-TUA-CHUA")
        assert set(town.children.values_list("kind", flat=True)) == {UnitKind.RESIDENTIAL_GROUP}
        commune_children = AdministrativeUnit.objects.filter(parent__kind=UnitKind.COMMUNE, parent__parent=district)
        assert set(commune_children.values_list("kind", flat=True)) == {UnitKind.VILLAGE}

    def test_correct_spellings_present(self, district):
        names = set(AdministrativeUnit.objects.values_list("name", flat=True))
        assert {"Tủa Chùa", "Tủa Thàng", "Huổi Só"} <= names

    @pytest.mark.parametrize("misspelling", ["Tòa", "Huổi Sớ"])
    def test_scan_errors_of_the_source_are_absent(self, demo, misspelling):
        text = _all_demo_text()
        assert "Tủa Chùa" in text  # the text really was collected
        assert misspelling not in text


class TestPlan:
    """The plan: legal bases, activities, responsibilities."""

    def test_one_plan_issued_by_the_district(self, plan, district):
        assert Plan.objects.count() == 1
        assert plan.year == 2024
        assert plan.reference == "…/KH-UBND"
        assert plan.title.startswith("Thực hiện Dự án 7")
        assert plan.programme.code == "GNBV-2021-2025"

    def test_seven_legal_bases_in_order(self, plan):
        bases = list(plan.legal_bases.order_by("order"))
        assert [b.order for b in bases] == [1, 2, 3, 4, 5, 6, 7]
        assert bases[0].text.startswith("Quyết định số 90/QĐ-TTg ngày 18/01/2022")
        assert bases[1].text.startswith("Thông tư số 10/2022/TT-BLĐTBXH")
        assert bases[-1].text.startswith("Quyết định số 3208/QĐ-UBND ngày 19/12/2023")

    def test_five_activities_with_codes_lead_office_and_targets(self, plan):
        activities = list(plan.activities.order_by("order"))
        assert [a.code for a in activities] == ["1.1", "1.2", "2.1", "2.2a", "2.2b"]
        assert {a.lead_office.short_name for a in activities} == {"Phòng LĐTBXH"}
        assert [a.target_participants for a in activities] == [708, 48, None, 380, None]
        assert [a.target_is_approximate for a in activities] == [False, False, False, True, False]
        assert [a.component.code for a in activities] == ["1", "1", "2", "2", "2"]

    def test_activity_timeframes(self, plan):
        timeframes = {a.code: str(a.timeframe) for a in plan.activities.all()}
        assert timeframes == {
            "1.1": "Năm 2024",
            "1.2": "Quý II năm 2024",
            "2.1": "Năm 2024",
            "2.2a": "Tháng 9 năm 2024",
            "2.2b": "Quý IV năm 2024",
        }

    def test_coordinating_offices(self, plan):
        coordinating = {a.code: {o.code for o in a.coordinating_offices.all()} for a in plan.activities.all()}
        assert coordinating["1.1"] == {"TUA-CHUA-BCD"}
        assert coordinating["2.2a"] == {"TUA-CHUA-BCD-RSHN"}

    def test_communes_duty_due_18_march_2024(self, plan):
        to_units = plan.responsibilities.get(addressee_kind=AddresseeKind.SUBORDINATE_UNITS)
        assert to_units.heading == "UBND các xã, thị trấn"
        dated = list(to_units.duties.exclude(due_date=None))
        assert len(dated) == 1
        assert dated[0].due_date == datetime.date(2024, 3, 18)
        assert dated[0].activity.code == "1.1"
        assert "Phụ lục I" in dated[0].text
        # the only dated duty of the whole plan
        assert Duty.objects.exclude(due_date=None).count() == 1

    def test_responsibilities_of_the_offices(self, plan):
        headings = list(plan.responsibilities.order_by("order").values_list("heading", flat=True))
        assert headings[0] == "Phòng Lao động - Thương binh và Xã hội huyện"
        assert headings[-1] == "UBND các xã, thị trấn"
        office_kinds = plan.responsibilities.filter(addressee_kind=AddresseeKind.OFFICE)
        assert office_kinds.filter(office=None).count() == 0
        assert office_kinds.count() == len(headings) - 1


class TestAccounts:
    """Demo accounts: they log in with the demo password and have their role and unit."""

    @pytest.mark.parametrize(("username", "expected"), list(DISTRICT_STAFF_ACCOUNTS.items()))
    def test_district_accounts_log_in_with_their_role_unit_and_office(self, district, username, expected):
        role, office_code = expected
        user = _login(username, PASSWORD)
        assert user is not None, username
        assert user.username == username
        assert role_of(user) == role
        assert user.membership.unit == district
        assert (user.membership.office.code if user.membership.office else None) == office_code
        assert user.is_staff == (role == Role.DISTRICT_STAFF)
        assert not user.is_superuser

    def test_admin_account(self, demo):
        user = _login("quantri", PASSWORD)
        assert user is not None
        assert user.is_superuser and user.is_staff
        assert role_of(user) == Role.ADMIN
        assert not Membership.objects.filter(user=user).exists()

    def test_one_officer_per_unit_named_after_its_code(self, district):
        rows = csv_rows()
        for row in rows:
            username = row["code"].lower()
            user = _login(username, PASSWORD)
            assert user is not None, username
            assert role_of(user) == Role.UNIT_OFFICER
            assert user.membership.unit.code == row["code"]
            assert user.membership.office is None
            assert not user.is_staff
        officers = Membership.objects.filter(user__groups__name="tuachua:unit_officer")
        assert officers.count() == len(rows) == 12

    def test_wrong_password_does_not_log_in(self, demo):
        assert _login("muong-bang", "demo2025") is None

    def test_report_lists_what_was_created(self, demo):
        assert isinstance(demo, DemoReport)
        assert demo.created["units"] == 1 + 1 + 12 + 120
        assert demo.created["offices"] == 6
        assert demo.created["plans"] == 1
        assert demo.created["accounts"] == 3 + 12 + 1
        usernames = [username for username, _role, _unit in demo.accounts]
        assert usernames[:3] == ["phonglaodong", "lanhdao", "phongtaichinh"]
        assert usernames[-1] == "quantri"
        assert set(usernames[3:-1]) == {row["code"].lower() for row in csv_rows()}


class TestIdempotency:
    """A second run creates nothing and undoes nothing staff changed since."""

    def test_second_run_creates_nothing(self, demo):
        before = _counts()
        report = load_demo()
        assert report.created == {}
        assert _counts() == before
        assert len(report.accounts) == len(demo.accounts)

    def test_second_run_keeps_a_renamed_village_and_a_changed_password(self, demo):
        village = AdministrativeUnit.objects.get(code="MUONG-BANG-01")
        village.name = "Bản Phi Giàng"
        village.save()
        user = get_user_model().objects.get(username="muong-bang")
        user.set_password("a-new-secret-2024")
        user.save()

        load_demo()

        village.refresh_from_db()
        assert village.name == "Bản Phi Giàng"
        assert not AdministrativeUnit.objects.filter(parent=village.parent, name="Thôn 01").exists()
        assert AdministrativeUnit.objects.get(code="MUONG-BANG").children.count() == 13
        assert _login("muong-bang", PASSWORD) is None
        assert _login("muong-bang", "a-new-secret-2024") is not None

    def test_second_run_keeps_a_changed_role(self, demo):
        user = get_user_model().objects.get(username="lanhdao")
        district = AdministrativeUnit.objects.get(code="TUA-CHUA")
        user_assign(user=user, role=Role.DISTRICT_STAFF, unit=district)
        load_demo()
        user = get_user_model().objects.get(username="lanhdao")
        assert role_of(user) == Role.DISTRICT_STAFF


# --- the management command ---------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_command_refuses_with_debug_false(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())
    assert not AdministrativeUnit.objects.exists()
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=False)
def test_command_runs_with_force_and_lists_accounts_and_password(db):
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    grassroots = Q(kind=UnitKind.VILLAGE) | Q(kind=UnitKind.RESIDENTIAL_GROUP)
    assert AdministrativeUnit.objects.filter(grassroots).count() == 120
    assert Plan.objects.count() == 1
    output = out.getvalue()
    assert "Đã tạo mới" in output
    assert "mật khẩu: demo2024" in output
    for username in ["phonglaodong", "lanhdao", "phongtaichinh", "quantri", *(r["code"].lower() for r in csv_rows())]:
        assert f"  {username} " in output, username
    assert "Cán bộ đơn vị — xã Mường Báng" in output
    assert "Quản trị hệ thống" in output


@override_settings(DEBUG=True)
def test_command_runs_without_force_when_debug_true_and_second_run_changes_nothing(db):
    call_command("load_demo", stdout=StringIO())
    assert Plan.objects.count() == 1
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    output = out.getvalue()
    assert "Dữ liệu mẫu đã có sẵn; không thay đổi gì." in output
    assert "Đã tạo mới" not in output
    assert "mật khẩu: demo2024" in output
    assert "  quantri " in output
