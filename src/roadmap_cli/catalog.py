"""Find, load and validate roadmap YAML. The only module that reads YAML.

Roadmap files are data from outside, so loading is defensive: regular files only, a size
limit on the bytes read, the safe loader's types only, and the work bounded (no aliases, a
depth and a node limit). Whatever reaches a terminal is checked: no control characters in any
text. Errors name the file, the line and the dotted field path, in our words.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_cli.errors import DataError, NotFoundError, shown
from roadmap_cli.yamlsafe import Lines, Loc, parse_yaml

if TYPE_CHECKING:
    from roadmap_cli.models import Roadmap, Track

# Room for a 50,000-skill roadmap in block style (about 3.2 MiB) with descriptions and
# resources; the work stays bounded by the YAML reader's node and depth limits (`yamlsafe`).
MAX_ROADMAP_BYTES = 16 * 1024 * 1024


def load_roadmap(path: Path | None = None, cache: bool = True) -> Roadmap:
    """Load and validate a roadmap file (the bundled one when `path` is None).

    The validated roadmap is cached as JSON, keyed by a hash of the file's bytes and of the
    program and library versions, so the everyday path parses no YAML. A cache hit is
    validated by the same models as the file (the cache folder may be shared), so an entry
    that is missing, stale, damaged or of the wrong shape is a miss, rebuilt without a word.
    """
    from roadmap_cli import cache as entries
    from roadmap_cli import models, paths, references

    path = path or paths.bundled_roadmap_path()
    raw = _read(path)
    # The entry is read by these modules' checks: a change to either invalidates the entry.
    cached = (
        entries.entry(paths.cache_dir(), "roadmap", path, raw, models, references)
        if cache
        else None
    )
    roadmap = entries.load(cached, models.Roadmap.model_validate_json) if cached else None
    if roadmap is None:
        data, lines = parse_yaml(_decode(raw, path), path)
        roadmap = validate_roadmap(data, lines, path)
        if cached:
            entries.store(cached, roadmap.model_dump_json(exclude_defaults=True).encode())
    if cache:  # the fast route's form of it (see `fastroute`)
        from roadmap_cli import plaincache, plaindata

        kinds = ("plain-roadmap", "plain-renames")  # one key: the same bytes, the same code
        plain, moves = plaincache.entries(paths.cache_dir(), kinds, path, raw)
        plaincache.keep(plain, lambda: plaindata.roadmap_data(roadmap))
        plaincache.keep(moves, lambda: plaindata.renames_data(renames(roadmap)))
    return roadmap


def select_track(roadmap: Roadmap, track_id: str | None) -> Track:
    if not track_id:
        return roadmap.default_track
    track = roadmap.track(track_id.strip().casefold())
    if track is None:
        known = ", ".join(t.id for t in roadmap.tracks)
        raise NotFoundError(f"unknown track {shown(track_id)} (tracks: {known})")
    return track


def _read(path: Path) -> bytes:
    """The file's bytes, refused past the limit by what is read (a device has no size), and
    unless it is a regular file: `/dev/zero` would never end, a FIFO may never start."""
    from roadmap_cli import fsutil

    limit = MAX_ROADMAP_BYTES
    try:
        return fsutil.read_regular_file(path, limit)
    except FileNotFoundError:
        raise DataError(f"{path}: roadmap file not found") from None
    except fsutil.NotRegular:
        raise DataError(f"{path}: not a regular file") from None
    except fsutil.TooLarge:
        raise DataError(f"{path}: roadmap file is over the {limit:,}-byte limit") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read roadmap file: {exc.strerror or exc}") from None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: roadmap file is not UTF-8 text ({exc.reason})") from None


class InvalidRoadmap(DataError):
    """A roadmap that does not validate: every problem found, each `file:line: key: message`.

    The message is the first problem (and how many more); `problems` holds them all, for
    `validate` to list.
    """

    def __init__(self, problems: list[str]) -> None:
        more = len(problems) - 1
        tail = f" (and {more} more: 'roadmap validate FILE' lists them)" if more else ""
        super().__init__(problems[0] + tail)
        self.problems = problems


def validate_roadmap(data: Any, lines: Lines, path: Path) -> Roadmap:
    from pydantic import ValidationError

    from roadmap_cli.models import Roadmap

    try:
        return Roadmap.model_validate(data)
    except ValidationError as exc:
        raise InvalidRoadmap(problems(exc.errors(include_url=False), data, lines, path)) from None


def problems(errors: list[Any], data: Any, lines: Lines, path: Path) -> list[str]:
    """Each error as `file:line: key: message`, in plain words; a check that found several
    problems (see `texts.invalid`) gives a line to each."""
    found: list[tuple[Loc, str]] = []
    for error in errors:
        ctx = error.get("ctx") or {}
        loc = _located(error["loc"])
        found.append((loc + tuple(ctx.get("at", ())), _message(error, loc)))
        found.extend((loc + tuple(at), message) for message, at in ctx.get("more", ()))
    out = []
    for loc, message in found:
        line = lines(loc)
        where = f"{path}:{line}" if line else str(path)
        out.append(f"{where}: {dotted(loc, data) or 'roadmap'}: {message}")
    return list(dict.fromkeys(out))


def _located(loc: Loc) -> Loc:
    """The error's place in the file: without the tags of a union's branches (`<choice>`)."""
    from roadmap_cli.models import CHOICE_TAG, SKILL_TAG

    return tuple(key for key in loc if key not in (SKILL_TAG, CHOICE_TAG))


# Pydantic's wording for the usual mistakes, in ours (its wording may change between versions).
_MESSAGES = {
    "missing": "required, but missing",
    "extra_forbidden": "unknown key",
    "string_too_short": "empty",
    "string_too_long": "too long",
    "too_short": "needs at least one item",
    "string_type": "should be text",
    "string_pattern_mismatch": "should be lowercase letters and digits joined by '-'",
    "list_type": "should be a list",
    "model_type": "should be a mapping of fields",
    "dict_type": "should be a mapping of fields",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
}


def _message(error: Any, loc: Loc) -> str:
    """One Pydantic error in plain words: ours for the usual mistakes, theirs otherwise."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        return _unknown_key(loc)
    if kind == "too_short" and ctx.get("min_length", 1) > 1:
        return f"needs at least {ctx['min_length']} items"
    if kind == "greater_than_equal":
        return f"should be at least {ctx.get('ge')}"
    if kind == "literal_error":
        return f"should be {ctx.get('expected')}"
    message = _MESSAGES.get(kind) or error["msg"].removeprefix("Value error, ")
    return message.removeprefix("Input ")


