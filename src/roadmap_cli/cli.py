"""The Typer app: options, command wiring and the one error boundary.

Commands stay thin: resolve what the user typed, call the pure core inside a store
transaction, then hand the result to `render`. Heavy modules are imported inside commands.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from roadmap_cli import __version__
from roadmap_cli.errors import RoadmapError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.models import Action, Progress, Roadmap, SkillProgress, Track
    from roadmap_cli.store import Store


class _Group(TyperGroup):
    """Turns every expected failure into one line on stderr and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapError as exc:
            _fail(str(exc), exc.exit_code)
        except OSError as exc:  # a filesystem failure no module translated: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 1)


def _fail(message: str, code: int) -> None:
    typer.echo(f"roadmap: error: {message}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="roadmap",
    help="Track your progress through the AI/ML and Generative-AI roadmaps.",
    epilog="Start with 'roadmap next'. Progress is kept in one JSON file: see 'Your data' "
    "in the README.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class StatusChoice(str, Enum):
    todo = "todo"
    in_progress = "in-progress"
    done = "done"
    skipped = "skipped"


class ExportFormat(str, Enum):
    markdown = "markdown"


TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track",
        "-t",
        envvar="ROADMAP_TRACK",
        help="Track to work on (default: aiml-genai). See 'roadmap tracks'.",
        show_default=False,
    ),
]
SkillsArgument = Annotated[
    list[str],
    typer.Argument(help="Skills by id, name, alias or unique prefix.", show_default=False),
]


