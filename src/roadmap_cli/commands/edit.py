"""Commands that change progress or choices: done, note, start, skip, reset, undo, use."""

from typing import Annotated

import typer

from roadmap_cli.commands import Group, settings
from roadmap_cli.errors import UsageError
from roadmap_cli.options import SkillsArgument, TrackOption, complete_skill, complete_track

group = Group()


def _change(ctx: typer.Context, action: str, skills: list[str], track: str | None, **more) -> None:
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.change(settings(ctx), action, skills, track, **more))  # type: ignore[arg-type]


@group.command(
    epilog="Examples: roadmap done pandas numpy --note 'finished the course'; "
    "roadmap done lora --link https://github.com/me/lora-demo"
)
def done(
    ctx: typer.Context,
    skills: SkillsArgument,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="Attach a note.")
    ] = None,
    link: Annotated[
        list[str] | None,
        typer.Option(
            "--link",
            "-l",
            metavar="URL",
            help="Attach a link: a project, a certificate, a notebook (repeatable).",
        ),
    ] = None,
    track: TrackOption = None,
) -> None:
    """Mark skills as done, optionally with a note and links as evidence."""
    _change(ctx, "done", skills, track, note=note, links=link or ())


@group.command(
    epilog="Examples: roadmap note pandas 'chapter 4 of the book'; roadmap note sql --link URL"
)
def note(
    ctx: typer.Context,
    skill: Annotated[
        str,
        typer.Argument(
            metavar="SKILL",
            help="The skill (id, name, alias or prefix).",
            autocompletion=complete_skill,
        ),
    ],
    text: Annotated[
        str | None, typer.Argument(metavar="TEXT", help="The note; replaces any earlier one.")
    ] = None,
    link: Annotated[
        list[str] | None,
        typer.Option("--link", "-l", metavar="URL", help="Attach a link (repeatable)."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the note.")] = False,
    track: TrackOption = None,
) -> None:
    """Attach a note or links to a skill without changing its status."""
    if clear and text is not None:
        raise UsageError("give a note or --clear, not both")
    if not clear and text is None and not link:
        raise UsageError("nothing to attach: give a note, --link URL or --clear")
    _change(ctx, "note", [skill], track, note=text, links=link or (), clear_note=clear)


@group.command(epilog="Example: roadmap start sql")
def start(ctx: typer.Context, skills: SkillsArgument, track: TrackOption = None) -> None:
    """Mark skills as in progress."""
    _change(ctx, "start", skills, track)


@group.command(epilog="Example: roadmap skip git   (you know it already: counts as complete)")
def skip(ctx: typer.Context, skills: SkillsArgument, track: TrackOption = None) -> None:
    """Skip skills you already know; they count as complete, shown apart from done."""
    _change(ctx, "skip", skills, track)


@group.command(epilog="Example: roadmap reset pandas")
def reset(ctx: typer.Context, skills: SkillsArgument, track: TrackOption = None) -> None:
    """Put skills back to todo (notes are kept)."""
    _change(ctx, "reset", skills, track)


@group.command(epilog="Example: roadmap undo")
def undo(ctx: typer.Context) -> None:
    """Revert the most recent change, whatever command made it."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.undo(settings(ctx)))


@group.command(epilog="Examples: roadmap use genai-engineer; roadmap use")
def use(
    ctx: typer.Context,
    track: Annotated[
        str | None,
        typer.Argument(
            metavar="TRACK",
            help="The track to work on from now on; none: say which is in use, and why.",
            autocompletion=complete_track,
        ),
    ] = None,
) -> None:
    """Choose the track every command works on, or show the one in use."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.use(settings(ctx), track))
