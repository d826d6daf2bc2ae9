"""The leadership dashboard: its figures against the demo and hand-made data, who sees what, its queries,
and its print/Excel version."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring.demo import load_monitoring_demo
from monitoring.models import MonitoringVisit, Recommendation, RecommendationStatus, ReportingPeriod, VisitStatus
from monitoring.selectors import completeness, reporting_units
from plans.demo.loader import load_demo
from plans.models import AdministrativeUnit, Plan
from tests.training.conftest import build_training_world, make_list, people, row
from training.demo import load_demo_registrations, load_training_demo
from training.models import Delegate, EventKind, ListStatus, TrainingEvent
from tuachua.dashboard.figures import dashboard

URL = "/dashboard/"


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole Tủa Chùa 2024 demo with registrations, loaded once per class and rolled back after."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_demo()
        load_training_demo()
        load_demo_registrations()
        load_monitoring_demo()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def demo(loaded, db):
    return Plan.objects.select_related("issuing_unit").get(issuing_unit__code="TUA-CHUA", year=2024)


def user(name):
    return get_user_model().objects.get(username=name)


class TestDemoFigures:
    def test_seats_are_the_plans_numbers(self, demo):
        reg = dashboard(demo).registration
        assert reg.class_seats == 708
        assert [fill.seats for fill in reg.classes] == [182, 182, 167, 177]
        assert reg.tour_seats == 48
        review = [fill for fill in reg.events if fill.event.kind == EventKind.REVIEW_TRAINING]
        assert [fill.seats for fill in review] == [380]

    def test_registration_counts_equal_the_lists(self, demo):
        reg = dashboard(demo).registration
        placed = Delegate.objects.filter(assigned_event__activity__plan=demo)
        assert sum(fill.placed for fill in reg.events) == placed.count()
        approved = Delegate.objects.filter(reg_list__event__activity__plan=demo, reg_list__status=ListStatus.APPROVED)
        assert sum(row.approved for row in reg.units) == approved.count()
        assert len(reg.units) == 13  # twelve units and the district itself (its tour and review seats)

    def test_late_units_come_first(self, demo):
        now = datetime.datetime(2024, 3, 19, 9, tzinfo=datetime.UTC)  # the day after the plan's deadline
        units = dashboard(demo, now=now).registration.units
        flags = [unit_row.is_late for unit_row in units]
        assert any(flags) and flags == sorted(flags, reverse=True)
        for unit_row in units:
            for event in unit_row.late:
                assert not unit_row.unit.registration_lists.filter(
                    event=event, status__in=[ListStatus.SUBMITTED, ListStatus.APPROVED]
                ).exists()

    def test_monitoring_figures_equal_the_data(self, demo):
        today = datetime.date(2025, 1, 10)
        now = timezone.make_aware(datetime.datetime(2025, 1, 10, 9))
        mon = dashboard(demo, now=now).monitoring
        visits = MonitoringVisit.objects.filter(activity__plan=demo).exclude(status=VisitStatus.CANCELLED)
        assert mon.visits.total == visits.count()
        assert mon.visits.done == visits.filter(status=VisitStatus.DONE).count()
        recs = Recommendation.objects.filter(visit__activity__plan=demo)
        open_recs = recs.exclude(status=RecommendationStatus.CLOSED)
        assert mon.recs_open == open_recs.count()
        assert mon.recs_overdue == open_recs.filter(due_date__lt=today).count()
        assert mon.recs_closed == recs.filter(status=RecommendationStatus.CLOSED).count()
        for item in mon.periods:
            board = completeness(item.period, reporting_units(item.period))
            assert (item.total.expected, item.total.submitted, item.total.on_time) == (
                board.total.expected,
                board.total.submitted,
                board.total.on_time,
            )
            assert {unit.pk for unit, _count in item.missing_units} == {
                r.unit.pk for r in board.unit_rows if r.tally.missing
            }

    def test_a_unit_sees_only_its_own_figures(self, demo):
        unit = AdministrativeUnit.objects.get(code="MUONG-DUN")
        board = dashboard(demo, unit=unit)
        assert [row.unit for row in board.registration.units] == [unit]
        assert [fill.event.title for fill in board.registration.classes] == ["Lớp thứ nhất"]
        assert board.money == []
        assert all(missing.pk == unit.pk for item in board.monitoring.periods for missing, _ in item.missing_units)

    def test_the_page_shows_the_totals(self, demo, client, login):
        login(user("lanhdao"))
        html = client.get(URL).content.decode()
        assert "/ 708" in html and "/ 48" in html

    def test_queries_stay_under_30_and_do_not_grow(self, demo, client, login):
        login(user("lanhdao"))
        client.get(URL)
        with CaptureQueriesContext(connection) as full:
            assert client.get(URL).status_code == 200
        assert len(full) < 30
        Delegate.objects.filter(reg_list__unit__code="MUONG-DUN").delete()
        TrainingEvent.objects.filter(kind=EventKind.REVIEW_TRAINING).delete()
        with CaptureQueriesContext(connection) as fewer:
            client.get(URL)
        assert len(fewer) == len(full)

    def test_print_and_excel_versions_carry_the_same_figures(self, demo, client, login):
        caches["documents"].clear()
        login(user("lanhdao"))
        workbook = load_workbook(io.BytesIO(client.get(f"/documents/dashboard/{demo.pk}.xlsx").content))
        values = {str(v) for r in workbook.active.iter_rows(values_only=True) for v in r if v not in (None, "")}
        assert {"BÁO CÁO NHANH TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH", "708", "48", "Tổng cộng"} <= values
        response = client.get(f"/documents/dashboard/{demo.pk}.pdf")
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO NHANH TIẾN ĐỘ" in text
        assert "Lớp thứ nhất" in text and "Xã Mường Đun" in text


class TestAccess:
    @pytest.fixture
    def small(self, world):
        t = build_training_world(world)
        make_list(t.class1, t.a1, [row("Vừ A Hùng"), *people(2)], status=ListStatus.APPROVED)
        make_list(t.class2, t.a2, [row("Lò Văn Thượng")], status=ListStatus.SUBMITTED)
        return t

    def test_leaders_staff_and_offices_see_every_unit(self, small, client, login):
        for name in ("leader", "staff", "office", "admin"):
            login(getattr(small.users, name))
            response = client.get(URL)
            assert response.status_code == 200, name
            assert "Xã A1" in response.content.decode() and "Xã A2" in response.content.decode()

    def test_drill_down_to_a_unit(self, small, client, login):
        login(small.users.leader)
        html = client.get(URL, {"unit": small.a1.pk}).content.decode()
        assert "Xã A1" in html and "Xã A2" not in html
        assert client.get(URL, {"unit": "x"}).status_code == 404

    def test_an_officer_sees_their_unit_only(self, small, client, login):
        login(small.users.officer_a)
        html = client.get(URL).content.decode()
        assert "Xã A1" in html and "Xã A2" not in html
        assert client.get(URL, {"unit": small.a2.pk}).status_code == 404
        assert (
            client.get(f"/documents/dashboard/{small.world.a.plan.pk}.xlsx", {"unit": small.a2.pk}).status_code == 404
        )

    def test_other_districts_and_strangers(self, small, client, login, django_user_model):
        login(small.users.outsider)
        assert client.get(URL, {"plan": small.world.a.plan.pk}).status_code == 404
        assert client.get(URL, {"unit": small.a1.pk}).status_code == 404
        client.logout()
        assert client.get(URL).status_code == 302
        login(django_user_model.objects.create_user("nobody", password="x"))
        assert client.get(URL).status_code == 403

    def test_small_world_numbers(self, small):
        board = dashboard(small.world.a.plan)
        reg = board.registration
        assert [(f.event.title, f.seats, f.sent, f.placed) for f in reg.events] == [
            ("Lớp thứ nhất", 7, 3, 3),
            ("Lớp thứ hai", 7, 1, 0),
            ("Đoàn học tập kinh nghiệm", 8, 0, 0),
        ]
        a1 = next(r for r in reg.units if r.unit == small.a1)
        assert (a1.quota, a1.entered, a1.sent, a1.approved) == (7 + 3, 3, 3, 3)

    def test_queries_do_not_grow_with_units_and_delegates(self, small, client, login):
        login(small.users.leader)
        client.get(URL)
        with CaptureQueriesContext(connection) as before:
            client.get(URL)
        make_list(small.tour, small.a1, [row("Giàng A Sếnh")], status=ListStatus.APPROVED)
        make_list(small.tour, small.a2, [row("Lò Văn Thượng"), *people(2)], status=ListStatus.DRAFT)
        with CaptureQueriesContext(connection) as after:
            client.get(URL)
        assert len(after) == len(before)
        assert ReportingPeriod.objects.count() == 0  # no periods in this world: that part costs nothing
