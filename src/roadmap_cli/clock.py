"""The one clock: the time now, as every use case asks for it. Tests give their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone


def utcnow() -> datetime:
    """Now, in UTC, to the second: the time changes are recorded at."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Clock:
    now: Callable[[], datetime] = utcnow

    def today(self) -> date:
        """The local calendar day it is now."""
        return self.now().astimezone().date()
