"""The `review` command: spaced review of done skills (list, rate, walk through, add, remove)."""

import sys
from enum import Enum
from typing import Annotated

import typer

from roadmap_cli.commands import Group, settings
from roadmap_cli.errors import UsageError
from roadmap_cli.options import JsonOption, TrackOption, complete_skill

group = Group()


class RatingChoice(str, Enum):
    again = "again"
    hard = "hard"
    good = "good"
    easy = "easy"


# One key per rating on a terminal: its number or its initial.
KEYS = {"1": "again", "a": "again", "2": "hard", "h": "hard", "3": "good", "g": "good"}
KEYS |= {"4": "easy", "e": "easy"}
SKIP, QUIT = {"s", " "}, {"q", "\x1b", "\x03", "\x04", ""}  # Esc, Ctrl-C, Ctrl-D, end of input


def _interactive() -> bool:
    """Whether a person is there to answer: both ends are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@group.command(
    epilog="Examples: roadmap review; roadmap review numpy --rating good; "
    "roadmap review --add git; roadmap review --json"
)
def review(
    ctx: typer.Context,
    skills: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SKILL",
            help="The skill to rate (or, with --add/--remove, the skills).",
            autocompletion=complete_skill,
            show_default=False,
        ),
    ] = None,
    rating: Annotated[
        RatingChoice | None,
        typer.Option("--rating", "-r", help="How well you remembered SKILL; no prompt."),
    ] = None,
    relearn: Annotated[
        bool, typer.Option("--relearn", help="With --rating again: put the skill back in progress.")
    ] = False,
    add: Annotated[
        bool, typer.Option("--add", help="Review these skills too (a skipped one, say).")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Stop reviewing these skills.")] = False,
    # Below 0.7 reviews come too rarely to help; near 1, FSRS would schedule them every day.
    retention: Annotated[
        float,
        typer.Option(
            "--retention",
            min=0.7,
            max=0.99,
            metavar="R",
            envvar="ROADMAP_RETENTION",
            help="The chance of remembering to aim for (0.7-0.99): higher, more reviews.",
        ),
    ] = 0.9,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """Review what you learned: what is due, most forgotten first; rate each one."""
    from roadmap_cli import reviewing
    from roadmap_cli.output import emit

    run, names = settings(ctx), skills or []
    if add and remove:
        raise UsageError("give --add or --remove, not both")
    if add or remove:
        if not names or rating is not None:
            raise UsageError("--add and --remove take skills, and no --rating")
        emit(reviewing.change_cards(run, track, names, add=add))
        return
    if len(names) > 1:
        raise UsageError("rate one skill at a time (or run 'roadmap review' to go through all)")
    if relearn and rating is not None and rating.value != "again":
        raise UsageError("--relearn goes with --rating again")
    if names and rating is not None:
        found = reviewing.rate(run, track, names[0], rating.value, relearn, retention)
        emit(found, json=json_)
        return
    if rating is not None:
        raise UsageError("--rating rates one skill: roadmap review SKILL --rating good")
    if names:
        if json_ or not _interactive():
            raise UsageError(
                f"say how well you remember it: roadmap review {names[0]} --rating good"
            )
        _walk(ctx, [reviewing.item(run, track, names[0])], track, relearn, retention)
        return
    listing = reviewing.review_list(run, track)
    if json_ or not _interactive() or not listing.items:
        emit(listing, json=json_)
        return
    _walk(ctx, listing.items, track, relearn, retention)


def _walk(ctx: typer.Context, items, track: str | None, relearn: bool, retention: float) -> None:
    """One skill at a time: show it, read one key, rate it (each rating saved as it is given)."""
    from roadmap_cli import reviewing
    from roadmap_cli.output import console, emit
    from roadmap_cli.review_views import ask_relearn, prompt, walk_end

    out, given = console(), 0
    for number, item in enumerate(items, 1):
        prompt(out, item, number, len(items))
        key = _key()
        while key not in KEYS and key not in SKIP and key not in QUIT:
            key = _key()
        if key in QUIT:
            break
        if key in SKIP:
            continue
        chosen = KEYS[key]
        back = relearn
        if chosen == "again" and not relearn:
            try:
                back = typer.confirm(ask_relearn(item), default=False)
            except typer.Abort:  # Ctrl-C or the end of input: stop, this one unrated
                break
        found = reviewing.rate(settings(ctx), track, item.skill_id, chosen, back, retention)  # type: ignore[arg-type]
        emit(found)
        given += 1
    walk_end(out, given, len(items))


def _key() -> str:
    try:
        return typer.getchar().lower()
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, Ctrl-D: stop here, keep what was rated
        return "q"
