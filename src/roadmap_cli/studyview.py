"""The human rendering of a skill's notes and study log (`show`, `note SKILL`), for `render`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from roadmap_cli.draw import local_date, safe
from roadmap_cli.layout import hang, show
from roadmap_cli.styled import Text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli import results as r
    from roadmap_cli.records import Note, SkillProgress


def duration(minutes: int) -> str:
    """45m, 2h, 1h30m."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def study_time(record: SkillProgress, width: int) -> Text | None:
    """`show SKILL`: the time logged, in how many sessions, and the latest."""
    if not record.log:
        return None
    total = sum(session.minutes or 0 for session in record.log)
    count = len(record.log)
    latest = max(session.on for session in record.log)
    text = f"{duration(total)} in " if total else ""
    text += f"{count} session{'' if count == 1 else 's'} (latest {local_date(latest)})"
    return hang(width, Text("Studied: ", style="bold"), text)


def notes(items: Sequence[Note], width: int, label: str = "Notes:") -> Text | None:
    """Numbered as `note SKILL --delete N` counts them, each with its day."""
    if not items:
        return None
    out = Text(label, style="bold")
    for number, item in enumerate(items, 1):
        out.append("\n")
        out.append_text(hang(width, f"  {number}. {local_date(item.at)}  ", safe(item.text)))
    return out


def note_list(console: Console, found: r.NoteList) -> None:
    if not found.notes:
        show(console, hang(console.width, Text(f"No notes on {found.skill.name}.", style="dim")))
        return
    show(console, notes(found.notes, console.width, f"Notes on {found.skill.name}:"))
