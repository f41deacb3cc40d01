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
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The folder for caches: inside `$ROADMAP_HOME` when set, else the platform's cache dir."""
    home = os.environ.get("ROADMAP_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


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
