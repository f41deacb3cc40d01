"""The activity heatmap's facts: each day of the last 26 weeks, its study, and its shade. Pure.

`status` draws it (see `render`) and lists its days in `--json`. A day is shaded by the
minutes logged on it, or, where nothing was logged, by how many study changes it holds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections import Counter

WEEKS = 26
LEVELS = 5  # 0: no study; 4: the most

# The least minutes logged, or else study changes made, for shades 1 to 4.
MINUTE_STEPS = (1, 30, 60, 120)
CHANGE_STEPS = (1, 2, 3, 5)


class DayActivity(NamedTuple):
    day: date
    minutes: int  # logged with `roadmap log`
    events: int  # study changes: logs, notes, starts, dones, reviews

    @property
    def level(self) -> int:
        """The day's shade, 0 (nothing) to 4: by minutes when any were logged, else changes."""
        value, steps = (self.minutes, MINUTE_STEPS) if self.minutes else (self.events, CHANGE_STEPS)
        return sum(value >= step for step in steps)


def first_day(today: date) -> date:
    """The Monday that starts the heatmap: 26 weeks with this week last."""
    return today - timedelta(days=today.weekday(), weeks=WEEKS - 1)


def days(minutes: Counter[date], events: Counter[date], today: date) -> list[DayActivity]:
    """Every day from `first_day` to today, oldest first."""
    start = first_day(today)
    return [
        DayActivity(day, minutes.get(day, 0), events.get(day, 0))
        for day in (start + timedelta(days=n) for n in range((today - start).days + 1))
    ]


class Grid(NamedTuple):
    """The heatmap laid out: seven weekday rows (Monday first) of one cell a week, each a shade
    (None: after today), and the weeks where a month begins, with the month."""

    rows: list[list[int | None]]
    months: list[tuple[int, date]]  # (week column, the first day of the month in it)


def grid(found: list[DayActivity]) -> Grid:
    rows: list[list[int | None]] = [[None] * WEEKS for _ in range(7)]
    months: list[tuple[int, date]] = []
    for n, item in enumerate(found):
        week = n // 7
        rows[item.day.weekday()][week] = item.level
        if item.day.day == 1 or n == 0:
            months.append((week, item.day.replace(day=1)))
    if len(months) > 1 and months[1][0] - months[0][0] < 2:
        del months[0]  # the first week's month, when a new one begins right after it
    return Grid(rows, months)
