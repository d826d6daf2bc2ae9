"""Pages of periodic reporting: the periods, the completeness board, a unit's page, uploads, review, files."""

import datetime
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import RequiredOf, Submission, SubmissionStatus, SubmissionVersion, UnitFormRequirement
from monitoring.services import MAX_UPLOAD_BYTES
from plans.models import AdministrativeUnit
from tests.factories import UnitFactory
from tests.monitoring import PDF, PNG, install_catalogue, pdf, six_month_period, upload, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def forms(db):
    return install_catalogue()


@pytest.fixture
def period(world, forms):
    return six_month_period(world)


@pytest.fixture
def a1(world):
    return world.a.communes[0]


@pytest.fixture
def a2(world):
    return world.a.communes[1]


def _submit(period, unit, form, *, by, on_time=False, file=None):
    sub = services.submission_upload(period=period, unit=unit, form=form, file=file or xlsx(), by=by)
    if on_time:
        moment = timezone.make_aware(datetime.datetime.combine(period.due_date, datetime.time(9, 0)))
        Submission.objects.filter(pk=sub.pk).update(first_submitted_at=moment, submitted_at=moment)
        sub.refresh_from_db()
    return sub


@pytest.fixture
def small_world(world, forms, period, a1, a2):
    """A1 implements Biểu 04: it owes 03, 04, Mẫu 01. 03 accepted on time, 04 late, Mẫu 01 missing.
    A2 owes 03 and Mẫu 01: 03 returned (on time), Mẫu 01 on time."""
    staff = world.users.staff
    services.unit_form_requirement_set(unit=a1, form=forms["BIEU-04"], required=True, by=staff)
    accepted = _submit(period, a1, forms["BIEU-03"], by=staff, on_time=True)
    services.submission_review(submission=accepted, by=staff, accept=True)
    late = _submit(period, a1, forms["BIEU-04"], by=staff)
    returned = _submit(period, a2, forms["BIEU-03"], by=staff, on_time=True)
    services.submission_review(submission=returned, by=staff, accept=False, comment="Sai mẫu")
    on_time = _submit(period, a2, forms["MAU-01"], by=staff, on_time=True)
    return {"accepted": accepted, "late": late, "returned": returned, "on_time": on_time}


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _upload_url(period, unit, form):
    return reverse("reports:upload", args=[period.pk, unit.pk, form.pk])


# ---- periods -----------------------------------------------------------------------------------------


def test_period_list_shows_rates(world, login, small_world, period):
    response = login(world.users.staff).get(reverse("reports:period_list"))
    assert response.status_code == 200
    [(shown, total)] = response.context["rows"]
    assert shown == period
    assert (total.expected, total.submitted, total.on_time, total.accepted) == (5, 4, 3, 1)
    assert "80%" in response.content.decode()


def test_period_list_sends_an_officer_to_their_unit(world, login, a1):
    response = login(world.users.officer_a).get(reverse("reports:period_list"))
    assert response.status_code == 302 and response.url == reverse("reports:unit", args=[a1.pk])


def test_period_list_of_another_district_is_empty(world, login, period):
    response = login(world.users.outsider).get(reverse("reports:period_list"))
    assert response.status_code == 200 and response.context["rows"] == []


# ---- completeness board ------------------------------------------------------------------------------


def test_board_counts_and_states(world, login, small_world, period, a1, a2):
    response = login(world.users.leader).get(reverse("reports:board", args=[period.pk]))
    assert response.status_code == 200
    board = response.context["board"]
    assert [form.code for form in board.forms] == ["BIEU-03", "BIEU-04", "MAU-01"]
    rows = response.context["rows"]
    states = {row.unit.pk: [cell["key"] if cell else "" for cell in cells] for row, _link, cells in rows}
    assert states == {a1.pk: ["accepted", "late", "missing"], a2.pk: ["returned", "", "on_time"]}
    t1, t2 = (row.tally for row in board.unit_rows)
    assert (t1.expected, t1.submitted, t1.on_time, t1.late, t1.accepted) == (3, 2, 1, 1, 1)
    assert (t2.expected, t2.submitted, t2.on_time, t2.late, t2.accepted) == (2, 2, 2, 0, 0)
    by_form = {row.form.code: row.tally for row in board.form_rows}
    assert (by_form["BIEU-03"].submitted_rate, by_form["BIEU-03"].accepted_rate) == (100.0, 50.0)
    assert (by_form["MAU-01"].expected, by_form["MAU-01"].submitted) == (2, 1)
    html = response.content.decode()
    # Each state has a symbol and words, not a colour alone; cells link to the submission or the unit's page.
    for words in ("Đã chấp nhận", "Nộp trễ hạn", "Chưa nộp", "Trả lại để sửa", "Nộp đúng hạn"):
        assert words in html
    assert reverse("reports:submission", args=[small_world["late"].pk]) in html
    missing_link = reverse("reports:unit", args=[a1.pk]) + f"#item-{period.pk}-{board.forms[2].pk}"
    assert missing_link in html


