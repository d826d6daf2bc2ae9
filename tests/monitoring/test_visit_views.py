"""Pages of monitoring visits through the test client: staff plan a visit, move it along, add its team,
findings, recommendations and files; the visited unit's officer sees what to prepare and downloads the
files; other units' officers see nothing; the list runs a fixed number of queries."""

import datetime
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import (
    Finding,
    MonitoringVisit,
    PublicHoliday,
    Recommendation,
    TeamMember,
    VisitAttachment,
    VisitKind,
    VisitMethod,
    VisitStatus,
)
from monitoring.services.uploads import MAX_UPLOAD_BYTES
from monitoring.workdays import add_working_days, is_working_day
from tests.monitoring import PDF, PNG, monitoring_world, upload

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mw(world):
    """Activity 2.1 of district A and a visit to both communes of A (planned 07–09/10/2024)."""
    return monitoring_world(world)


def url(name, *args):
    return reverse(f"monitoring:{name}", args=[getattr(a, "pk", a) for a in args])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def make_visit(world, mw, title, *, units=None, start=None, days=1, status=None, **kwargs):
    start = start or D(2024, 11, 4)
    visit = services.visit_create(
        activity=mw.activity,
        kind=VisitKind.AD_HOC,
        method=VisitMethod.DIRECT,
        title=title,
        planned_start=start,
        planned_end=start + days * DAY,
        units=units or [world.a.communes[0]],
        by=world.users.staff,
        **kwargs,
    )
    if status:
        services.visit_set_status(visit=visit, status=status, by=world.users.staff)
    return visit


def visit_form(world, mw, **changes) -> dict:
    data = {
        "activity": mw.activity.pk,
        "title": "Giám sát đột xuất xã A1",
        "kind": VisitKind.AD_HOC,
        "method": VisitMethod.DIRECT,
        "planned_start": "2024-11-04",
        "planned_end": "05/11/2024",
        "units": [world.a.communes[0].pk, world.a.communes[1].pk],
        "preparation_note": "",
    }
    return {**data, **changes}


# --- planning a visit ----------------------------------------------------------------------------------


def test_staff_plan_a_visit_through_the_form(world, mw, login):
    client = login(world.users.staff)
    page = client.get(url("visit_create"))
    assert "Lên kế hoạch cuộc giám sát" in html_of(page)
    form = page.context["form"]
    assert set(form.fields["units"].queryset) == set(world.a.communes)  # the communes of the staff's district
    assert (
        mw.activity in form.fields["activity"].queryset
        and world.b.activities[0] not in form.fields["activity"].queryset
    )
    response = client.post(url("visit_create"), visit_form(world, mw), follow=True)
    visit = MonitoringVisit.objects.get(title="Giám sát đột xuất xã A1")
    assert response.redirect_chain == [(url("visit", visit), 302)]
    assert messages_of(response) == ["Đã lên kế hoạch cuộc giám sát."]
    assert (visit.status, visit.planned_start, visit.planned_end) == (
        VisitStatus.PLANNED,
        D(2024, 11, 4),
        D(2024, 11, 5),
    )
    assert set(visit.units.all()) == set(world.a.communes)
    assert visit.created_by == world.users.staff
    assert "Bố trí địa điểm làm việc." in visit.preparation_note  # left blank: the default list
    assert "Giám sát đột xuất xã A1" in response.content.decode()


def test_the_preparation_note_typed_is_kept(world, mw, login):
    client = login(world.users.staff)
    client.post(url("visit_create"), visit_form(world, mw, preparation_note="Chuẩn bị danh sách hộ nghèo"))
    assert (
        MonitoringVisit.objects.get(title="Giám sát đột xuất xã A1").preparation_note == "Chuẩn bị danh sách hộ nghèo"
    )


def test_validation_errors_are_shown_in_the_form_with_what_was_typed(world, mw, login):
    client = login(world.users.staff)
    response = client.post(url("visit_create"), visit_form(world, mw, units=[]))
    html = html_of(response)
    assert set(response.context["form"].errors) == {"units"}
    assert 'value="Giám sát đột xuất xã A1"' in html
    assert not MonitoringVisit.objects.filter(title="Giám sát đột xuất xã A1").exists()


