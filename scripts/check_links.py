"""Check every URL of a roadmap file over the network; exit 1 when any link is dead.

    python scripts/check_links.py data/roadmap.yaml [--timeout 10] [--workers 8]

The file is read with the program's own loader (size limit, safe YAML, no aliases, the same
validation as `roadmap validate`). Each http(s) URL is asked with HEAD first; a server that
refuses HEAD (403, 405, 501, or a dropped connection) is asked again with GET. Redirects are
followed and the final address reported. A link is dead when it ends in an HTTP error status
or cannot be reached. Standard library only; CI does not run this (it has no network).
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from roadmap_cli.models import Resource, Roadmap

USER_AGENT = "roadmap-tracker-check-links/1 (link checker: HEAD, then GET if refused)"
HEAD_REFUSED = frozenset({403, 405, 501})
GET_BYTES = 1024  # enough to know the page answers; the body is not needed


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # the last HTTP status, None when no answer came
    final_url: str | None  # where redirects ended, when elsewhere
    error: str | None
    method: str = "HEAD"
    dropped: bool = False  # the connection closed without an answer

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow a redirect with the same method: urllib turns a redirected HEAD into a GET."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_KeepMethod())


def _ask(url: str, method: str, timeout: float) -> Result:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(GET_BYTES)
            final = response.geturl()
            return Result(url, response.status, final if final != url else None, None, method)
    except urllib.error.HTTPError as exc:
        final = exc.geturl()
        reason = exc.reason if isinstance(exc.reason, str) else str(exc.reason)
        return Result(url, exc.code, final if final != url else None, reason, method)
    except urllib.error.URLError as exc:
        dropped = isinstance(exc.reason, ConnectionResetError)
        return Result(url, None, None, _describe(exc.reason), method, dropped)
    except (ConnectionResetError, HTTPException) as exc:  # a server that hangs up on HEAD
        return Result(url, None, None, _describe(exc), method, dropped=True)
    except (OSError, ValueError) as exc:  # timeouts, bad addresses
        return Result(url, None, None, _describe(exc), method)


def _describe(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    text = str(reason) or type(reason).__name__
    return text.splitlines()[0] if text else type(reason).__name__


def check(url: str, timeout: float = 10.0) -> Result:
    """HEAD, then GET when the server refuses HEAD or drops the connection."""
    result = _ask(url, "HEAD", timeout)
    if result.status in HEAD_REFUSED or result.dropped:
        return _ask(url, "GET", timeout)
    return result


def check_all(urls: Sequence[str], timeout: float = 10.0, workers: int = 8) -> list[Result]:
    """Check each URL, a few at a time; results in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda url: check(url, timeout), urls))


def roadmap_urls(roadmap: Roadmap) -> list[str]:
    """Every http(s) URL of the roadmap, once each, in file order (mailto: is not checked)."""

    def resources() -> Iterable[Resource]:
        for track in roadmap.tracks:
            for section in track.sections:
                yield from section.resources
            for skill in track.skills:
                yield from skill.resources
            for phase in track.phases:
                yield from phase.resources

    seen: dict[str, None] = {}
    for resource in resources():
        if resource.url and resource.url.startswith(("http://", "https://")):
            seen.setdefault(resource.url, None)
    return list(seen)


def table(results: Sequence[Result]) -> str:
    """One line per URL: status, URL, then where it redirected or what went wrong."""
    lines = [f"{'STATUS':<6}  {'METHOD':<6}  URL  [-> FINAL URL]  [ERROR]"]
    for r in results:
        status = str(r.status) if r.status is not None else "---"
        line = f"{status:<6}  {r.method:<6}  {r.url}"
        if r.final_url:
            line += f"  -> {r.final_url}"
        if r.error and r.dead:
            line += f"  ({r.error})"
        lines.append(line)
    dead = sum(r.dead for r in results)
    redirected = sum(bool(r.final_url) and not r.dead for r in results)
    lines.append(
        f"{len(results)} links: {len(results) - dead} ok ({redirected} redirected), {dead} dead"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roadmap", type=Path, help="the roadmap YAML file to check")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time")
    args = parser.parse_args(argv)

    from roadmap_cli.catalog import load_roadmap
    from roadmap_cli.errors import RoadmapError

    try:
        roadmap = load_roadmap(args.roadmap, cache=False)
    except RoadmapError as exc:
        print(f"check_links: error: {exc}", file=sys.stderr)
        return 2
    results = check_all(roadmap_urls(roadmap), args.timeout, args.workers)
    print(table(results))
    return 1 if any(r.dead for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
