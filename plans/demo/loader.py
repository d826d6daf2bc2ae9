"""Loads the Tủa Chùa 2024 demo: units and villages, offices, the plan, demo accounts.

Idempotent: rows are found by their code and created only when missing, so a second run changes
nothing (and never undoes what staff renamed or edited since the first run).
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from plans.demo import tua_chua_2024 as data
from plans.demo.money import load_money_demo
from plans.models import (
    Activity,
    AddresseeKind,
    AdministrativeUnit,
    Component,
    Duty,
    LegalBasis,
    Office,
    Plan,
    Programme,
    Responsibility,
    UnitKind,
)
from plans.services import ensure_role_groups, user_assign
from tuachua.permissions import Role

UNITS_CSV = Path(__file__).with_name("units.csv")
CSV_KINDS = {"xã": UnitKind.COMMUNE, "thị trấn": UnitKind.TOWN, "phường": UnitKind.WARD}


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


def read_units_csv(path: Path = UNITS_CSV) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_demo() -> DemoReport:
    report = DemoReport()
    ensure_role_groups()
    district = _load_units(report)
    offices = _load_offices(district, report)
    _load_plan(district, offices, report)
    load_money_demo(report)
    _load_accounts(district, offices, report)
    return report


def _unit(report: DemoReport, *, code: str, name: str, kind: str, parent=None, sort_order: int = 0):
    unit, created = AdministrativeUnit.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, "sort_order": sort_order}
    )
    report.count("units", created)
    return unit


def _load_units(report: DemoReport) -> AdministrativeUnit:
    province = _unit(report, **data.PROVINCE)
    district = _unit(report, **data.DISTRICT, parent=province)
    for order, row in enumerate(read_units_csv(), start=1):
        kind = CSV_KINDS[row["kind"]]
        unit = _unit(report, code=row["code"], name=row["name"], kind=kind, parent=district, sort_order=order)
        village_kind = UnitKind.RESIDENTIAL_GROUP if kind == UnitKind.TOWN else UnitKind.VILLAGE
        label = "Tổ dân phố" if village_kind == UnitKind.RESIDENTIAL_GROUP else "Thôn"
        for number in range(1, int(row["villages"]) + 1):
            _unit(
                report,
                code=f"{row['code']}-{number:02d}",
                name=f"{label} {number:02d}",
                kind=village_kind,
                parent=unit,
                sort_order=number,
            )
    return district


def _load_offices(district, report: DemoReport) -> dict[str, Office]:
    offices = {}
    for order, (code, short_name, name) in enumerate(data.OFFICES, start=1):
        office, created = Office.objects.get_or_create(
            code=code, defaults={"unit": district, "name": name, "short_name": short_name, "sort_order": order}
        )
        report.count("offices", created)
        offices[code] = office
    return offices


def _load_plan(district, offices, report: DemoReport) -> None:
    programme, created = Programme.objects.get_or_create(code=data.PROGRAMME["code"], defaults=data.PROGRAMME)
    report.count("programmes", created)
    if Plan.objects.filter(issuing_unit=district, year=data.PLAN["year"], title=data.PLAN["title"]).exists():
        return
    plan = Plan(programme=programme, issuing_unit=district, **data.PLAN)
    plan.full_clean()
    plan.save()
    report.count("plans", True)
    LegalBasis.objects.bulk_create(
        LegalBasis(plan=plan, order=order, text=text) for order, text in enumerate(data.LEGAL_BASES, start=1)
    )
    components = {code: Component.objects.create(plan=plan, code=code, title=title) for code, title in data.COMPONENTS}
    activities = {}
    for order, spec in enumerate(data.ACTIVITIES, start=1):
        spec = dict(spec)
        coordinating = spec.pop("coordinating")
        activity = Activity(
            plan=plan,
            component=components[spec.pop("component")],
            lead_office=offices[spec.pop("lead")],
            year=plan.year,
            order=order,
            **spec,
        )
        activity.full_clean()
        activity.save()
        activity.coordinating_offices.set([offices[code] for code in coordinating])
        activities[activity.code] = activity
    for order, (heading, addressee, duties) in enumerate(data.RESPONSIBILITIES, start=1):
        if addressee == AddresseeKind.SUBORDINATE_UNITS:
            responsibility = Responsibility.objects.create(
                plan=plan, order=order, heading=heading, addressee_kind=AddresseeKind.SUBORDINATE_UNITS
            )
        else:
            responsibility = Responsibility.objects.create(
                plan=plan, order=order, heading=heading, addressee_kind=AddresseeKind.OFFICE, office=offices[addressee]
            )
        Duty.objects.bulk_create(
            Duty(
                responsibility=responsibility,
                order=number,
                text=text,
                due_date=datetime.date.fromisoformat(due) if due else None,
                activity=activities.get(activity_code) if activity_code else None,
            )
            for number, (text, due, activity_code) in enumerate(duties, start=1)
        )


def _account(report: DemoReport, *, username: str, role: Role, unit, office=None, name: str = ""):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"last_name": name})
    if created:
        user.set_password(data.DEMO_PASSWORD)
        user.save()
        user_assign(user=user, role=role, unit=unit, office=office, position=name)
    report.count("accounts", created)
    report.accounts.append((username, str(role.label), str(unit)))
    return user


def _load_accounts(district, offices, report: DemoReport) -> None:
    for username, role, office_code, name in data.DEMO_STAFF:
        office = offices.get(office_code) if office_code else None
        _account(report, username=username, role=Role(role), unit=district, office=office, name=name)
    units = AdministrativeUnit.objects.filter(code__in=[row["code"] for row in read_units_csv()])
    for unit in sorted(units, key=lambda u: u.sort_order):
        _account(
            report,
            username=unit.code.lower(),
            role=Role.UNIT_OFFICER,
            unit=unit,
            name=f"Cán bộ UBND {unit.full_name}",
        )
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username=data.DEMO_ADMIN, defaults={"is_superuser": True, "is_staff": True, "last_name": "Quản trị hệ thống"}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    report.count("accounts", created)
    report.accounts.append((data.DEMO_ADMIN, str(Role.ADMIN.label), "—"))
