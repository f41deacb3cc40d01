"""Commands that change progress or choices: done, start, skip, reset, note, log, undo, use."""

from typing import Annotated

import typer

from roadmap_cli.commands import Group, settings
from roadmap_cli.errors import UsageError
from roadmap_cli.options import TrackOption, complete_phase, complete_skill, complete_track

group = Group()

# Optional, unlike `options.SkillsArgument`: `--phase P` names the skills instead.
Skills = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="SKILL",
        help="Skills by id, name, alias or unique prefix (or --phase P for a whole phase).",
        show_default=False,
        autocompletion=complete_skill,
    ),
]
PhaseChoice = Annotated[
    str | None,
    typer.Option(
        "--phase",
        "-p",
        metavar="PHASE",
        help="Every skill of a phase (id, number or title), as one change.",
        autocompletion=complete_phase,
    ),
]
OnDay = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="When it happened: YYYY-MM-DD, today, yesterday or 3d (days ago).",
    ),
]
SkillArgument = Annotated[
    str,
    typer.Argument(
        metavar="SKILL",
        help="The skill (id, name, alias or prefix).",
        autocompletion=complete_skill,
    ),
]


def _change(
    ctx: typer.Context,
    action: str,
    skills: list[str] | None,
    track: str | None,
    phase: str | None = None,
    **more,
) -> None:
    from roadmap_cli import session
    from roadmap_cli.output import emit

    if phase is not None and skills:
        raise UsageError("give skills or --phase, not both")
    if phase is None and not skills:
        raise UsageError("name at least one skill, or a whole phase with --phase P")
    found = session.change(settings(ctx), action, skills or [], track, phase=phase, **more)  # type: ignore[arg-type]
    emit(found)


@group.command(
    epilog="Examples: roadmap done pandas numpy --note 'finished the course'; "
    "roadmap done lora --link https://github.com/me/lora-demo; roadmap done sql --on yesterday; "
    "roadmap done --phase 1"
)
def done(
    ctx: typer.Context,
    skills: Skills = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="Add a note.")
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
    on: OnDay = None,
    phase: PhaseChoice = None,
    track: TrackOption = None,
) -> None:
    """Mark skills as done, optionally with a note and links as evidence."""
    _change(ctx, "done", skills, track, phase, note=note, links=link or (), on=on)


@group.command(
    epilog="Examples: roadmap note pandas 'chapter 4 of the book'; roadmap note pandas; "
    "roadmap note pandas --delete 1; roadmap note sql --link URL"
)
def note(
    ctx: typer.Context,
    skill: SkillArgument,
    text: Annotated[
        str | None,
        typer.Argument(metavar="TEXT", help="A note to add; none: list the skill's notes."),
    ] = None,
    link: Annotated[
        list[str] | None,
        typer.Option("--link", "-l", metavar="URL", help="Attach a link (repeatable)."),
    ] = None,
    delete: Annotated[
        int | None,
        typer.Option("--delete", "-d", metavar="N", help="Remove note N (as listed).", min=1),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every note.")] = False,
    on: OnDay = None,
    track: TrackOption = None,
) -> None:
    """Add a dated note or links to a skill, list its notes, or remove one on purpose."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    if sum((text is not None, delete is not None, clear)) > 1:
        raise UsageError("give one of a note, --delete N or --clear")
    if text is None and delete is None and not clear and not link:
        if on is not None:
            raise UsageError("--on dates a note: give the note too")
        emit(session.notes(settings(ctx), track, skill))
        return
    _change(
        ctx,
        "note",
        [skill],
        track,
        note=text,
        links=link or (),
        clear_note=clear,
        delete_note=delete,
        on=on,
    )


@group.command(
    epilog="Examples: roadmap log pytorch 45m; roadmap log sql 1h30 --note 'window functions'; "
    "roadmap log cnns 2h --on yesterday"
)
def log(
    ctx: typer.Context,
    skill: SkillArgument,
    duration: Annotated[
        str | None,
        typer.Argument(metavar="DURATION", help="How long: 45m, 1h30, 1h30m, 2h or 90 (minutes)."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", metavar="TEXT", help="What you studied."),
    ] = None,
    on: OnDay = None,
    track: TrackOption = None,
) -> None:
    """Log a study session on a skill; a skill still to do becomes in progress."""
    _change(ctx, "log", [skill], track, note=note, duration=duration, on=on)


@group.command(epilog="Examples: roadmap start sql; roadmap start --phase 2")
def start(
    ctx: typer.Context,
    skills: Skills = None,
    on: OnDay = None,
    phase: PhaseChoice = None,
    track: TrackOption = None,
) -> None:
    """Mark skills as in progress."""
    _change(ctx, "start", skills, track, phase, on=on)


@group.command(
    epilog="Examples: roadmap skip git   (you know it already: counts as complete); "
    "roadmap skip --phase 1"
)
def skip(
    ctx: typer.Context,
    skills: Skills = None,
    on: OnDay = None,
    phase: PhaseChoice = None,
    track: TrackOption = None,
) -> None:
    """Skip skills you already know; they count as complete, shown apart from done."""
    _change(ctx, "skip", skills, track, phase, on=on)


@group.command(epilog="Examples: roadmap reset pandas; roadmap reset --phase 3")
def reset(
    ctx: typer.Context,
    skills: Skills = None,
    phase: PhaseChoice = None,
    track: TrackOption = None,
) -> None:
    """Put skills back to todo (notes, links and the study log are kept)."""
    _change(ctx, "reset", skills, track, phase)


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