def test_board_filter_keeps_units_with_missing_items(world, login, small_world, period, a1):
    response = login(world.users.staff).get(reverse("reports:board", args=[period.pk]), {"missing": "1"})
    assert [row.unit for row, _link, _cells in response.context["rows"]] == [a1]
    assert response.context["board"].total.expected == 5  # totals stay over every unit


def _grow(world, period, forms, count):
    units = [UnitFactory(parent=world.a.unit) for _ in range(count)]
    implementing = [form for form in forms.values() if form.required_of == RequiredOf.IMPLEMENTING_UNITS]
    UnitFormRequirement.objects.bulk_create(
        UnitFormRequirement(unit=unit, form=form) for unit in units for form in implementing
    )
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(period=period, unit=unit, form=form, first_submitted_at=now, submitted_at=now, status=status)
        for index, unit in enumerate(units)
        for form, status in zip(forms.values(), [*SubmissionStatus.values] * 5, strict=False)
        if form.code != "MAU-02" and index % 3
    )


def _board_queries(client, period):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:board", args=[period.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_board_query_count_does_not_grow(world, login, small_world, period, forms):
    client = login(world.users.staff)
    small, response = _board_queries(client, period)
    assert len(response.context["rows"]) == 2
    _grow(world, period, forms, 10)
    large, response = _board_queries(client, period)
    assert len(response.context["rows"]) == 12
    assert small == large


def test_board_sends_an_officer_to_their_unit_and_hides_other_districts(world, login, period, a1):
    response = login(world.users.officer_a).get(reverse("reports:board", args=[period.pk]))
    assert response.status_code == 302 and response.url == reverse("reports:unit", args=[a1.pk])
    assert login(world.users.outsider).get(reverse("reports:board", args=[period.pk])).status_code == 404
    assert login(world.users.staff).post(reverse("reports:board", args=[period.pk])).status_code == 405


# ---- what a unit owes --------------------------------------------------------------------------------


def test_unit_page_lists_every_owed_form_with_upload_forms(world, login, small_world, period, a1):
    response = login(world.users.officer_a).get(reverse("reports:unit", args=[a1.pk]))
    assert response.status_code == 200
    [(shown, days, items)] = response.context["open_periods"]
    assert shown == period and days == (period.due_date - timezone.localdate()).days
    assert [(form.code, state.key) for form, _cell, state in items] == [
        ("BIEU-03", "accepted"),
        ("BIEU-04", "late"),
        ("MAU-01", "missing"),
    ]
    html = response.content.decode()
    assert 'accept=".xlsx,.docx,.pdf"' in html and "tối đa 10 MB" in html
    assert html.count('enctype="multipart/form-data"') == 2  # not for the accepted one
    assert "quá hạn" in html


def test_unit_page_read_only_for_leaders_and_hidden_from_other_units(world, login, small_world, a1):
    response = login(world.users.leader).get(reverse("reports:unit", args=[a1.pk]))
    assert response.status_code == 200 and "multipart/form-data" not in response.content.decode()
    assert login(world.users.officer_b).get(reverse("reports:unit", args=[a1.pk])).status_code == 404
    assert login(world.users.outsider).get(reverse("reports:unit", args=[a1.pk])).status_code == 404
    assert login(world.users.staff).post(reverse("reports:unit", args=[a1.pk])).status_code == 405