def test_end_before_start_refused_in_the_form(world, mw, login):
    response = login(world.users.staff).post(
        url("visit_create"), visit_form(world, mw, planned_start="2024-11-05", planned_end="2024-11-04")
    )
    html = html_of(response)
    assert response.context["form"].errors == {"planned_end": ["Ngày kết thúc phải sau ngày bắt đầu."]}
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert 'value="Giám sát đột xuất xã A1"' in html
    assert MonitoringVisit.objects.count() == 1


def test_units_of_another_district_cannot_be_chosen(world, mw, login):
    response = login(world.users.staff).post(url("visit_create"), visit_form(world, mw, units=[world.b.communes[0].pk]))
    assert "units" in response.context["form"].errors
    assert MonitoringVisit.objects.count() == 1


def test_officers_and_leaders_cannot_plan_visits(world, mw, login):
    for user in (world.users.officer_a, world.users.leader, world.users.office):
        client = login(user)
        assert client.get(url("visit_create")).status_code == 403
        assert client.post(url("visit_create"), visit_form(world, mw)).status_code == 403
    assert MonitoringVisit.objects.count() == 1


# --- the list ------------------------------------------------------------------------------------------


def test_list_filters_by_status(world, mw, login):
    make_visit(world, mw, "Cuộc đang làm", status=VisitStatus.IN_PROGRESS)
    make_visit(world, mw, "Cuộc đã xong", status=VisitStatus.DONE)
    make_visit(world, mw, "Cuộc bị hủy", status=VisitStatus.CANCELLED)
    client = login(world.users.staff)
    everything = html_of(client.get(url("visits")))
    for title in ("Giám sát định kỳ quý IV", "Cuộc đang làm", "Cuộc đã xong", "Cuộc bị hủy"):
        assert title in everything
    done = html_of(client.get(url("visits"), {"status": "done"}))
    assert "Cuộc đã xong" in done
    assert "Cuộc đang làm" not in done and "Giám sát định kỳ quý IV" not in done and "Cuộc bị hủy" not in done
    assert '<option value="done" selected>' in done
    unknown = html_of(client.get(url("visits"), {"status": "finished"}))  # an unknown status: no filter
    assert "Cuộc bị hủy" in unknown and "Giám sát định kỳ quý IV" in unknown


def test_list_is_paginated(world, mw, login, settings):
    settings.PAGE_SIZE = 2
    for day in (1, 2, 3, 4):
        make_visit(world, mw, f"Cuộc ngày {day:02d}/11", start=D(2024, 11, day))
    client = login(world.users.staff)
    first = html_of(client.get(url("visits")))
    assert "Giám sát định kỳ quý IV" in first and "Cuộc ngày 01/11" in first and "Cuộc ngày 02/11" not in first
    assert "Trang 1/3" in first and 'href="?page=2"' in first
    second = html_of(client.get(url("visits"), {"page": 2}))
    assert "Cuộc ngày 02/11" in second and "Cuộc ngày 03/11" in second and "Cuộc ngày 01/11" not in second
    assert "Trang 2/3" in second
    last = html_of(client.get(url("visits"), {"page": 99}))
    assert "Cuộc ngày 04/11" in last and "Trang 3/3" in last
    assert "Trang 1/3" in html_of(client.get(url("visits"), {"page": "x"}))


def test_pagination_keeps_the_status_filter(world, mw, login, settings):
    settings.PAGE_SIZE = 1
    make_visit(world, mw, "Cuộc thứ hai")
    make_visit(world, mw, "Cuộc đã xong", status=VisitStatus.DONE)
    html = html_of(login(world.users.staff).get(url("visits"), {"status": "planned"}))
    assert "Trang 1/2" in html
    assert 'href="?status=planned&amp;page=2"' in html or 'href="?page=2&amp;status=planned"' in html


