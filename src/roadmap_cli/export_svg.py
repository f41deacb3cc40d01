"""The SVG exporter: a 480x200 card for a README (track, overall bar, a bar a phase, streak).

Valid standalone SVG that GitHub shows in an image: no script, no external reference, system
fonts with fallbacks, light and dark. The layout is in `templates/card.svg`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_cli import stats
from roadmap_cli.markup import Safe, fill, join
from roadmap_cli.texts import counted

if TYPE_CHECKING:
    from datetime import date

    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Track
    from roadmap_cli.records import Progress
    from roadmap_cli.results import PhaseRow
    from roadmap_cli.showcase import Showcase

WIDTH, HEIGHT, MARGIN = 480, 200, 24
INNER = WIDTH - 2 * MARGIN
PHASE_TOP, PHASE_HEIGHT, PHASE_GAP, PHASE_MAX = 104, 46, 4, 64
TITLE_CHARS = 50  # what fits the width at the smaller title size


def _units(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def title_fit(title: str) -> tuple[str, int]:
    """The title as shown (cut with an ellipsis when too long) and its font size."""
    if len(title) <= 36:
        return title, 20
    if len(title) <= TITLE_CHARS:
        return title, 16
    return title[: TITLE_CHARS - 1].rstrip() + "…", 16


def phase_bars(rows: list[PhaseRow]) -> list[Safe]:
    """A vertical bar a phase, filled to its completion, side by side across the card."""
    if not rows:
        return []
    gap = min(PHASE_GAP, INNER / len(rows) / 5)  # many phases: thinner gaps, never overlap
    width = min(PHASE_MAX, (INNER - gap * (len(rows) - 1)) / len(rows))
    bars = []
    for i, row in enumerate(rows):
        done = row.completion
        height = PHASE_HEIGHT * done.complete / done.total if done.total else PHASE_HEIGHT
        bars.append(
            fill(
                "card-parts.svg#phase",
                label=row.phase.label,
                percent=done.percent,
                x=_units(MARGIN + i * (width + gap)),
                top=PHASE_TOP,
                width=_units(width),
                height=PHASE_HEIGHT,
                fill_top=_units(PHASE_TOP + PHASE_HEIGHT - height),
                fill_height=_units(height),
            )
        )
    return bars


def card(found: Showcase) -> str:
    report = found.status
    head = report.head
    overall = head.overall
    total = max(overall.total, 1)
    shown, size = title_fit(head.track.title)
    updated = stats.local_day(found.updated) if found.updated else found.today
    streak = counted(report.streak, "day")
    summary = (
        f"{overall.complete} of {overall.total} required skills complete; "
        f"streak {streak}, longest {report.longest}; updated {updated.isoformat()}."
    )
    return (
        fill(
            "card.svg",
            width=WIDTH,
            height=HEIGHT,
            inner_width=WIDTH - 1,
            inner_height=HEIGHT - 1,
            left=MARGIN,
            right=WIDTH - MARGIN,
            title=head.track.title,
            shown_title=shown,
            title_size=size,
            summary=summary,
            percent=overall.percent,
            complete=overall.complete,
            total=overall.total,
            bar_width=INNER,
            complete_width=_units(INNER * overall.complete / total),
            done_width=_units(INNER * overall.done / total),
            phases=join(phase_bars(report.phases)),
            streak=streak,
            longest=report.longest,
            updated=updated.isoformat(),
        )
        + "\n"
    )


def to_svg(
    track: Track, progress: Progress, roadmap_id: str, today: date, digest: Digest | None = None
) -> str:
    """The track's progress as a small SVG card (the history's `digest`: as `to_html`)."""
    from roadmap_cli.showcase import showcase

    return card(showcase(roadmap_id, track, progress, today, digest))
