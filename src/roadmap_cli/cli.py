"""The Typer app: the global options, the one error boundary, and each command group added.

Commands live in `commands/` and import nothing from here. Annotations here are objects, not
strings: see `commands`.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from roadmap_cli import __version__
from roadmap_cli.commands import browse, edit, files
from roadmap_cli.errors import RoadmapError, printable
from roadmap_cli.options import complete_track


class _ErrorBoundary(TyperGroup):
    """Turns every expected failure into one line on stderr and the error's exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _hoist_roadmap(args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapError as exc:
            for line in exc.lines[:-1]:  # `validate` lists every problem of a roadmap
                sys.stderr.write(f"roadmap: error: {printable(line)}\n")
            _fail(exc.lines[-1], exc.exit_code)
        except BrokenPipeError:
            # The reader stopped early (`roadmap list | head -1`): not an error, and a change
            # saved before the output is done.
            from roadmap_cli.streams import silence_stdout

            silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # a filesystem failure no module translated: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 1)


def _hoist_roadmap(args: list[str]) -> list[str]:
    """`roadmap next --roadmap X` as `roadmap --roadmap X next`: a global option, anywhere.

    Only `--roadmap` needs this (every command also takes `--track`); nothing after `--` moves.
    """
    front, rest = [], []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--roadmap":
            front += [word, *[next(words, "")]]
        elif word.startswith("--roadmap="):
            front.append(word)
        else:
            rest.append(word)
    return front + rest


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
    cls=_ErrorBoundary,
    name="roadmap",
    help="Track your progress through the AI/ML and Generative-AI roadmaps.",
    epilog="Start with 'roadmap next'. Progress is kept in one JSON file: see 'Your data' "
    "in the README.",
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
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
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            "-t",
            metavar="ID",
            help="Track to work on, for any command (see 'roadmap use').",
            show_default=False,
            autocompletion=complete_track,
        ),
    ] = None,
) -> None:
    """Track your progress through the AI/ML and Generative-AI roadmaps.

    With no command: the track in use, its completion, your streak and the next skills.
    """
    from roadmap_cli.session import Settings

    # A fresh Settings for every run (a caller, such as a test, may pass its own clock).
    given = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    ctx.obj = Settings(roadmap_file=roadmap, track=track, clock=given.clock)
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from roadmap_cli import session
        from roadmap_cli.output import emit

        emit(session.dashboard(ctx.obj))


for _module in (browse, edit, files):  # registered in this order, each help by `_Command`
    for _function, _name, _options in _module.group.commands:
        app.command(_name, cls=_Command, **_options)(_function)


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
        if option in ("--roadmap", "--track", "-t") and rest:
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
