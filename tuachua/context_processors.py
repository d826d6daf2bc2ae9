"""Template context shared by every page: the user's role, unit and office for the header."""

from plans.selectors import membership_of
from tuachua.permissions import Role, role_of


def current_role(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    if role is None:
        return {"current_role": None}
    membership = membership_of(user)
    return {
        "current_role": role,
        "current_role_label": role.label,
        "current_unit": membership.unit if membership else None,
        "current_office": membership.office if membership else None,
        "is_manager": role in (Role.DISTRICT_STAFF, Role.ADMIN),
        "Role": Role,
    }
