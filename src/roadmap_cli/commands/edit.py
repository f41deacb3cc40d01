"""Commands that change progress: done, start, skip, reset, undo."""

from __future__ import annotations

from typing import Annotated

import typer

from roadmap_cli.cli import (
    SkillsArgument,
    TrackOption,
    app,
    apply_change,
    console,
)


@app.command(epilog="Example: roadmap done pandas numpy --note 'finished the course'")
def done(
    skills: SkillsArgument,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Attach a note.")] = None,
    track: TrackOption = None,
) -> None:
    """Mark skills as done."""
    apply_change("done", skills, track, note)


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
    from roadmap_cli import paths, render
    from roadmap_cli import progress as core
    from roadmap_cli.store import Store

    with Store(paths.progress_path()).transaction() as progress:
        reverted = core.undo(progress, core.utcnow())
        original = next(e for e in progress.events if e.batch == reverted[0].undoes)
    render.undone(console(), reverted, original)
