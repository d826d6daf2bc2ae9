"""Shared test world: two districts, their communes and villages, one plan each, and named users.

Named users (CONVENTIONS.md): `staff` (district staff of district A), `officer_a` and `officer_b`
(officers of two communes of A), `leader`, `office` (office staff of A), `admin` (superuser),
`outsider` (district staff of district B), and anonymous (the plain client).
"""

import datetime
from types import SimpleNamespace

import pytest

from plans.models import UnitKind
from plans.services import ensure_role_groups, user_assign
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
from tuachua.permissions import Role

PASSWORD = "pw-test-2024"


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Static files collected as production collects them (hashed names, manifest, gzip and Brotli copies).

    Every page in the suite renders through that manifest storage: a template naming a file that
    `collectstatic` cannot build fails here, not on a server.
    """
    import shutil

    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    yield settings.STATIC_ROOT
    shutil.rmtree(settings.STATIC_ROOT, ignore_errors=True)


def _district(prefix: str, province):
    district = UnitFactory(code=f"{prefix}", name=f"Huyện {prefix}", kind=UnitKind.DISTRICT, parent=province)
    communes = []
    for number in (1, 2):
        commune = UnitFactory(code=f"{prefix}-X{number}", name=f"Xã {prefix}{number}", parent=district)
        for village in (1, 2):
            UnitFactory(
                code=f"{prefix}-X{number}-{village}", name=f"Thôn {village}", kind=UnitKind.VILLAGE, parent=commune
            )
        communes.append(commune)
    lead = OfficeFactory(
        unit=district,
        code=f"{prefix}-LDTBXH",
        name="Phòng Lao động - Thương binh và Xã hội huyện",
        short_name="Phòng LĐTBXH",
    )
    finance = OfficeFactory(
        unit=district, code=f"{prefix}-TCKH", name="Phòng Tài chính - Kế hoạch huyện", short_name="Phòng TC-KH"
    )
    plan = PlanFactory(issuing_unit=district, title=f"Thực hiện Dự án 7 năm 2024 ({prefix})")
    LegalBasisFactory(plan=plan, order=1)
    component = ComponentFactory(plan=plan)
    activities = [
        ActivityFactory(plan=plan, component=component, code=code, lead_office=lead, target_participants=size)
        for code, size in (("1.1", 708), ("1.2", 48))
    ]
    activities[0].coordinating_offices.add(finance)
    to_units = ResponsibilityFactory(plan=plan, order=1)
    DutyFactory(responsibility=to_units, order=1, due_date=datetime.date(2024, 3, 18), activity=activities[0])
    to_office = ResponsibilityFactory(plan=plan, order=2, heading=finance.name, addressee_kind="office", office=finance)
    DutyFactory(responsibility=to_office, order=1, text="Thẩm định dự toán")
    return SimpleNamespace(
        unit=district, communes=communes, lead=lead, finance=finance, plan=plan, activities=activities
    )


def _user(username, role, unit, office=None, **extra):
    user = UserFactory(username=username, **extra)
    user_assign(user=user, role=role, unit=unit, office=office)
    return user


@pytest.fixture
def world(db):
    ensure_role_groups()
    province = UnitFactory(code="P", name="Điện Biên", kind=UnitKind.PROVINCE)
    a = _district("A", province)
    b = _district("B", province)
    users = SimpleNamespace(
        staff=_user("staff", Role.DISTRICT_STAFF, a.unit, a.lead),
        officer_a=_user("officer_a", Role.UNIT_OFFICER, a.communes[0]),
        officer_b=_user("officer_b", Role.UNIT_OFFICER, a.communes[1]),
        leader=_user("leader", Role.LEADER, a.unit),
        office=_user("office", Role.OFFICE_STAFF, a.unit, a.finance),
        outsider=_user("outsider", Role.DISTRICT_STAFF, b.unit, b.lead),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
    )
    return SimpleNamespace(province=province, a=a, b=b, users=users)


@pytest.fixture
def login(client):
    """Log the test client in as one of the world's users: `login(world.users.staff)`."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
