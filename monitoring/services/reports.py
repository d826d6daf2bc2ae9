"""Writes of periodic reporting: the form catalogue, units' settings, periods, uploads and their review."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import selectors
from monitoring.models import (
    PeriodKind,
    ReportForm,
    ReportingPeriod,
    RequiredOf,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    UnitFormRequirement,
)
from monitoring.services.uploads import DOCUMENT_TYPES, check_upload
from plans.models import AdministrativeUnit, Plan
from tuachua.audit import log_action
from tuachua.text import clean_multiline, clean_text

_DATA_PERIODS = [PeriodKind.SIX_MONTH, PeriodKind.ANNUAL]
# Biểu 04–15, one per programme component. Inferred (BRIEF §5), not checked against the circular: edit as data.
_COMPONENTS = [
    "Dự án 1",
    "Dự án 2",
    "Tiểu dự án 1 Dự án 3",
    "Tiểu dự án 2 Dự án 3",
    "Tiểu dự án 1 Dự án 4",
    "Tiểu dự án 2 Dự án 4",
    "Tiểu dự án 3 Dự án 4",
    "Dự án 5",
    "Tiểu dự án 1 Dự án 6",
    "Tiểu dự án 2 Dự án 6",
    "Tiểu dự án 1 Dự án 7",
    "Tiểu dự án 2 Dự án 7",
]


def default_catalogue() -> list[dict]:
    """The forms of Circular 10/2022/TT-BLĐTBXH as this programme uses them (Biểu 03–15, Mẫu 01, Mẫu 02)."""
    forms = [
        {
            "code": "BIEU-03",
            "name": "Biểu số 03",
            "component": "Chương trình",
            "required_of": RequiredOf.ALL_UNITS,
            "period_kinds": _DATA_PERIODS,
            "order": 3,
        }
    ]
    forms += [
        {
            "code": f"BIEU-{number:02d}",
            "name": f"Biểu số {number:02d}",
            "component": component,
            "required_of": RequiredOf.IMPLEMENTING_UNITS,
            "period_kinds": _DATA_PERIODS,
            "order": number,
        }
        for number, component in enumerate(_COMPONENTS, start=4)
    ]
    forms += [
        {
            "code": "MAU-01",
            "name": "Mẫu số 01 — Báo cáo giám sát",
            "component": "",
            "required_of": RequiredOf.ALL_UNITS,
            "period_kinds": [PeriodKind.SIX_MONTH, PeriodKind.ANNUAL, PeriodKind.AFTER_ROUND],
            "order": 101,
        },
        {
            "code": "MAU-02",
            "name": "Mẫu số 02 — Báo cáo đánh giá",
            "component": "",
            "required_of": RequiredOf.ALL_UNITS,
            "period_kinds": [
                PeriodKind.ANNUAL,
                PeriodKind.BASELINE,
                PeriodKind.MID_TERM,
                PeriodKind.FINAL,
                PeriodKind.AD_HOC,
            ],
            "order": 102,
        },
    ]
    return forms


@transaction.atomic
def report_forms_install_defaults(*, by=None) -> int:
    """Add the forms of the default catalogue that are missing (by code); returns how many were added."""
    existing = set(ReportForm.objects.values_list("code", flat=True))
    added = 0
    for values in default_catalogue():
        if values["code"] in existing:
            continue
        form = ReportForm(**{**values, "period_kinds": [str(kind) for kind in values["period_kinds"]]})
        form.full_clean()
        form.save()
        log_action(actor=by, action="report_form_add", obj=form)
        added += 1
    return added


@transaction.atomic
def unit_form_requirement_set(*, unit: AdministrativeUnit, form: ReportForm, required: bool, by) -> bool:
    """Mark whether the unit carries out the form's component itself (and so owes the form). True if changed."""
    if not selectors.may_manage(by, unit=unit):
        raise PermissionDenied
    existing = UnitFormRequirement.objects.filter(unit=unit, form=form)
    if required == existing.exists():
        return False
    if required:
        requirement = UnitFormRequirement(unit=unit, form=form)
        requirement.full_clean()
        requirement.save()
    else:
        existing.delete()
    log_action(actor=by, action="unit_form_requirement_set", obj=unit, form=form.code, required=required)
    return True


@transaction.atomic
def reporting_period_create(
    *,
    plan: Plan,
    name: str,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    due_date: datetime.date,
    by,
) -> ReportingPeriod:
    """Open a reporting period of a plan with the due date the plan sets."""
    if not selectors.may_manage(by, plan=plan):
        raise PermissionDenied
    period = ReportingPeriod(plan=plan, name=clean_text(name), kind=kind, start=start, end=end, due_date=due_date)
    period.full_clean()
    period.save()
    log_action(actor=by, action="reporting_period_create", obj=period, due_date=due_date.isoformat())
    return period


@transaction.atomic
def submission_upload(*, period: ReportingPeriod, unit: AdministrativeUnit, form: ReportForm, file, by) -> Submission:
    """Upload a unit's form for a period: the first upload creates the submission, later ones add a version
    (earlier versions are kept). Refused when the unit does not owe the form or it was already accepted."""
    if not selectors.may_upload(by, unit):
        raise PermissionDenied
    if unit.parent_id != period.plan.issuing_unit_id:
        raise ValidationError(_("Đơn vị không báo cáo trong kỳ này."))
    if form not in selectors.required_forms(period, [unit])[unit.pk]:
        raise ValidationError(_("%(unit)s không phải nộp %(form)s trong kỳ này.") % {"unit": unit, "form": form.name})
    checked = check_upload(file, allowed=DOCUMENT_TYPES)
    now = timezone.now()
    submission = Submission.objects.select_for_update().filter(period=period, unit=unit, form=form).first()
    if submission is None:
        submission = Submission(period=period, unit=unit, form=form, first_submitted_at=now)
    elif submission.status == SubmissionStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được chấp nhận nên không nộp lại được."))
    old_status = submission.status if submission.pk else None
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, by
    submission.full_clean()
    submission.save()
    number = (submission.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = SubmissionVersion(
        submission=submission,
        number=number,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    version.file.save(checked.stored_name, checked.as_file(), save=False)
    version.full_clean()
    version.save()
    log_action(
        actor=by,
        action="submission_upload",
        obj=submission,
        version=number,
        file=checked.original_name,
        old=old_status,
        late=now >= period.deadline,
    )
    return submission


@transaction.atomic
def submission_review(*, submission: Submission, by, accept: bool, comment: str = "") -> Submission:
    """Staff accept a submitted report or return it to the unit with a comment saying what to fix."""
    locked = Submission.objects.select_for_update().select_related("period__plan__issuing_unit").get(pk=submission.pk)
    if not selectors.may_manage(by, plan=locked.period.plan):
        raise PermissionDenied
    if locked.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được báo cáo đang chờ duyệt."))
    comment = clean_multiline(comment)
    if not accept and not comment:
        raise ValidationError(_("Hãy ghi rõ cần sửa gì khi trả lại báo cáo."))
    locked.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    locked.review_comment = comment
    locked.reviewed_by, locked.reviewed_at = by, timezone.now()
    locked.full_clean()
    locked.save()
    log_action(actor=by, action="submission_review", obj=locked, new=locked.status, comment=comment)
    for name in ("status", "review_comment", "reviewed_by_id", "reviewed_at"):
        setattr(submission, name, getattr(locked, name))
    return submission
