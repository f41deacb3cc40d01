"""Safe, bounded YAML reading: one pass over the event stream, building plain data.

No aliases, a depth and a node limit, the safe loader's types only, a key given twice
refused, no control characters in any text; the line of a node found again only when an
error needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from roadmap_cli.errors import DataError, shown

Loc = tuple[str | int, ...]

MAX_DEPTH = 32
# Nodes (scalars, lists, mappings) in one file: a 50,000-skill roadmap needs about 310,000.
# Without a bound, 16 MiB of `[1,1,1,...]` is 8 million nodes: seconds and gigabytes to refuse.
MAX_NODES = 500_000
# Plain scalars that are not text (YAML 1.1, as PyYAML's safe loader reads them).
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
}
MAX_DIGITS = 100  # in a whole number: 10**100 is more than any roadmap counts
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_PLAIN_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
Lines = Callable[[Loc], "int | None"]


def parse_yaml(text: str, path: Path) -> tuple[Any, Lines]:
    """Parse YAML safely in one pass over its events; return the data and a way to its lines.

    The line of a node is found again from the text when asked for: only an invalid roadmap
    needs one, and recording the line of every node while loading costs more than loading.

    Refused, each with its line: aliases (a few hundred bytes can expand into millions of
    nodes), nesting past `MAX_DEPTH` (libyaml recurses per level), more than `MAX_NODES`
    nodes, a key given twice in a mapping, terminal controls in any text, tags other than
    the plain YAML types, and values Python cannot hold (a 5,000-digit number).
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        data = _build(text, path, loader)
    finally:
        loader.dispose()
    return data, lambda loc: _line_of(text, loader_cls, loc, data)


def _build(text: str, path: Path, loader: Any) -> Any:
    """The data of the single document in `text`, built from the parser's events.

    The hot loop of loading: a scalar in a list, the commonest node, costs one call.
    """
    import yaml

    ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
    MappingStart, SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
    MappingEnd, SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
    DocumentStart, StreamEnd = yaml.DocumentStartEvent, yaml.StreamEndEvent
    scalar = _scalar_maker(path, loader)
    get_event = loader.get_event

    # Open collections, each [the list or dict, the mapping's pending key or _NO_KEY, the
    # key's event]; `append` is the innermost list's, None when it is a mapping.
    stack: list[list[Any]] = []
    top: list[Any] | None = None
    append: Any = None
    root: Any = _NO_KEY
    nodes = 0
    documents = 0
    event = None  # the last event, to explain a parser error

    def add(value: Any, event: Any) -> None:
        nonlocal root
        if top is None:
            root = value
        elif top[1] is _NO_KEY:
            _claim_key(top[0], value, event, path)
            top[1], top[2] = value, event
        else:
            top[0][top[1]] = value
            top[1] = _NO_KEY

    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                nodes += 1
                if append is not None:
                    append(scalar(event))
                else:
                    add(scalar(event), event)
                if nodes > MAX_NODES:
                    raise _at(path, event, f"more than {MAX_NODES:,} values in one roadmap")
            elif kind is MappingStart or kind is SequenceStart:
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise _at(path, event, f"nested more than {MAX_DEPTH} levels deep")
                if event.tag not in _PLAIN_TAGS:
                    raise _at(path, event, f"invalid YAML: the tag {event.tag} is not allowed")
                if append is None and top is not None and top[1] is _NO_KEY:
                    raise _at(path, event, "a key must be plain text, not a list or mapping")
                value: Any = {} if kind is MappingStart else []
                if append is not None:
                    append(value)
                else:
                    add(value, event)
                top = [value, _NO_KEY, None]
                stack.append(top)
                append = value.append if kind is SequenceStart else None
            elif kind is MappingEnd or kind is SequenceEnd:
                stack.pop()
                top = stack[-1] if stack else None
                append = top[0].append if top is not None and type(top[0]) is list else None
            elif kind is AliasEvent:
                raise _at(path, event, "YAML aliases are not allowed in a roadmap")
            elif kind is DocumentStart:
                documents += 1
                if documents > 1:
                    raise _at(path, event, "more than one YAML document in the file")
            elif kind is StreamEnd:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # A parser that looks ahead may stop at its own nesting limit before we see level 33.
        last = event.end_mark.index if event is not None else 0
        window = text[last : mark.index] if mark else ""
        if len(stack) + window.count("[") + window.count("{") > MAX_DEPTH:
            line = mark.line + 1 if mark else 1
            raise DataError(f"{path}:{line}: nested more than {MAX_DEPTH} levels deep") from None
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise DataError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: invalid YAML: {exc}") from None
    if root is _NO_KEY:
        raise DataError(f"{path}: roadmap file is empty")
    return root


