"""Pages of recommendations (kiến nghị) through the test client: the list with overdue ones first, the
addressee's report with evidence files, staff's verification, who may do what, and a list that runs a
fixed number of queries however many recommendations it shows."""

import datetime
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import RecommendationResponse, RecommendationStatus, ResponseAttachment
from tests.monitoring import PDF, PNG, monitoring_world, upload

D = datetime.date
DAY = datetime.timedelta(days=1)
S = RecommendationStatus


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mw(world):
    """Activity 2.1 of district A and a visit to both communes of A."""
    return monitoring_world(world)


def url(name, *args):
    return reverse(f"monitoring:{name}", args=[getattr(a, "pk", a) for a in args])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def make_rec(world, mw, text="Cập nhật hộ nghèo lên hệ thống", *, unit=None, office=None, due=None, visit=None):
    if unit is None and office is None:
        unit = world.a.communes[0]
    return services.recommendation_create(
        visit=visit or mw.visit,
        text=text,
        due_date=due or timezone.localdate() + 30 * DAY,
        by=world.users.staff,
        unit=unit,
        office=office,
    )


def report_done(world, rec, by=None):
    services.recommendation_respond(
        recommendation=rec, by=by or world.users.officer_a, text="Đã làm xong", new_status=S.REPORTED_DONE
    )


def close(world, rec):
    report_done(world, rec)
    services.recommendation_verify(recommendation=rec, by=world.users.staff, close=True)


def positions(html, *texts) -> list[int]:
    found = [html.find(text) for text in texts]
    assert -1 not in found, dict(zip(texts, found, strict=True))
    return found


# --- the list --------------------------------------------------------------------------------------------


@pytest.fixture
def four(world, mw):
    """Due in a month; overdue by 5 days; closed though due long ago; reported done a day late (still overdue)."""
    today = timezone.localdate()
    recs = {
        "later": make_rec(world, mw, "Kiến nghị còn hạn", due=today + 30 * DAY),
        "late": make_rec(world, mw, "Kiến nghị quá hạn năm ngày", due=today - 5 * DAY),
        "closed": make_rec(world, mw, "Kiến nghị đã đóng", due=today - 20 * DAY),
        "reported": make_rec(world, mw, "Kiến nghị báo cáo muộn", office=world.a.finance, due=today - DAY),
    }
    close(world, recs["closed"])
    report_done(world, recs["reported"], by=world.users.office)
    return recs


def test_list_shows_overdue_first_then_by_due_date(world, four, login):
    html = html_of(login(world.users.staff).get(url("recommendations")))
    order = positions(
        html, "Kiến nghị quá hạn năm ngày", "Kiến nghị báo cáo muộn", "Kiến nghị đã đóng", "Kiến nghị còn hạn"
    )
    assert order == sorted(order)
    assert html.count('data-testid="overdue"') == 2
    assert html.count('class="table-danger"') == 2


def test_overdue_filter(world, four, login):
    html = html_of(login(world.users.staff).get(url("recommendations"), {"status": "overdue"}))
    assert "Kiến nghị quá hạn năm ngày" in html and "Kiến nghị báo cáo muộn" in html
    assert "Kiến nghị đã đóng" not in html and "Kiến nghị còn hạn" not in html
    assert '<option value="overdue" selected>' in html


def test_status_filter_and_unknown_values(world, four, login):
    client = login(world.users.staff)
    closed = html_of(client.get(url("recommendations"), {"status": "closed"}))
    assert "Kiến nghị đã đóng" in closed and "Kiến nghị còn hạn" not in closed and "Kiến nghị quá hạn" not in closed
    everything = html_of(client.get(url("recommendations"), {"status": "late"}))
    assert all(text in everything for text in ("Kiến nghị đã đóng", "Kiến nghị còn hạn", "Kiến nghị báo cáo muộn"))


