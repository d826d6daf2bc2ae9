"""Mẫu số 01 — Báo cáo giám sát (Circular 10/2022/TT-BLĐTBXH): the draft tuachua builds for one unit, or the
whole district, and one reporting period, from its own data.

It reads training (classes and tours of the plan held in the period, delegates registered and approved per
unit) and monitoring (visits in the period, findings, recommendations and their status), so it lives at the
top of the house (CONVENTIONS.md, "Layout"). Callers check access first: a unit officer asks for their own
unit, staff and leaders for any unit or the district (`unit=None`).

`mau01_context` runs a fixed number of queries (at most nine) whatever the amount of data. The renderers
turn that context into the official layout of Decree 30/2020/NĐ-CP: HTML, a Word-compatible .doc (the same
HTML with Word's namespaces and page set-up) and a PDF (WeasyPrint, imported only when a PDF is asked for).

Which training events belong to a period: those whose first day falls in it; an event without dates yet
counts in the period in which its registration closed. Recommendations are those made by the visits of the
period, with their status on the report date (overdue: not closed and past the due date).
"""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from monitoring.models import (
    Finding,
    MonitoringVisit,
    Recommendation,
    RecommendationStatus,
    ReportingPeriod,
    VisitKind,
    VisitMethod,
    VisitStatus,
)
from plans.models import Activity, AdministrativeUnit, Plan
from training.models import Delegate, ListStatus, TrainingEvent
from tuachua.documents.formats import date_line, date_span, lower_first, short_date

TEMPLATE = "documents/mau01.html"
DOC_CONTENT_TYPE = "application/msword"
PDF_CONTENT_TYPE = "application/pdf"


# --- formats --------------------------------------------------------------------------------------------

_short = short_date
_span = date_span


_lower_first = lower_first


# --- reads (one query each) -----------------------------------------------------------------------------


def _visits(plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit | None) -> list[MonitoringVisit]:
    visits = (
        MonitoringVisit.objects.filter(activity__plan=plan)
        .exclude(status=VisitStatus.CANCELLED)
        .annotate(start=Coalesce("actual_start", "planned_start"), end=Coalesce("actual_end", "planned_end"))
        .filter(start__lte=period.end, end__gte=period.start)
    )
    if unit is not None:
        visits = visits.filter(units=unit)
    visits = visits.annotate(team_size=Count("team", distinct=True)).select_related("activity")
    return list(visits.prefetch_related("units").order_by("start", "pk"))


def _events(plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit | None) -> list[TrainingEvent]:
    events = (
        TrainingEvent.objects.filter(activity__plan=plan)
        .annotate(day=Coalesce("start_date", TruncDate("registration_deadline")))
        .filter(day__range=(period.start, period.end))
        .select_related("activity")
    )
    if unit is not None:
        events = events.filter(units=unit)
    return list(events.order_by("activity__order", "activity__code", "number"))


def _delegate_counts(event_ids: list[int], unit: AdministrativeUnit | None) -> list[dict]:
    """Delegates of lists sent to the Labour office (submitted or approved), per event, unit and list status."""
    rows = Delegate.objects.filter(
        reg_list__event_id__in=event_ids, reg_list__status__in=[ListStatus.SUBMITTED, ListStatus.APPROVED]
    )
    if unit is not None:
        rows = rows.filter(reg_list__unit=unit)
    return list(
        rows.values("reg_list__event_id", "reg_list__unit_id", "reg_list__status").annotate(
            n=Count("id"), unpaid=Count("id", filter=Q(paid_by_state=False))
        )
    )


# --- sections -------------------------------------------------------------------------------------------


def _visited(visit: MonitoringVisit, every_unit: int) -> str:
    units = list(visit.units.all())
    if every_unit > 3 and len(units) == every_unit:
        return f"Cả {every_unit} đơn vị"
    return ", ".join(unit.name for unit in units)