def _unknown_key(loc: Loc) -> str:
    """`unknown key 'x'`, with the nearest key the mapping may have."""
    import difflib

    from roadmap_cli import models

    parents = [key for key in loc[:-1] if isinstance(key, str)]
    parent = parents[-1] if parents else None
    model = {
        None: models.Roadmap,
        "tracks": models.Track,
        "phases": models.Phase,
        "skills": models.Choice if "phases" in parents else models.Skill,
        "sections": models.Section,
        "resources": models.Resource,
    }.get(parent)
    key = str(loc[-1])
    close = difflib.get_close_matches(key, list(model.model_fields), n=1) if model else []
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key {shown(key)}{hint}"


def dotted(loc: Loc, data: Any) -> str:
    """`('tracks', 0, 'phases', 3, 'title')` -> `tracks[aiml-genai].phases[deep-learning].title`."""
    parts: list[str] = []
    node = data
    for key in loc:
        item = None
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            item = node[key]
            ident = item.get("id") if isinstance(item, dict) else None
            label = ident if isinstance(ident, str) and ident else str(key)
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            parts.append(str(key))
            if isinstance(node, dict):
                item = node.get(key)
        node = item
    return ".".join(parts)


def renames(roadmap: Roadmap) -> dict[str, dict[str, dict[str, str]]]:
    """Each track's old ids and the skills that `replace` them, for an old file's migration
    (see `fileformat.migrate`)."""
    return {roadmap.id: {t.id: {old: new for new, old in t.renames} for t in roadmap.tracks}}