def test_a_period_fully_accepted_is_closed(world, login, forms, period, a2):
    staff = world.users.staff
    for code in ("BIEU-03", "MAU-01"):
        services.submission_review(submission=_submit(period, a2, forms[code], by=staff), by=staff, accept=True)
    response = login(world.users.officer_b).get(reverse("reports:unit", args=[a2.pk]))
    assert response.context["open_periods"] == [] and response.context["closed_periods"] == [period]


# ---- upload ------------------------------------------------------------------------------------------


def test_officer_uploads_a_report(world, login, forms, period, a1):
    url = _upload_url(period, a1, forms["BIEU-03"])
    response = login(world.users.officer_a).post(url, {"file": xlsx()})
    assert response.status_code == 302
    assert response.url == reverse("reports:unit", args=[a1.pk]) + f"#item-{period.pk}-{forms['BIEU-03'].pk}"
    submission = Submission.objects.get(unit=a1, form=forms["BIEU-03"])
    assert submission.submitted_by == world.users.officer_a and submission.versions.count() == 1
    assert _messages(response)[-1] == f"Đã nộp {forms['BIEU-03'].name} ({period.name}), lần nộp thứ 1."


def test_staff_upload_on_behalf_and_return_to_the_submission(world, login, forms, period, a1):
    response = login(world.users.staff).post(
        _upload_url(period, a1, forms["MAU-01"]), {"file": pdf(), "next": "submission"}
    )
    submission = Submission.objects.get(unit=a1, form=forms["MAU-01"])
    assert response.url == reverse("reports:submission", args=[submission.pk])


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (upload("Biểu 03.xlsx", b"x" * (MAX_UPLOAD_BYTES + 1)), "lớn hơn 10 MB"),
        (upload("Biểu 03.pdf", PNG), "có nội dung là ảnh PNG"),
        (upload("Biểu 03.xlsx", b""), "trống"),
        (upload("Biểu 03.docx", b"just text"), "không phải loại tệp được nhận"),
    ],
    ids=["oversize", "wrong-type-by-content", "empty", "unknown"],
)
def test_refused_files_say_why_and_keep_what_was_there(world, login, forms, period, a1, file, words):
    first = _submit(period, a1, forms["BIEU-03"], by=world.users.officer_a)
    services.submission_review(submission=first, by=world.users.staff, accept=False, comment="Sửa cột 4")
    response = login(world.users.officer_a).post(_upload_url(period, a1, forms["BIEU-03"]), {"file": file})
    assert response.status_code == 302
    [message] = _messages(response)
    assert words in message
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED and first.versions.count() == 1


def test_upload_without_a_file_or_of_a_form_not_owed(world, login, forms, period, a1):
    client = login(world.users.officer_a)
    response = client.post(_upload_url(period, a1, forms["BIEU-03"]))
    assert _messages(response)[-1] == "Hãy chọn tệp báo cáo (.xlsx, .docx hoặc .pdf) cần tải lên."
    response = client.post(_upload_url(period, a1, forms["BIEU-09"]), {"file": xlsx()})
    assert "không phải nộp" in _messages(response)[-1]
    assert not Submission.objects.exists()


def test_upload_permissions(world, login, forms, period, a1, client):
    url = _upload_url(period, a1, forms["BIEU-03"])
    assert client.post(url, {"file": xlsx()}).url.startswith(reverse("login"))
    assert login(world.users.leader).post(url, {"file": xlsx()}).status_code == 403
    assert login(world.users.office).post(url, {"file": xlsx()}).status_code == 403
    assert login(world.users.officer_b).post(url, {"file": xlsx()}).status_code == 404
    assert login(world.users.outsider).post(url, {"file": xlsx()}).status_code == 404
    assert login(world.users.officer_a).get(url).status_code == 405
    assert not Submission.objects.exists()


# ---- submission, review, files -----------------------------------------------------------------------