_roadmap_file: ContextVar[Path | None] = ContextVar("roadmap_file", default=None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    roadmap: Annotated[
        Path | None,
        typer.Option(
            "--roadmap",
            envvar="ROADMAP_FILE",
            dir_okay=False,
            help="Use this roadmap YAML instead of the bundled one.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Track your progress through the AI/ML and Generative-AI roadmaps."""
    # Set on every invocation, so one run's choice never leaks into the next (tests run many).
    _roadmap_file.set(roadmap)


# --- plumbing -------------------------------------------------------------------------------


@dataclass
class Session:
    roadmap: Roadmap
    track: Track
    store: Store

    def load(self) -> Progress:
        """The progress on disk, with renamed skills' records under their new ids."""
        from roadmap_cli import progress as core

        progress = self.store.load()
        core.adopt_renames(progress, self.roadmap.id, self.track)
        return progress

    def records(self) -> dict[str, SkillProgress]:
        return self.load().skills(self.roadmap.id, self.track.id)


def _session(track_id: str | None) -> Session:
    from roadmap_cli import catalog, paths
    from roadmap_cli.store import Store

    roadmap = catalog.load_roadmap(_roadmap_file.get())
    track = catalog.select_track(roadmap, track_id)
    return Session(roadmap, track, Store(paths.progress_path()))


def _out() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _change(action: Action, skills: list[str], track_id: str | None, note: str | None = None):
    from roadmap_cli import lookup, render
    from roadmap_cli import progress as core

    if note is not None and not note.strip():
        raise UsageError("--note is empty")
    session = _session(track_id)
    chosen = lookup.resolve_skills(session.track, skills)
    rid, tid = session.roadmap.id, session.track.id
    with session.store.transaction() as progress:
        core.adopt_renames(progress, rid, session.track)
        changed = core.apply(
            progress, rid, tid, [s.id for s in chosen], action, core.utcnow(), note
        )
        statuses = progress.status_map(rid, tid)
    render.changes(_out(), session.track, changed, statuses)


# --- commands -------------------------------------------------------------------------------


@app.command("list", epilog="Example: roadmap list --phase 3 --status todo")
def list_(
    phase: Annotated[
        str | None, typer.Option("--phase", "-p", help="Only this phase (number, id or name).")
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option("--status", "-s", help="Only skills with this status.")
    ] = None,
    track: TrackOption = None,
) -> None:
    """List every phase with its completion, and each skill with its status."""
    from roadmap_cli import lookup, render

    session = _session(track)
    phases = [lookup.resolve_phase(session.track, phase)] if phase else session.track.phases
    records = session.records()
    render.track_list(_out(), session.track, records, phases, status.value if status else None)


@app.command(epilog="Examples: roadmap show pandas; roadmap show 3; roadmap show genai-engineer")
def show(
    target: Annotated[str, typer.Argument(help="A phase, a skill, or a track id.")],
    track: TrackOption = None,
) -> None:
    """Show a phase, a skill or a track in full: goals, resources, status, dates and note."""
    from roadmap_cli import lookup, render
    from roadmap_cli.models import Phase

    session = _session(track)
    progress = session.load()
    whole = session.roadmap.track(target.strip().casefold())
    if whole is not None:
        render.show_track(_out(), whole, progress.skills(session.roadmap.id, whole.id))
        return
    found = lookup.resolve_target(session.track, target)
    records = progress.skills(session.roadmap.id, session.track.id)
    if isinstance(found, Phase):
        render.show_phase(_out(), session.track, found, records)
    else:
        record = progress.record(session.roadmap.id, session.track.id, found.id)
        render.show_skill(_out(), session.track, found, record)


@app.command(epilog="Example: roadmap done pandas numpy --note 'finished the course'")
def done(
    skills: SkillsArgument,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Attach a note.")] = None,
    track: TrackOption = None,
) -> None:
    """Mark skills as done."""
    _change("done", skills, track, note)


@app.command(epilog="Example: roadmap start sql")
def start(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Mark skills as in progress."""
    _change("start", skills, track)


@app.command(epilog="Example: roadmap skip git   (you know it already: counts as complete)")
def skip(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Skip skills you already know; they count as complete, shown apart from done."""
    _change("skip", skills, track)


@app.command(epilog="Example: roadmap reset pandas")
def reset(skills: SkillsArgument, track: TrackOption = None) -> None:
    """Put skills back to todo (notes are kept)."""
    _change("reset", skills, track)


@app.command(epilog="Example: roadmap undo")
def undo() -> None:
    """Revert the most recent change, whatever command made it."""
    from roadmap_cli import paths, render
    from roadmap_cli import progress as core
    from roadmap_cli.store import Store

    with Store(paths.progress_path()).transaction() as progress:
        reverted = core.undo(progress, core.utcnow())
        original = next(e for e in progress.events if e.batch == reverted[0].undoes)
    render.undone(_out(), reverted, original)


@app.command("next", epilog="Example: roadmap next -n 3")
def next_(
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=1000, help="How many skills to suggest.")
    ] = 5,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include optional skills and electives.")
    ] = False,
    track: TrackOption = None,
) -> None:
    """Suggest what to study next: skills in progress, then the earliest phase's to-dos."""
    from roadmap_cli import planner, render
    from roadmap_cli import progress as core

    session = _session(track)
    statuses = session.load().status_map(session.roadmap.id, session.track.id)
    picked = planner.next_skills(session.track, statuses, count, include_optional=all_)
    optional = core.optional_completion(session.track, statuses)
    render.suggestions(
        _out(), session.track, picked, optional.total - optional.complete, include_optional=all_
    )


@app.command(epilog="Example: roadmap status")
def status(track: TrackOption = None) -> None:
    """Show overall and per-phase completion, recent changes and your streak."""
    from roadmap_cli import progress as core
    from roadmap_cli import render

    session = _session(track)
    progress = session.load()
    days = core.active_days(progress.events)
    mine = [
        e
        for e in progress.events
        if e.roadmap == session.roadmap.id and e.track == session.track.id
    ]
    render.status(
        _out(),
        session.track,
        progress.skills(session.roadmap.id, session.track.id),
        list(reversed(mine[-5:])),
        core.current_streak(days, render.today()),
        core.longest_streak(days),
    )


@app.command(epilog="Examples: roadmap export > progress.md; roadmap export -o progress.md")
def export(
    format_: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False
        ),
    ] = None,
    track: TrackOption = None,
) -> None:
    """Export your progress (Markdown task lists, ready for a README or a gist)."""
    from roadmap_cli import export as exporters
    from roadmap_cli import render

    session = _session(track)
    if output is not None and output.resolve() == session.store.path.resolve():
        raise UsageError(f"{output} is your progress file; choose another output file")
    records = session.records()
    text = exporters.EXPORTERS[format_.value](session.track, records, render.today())
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RoadmapError(f"{output}: cannot write export: {exc.strerror or exc}") from None
    typer.echo(f"Exported {session.track.id} to {output}", err=True)


