"""The HTML exporter: one self-contained page (no network: inline style, inline SVG).

The figures are those `status` shows (`showcase`); the words and the layout are here
and in `templates/report.html` and `templates/report-parts.html`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from roadmap_cli import stats
from roadmap_cli.markup import Safe, fill, join, url
from roadmap_cli.texts import counted

if TYPE_CHECKING:
    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Track
    from roadmap_cli.records import Progress, SkillProgress
    from roadmap_cli.results import PhaseRow, SkillRow
    from roadmap_cli.showcase import Showcase
    from roadmap_cli.stats import Completion, Pace

PARTS = "report-parts.html"
MARKS = {"done": "✓", "skipped": "»", "in-progress": "▸", "todo": "·"}
STATES = {"done": "done", "skipped": "skipped", "in-progress": "in progress", "todo": "to do"}
WEEKS = 26
CELL, GAP, LEFT, TOP = 11, 3, 30, 16  # the heatmap's grid, in SVG units
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bar(done: Completion, label: str) -> Safe:
    """A completion bar: done, then skipped, then what is left (aria: the percent)."""
    total = max(done.total, 1)
    return fill(
        f"{PARTS}#bar",
        percent=done.percent,
        label=f"{label}: {done.percent}% complete",
        done_width=f"{done.done * 100 / total:.1f}",
        skipped_width=f"{done.skipped * 100 / total:.1f}",
    )


def pace_words(pace: Pace) -> tuple[str, str]:
    """The pace figure and the sentence under it (the reasons are `status --json`'s)."""
    from roadmap_cli.jsonview import no_projection

    if pace.per_week is None:
        return "–", f"no projection yet: {no_projection(pace)}"
    figure = f"{pace.per_week:.1f} skills/week"
    if pace.finish is None:
        return figure, f"last {pace.window_days} days; {no_projection(pace)}"
    left = counted(pace.remaining, "required skill")
    return figure, f"{left} left: about {pace.finish.isoformat()}"


# --- the heatmap ----------------------------------------------------------------------------


def level(changes: int) -> int:
    """How dark a day is drawn: none, 1, 2-3, 4-6, 7 or more changes."""
    return next(i for i, least in ((4, 7), (3, 4), (2, 2), (1, 1), (0, 0)) if changes >= least)


def heatmap(activity: dict[date, int], today: date) -> tuple[Safe, str]:
    """The last 26 weeks as an SVG grid (a column a week, Monday on top), and its summary."""
    start = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    step = CELL + GAP
    cells, labels = [], []
    days = changes = 0
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        week, weekday = divmod(offset, 7)
        count = activity.get(day, 0)
        days += count > 0
        changes += count
        x, y = LEFT + week * step, TOP + weekday * step
        cells.append(
            fill(
                f"{PARTS}#heatmap-day",
                x=x,
                y=y,
                size=CELL,
                level=level(count),
                day=day.isoformat(),
                changes=counted(count, "change"),
            )
        )
        if day.day == 1 or (offset == 0 and day.day <= 14):  # where each month begins
            labels.append(
                fill(f"{PARTS}#heatmap-label", x=x, y=TOP - 5, text=MONTHS[day.month - 1])
            )
    for weekday, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        y = TOP + weekday * step + CELL - 1
        labels.append(fill(f"{PARTS}#heatmap-label", x=0, y=y, text=name))
    summary = (
        f"{counted(changes, 'change')} on {counted(days, 'day')} in the last {WEEKS} weeks, "
        "in any track."
    )
    svg = fill(
        f"{PARTS}#heatmap",
        width=LEFT + WEEKS * step,
        height=TOP + 7 * step,
        weeks=WEEKS,
        summary=summary,
        labels=join(labels),
        days=join(cells),
    )
    return svg, summary


# --- phases and skills ----------------------------------------------------------------------


def skill(row: SkillRow) -> Safe:
    record = row.record
    status = record.status
    return fill(
        f"{PARTS}#skill",
        status=status,
        mark=MARKS[status],
        name=row.skill.name,
        optional=fill(f"{PARTS}#skill-optional") if row.optional or row.extra else Safe(""),
        state=STATES[status],
        dates=dates(record),
        note=(
            fill(f"{PARTS}#note", note="\n".join(n.text.strip() for n in record.notes))
            if record.notes
            else Safe("")
        ),
        links=links(row.skill.name, record),
    )


def dates(record: SkillProgress) -> Safe:
    found = []
    if record.started:
        found.append(("started", record.started))
    if record.finished and record.status in ("done", "skipped"):
        found.append((record.status, record.finished))
    return join(
        (
            fill(f"{PARTS}#date", what=what, day=stats.local_day(when).isoformat())
            for what, when in found
        ),
        sep="",
    )


def links(name: str, record: SkillProgress) -> Safe:
    """The http(s) and mailto links only: any other is left out, never emitted."""
    shown = [found for found in (url(link.url) for link in record.links) if found]
    if not shown:
        return Safe("")
    items = join(fill(f"{PARTS}#link", url=link) for link in shown)
    return fill(f"{PARTS}#links", name=name, items=items)


def phase(row: PhaseRow) -> Safe:
    done = row.completion
    purpose = row.phase.purpose
    names = {s.skill.id: s.skill.name for s in row.skills}
    choices = [
        f"Choose {c.count} of {len(c.one_of)}: " + ", ".join(names.get(i, i) for i in c.one_of)
        for c, _done in row.choices
    ]
    return fill(
        f"{PARTS}#phase",
        id=row.phase.id,
        label=row.phase.label,
        percent=done.percent,
        complete=done.complete,
        total=done.total,
        bar=bar(done, row.phase.label),
        purpose=join(fill(f"{PARTS}#purpose", text=t) for t in [purpose, *choices] if t),
        skills=join(skill(s) for s in row.skills),
    )


def page(found: Showcase) -> str:
    from roadmap_cli import __version__

    report = found.status
    head = report.head
    overall, optional = head.overall, head.optional
    pace, pace_note = pace_words(report.pace)
    grid, summary = heatmap(found.activity, found.today)
    updated = stats.local_day(found.updated).isoformat() if found.updated else None
    return fill(
        "report.html",
        version=__version__,
        title=head.track.title,
        percent=overall.percent,
        complete=overall.complete,
        total=overall.total,
        streak=counted(report.streak, "day"),
        longest=report.longest,
        pace=pace,
        pace_note=pace_note,
        bar=bar(overall, "Overall"),
        done=report.counts["done"],
        in_progress=report.counts["in-progress"],
        skipped=report.counts["skipped"],
        todo=report.counts["todo"],
        optional=(
            fill(f"{PARTS}#optional", complete=optional.complete, total=optional.total)
            if optional.total
            else Safe("")
        ),
        activity_summary=summary,
        heatmap=grid,
        phases=join(phase(row) for row in found.phases),
        today=found.today.isoformat(),
        updated=f" (last change {updated})" if updated else "",
    )


def to_html(
    track: Track, progress: Progress, roadmap_id: str, today: date, digest: Digest | None = None
) -> str:
    """The track's progress as one HTML page: figures, activity, every phase and skill (the
    history's `digest` when given, else the progress's whole history)."""
    from roadmap_cli.showcase import showcase

    return page(showcase(roadmap_id, track, progress, today, digest))
