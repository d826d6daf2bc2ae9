import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import selectors, services
from monitoring.models import (
    PeriodKind,
    ReportForm,
    RequiredOf,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    UnitFormRequirement,
)
from tests.factories import UnitFactory
from tests.monitoring import install_catalogue, pdf, six_month_period, upload, xlsx
from tuachua.models import AuditEntry

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def forms(db):
    return install_catalogue()


@pytest.fixture
def period(world):
    return six_month_period(world)


@pytest.fixture
def implementing(world, forms):
    """Commune A1 carries out Dự án 1 and Tiểu dự án 1 Dự án 7; commune A2 implements nothing itself."""
    a1 = world.a.communes[0]
    for code in ("BIEU-04", "BIEU-14"):
        services.unit_form_requirement_set(unit=a1, form=forms[code], required=True, by=world.users.staff)


def _codes(forms_list):
    return [form.code for form in forms_list]


def test_catalogue_is_data_and_installs_once(forms):
    assert len(forms) == 15
    assert forms["BIEU-03"].required_of == RequiredOf.ALL_UNITS
    assert {forms[f"BIEU-{n:02d}"].required_of for n in range(4, 16)} == {RequiredOf.IMPLEMENTING_UNITS}
    assert forms["BIEU-06"].component == "Tiểu dự án 1 Dự án 3"
    assert services.report_forms_install_defaults() == 0


def test_required_forms_per_unit(world, forms, period, implementing, django_assert_num_queries):
    a1, a2 = world.a.communes
    with django_assert_num_queries(2):
        owed = selectors.required_forms(period, [a1, a2])
    assert _codes(owed[a1.pk]) == ["BIEU-03", "BIEU-04", "BIEU-14", "MAU-01"]
    assert _codes(owed[a2.pk]) == ["BIEU-03", "MAU-01"]
    annual = services.reporting_period_create(
        plan=world.a.plan,
        name="Năm 2024",
        kind=PeriodKind.ANNUAL,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        due_date=D(2024, 11, 25),
        by=world.users.staff,
    )
    assert _codes(selectors.required_forms(annual, [a2])[a2.pk]) == ["BIEU-03", "MAU-01", "MAU-02"]
    baseline = services.reporting_period_create(
        plan=world.a.plan,
        name="Đầu kỳ",
        kind=PeriodKind.BASELINE,
        start=D(2024, 1, 1),
        end=D(2024, 1, 31),
        due_date=D(2024, 2, 28),
        by=world.users.staff,
    )
    assert _codes(selectors.required_forms(baseline, [a1])[a1.pk]) == ["MAU-02"]


def test_unit_setting_only_for_implementing_forms(world, forms):
    a1 = world.a.communes[0]
    with pytest.raises(ValidationError, match="mọi đơn vị đều phải nộp"):
        services.unit_form_requirement_set(unit=a1, form=forms["BIEU-03"], required=True, by=world.users.staff)
    assert services.unit_form_requirement_set(unit=a1, form=forms["BIEU-05"], required=True, by=world.users.staff)
    assert not services.unit_form_requirement_set(unit=a1, form=forms["BIEU-05"], required=True, by=world.users.staff)
    assert services.unit_form_requirement_set(unit=a1, form=forms["BIEU-05"], required=False, by=world.users.staff)
    assert not UnitFormRequirement.objects.exists()
    with pytest.raises(PermissionDenied):
        services.unit_form_requirement_set(unit=a1, form=forms["BIEU-05"], required=True, by=world.users.outsider)