def test_accept_return_and_resubmit_keep_every_version(world, login, forms, period, a1):
    officer = login(world.users.officer_a)
    officer.post(_upload_url(period, a1, forms["BIEU-03"]), {"file": xlsx("Biểu 03 — lần 1.xlsx")})
    submission = Submission.objects.get(unit=a1, form=forms["BIEU-03"])
    detail = reverse("reports:submission", args=[submission.pk])
    review = reverse("reports:review", args=[submission.pk])
    assert officer.get(detail).context["may_review"] is False
    assert officer.post(review, {"decision": "accept"}).status_code == 403

    staff = login(world.users.staff)
    assert staff.get(detail).context["may_review"] is True
    response = staff.post(review, {"decision": "return", "comment": ""})
    assert "Hãy ghi rõ cần sửa gì" in _messages(response)[-1]
    response = staff.post(review, {"decision": "return", "comment": "Thiếu số liệu thôn 2"})
    assert response.url == detail and _messages(response)[-1] == "Đã trả lại báo cáo cho đơn vị."
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED

    officer = login(world.users.officer_a)
    page = officer.get(detail)
    assert "Thiếu số liệu thôn 2" in page.content.decode() and page.context["may_upload"] is True
    officer.post(_upload_url(period, a1, forms["BIEU-03"]), {"file": pdf("Biểu 03 — lần 2.pdf"), "next": "submission"})

    staff = login(world.users.staff)
    response = staff.post(review, {"decision": "accept"})
    assert _messages(response)[-1] == "Đã chấp nhận báo cáo."
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    page = staff.get(detail)
    assert [v.number for v in page.context["versions"]] == [1, 2]
    assert page.context["may_review"] is False and page.context["may_upload"] is False
    assert "Chỉ duyệt được" in _messages(staff.post(review, {"decision": "accept"}))[-1]


def test_download_streams_the_file_under_its_original_name(world, login, forms, period, a1):
    submission = _submit(period, a1, forms["BIEU-03"], by=world.users.officer_a, file=upload('Biên "bản".pdf', PDF))
    url = reverse("reports:download", args=[submission.pk, 1])
    for user in (world.users.officer_a, world.users.staff, world.users.leader, world.users.office, world.users.admin):
        response = login(user).get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert (
            disposition.startswith("attachment;")
            and "filename*=utf-8''Bi%C3%AAn%20%22b%E1%BA%A3n%22.pdf" in disposition
        )
    for user in (world.users.officer_b, world.users.outsider):
        assert login(user).get(url).status_code == 404
    assert login(world.users.staff).get(reverse("reports:download", args=[submission.pk, 2])).status_code == 404
    assert login(world.users.staff).post(url).status_code == 405


def test_download_of_a_file_gone_from_disk_is_not_found(world, login, forms, period, a1):
    submission = _submit(period, a1, forms["BIEU-03"], by=world.users.officer_a)
    SubmissionVersion.objects.get(submission=submission).file.delete(save=False)
    url = reverse("reports:download", args=[submission.pk, 1])
    assert login(world.users.staff).get(url).status_code == 404


def test_submission_page_scope(world, login, forms, period, a1):
    submission = _submit(period, a1, forms["BIEU-03"], by=world.users.officer_a)
    detail = reverse("reports:submission", args=[submission.pk])
    for user in (world.users.officer_a, world.users.staff, world.users.leader, world.users.office):
        assert login(user).get(detail).status_code == 200
    for user in (world.users.officer_b, world.users.outsider):
        assert login(user).get(detail).status_code == 404
        assert (
            login(user).post(reverse("reports:review", args=[submission.pk]), {"decision": "accept"}).status_code == 404
        )
    assert login(world.users.leader).post(reverse("reports:review", args=[submission.pk])).status_code == 403
    assert login(world.users.staff).get(reverse("reports:review", args=[submission.pk])).status_code == 405
    assert login(world.users.staff).post(detail).status_code == 405


# ---- benchmark command -------------------------------------------------------------------------------


def test_bench_completeness_reports_and_rolls_back(world, small_world):
    units_before, submissions_before = AdministrativeUnit.objects.count(), Submission.objects.count()
    out = StringIO()
    call_command("bench_completeness", units=5, forms=4, periods=2, runs=2, stdout=out)
    text = out.getvalue()
    assert "generated: 5 units × 4 forms × 2 periods" in text
    assert "board: 5 units × 4 forms" in text and "queries per request" in text
    assert "demo: 6 tháng đầu năm 2024" in text and "board: 2 units × 3 forms" in text
    assert (AdministrativeUnit.objects.count(), Submission.objects.count()) == (units_before, submissions_before)
