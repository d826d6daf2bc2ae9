"""The training part of the Tủa Chùa 2024 demo: `training.demo` and `load_demo --with-registrations`."""

import datetime
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from plans.demo.loader import load_demo
from plans.models import AdministrativeUnit
from training.demo import (
    DUPLICATE_NAME,
    FAMILIES,
    load_demo_registrations,
    load_training_demo,
    plan_rosters,
)
from training.models import Delegate, EventKind, FormKind, ListStatus, RegistrationList, TrainingEvent
from training.quotas import quota_for
from training.selectors import cross_unit_duplicates, participating_units, villages_by_unit
from tuachua.models import AuditEntry
from tuachua.text import compare_key

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CLASS_UNITS = {
    1: {"TT-TUA-CHUA", "MUONG-DUN", "LAO-XA-PHINH"},
    2: {"MUONG-BANG", "HUOI-SO", "SIN-CHAI"},
    3: {"XA-NHE", "TA-PHIN", "TA-SIN-THANG"},
    4: {"TUA-THANG", "SINH-PHINH", "TRUNG-THU"},
}


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """Plan, events and registrations loaded once per class inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_demo()
        events = load_training_demo()
        registrations = load_demo_registrations()
    yield events, registrations
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def _classes():
    return list(TrainingEvent.objects.filter(kind=EventKind.TRAINING_CLASS).order_by("number"))


def _one(kind):
    return TrainingEvent.objects.get(kind=kind)


def _total(event):
    return sum(quota_for(event, unit).total for unit in participating_units(event))


def _counts():
    return {
        "events": TrainingEvent.objects.count(),
        "lists": RegistrationList.objects.count(),
        "delegates": Delegate.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


class TestEvents:
    """The loaded events reproduce the plan's numbers from the quota rule."""

    def test_report_counts_created_events(self, demo):
        events, _registrations = demo
        assert events == {EventKind.TRAINING_CLASS: 4, EventKind.STUDY_TOUR: 1, EventKind.REVIEW_TRAINING: 1}

    def test_four_classes_of_activity_1_1_with_their_units(self, demo):
        classes = _classes()
        assert [c.title for c in classes] == ["Lớp thứ nhất", "Lớp thứ hai", "Lớp thứ ba", "Lớp thứ tư"]
        for event in classes:
            assert event.activity.code == "1.1"
            assert (event.days, event.form, event.venue) == (2, FormKind.ANNEX_1, "")
            assert event.schedule_note == "Thời gian, địa điểm cụ thể sẽ thông báo bằng Giấy mời"
            assert (event.unit_seats, event.village_seats, event.host_seats) == (9, 5, 0)
            assert {u.code for u in event.units.all()} == CLASS_UNITS[event.number]

    def test_class_capacities_are_the_quota_totals_182_182_167_177(self, demo):
        classes = _classes()
        assert [c.capacity for c in classes] == [182, 182, 167, 177]
        assert [_total(c) for c in classes] == [182, 182, 167, 177]
        assert sum(c.capacity for c in classes) == 708 == classes[0].activity.target_participants

    def test_quota_explained_for_muong_dun(self, demo):
        event = _classes()[0]
        quota = quota_for(event, AdministrativeUnit.objects.get(code="MUONG-DUN"))
        assert quota.explain() == "9 cấp xã + 5 × 10 thôn = 59"

    def test_study_tour_48_is_12_district_plus_3_per_unit(self, demo):
        tour = _one(EventKind.STUDY_TOUR)
        assert (tour.activity.code, tour.title, tour.days, tour.form) == (
            "1.2",
            "Đoàn học tập trao đổi kinh nghiệm",
            8,
            FormKind.ANNEX_2,
        )
        assert tour.units.count() == 12
        district = AdministrativeUnit.objects.get(code="TUA-CHUA")
        assert quota_for(tour, district).explain() == "12 đại biểu cấp huyện"
        assert tour.capacity == _total(tour) == 12 + 3 * 12 == 48

    def test_review_training_380(self, demo):
        review = _one(EventKind.REVIEW_TRAINING)
        assert (review.activity.code, review.days, review.form) == ("2.2a", 1, FormKind.ANNEX_1)
        assert review.title == "Tập huấn nghiệp vụ rà soát hộ nghèo, hộ cận nghèo"
        assert review.units.count() == 12
        assert review.capacity == _total(review) == 20 + 10 * 12 + 2 * 120 == 380

    def test_deadlines_are_timezone_aware_end_of_day_in_vietnam(self, demo):
        deadline = datetime.datetime(2024, 3, 18, 23, 59, 59, tzinfo=TZ)
        for event in [*_classes(), _one(EventKind.STUDY_TOUR)]:
            assert event.registration_deadline == deadline
            assert event.registration_deadline.astimezone(TZ).strftime("%d/%m/%Y %H:%M:%S") == "18/03/2024 23:59:59"
        assert deadline.astimezone(datetime.UTC) == datetime.datetime(2024, 3, 18, 16, 59, 59, tzinfo=datetime.UTC)
        review = _one(EventKind.REVIEW_TRAINING)
        assert review.registration_deadline == datetime.datetime(2024, 8, 31, 23, 59, 59, tzinfo=TZ)

    def test_second_run_creates_nothing_and_keeps_edits(self, demo):
        event = _classes()[0]
        event.title = "Lớp 1 (đã đổi tên)"
        event.save()
        before = _counts()
        assert sum(load_training_demo().values()) == 0
        assert sum(load_demo_registrations().values()) == 0
        assert _counts() == before
        event.refresh_from_db()
        assert event.title == "Lớp 1 (đã đổi tên)"


