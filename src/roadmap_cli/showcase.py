"""The figures of the page and the card to share (`export --format html/svg`): those `status`
shows, with every phase's skills and the whole activity."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from roadmap_cli.results import PhaseRow, StatusReport, phase_row, status, statuses_of

if TYPE_CHECKING:
    from datetime import datetime

    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Track
    from roadmap_cli.records import Progress


class Showcase(NamedTuple):
    """`export --format html/svg`: the status, every phase with its skills, the activity."""

    status: StatusReport
    phases: list[PhaseRow]
    activity: dict[date, int]  # local day -> changes with progress, in any track (as streaks)
    today: date
    updated: datetime | None  # the track's latest change


def showcase(
    roadmap_id: str, track: Track, progress: Progress, today: date, digest: Digest | None = None
) -> Showcase:
    """The status as `status` computes it, from the history's digest (made of the whole
    history when not given), with every skill's row."""
    if digest is None:
        from roadmap_cli.digest import Digest

        digest = Digest.of(progress.events)
    records, blank = progress.skills(roadmap_id), progress.blank_record()
    statuses = statuses_of(records)
    recent = digest.recent(roadmap_id, track.id)
    return Showcase(
        status=status(roadmap_id, track, records, digest, today),
        phases=[phase_row(track, p, records, statuses, blank=blank) for p in track.phases],
        activity=dict(digest.activity()),
        today=today,
        updated=recent[0].at if recent else None,
    )
