"""The law's clock: working days as the official holiday calendar has them (gongshi.workdays)."""

from __future__ import annotations

from datetime import date

import pytest

from gongshi.workdays import KNOWN_YEARS, Calendar


def test_a_weekend_day_made_a_working_day_counts_and_a_holiday_does_not():
    cal = Calendar()
    assert cal.is_working(date(2025, 9, 28))  # a Sunday, made a working day for National Day (调休)
    assert not cal.is_working(date(2025, 10, 8))  # a Wednesday inside the National Day holiday
    assert not cal.is_working(date(2025, 10, 12))  # an ordinary Sunday
    assert cal.is_working(date(2025, 10, 9))
    assert cal.unknown_years == set()


def test_seven_working_days_across_national_day():
    """A decision on Friday 26 September 2025: the make-up Sunday and Saturday count, the eight days off do
    not, so the seventh working day is Monday 13 October."""
    cal = Calendar()
    deadline = cal.add(date(2025, 9, 26), 7)
    assert deadline == date(2025, 10, 13)
    assert cal.between(date(2025, 9, 26), deadline) == 7
    assert cal.between(deadline, deadline) == 0  # published on the deadline: on time
    assert cal.between(deadline, date(2025, 10, 14)) == 1  # one working day over
    assert cal.between(date(2025, 10, 10), date(2025, 10, 12)) == 1  # Sat 11th is a working day, Sun 12th not


def test_the_first_day_is_not_counted():
    cal = Calendar()
    assert cal.add(date(2025, 3, 3), 1) == date(2025, 3, 4)  # a Monday: the next day is the first
    assert cal.add(date(2025, 3, 7), 1) == date(2025, 3, 10)  # a Friday: the weekend is skipped
    with pytest.raises(ValueError):
        cal.add(date(2025, 3, 3), 0)


def test_a_year_the_calendar_does_not_know_counts_weekdays_and_is_remembered():
    cal = Calendar()
    year = KNOWN_YEARS.stop  # the first year after those the installed calendar knows
    monday = date(year, 3, 1 + (7 - date(year, 3, 1).weekday()) % 7)
    assert cal.add(monday, 5) == date(year, monday.month, monday.day + 7)  # Tuesday to the next Monday
    assert cal.unknown_years == {year}
    assert not cal.is_working(date(year, monday.month, monday.day + 5))  # a Saturday, never an exception


def test_the_last_days_of_the_last_known_year_wait_for_the_next_notice():
    """New Year's notices also set the last days of the year before (2018-12-31 was a day off, 2018-12-29 a
    working Saturday): those days of the last year the calendar knows are counted but flagged."""
    cal = Calendar()
    last = KNOWN_YEARS.stop - 1
    cal.is_working(date(last, 12, 28))
    assert cal.unknown_years == set()
    cal.is_working(date(last, 12, 30))
    assert cal.unknown_years == {last + 1}
    assert not Calendar().is_working(date(2018, 12, 31)) and Calendar().is_working(date(2018, 12, 29))