class TestRegistrations:
    """Lists in every state, written through the services, within their quotas."""

    def test_class_lists_have_the_designed_mix_of_statuses(self, demo):
        lists = RegistrationList.objects.filter(event__kind=EventKind.TRAINING_CLASS)
        assert Counter(lists.values_list("status", flat=True)) == {
            ListStatus.APPROVED: 4,
            ListStatus.SUBMITTED: 3,
            ListStatus.RETURNED: 1,
            ListStatus.DRAFT: 2,
        }
        assert not lists.filter(unit__code__in=["TA-PHIN", "SINH-PHINH"]).exists()  # not started

    def test_a_partial_draft_and_a_full_one(self, demo):
        partial = RegistrationList.objects.get(event__kind=EventKind.TRAINING_CLASS, unit__code="TUA-THANG")
        full = RegistrationList.objects.get(event__kind=EventKind.TRAINING_CLASS, unit__code="XA-NHE")
        assert partial.status == full.status == ListStatus.DRAFT
        assert partial.delegates.filter(village=None).count() == 7
        assert partial.delegates.exclude(village=None).values("village").distinct().count() == 3
        assert partial.delegates.count() < quota_for(partial.event, partial.unit).total // 2
        assert full.delegates.count() > quota_for(full.event, full.unit).total - 5

    def test_tour_lists_of_three(self, demo):
        tour_lists = RegistrationList.objects.filter(event__kind=EventKind.STUDY_TOUR)
        assert tour_lists.count() == 5
        assert Counter(tour_lists.values_list("status", flat=True)) == {
            ListStatus.APPROVED: 2,
            ListStatus.SUBMITTED: 2,
            ListStatus.DRAFT: 1,
        }
        for reg_list in tour_lists:
            positions = list(reg_list.delegates.values_list("position", flat=True))
            assert len(positions) == 3
            assert positions[0] == "Chủ tịch UBND"

    def test_report_counts(self, demo):
        _events, registrations = demo
        assert registrations["lists"] == 15
        assert registrations["delegates"] == Delegate.objects.count()
        assert registrations[ListStatus.APPROVED] == 6
        assert registrations[ListStatus.SUBMITTED] == 5
        assert registrations[ListStatus.RETURNED] == 1
        assert registrations[ListStatus.DRAFT] == 3

    def test_returned_list_has_a_comment_about_the_duplicate(self, demo):
        returned = RegistrationList.objects.get(status=ListStatus.RETURNED)
        assert returned.unit.code == "HUOI-SO"
        assert DUPLICATE_NAME in returned.review_comment
        assert "Mường Báng" in returned.review_comment
        assert returned.reviewed_by.username == "phonglaodong"

    def test_submitted_before_the_deadline_by_the_units_officer(self, demo):
        for reg_list in RegistrationList.objects.exclude(status=ListStatus.DRAFT).select_related("event", "unit"):
            assert reg_list.submitted_at <= reg_list.event.registration_deadline
            assert reg_list.submitted_by.username == reg_list.unit.code.lower()

    def test_audit_entries_by_units_and_staff(self, demo):
        entries = AuditEntry.objects.filter(object_type="training.registrationlist")
        actions = Counter(entries.values_list("action", flat=True))
        assert actions == {"list_save": 15, "list_submit": 12, "list_approve": 6, "list_return": 1}
        reviewers = set(entries.filter(action__in=["list_approve", "list_return"]).values_list("actor__username"))
        assert reviewers == {("phonglaodong",)}
        assert not entries.filter(actor=None).exists()

    def test_no_list_exceeds_its_quota(self, demo):
        for reg_list in RegistrationList.objects.select_related("event__activity__plan", "unit"):
            quota = quota_for(reg_list.event, reg_list.unit)
            levels = Counter(reg_list.delegates.values_list("village_id", flat=True))
            assert sum(levels.values()) <= quota.total
            for village_id, used in levels.items():
                assert village_id is None or village_id in quota.village_ids
                assert used <= quota.limit_for(village_id), (reg_list, village_id)

    def test_approved_delegates_are_placed_within_capacity(self, demo):
        for event in TrainingEvent.objects.all():
            placed = Delegate.objects.filter(assigned_event=event).count()
            approved = Delegate.objects.filter(reg_list__event=event, reg_list__status=ListStatus.APPROVED).count()
            assert placed == approved <= event.capacity

    def test_exactly_one_deliberate_cross_unit_duplicate(self, demo):
        duplicates = cross_unit_duplicates(_classes()[1])
        assert list(duplicates) == [compare_key(DUPLICATE_NAME)]
        assert {d.reg_list.unit.code for d in duplicates[compare_key(DUPLICATE_NAME)]} == {"MUONG-BANG", "HUOI-SO"}
        assert cross_unit_duplicates(_one(EventKind.STUDY_TOUR)) == {}

    def test_names_and_pay_look_like_the_area(self, demo):
        families = {family for group in FAMILIES.values() for family in group}
        delegates = list(Delegate.objects.all())
        for delegate in delegates:
            family, middle, _given = delegate.full_name.split(" ", 2)
            assert family in families, delegate.full_name
            assert middle in {"A", "Văn", "Thị"}, delegate.full_name
            assert (middle == "Thị") == (delegate.gender == "female"), delegate.full_name
        class_rows = [d for d in delegates if d.reg_list.event.kind == EventKind.TRAINING_CLASS]
        assert all(d.paid_by_state for d in class_rows if d.village_id is None)
        village_rows = [d for d in class_rows if d.village_id is not None]
        assert sum(not d.paid_by_state for d in village_rows) / len(village_rows) > 0.9
        assert any(d.phone for d in village_rows) and any(not d.phone for d in village_rows)
        assert {"Chủ tịch UBND", "Chủ tịch Hội LHPN", "Kế toán"} <= {d.position for d in class_rows}
        assert {"Bí thư chi bộ", "Trưởng thôn", "Chi hội trưởng Phụ nữ"} <= {d.position for d in village_rows}

    def test_rosters_are_deterministic(self, demo):
        units = list(AdministrativeUnit.objects.filter(parent__code="TUA-CHUA").order_by("sort_order"))
        villages = villages_by_unit(units)
        first, second = plan_rosters(units, villages), plan_rosters(units, villages)
        assert {c: r.class_rows for c, r in first.items()} == {c: r.class_rows for c, r in second.items()}
        saved = RegistrationList.objects.get(event__kind=EventKind.TRAINING_CLASS, unit__code="SIN-CHAI")
        assert list(saved.delegates.values_list("full_name", flat=True)) == [
            r.full_name for r in first["SIN-CHAI"].class_rows
        ]