def test_resubmission_keeps_versions(world, forms, period):
    officer, staff = world.users.officer_a, world.users.staff
    a1 = world.a.communes[0]
    first = services.submission_upload(period=period, unit=a1, form=forms["BIEU-03"], file=xlsx(), by=officer)
    services.submission_review(submission=first, by=staff, accept=False, comment="Thiếu số liệu thôn 2")
    assert first.status == SubmissionStatus.RETURNED
    second = services.submission_upload(
        period=period, unit=a1, form=forms["BIEU-03"], file=pdf("Biểu 03 (sửa).pdf"), by=officer
    )
    assert second.pk == first.pk and second.status == SubmissionStatus.SUBMITTED
    assert second.first_submitted_at == first.first_submitted_at <= second.submitted_at
    versions = list(SubmissionVersion.objects.filter(submission=second))
    assert [(v.number, v.content_type.split("/")[-1][:3]) for v in versions] == [(1, "vnd"), (2, "pdf")]
    assert versions[0].file.name != versions[1].file.name
    assert versions[0].file.name.startswith("private/monitoring/submissions/")
    services.submission_review(submission=second, by=staff, accept=True)
    with pytest.raises(ValidationError, match="đã được chấp nhận"):
        services.submission_upload(period=period, unit=a1, form=forms["BIEU-03"], file=xlsx(), by=officer)
    actions = list(
        AuditEntry.objects.filter(object_type="monitoring.submission").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["submission_upload", "submission_review", "submission_upload", "submission_review"]


def test_upload_refusals(world, forms, period):
    a1, a2 = world.a.communes
    users = world.users
    with pytest.raises(ValidationError) as caught:
        services.submission_upload(period=period, unit=a2, form=forms["BIEU-04"], file=xlsx(), by=users.officer_b)
    assert caught.value.messages == ["xã Xã A2 không phải nộp Biểu số 04 trong kỳ này."]
    with pytest.raises(ValidationError, match="không báo cáo trong kỳ này"):
        services.submission_upload(
            period=period, unit=world.b.communes[0], form=forms["BIEU-03"], file=xlsx(), by=users.admin
        )
    for user in (users.officer_b, users.leader, users.office, users.outsider):
        with pytest.raises(PermissionDenied):
            services.submission_upload(period=period, unit=a1, form=forms["BIEU-03"], file=xlsx(), by=user)
    with pytest.raises(ValidationError, match="có nội dung là ảnh PNG"):
        services.submission_upload(
            period=period,
            unit=a1,
            form=forms["BIEU-03"],
            file=upload("b.pdf", b"\x89PNG\r\n\x1a\n0"),
            by=users.officer_a,
        )
    assert not Submission.objects.exists()


def test_review_rules(world, forms, period):
    sub = services.submission_upload(
        period=period, unit=world.a.communes[0], form=forms["MAU-01"], file=pdf(), by=world.users.staff
    )
    with pytest.raises(ValidationError, match="cần sửa gì"):
        services.submission_review(submission=sub, by=world.users.staff, accept=False)
    for user in (world.users.officer_a, world.users.leader, world.users.outsider):
        with pytest.raises(PermissionDenied):
            services.submission_review(submission=sub, by=user, accept=True)
    services.submission_review(submission=sub, by=world.users.staff, accept=True)
    with pytest.raises(ValidationError, match="đang chờ duyệt"):
        services.submission_review(submission=sub, by=world.users.staff, accept=True)


def _submit(period, unit, form, *, on_time: bool, by):
    sub = services.submission_upload(period=period, unit=unit, form=form, file=xlsx(), by=by)
    if on_time:
        moment = timezone.make_aware(datetime.datetime.combine(period.due_date, datetime.time(16, 0)))
        Submission.objects.filter(pk=sub.pk).update(first_submitted_at=moment, submitted_at=moment)
    return sub


def test_completeness_counts_and_rates(world, forms, period, implementing):
    a1, a2 = world.a.communes
    staff = world.users.staff
    accepted = _submit(period, a1, forms["BIEU-03"], on_time=True, by=staff)
    services.submission_review(submission=accepted, by=staff, accept=True)
    _submit(period, a1, forms["BIEU-04"], on_time=False, by=staff)
    returned = _submit(period, a2, forms["BIEU-03"], on_time=True, by=staff)
    services.submission_review(submission=returned, by=staff, accept=False, comment="Sai mẫu")

    board = selectors.completeness(period, [a1, a2])

    assert _codes(board.forms) == ["BIEU-03", "BIEU-04", "BIEU-14", "MAU-01"]
    row1, row2 = board.unit_rows
    t1, t2 = row1.tally, row2.tally
    assert (t1.expected, t1.submitted, t1.on_time, t1.late, t1.accepted, t1.missing) == (4, 2, 1, 1, 1, 2)
    assert (t1.submitted_rate, t1.on_time_rate, t1.accepted_rate) == (50.0, 25.0, 25.0)
    assert (t2.expected, t2.submitted, t2.on_time, t2.accepted, t2.returned) == (2, 1, 1, 0, 1)
    assert [cell.required for cell in row2.cells] == [True, False, False, True]
    assert [cell.on_time for cell in row1.cells] == [True, False, None, None]
    by_form = {row.form.code: row.tally for row in board.form_rows}
    assert (by_form["BIEU-03"].expected, by_form["BIEU-03"].on_time, by_form["BIEU-03"].submitted_rate) == (2, 2, 100.0)
    assert (by_form["BIEU-04"].expected, by_form["BIEU-04"].late) == (1, 1)
    assert (by_form["MAU-01"].expected, by_form["MAU-01"].submitted_rate) == (2, 0.0)
    total = board.total
    assert (total.expected, total.submitted, total.on_time, total.late, total.accepted, total.returned) == (
        6,
        3,
        2,
        1,
        1,
        1,
    )
    assert round(total.submitted_rate) == 50


def test_rates_are_undefined_when_nothing_is_expected():
    assert selectors.Tally().submitted_rate is None


def _grow(world, period, forms, count):
    """`count` more communes in district A, each implementing every Biểu 04–15 and with a submission for all."""
    units = [UnitFactory(parent=world.a.unit) for _ in range(count)]
    implementing_forms = [f for f in forms.values() if f.required_of == RequiredOf.IMPLEMENTING_UNITS]
    UnitFormRequirement.objects.bulk_create(
        UnitFormRequirement(unit=unit, form=form) for unit in units for form in implementing_forms
    )
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(period=period, unit=unit, form=form, first_submitted_at=now, submitted_at=now)
        for unit in units
        for form in forms.values()
        if form.code != "MAU-02"
    )
    return list(selectors.reporting_units(period))


