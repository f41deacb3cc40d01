"""The commands, one module per group. `cli` adds each group's commands to the app.

A command parses its arguments, calls one use case (`session`, `maintenance`) and hands the
result to `output.emit`. These modules import no `cli`, and keep their annotations as objects
(no `from __future__ import annotations`): Typer reads the signature of the command being run
at every start, and would have to evaluate string annotations, twice per parameter.
"""

from collections.abc import Callable
from typing import Any

import typer


class Group:
    """The commands of one module, in order, with what `Typer.command` is to be given."""

    def __init__(self) -> None:
        self.commands: list[tuple[Callable[..., Any], str | None, dict[str, Any]]] = []

    def command(self, name: str | None = None, **options: Any) -> Callable[[Any], Any]:
        def add(function: Callable[..., Any]) -> Callable[..., Any]:
            self.commands.append((function, name, options))
            return function

        return add


def settings(ctx: typer.Context) -> Any:
    """The run's `session.Settings`, which the root command put on the context."""
    from roadmap_cli.session import Settings

    found = ctx.find_root().obj
    return found if isinstance(found, Settings) else Settings()