# --- the management command ---------------------------------------------------------------------------


@override_settings(DEBUG=True)
def test_command_with_registrations_twice(db):
    out = StringIO()
    call_command("load_demo", "--with-registrations", stdout=out)
    output = out.getvalue()
    assert "Đã tạo mới" in output
    assert "Tập huấn — đã tạo Lớp tập huấn: 4, Học tập trao đổi kinh nghiệm: 1, Tập huấn rà soát hộ nghèo: 1" in output
    assert "Danh sách đăng ký — đã tạo 15 danh sách" in output
    assert "mật khẩu: demo2024" in output
    before = _counts()
    out = StringIO()
    call_command("load_demo", "--with-registrations", stdout=out)
    output = out.getvalue()
    assert _counts() == before
    assert "Dữ liệu mẫu đã có sẵn; không thay đổi gì." in output
    assert "Các lớp, đợt tập huấn mẫu đã có sẵn." in output
    assert "Danh sách đăng ký mẫu đã có sẵn." in output
    assert "đã tạo" not in output.lower()


@override_settings(DEBUG=True)
def test_command_without_flag_creates_events_but_no_lists(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert TrainingEvent.objects.count() == 6
    assert not RegistrationList.objects.exists()
    assert "Danh sách đăng ký" not in out.getvalue()