@app.command(epilog="Example: roadmap tracks")
def tracks(track: TrackOption = None) -> None:
    """List the roadmap's tracks with your completion of each."""
    from roadmap_cli import catalog, render
    from roadmap_cli import progress as core

    session = _session(None)
    current = catalog.select_track(session.roadmap, track)
    progress = session.store.load()
    entries = [
        (t, core.track_completion(t, progress.status_map(session.roadmap.id, t.id)))
        for t in session.roadmap.tracks
    ]
    render.tracks(_out(), entries, current.id)


@app.command(epilog="Examples: roadmap doctor; roadmap doctor --restore-backup")
def doctor(
    restore_backup: Annotated[
        bool,
        typer.Option(
            "--restore-backup",
            help="Put back the newest backup that loads (the current file is kept aside).",
        ),
    ] = False,
) -> None:
    """Check the roadmap and progress files, list backups and orphaned progress."""
    from roadmap_cli import catalog, paths, render
    from roadmap_cli import progress as core
    from roadmap_cli.errors import DataError
    from roadmap_cli.store import TEMP_PREFIX, Store

    store = Store(paths.progress_path())
    out = _out()
    if restore_backup:
        used, kept = store.restore_backup()
        aside = f"; the replaced file is kept as {kept}" if kept else ""
        render.say(out, f"Restored {used.name} to {store.path}{aside}")
        return
    problems = 0
    roadmap = None
    try:
        roadmap = catalog.load_roadmap(_roadmap_file.get())
        skills = sum(len(t.skills) for t in roadmap.tracks)
        render.say(out, f"roadmap: ok: {len(roadmap.tracks)} tracks, {skills} skills")
    except DataError as exc:
        problems += 1
        render.say(out, f"roadmap: PROBLEM: {exc}")
    try:
        progress = store.load()
        tracked = sum(len(s) for t in progress.roadmaps.values() for s in t.values())
        render.say(
            out,
            f"progress: ok: {store.path} (schema {progress.schema_version}, "
            f"{tracked} skills with progress, {len(progress.events)} changes)",
        )
    except DataError as exc:
        problems += 1
        progress = None
        render.say(out, f"progress: PROBLEM: {exc}")
    if progress is not None and roadmap is not None:
        for track in roadmap.tracks:
            core.adopt_renames(progress, roadmap.id, track)
            lost = core.orphans(progress, roadmap.id, track)
            if lost:
                render.say(
                    out,
                    f"orphans: {track.id}: progress kept for skills this roadmap no longer "
                    f"has: {', '.join(lost)}",
                )
        known = {t.id for t in roadmap.tracks}
        for track_id in sorted(set(progress.roadmaps.get(roadmap.id, {})) - known):
            render.say(out, f"orphans: progress kept for unknown track {track_id}")
    strays = sorted(p.name for p in store.path.parent.glob(f"{TEMP_PREFIX}*.tmp"))
    if strays:
        render.say(out, f"temporary files left by interrupted writes: {', '.join(strays)}")
    backups = store.backups()
    newest = f", newest {backups[0].name}" if backups else ""
    render.say(out, f"backups: {len(backups)} in {store.backup_dir}{newest}")
    if problems:
        raise typer.Exit(1)


def main() -> None:
    app(prog_name="roadmap")