def test_list_is_paginated(world, mw, login, settings):
    settings.PAGE_SIZE = 2
    today = timezone.localdate()
    for number in range(5):
        make_rec(world, mw, f"Kiến nghị số {number}", due=today + (number + 1) * DAY)
    client = login(world.users.staff)
    second = html_of(client.get(url("recommendations"), {"page": 2}))
    assert "Kiến nghị số 2" in second and "Kiến nghị số 3" in second and "Kiến nghị số 1" not in second
    assert "Trang 2/3" in second


def test_each_addressee_sees_only_their_own(world, four, login):
    officer = html_of(login(world.users.officer_a).get(url("recommendations")))
    assert "Kiến nghị còn hạn" in officer and "Kiến nghị báo cáo muộn" not in officer
    office = html_of(login(world.users.office).get(url("recommendations")))
    assert "Kiến nghị báo cáo muộn" in office and "Kiến nghị còn hạn" not in office
    assert "Không có kiến nghị nào." in html_of(login(world.users.officer_b).get(url("recommendations")))
    assert "Không có kiến nghị nào." in html_of(login(world.users.outsider).get(url("recommendations")))
    leader = html_of(login(world.users.leader).get(url("recommendations")))
    assert "Kiến nghị còn hạn" in leader and "Kiến nghị báo cáo muộn" in leader


# --- the addressee's report ----------------------------------------------------------------------------------


def respond(client, rec, text="Đã cập nhật 12 hộ lên hệ thống", new_status=S.REPORTED_DONE, files=()):
    data = {"text": text, "new_status": new_status}
    if files:
        data["files"] = list(files)
    return client.post(url("recommendation_respond", rec), data, follow=True)


def test_officer_reports_done_with_evidence_and_the_file_can_be_downloaded(world, mw, login, tmp_path):
    rec = make_rec(world, mw)
    client = login(world.users.officer_a)
    page = html_of(client.get(url("recommendation", rec)))
    assert url("recommendation_respond", rec) in page and url("recommendation_verify", rec) not in page
    response = respond(client, rec, files=[upload("Minh chứng cập nhật.pdf", PDF, "application/pdf")])
    assert response.redirect_chain == [(url("recommendation", rec), 302)]
    assert messages_of(response) == ["Đã gửi báo cáo thực hiện kiến nghị."]
    rec.refresh_from_db()
    assert rec.status == S.REPORTED_DONE
    answer = RecommendationResponse.objects.get(recommendation=rec)
    assert (answer.author, answer.text, answer.old_status, answer.new_status) == (
        world.users.officer_a,
        "Đã cập nhật 12 hộ lên hệ thống",
        S.OPEN,
        S.REPORTED_DONE,
    )
    evidence = ResponseAttachment.objects.get(response=answer)
    assert (evidence.original_name, evidence.content_type) == ("Minh chứng cập nhật.pdf", "application/pdf")
    assert evidence.file.name.startswith("private/monitoring/recommendations/")
    assert (tmp_path / evidence.file.name).read_bytes() == PDF
    html = response.content.decode()
    assert f'<a href="{url("response_file", evidence)}">Minh chứng cập nhật.pdf</a>' in html
    assert url("recommendation_respond", rec) not in html  # waiting for staff now

    download = client.get(url("response_file", evidence))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert unquote(download["Content-Disposition"].split("filename*=utf-8''")[1]) == "Minh chứng cập nhật.pdf"


def test_evidence_is_seen_by_who_sees_the_recommendation(world, mw, login):
    rec = make_rec(world, mw)
    answer = services.recommendation_respond(
        recommendation=rec,
        by=world.users.officer_a,
        text="Xong",
        new_status=S.REPORTED_DONE,
        files=[upload("anh.png", PNG)],
    )
    evidence = answer.attachments.get()
    for user, status in [
        (world.users.staff, 200),
        (world.users.leader, 200),
        (world.users.admin, 200),
        (world.users.officer_b, 404),
        (world.users.office, 404),
        (world.users.outsider, 404),
    ]:
        response = login(user).get(url("response_file", evidence))
        assert response.status_code == status, user


