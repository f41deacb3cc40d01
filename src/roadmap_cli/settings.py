"""What the whole run was asked for (the roadmap file, the track, the clock): the settings
every use case takes, kept on the Typer context. Light: the fast route makes them too."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from roadmap_cli.clock import Clock


@dataclass
class Settings:
    """What the whole run was asked for: kept on the Typer context (`ctx.obj`)."""

    roadmap_file: Path | None = None  # None: the bundled roadmap
    track: str | None = None  # `roadmap -t ID COMMAND`: before any command's own option
    clock: Clock = field(default_factory=Clock)
