"""Where `roadmap` keeps its files. Resolved at call time, never at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "roadmap"
PROGRESS_FILE = "progress.json"


def data_dir() -> Path:
    """The folder holding the progress file: `$ROADMAP_HOME`, else the platform's user data dir."""
    home = os.environ.get("ROADMAP_HOME")
    if home:
        return _home(home)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The folder for caches: inside `$ROADMAP_HOME` when set, else the platform's cache dir."""
    home = os.environ.get("ROADMAP_HOME")
    if home:
        return _home(home) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def _home(value: str) -> Path:
    """`$ROADMAP_HOME` as a folder: missing (made on the first write) or a folder, else an
    error that says what is wrong instead of the "File exists" of the first write."""
    import stat

    from roadmap_cli.errors import DataError, printable

    folder = Path(value).expanduser()
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        return folder
    except NotADirectoryError:
        raise DataError(
            f"ROADMAP_HOME {printable(value)} is inside a file, not a folder; set it to a folder"
        ) from None
    except OSError:
        return folder  # e.g. no permission: the read or write that follows says so
    if not stat.S_ISDIR(mode):
        raise DataError(
            f"ROADMAP_HOME {printable(value)} is a file, not a folder; set it to a folder"
        )
    return folder


def progress_path() -> Path:
    return data_dir() / PROGRESS_FILE


def bundled_roadmap_path() -> Path:
    """The roadmap shipped with the program.

    An installed wheel carries it as package data, beside this module; a source checkout
    (editable install, tests) has it in `data/` at the top of the repository. Other ways of
    installing a package (a zip file) are asked through importlib.resources.
    """
    here = Path(__file__).resolve().parent
    for found in (here / "data" / "roadmap.yaml", here.parents[1] / "data" / "roadmap.yaml"):
        if found.is_file():
            return found
    from importlib.resources import files

    return Path(str(files("roadmap_cli") / "data" / "roadmap.yaml"))
