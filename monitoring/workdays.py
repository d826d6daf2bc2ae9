"""Working days (ngày làm việc): Monday to Friday, minus the public holidays passed in.

Pure functions over dates; the holidays come from `monitoring.selectors.holidays_between` (one query).
Not handled: Saturdays the government turns into make-up working days (ngày làm bù).
"""

import datetime

_ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date, holidays: set[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.date, n: int, holidays: set[datetime.date]) -> datetime.date:
    """The n-th working day after `start` (start itself not counted): "within 15 working days after"."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            n -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, holidays: set[datetime.date]) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`).

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n, h), h) == n.
    """
    if end < start:
        return -working_days_between(end, start, holidays)
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day, holidays)
    return count
