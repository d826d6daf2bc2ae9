"""The training test world, built on `world` (tests/conftest.py), and helpers for rows and the list form.

District A's plan gets three events:
- `class1` and `class2`: TRAINING_CLASS events of activity 1.1 ("Lớp thứ nhất" serves commune A1,
  "Lớp thứ hai" serves commune A2); 3 commune-level seats + 2 per village, and each commune has two
  villages, so the quota is "3 cấp xã + 2 × 2 thôn = 7" and each class holds 7 (its capacity);
- `tour`: the STUDY_TOUR of activity 1.2 (Phụ lục II), 3 seats per commune and 2 district seats for the
  issuing unit (district A), serving both communes.
Every registration deadline is a week ahead.

Helpers: `row()` builds a `training.services.Row`; `form_data()` / `post_list()` post the list form the
way the page does (`rows` = row keys, `row-<key>-<field>` per row, `version`, `action`);
`make_list()` takes a unit's list through the services to a given state.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from plans.models import AdministrativeUnit
from training import services
from training.models import EventKind, FormKind, ListStatus, TrainingEvent
from training.selectors import quotas_for

QUOTA_EXPLAIN = "3 cấp xã + 2 × 2 thôn = 7"


def build_training_world(world, *, capacity: int | None = 7) -> SimpleNamespace:
    """Create the events described above in `world` and return them with the units they serve."""
    a = world.a
    deadline = timezone.now() + datetime.timedelta(days=7)
    a1, a2 = a.communes
    class1 = TrainingEvent.objects.create(
        activity=a.activities[0],
        kind=EventKind.TRAINING_CLASS,
        form=FormKind.ANNEX_1,
        number=1,
        title="Lớp thứ nhất",
        days=2,
        unit_seats=3,
        village_seats=2,
        capacity=capacity,
        registration_deadline=deadline,
    )
    class1.units.add(a1)
    class2 = TrainingEvent.objects.create(
        activity=a.activities[0],
        kind=EventKind.TRAINING_CLASS,
        form=FormKind.ANNEX_1,
        number=2,
        title="Lớp thứ hai",
        days=2,
        unit_seats=3,
        village_seats=2,
        capacity=capacity,
        registration_deadline=deadline,
    )
    class2.units.add(a2)
    tour = TrainingEvent.objects.create(
        activity=a.activities[1],
        kind=EventKind.STUDY_TOUR,
        form=FormKind.ANNEX_2,
        number=1,
        title="Đoàn học tập kinh nghiệm",
        days=8,
        unit_seats=3,
        village_seats=0,
        host_seats=2,
        registration_deadline=deadline,
    )
    tour.units.add(a1, a2)
    return SimpleNamespace(
        world=world,
        users=world.users,
        district=a.unit,
        a1=a1,
        a2=a2,
        villages_a1=list(AdministrativeUnit.objects.filter(parent=a1).order_by("name")),
        villages_a2=list(AdministrativeUnit.objects.filter(parent=a2).order_by("name")),
        class1=class1,
        class2=class2,
        tour=tour,
        deadline=deadline,
    )


@pytest.fixture
def training_world(world):
    return build_training_world(world)


# --- rows and the list form ----------------------------------------------------------------------------


def row(full_name: str, position: str = "Trưởng thôn", village=None, paid: bool | None = True, **extra):
    """A Row as typed; `village` may be a unit or a pk (None: commune level)."""
    village_id = getattr(village, "pk", village)
    return services.Row(full_name=full_name, position=position, village_id=village_id, paid_by_state=paid, **extra)


def people(count: int, *, prefix: str = "Người", village=None, start: int = 1) -> list:
    """`count` distinct commune-level (or one village's) rows."""
    return [row(f"{prefix} số {n}", "Cán bộ", village=village) for n in range(start, start + count)]


def form_row(
    full_name="", position="", village="", paid="", notes="", phone="", gender="", delete=False, identity=None
) -> dict:
    """One row of the list form as the browser sends it (village: a unit, a pk or ""; identity: a delegate,
    its pk, "new", or None for a form that does not carry it)."""
    extra = {} if identity is None else {"identity": str(getattr(identity, "pk", identity))}
    return {
        **extra,
        "full_name": full_name,
        "position": position,
        "village": getattr(village, "pk", village),
        "paid": paid,
        "notes": notes,
        "phone": phone,
        "gender": gender,
        "DELETE": delete,
    }


def form_data(rows: list[dict], *, version: int = 0, action: str = "save", keys: list[str] | None = None) -> dict:
    """POST data of the list form: `rows` lists the row keys, each row's fields are `row-<key>-<field>`."""
    keys = keys or [f"k{n}" for n in range(1, len(rows) + 1)]
    data: dict = {"version": str(version), "rows": keys, "action": action}
    for key, values in zip(keys, rows, strict=True):
        for name, value in values.items():
            if name == "DELETE":
                if value:
                    data[f"row-{key}-DELETE"] = "on"
                continue
            data[f"row-{key}-{name}"] = "" if value is None else str(value)
    return data


def list_url(event, unit) -> str:
    return reverse("training:list", args=[event.pk, unit.pk])


def post_list(client, event, unit, rows: list[dict], *, version: int = 0, action: str = "save", **kwargs):
    return client.post(list_url(event, unit), form_data(rows, version=version, action=action), **kwargs)


# --- lists through the services -------------------------------------------------------------------------


def quota_of(event, unit):
    return quotas_for(event, [unit])[unit.pk]


def make_list(event, unit, rows, *, status: str = ListStatus.DRAFT, officer=None, staff=None):
    """The unit's list for `event` with `rows`, taken through the services to `status` (draft, submitted,
    returned or approved), by the unit's officer (or `staff` when the unit has none) and district staff."""
    users = get_user_model().objects
    staff = staff or users.get(username="staff")
    officer = officer or users.filter(membership__unit=unit).order_by("pk").first() or staff
    reg_list = services.list_for_unit(event=event, unit=unit)
    quota = quota_of(event, unit)
    reg_list = services.list_save(reg_list=reg_list, rows=rows, quota=quota, by=officer, expected_version=0)
    if status == ListStatus.DRAFT:
        return reg_list
    reg_list = services.list_submit(reg_list=reg_list, quota=quota, by=officer)
    if status == ListStatus.RETURNED:
        return services.list_return(reg_list=reg_list, by=staff, comment="Bổ sung trưởng thôn")
    if status == ListStatus.APPROVED:
        return services.list_approve(reg_list=reg_list, by=staff)
    return reg_list


def conflict_fields(html: str) -> dict:
    """The hidden fields of the conflict page's form (version, base_version, the typed rows), as posted."""
    import html as html_lib
    import re

    fields = {}
    for name in ("version", "base_version", "mine", "then_submit"):
        match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
        if match:
            fields[name] = html_lib.unescape(match.group(1))
    return fields
