"""The learner's choices, kept beside the progress file: the track in use for each roadmap,
and each track's goal.

`settings.json` is small and written by `roadmap use` and `roadmap goal`; like every file read
here it is checked whole: a file that is not a regular file, too large, not JSON, with a key
twice, or of another shape is reported in one line and never half-read.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_cli.errors import DataError, StoreError

TYPE_CHECKING = False  # no `typing` or `datetime` at run time: Tab completion reads the path
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

SETTINGS_FILE = "settings.json"
MAX_BYTES = 64 * 1024
SCHEMA_VERSION = 1


def settings_path() -> Path:
    from roadmap_cli import paths

    return paths.data_dir() / SETTINGS_FILE


def chosen_track(roadmap_id: str, path: Path | None = None) -> str | None:
    """The track `roadmap use` chose for this roadmap; None when none was chosen."""
    return read(path or settings_path()).get(roadmap_id)


def goal(roadmap_id: str, track_id: str, path: Path | None = None) -> date | None:
    """The target day `roadmap goal` set for the track; None when none was set."""
    found = _read(path or settings_path())["goal"].get(roadmap_id, {}).get(track_id)
    from datetime import date

    return date.fromisoformat(found) if found else None


def read(path: Path) -> dict[str, str]:
    """Roadmap id -> track id, as `write` keeps them; empty when there is no file yet."""
    return _read(path)["track"]


def _is_day(value: object) -> bool:
    from datetime import date

    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _read(path: Path) -> dict[str, Any]:
    """The settings: "track" (roadmap id -> track id) and "goal" (roadmap id -> track id ->
    YYYY-MM-DD); both empty when there is no file yet."""
    import json

    from roadmap_cli import fsutil
    from roadmap_cli.fileformat import no_duplicate_keys

    try:
        raw = fsutil.read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        return {"track": {}, "goal": {}}
    except fsutil.NotRegular:
        raise DataError(f"{path}: settings file is not a regular file") from None
    except fsutil.TooLarge:
        raise DataError(f"{path}: settings file is over {MAX_BYTES:,} bytes; delete it") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read settings: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw, object_pairs_hook=no_duplicate_keys)
    except (ValueError, RecursionError):
        raise DataError(f"{path}: settings file is not valid JSON; fix or delete it") from None
    if isinstance(doc, dict):
        doc.setdefault("goal", {})  # written before goals were kept
    tracks = doc.get("track") if isinstance(doc, dict) else None
    goals = doc.get("goal") if isinstance(doc, dict) else None
    if (
        not isinstance(doc, dict)
        or doc.keys() != {"schema_version", "track", "goal"}
        or doc["schema_version"] != SCHEMA_VERSION
        or not isinstance(tracks, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in tracks.items())
        or not isinstance(goals, dict)
        or not all(
            isinstance(per_track, dict)
            and all(isinstance(t, str) and _is_day(d) for t, d in per_track.items())
            for per_track in goals.values()
        )
    ):
        raise DataError(f"{path}: settings file has an unknown shape; fix or delete it")
    return doc


def write(path: Path, roadmap_id: str, track_id: str | None) -> None:
    """Remember `track_id` for the roadmap (None forgets it). A broken file is replaced."""
    doc = _read_or_start(path)
    if track_id is None:
        doc["track"].pop(roadmap_id, None)
    else:
        doc["track"][roadmap_id] = track_id
    _write(path, doc)


def write_goal(path: Path, roadmap_id: str, track_id: str, day: date | None) -> None:
    """Keep `day` as the track's goal (None drops it). A broken file is replaced."""
    doc = _read_or_start(path)
    goals = doc["goal"].setdefault(roadmap_id, {})
    if day is None:
        goals.pop(track_id, None)
        if not goals:
            del doc["goal"][roadmap_id]
    else:
        goals[track_id] = day.isoformat()
    _write(path, doc)


def _read_or_start(path: Path) -> dict[str, Any]:
    try:
        return _read(path)
    except DataError:
        return {"track": {}, "goal": {}}  # only preferences: `use` and `goal` start them again


def _write(path: Path, doc: dict[str, Any]) -> None:
    import json

    from roadmap_cli.fsutil import atomic_write

    kept: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "track": doc["track"]}
    if doc["goal"]:  # only once there is one: files without goals read as they always did
        kept["goal"] = doc["goal"]
    try:
        atomic_write(path, (json.dumps(kept, indent=2, sort_keys=True) + "\n").encode())
    except OSError as exc:
        raise StoreError(f"{path}: cannot save settings: {exc.strerror or exc}") from None