def test_list_shows_the_report_due_date_of_finished_visits(world, mw, login):
    services.visit_set_status(visit=mw.visit, status=VisitStatus.DONE, by=world.users.staff, actual_end=D(2024, 10, 9))
    # 15 working days after Wednesday 09/10/2024, with Friday 11/10 made a holiday: Thursday 31/10.
    PublicHoliday.objects.create(date=D(2024, 10, 11), name="Nghỉ bù")
    html = html_of(login(world.users.staff).get(url("visits")))
    assert "31/10/2024" in html


def test_officer_sees_upcoming_visits_with_what_to_prepare_and_only_visits_to_their_unit(world, mw, login):
    today = timezone.localdate()
    soon = make_visit(
        world,
        mw,
        "Giám sát xã A1 sắp tới",
        start=today + 3 * DAY,
        preparation_note="Chuẩn bị danh sách hộ nghèo\nMời trưởng thôn",
    )
    other = make_visit(world, mw, "Giám sát riêng xã A2", units=[world.a.communes[1]], start=today + 3 * DAY)
    make_visit(world, mw, "Cuộc đã hủy ở A1", start=today + 5 * DAY, status=VisitStatus.CANCELLED)
    client = login(world.users.officer_a)
    html = html_of(client.get(url("visits")))
    upcoming = [chunk.split("</div>\n</div>")[0] for chunk in html.split('data-testid="upcoming-visit"')[1:]]
    assert len(upcoming) == 1
    assert "Giám sát xã A1 sắp tới" in upcoming[0]
    assert f"{soon.planned_start:%d/%m/%Y} – {soon.planned_end:%d/%m/%Y}" in upcoming[0]
    assert "Chuẩn bị danh sách hộ nghèo\nMời trưởng thôn" in upcoming[0]
    assert "Giám sát định kỳ quý IV" in html  # the visit to both communes of A
    assert "Giám sát riêng xã A2" not in html
    assert url("visit_create") not in html  # officers do not plan visits
    assert client.get(url("visit", other)).status_code == 404
    assert client.get(url("visit", soon)).status_code == 200
    # The other commune's officer sees it the other way round.
    other_html = html_of(login(world.users.officer_b).get(url("visits")))
    assert "Giám sát riêng xã A2" in other_html and "Giám sát xã A1 sắp tới" not in other_html


def test_district_b_staff_do_not_see_district_a_visits(world, mw, login):
    client = login(world.users.outsider)
    assert "Giám sát định kỳ quý IV" not in html_of(client.get(url("visits")))
    assert client.get(url("visit", mw.visit)).status_code == 404


# --- status ----------------------------------------------------------------------------------------------


def test_start_then_finish_sets_actual_dates_and_shows_the_report_due_date(world, mw, login):
    today = timezone.localdate()
    next_working_day = today + DAY
    while not is_working_day(next_working_day, set()):
        next_working_day += DAY
    PublicHoliday.objects.create(date=next_working_day, name="Nghỉ lễ")  # the holiday table counts
    client = login(world.users.staff)
    response = client.post(url("visit_status", mw.visit), {"status": "in_progress", "summary": ""}, follow=True)
    assert response.redirect_chain == [(url("visit", mw.visit), 302)]
    assert messages_of(response) == ["Đã cập nhật cuộc giám sát."]
    mw.visit.refresh_from_db()
    assert (mw.visit.status, mw.visit.actual_start, mw.visit.actual_end) == ("in_progress", today, None)
    assert 'data-testid="report-due"' not in response.content.decode()

    response = client.post(
        url("visit_status", mw.visit), {"status": "done", "summary": "Xã thực hiện tốt"}, follow=True
    )
    mw.visit.refresh_from_db()
    assert (mw.visit.status, mw.visit.actual_start, mw.visit.actual_end) == ("done", today, today)
    assert mw.visit.summary == "Xã thực hiện tốt"
    due = add_working_days(today, 15, {next_working_day})
    html = response.content.decode()
    assert f'data-testid="report-due">{due:%d/%m/%Y}</strong>' in html
    assert "Hạn báo cáo (15 ngày làm việc)" in html
    assert f"{due:%d/%m/%Y}" in html_of(client.get(url("visits")))


def test_finishing_a_planned_visit_records_when_it_started(world, mw, login):
    login(world.users.staff).post(url("visit_status", mw.visit), {"status": "done", "summary": ""})
    mw.visit.refresh_from_db()
    today = timezone.localdate()
    assert (mw.visit.actual_start, mw.visit.actual_end) == (min(D(2024, 10, 7), today), today)


