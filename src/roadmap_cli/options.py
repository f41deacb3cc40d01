"""Options and arguments shared by several commands, and their Tab-completion callbacks.

Annotations here are objects, not strings: see `commands`. Completion reads only the cached
roadmap, never progress, and never fails: a roadmap that does not load offers nothing. What
each completion offers is `completion`'s, which also keeps it as a word list for the fast
route (`__main__`).
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

    from roadmap_cli import catalog, completion

    root = ctx.find_root()
    path = root.params.get("roadmap") or os.environ.get("ROADMAP_FILE") or None
    source = str(path) if path else None
    try:
        key = completion.key(source)  # before reading: a change while it is read is seen
        roadmap = catalog.load_roadmap(Path(path) if path else None)
        completion.keep(key, source, roadmap, root.command, CALLBACKS)
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
    from roadmap_cli import completion

    track, _ = found
    return completion.skill_offers(completion.skill_forms(track), incomplete)


def complete_phase(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _completion_track(ctx)
    if found is None:
        return []
    from roadmap_cli import completion

    track, _ = found
    return completion.id_offers([(p.id, p.label) for p in track.phases], incomplete)


def complete_track(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _completion_track(ctx)
    if found is None:
        return []
    from roadmap_cli import completion

    _, roadmap = found
    return completion.id_offers([(t.id, t.title) for t in roadmap.tracks], incomplete)


def complete_target(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return (
        complete_track(ctx, incomplete)
        + complete_phase(ctx, incomplete)
        + complete_skill(ctx, incomplete)
    )


# Each completion by its kind, as the word list of `completion` names them.
CALLBACKS = {
    "skill": complete_skill,
    "phase": complete_phase,
    "track": complete_track,
    "target": complete_target,
}


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
