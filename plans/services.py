"""Writes of plan data. Keyword-only, atomic, validated, one audit entry per change."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Activity, ActivityStatus, AdministrativeUnit, Membership, Office, UnitKind
from tuachua.audit import log_action
from tuachua.permissions import ROLE_GROUPS, Role
from tuachua.text import clean_text, compare_key

PLAN_MODELS = [
    "administrativeunit",
    "office",
    "programme",
    "plan",
    "legalbasis",
    "component",
    "activity",
    "responsibility",
    "duty",
]
# Reference data of monitoring that district staff keep in the back office: the report-form catalogue,
# which units implement which component, reporting periods and public holidays. (Named by app label and
# model only, so this app does not import monitoring.)
MONITORING_REFERENCE_MODELS = ["reportform", "unitformrequirement", "reportingperiod", "publicholiday"]
ALL_ACTIONS = ("add", "change", "delete", "view")
# Django permissions each role's group carries (the admin and `user.has_perm` read them): app label → codenames.
ROLE_PERMISSIONS = {
    Role.DISTRICT_STAFF: {
        "plans": [f"{action}_{model}" for model in PLAN_MODELS for action in ALL_ACTIONS] + ["view_membership"],
        "monitoring": [f"{action}_{model}" for model in MONITORING_REFERENCE_MODELS for action in ALL_ACTIONS],
    },
    Role.LEADER: {"plans": [f"view_{model}" for model in PLAN_MODELS]},
    Role.OFFICE_STAFF: {"plans": [f"view_{model}" for model in PLAN_MODELS]},
    Role.UNIT_OFFICER: {},
}


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give them their permissions (run after every app's migrate, so the
    permissions of apps migrated later are found too)."""
    for role, group_name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in ROLE_PERMISSIONS[role].items():
            wanted = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            group.permissions.add(*wanted)


@transaction.atomic
def user_assign(
    *, user, role: Role, unit: AdministrativeUnit, office: Office | None = None, position: str = "", by=None
) -> Membership:
    """Give `user` a role and bind them to a unit (and office). Replaces any earlier role."""
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    user.groups.remove(*role_groups)
    if role in ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    # District staff manage plan data in the back office too; nobody else needs it.
    wants_staff = role == Role.DISTRICT_STAFF or user.is_superuser
    if user.is_staff != wants_staff:
        user.is_staff = wants_staff
        user.save(update_fields=["is_staff"])
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    membership.unit = unit
    membership.office = office
    membership.position = clean_text(position)
    membership.full_clean()
    membership.save()
    user.__dict__.pop("_tuachua_role", None)
    user.__dict__.pop("_tuachua_membership", None)
    log_action(
        actor=by, action="user_assign", obj=user, role=str(role), unit=unit.code, office=office.code if office else None
    )
    return membership


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, by) -> Activity:
    """Change an activity's progress status (Chưa triển khai → Đang triển khai → Đã hoàn thành)."""
    if status not in ActivityStatus.values:
        raise ValidationError(_("Tình trạng không hợp lệ."))
    old = activity.status
    if old == status:
        return activity
    activity.status = status
    activity.full_clean()
    activity.save(update_fields=["status"])
    log_action(actor=by, action="activity_set_status", obj=activity, old=old, new=status)
    return activity


@transaction.atomic
def villages_update(*, unit: AdministrativeUnit, names: dict[int, str], new_names: list[str], by) -> int:
    """Rename the villages of a commune-level `unit` and add new ones; returns how many changed or were added.

    `names` maps village id to its new name; `new_names` are villages to create at the end of the list.
    Names are normalised; two villages of one unit may not share a name, whatever the case or Unicode form.
    """
    if not unit.has_villages:
        raise ValidationError(_("Chỉ xã, phường, thị trấn mới có thôn, bản, tổ dân phố."))
    villages = {v.pk: v for v in unit.children.all()}
    final = {pk: v.name for pk, v in villages.items()}
    final.update({pk: clean_text(raw) or villages[pk].name for pk, raw in names.items() if pk in villages})
    additions = [name for name in map(clean_text, new_names) if name]
    _refuse_duplicate_names([*final.values(), *additions])
    changed = 0
    for pk, name in final.items():
        village = villages[pk]
        if name != village.name:
            old, village.name = village.name, name
            village.full_clean()
            village.save(update_fields=["name"])
            log_action(actor=by, action="village_rename", obj=village, old=old, new=name)
            changed += 1
    last = max((v.sort_order for v in villages.values()), default=0)
    kind = UnitKind.RESIDENTIAL_GROUP if unit.kind in (UnitKind.TOWN, UnitKind.WARD) else UnitKind.VILLAGE
    for offset, name in enumerate(additions, start=1):
        village = AdministrativeUnit(
            parent=unit, name=name, kind=kind, code=_next_child_code(unit), sort_order=last + offset
        )
        village.full_clean()
        village.save()
        log_action(actor=by, action="village_add", obj=village)
        changed += 1
    return changed


def _refuse_duplicate_names(names: list[str]) -> None:
    seen = set()
    for name in names:
        key = compare_key(name)
        if key in seen:
            raise ValidationError(_("Tên “%(name)s” bị trùng; mỗi thôn, bản cần một tên riêng.") % {"name": name})
        seen.add(key)


def _next_child_code(unit: AdministrativeUnit) -> str:
    existing = set(AdministrativeUnit.objects.filter(code__startswith=f"{unit.code}-").values_list("code", flat=True))
    number = len(existing) + 1
    while f"{unit.code}-{number:02d}" in existing:
        number += 1
    return f"{unit.code}-{number:02d}"