def test_progress_report_without_a_file(world, mw, login):
    rec = make_rec(world, mw)
    respond(login(world.users.officer_a), rec, text="Đang rà soát 3 thôn", new_status=S.IN_PROGRESS)
    rec.refresh_from_db()
    assert rec.status == S.IN_PROGRESS


def test_report_without_text_refused_with_a_message(world, mw, login):
    rec = make_rec(world, mw)
    response = respond(login(world.users.officer_a), rec, text="")
    assert messages_of(response) == ["Hãy ghi kết quả thực hiện và chọn tình trạng."]
    rec.refresh_from_db()
    assert rec.status == S.OPEN and not rec.responses.exists()


def test_a_file_of_an_unknown_type_refused_and_nothing_saved(world, mw, login):
    rec = make_rec(world, mw)
    bogus = upload("minh chung.docx", "Họ và tên;Chức vụ\n".encode())
    response = respond(login(world.users.officer_a), rec, files=[upload("a.pdf", PDF), bogus])
    [message] = messages_of(response)
    assert message.startswith("Tệp “minh chung.docx” không phải loại tệp được nhận")
    rec.refresh_from_db()
    assert rec.status == S.OPEN and not rec.responses.exists() and not ResponseAttachment.objects.exists()


def test_office_staff_respond_to_a_recommendation_for_their_office(world, mw, login):
    rec = make_rec(world, mw, "Thẩm định dự toán bổ sung", office=world.a.finance)
    client = login(world.users.office)
    assert url("recommendation_respond", rec) in html_of(client.get(url("recommendation", rec)))
    response = respond(client, rec, text="Đã thẩm định")
    assert messages_of(response) == ["Đã gửi báo cáo thực hiện kiến nghị."]
    rec.refresh_from_db()
    assert rec.status == S.REPORTED_DONE
    # The office does not see what goes to a commune, and commune officers do not see the office's.
    to_unit = make_rec(world, mw)
    assert (
        client.post(url("recommendation_respond", to_unit), {"text": "x", "new_status": "in_progress"}).status_code
        == 404
    )
    officer = login(world.users.officer_a)
    assert officer.get(url("recommendation", rec)).status_code == 404


def test_leader_reads_but_cannot_respond(world, mw, login):
    rec = make_rec(world, mw)
    client = login(world.users.leader)
    page = html_of(client.get(url("recommendation", rec)))
    assert "Cập nhật hộ nghèo lên hệ thống" in page
    assert url("recommendation_respond", rec) not in page and url("recommendation_verify", rec) not in page
    response = client.post(url("recommendation_respond", rec), {"text": "Đã xong", "new_status": "reported_done"})
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.status == S.OPEN and not rec.responses.exists()


def test_officer_of_another_unit_gets_not_found(world, mw, login):
    rec = make_rec(world, mw)
    client = login(world.users.officer_b)
    assert client.get(url("recommendation", rec)).status_code == 404
    assert (
        client.post(url("recommendation_respond", rec), {"text": "x", "new_status": "in_progress"}).status_code == 404
    )
    rec.refresh_from_db()
    assert rec.status == S.OPEN


def test_a_second_report_while_waiting_for_staff_is_refused(world, mw, login):
    rec = make_rec(world, mw)
    report_done(world, rec)
    response = respond(login(world.users.officer_a), rec, text="Bổ sung", new_status=S.IN_PROGRESS)
    assert messages_of(response) == ["Kiến nghị đã báo cáo hoàn thành, đang chờ Phòng LĐTBXH kiểm tra."]
    assert rec.responses.count() == 1


# --- staff's verification ----------------------------------------------------------------------------------


def verify(client, rec, decision, comment=""):
    return client.post(url("recommendation_verify", rec), {"decision": decision, "comment": comment}, follow=True)


