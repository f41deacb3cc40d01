"""The days and durations a learner types: `--on DATE` and a study session's length. Pure."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from roadmap_cli.errors import UsageError, shown

DAY_FORMS = "YYYY-MM-DD, today, yesterday, or 3d for 3 days ago"
DURATION_FORMS = "such as 45m, 1h30, 1h30m, 2h or 90 (minutes)"
MAX_MINUTES = 24 * 60
EARLIEST_DAY = date(1970, 1, 2)  # every time recorded is from 1970 on (see records.Moment)

_DAYS_AGO = re.compile(r"(\d{1,5})d")
_DURATION = re.compile(r"(?:(\d{1,2})h(?:(\d{1,3})m?)?|(\d{1,4})m?)")


def parse_day(text: str, today: date) -> date:
    """The day `--on` names; UsageError for nonsense and for days still to come."""
    key = text.strip().casefold()
    found: date | None = None
    if key == "today":
        found = today
    elif key == "yesterday":
        found = today - timedelta(days=1)
    elif match := _DAYS_AGO.fullmatch(key):
        try:
            found = today - timedelta(days=int(match[1]))
        except OverflowError:
            found = None
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
        try:
            found = date.fromisoformat(key)
        except ValueError:
            raise UsageError(f"--on {shown(text)} is not a day of the calendar") from None
    if found is None:
        raise UsageError(f"--on {shown(text)} is not a day: give {DAY_FORMS}")
    if found < EARLIEST_DAY:  # noon of 1970-01-01 is in 1969 east of UTC+12
        raise UsageError(f"--on {shown(text)} is too long ago (the earliest is {EARLIEST_DAY})")
    if found > today:
        raise UsageError(f"--on {shown(text)} is in the future (today is {today.isoformat()})")
    return found


def moment(day: date, now: datetime) -> datetime:
    """When a change `--on` a day happened: now for today, else local noon of that day (a
    time of day the learner did not give, chosen to be that day in every nearby zone)."""
    if day == now.astimezone().date():
        return now
    return datetime.combine(day, time(12)).astimezone().astimezone(timezone.utc)


def parse_minutes(text: str) -> int:
    """A study session's length in minutes; UsageError when it is not one."""
    key = text.strip().casefold().replace(" ", "")
    match = _DURATION.fullmatch(key)
    if match is None:
        raise UsageError(f"{shown(text)} is not a duration: give one {DURATION_FORMS}")
    hours, rest, alone = match.groups()
    if rest is not None and int(rest) >= 60:
        raise UsageError(f"{shown(text)} is not a duration: its minutes go past 59")
    minutes = int(alone) if alone is not None else int(hours) * 60 + int(rest or 0)
    if not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(f"{shown(text)}: a study session lasts from 1 minute to 24 hours")
    return minutes


def parse_goal_day(text: str, today: date) -> date:
    """A goal's day: YYYY-MM-DD, today or later."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip(), re.ASCII):
        raise UsageError(f"{shown(text)} is not a day like {today.replace(month=12, day=31)}")
    try:
        found = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{shown(text)} is not a day of the calendar") from None
    if found < today:
        raise UsageError(f"{found} is in the past; a goal is today ({today}) or later")
    return found
