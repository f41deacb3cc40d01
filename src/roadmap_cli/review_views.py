"""The human rendering of the review results (see `reviewing`), and the walk's prompts.

Wording only: every figure (retention, due days, counts) comes computed in the result.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from roadmap_cli import results as r
from roadmap_cli.draw import field, local_date, resources, safe, say
from roadmap_cli.layout import Cell, columns, hang, show
from roadmap_cli.styled import Text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.records import Event
    from roadmap_cli.reviews import Count, Standing

QUESTION = "How well do you remember it?"
KEYS = "1 again · 2 hard · 3 good · 4 easy   (s skip, q quit)"


def _name(item: r.ReviewItem) -> str:
    return item.skill.name if item.skill else item.skill_id


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _when(day: date, today: date) -> str:
    """A due day as it reads from today."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    return f"{day.isoformat()} (in {days} day{'s' if days != 1 else ''})"


def count_line(found: Count | None, always: bool = False) -> Text | None:
    """The one line `next`, `status` and the dashboard give reviews; None when there is
    nothing to say (no review due, unless `always` and some are coming)."""
    if found is None or (not found.due and not (always and found.next_due)):
        return None
    if not found.due:
        assert found.next_due is not None
        return Text(f"Reviews: none due; the next on {found.next_due.isoformat()}")
    late = f", {found.overdue} overdue" if found.overdue else ""
    return Text(f"Reviews: {found.due} due{late}: roadmap review", style="bold")


def review_list(console: Console, found: r.ReviewList) -> None:
    width = console.width
    if not found.items:
        if not found.cards:
            hint = "Nothing in review yet: skills enter review when you mark them done."
        elif found.count.next_due:
            hint = f"Nothing to review today; the next review is on {found.count.next_due}."
        else:
            hint = "Nothing to review today."
        show(console, hang(width, Text(hint)))
        return
    total = len(found.items)
    show(console, Text(f"{total} to review, most forgotten first:", style="bold"))
    # The phase rides with the name, in the one column that may be cut on a narrow terminal.
    rows: list[list[Cell]] = [
        [
            [("skill, phase", "dim")],
            [("retention", "dim")],
            [("last seen", "dim")],
            [("due", "dim")],
        ]
    ]
    for item in found.items:
        name: Cell = [(_name(item), "")]
        if item.phase:
            name.append((f" · {item.phase.label}", "dim"))
        rows.append(
            [
                name,
                [(_percent(item.retention), "")],
                [(local_date(item.card.last_review), "")],
                [(_when(item.due, found.today), "")],
            ]
        )
    columns(console, rows)
    hint = "Rate one: roadmap review SKILL --rating again|hard|good|easy (in a terminal, "
    show(console, hang(width, Text(hint + "'roadmap review' asks for each).", style="dim")))


def reviewed(console: Console, found: r.Reviewed) -> None:
    name = _name(found.item)
    say(console, f"{name}: {found.rating}. Next review {_when(found.item.due, found.today)}.")
    if found.relearn:
        say(console, f"{name} is back in progress; 'roadmap undo' takes back both.")


def review_cards(console: Console, found: r.ReviewCards) -> None:
    done, same = ("in review", "already in review")
    if not found.added:
        done, same = "out of review", "not in review"
    for skill, changed in found.skills:
        say(console, f"{skill.name}: {done if changed else same}")


def prompt(console: Console, item: r.ReviewItem, number: int, total: int) -> None:
    """One skill of the walk: what it is, where to learn it again, and the question."""
    width = console.width
    head = Text(f"[{number}/{total}] ", style="dim")
    head.append(_name(item), style="bold")
    head.append(f"  {item.skill_id}", style="dim")
    seen = f"Last seen {local_date(item.card.last_review)} · "
    seen += f"retention now about {_percent(item.retention)}"
    show(
        console,
        Text(),
        hang(width, head),
        field("Phase", item.phase.label if item.phase else None, width),
        field("About", item.skill.description if item.skill else None, width),
        resources(item.resources[:3], width, "Learn"),
        hang(width, Text(seen, style="dim")),
        hang(width, Text(QUESTION, style="bold")),
        hang(width, Text(KEYS)),
    )


def ask_relearn(item: r.ReviewItem) -> str:
    return f"Put {_name(item)} back in progress, to study it again?"


def walk_end(console: Console, given: int, total: int) -> None:
    undo = " 'roadmap undo' takes back the last one." if given else ""
    say(console, f"Reviewed {given} of {total}.{undo}")


def event_text(event: Event) -> str:
    """A review event in the history: a rating, or a card added or removed."""
    what = {"add": "added to review", "remove": "taken out of review"}
    text = event.text or ""
    return what.get(text, f"reviewed: {safe(text)}")


def standing_line(found: Standing | None, width: int) -> Text | None:
    """`show SKILL`: its review, in one line."""
    if found is None:
        return None
    card = found.card
    line = Text(f"due {found.due.isoformat()}" + (" (due now)" if found.is_due else ""))
    line.append(f" · retention now about {_percent(found.retention)}")
    line.append(f" · {card.reps} review{'s' if card.reps != 1 else ''}")
    if card.last_rating:
        line.append(f" · last rated {card.last_rating}")
    return hang(width, Text("Review: ", style="bold"), line)
