"""Find, load and validate roadmap YAML. The only module that reads YAML.

Roadmap files are data from outside, so loading is defensive: a size limit checked before
parsing, the safe loader only, and YAML aliases refused (an alias "bomb" of a few hundred bytes
expands into millions of nodes). Errors name the file, the line and the dotted field path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_cli.errors import DataError, NotFoundError

if TYPE_CHECKING:
    from roadmap_cli.models import Roadmap, Track

MAX_ROADMAP_BYTES = 2 * 1024 * 1024

Loc = tuple[str | int, ...]


def load_roadmap(path: Path | None = None, cache: bool = True) -> Roadmap:
    """Load and validate a roadmap file (the bundled one when `path` is None).

    The validated roadmap is cached as JSON, keyed by a hash of the file's bytes and of the
    program and library versions, so the everyday path parses no YAML. A cache hit is
    validated by the same models as the file (the cache folder may be shared), so an entry
    that is missing, stale, damaged or of the wrong shape is a miss, rebuilt without a word.
    """
    from roadmap_cli import cache as entries
    from roadmap_cli import models, paths

    path = path or paths.bundled_roadmap_path()
    raw = _read(path)
    # The entry is read by this module's classes: a change to it invalidates the entry.
    cached = entries.entry(paths.cache_dir(), "roadmap", path, raw, models) if cache else None
    roadmap = entries.load(cached, models.Roadmap.model_validate_json) if cached else None
    if roadmap is None:
        data, marks = parse_yaml(_decode(raw, path), path)
        roadmap = validate_roadmap(data, marks, path)
        if cached:
            entries.store(cached, roadmap.model_dump_json(exclude_defaults=True).encode())
    return roadmap


def select_track(roadmap: Roadmap, track_id: str | None) -> Track:
    if not track_id:
        return roadmap.default_track
    track = roadmap.track(track_id.strip().casefold())
    if track is None:
        from roadmap_cli.errors import shown

        known = ", ".join(t.id for t in roadmap.tracks)
        raise NotFoundError(f"unknown track {shown(track_id)} (tracks: {known})")
    return track


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ROADMAP_BYTES:
            raise DataError(
                f"{path}: roadmap file is {size:,} bytes, over the {MAX_ROADMAP_BYTES:,}-byte limit"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: roadmap file not found") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read roadmap file: {exc.strerror or exc}") from None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: roadmap file is not UTF-8 text ({exc.reason})") from None


def parse_yaml(text: str, path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML safely; return the data and the 1-based line of every node by its path."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        _check_events(text, path, loader_cls)
        root = loader.get_single_node()
        if root is None:
            raise DataError(f"{path}: roadmap file is empty")
        marks: dict[Loc, int] = {}
        _walk(root, (), marks)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise DataError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise DataError(f"{path}: YAML nested too deeply for a roadmap") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a 5,000-digit number
        raise DataError(f"{path}: unusable YAML value: {exc}") from None
    finally:
        loader.dispose()
    return data, marks


MAX_DEPTH = 32


def _check_events(text: str, path: Path, loader_cls: Any) -> None:
    """Refuse aliases and deep nesting from the event stream, before any tree is built.

    Composing follows aliases (a few hundred bytes can expand into millions of nodes) and
    recurses once per level (libyaml's composer crashes the process on deep nesting).
    """
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader_cls):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1
            raise DataError(f"{path}:{line}: YAML aliases are not allowed in a roadmap")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise DataError(f"{path}:{line}: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _walk(node: Any, loc: Loc, marks: dict[Loc, int]) -> None:
    """Record the line of every node by its path (`_check_events` ruled out aliases)."""
    import yaml

    marks[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(key, (*loc, "<key>"), marks)
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            _walk(value, (*loc, name), marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), marks)


def validate_roadmap(data: Any, marks: dict[Loc, int], path: Path) -> Roadmap:
    from pydantic import ValidationError

    from roadmap_cli.models import Roadmap

    try:
        return Roadmap.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        loc = tuple(first["loc"]) + tuple((first.get("ctx") or {}).get("at", ()))
        line = _line_for(loc, marks)
        where = f"{path}:{line}" if line else str(path)
        field = dotted(loc, data)
        message = first["msg"].removeprefix("Value error, ")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DataError(f"{where}: {field or 'roadmap'}: {message}{more}") from None


def _line_for(loc: Loc, marks: dict[Loc, int]) -> int | None:
    while True:
        if loc in marks:
            return marks[loc]
        if not loc:
            return None
        loc = loc[:-1]


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
