"""Options and arguments shared by several commands, and their Tab-completion callbacks.

Annotations here are objects, not strings: see `commands`. Completion reads only the cached
roadmap, never progress, and never fails: a roadmap that does not load offers nothing.
"""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmap_cli.errors import RoadmapError

if TYPE_CHECKING:
    from roadmap_cli.models import Roadmap, Track


class StatusChoice(str, Enum):
    todo = "todo"
    in_progress = "in-progress"
    done = "done"
    skipped = "skipped"


class ExportFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    html = "html"
    svg = "svg"


def _completion_track(ctx: typer.Context) -> "tuple[Track, Roadmap] | None":
    import os

    from roadmap_cli import catalog

    root = ctx.find_root()
    path = root.params.get("roadmap") or os.environ.get("ROADMAP_FILE") or None
    try:
        roadmap = catalog.load_roadmap(Path(path) if path else None)
        track_id = ctx.params.get("track") or root.params.get("track")
        track_id = track_id or os.environ.get("ROADMAP_TRACK")
        if not track_id:
            from roadmap_cli import prefs

            track_id = prefs.chosen_track(roadmap.id)
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
    from roadmap_cli.names import normalize

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


def complete_track(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _completion_track(ctx)
    if found is None:
        return []
    _, roadmap = found
    return [(t.id, t.title) for t in roadmap.tracks if t.id.startswith(incomplete.casefold())]


def complete_target(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return (
        complete_track(ctx, incomplete)
        + complete_phase(ctx, incomplete)
        + complete_skill(ctx, incomplete)
    )


TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track",
        "-t",
        metavar="ID",
        help="Track to work on (else ROADMAP_TRACK, else the one chosen with 'roadmap use', "
        "else the roadmap's first). See 'roadmap tracks'.",
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
