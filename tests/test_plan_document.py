"""The plan itself (Kế hoạch …/KH-UBND): who may download it, what it says, and that its figures are the data's.

The demo tests load the Tủa Chùa 2024 plan with its training events and monitoring once for the class (rolled
back afterwards) and check the numbers of the seed plan; each test then changes the data inside its own
transaction and checks that the figures follow.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring.demo import load_monitoring_demo
from monitoring.models import MonitoringVisit, TeamMember, VisitKind
from plans.demo.loader import load_demo
from plans.models import AdministrativeUnit, Plan, UnitKind
from tests.factories import UnitFactory
from tests.training.conftest import build_training_world
from training.demo import load_training_demo
from training.models import EventKind, QuotaOverride, TrainingEvent
from tuachua.documents.blocks import Closing, OfficialHeader, Paragraph, Title
from tuachua.exporters import get_exporter
from tuachua.plan_document import plan_document

EXPORTER = get_exporter("plan")
# Queries of `get_object` and `build` together, whatever the number of activities, events, units and visits.
QUERIES = 16


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["documents"].clear()


def url(plan, fmt: str) -> str:
    return f"/documents/plan/{plan.pk}.{fmt}"


def paragraphs(document) -> list[str]:
    return [block.text for block in document.sections[0].blocks if isinstance(block, Paragraph)]


def text_of(document) -> str:
    return "\n".join(paragraphs(document))


def workbook_text(content: bytes) -> str:
    ws = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(value) for row in ws.iter_rows(values_only=True) for value in row if value is not None)


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks and repeated spaces folded, so that wrapped phrases read whole."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def fresh(user):
    """The user as a new request would load it (nothing cached on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def count_queries(user, plan) -> int:
    user = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        EXPORTER.build(EXPORTER.get_object(user, plan.pk, {}), {})
    return len(queries.captured_queries)


# --- the test world ---------------------------------------------------------------------------------------


@pytest.fixture
def signed(world):
    plan = world.a.plan
    plan.signing_capacity = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    plan.signer_title = "PHÓ CHỦ TỊCH"
    plan.signer_name = "Vừ A Hùng"
    plan.recipients = "Sở LĐ-TB&XH tỉnh Điện Biên;\nUBND các xã, thị trấn;"
    plan.objectives = "Nâng cao năng lực đội ngũ cán bộ.\nGiám sát, đánh giá thực hiện Chương trình."
    plan.save()
    return world


@pytest.mark.parametrize("user", ["staff", "leader", "office", "officer_a", "admin"])
def test_everyone_who_sees_the_plan_downloads_it(signed, client, login, user):
    login(getattr(signed.users, user))
    response = client.get(url(signed.a.plan, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Ke-hoach_Huyen-A_2024.xlsx"')


def test_other_districts_and_anonymous_users_do_not(signed, client, login):
    response = client.get(url(signed.a.plan, "xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    login(signed.users.outsider)
    assert client.get(url(signed.a.plan, "xlsx")).status_code == 404
    assert client.get(url(signed.a.plan, "docx")).status_code == 404


def test_header_title_and_signature_follow_the_decree(signed):
    blocks = plan_document(Plan.objects.get(pk=signed.a.plan.pk)).sections[0].blocks
    header, title, closing = blocks[0], blocks[1], blocks[-1]
    assert isinstance(header, OfficialHeader)
    assert (header.parent_body, header.issuing_body) == ("UBND TỈNH ĐIỆN BIÊN", "UBND HUYỆN HUYỆN A")
    assert header.number == "Số: …/KH-UBND"
    assert header.place_date == "Tủa Chùa, ngày … tháng … năm 2024"
    assert isinstance(title, Title) and title.kind == ("KẾ HOẠCH",)
    assert title.subject == ("Thực hiện Dự án 7 năm 2024 (A)",)
    assert isinstance(closing, Closing)
    assert closing.left.lines == ("Sở LĐ-TB&XH tỉnh Điện Biên;", "UBND các xã, thị trấn;", "Lưu: VT.")
    assert closing.right.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert closing.right.name == "Vừ A Hùng"


def test_an_issued_plan_prints_its_number_and_date(signed):
    Plan.objects.filter(pk=signed.a.plan.pk).update(number="12", issue_date=datetime.date(2024, 2, 5))
    header = plan_document(Plan.objects.get(pk=signed.a.plan.pk)).sections[0].blocks[0]
    assert header.number == "Số: 12/KH-UBND"
    assert header.place_date == "Tủa Chùa, ngày 05 tháng 02 năm 2024"


def test_sections_legal_bases_objectives_and_duties(signed):
    text = text_of(plan_document(Plan.objects.get(pk=signed.a.plan.pk)))
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"):
        assert heading in text
    assert "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022;" in text
    assert "- Giám sát, đánh giá thực hiện Chương trình." in text
    assert "1. UBND các xã, thị trấn" in text
    assert "- Lập danh sách đăng ký đại biểu (hạn hoàn thành: 18/03/2024);" in text
    assert "2. Phòng Tài chính - Kế hoạch huyện\n- Thẩm định dự toán;" in text


def test_an_activity_without_events_prints_its_own_text_and_target(signed):
    activity = signed.a.activities[0]
    activity.participants_note = "Cán bộ cấp xã và thôn, bản."
    activity.form_note = "Mở 04 lớp tập huấn."
    activity.target_is_approximate = True
    activity.save()
    text = text_of(plan_document(Plan.objects.get(pk=signed.a.plan.pk)))
    assert "- Số lượng: khoảng 708 người.\n- Cán bộ cấp xã và thôn, bản." in text
    assert "- Hình thức thực hiện: Mở 04 lớp tập huấn." in text


def test_classes_and_tour_are_sized_from_the_quotas(signed):
    build_training_world(signed)
    text = text_of(plan_document(Plan.objects.get(pk=signed.a.plan.pk)))
    assert "- Hình thức thực hiện: Mở 02 lớp tập huấn cho 14 đại biểu; mỗi lớp tập huấn trong 02 ngày" in text
    assert "+ Lớp thứ nhất: 07 đại biểu, gồm: Đại biểu thuộc xã Xã A1;" in text
    assert "+ Lớp thứ hai: 07 đại biểu, gồm: Đại biểu thuộc xã Xã A2." in text
    assert "Tổ chức 01 đoàn 08 người đi học tập, trao đổi kinh nghiệm; dự kiến 08 ngày." in text


def test_the_excel_file_has_no_formulas(signed, client, login):
    build_training_world(signed)
    content = login(signed.users.staff).get(url(signed.a.plan, "xlsx")).content
    ws = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert "Lớp thứ nhất: 07 đại biểu" in workbook_text(content)


def _visit(world, team: int, kind=VisitKind.PERIODIC):
    """A visit of activity 1.2 to both communes with a team of `team` people."""
    visit = MonitoringVisit.objects.create(
        activity=world.a.activities[1],
        title=f"Giám sát {team}",
        kind=kind,
        planned_start=datetime.date(2024, 11, 4),
        planned_end=datetime.date(2024, 11, 8),
    )
    visit.units.add(*world.a.communes)
    TeamMember.objects.bulk_create(TeamMember(visit=visit, name=f"Thành viên {n}", order=n) for n in range(team))


def _more_classes(world):
    """Two more classes, each with a new commune of three villages and an override of its quota."""
    district, activity = world.a.unit, world.a.activities[0]
    for number in (3, 4):
        commune = UnitFactory(name=f"Xã mới {number}", parent=district)
        for village in range(3):
            UnitFactory(name=f"Thôn {village}", kind=UnitKind.VILLAGE, parent=commune)
        event = TrainingEvent.objects.create(
            activity=activity, kind=EventKind.TRAINING_CLASS, number=number, title=f"Lớp {number}", days=2
        )
        event.units.add(commune)
        QuotaOverride.objects.create(event=event, unit=commune, unit_seats=4, village_seats=1, reason="Ít thôn")


def test_visits_are_counted_where_the_text_states_counts(signed):
    activity = signed.a.activities[1]
    _visit(signed, 3)
    plan = Plan.objects.get(pk=signed.a.plan.pk)
    assert "Giám sát định kỳ" not in text_of(plan_document(plan))  # the text states no count: nothing to check
    activity.participants_note = "Giám sát định kỳ: đoàn 03 người."
    activity.save()
    text = text_of(plan_document(Plan.objects.get(pk=plan.pk)))
    assert "a) Đối tượng tham gia\n- Giám sát định kỳ: đoàn 03 người." in text
    assert "- Giám sát định kỳ: 01 cuộc tại các xã: Xã A1, Xã A2; đoàn giám sát 03 người." in text
    TeamMember.objects.create(visit=MonitoringVisit.objects.get(), name="Thêm một người", order=9)
    text = text_of(plan_document(Plan.objects.get(pk=plan.pk)))
    assert "đoàn 03 người" not in text
    assert "đoàn giám sát 04 người." in text


def test_queries_do_not_grow_with_the_data(signed):
    build_training_world(signed)
    _visit(signed, 3)
    before = count_queries(signed.users.staff, signed.a.plan)
    _more_classes(signed)
    _visit(signed, 5, VisitKind.AD_HOC)
    assert count_queries(signed.users.staff, signed.a.plan) == before == QUERIES


# --- the demo plan ---------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The Tủa Chùa 2024 demo (plan, training events, monitoring) loaded once per class, rolled back after."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_demo()
        load_training_demo()
        load_monitoring_demo()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def demo(loaded, db):
    return Plan.objects.get(issuing_unit__code="TUA-CHUA", year=2024)


@pytest.fixture
def staff(demo):
    return get_user_model().objects.get(username="phonglaodong")


def demo_text(staff, plan) -> str:
    return text_of(EXPORTER.build(EXPORTER.get_object(fresh(staff), plan.pk, {}), {}))


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


SEED_FIGURES = (
    "Mở 04 lớp tập huấn cho 708 đại biểu; mỗi lớp tập huấn trong 02 ngày, cụ thể như sau:",
    "Lớp thứ nhất: 182 đại biểu, gồm: Đại biểu thuộc các xã: Mường Đun, Lao Xả Phình và thị trấn Tủa Chùa;",
    "Lớp thứ hai: 182 đại biểu",
    "Lớp thứ ba: 167 đại biểu",
    "Lớp thứ tư: 177 đại biểu",
    "Tổ chức 01 đoàn 48 người đi học tập, trao đổi kinh nghiệm tại một số huyện trong tỉnh và ngoài tỉnh;",
    "dự kiến 08 ngày.",
    "Mở 01 lớp tập huấn cho 380 đại biểu",
    "Giám sát định kỳ: 01 cuộc tại 11 xã và 01 thị trấn; đoàn giám sát 21 người.",
    "mỗi đoàn 05 người.",
    "Căn cứ Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022",
    "Căn cứ Quyết định số 3208/QĐ-UBND ngày 19/12/2023",
    "Nơi nhận:",
    "Lưu: VT.",
    "PHÓ CHỦ TỊCH",
    "Vừ A Hùng",
)


@pytest.mark.django_db
class TestDemoPlan:
    @pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
    def test_the_files_show_the_seed_plans_figures(self, demo, client, login, staff, fmt):
        response = login(staff).get(url(demo, fmt))
        assert response.status_code == 200
        text = pdf_text(response.content) if fmt == "pdf" else workbook_text(response.content)
        for expected in ("UBND HUYỆN TỦA CHÙA", "Số: …/KH-UBND", "KẾ HOẠCH", *SEED_FIGURES):
            assert expected in text, expected
        assert "Ban Quản lý cấp xã" not in text  # 1.1's form_note: the computed sentence replaces it

    def test_building_it_takes_a_fixed_number_of_queries(self, demo, staff):
        assert count_queries(staff, demo) == QUERIES

    def test_a_quota_override_changes_the_class_and_the_total(self, demo, staff):
        first = TrainingEvent.objects.get(activity__plan=demo, kind=EventKind.TRAINING_CLASS, number=1)
        QuotaOverride.objects.create(event=first, unit=unit("MUONG-DUN"), unit_seats=14, village_seats=5, reason="x")
        text = demo_text(staff, demo)
        assert "Mở 04 lớp tập huấn cho 713 đại biểu" in text
        assert "+ Lớp thứ nhất: 187 đại biểu" in text
        assert "708" not in text

    def test_one_more_village_changes_the_class_and_the_review_training(self, demo, staff):
        UnitFactory(name="Bản Mới", kind=UnitKind.VILLAGE, parent=unit("SIN-CHAI"))
        text = demo_text(staff, demo)
        assert "+ Lớp thứ hai: 187 đại biểu" in text
        assert "Mở 04 lớp tập huấn cho 713 đại biểu" in text
        assert "Mở 01 lớp tập huấn cho 382 đại biểu" in text
        # the participants text of 2.2a says "Khoảng 380 người": it gives way to the computed levels
        assert "Khoảng 380" not in text
        assert "- Cấp huyện: 20 người.\n- Cấp xã: 120 người.\n- Cấp thôn, bản, tổ dân phố: 242 người." in text

    def test_removing_a_class_changes_the_count(self, demo, staff):
        TrainingEvent.objects.filter(activity__plan=demo, kind=EventKind.TRAINING_CLASS, number=4).delete()
        text = demo_text(staff, demo)
        assert "Mở 03 lớp tập huấn cho 531 đại biểu" in text
        assert "04 lớp" not in text and "Lớp thứ tư" not in text

    def test_a_larger_team_changes_the_visit_and_drops_the_outdated_text(self, demo, staff):
        visit = MonitoringVisit.objects.get(activity__plan=demo, activity__code="2.2b", kind=VisitKind.PERIODIC)
        TeamMember.objects.create(visit=visit, name="Thành viên mới", order=99)
        text = demo_text(staff, demo)
        assert "Giám sát định kỳ: 01 cuộc tại 11 xã và 01 thị trấn; đoàn giám sát 22 người." in text
        assert "21 người" not in text

    def test_without_events_the_activitys_own_text_stands(self, demo, staff):
        TrainingEvent.objects.filter(activity__plan=demo, activity__code="2.2a").delete()
        text = demo_text(staff, demo)
        assert "- Khoảng 380 người: BCĐ rà soát hộ nghèo" in text
        assert "Mở 01 lớp tập huấn" not in text
