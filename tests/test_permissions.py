"""Permission sweep: every URL × every role → 200, 302 (redirect), 403, 404 or 405.

Each later feature adds its URLs to CASES. A case gives the URL name, how to build its arguments from
the test world, the HTTP method, and the expected status per role; roles left out get `default`.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.training.conftest import build_training_world, form_data, form_row, make_list, row
from training.models import Delegate, ListStatus

ROLES = ["anonymous", "staff", "officer_a", "officer_b", "leader", "office", "admin", "outsider", "roleless"]
LOGIN = "login"  # a redirect to the login page


@dataclass
class Case:
    name: str
    args: object = None  # callable(world) -> list of URL arguments
    method: str = "get"
    expect: dict = field(default_factory=dict)
    default: object = 200
    data: dict = field(default_factory=dict)

    def url(self, world):
        return reverse(self.name, args=self.args(world) if self.args else None)


def plan_a(w):
    return [w.a.plan.pk]


def plan_b(w):
    return [w.b.plan.pk]


def commune_a1(w):
    return [w.a.communes[0].pk]


def district_a(w):
    return [w.a.unit.pk]


def activity_a(w):
    return [w.a.activities[0].pk]


# Training: the events of tests/training/conftest.py, built the first time a case asks for them.
def _training(w):
    if not hasattr(w, "training"):
        w.training = build_training_world(w)
    return w.training


def class_1(w):
    return [_training(w).class1.pk]


def list_a1(w):
    t = _training(w)
    return [t.class1.pk, t.a1.pk]


def tour_a2(w):
    t = _training(w)
    return [t.tour.pk, t.a2.pk]


def tour_district(w):
    t = _training(w)
    return [t.tour.pk, t.district.pk]


def draft_a1(w):
    t = _training(w)
    make_list(t.class1, t.a1, [row("Vừ A Hùng")])
    return [t.class1.pk, t.a1.pk]


def submitted_a1(w):
    t = _training(w)
    make_list(t.class1, t.a1, [row("Vừ A Hùng")], status=ListStatus.SUBMITTED)
    return [t.class1.pk, t.a1.pk]


def delegate_a1(w):
    t = _training(w)
    make_list(t.class1, t.a1, [row("Vừ A Hùng")], status=ListStatus.APPROVED)
    return [Delegate.objects.get(reg_list__unit=t.a1).pk]


ANON = {"anonymous": LOGIN}
# Class 1 serves commune A1 only: officer_b (A2) and district B's staff do not see it.
UNSEEN = {"officer_b": 404, "outsider": 404}
TRAINING_READ = {**ANON, "roleless": 403, **UNSEEN}
TRAINING_MANAGE = {**ANON, "staff": 302, "admin": 302, **UNSEEN}  # default 403: seen, not theirs to change
LIST_FORM = form_data([form_row("Vừ A Hùng", "Chủ tịch UBND", paid="1")])
CASES = [
    Case("home", expect=ANON),
    Case("healthz"),
    Case("healthz", method="post", default=405),
    Case("favicon", default=301),
    Case("login", expect={role: 302 for role in ROLES if role != "anonymous"}),
    Case("logout", method="post", default=302),
    Case("logout", default=405),
    Case("password_change", expect=ANON),
    Case("password_change_done", expect=ANON),
    Case("password_reset"),
    Case("password_reset_done"),
    Case("password_reset_complete"),
    Case("set_language", method="post", default=302, data={"language": "en", "next": "/"}),
    Case("plans:plan_list", expect={**ANON, "roleless": 403}),
    Case("plans:plan_list", method="post", default=405),
    Case("plans:plan_detail", plan_a, expect={**ANON, "roleless": 403, "outsider": 404}),
    Case(
        "plans:plan_detail",
        plan_b,
        default=404,
        expect={**ANON, "roleless": 403, "outsider": 200, "admin": 200},
    ),
    Case(
        "plans:activity_status",
        activity_a,
        method="post",
        data={"status": "in_progress"},
        default=403,
        expect={**ANON, "staff": 302, "admin": 302, "outsider": 404},
    ),
    Case("plans:activity_status", activity_a, default=405),
    Case("plans:unit_list", expect={**ANON, "roleless": 403}),
    Case("plans:unit_detail", commune_a1, expect={**ANON, "roleless": 403, "officer_b": 404, "outsider": 404}),
    Case(
        "plans:unit_detail",
        district_a,
        expect={**ANON, "roleless": 403, "officer_a": 404, "officer_b": 404, "outsider": 404},
    ),
    Case(
        "plans:unit_villages",
        commune_a1,
        default=403,
        expect={**ANON, "staff": 200, "admin": 200, "officer_b": 404, "outsider": 404},
    ),
    Case(
        "plans:unit_villages",
        commune_a1,
        method="post",
        data={"new_villages": ""},
        default=403,
        expect={**ANON, "staff": 200, "admin": 200, "officer_b": 404, "outsider": 404},
    ),
    Case("plans:unit_villages", commune_a1, method="delete", default=405),
    # Only commune-level units have villages: a district's page is not found even for its staff.
    Case(
        "plans:unit_villages",
        district_a,
        default=403,
        expect={**ANON, "staff": 404, "admin": 404, "officer_a": 404, "officer_b": 404, "outsider": 404},
    ),
    # The back office: district staff and administrators only; everyone else goes to the admin login.
    Case("admin:index", default=302, expect={"staff": 200, "admin": 200, "outsider": 200}),
    *[
        Case(f"admin:{model}_changelist", default=302, expect={"staff": 200, "admin": 200, "outsider": 200})
        for model in ("plans_plan", "plans_activity", "plans_administrativeunit", "plans_office", "plans_duty")
    ],
    Case("admin:auth_user_changelist", default=302, expect={"staff": 403, "outsider": 403, "admin": 200}),
    # Delegate registration (training). Officers only see the events and the list of their own unit.
    Case("training:event_list", expect={**ANON, "roleless": 403}),
    Case("training:event_list", method="post", default=405),
    Case("training:board", class_1, expect={**TRAINING_READ, "officer_a": 302}),  # officers go to their list
    Case("training:board", class_1, method="post", default=405),
    Case("training:roster", class_1, expect={**TRAINING_READ, "officer_a": 403}),
    Case("training:roster", class_1, method="post", default=405),
    Case(
        "training:deadline",
        class_1,
        method="post",
        data={"deadline": "2099-12-31T23:59"},
        default=403,
        expect=TRAINING_MANAGE,
    ),
    Case("training:deadline", class_1, default=405),
    Case("training:list", list_a1, expect=TRAINING_READ),
    Case("training:list", tour_a2, expect={**ANON, "roleless": 403, "officer_a": 404, "outsider": 404}),
    Case("training:list", tour_district, expect={**ANON, "roleless": 403, "officer_a": 404, **UNSEEN}),
    # Saving rows: the unit's officer, or staff on the unit's behalf; readers get a 403.
    Case(
        "training:list",
        list_a1,
        method="post",
        data=LIST_FORM,
        default=403,
        expect={**TRAINING_MANAGE, "officer_a": 302},
    ),
    Case("training:list", list_a1, method="delete", default=405),
    # An empty row for the list form: only for those who may edit the list (its officer, staff).
    Case(
        "training:new_row",
        list_a1,
        default=403,
        expect={**ANON, "staff": 200, "admin": 200, "officer_a": 200, **UNSEEN},
    ),
    Case("training:new_row", list_a1, method="post", default=405),
    Case("training:submit", draft_a1, method="post", default=403, expect={**ANON, "officer_a": 302, **UNSEEN}),
    Case("training:submit", list_a1, default=405),
    Case(
        "training:review",
        submitted_a1,
        method="post",
        data={"decision": "approve"},
        default=403,
        expect=TRAINING_MANAGE,
    ),
    Case("training:review", list_a1, default=405),
    Case(
        "training:reopen",
        submitted_a1,
        method="post",
        data={"until": "2099-12-31T23:59"},
        default=403,
        expect=TRAINING_MANAGE,
    ),
    Case("training:reopen", list_a1, default=405),
    Case(
        "training:quota",
        list_a1,
        method="post",
        data={"unit_seats": 4, "village_seats": 2, "reason": "Xã đông dân"},
        default=403,
        expect=TRAINING_MANAGE,
    ),
    Case("training:quota", list_a1, default=405),
    Case(
        "training:upload",
        list_a1,
        default=403,
        expect={**TRAINING_MANAGE, "staff": 200, "admin": 200, "officer_a": 200},
    ),
    # Without a file the upload page answers 400 with a message (to those who may upload).
    Case(
        "training:upload",
        list_a1,
        method="post",
        default=403,
        expect={**TRAINING_MANAGE, "staff": 400, "admin": 400, "officer_a": 400},
    ),
    Case("training:upload", list_a1, method="delete", default=405),
    # Nothing previewed in the session: back to the upload page.
    Case("training:upload_confirm", list_a1, method="post", default=403, expect={**TRAINING_MANAGE, "officer_a": 302}),
    Case("training:upload_confirm", list_a1, default=405),
    # An approved delegate of A1 in class 1 (no target class posted: the move is refused with a message).
    Case("training:move", delegate_a1, method="post", data={"to_event": ""}, default=403, expect=TRAINING_MANAGE),
    Case("training:move", delegate_a1, default=405),
]


def _client_for(role, world, client, django_user_model):
    if role == "anonymous":
        return client
    if role == "roleless":
        user = django_user_model.objects.create_user("roleless", password="pw-test-2024")
    else:
        user = getattr(world.users, role)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _case_id(case):
    target = f"({case.args.__name__})" if case.args else ""
    return f"{case.method.upper()} {case.name}{target}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_permission_sweep(case, role, world, client, django_user_model):
    http = _client_for(role, world, client, django_user_model)
    url = case.url(world)
    response = getattr(http, case.method)(url, data=case.data)
    expected = case.expect.get(role, case.default)
    if expected == LOGIN:
        assert response.status_code == 302, (url, role, response.status_code)
        assert response.url.startswith(reverse("login")), response.url
    else:
        assert response.status_code == expected, (case.method, url, role, response.status_code)


def test_sweep_covers_every_named_url():
    """A new URL must be added to CASES: list every named route of our apps and compare."""
    from django.urls import get_resolver

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                if pattern.namespace == "admin":
                    continue
                yield from names(pattern, ns)
            elif pattern.name:
                yield f"{prefix}{pattern.name}"

    swept = {case.name for case in CASES}
    ours = set(names(get_resolver())) - {"password_reset_confirm"}  # needs a token: tested in test_auth.py
    assert ours - swept == set()
