"""Roles and access rules shared by every app.

A role is a Django group (created by a data migration of `plans`); a user's unit and office live on
their membership (`plans.Membership`). Scoping to a unit's subtree is done by the selectors of each
app, which call `role_of` and the unit helpers here.
"""

from functools import wraps
from typing import NoReturn

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Vai trò người dùng."""

    DISTRICT_STAFF = "district_staff", _("Cán bộ quản lý kế hoạch")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
    LEADER = "leader", _("Lãnh đạo")
    OFFICE_STAFF = "office_staff", _("Cán bộ phòng, ban")
    ADMIN = "admin", _("Quản trị hệ thống")


# Why a write was refused, as recorded in the audit trail (the page shows their labels).
REASON_ROLE = "role"  # the user's role may not use this page
REASON_MANAGER = "manager"  # only district staff and administrators change plan data


# The group that carries each role. Group names are stable identifiers; the label shown to users
# comes from `Role`, so it is translated.
ROLE_GROUPS = {
    Role.DISTRICT_STAFF: "tuachua:district_staff",
    Role.UNIT_OFFICER: "tuachua:unit_officer",
    Role.LEADER: "tuachua:leader",
    Role.OFFICE_STAFF: "tuachua:office_staff",
}
_GROUP_ROLES = {name: role for role, name in ROLE_GROUPS.items()}
# When a user is in several groups, the strongest role wins.
_PRECEDENCE = [Role.DISTRICT_STAFF, Role.LEADER, Role.OFFICE_STAFF, Role.UNIT_OFFICER]


def role_of(user) -> Role | None:
    """The user's role, or None for anonymous users and accounts without one. Cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_tuachua_role", False)
    if cached is not False:
        return cached
    names = {group.name for group in user.groups.all()}
    roles = {_GROUP_ROLES[name] for name in names if name in _GROUP_ROLES}
    role = next((r for r in _PRECEDENCE if r in roles), None)
    if role is None and user.is_superuser:
        role = Role.ADMIN
    user._tuachua_role = role
    return role


def is_manager(user) -> bool:
    """May change plan data (district staff, or an administrator)."""
    return role_of(user) in (Role.DISTRICT_STAFF, Role.ADMIN)


def sees_everything_in_scope(user) -> bool:
    """Reads every unit of its subtree (staff, leaders, offices, administrators), not one unit."""
    return role_of(user) in (Role.DISTRICT_STAFF, Role.LEADER, Role.OFFICE_STAFF, Role.ADMIN)


def require_roles(*roles):
    """View decorator: anonymous users go to the login page, users of other roles get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied(REASON_ROLE)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_manager(user) -> None:
    """Raise 403 unless the user may change plan data. Call it after loading the object (404 first)."""
    if not is_manager(user):
        refuse(user, REASON_MANAGER)


def refuse(user, reason: str = "") -> NoReturn:
    """Refuse `user` a write for permission reasons: the refusal goes to the audit trail (even when the view
    turns the PermissionDenied into a message), then PermissionDenied is raised. Services call this rather
    than a bare `raise PermissionDenied`."""
    from tuachua.audit import note_refusal

    note_refusal(user=user, reason=reason)
    raise PermissionDenied(reason)


ANY_ROLE = tuple(Role)
MANAGERS = (Role.DISTRICT_STAFF, Role.ADMIN)