def test_staff_close_a_recommendation_reported_done(world, mw, login):
    rec = make_rec(world, mw)
    report_done(world, rec)
    client = login(world.users.staff)
    assert url("recommendation_verify", rec) in html_of(client.get(url("recommendation", rec)))
    response = verify(client, rec, "close")
    assert response.redirect_chain == [(url("recommendation", rec), 302)]
    assert messages_of(response) == ["Đã đóng kiến nghị."]
    rec.refresh_from_db()
    assert (rec.status, rec.closed_by) == (S.CLOSED, world.users.staff) and rec.closed_at
    html = response.content.decode()
    assert "Đã kiểm tra, đóng" in html and url("recommendation_verify", rec) not in html


def test_staff_reopen_with_a_comment(world, mw, login):
    rec = make_rec(world, mw)
    report_done(world, rec)
    response = verify(login(world.users.staff), rec, "reopen", "Còn thiếu thôn 2")
    assert messages_of(response) == ["Đã mở lại kiến nghị."]
    rec.refresh_from_db()
    assert rec.status == S.REOPENED and rec.closed_at is None
    last = rec.responses.last()
    assert (last.author, last.text, last.new_status) == (world.users.staff, "Còn thiếu thôn 2", S.REOPENED)
    assert "Còn thiếu thôn 2" in response.content.decode()
    # The officer may report again.
    assert url("recommendation_respond", rec) in html_of(login(world.users.officer_a).get(url("recommendation", rec)))


def test_reopen_without_a_comment_refused_and_nothing_changes(world, mw, login):
    rec = make_rec(world, mw)
    report_done(world, rec)
    response = verify(login(world.users.staff), rec, "reopen", "  ")
    assert messages_of(response) == ["Hãy ghi rõ lý do mở lại kiến nghị."]
    rec.refresh_from_db()
    assert rec.status == S.REPORTED_DONE and rec.responses.count() == 1


def test_verifying_one_not_reported_done_refused(world, mw, login):
    rec = make_rec(world, mw)
    response = verify(login(world.users.staff), rec, "close")
    assert messages_of(response) == ["Chỉ kiểm tra được kiến nghị đã báo cáo hoàn thành."]
    rec.refresh_from_db()
    assert rec.status == S.OPEN


def test_only_managers_verify(world, mw, login):
    rec = make_rec(world, mw)
    report_done(world, rec)
    for user in (world.users.officer_a, world.users.leader):
        assert login(user).post(url("recommendation_verify", rec), {"decision": "close"}).status_code == 403
    for user in (world.users.office, world.users.officer_b, world.users.outsider):
        assert login(user).post(url("recommendation_verify", rec), {"decision": "close"}).status_code == 404
    assert login(world.users.staff).get(url("recommendation_verify", rec)).status_code == 405
    rec.refresh_from_db()
    assert rec.status == S.REPORTED_DONE


# --- queries ---------------------------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add_recs(world, mw, count):
    today = timezone.localdate()
    for number in range(count):
        if number % 3 == 2:
            make_rec(world, mw, f"Kiến nghị số {number}", office=world.a.finance, due=today + (number - 5) * DAY)
        else:
            make_rec(world, mw, f"Kiến nghị số {number}", unit=world.a.communes[number % 2], due=today + number * DAY)


@pytest.mark.parametrize("role", ["staff", "officer_a", "office"])
def test_recommendation_list_queries_do_not_grow_with_rows(world, mw, login, role):
    client = login(getattr(world.users, role))
    _add_recs(world, mw, 3)
    paths = [url("recommendations"), url("recommendations") + "?status=overdue"]
    few = [_queries(client, path) for path in paths]
    _add_recs(world, mw, 17)  # 20 in all
    if role == "staff":
        assert html_of(client.get(url("recommendations"))).count(">Kiến nghị số ") == 20
    assert [_queries(client, path) for path in paths] == few