_NO_KEY: Any = object()


def _at(path: Path, event: Any, message: str) -> DataError:
    return DataError(f"{path}:{event.start_mark.line + 1}: {message}")


def _claim_key(mapping: dict[Any, Any], key: Any, event: Any, path: Path) -> None:
    try:
        given = key in mapping
    except TypeError:  # not hashable: cannot happen for a scalar, but a constructor may differ
        raise _at(path, event, "a key must be plain text") from None
    if given:
        raise _at(path, event, f"key {shown(str(event.value))} given twice")


def _scalar_maker(path: Path, loader: Any) -> Any:
    """A function from a scalar event to its value, as the safe loader would construct it."""
    import re

    import yaml

    from roadmap_cli.texts import CONTROLS

    resolve, constructors = loader.resolve, loader.yaml_constructors
    implicit_firsts = frozenset(loader.yaml_implicit_resolvers)
    find_controls = re.compile(CONTROLS).search
    ScalarNode = yaml.ScalarNode

    def scalar(event: Any) -> Any:
        value = event.value
        if not value.isprintable():  # no control can hide in printable text
            found = find_controls(value)
            if found is not None:
                raise _at(path, event, f"control character U+{ord(found.group()):04X} in the text")
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0] or (value[:1] not in implicit_firsts):
                return value  # quoted, or cannot be anything but text
            word = _WORDS.get(value, _NO_KEY)
            if word is not _NO_KEY:
                return word
            if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
                if len(value) > MAX_DIGITS:
                    raise _at(path, event, "a number too long")
                return int(value)  # a plain whole number, as the resolver would find
            tag = resolve(ScalarNode, value, event.implicit)
            if tag == _STR:
                return value
        elif tag == _STR:
            return value
        if tag == "tag:yaml.org,2002:merge":
            raise _at(path, event, "YAML merge keys are not allowed in a roadmap")
        if tag == "tag:yaml.org,2002:value":
            return value
        constructor = constructors.get(tag)
        if constructor is None or tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise _at(path, event, f"invalid YAML: the tag {shown(tag)} is not allowed")
        if tag == _INT and len(value) > MAX_DIGITS:  # whatever Python's own limit is set to
            raise _at(path, event, "a number too long")
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(loader, node)
        except ValueError:
            if tag == _INT:
                raise _at(path, event, "a number too long") from None
            raise _at(path, event, f"unusable value {shown(value, 30)}") from None
        except (yaml.YAMLError, TypeError, OverflowError, AttributeError):
            # PyYAML's own constructors fail in their own ways (a `!!timestamp 2020-99-99`
            # that its pattern does not match ends in an AttributeError)
            raise _at(path, event, f"unusable value {shown(value, 30)}") from None

    return scalar


def _line_of(text: str, loader_cls: Any, loc: Loc, data: Any) -> int | None:
    """The line of the deepest node of `data` on the path `loc`, found again from the text.

    Read up to that node only, skipping every subtree off the path: an error costs about
    what loading did, never more.
    """
    import yaml

    target: Loc = ()
    node = data
    for key in loc:  # a missing field is reported at the mapping that lacks it
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        ):
            node = node[key]
            target = (*target, key)
        else:
            break
    Scalar = yaml.ScalarEvent
    starts = (Scalar, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    loader = loader_cls(text)
    scalar = _scalar_maker(Path("-"), loader)
    stack: list[list[Any]] = []  # open collections on the path: [path, mapping?, index or key]
    skip = 0  # how deep inside a collection off the path
    try:
        for event in yaml.parse(text, Loader=loader_cls):
            kind = type(event)
            if skip:
                skip += 1 if kind in starts and kind is not Scalar else -(kind in ends)
                continue
            if kind in starts:
                here: Loc = ()
                if stack:
                    top = stack[-1]
                    if not top[1]:
                        here, top[2] = (*top[0], top[2]), top[2] + 1
                    elif top[2] is _NO_KEY:  # a key: text, checked while loading
                        top[2] = scalar(event) if kind is Scalar else None
                        continue
                    else:
                        here, top[2] = (*top[0], top[2]), _NO_KEY
                if here == target:
                    return event.start_mark.line + 1
                if kind is not Scalar:
                    if target[: len(here)] == here:
                        mapping = kind is yaml.MappingStartEvent
                        stack.append([here, mapping, _NO_KEY if mapping else 0])
                    else:
                        skip = 1
            elif kind in ends:
                stack.pop()
    finally:
        loader.dispose()
    return None
