"""The Typer app: options, command wiring and the one error boundary.

Commands stay thin: resolve what the user typed, call the pure core inside a store
transaction, then hand the result to `render`. Heavy modules are imported inside commands.
Annotations here are objects, not strings: see `commands`.
"""

import sys
from collections.abc import Sequence
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from roadmap_cli import __version__
from roadmap_cli.errors import RoadmapError, UsageError, printable, shown

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.models import Action, Progress, Roadmap, SkillProgress, Track
    from roadmap_cli.progress import Digest
    from roadmap_cli.store import Store


class _Group(TyperGroup):
    """Turns every expected failure into one line on stderr and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader stopped early (`roadmap list | head -1`): not an error, and a change
            # saved before the output is done.
            from roadmap_cli.streams import silence_stdout

            silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # a filesystem failure no module translated: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 1)


class _Command(TyperCommand):
    """Help that reads the same on every Typer we support: `SKILL...`, never a type name.

    Typer 0.29 writes `{SKILL}...` and `<list[str]>` for a list argument (and, with Rich,
    `<bool>` for every flag); our arguments are written here as Click writes them.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                if not param.hidden:
                    arguments.append((_argument_name(param), param.help or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


def _fail(message: str, code: int) -> None:
    # printable(): whatever a message quotes (a path, a file's text), it stays one inert line.
    # sys.stderr as `streams.fit` left it (Click's echo would write UTF-8 to an ASCII stream).
    sys.stderr.write(f"roadmap: error: {printable(message)}\n")
    sys.stderr.flush()
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="roadmap",
    help="Track your progress through the AI/ML and Generative-AI roadmaps.",
    epilog="Start with 'roadmap next'. Progress is kept in one JSON file: see 'Your data' "
    "in the README.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class StatusChoice(str, Enum):
    todo = "todo"
    in_progress = "in-progress"
    done = "done"
    skipped = "skipped"


class ExportFormat(str, Enum):
    markdown = "markdown"
    json = "json"


# --- shell completion: from the cached roadmap, never an error, never progress I/O ----------


def _completion_track(ctx: typer.Context) -> "tuple[Track, Roadmap] | None":
    import os

    from roadmap_cli import catalog

    root = ctx.find_root()
    path = root.params.get("roadmap") or os.environ.get("ROADMAP_FILE") or None
    try:
        roadmap = catalog.load_roadmap(Path(path) if path else None)
        track_id = ctx.params.get("track") or os.environ.get("ROADMAP_TRACK")
        return catalog.select_track(roadmap, track_id), roadmap
    except RoadmapError:
        return None


def complete_skill(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Skill ids; or the alias (or kebab-cased name) that starts with what was typed.

    The shell keeps only candidates that start with the word typed, so `sklearn` is offered
    as itself, and any of them resolves to the skill.
    """
    found = _completion_track(ctx)
    if found is None:
        return []
    from roadmap_cli.lookup import normalize

    track, _ = found
    offers = []
    for skill in track.skills:
        forms = (skill.id, *(normalize(a) for a in skill.aliases), normalize(skill.name))
        match = next((form for form in forms if form.startswith(incomplete.casefold())), None)
        if match is not None:
            offers.append((match, skill.name))
    return offers


def complete_phase(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _completion_track(ctx)
    if found is None:
        return []
    track, _ = found
    return [(p.id, p.label) for p in track.phases if p.id.startswith(incomplete.casefold())]


def complete_target(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return (
        complete_track(ctx, incomplete)
        + complete_phase(ctx, incomplete)
        + complete_skill(ctx, incomplete)
    )


def complete_track(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _completion_track(ctx)
    if found is None:
        return []
    _, roadmap = found
    return [(t.id, t.title) for t in roadmap.tracks if t.id.startswith(incomplete.casefold())]


TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track",
        "-t",
        envvar="ROADMAP_TRACK",
        metavar="ID",
        help="Track to work on (default: aiml-genai). See 'roadmap tracks'.",
        show_default=False,
        autocompletion=complete_track,
    ),
]
SkillsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="SKILL",
        help="Skills by id, name, alias or unique prefix.",
        show_default=False,
        autocompletion=complete_skill,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (shape in the README).")
]


roadmap_file: ContextVar[Path | None] = ContextVar("roadmap_file", default=None)


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
            metavar="PATH",
            dir_okay=False,
            help="Use this roadmap YAML instead of the bundled one.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Track your progress through the AI/ML and Generative-AI roadmaps."""
    # Set on every invocation, so one run's choice never leaks into the next (tests run many).
    roadmap_file.set(roadmap)


# --- plumbing -------------------------------------------------------------------------------


class Session:
    """The roadmap and track a command works on, and the store of the user's progress."""

    def __init__(self, roadmap: "Roadmap", track: "Track", store: "Store") -> None:
        self.roadmap, self.track, self.store = roadmap, track, store

    def load(self, history: bool = True) -> "Progress":
        """The progress on disk, with renamed skills' records under their new ids.

        Without `history` the change history is not read (see `Store.load`).
        """
        from roadmap_cli import progress as core

        progress = self.store.load(history=history)
        core.adopt_renames(progress, self.roadmap.id, self.track)
        return progress

    def records(self) -> "dict[str, SkillProgress]":
        return self.load(history=False).skills(self.roadmap.id, self.track.id)

    def digest(self) -> "tuple[Progress, Digest]":
        """The progress as `load` gives it, and a digest of the history (see `Store.digest`)."""
        from roadmap_cli import progress as core

        progress, digest = self.store.digest()
        core.adopt_renames(progress, self.roadmap.id, self.track)
        return progress, digest


def print_json(doc: object) -> None:
    from roadmap_cli.streams import encodes_ours
    from roadmap_cli.views import dumps

    # A stream that cannot encode every character gets JSON's own escapes, never a '?'.
    sys.stdout.write(dumps(doc, ascii_only=not encodes_ours(sys.stdout)))


def open_session(track_id: str | None) -> Session:
    from roadmap_cli import catalog
    from roadmap_cli.store import user_store

    roadmap = catalog.load_roadmap(roadmap_file.get())
    track = catalog.select_track(roadmap, track_id)
    return Session(roadmap, track, user_store())


def console() -> "Console":
    """Results on stdout. With NO_COLOR set, no escape codes at all (not even bold)."""
    import os

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    out = Console(highlight=False, color_system=None if plain else "auto")
    out.on_broken_pipe = _reader_gone  # type: ignore[method-assign] - Rich's would exit 1
    return out


def _reader_gone() -> None:
    raise BrokenPipeError  # handled once, by the error boundary (`_Group.invoke`)


def apply_change(
    action: "Action",
    skills: list[str],
    track_id: str | None,
    note: str | None = None,
    links: Sequence[str] = (),
    clear_note: bool = False,
) -> None:
    """Resolve every skill first, then change them all as one batch under the lock."""
    from roadmap_cli import lookup, render
    from roadmap_cli import progress as core

    if note is not None and not note.strip():
        raise UsageError("the note is empty (to remove a note: roadmap note SKILL --clear)")
    from roadmap_cli.models import is_link

    for url in links:
        if not is_link(url):
            raise UsageError(f"--link {shown(url)} is not an http(s) URL")
    session = open_session(track_id)
    chosen = lookup.resolve_skills(session.track, skills)
    rid, tid = session.roadmap.id, session.track.id
    with session.store.transaction(history=False) as progress:  # these changes only append
        core.adopt_renames(progress, rid, session.track)
        ids = [s.id for s in chosen]
        text = "" if clear_note else note and note.strip()  # "" removes the note
        changed = core.apply(progress, rid, tid, ids, action, core.utcnow(), text, links)
        statuses = progress.status_map(rid, tid)
    render.changes(console(), session.track, changed, statuses)


# Importing the command modules registers their commands, in this order, on `app`.
from roadmap_cli.commands import browse, edit, files  # noqa: E402, F401

for _info in app.registered_commands:  # every command's help is written by `_Command`
    if _info.cls in (None, TyperCommand):
        _info.cls = _Command


def _command_name(info: Any) -> str:
    return info.name or info.callback.__name__.replace("_", "-")


def run(args: list[str]) -> None:
    """Run the app on `args`, building only the command they name.

    Typer turns every registered command into a Click command (and its parameter types into
    Pydantic adapters) before it parses anything; with one command that is a large share of
    start-up. When the first word after the global options names a command, only that
    command is registered for this run. Help, completion and unknown words see them all.
    """
    names = {_command_name(info) for info in app.registered_commands}
    rest = list(args)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option == "--roadmap" and rest:
            rest.pop(0)
    everything = app.registered_commands
    if rest and rest[0] in names:
        app.registered_commands = [info for info in everything if _command_name(info) == rest[0]]
    from roadmap_cli.streams import fit, silence_stdout

    fit()
    try:
        app(args=args, prog_name="roadmap")
    finally:
        app.registered_commands = everything  # for callers that run more than once
        try:
            sys.stdout.flush()  # here, not at exit, where a closed pipe would be reported
        except BrokenPipeError:
            silence_stdout()


def main() -> None:
    run(sys.argv[1:])
