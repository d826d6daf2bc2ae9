"""The monitoring part of the Tủa Chùa 2024 demo: `monitoring.demo`, loaded by `load_demo`."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from monitoring import selectors
from monitoring.demo import HOLIDAYS, demo_pdf
from monitoring.models import (
    Finding,
    MonitoringVisit,
    PublicHoliday,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    TeamMember,
    UnitFormRequirement,
    VisitKind,
    VisitMethod,
    VisitStatus,
)
from monitoring.services import check_upload
from plans.models import AdministrativeUnit
from tuachua.models import AuditEntry

S = RecommendationStatus
D = datetime.date


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` run once per class inside a transaction rolled back afterwards; its output."""
    media = override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        out = StringIO()
        call_command("load_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def demo(loaded, db):
    return loaded


def _counts() -> dict[str, int]:
    models = [
        PublicHoliday,
        UnitFormRequirement,
        ReportingPeriod,
        MonitoringVisit,
        TeamMember,
        Finding,
        Recommendation,
        RecommendationResponse,
        Submission,
        SubmissionVersion,
        AuditEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def _visits(activity: str, kind: str | None = None):
    visits = MonitoringVisit.objects.filter(activity__code=activity).prefetch_related("units", "team")
    return list(visits.filter(kind=kind) if kind else visits)


class TestMonitoringDemo:
    def test_summary_line_and_a_second_run_changes_nothing(self, demo):
        assert (
            "Giám sát — đã tạo 7 cuộc giám sát (42 thành viên đoàn), 18 phát hiện, 26 kiến nghị, 32 phản hồi, "
            "28 báo cáo đã nộp, 2 kỳ báo cáo, 30 ngày nghỉ lễ"
        ) in demo
        before = _counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert _counts() == before
        assert "Dữ liệu giám sát mẫu đã có sẵn." in out.getvalue()
        assert "Giám sát — đã tạo" not in out.getvalue()

    def test_holidays_give_working_day_report_dates(self, demo):
        assert PublicHoliday.objects.count() == len(HOLIDAYS) == 30
        assert PublicHoliday.objects.filter(date=D(2025, 1, 29)).get().name == "Tết Nguyên đán Ất Tỵ"
        periodic = _visits("2.2b", VisitKind.PERIODIC)[0]
        # 15 working days after Friday 22/11/2024 (no holiday in between)
        assert selectors.report_due_for([periodic]) == {periodic.pk: D(2024, 12, 13)}

    def test_the_periodic_round_covers_the_12_units_with_21_members(self, demo):
        [periodic] = _visits("2.2b", VisitKind.PERIODIC)
        assert (periodic.method, periodic.status) == (VisitMethod.DIRECT, VisitStatus.DONE)
        assert D(2024, 10, 1) <= periodic.actual_start <= periodic.actual_end <= D(2024, 12, 31)
        district = AdministrativeUnit.objects.get(code="TUA-CHUA")
        assert {unit.pk for unit in periodic.units.all()} == set(
            AdministrativeUnit.objects.filter(parent=district).values_list("pk", flat=True)
        )
        assert periodic.units.count() == 12
        team = list(periodic.team.all())
        assert len(team) == 21 and len({member.name for member in team}) == 21
        assert team[0].role.endswith("Trưởng đoàn") and team[0].name == "Vừ A Hùng"
        assert sum(member.office_id is not None for member in team) == 11
        assert all(member.role for member in team)

    def test_two_ad_hoc_visits_with_five_officials_and_four_programme_visits(self, demo):
        ad_hoc = _visits("2.2b", VisitKind.AD_HOC)
        assert len(ad_hoc) == 2 and all(len(visit.team.all()) == 5 for visit in ad_hoc)
        assert all(visit.status == VisitStatus.DONE for visit in ad_hoc)
        programme = _visits("2.1")
        assert len({unit.code for visit in programme for unit in visit.units.all()}) == len(programme) == 4
        assert Counter(visit.status for visit in programme) == {VisitStatus.DONE: 3, VisitStatus.PLANNED: 1}
        assert {visit.method for visit in programme} == {VisitMethod.DIRECT, VisitMethod.INDIRECT}
        [planned] = [visit for visit in programme if visit.status == VisitStatus.PLANNED]
        assert planned.planned_start > timezone.localdate()  # still to come whenever the demo is loaded
        done = MonitoringVisit.objects.filter(status=VisitStatus.DONE)
        assert all(visit.attachments.filter(kind="minutes").count() == 1 for visit in done)

    def test_recommendations_in_every_status_to_units_and_offices(self, demo):
        recs = Recommendation.objects.all()
        assert Counter(recs.values_list("status", flat=True)) == {
            S.CLOSED: 8,
            S.OPEN: 7,
            S.IN_PROGRESS: 5,
            S.REPORTED_DONE: 4,
            S.REOPENED: 2,
        }
        office_recs = recs.filter(office__isnull=False)
        assert office_recs.count() == 4 and office_recs.filter(status=S.CLOSED).exists()
        assert recs.filter(unit__isnull=False).values("unit").distinct().count() == 12
        today = timezone.localdate()
        overdue = recs.filter(selectors.overdue_q(today))
        assert overdue.count() == 11
        assert {rec.status for rec in overdue} == {S.OPEN, S.IN_PROGRESS, S.REPORTED_DONE, S.REOPENED}
        not_yet_due = recs.exclude(status=S.CLOSED).exclude(selectors.overdue_q(today))
        assert not_yet_due.count() == 7
        assert all(rec.finding is None or rec.finding.visit_id == rec.visit_id for rec in recs)

    def test_responses_come_from_the_addressees_and_staff_verify(self, demo):
        for response in RecommendationResponse.objects.select_related("author", "recommendation__unit"):
            rec = response.recommendation
            if response.new_status in (S.CLOSED, S.REOPENED):
                assert response.author.username == "phonglaodong"
            elif rec.unit_id:
                assert response.author.username == rec.unit.code.lower()
            else:
                assert response.author.username == "phongtaichinh"
        reopened = Recommendation.objects.filter(status=S.REOPENED)
        assert all(rec.responses.get(new_status=S.REOPENED).text for rec in reopened)
        done = RecommendationResponse.objects.filter(new_status=S.REPORTED_DONE)
        assert all(response.attachments.count() == 1 for response in done)
        history = AuditEntry.objects.filter(action="recommendation_verify").order_by("at")
        assert history.first().at.year == 2024  # the demo replays 2024

    def test_six_month_submissions_on_time_late_missing_returned_accepted(self, demo):
        period = ReportingPeriod.objects.get(name="6 tháng đầu năm 2024")
        assert period.due_date == D(2024, 5, 25)
        assert ReportingPeriod.objects.get(name="Năm 2024").due_date == D(2024, 11, 25)
        board = selectors.completeness(period, selectors.reporting_units(period))
        total = board.total
        assert (total.expected, total.submitted, total.on_time, total.late) == (36, 28, 19, 9)
        assert (total.accepted, total.returned, total.missing) == (18, 1, 8)
        by_unit = {row.unit.code: row.tally for row in board.unit_rows}
        assert by_unit["TA-PHIN"].submitted == by_unit["SINH-PHINH"].submitted == 0
        assert by_unit["HUOI-SO"].late == by_unit["HUOI-SO"].expected
        assert by_unit["TRUNG-THU"].on_time == 3  # sent on the due date itself
        returned = Submission.objects.get(status=SubmissionStatus.RETURNED)
        assert (returned.unit.code, returned.form.code) == ("SIN-CHAI", "MAU-01") and returned.review_comment
        resubmitted = Submission.objects.get(unit__code="MUONG-BANG", form__code="BIEU-06")
        assert resubmitted.status == SubmissionStatus.ACCEPTED and resubmitted.versions.count() == 2
        assert UnitFormRequirement.objects.count() == 12


def test_demo_pdf_passes_the_upload_check():
    content = demo_pdf("Biểu số 03 - xã Mường Báng (6 tháng)")
    assert content.startswith(b"%PDF-1.4") and content.endswith(b"%%EOF\n")
    checked = check_upload(SimpleUploadedFile("bieu.pdf", content))
    assert (checked.extension, checked.size) == ("pdf", len(content))
    start = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert content[start:].startswith(b"xref")  # the cross-reference table is where the trailer says