def test_refused_status_change_says_why_and_changes_nothing(world, mw, login):
    services.visit_set_status(visit=mw.visit, status=VisitStatus.DONE, by=world.users.staff)
    response = login(world.users.staff).post(
        url("visit_status", mw.visit), {"status": "in_progress", "summary": ""}, follow=True
    )
    assert messages_of(response) == ["Không thể chuyển cuộc giám sát từ “Đã hoàn thành” sang “Đang giám sát”."]
    mw.visit.refresh_from_db()
    assert mw.visit.status == VisitStatus.DONE


def test_only_managers_change_the_status(world, mw, login):
    for user in (world.users.officer_a, world.users.leader, world.users.office):
        assert login(user).post(url("visit_status", mw.visit), {"status": "in_progress"}).status_code == 403
    assert login(world.users.outsider).post(url("visit_status", mw.visit), {"status": "done"}).status_code == 404
    assert login(world.users.staff).get(url("visit_status", mw.visit)).status_code == 405
    mw.visit.refresh_from_db()
    assert mw.visit.status == VisitStatus.PLANNED


def test_managers_see_the_forms_others_only_read(world, mw, login):
    staff_html = html_of(login(world.users.staff).get(url("visit", mw.visit)))
    for name in ("visit_status", "visit_team", "visit_finding", "visit_recommendation", "visit_attachment"):
        assert url(name, mw.visit) in staff_html
    officer_html = html_of(login(world.users.officer_a).get(url("visit", mw.visit)))
    assert "Giám sát định kỳ quý IV" in officer_html and "Bố trí địa điểm làm việc." in officer_html
    for name in ("visit_status", "visit_team", "visit_finding", "visit_recommendation", "visit_attachment"):
        assert url(name, mw.visit) not in officer_html


# --- team, findings, recommendations ----------------------------------------------------------------------


def test_add_a_team_member(world, mw, login):
    client = login(world.users.staff)
    data = {"name": "Giàng  A Sếnh", "role": "Trưởng đoàn", "office": world.a.lead.pk}
    response = client.post(url("visit_team", mw.visit), data, follow=True)
    assert response.redirect_chain == [(url("visit", mw.visit) + "#team", 302)]
    assert messages_of(response) == ["Đã thêm thành viên đoàn."]
    member = TeamMember.objects.get(visit=mw.visit)
    assert (member.name, member.role, member.office) == ("Giàng A Sếnh", "Trưởng đoàn", world.a.lead)
    assert "Giàng A Sếnh — Trưởng đoàn" in response.content.decode()


def test_team_member_without_a_name_or_with_another_districts_office_refused(world, mw, login):
    client = login(world.users.staff)
    response = client.post(url("visit_team", mw.visit), {"name": " ", "role": "Thư ký"}, follow=True)
    assert messages_of(response) == ["Hãy nhập họ và tên thành viên đoàn."]
    client.post(url("visit_team", mw.visit), {"name": "Lò Văn A", "office": world.b.lead.pk})
    assert not TeamMember.objects.exists()


def test_add_a_finding_about_a_visited_unit(world, mw, login):
    client = login(world.users.staff)
    commune = world.a.communes[0]
    response = client.post(
        url("visit_finding", mw.visit), {"text": "Chưa cập nhật hộ nghèo", "unit": commune.pk}, follow=True
    )
    assert response.redirect_chain == [(url("visit", mw.visit) + "#findings", 302)]
    assert messages_of(response) == ["Đã ghi phát hiện."]
    finding = Finding.objects.get(visit=mw.visit)
    assert (finding.text, finding.unit, finding.order) == ("Chưa cập nhật hộ nghèo", commune, 1)
    assert "Chưa cập nhật hộ nghèo" in response.content.decode()


def test_empty_finding_or_unit_not_visited_refused(world, mw, login):
    client = login(world.users.staff)
    response = client.post(url("visit_finding", mw.visit), {"text": ""}, follow=True)
    assert messages_of(response) == ["Hãy nhập nội dung phát hiện."]
    client.post(url("visit_finding", mw.visit), {"text": "Thiếu sổ sách", "unit": world.b.communes[0].pk})
    assert not Finding.objects.exists()


