import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from monitoring import services
from monitoring.models import AttachmentKind, MonitoringVisit, VisitKind, VisitMethod, VisitStatus
from tests.monitoring import PDF, PNG, monitoring_world, pdf, upload
from tuachua.models import AuditEntry

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mw(world):
    return monitoring_world(world)


def test_create_keeps_units_default_preparation_and_audit(world, mw):
    visit = mw.visit
    assert visit.status == VisitStatus.PLANNED
    assert set(visit.units.all()) == set(world.a.communes)
    assert "địa điểm" in visit.preparation_note and "báo cáo tóm tắt" in visit.preparation_note
    entry = AuditEntry.objects.get(action="visit_create")
    assert entry.actor == world.users.staff and entry.object_id == str(visit.pk)


def test_only_managers_plan_visits(world, mw):
    with pytest.raises(PermissionDenied):
        services.visit_create(
            activity=mw.activity,
            kind=VisitKind.AD_HOC,
            method=VisitMethod.DIRECT,
            title="Đột xuất",
            planned_start=D(2024, 11, 1),
            planned_end=D(2024, 11, 1),
            units=[world.a.communes[0]],
            by=world.users.officer_a,
        )


def test_units_outside_the_plan_and_wrong_dates_refused(world, mw):
    kwargs = {
        "activity": mw.activity,
        "kind": VisitKind.AD_HOC,
        "method": VisitMethod.INDIRECT,
        "title": "Đột xuất",
        "by": world.users.staff,
    }
    with pytest.raises(ValidationError, match="phạm vi của kế hoạch"):
        services.visit_create(
            **kwargs, planned_start=D(2024, 11, 1), planned_end=D(2024, 11, 1), units=[world.b.communes[0]]
        )
    with pytest.raises(ValidationError, match="Hãy chọn ít nhất một đơn vị"):
        services.visit_create(**kwargs, planned_start=D(2024, 11, 1), planned_end=D(2024, 11, 1), units=[])
    with pytest.raises(ValidationError) as caught:
        services.visit_create(
            **kwargs, planned_start=D(2024, 11, 2), planned_end=D(2024, 11, 1), units=[world.a.communes[0]]
        )
    assert "Ngày kết thúc dự kiến phải sau ngày bắt đầu." in caught.value.messages


def test_status_planned_in_progress_done(world, mw):
    staff = world.users.staff
    services.visit_set_status(visit=mw.visit, status=VisitStatus.IN_PROGRESS, by=staff, actual_start=D(2024, 10, 8))
    services.visit_set_status(visit=mw.visit, status=VisitStatus.DONE, by=staff, actual_end=D(2024, 10, 10))
    visit = MonitoringVisit.objects.get(pk=mw.visit.pk)
    assert (visit.status, visit.actual_start, visit.actual_end) == ("done", D(2024, 10, 8), D(2024, 10, 10))
    assert visit.end_date == D(2024, 10, 10)
    assert AuditEntry.objects.filter(action="visit_set_status", object_id=str(visit.pk)).count() == 2


def test_starting_defaults_to_today(world, mw):
    services.visit_set_status(visit=mw.visit, status=VisitStatus.IN_PROGRESS, by=world.users.staff)
    assert mw.visit.actual_start == timezone.localdate()


def test_refused_transitions_say_why_in_vietnamese(world, mw):
    staff = world.users.staff
    services.visit_set_status(visit=mw.visit, status=VisitStatus.DONE, by=staff, actual_end=D(2024, 10, 9))
    assert mw.visit.actual_start == D(2024, 10, 7)  # recorded afterwards: starts when planned
    with pytest.raises(ValidationError) as caught:
        services.visit_set_status(visit=mw.visit, status=VisitStatus.IN_PROGRESS, by=staff)
    assert caught.value.messages == ["Không thể chuyển cuộc giám sát từ “Đã hoàn thành” sang “Đang giám sát”."]
    with pytest.raises(ValidationError, match="Trạng thái không hợp lệ"):
        services.visit_set_status(visit=mw.visit, status="finished", by=staff)


def test_cancel_and_plan_again_clears_actual_dates(world, mw):
    staff = world.users.staff
    services.visit_set_status(visit=mw.visit, status=VisitStatus.IN_PROGRESS, by=staff)
    services.visit_set_status(visit=mw.visit, status=VisitStatus.CANCELLED, by=staff)
    with pytest.raises(ValidationError, match="đã hủy"):
        services.visit_update(visit=mw.visit, by=staff, title="Mới")
    services.visit_set_status(visit=mw.visit, status=VisitStatus.PLANNED, by=staff)
    assert mw.visit.actual_start is None


def test_update_logs_only_what_changed(world, mw):
    staff = world.users.staff
    services.visit_update(visit=mw.visit, by=staff, title="  Giám sát   quý IV ", units=[world.a.communes[0]])
    assert mw.visit.title == "Giám sát quý IV"
    assert list(mw.visit.units.all()) == [world.a.communes[0]]
    entry = AuditEntry.objects.get(action="visit_update")
    assert set(entry.data["changes"]) == {"title", "units"}
    services.visit_update(visit=mw.visit, by=staff, title="Giám sát quý IV")
    assert AuditEntry.objects.filter(action="visit_update").count() == 1


def test_team_members_users_and_named_people(world, mw):
    staff = world.users.staff
    lead = services.visit_add_team_member(visit=mw.visit, by=staff, user=world.users.office, role="Thành viên")
    assert lead.office == world.a.finance and lead.name == "office"
    named = services.visit_add_team_member(
        visit=mw.visit, by=staff, name="Giàng  A Sếnh", office=world.a.lead, role="Trưởng đoàn"
    )
    assert (named.name, named.order) == ("Giàng A Sếnh", 2)
    with pytest.raises(ValidationError, match="đã có trong đoàn"):
        services.visit_add_team_member(visit=mw.visit, by=staff, user=world.users.office)
    with pytest.raises(ValidationError, match="họ và tên"):
        services.visit_add_team_member(visit=mw.visit, by=staff, name="  ")


def test_attachments_checked_by_content_and_stored_privately(world, mw):
    staff = world.users.staff
    minutes = services.visit_attach_file(
        visit=mw.visit, kind=AttachmentKind.MINUTES, file=pdf("Biên bản.pdf"), by=staff
    )
    assert minutes.file.name.startswith("private/monitoring/visits/")
    assert minutes.file.name.endswith(".pdf") and "Biên" not in minutes.file.name
    assert (minutes.original_name, minutes.content_type, minutes.size) == ("Biên bản.pdf", "application/pdf", len(PDF))
    photo = services.visit_attach_file(visit=mw.visit, kind=AttachmentKind.PHOTO, file=upload("a.png", PNG), by=staff)
    assert photo.file.read() == PNG
    with pytest.raises(ValidationError, match="chỉ nhận ảnh JPEG, ảnh PNG"):
        services.visit_attach_file(visit=mw.visit, kind=AttachmentKind.PHOTO, file=pdf(), by=staff)


def test_findings_are_numbered_and_belong_to_visited_units(world, mw):
    staff = world.users.staff
    first = services.finding_add(visit=mw.visit, text="Chưa cập nhật hệ thống", by=staff, unit=world.a.communes[0])
    second = services.finding_add(visit=mw.visit, text="Thiếu biên bản họp", by=staff)
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationError, match="không thuộc cuộc giám sát"):
        services.finding_add(visit=mw.visit, text="x", by=staff, unit=world.b.communes[0])
    with pytest.raises(ValidationError, match="nội dung phát hiện"):
        services.finding_add(visit=mw.visit, text=" ", by=staff)
