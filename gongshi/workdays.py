"""Working days (工作日) as China's official holiday calendar has them: the law's clock.

Disclosure deadlines count working days: a licensing or penalty decision
is published "自作出执法决定之日起 7 个工作日内" (国办发〔2018〕118号). A
working day is a Monday to Friday that is not a public holiday, or a
weekend day the State Council's yearly notice makes a working day (调休).
Those notices come out one year at a time, so the calendar is the maintained
`chinesecalendar` package rather than a table of our own.

A day in a year the installed calendar does not know yet (the notice for
next year comes out in November or December) is counted as a weekday would
be, and the year is remembered in `Calendar.unknown_years`, so that whoever
reports a deadline can say it may be off by a holiday. It never raises: a
report for the judicial bureau must not fail because a year is new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TypeVar

import chinese_calendar

_HOLIDAYS = frozenset(chinese_calendar.holidays)  # official days off (they include weekend days)
_MADE_WORKING = frozenset(chinese_calendar.workdays)  # weekend days made working days (调休)
# the years whose holidays the installed calendar has
KNOWN_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
_LAST_YEAR_END = date(KNOWN_YEARS.stop - 1, 12, 29)

__all__ = ["Calendar", "KNOWN_YEARS"]

T = TypeVar("T")


class Calendar:
    """Counts working days; remembers the years it had to guess (see the module's docstring)."""

    def __init__(self) -> None:
        self.unknown_years: set[int] = set()
        # a region has few distinct days: each answer is kept, with the unknown years it met (_remember)
        self._answers: dict[tuple, tuple] = {}

    def is_working(self, day: date) -> bool:
        if day.year not in KNOWN_YEARS:
            self.unknown_years.add(day.year)
            return day.weekday() < 5
        if day >= _LAST_YEAR_END:  # the last days of a year can be in the next year's notice (2018-12-31 was)
            self.unknown_years.add(day.year + 1)
        if day in _MADE_WORKING:
            return True
        return day.weekday() < 5 and day not in _HOLIDAYS

    def add(self, day: date, n: int) -> date:
        """The `n`-th working day after `day` (n >= 1): the last day of a limit of n working days counted from
        `day`, which is itself not counted (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")

        def count() -> date:
            end, left = day, n
            while left:
                end += timedelta(days=1)
                if self.is_working(end):
                    left -= 1
            return end

        return self._remember(("add", day, n), count)

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` is not after `start`): how many
        working days late something done on `end` is when `start` was its last day."""

        def count() -> int:
            return sum(self.is_working(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))

        return self._remember(("between", start, end), count)

    def _remember(self, key: tuple, count: Callable[[], T]) -> T:
        """`count()`, worked out once per key, with the unknown years it met noted on every later call too."""
        found = self._answers.get(key)
        if found is None:
            before = set(self.unknown_years)
            found = self._answers[key] = (count(), frozenset(self.unknown_years - before))
        self.unknown_years |= found[1]
        return found[0]


def uncovered_years(years: Iterable[int], last: int) -> list[int]:
    """Years of the figures (and the year after, where December's deadlines end), up to `last` (the build's),
    that the holiday calendar lacks: their working days are counted Monday to Friday."""
    return sorted({y for year in years for y in (year, year + 1) if y not in KNOWN_YEARS and y <= last})
