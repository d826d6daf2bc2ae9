import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from monitoring import selectors, services
from monitoring.models import Recommendation, RecommendationStatus
from tests.monitoring import PNG, monitoring_world, office_zip, pdf, upload
from tuachua.models import AuditEntry

D = datetime.date
S = RecommendationStatus
DUE = D(2024, 11, 30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mw(world):
    return monitoring_world(world)


def _rec(world, mw, *, unit=None, office=None, due=DUE):
    return services.recommendation_create(
        visit=mw.visit,
        text="Cập nhật hộ nghèo lên hệ thống",
        due_date=due,
        by=world.users.staff,
        unit=unit,
        office=office,
    )


def test_exactly_one_addressee(world, mw):
    with pytest.raises(ValidationError) as caught:
        _rec(world, mw)
    assert caught.value.messages == ["Kiến nghị phải gửi đúng một nơi: một đơn vị hoặc một phòng, ban."]
    with pytest.raises(ValidationError):
        _rec(world, mw, unit=world.a.communes[0], office=world.a.finance)


def test_addressee_constraint_in_the_database(world, mw):
    rec = _rec(world, mw, unit=world.a.communes[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(office=world.a.finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(unit=None)


def test_unit_outside_plan_refused(world, mw):
    with pytest.raises(ValidationError, match="phạm vi của kế hoạch"):
        _rec(world, mw, unit=world.b.communes[0])


def test_overdue(world, mw):
    rec = _rec(world, mw, unit=world.a.communes[0], due=D(2024, 11, 30))
    assert not rec.is_overdue(D(2024, 11, 30))
    assert rec.is_overdue(D(2024, 12, 1))
    rec.status = S.REPORTED_DONE  # reported but not yet verified: still counts as late
    assert rec.is_overdue(D(2024, 12, 1))
    rec.status = S.CLOSED
    assert not rec.is_overdue(D(2025, 1, 1))
    other = _rec(world, mw, office=world.a.finance, due=D(2024, 12, 31))
    overdue = Recommendation.objects.filter(selectors.overdue_q(D(2024, 12, 1)))
    assert list(overdue) == [rec] and other not in overdue


def test_full_loop_respond_verify_reopen_close(world, mw):
    officer, staff = world.users.officer_a, world.users.staff
    rec = _rec(world, mw, unit=world.a.communes[0])
    services.recommendation_respond(recommendation=rec, by=officer, text="Đang rà soát", new_status=S.IN_PROGRESS)
    services.recommendation_respond(recommendation=rec, by=officer, text="Thêm 3 thôn", new_status=S.IN_PROGRESS)
    response = services.recommendation_respond(
        recommendation=rec,
        by=officer,
        text="Đã cập nhật",
        new_status=S.REPORTED_DONE,
        files=[pdf("Biên bản.pdf"), upload("anh.png", PNG)],
    )
    assert rec.status == S.REPORTED_DONE
    assert [a.content_type for a in response.attachments.all()] == ["application/pdf", "image/png"]
    services.recommendation_verify(recommendation=rec, by=staff, close=False, comment="Còn thiếu thôn 2")
    assert rec.status == S.REOPENED
    services.recommendation_respond(recommendation=rec, by=officer, text="Đã bổ sung", new_status=S.REPORTED_DONE)
    services.recommendation_verify(recommendation=rec, by=staff, close=True)
    rec.refresh_from_db()
    assert (rec.status, rec.closed_by) == (S.CLOSED, staff) and rec.closed_at
    history = [(r.old_status, r.new_status) for r in rec.responses.all()]
    assert history == [
        ("open", "in_progress"),
        ("in_progress", "in_progress"),
        ("in_progress", "reported_done"),
        ("reported_done", "reopened"),
        ("reopened", "reported_done"),
        ("reported_done", "closed"),
    ]
    assert AuditEntry.objects.filter(object_type="monitoring.recommendation", object_id=str(rec.pk)).count() == 7


def test_refused_transitions(world, mw):
    officer, staff = world.users.officer_a, world.users.staff
    rec = _rec(world, mw, unit=world.a.communes[0])
    with pytest.raises(ValidationError) as caught:
        services.recommendation_respond(recommendation=rec, by=officer, text="x", new_status=S.CLOSED)
    assert caught.value.messages == ["Chỉ chọn được “Đang thực hiện” hoặc “Đã báo cáo hoàn thành”."]
    with pytest.raises(ValidationError, match="Chỉ kiểm tra được kiến nghị đã báo cáo hoàn thành."):
        services.recommendation_verify(recommendation=rec, by=staff, close=True)
    with pytest.raises(ValidationError, match="mô tả kết quả"):
        services.recommendation_respond(recommendation=rec, by=officer, text=" ", new_status=S.REPORTED_DONE)
    services.recommendation_respond(recommendation=rec, by=officer, text="Xong", new_status=S.REPORTED_DONE)
    with pytest.raises(ValidationError, match="đang chờ Phòng LĐTBXH kiểm tra"):
        services.recommendation_respond(recommendation=rec, by=officer, text="Lại", new_status=S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="lý do mở lại"):
        services.recommendation_verify(recommendation=rec, by=staff, close=False, comment="")
    services.recommendation_verify(recommendation=rec, by=staff, close=True)
    with pytest.raises(ValidationError, match="đã được kiểm tra và đóng"):
        services.recommendation_respond(recommendation=rec, by=officer, text="x", new_status=S.IN_PROGRESS)


def test_a_bad_evidence_file_stores_nothing(world, mw):
    rec = _rec(world, mw, unit=world.a.communes[0])
    with pytest.raises(ValidationError, match="bị hỏng"):
        services.recommendation_respond(
            recommendation=rec,
            by=world.users.officer_a,
            text="Đã xong",
            new_status=S.REPORTED_DONE,
            files=[pdf(), upload("minh chung.docx", office_zip("word")[:50])],
        )
    rec.refresh_from_db()
    assert rec.status == S.OPEN and not rec.responses.exists()


def test_who_may_respond_and_verify(world, mw):
    users = world.users
    to_unit = _rec(world, mw, unit=world.a.communes[0])
    to_office = _rec(world, mw, office=world.a.finance)
    for user in (users.officer_b, users.leader, users.office, users.outsider):
        with pytest.raises(PermissionDenied):
            services.recommendation_respond(recommendation=to_unit, by=user, text="x", new_status=S.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            recommendation=to_office, by=users.officer_a, text="x", new_status=S.IN_PROGRESS
        )
    services.recommendation_respond(recommendation=to_office, by=users.office, text="x", new_status=S.REPORTED_DONE)
    for user in (users.office, users.leader, users.officer_a, users.outsider):
        with pytest.raises(PermissionDenied):
            services.recommendation_verify(recommendation=to_office, by=user, close=True)
    services.recommendation_respond(
        recommendation=to_unit, by=users.staff, text="Qua điện thoại", new_status=S.IN_PROGRESS
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_create(
            visit=mw.visit, text="x", due_date=D(2024, 12, 1), by=users.outsider, unit=world.a.communes[0]
        )