def test_recommendation_to_a_unit_or_to_an_office(world, mw, login):
    client = login(world.users.staff)
    to_unit = {"text": "Cập nhật hộ nghèo lên hệ thống", "unit": world.a.communes[0].pk, "due_date": "2024-11-30"}
    response = client.post(url("visit_recommendation", mw.visit), to_unit, follow=True)
    assert response.redirect_chain == [(url("visit", mw.visit) + "#recommendations", 302)]
    assert messages_of(response) == ["Đã ghi kiến nghị."]
    to_office = {"text": "Thẩm định dự toán bổ sung", "office": world.a.finance.pk, "due_date": "15/12/2024"}
    client.post(url("visit_recommendation", mw.visit), to_office)
    recs = list(Recommendation.objects.order_by("pk"))
    assert [(r.unit, r.office, r.due_date, r.status) for r in recs] == [
        (world.a.communes[0], None, D(2024, 11, 30), "open"),
        (None, world.a.finance, D(2024, 12, 15), "open"),
    ]
    html = html_of(client.get(url("visit", mw.visit)))
    assert url("recommendation", recs[0]) in html and url("recommendation", recs[1]) in html


@pytest.mark.parametrize("addressee", ["neither", "both"])
def test_recommendation_needs_exactly_one_addressee(world, mw, login, addressee):
    data = {"text": "Cập nhật hộ nghèo", "due_date": "2024-11-30"}
    if addressee == "both":
        data |= {"unit": world.a.communes[0].pk, "office": world.a.finance.pk}
    response = login(world.users.staff).post(url("visit_recommendation", mw.visit), data, follow=True)
    assert messages_of(response) == ["Chọn một đơn vị hoặc một phòng, ban nhận kiến nghị."]
    assert not Recommendation.objects.exists()


def test_recommendation_of_a_cancelled_visit_refused(world, mw, login):
    services.visit_set_status(visit=mw.visit, status=VisitStatus.CANCELLED, by=world.users.staff)
    data = {"text": "Cập nhật hộ nghèo", "unit": world.a.communes[0].pk, "due_date": "2024-11-30"}
    response = login(world.users.staff).post(url("visit_recommendation", mw.visit), data, follow=True)
    assert messages_of(response) == ["Cuộc giám sát đã hủy nên không ghi kiến nghị được."]
    assert not Recommendation.objects.exists()


# --- files -----------------------------------------------------------------------------------------------


def attach(client, visit, file, kind="minutes"):
    return client.post(url("visit_attachment", visit), {"kind": kind, "file": file}, follow=True)


def test_a_pdf_is_attached_and_listed(world, mw, login, tmp_path):
    response = attach(login(world.users.staff), mw.visit, upload("Biên bản giám sát.pdf", PDF, "application/pdf"))
    assert response.redirect_chain == [(url("visit", mw.visit) + "#files", 302)]
    assert messages_of(response) == ["Đã đính kèm tệp."]
    attachment = VisitAttachment.objects.get(visit=mw.visit)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "Biên bản giám sát.pdf",
        "application/pdf",
        len(PDF),
    )
    assert (tmp_path / attachment.file.name).read_bytes() == PDF
    assert attachment.file.name.startswith("private/monitoring/visits/")
    html = response.content.decode()
    assert f'<a href="{url("visit_file", attachment)}">Biên bản giám sát.pdf</a>' in html


def test_a_png_named_pdf_is_refused_with_a_message(world, mw, login):
    response = attach(login(world.users.staff), mw.visit, upload("Biên bản.pdf", PNG, "application/pdf"))
    assert not VisitAttachment.objects.exists()
    assert len(messages_of(response)) == 1 and "ảnh PNG" in messages_of(response)[0]


def test_a_pdf_sent_as_a_photo_is_refused_with_a_message(world, mw, login):
    response = attach(login(world.users.staff), mw.visit, upload("anh.pdf", PDF), kind="photo")
    assert messages_of(response) == ["Tệp “anh.pdf” có nội dung là PDF; chỉ nhận ảnh JPEG, ảnh PNG."]
    assert not VisitAttachment.objects.exists()


