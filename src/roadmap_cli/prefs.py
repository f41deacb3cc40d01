"""The learner's choices, kept beside the progress file: the track in use for each roadmap.

`settings.json` is small and written by `roadmap use`; like every file read here it is checked
whole: a file that is not a regular file, too large, not JSON, with a key twice, or of
another shape is reported in one line and never half-read.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_cli.errors import DataError, StoreError

SETTINGS_FILE = "settings.json"
MAX_BYTES = 64 * 1024
SCHEMA_VERSION = 1


def settings_path() -> Path:
    from roadmap_cli import paths

    return paths.data_dir() / SETTINGS_FILE


def chosen_track(roadmap_id: str, path: Path | None = None) -> str | None:
    """The track `roadmap use` chose for this roadmap; None when none was chosen."""
    return read(path or settings_path()).get(roadmap_id)


def read(path: Path) -> dict[str, str]:
    """Roadmap id -> track id, as `write` keeps them; empty when there is no file yet."""
    import json

    from roadmap_cli import fsutil
    from roadmap_cli.fileformat import no_duplicate_keys

    try:
        raw = fsutil.read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        return {}
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
    tracks = doc.get("track") if isinstance(doc, dict) else None
    if (
        not isinstance(doc, dict)
        or doc.keys() != {"schema_version", "track"}
        or doc["schema_version"] != SCHEMA_VERSION
        or not isinstance(tracks, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in tracks.items())
    ):
        raise DataError(f"{path}: settings file has an unknown shape; fix or delete it")
    return tracks


def write(path: Path, roadmap_id: str, track_id: str | None) -> None:
    """Remember `track_id` for the roadmap (None forgets it). A broken file is replaced."""
    import json

    from roadmap_cli.fsutil import atomic_write

    try:
        tracks = read(path)
    except DataError:
        tracks = {}  # only a preference: `use` starts it again
    if track_id is None:
        tracks.pop(roadmap_id, None)
    else:
        tracks[roadmap_id] = track_id
    doc = {"schema_version": SCHEMA_VERSION, "track": tracks}
    try:
        atomic_write(path, (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode())
    except OSError as exc:
        raise StoreError(f"{path}: cannot save settings: {exc.strerror or exc}") from None
