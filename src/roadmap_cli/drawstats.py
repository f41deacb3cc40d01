"""Drawing the numbers `status` and the dashboard show: what each change did, the goal
against the pace held, and the activity heatmap. Words and shapes only; `results` and
`heatmap` compute every figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_cli.draw import say
from roadmap_cli.layout import hang
from roadmap_cli.styled import Text
from roadmap_cli.texts import counted

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from roadmap_cli.heatmap import DayActivity
    from roadmap_cli.records import Event
    from roadmap_cli.results import GoalChoice
    from roadmap_cli.stats import Goal


def happened(event: Event) -> str:
    """What a change did, in words: the status change where there was one, else the study."""
    moved = f"{event.old} → {event.new}" if event.old != event.new else ""
    did = {
        "note": "note added" if event.text else "note or links changed",
        "log": f"{_minutes(event.minutes)} logged" if event.minutes else "study logged",
        "review": "reviewed",
        "undo": "undone",
    }.get(event.action)
    if did is None:  # done, start, skip, reset
        return moved or f"{event.action}, already {event.new}"
    return f"{did} ({moved})" if moved else did


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours and rest else f"{hours}h" if hours else f"{rest}m"


HEAT_PLAIN = (".", "-", "+", "*", "#")
# With colour: denser blocks, greener, so that even 8 colours tell every shade apart. Each has
# an ASCII form for streams that cannot write it (`streams.ASCII_FORMS`).
HEAT_COLOURED = (
    ("·", "bright_black"),
    ("░", "green"),
    ("▓", "green"),
    ("█", "green"),
    ("█", "bold bright_green"),
)


def heatmap_lines(found: Sequence[DayActivity], plain: bool) -> list[Text]:
    """Weekday rows of one cell a week, month names above, a key below: 56 columns wide.

    Without colour each shade is its own ASCII character; with colour a block in its shade."""
    from roadmap_cli.heatmap import grid

    laid = grid(list(found))
    head = [" "] * (4 + 2 * len(laid.rows[0]) + 2)
    for week, first in laid.months:
        at = 4 + 2 * week
        head[at : at + 3] = first.strftime("%b")
    lines = [Text("".join(head).rstrip())]
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for name, row in zip(names, laid.rows, strict=True):
        line = Text()
        line.append(f"{name} " if name in ("Mon", "Wed", "Fri") else "    ", style="dim")
        if plain:  # one string: a Text per cell costs more than the rest of `status`'s drawing
            line.append(" ".join(" " if v is None else HEAT_PLAIN[v] for v in row).rstrip())
        else:
            for level in row:
                line.append(_heat_cell(level, plain))
                line.append(" ")
            line.rstrip()
        lines.append(line)
    key = Text()
    key.append("    less ", style="dim")
    for level in range(len(HEAT_PLAIN)):
        key.append(_heat_cell(level, plain))
        key.append(" ")
    key.append("more", style="dim")
    lines.append(key)
    return lines


def _heat_cell(level: int | None, plain: bool) -> Text:
    if level is None:
        return Text(" ")
    if plain:
        return Text(HEAT_PLAIN[level])
    return Text(*HEAT_COLOURED[level])


def goal_line(goal: Goal, width: int) -> Text:
    """The goal against the pace held: needed, held, and on track or behind by how many."""
    line = Text(f"{goal.day.isoformat()}")
    if goal.remaining == 0:
        line.append(": every required skill is complete")
    elif goal.required_per_week is None:
        line.append(f" has come with {counted(goal.remaining, 'required skill')} left")
        line.append("; set another with 'roadmap goal DATE'")
    else:
        days = counted(goal.days_left, "day")
        line.append(f" ({days}): needs {goal.required_per_week:.1f} skills/week")
        if goal.per_week is None:
            line.append("; your pace is not known yet (it needs a week of history)")
        else:
            line.append(f", you hold {goal.per_week:.1f}: ")
            if goal.behind == 0:
                line.append("on track", style="green")
            else:
                line.append(f"behind by {counted(goal.behind, 'skill')}", style="yellow")
                line.append(" at this pace")
    return hang(width, Text("Goal: ", style="bold"), line)


def goal_choice(console: Console, found: GoalChoice) -> None:
    track = found.track.id
    if found.day is not None:
        verb = "Goal set" if found.changed else "Goal"
        say(console, f"{verb} for {track}: every required skill done by {found.day.isoformat()}")
        if not found.changed:
            say(console, "'roadmap status' compares it with your pace; --clear drops it.")
    elif found.changed:
        say(console, f"Goal for {track} cleared.")
    else:
        say(console, f"No goal for {track}; set one with 'roadmap goal YYYY-MM-DD'.")
