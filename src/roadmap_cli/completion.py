"""Tab completion's words: what each completion offers (one implementation for both routes),
and the word list the full route keeps for the fast route (`fastcomplete`).

The word list holds, for every track of a roadmap, what the callbacks in `options` offer, and
the grammar of the command line, taken from the Typer app itself. The full route writes it to
the cache folder whenever it completes and finds none that is valid. It is data (JSON), keyed by
all the answer depends on: the roadmap file (real path, identity, stat and digest), the
settings file (the track chosen with `roadmap use`) and the program (version, modules).
Completion never reads progress, so the progress file is not part of the key. A list that is
missing, stale, damaged or of another shape is a miss: the full route answers and writes it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from roadmap_cli.models import Roadmap, Track

FORMAT = 1
# No more of a file is read to key a list: above the limits of a roadmap (catalog) and of the
# settings file (prefs), which never load, so never get a list, when larger.
MAX_KEYED_BYTES = 16 * 1024 * 1024
KINDS = ("skill", "phase", "track", "target")

Pair = tuple[str, str]  # (value offered, its help text)

# --- What each completion offers: the one implementation both routes call.


def skill_forms(track: Track) -> list[tuple[str, list[str]]]:
    """Each skill's name, and the forms it is offered as: its id, its aliases and its name
    kebab-cased (the shell keeps only candidates that start with the word typed)."""
    from roadmap_cli.names import normalize

    return [
        (s.name, [s.id, *(normalize(a) for a in s.aliases), normalize(s.name)])
        for s in track.skills
    ]


def skill_offers(skills: list[tuple[str, list[str]]], incomplete: str) -> list[Pair]:
    """(form, name) for each skill with a form that starts with what was typed: the first."""
    typed = incomplete.casefold()
    offers = []
    for name, forms in skills:
        match = next((form for form in forms if form.startswith(typed)), None)
        if match is not None:
            offers.append((match, name))
    return offers


def id_offers(pairs: list[Pair], incomplete: str) -> list[Pair]:
    """(id, title) for each id that starts with what was typed."""
    typed = incomplete.casefold()
    return [(ident, text) for ident, text in pairs if ident.startswith(typed)]


def offers(kind: str, words: dict[str, Any], track_id: str, incomplete: str) -> list[Pair]:
    """What a completion of `kind` offers from a word list, on the track `track_id`."""
    tracks = [(t, title) for t, title in words["tracks"]]
    phases = [(p, label) for p, label in words["phases"][track_id]]
    skills = _skill_lines(words["skills"][track_id], incomplete.casefold())
    if kind == "skill":
        return skill_offers(skills, incomplete)
    if kind == "phase":
        return id_offers(phases, incomplete)
    if kind == "track":
        return id_offers(tracks, incomplete)
    return (
        id_offers(tracks, incomplete)
        + id_offers(phases, incomplete)
        + skill_offers(skills, incomplete)
    )


def words_of(roadmap: Roadmap) -> dict[str, Any]:
    """The word list of every track of `roadmap`. A track's skills are one text, a line each
    (name, then forms, tab-separated): ten thousand skills read and check in a millisecond."""
    skills = {}
    for track in roadmap.tracks:
        fields = [[name, *forms] for name, forms in skill_forms(track)]
        if any("\t" in text or "\n" in text for row in fields for text in row):
            raise ValueError("a name the list cannot hold")  # a roadmap refuses them anyway
        skills[track.id] = "\n".join("\t".join(row) for row in fields)
    return {
        "tracks": [[t.id, t.title] for t in roadmap.tracks],
        "phases": {t.id: [[p.id, p.label] for p in t.phases] for t in roadmap.tracks},
        "skills": skills,
    }


def _skill_lines(text: str, typed: str) -> list[tuple[str, list[str]]]:
    """The skills of a word list's track that can match `typed`, in order: each with a form
    that starts with it (so with a tab and `typed` in its line), and maybe a few more."""
    lines = text.split("\n") if text else []
    if typed:
        lines = [line for line in lines if "\t" + typed in line]
    return [(name, forms) for name, *forms in (line.split("\t") for line in lines)]


# --- The key: what a word list depends on.


def key(roadmap_file: str | None) -> list[Any] | None:
    """The key of the word list for this roadmap file (None: the bundled one), or None when
    it cannot be known (a file that cannot be read, a folder that cannot be resolved)."""
    from roadmap_cli import __version__, paths, prefs
    from roadmap_cli.errors import RoadmapError

    try:
        source = roadmap_file or str(paths.bundled_roadmap_path())
        return [
            FORMAT,
            __version__,
            _code(),
            _stamp(source),
            _stamp(str(prefs.settings_path()), missing_ok=True),
        ]
    except (OSError, RoadmapError):
        return None


def _stamp(path: str, missing_ok: bool = False) -> list[Any]:
    """A file's real path, identity, size, times and digest (its path alone if missing)."""
    from pathlib import Path

    from roadmap_cli.fsutil import read_regular_file

    file = Path(path)
    try:
        data = read_regular_file(file, MAX_KEYED_BYTES)
    except FileNotFoundError:
        if missing_ok:
            return [path]
        raise
    st = file.stat()
    times = [st.st_mtime_ns, st.st_ctime_ns]
    return [str(file.resolve()), st.st_dev, st.st_ino, st.st_size, *times, _digest(data)]


