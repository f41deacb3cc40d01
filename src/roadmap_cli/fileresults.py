"""The typed results of the file commands (export, import, validate, where, doctor, restore).

Drawn by `reports` (for people) and `jsonview` (for `--json`), like those of `results`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from roadmap_cli.models import Status


class Exported(NamedTuple):
    """`export`: the document, and where it was written (None: to stdout)."""

    text: str
    path: Path | None


class SkillDiff(NamedTuple):
    """One skill that an import changes: its record (a status None: no record), its review
    card, or both."""

    roadmap_id: str
    skill_id: str
    old: Status | None
    new: Status | None
    record: bool  # the record changed (its status, or its notes, links or log)
    card: bool  # the review card changed


class ImportPlan(NamedTuple):
    """What `import` changes (or, dry, would change): each skill, and the counts."""

    source: Path
    diffs: list[SkillDiff]
    events_now: int
    events_after: int
    dry_run: bool


class Validated(NamedTuple):
    path: Path
    roadmap_id: str
    tracks: int
    phases: int
    skills: int


class Places(NamedTuple):
    """`where`: every path in use, by name."""

    paths: dict[str, Path]


class Restored(NamedTuple):
    path: Path
    used: Path
    kept: Path | None


class DoctorReport(NamedTuple):
    """`doctor`: each check's facts; a failed check has its error instead."""

    roadmap_tracks: int | None
    roadmap_skills: int | None
    roadmap_error: str | None
    progress_path: Path
    progress_schema: int | None
    progress_skills: int | None
    progress_events: int | None
    progress_error: str | None
    orphans: dict[str, list[str]]  # roadmap id -> skill ids no track of it has
    unknown_tracks: list[str]
    strays: list[str]
    backup_dir: Path
    backups: list[Path]

    @property
    def problems(self) -> int:
        return (self.roadmap_error is not None) + (self.progress_error is not None)