def test_an_oversize_file_is_refused(world, mw, login, tmp_path):
    big = PDF[:-7] + b" " * (MAX_UPLOAD_BYTES - len(PDF) + 1) + PDF[-7:]
    assert len(big) == MAX_UPLOAD_BYTES + 1
    response = attach(login(world.users.staff), mw.visit, upload("Biên bản lớn.pdf", big))
    [message] = messages_of(response)
    assert message.startswith("Tệp lớn hơn 10 MB.")
    assert not VisitAttachment.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_an_attachment_without_a_file_is_refused(world, mw, login):
    response = login(world.users.staff).post(url("visit_attachment", mw.visit), {"kind": "minutes"}, follow=True)
    assert messages_of(response) == ["Hãy chọn tệp cần đính kèm."]


def download(client, attachment):
    response = client.get(url("visit_file", attachment))
    body = None
    if response.status_code == 200:
        # Not response.close(): in the test client that ends the request and closes the DB connection.
        body = b"".join(response.streaming_content)
    return response, body


def test_officer_of_a_visited_unit_downloads_under_the_original_name(world, mw, login):
    attachment = services.visit_attach_file(
        visit=mw.visit, kind="minutes", file=upload("Biên bản giám sát.pdf", PDF), by=world.users.staff
    )
    response, body = download(login(world.users.officer_a), attachment)
    assert response.status_code == 200 and body == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=utf-8''")[1]) == "Biên bản giám sát.pdf"


def test_ascii_names_are_given_as_they_are(world, mw, login):
    attachment = services.visit_attach_file(
        visit=mw.visit, kind="minutes", file=upload("bien-ban.pdf", PDF), by=world.users.staff
    )
    response, _ = download(login(world.users.leader), attachment)
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


def test_files_of_a_visit_to_another_unit_are_not_found(world, mw, login, client):
    visit = make_visit(world, mw, "Giám sát riêng xã A1")
    attachment = services.visit_attach_file(
        visit=visit, kind="minutes", file=upload("a.pdf", PDF), by=world.users.staff
    )
    assert download(login(world.users.officer_a), attachment)[0].status_code == 200
    assert download(login(world.users.officer_b), attachment)[0].status_code == 404
    assert download(login(world.users.outsider), attachment)[0].status_code == 404
    client.logout()
    response = client.get(url("visit_file", attachment))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_file_missing_from_the_disk_is_not_found(world, mw, login, tmp_path):
    attachment = services.visit_attach_file(
        visit=mw.visit, kind="minutes", file=upload("a.pdf", PDF), by=world.users.staff
    )
    (tmp_path / attachment.file.name).unlink()
    assert download(login(world.users.staff), attachment)[0].status_code == 404


# --- queries ---------------------------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add_visits(world, mw, count, today):
    statuses = [None, VisitStatus.IN_PROGRESS, VisitStatus.DONE]
    for number in range(count):
        visit = make_visit(
            world,
            mw,
            f"Cuộc số {number}",
            units=[world.a.communes[number % 2]],
            start=today + (number % 5 - 2) * DAY,
            days=3,
            status=statuses[number % 3],
        )
        services.visit_add_team_member(visit=visit, by=world.users.staff, name=f"Cán bộ {number}")
        services.recommendation_create(
            visit=visit, text="Kiến nghị", due_date=D(2024, 12, 1), by=world.users.staff, unit=visit.units.get()
        )


@pytest.mark.parametrize("role", ["staff", "officer_a"])
def test_visit_list_queries_do_not_grow_with_rows(world, mw, login, role):
    today = timezone.localdate()
    client = login(getattr(world.users, role))
    _add_visits(world, mw, 2, today)  # with the world's visit: 3 rows for staff
    few = _queries(client, url("visits"))
    _add_visits(world, mw, 17, today)  # 20 rows
    rows = html_of(client.get(url("visits"))).count(">Cuộc số ")
    assert rows >= (17 if role == "staff" else 8)
    assert _queries(client, url("visits")) == few
