"""Templates for the HTML page and the SVG card: files under `templates/`, every value escaped.

`fill(name, **values)` fills a `string.Template` file. Each value is escaped for HTML and
XML (text and attributes alike) unless it is `Safe`: markup that `fill` itself made. So a
value from a roadmap or a progress file can only ever be text, and a link is put in only
through `url`, which lets through http(s) and mailto links alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from string import Template

# What XML 1.0 forbids (and HTML shows as garbage): C0 controls but tab and newline, DEL and
# the C1 controls, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINK_SCHEMES = ("http", "https", "mailto")


class Safe(str):
    """Markup made by `fill` (or `join` of such): put into a template as it is."""


def text(value: object) -> str:
    """Text (or an attribute's value) for HTML and XML: markup characters and quotes escaped."""
    return html.escape(_NOT_TEXT.sub("", str(value)), quote=True)


_PART = re.compile(r"^<!-- part: ([a-z-]+) -->\n", re.MULTILINE)


@cache
def _parts(file: str) -> dict[str, Template]:
    """A file of named parts, each opened by a line `<!-- part: NAME -->`."""
    from importlib.resources import files

    source = files("roadmap_cli").joinpath("templates", file).read_text(encoding="utf-8")
    pieces = _PART.split(source)  # [text before the first part, name, body, name, body, ...]
    if len(pieces) == 1:
        return {"": Template(source)}
    return {
        name: Template(body.rstrip("\n"))
        for name, body in zip(pieces[1::2], pieces[2::2], strict=True)
    }


def template(name: str) -> Template:
    """The template `FILE` (a whole file) or `FILE#PART` (one part of a file of parts)."""
    file, _, part = name.partition("#")
    return _parts(file)[part]


def fill(name: str, /, **values: object) -> Safe:
    """The template `name` with every `$value` escaped but `Safe` ones; all must be given."""
    escaped = {k: v if isinstance(v, Safe) else text(v) for k, v in values.items()}
    return Safe(template(name).substitute(escaped))


def join(parts: Iterable[Safe], sep: str = "\n") -> Safe:
    return Safe(sep.join(parts))


def url(link: str) -> str | None:
    """The link, if it is an http(s) URL with a host or a mailto address; else None.

    Anything else (`javascript:`, `data:`, a relative path, a link with spaces or controls
    that a browser would quietly drop) is never emitted.
    """
    from urllib.parse import urlsplit

    link = link.strip()
    if not link or not link.isprintable() or any(ch.isspace() for ch in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() == "mailto":
        return link if parts.path else None
    return link if parts.netloc and parts.hostname else None