def _visit_section(visits: list[MonitoringVisit], every_unit: int) -> dict:
    rows = [
        {
            "title": visit.title,
            "activity": visit.activity.code,
            "kind": f"{VisitKind(visit.kind).label}, {VisitMethod(visit.method).label.lower()}",
            "dates": _span(visit.start, visit.end),
            "units": _visited(visit, every_unit),
            "team_size": visit.team_size,
            "status": VisitStatus(visit.status).label,
        }
        for visit in visits
    ]
    done = [visit for visit in visits if visit.status == VisitStatus.DONE]
    return {
        "rows": rows,
        "total": len(visits),
        "done": len(done),
        "periodic": sum(visit.kind == VisitKind.PERIODIC for visit in done),
        "ad_hoc": sum(visit.kind == VisitKind.AD_HOC for visit in done),
        "direct": sum(visit.method == VisitMethod.DIRECT for visit in done),
        "indirect": sum(visit.method == VisitMethod.INDIRECT for visit in done),
        "units_visited": len({unit.pk for visit in done for unit in visit.units.all()}),
        "planned": len(visits) - len(done),
    }


def _training_section(events, counts, units, district) -> dict:
    per_event, per_unit = defaultdict(Counter), defaultdict(Counter)
    for row in counts:
        approved = row["reg_list__status"] == ListStatus.APPROVED
        for key, bucket in ((row["reg_list__event_id"], per_event), (row["reg_list__unit_id"], per_unit)):
            bucket[key]["registered"] += row["n"]
            bucket[key]["approved"] += row["n"] if approved else 0
            bucket[key]["unpaid"] += row["unpaid"] if approved else 0
    event_rows = [
        {
            "title": event.title,
            "activity": event.activity.code,
            "dates": _span(event.start_date, event.end_date) or "Chưa có ngày cụ thể",
            "days": event.days,
            **{key: per_event[event.pk][key] for key in ("registered", "approved", "unpaid")},
        }
        for event in events
    ]
    unit_rows = [{"name": unit.full_name, **per_unit[unit.pk]} for unit in units]
    if units and per_unit.get(district.pk):
        unit_rows.append({"name": f"Cấp huyện ({district.full_name})", **per_unit[district.pk]})
    total = sum(per_event.values(), Counter())
    return {"events": event_rows, "units": unit_rows, "total": {key: total[key] for key in ("registered", "approved")}}


def _recommendation_section(recs: list[Recommendation], today: datetime.date) -> dict:
    statuses = Counter(rec.status for rec in recs)
    rows = []
    for rec in recs:
        late = (today - rec.due_date).days if rec.is_overdue(today) else 0
        rows.append(
            {
                "text": rec.text,
                "addressee": rec.unit.full_name if rec.unit_id else rec.office.name,
                "due": _short(rec.due_date),
                "status": RecommendationStatus(rec.status).label,
                "overdue_days": late,
            }
        )
    closed = statuses[RecommendationStatus.CLOSED]
    return {
        "rows": rows,
        "total": len(recs),
        "by_status": [(status.label, statuses[status]) for status in RecommendationStatus],
        "overdue": sum(row["overdue_days"] > 0 for row in rows),
        "closed_rate": round(100 * closed / len(recs)) if recs else None,
    }


def _addressing(plan: Plan, unit: AdministrativeUnit | None, lead_office) -> dict:
    district = plan.issuing_unit
    if unit is not None:
        via = f" (qua {lead_office.name})" if lead_office else ""
        return {
            "to": [f"Ban Chỉ đạo các Chương trình mục tiêu quốc gia {district.full_name}{via}."],
            "recipients": ["Như trên;", "Thường trực Đảng ủy, HĐND xã;", "Lưu: VT."],
            "signing": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
            "signer": "",
        }
    parent = district.parent
    to = []
    if parent is not None:
        to = [f"Ủy ban nhân dân {parent.full_name};", f"Sở Lao động - Thương binh và Xã hội {parent.full_name}."]
    return {
        "to": to,
        "recipients": [
            "Như trên;",
            "Thường trực Huyện ủy, HĐND huyện;",
            "Lãnh đạo UBND huyện;",
            "Thành viên BCĐ các CTMTQG huyện;",
            "Lưu: VT.",
        ],
        "signing": [*plan.signing_capacity.splitlines(), plan.signer_title] if plan.signing_capacity else ["CHỦ TỊCH"],
        "signer": plan.signer_name,
    }