def _code() -> list[list[Any]]:
    """The program's modules, by size and time: an edited checkout is another program."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    found = []
    for folder in ("", "commands"):
        with os.scandir(here / folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append([f"{folder}/{entry.name}", st.st_size, st.st_mtime_ns])
    return sorted(found)


def _digest(data: bytes) -> str:
    try:  # hashlib's own BLAKE2, without loading OpenSSL (a few milliseconds) for hashlib
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b

    return blake2b(data, digest_size=16).hexdigest()


def entry_path(folder: Path, key: list[Any]) -> Path:
    """`complete-<roadmap tag>-<key>.json`: each roadmap file keeps its own list."""
    import json

    tag = _digest(key[3][0].encode())[:12]
    return folder / f"complete-{tag}-{_digest(json.dumps(key).encode())}.json"


# --- The list on disk: read (and checked whole), kept by the full route.


def load(key: list[Any]) -> dict[str, Any] | None:
    """The word list for `key`, if one is in the cache folder, whole and for this key."""
    from roadmap_cli import cache, paths

    return cache.load(entry_path(paths.cache_dir(), key), lambda raw: _checked(raw, key))


def _checked(raw: bytes, key: list[Any]) -> dict[str, Any]:
    """The list in `raw`, or ValueError if it is not one this module wrote for `key`."""
    import json

    doc = json.loads(raw)
    fields = {"key", "grammar", "tracks", "phases", "skills", "default"}
    _require(isinstance(doc, dict) and doc.keys() == fields and doc["key"] == key)
    grammar = doc["grammar"]
    _require(isinstance(grammar, dict) and grammar.keys() == {"root", "commands"})
    _require(isinstance(grammar["commands"], dict))
    for level in [grammar["root"], *grammar["commands"].values()]:
        _require(isinstance(level, dict) and level.keys() == {"options", "arguments"})
        options, arguments = level["options"], level["arguments"]
        _require(isinstance(options, dict) and isinstance(arguments, list))
        for spec in options.values():
            _require(isinstance(spec, list) and len(spec) == 3 and _text(spec[0]))
            _require(isinstance(spec[1], bool) and spec[2] in (None, *KINDS))
        for spec in arguments:
            _require(isinstance(spec, list) and len(spec) == 3 and _text(spec[0]))
            _require(spec[1] in (1, -1) and spec[2] in (None, *KINDS))
    tracks = doc["tracks"]
    _require(isinstance(tracks, list) and all(_pair(t) for t in tracks))
    ids = [t[0] for t in tracks]
    _require(doc["default"] is None or doc["default"] in ids)
    phases, skills = doc["phases"], doc["skills"]
    _require(isinstance(phases, dict) and isinstance(skills, dict))
    _require(sorted(phases) == sorted(skills) == sorted(ids))
    for track_id in ids:
        _require(isinstance(phases[track_id], list) and all(map(_pair, phases[track_id])))
        text = skills[track_id]
        _require(isinstance(text, str) and _text(text.replace("\t", " ").replace("\n", " ")))
        _require(not text or all("\t" in line for line in text.split("\n")))
    return doc


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("not a word list of this key")


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.isprintable()


def _pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and _text(value[0]) and _text(value[1])


def keep(
    wanted: list[Any] | None,
    roadmap_file: str | None,
    roadmap: Roadmap,
    group: Any,
    callbacks: dict[str, Callable[..., Any]],
) -> None:
    """Write the word list of `roadmap` (read from `roadmap_file` when its key was `wanted`) for
    the fast route, unless a valid one is there. `group` is the Click group of the Typer app,
    `callbacks` the completion function of each kind. Never fails: it is only a cache."""
    if wanted is None:
        return
    try:
        from roadmap_cli import cache, catalog, paths, prefs
        from roadmap_cli.errors import RoadmapError

        path = entry_path(paths.cache_dir(), wanted)
        if load(wanted) is not None:
            return
        try:  # the track a completion uses when none is named (as `options` chooses it)
            default = catalog.select_track(roadmap, prefs.chosen_track(roadmap.id)).id
        except RoadmapError:
            default = None  # the full route offers nothing; the fast route leaves it to it
        doc = {
            "key": wanted,
            "grammar": grammar(group, callbacks),
            **words_of(roadmap),
            "default": default,
        }
        data = _encode(doc)
        _checked(data, wanted)  # what the fast route would refuse is not written
        if key(roadmap_file) != wanted:
            return  # a file changed while it was read: this list may be of neither version
        cache.store(path, data)
    except Exception:  # a cache that cannot be written never stops the completion itself
        return


def _encode(doc: dict[str, Any]) -> bytes:
    import json

    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def grammar(group: Any, callbacks: dict[str, Callable[..., Any]]) -> dict[str, Any]:
    """The command line as the Typer app parses it: for the root and each command, its plain
    options (name -> [parameter, takes a value, completion kind]) and its arguments
    ([parameter, nargs, completion kind]). Options that run code as they are parsed (`--help`,
    `--version`, `--install-completion`) are left out, so the fast route never sees them."""

    def level(command: Any) -> dict[str, Any] | None:
        options: dict[str, list[Any]] = {}
        arguments: list[list[Any]] = []
        for param in command.params:
            kind = _kind(param, callbacks)
            plain = param.callback is None and not param.is_eager
            if param.param_type_name == "argument":
                if not plain or param.nargs not in (1, -1):
                    return None  # a command the fast route does not parse: left out
                arguments.append([param.name, param.nargs, kind])
            elif plain and param.nargs == 1 and not getattr(param, "count", False):
                for name in param.opts:
                    options[name] = [param.name, not param.is_flag, kind]
                for name in param.secondary_opts:
                    options[name] = [param.name, False, None]
        return {"options": options, "arguments": arguments}

    root = level(group) or {"options": {}, "arguments": []}
    commands = {}
    for name, command in getattr(group, "commands", {}).items():
        found = None if hasattr(command, "commands") else level(command)  # not a nested group
        if found is not None:
            commands[name] = found
    return {"root": root, "commands": commands}


def _kind(param: Any, callbacks: dict[str, Callable[..., Any]]) -> str | None:
    """Which of our completion callbacks Typer wrapped for this parameter, if any."""
    wrapper = getattr(param, "_custom_shell_complete", None)
    for cell in getattr(wrapper, "__closure__", None) or ():
        try:
            content = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        while content is not None:  # Typer wraps the function it is given (functools.wraps)
            for kind, function in callbacks.items():
                if content is function:
                    return kind
            content = getattr(content, "__wrapped__", None)
    return None
