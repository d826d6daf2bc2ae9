"""Writes of recommendations: create, the addressee's responses with evidence, staff's verification."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import selectors
from monitoring.models import (
    ADDRESSEE_TRANSITIONS,
    Finding,
    MonitoringVisit,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ResponseAttachment,
    VisitStatus,
)
from monitoring.services.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload
from plans.models import AdministrativeUnit, Office
from tuachua.audit import log_action
from tuachua.text import clean_multiline

EVIDENCE_TYPES = DOCUMENT_TYPES + IMAGE_TYPES
MAX_EVIDENCE_FILES = 10


def _lock(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("unit", "office", "visit__activity__plan__issuing_unit")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def recommendation_create(
    *,
    visit: MonitoringVisit,
    text: str,
    due_date: datetime.date,
    by,
    unit: AdministrativeUnit | None = None,
    office: Office | None = None,
    finding: Finding | None = None,
) -> Recommendation:
    """Record a recommendation of `visit`, addressed to exactly one unit or one office, due by `due_date`."""
    if not selectors.may_manage(by, plan=visit.activity.plan):
        raise PermissionDenied
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("Cuộc giám sát đã hủy nên không ghi kiến nghị được."))
    if unit is not None and not unit.path.startswith(visit.activity.plan.issuing_unit.path):
        raise ValidationError(_("Đơn vị nhận kiến nghị phải thuộc phạm vi của kế hoạch."))
    rec = Recommendation(
        visit=visit,
        finding=finding,
        text=clean_multiline(text),
        unit=unit,
        office=office,
        due_date=due_date,
        created_by=by,
    )
    if not rec.text:
        raise ValidationError(_("Hãy nhập nội dung kiến nghị."))
    rec.full_clean()
    rec.save()
    log_action(
        actor=by,
        action="recommendation_create",
        obj=rec,
        addressee=str(rec.addressee),
        due_date=due_date.isoformat(),
    )
    return rec


@transaction.atomic
def recommendation_respond(
    *, recommendation: Recommendation, by, text: str, new_status: str, files=()
) -> RecommendationResponse:
    """The addressee reports progress ("in progress") or completion ("reported done"), with evidence files."""
    rec = _lock(recommendation)
    if not selectors.may_respond(by, rec):
        raise PermissionDenied
    old = RecommendationStatus(rec.status)
    allowed = ADDRESSEE_TRANSITIONS.get(old, set())
    if new_status not in allowed:
        if old == RecommendationStatus.REPORTED_DONE:
            message = _("Kiến nghị đã báo cáo hoàn thành, đang chờ Phòng LĐTBXH kiểm tra.")
        elif old == RecommendationStatus.CLOSED:
            message = _("Kiến nghị đã được kiểm tra và đóng.")
        else:
            message = _("Chỉ chọn được “Đang thực hiện” hoặc “Đã báo cáo hoàn thành”.")
        raise ValidationError(message)
    text = clean_multiline(text)
    files = list(files)
    if new_status == RecommendationStatus.REPORTED_DONE and not (text or files):
        raise ValidationError(_("Hãy mô tả kết quả thực hiện hoặc đính kèm minh chứng."))
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(_("Mỗi lần gửi tối đa %(n)s tệp.") % {"n": MAX_EVIDENCE_FILES})
    checked = [check_upload(file, allowed=EVIDENCE_TYPES) for file in files]  # all checked before any is stored
    response = _respond(rec, by=by, text=text, old=old, new=new_status)
    for upload in checked:
        attachment = ResponseAttachment(
            response=response,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(upload.stored_name, upload.as_file(), save=False)
        attachment.full_clean()
        attachment.save()
    log_action(
        actor=by,
        action="recommendation_respond",
        obj=rec,
        old=str(old),
        new=new_status,
        files=[upload.original_name for upload in checked],
    )
    _sync(recommendation, rec)
    return response


@transaction.atomic
def recommendation_verify(
    *, recommendation: Recommendation, by, close: bool, comment: str = ""
) -> RecommendationResponse:
    """Staff check a recommendation reported done: close it, or reopen it saying what is still missing."""
    rec = _lock(recommendation)
    if not selectors.may_manage(by, plan=rec.visit.activity.plan):
        raise PermissionDenied
    old = RecommendationStatus(rec.status)
    if old != RecommendationStatus.REPORTED_DONE:
        raise ValidationError(_("Chỉ kiểm tra được kiến nghị đã báo cáo hoàn thành."))
    comment = clean_multiline(comment)
    if not close and not comment:
        raise ValidationError(_("Hãy ghi rõ lý do mở lại kiến nghị."))
    new = RecommendationStatus.CLOSED if close else RecommendationStatus.REOPENED
    if close:
        rec.closed_at, rec.closed_by = timezone.now(), by
    response = _respond(rec, by=by, text=comment, old=old, new=new)
    log_action(actor=by, action="recommendation_verify", obj=rec, old=str(old), new=str(new), comment=comment)
    _sync(recommendation, rec)
    return response


def _respond(rec: Recommendation, *, by, text: str, old: str, new: str) -> RecommendationResponse:
    rec.status = new
    rec.full_clean()
    rec.save()
    return RecommendationResponse.objects.create(
        recommendation=rec, author=by, text=text, old_status=old, new_status=new
    )


def _sync(target: Recommendation, source: Recommendation) -> None:
    """Let the caller's instance reflect what was saved."""
    for name in ("status", "closed_at", "closed_by_id", "updated_at"):
        setattr(target, name, getattr(source, name))