# --- the context ----------------------------------------------------------------------------------------


def mau01_context(
    *, plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit | None = None, today: datetime.date | None = None
) -> dict:
    """Everything the Mẫu 01 draft shows, for `unit` (or the district when None) and `period`, as of `today`."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        plan = Plan.objects.select_related("programme", "issuing_unit__parent").get(pk=plan.pk)
        district = plan.issuing_unit
        issuer = unit or district
        if unit is None:
            units = list(AdministrativeUnit.objects.filter(parent=district, is_active=True).order_by("sort_order"))
        else:
            units = [unit]
        lead = Activity.objects.filter(plan=plan).select_related("lead_office").order_by("order").first()
        visits = _visits(plan, period, unit)
        visit_ids = [visit.pk for visit in visits]
        findings = Finding.objects.filter(visit_id__in=visit_ids).select_related("unit")
        recs = Recommendation.objects.filter(visit_id__in=visit_ids).select_related("unit", "office")
        if unit is not None:
            findings = findings.filter(Q(unit=unit) | Q(unit__isnull=True))
            recs = recs.filter(unit=unit)
        order = {pk: index for index, pk in enumerate(visit_ids)}
        findings = sorted(findings, key=lambda finding: (order[finding.visit_id], finding.order))
        recs = sorted(recs, key=lambda rec: (rec.due_date, order[rec.visit_id], rec.pk))
        events = _events(plan, period, unit)
        delegates = _delegate_counts([event.pk for event in events], unit)
        return {
            "plan": plan,
            "period": period,
            "unit": unit,
            "is_district": unit is None,
            "issuer": issuer,
            "issuer_body": f"UBND {issuer.full_name.upper()}",
            "issuer_name": f"UBND {issuer.full_name}",
            "number": "Số: …/BC-UBND",
            "place_date": date_line(issuer.name if unit else (plan.issue_place or district.name), today),
            "today": today,
            "subject": f"Kết quả giám sát thực hiện {plan.programme.name}",
            "period_line": period.name,
            "period_range": f"từ ngày {_short(period.start)} đến ngày {_short(period.end)}",
            "plan_reference": f"Kế hoạch số {plan.reference} của UBND {district.full_name}",
            "plan_title": _lower_first(plan.title),
            "period_lower": _lower_first(period.name),
            "visits": _visit_section(visits, len(units) if unit is None else 0),
            "findings": [
                {"text": finding.text, "unit": finding.unit.full_name if finding.unit_id else ""}
                for finding in findings
            ],
            "training": _training_section(events, delegates, units if unit is None else [], district),
            "recommendations": _recommendation_section(recs, today),
            **_addressing(plan, unit, lead.lead_office if lead else None),
        }


# --- rendering ------------------------------------------------------------------------------------------


def render_mau01_html(context: dict, *, for_word: bool = False) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, {**context, "for_word": for_word})


def render_mau01_doc(context: dict) -> bytes:
    """A Word-compatible document (.doc, `application/msword`): HTML with Word's namespaces and page set-up,
    which Word opens in print layout with the same margins, fonts and tables."""
    return render_mau01_html(context, for_word=True).encode("utf-8")


def render_mau01_pdf(context: dict) -> bytes:
    """The draft as PDF (A4, the official margins and font), page numbers from page 2."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango) that only PDFs need

    return HTML(string=render_mau01_html(context)).write_pdf()


def mau01_filename(context: dict, extension: str) -> str:
    """ "mau01-xa-muong-bang-6-thang-dau-nam-2024.pdf" (ASCII, for the download's file name)."""
    who = context["issuer"].full_name.replace("đ", "d").replace("Đ", "D")
    period = context["period"].name.replace("đ", "d").replace("Đ", "D")
    return f"mau01-{slugify(who)}-{slugify(period)}.{extension}"
