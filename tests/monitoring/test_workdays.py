import datetime

import pytest

from monitoring.models import MonitoringVisit, PublicHoliday
from monitoring.selectors import holidays_between, report_due_for
from monitoring.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date
# 2024: Tết Giáp Thìn 8–14/02, Giỗ Tổ 18/04, 30/4–1/5, Quốc khánh 2–3/09; 2025: 1/1 and Tết 25/1–2/2.
HOLIDAYS = {
    D(2024, 1, 1),
    *(D(2024, 2, day) for day in range(8, 15)),
    D(2024, 4, 18),
    D(2024, 4, 29),
    D(2024, 4, 30),
    D(2024, 5, 1),
    D(2024, 9, 2),
    D(2024, 9, 3),
    D(2025, 1, 1),
    *(D(2025, 1, day) for day in range(25, 32)),
    *(D(2025, 2, day) for day in (1, 2)),
}


def test_weekends_are_skipped():
    friday = D(2024, 10, 4)
    assert add_working_days(friday, 1, set()) == D(2024, 10, 7)  # Monday
    assert add_working_days(friday, 5, set()) == D(2024, 10, 11)
    assert add_working_days(D(2024, 10, 5), 1, set()) == D(2024, 10, 7)  # from a Saturday
    assert add_working_days(friday, 0, set()) == friday
    assert not is_working_day(D(2024, 10, 6), set())


def test_national_day_is_skipped():
    # Friday 30/08/2024 + 1 working day: Mon 2/9 and Tue 3/9 are Quốc khánh, so Wednesday 4/9.
    assert add_working_days(D(2024, 8, 30), 1, HOLIDAYS) == D(2024, 9, 4)
    assert add_working_days(D(2024, 8, 30), 1, set()) == D(2024, 9, 2)


def test_tet_week_is_skipped():
    # Wednesday 7/2/2024, the last working day before Tết: the next one is Thursday 15/2.
    assert add_working_days(D(2024, 2, 7), 1, HOLIDAYS) == D(2024, 2, 15)
    assert working_days_between(D(2024, 2, 7), D(2024, 2, 15), HOLIDAYS) == 1


def test_fifteen_working_days_across_year_end_and_new_year():
    # Visit ends Friday 20/12/2024: 15 working days with 1/1/2025 off → Monday 13/01/2025.
    assert add_working_days(D(2024, 12, 20), 15, HOLIDAYS) == D(2025, 1, 13)
    assert add_working_days(D(2024, 12, 20), 15, set()) == D(2025, 1, 10)


def test_fifteen_working_days_across_tet_2025():
    # Ends Friday 17/01/2025: 20–24/01 (5), Tết 25/1–2/2 off, 3–7/02 (10), 10–14/02 (15).
    assert add_working_days(D(2025, 1, 17), 15, HOLIDAYS) == D(2025, 2, 14)


def test_between_is_inverse_of_add():
    start = D(2024, 8, 28)
    for n in (0, 1, 3, 15, 40):
        end = add_working_days(start, n, HOLIDAYS)
        assert working_days_between(start, end, HOLIDAYS) == n
        assert working_days_between(end, start, HOLIDAYS) == -n


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2024, 1, 1), -1, set())


@pytest.mark.django_db
def test_holidays_loaded_for_a_range_in_one_query(django_assert_num_queries):
    PublicHoliday.objects.bulk_create(PublicHoliday(date=day, name="Nghỉ") for day in HOLIDAYS)
    with django_assert_num_queries(1):
        loaded = holidays_between(D(2024, 9, 1), D(2024, 12, 31))
    assert loaded == {D(2024, 9, 2), D(2024, 9, 3)}


@pytest.mark.django_db
def test_report_due_for_many_visits_in_one_query(django_assert_num_queries):
    PublicHoliday.objects.bulk_create(PublicHoliday(date=day, name="Nghỉ") for day in HOLIDAYS)
    visits = [
        MonitoringVisit(pk=1, planned_start=D(2024, 8, 26), planned_end=D(2024, 8, 30)),
        MonitoringVisit(pk=2, planned_start=D(2024, 12, 16), planned_end=D(2024, 12, 18), actual_end=D(2024, 12, 20)),
    ]
    with django_assert_num_queries(1):
        due = report_due_for(visits)
    # 30/8 + 15 working days, skipping 2–3/9: 4–6/9 (3), 9–13 (8), 16–20 (13), 23, 24 → 24/09/2024.
    # For the second visit the actual end (20/12) wins over the planned one.
    assert due == {1: D(2024, 9, 24), 2: D(2025, 1, 13)}
    assert report_due_for([]) == {}
