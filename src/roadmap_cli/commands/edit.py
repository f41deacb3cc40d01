"""Commands that change progress: done, start, skip, reset, undo."""

from typing import Annotated

import typer

from roadmap_cli.cli import (
    SkillsArgument,
    TrackOption,
    app,
    apply_change,
    complete_skill,
    console,
    roadmap_file,
)
from roadmap_cli.errors import UsageError


@app.command(
    epilog="Examples: roadmap done pandas numpy --note 'finished the course'; "
    "roadmap done lora --link https://github.com/me/lora-demo"
)
def done(
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
    apply_change("done", skills, track, note, link or ())


@app.command(
    epilog="Examples: roadmap note pandas 'chapter 4 of the book'; roadmap note sql --link URL"
)
def note(
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
    apply_change("note", [skill], track, text, link or (), clear_note=clear)


@app.command(epilog="Example: roadmap start sql")
def start(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Mark skills as in progress."""
    apply_change("start", skills, track)


@app.command(epilog="Example: roadmap skip git   (you know it already: counts as complete)")
def skip(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Skip skills you already know; they count as complete, shown apart from done."""
    apply_change("skip", skills, track)


@app.command(epilog="Example: roadmap reset pandas")
def reset(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Put skills back to todo (notes are kept)."""
    apply_change("reset", skills, track)


@app.command(epilog="Example: roadmap undo")
def undo() -> None:
    """Revert the most recent change, whatever command made it."""
    from roadmap_cli import catalog, render
    from roadmap_cli import progress as core
    from roadmap_cli.errors import RoadmapError
    from roadmap_cli.store import user_store

    # Everything that can fail is done before the transaction ends and saves.
    with user_store().transaction() as progress:
        reverted = core.undo(progress, core.utcnow())
        original = next(e for e in progress.events if e.batch == reverted[0].undoes)
        try:  # only to name the skills: undo works even when the roadmap does not load
            roadmap = catalog.load_roadmap(roadmap_file.get())
            track = roadmap.track(original.track) if roadmap.id == original.roadmap else None
        except RoadmapError:
            track = None
    render.undone(console(), track, reverted, original)
