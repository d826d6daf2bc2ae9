"""Permission sweep: every URL × every role → 200, 302 (redirect), 403, 404 or 405.

Each later feature adds its URLs to CASES. A case gives the URL name, how to build its arguments from
the test world, the HTTP method, and the expected status per role; roles left out get `default`.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse

from monitoring import services as monitoring_services
from tests.monitoring import install_catalogue, pdf, six_month_period, xlsx
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

    def data_for(self, world):
        return self.data(world) if callable(self.data) else self.data


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


# Periodic reports: district A's 6-month period, and commune A1's Biểu 03 uploaded by its officer.
def _reports(w):
    if not hasattr(w, "reports"):
        forms = install_catalogue()
        period = six_month_period(w)
        a1 = w.a.communes[0]
        submission = monitoring_services.submission_upload(
            period=period, unit=a1, form=forms["BIEU-03"], file=xlsx(), by=w.users.officer_a
        )
        w.reports = SimpleNamespace(forms=forms, period=period, a1=a1, submission=submission)
    return w.reports


def period_a(w):
    return [_reports(w).period.pk]


def document(exporter, target):
    """Arguments of the download URL of one document in Excel (the PDF goes through the same checks)."""

    def args(w):
        return [exporter, target(w), "xlsx"]

    args.__name__ = f"{exporter}_{target.__name__}"
    return args


def class1(w):
    return _training(w).class1.pk


def activity_1_1(w):
    return _training(w).class1.activity_id


def plan_a_pk(w):
    return w.a.plan.pk


def unit_a1(w):
    return {"unit": _training(w).a1.pk}


def class1_day1(w):
    return [_training(w).class1.pk, 1]


def estimate_line_a(w):
    from training.models import EstimateLine

    line = EstimateLine.objects.create(
        event=_training(w).class1, kind="hall", description="Thuê hội trường", unit="ngày", unit_price=2_000_000
    )
    return [line.event_id, line.pk]


def spending_a(w):
    import datetime as dt

    from training.models import Spending

    spending = Spending.objects.create(
        event=_training(w).class1, line_code="meals", amount=100_000, spent_on=dt.date(2024, 6, 1)
    )
    return [spending.event_id, spending.pk]


def calendar_token(w):
    from tuachua.calendar.tokens import calendar_token_create

    return [calendar_token_create(user=w.users.staff).token]


def unknown_token(w):
    return ["khong-co-ma-nay"]


def mau01_doc_a(w):
    return [_reports(w).period.pk, "doc"]


def reports_a1(w):
    return [_reports(w).a1.pk]


def upload_a1(w):
    r = _reports(w)
    return [r.period.pk, r.a1.pk, r.forms["BIEU-03"].pk]


def submission_a1(w):
    return [_reports(w).submission.pk]


def version_a1(w):
    return [_reports(w).submission.pk, 1]


# Monitoring visits: a visit of district A's activity 1.1 to commune A1 only (officer_b and district B do
# not see it), a recommendation to A1 and one to A's finance office; and a visit of district B to B1.
def _monitoring(w):
    if not hasattr(w, "monitoring"):
        staff, a1 = w.users.staff, w.a.communes[0]
        visit = monitoring_services.visit_create(
            activity=w.a.activities[0],
            kind="periodic",
            method="direct",
            title="Giám sát xã A1",
            planned_start=datetime.date(2024, 10, 7),
            planned_end=datetime.date(2024, 10, 8),
            units=[a1],
            by=staff,
        )
        due = datetime.date(2024, 11, 30)
        to_a1 = monitoring_services.recommendation_create(
            visit=visit, text="Cập nhật hộ nghèo", due_date=due, by=staff, unit=a1
        )
        to_office = monitoring_services.recommendation_create(
            visit=visit, text="Thẩm định dự toán", due_date=due, by=staff, office=w.a.finance
        )
        w.monitoring = SimpleNamespace(visit=visit, to_a1=to_a1, to_office=to_office)
    return w.monitoring


def visit_a1(w):
    return [_monitoring(w).visit.pk]


def visit_b1(w):
    visit = monitoring_services.visit_create(
        activity=w.b.activities[0],
        kind="periodic",
        method="direct",
        title="Giám sát xã B1",
        planned_start=datetime.date(2024, 10, 7),
        planned_end=datetime.date(2024, 10, 8),
        units=[w.b.communes[0]],
        by=w.users.outsider,
    )
    return [visit.pk]


def visit_file_a1(w):
    m = _monitoring(w)
    attachment = monitoring_services.visit_attach_file(visit=m.visit, kind="minutes", file=pdf(), by=w.users.staff)
    return [attachment.pk]


def rec_a1(w):
    return [_monitoring(w).to_a1.pk]


def rec_office(w):
    return [_monitoring(w).to_office.pk]


def _report_done_a1(w, files=()):
    return monitoring_services.recommendation_respond(
        recommendation=_monitoring(w).to_a1,
        by=w.users.officer_a,
        text="Đã xong",
        new_status="reported_done",
        files=files,
    )


def rec_a1_reported(w):
    _report_done_a1(w)
    return [_monitoring(w).to_a1.pk]


def response_file_a1(w):
    return [_report_done_a1(w, files=[pdf()]).attachments.get().pk]


ANON = {"anonymous": LOGIN}
# Class 1 serves commune A1 only: officer_b (A2) and district B's staff do not see it.
UNSEEN = {"officer_b": 404, "outsider": 404}
TRAINING_READ = {**ANON, "roleless": 403, **UNSEEN}
TRAINING_MANAGE = {**ANON, "staff": 302, "admin": 302, **UNSEEN}  # default 403: seen, not theirs to change
ESTIMATE_PLAN = {**ANON, "roleless": 403, "officer_a": 403, "officer_b": 403, "outsider": 404}
ESTIMATE_WRITE = {**ANON, "staff": 400, "admin": 400, **UNSEEN}  # an empty form comes back with its errors
ADJUST_UNKNOWN_LINE = {**ESTIMATE_WRITE, "staff": 404, "admin": 404}
SYNC = {**ANON, "staff": 400, "admin": 400, **UNSEEN}  # staff: an empty body is refused as bad JSON
LIST_FORM = form_data([form_row("Vừ A Hùng", "Chủ tịch UBND", paid="1")])
# Monitoring: who sees the visit to A1 and its recommendation to A1 (the finance office sees only its own).
MONITORING_READ = {**ANON, "roleless": 403, **UNSEEN}
MONITORING_MANAGE = {**ANON, "staff": 302, "admin": 302, **UNSEEN}  # default 403: seen, not theirs to change
REC_A1_READ = {**MONITORING_READ, "office": 404}
REC_OFFICE_READ = {**MONITORING_READ, "officer_a": 404}
RESPOND_FORM = {"text": "Đang thực hiện", "new_status": "in_progress"}
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
    # Saving the rows picked on the conflict page: who may save the list (an empty form goes back to it).
    Case("training:merge", list_a1, method="post", default=403, expect={**TRAINING_MANAGE, "officer_a": 302}),
    Case("training:merge", list_a1, default=405),
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
    # Periodic reports. Officers are sent from the periods and the board to their unit's page; another
    # unit's page, submission or file is not found; uploading is for the unit's officer and staff.
    Case("reports:period_list", expect={**ANON, "roleless": 403, "officer_a": 302, "officer_b": 302}),
    Case("reports:period_list", method="post", default=405),
    # The Mẫu 01 draft: every role that sees the period (officers get their own unit's); another district 404.
    Case("mau01", mau01_doc_a, expect={**ANON, "roleless": 403, "outsider": 404}),
    Case("mau01", mau01_doc_a, method="post", default=405),
    # Documents. A unit's Phụ lục and the invitation: whoever sees the class (an officer gets their own
    # unit's); the Labour office's roster, attendance sheet and consolidated workbook: not unit officers.
    Case("document", document("annex", class1), data=unit_a1, expect=TRAINING_READ),
    Case("document", document("annex-blank", class1), data=unit_a1, expect=TRAINING_READ),
    Case("document", document("invitation", class1), expect=TRAINING_READ),
    Case("document", document("roster", class1), expect={**TRAINING_READ, "officer_a": 403}),
    Case("document", document("attendance", class1), expect={**TRAINING_READ, "officer_a": 403}),
    Case(
        "document",
        document("consolidated", activity_1_1),
        expect={**ANON, "roleless": 403, "officer_a": 403, "officer_b": 403, "outsider": 404},
    ),
    Case("document", document("plan", plan_a_pk), expect={**ANON, "roleless": 403, "outsider": 404}),
    Case("document", document("roster", class1), method="post", default=405),
    Case("document", document("estimate", class1), expect={**TRAINING_READ, "officer_a": 403}),
    Case("document", document("estimate-plan", plan_a_pk), expect=ESTIMATE_PLAN),
    Case("document", document("dashboard", plan_a_pk), expect={**ANON, "roleless": 403, "outsider": 404}),
    # The dashboard: every role, for what it may see (an officer: their unit; district B: its own plan).
    Case("dashboard:index", expect={**ANON, "roleless": 403}),
    Case("dashboard:index", method="post", default=405),
    # Attendance: everyone who sees the class reads it (an officer: their unit); only staff record it.
    Case("training:attendance", lambda_class1 := (lambda w: [_training(w).class1.pk]), expect=TRAINING_READ),
    Case("training:checkin", class1_day1, default=403, expect={**ANON, "staff": 200, "admin": 200, **UNSEEN}),
    Case("training:attendance_sheet", class1_day1, default=403, expect={**ANON, "staff": 200, "admin": 200, **UNSEEN}),
    Case("training:checkin_sync", lambda_class1, method="post", default=403, expect=SYNC),
    Case("training:checkin_sync", lambda_class1, default=405),
    # The cost estimate: everyone who sees the class reads it; only staff change it.
    Case("training:estimate", lambda_class1, expect=TRAINING_READ),
    Case("training:estimate", lambda_class1, method="post", default=405),
    Case("training:estimate_line_add", lambda_class1, method="post", default=403, expect=ESTIMATE_WRITE),
    Case("training:estimate_line", estimate_line_a, default=403, expect={**ANON, "staff": 200, "admin": 200, **UNSEEN}),
    Case("training:estimate_line_delete", estimate_line_a, method="post", default=403, expect=TRAINING_MANAGE),
    # Adjusting a computed line that the class does not have (none posted): not found.
    Case(
        "training:estimate_adjust",
        lambda_class1,
        method="post",
        default=403,
        expect={**ESTIMATE_WRITE, "staff": 404, "admin": 404},
    ),
    Case("training:estimate_spending_add", lambda_class1, method="post", default=403, expect=ESTIMATE_WRITE),
    Case("training:estimate_spending_delete", spending_a, method="post", default=403, expect=TRAINING_MANAGE),
    Case("training:estimate_meals", lambda_class1, method="post", default=403, expect=TRAINING_MANAGE),
    Case("training:estimate_plan", lambda w: [w.a.plan.pk], expect=ESTIMATE_PLAN),
    # The calendar and the personal feed (the feed's token is its key: no login).
    Case("calendar:month", expect={**ANON, "roleless": 403}),
    Case("calendar:month", method="post", default=405),
    Case("calendar:list", expect={**ANON, "roleless": 403}),
    Case("calendar:list", method="post", default=405),
    Case("calendar:feed", expect={**ANON, "roleless": 403}),
    Case("calendar:feed", method="post", data={"action": "create"}, default=302, expect={**ANON, "roleless": 403}),
    Case("calendar:feed", method="delete", default=405),
    Case("calendar:ics", calendar_token),
    Case("calendar:ics", unknown_token, default=404),
    Case("calendar:ics", calendar_token, method="post", default=405),
    Case(
        "reports:board",
        period_a,
        expect={**ANON, "roleless": 403, "officer_a": 302, "officer_b": 302, "outsider": 404},
    ),
    Case("reports:board", period_a, method="post", default=405),
    Case("reports:unit", reports_a1, expect={**ANON, "roleless": 403, **UNSEEN}),
    Case("reports:unit", reports_a1, method="post", default=405),
    # Without a file the upload goes back to the unit's page with a message.
    Case(
        "reports:upload",
        upload_a1,
        method="post",
        default=403,
        expect={**ANON, "staff": 302, "admin": 302, "officer_a": 302, **UNSEEN},
    ),
    Case("reports:upload", upload_a1, default=405),
    Case("reports:submission", submission_a1, expect={**ANON, "roleless": 403, **UNSEEN}),
    Case("reports:submission", submission_a1, method="post", default=405),
    Case(
        "reports:review",
        submission_a1,
        method="post",
        data={"decision": "accept"},
        default=403,
        expect={**ANON, "staff": 302, "admin": 302, **UNSEEN},
    ),
    Case("reports:review", submission_a1, default=405),
    Case("reports:download", version_a1, expect={**ANON, "roleless": 403, **UNSEEN}),
    Case("reports:download", version_a1, method="post", default=405),
    # Monitoring visits and recommendations (kiến nghị). Officers see visits to their unit and what is
    # addressed to it, the finance office what is addressed to it; planning and verifying are for district
    # staff; the addressee (or staff for it) responds, the leader only reads.
    Case("monitoring:visits", expect={**ANON, "roleless": 403}),
    Case("monitoring:visits", method="post", default=405),
    Case("monitoring:visit_create", default=403, expect={**ANON, "staff": 200, "admin": 200, "outsider": 200}),
    # An empty form comes back with its errors (200) to those who may plan visits.
    Case(
        "monitoring:visit_create",
        method="post",
        default=403,
        expect={**ANON, "staff": 200, "admin": 200, "outsider": 200},
    ),
    Case("monitoring:visit_create", method="delete", default=405),
    Case("monitoring:visit", visit_a1, expect=MONITORING_READ),
    Case("monitoring:visit", visit_b1, default=404, expect={**ANON, "roleless": 403, "outsider": 200, "admin": 200}),
    Case("monitoring:visit", visit_a1, method="post", default=405),
    Case(
        "monitoring:visit_status",
        visit_a1,
        method="post",
        data={"status": "in_progress", "summary": ""},
        default=403,
        expect=MONITORING_MANAGE,
    ),
    Case("monitoring:visit_status", visit_a1, default=405),
    Case(
        "monitoring:visit_team",
        visit_a1,
        method="post",
        data={"name": "Giàng A Sếnh", "role": "Trưởng đoàn"},
        default=403,
        expect=MONITORING_MANAGE,
    ),
    Case("monitoring:visit_team", visit_a1, default=405),
    Case(
        "monitoring:visit_finding",
        visit_a1,
        method="post",
        data={"text": "Chưa cập nhật hộ nghèo"},
        default=403,
        expect=MONITORING_MANAGE,
    ),
    Case("monitoring:visit_finding", visit_a1, default=405),
    # No addressee chosen: refused with a message, back to the visit.
    Case(
        "monitoring:visit_recommendation",
        visit_a1,
        method="post",
        data={"text": "Cập nhật hộ nghèo", "due_date": "2099-12-31"},
        default=403,
        expect=MONITORING_MANAGE,
    ),
    Case("monitoring:visit_recommendation", visit_a1, default=405),
    # No file sent: refused with a message, back to the visit.
    Case(
        "monitoring:visit_attachment",
        visit_a1,
        method="post",
        data={"kind": "minutes"},
        default=403,
        expect=MONITORING_MANAGE,
    ),
    Case("monitoring:visit_attachment", visit_a1, default=405),
    Case("monitoring:visit_file", visit_file_a1, expect=MONITORING_READ),
    Case("monitoring:visit_file", visit_file_a1, method="post", default=405),
    Case("monitoring:recommendations", expect={**ANON, "roleless": 403}),
    Case("monitoring:recommendations", method="post", default=405),
    Case("monitoring:recommendation", rec_a1, expect=REC_A1_READ),
    Case("monitoring:recommendation", rec_office, expect=REC_OFFICE_READ),
    Case("monitoring:recommendation", rec_a1, method="post", default=405),
    Case(
        "monitoring:recommendation_respond",
        rec_a1,
        method="post",
        data=RESPOND_FORM,
        default=403,
        expect={**REC_A1_READ, "staff": 302, "admin": 302, "officer_a": 302},
    ),
    Case(
        "monitoring:recommendation_respond",
        rec_office,
        method="post",
        data=RESPOND_FORM,
        default=403,
        expect={**REC_OFFICE_READ, "staff": 302, "admin": 302, "office": 302},
    ),
    Case("monitoring:recommendation_respond", rec_a1, default=405),
    Case(
        "monitoring:recommendation_verify",
        rec_a1_reported,
        method="post",
        data={"decision": "close"},
        default=403,
        expect={**REC_A1_READ, "staff": 302, "admin": 302},
    ),
    Case("monitoring:recommendation_verify", rec_a1, default=405),
    Case("monitoring:response_file", response_file_a1, expect=REC_A1_READ),
    Case("monitoring:response_file", response_file_a1, method="post", default=405),
    # The audit trail: district staff (their unit's people) and administrators; officers do not know of it.
    Case(
        "audit",
        default=403,
        expect={**ANON, "staff": 200, "admin": 200, "outsider": 200, "officer_a": 404, "officer_b": 404},
    ),
    Case("audit", method="post", default=405),
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
    response = getattr(http, case.method)(url, data=case.data_for(world))
    expected = case.expect.get(role, case.default)
    if expected == LOGIN:
        assert response.status_code == 302, (url, role, response.status_code)
        assert response.url.startswith(reverse("login")), response.url
    else:
        assert response.status_code == expected, (case.method, url, role, response.status_code)


def test_sweep_covers_every_named_url():
    """A new URL must be added to CASES: list every named route of our apps and compare."""
    from tests.helpers import named_views

    swept = {case.name for case in CASES}
    ours = {name for name, _view in named_views()} - {"password_reset_confirm"}  # needs a token: tested in test_auth.py
    assert ours - swept == set()
