"""The human rendering of the file use cases' results: export, import, validate, where, doctor.

Each is a few plain lines (`draw.say`): printed as themselves, never wrapped nor split.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from roadmap_cli import fileresults as fr
from roadmap_cli.draw import say
from roadmap_cli.texts import counted

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console


def exported(console: Console, found: fr.Exported) -> None:
    """The document on stdout; or, when it went to a file, a notice of where on stderr."""
    if found.path is None:
        console.file.write(found.text)
    else:
        notice = _stderr()
        say(notice, f"Exported to {found.path}")
        notice.file.flush()  # at once, as Rich's console wrote it, not when Python exits


def _stderr() -> Console:
    """stderr, without colour: drawn without Rich (`styled`), on the fast route too."""
    import os
    import sys

    from roadmap_cli.styled import Screen

    return Screen(sys.stderr, {**os.environ, "NO_COLOR": "1"})  # type: ignore[return-value]


def import_plan(console: Console, found: fr.ImportPlan) -> None:
    added = changed = removed = 0
    for diff in found.diffs:
        old, new = diff.old or "no record", diff.new or "no record"
        if old != new:
            what = f"{old} → {new}"
        else:
            parts = ("notes, links or log",) * diff.record + ("review card",) * diff.card
            what = f"{new} ({'; '.join(parts)})"
        say(console, f"{diff.roadmap_id}/{diff.skill_id}: {what}")
        added += diff.old is None
        removed += diff.new is None
        changed += diff.old is not None and diff.new is not None
    if found.diffs:
        say(console, f"Skills: {added} added, {changed} changed, {removed} removed")
    else:
        say(console, "Progress records: no change")
    say(console, f"History: {counted(found.events_now, 'change')} now, {found.events_after} after")
    if found.dry_run:
        say(console, "Dry run: nothing was written.")
    else:
        kept = " (the previous file is in backups/)" if found.events_now else ""
        say(console, f"Imported {found.source}{kept}.")


def validated(console: Console, found: fr.Validated) -> None:
    say(
        console,
        f"{found.path}: ok: roadmap '{found.roadmap_id}', {counted(found.tracks, 'track')}, "
        f"{counted(found.phases, 'phase')}, {counted(found.skills, 'skill')}",
    )


def places(console: Console, found: fr.Places) -> None:
    for name, path in found.paths.items():
        say(console, f"{name + ':':<10}{path}")


def restored(console: Console, found: fr.Restored) -> None:
    aside = f"; the replaced file is kept as {found.kept}" if found.kept else ""
    say(console, f"Restored {found.used.name} to {found.path}{aside}")


def doctor_report(console: Console, found: fr.DoctorReport) -> None:
    if found.roadmap_error is None:
        say(console, f"roadmap: ok: {found.roadmap_tracks} tracks, {found.roadmap_skills} skills")
    else:
        say(console, f"roadmap: PROBLEM: {found.roadmap_error}")
    if found.progress_error is None:
        say(
            console,
            f"progress: ok: {found.progress_path} (schema {found.progress_schema}, "
            f"{counted(found.progress_skills or 0, 'skill')} with progress, "
            f"{counted(found.progress_events or 0, 'change')})",
        )
    else:
        say(console, f"progress: PROBLEM: {found.progress_error}")
    for roadmap_id, lost in found.orphans.items():
        say(
            console,
            f"orphans: {roadmap_id}: progress kept for skills this roadmap no longer "
            f"has: {', '.join(lost)}",
        )
    for track_id in found.unknown_tracks:
        say(console, f"orphans: progress kept for unknown track {track_id}")
    if found.strays:
        say(console, f"temporary files left by interrupted writes: {', '.join(found.strays)}")
    newest = f", newest {found.backups[0].name}" if found.backups else ""
    say(console, f"backups: {len(found.backups)} in {found.backup_dir}{newest}")


RENDERERS: dict[type, Callable[[Console, Any], None]] = {
    fr.Exported: exported,
    fr.ImportPlan: import_plan,
    fr.Validated: validated,
    fr.Places: places,
    fr.Restored: restored,
    fr.DoctorReport: doctor_report,
}