def _queries(period, units):
    with CaptureQueriesContext(connection) as ctx:
        board = selectors.completeness(period, units)
    return len(ctx.captured_queries), board


def test_completeness_query_count_does_not_grow(world, forms, period):
    small, _board = _queries(period, world.a.communes)
    units = _grow(world, period, forms, 30)
    large, board = _queries(period, units)
    assert small == large == 3
    assert len(board.unit_rows) == 32 and len(board.forms) == 14
    assert board.total.expected == 2 * 2 + 30 * 14 and board.total.submitted == 30 * 14


def test_owed_by_unit(world, forms, period, implementing, django_assert_num_queries):
    a1 = world.a.communes[0]
    officer = world.users.officer_a
    services.submission_upload(period=period, unit=a1, form=forms["BIEU-03"], file=xlsx(), by=officer)
    returned = services.submission_upload(period=period, unit=a1, form=forms["BIEU-04"], file=xlsx(), by=officer)
    services.submission_review(submission=returned, by=world.users.staff, accept=False, comment="Sửa cột 5")
    with django_assert_num_queries(5):
        owed = selectors.owed_by_unit(a1, today=D(2024, 6, 12))
    assert [(item.kind, item.form.code, item.returned) for item in owed] == [
        ("report", "BIEU-04", True),
        ("report", "BIEU-14", False),
        ("report", "MAU-01", False),
    ]
    assert all(item.is_overdue and item.days_left == -2 for item in owed)
    assert selectors.owed_by_unit(world.b.communes[0], today=D(2024, 6, 12)) == []


def test_form_catalogue_validates_period_kinds(db):
    form = ReportForm(code="X", name="X", period_kinds=["weekly"])
    with pytest.raises(ValidationError, match="Danh sách kỳ không hợp lệ"):
        form.full_clean()
