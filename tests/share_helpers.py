"""Helpers for the tests of the HTML page and the SVG card: a progress with a history, and a
real browser (headless Chromium) that draws them, with a PNG reader to look at what it drew."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from roadmap_cli import catalog, changes
from roadmap_cli.models import Track
from roadmap_cli.records import Link, Progress

# The bundled roadmap, the day the pages are drawn for, and the small test roadmap.
ROADMAP = catalog.load_roadmap(None)
TRACK = ROADMAP.default_track
TODAY = date(2026, 11, 30)
SMALL = Path(__file__).parent / "data" / "small.yaml"

HOSTILE_NOTE = "<script>alert(1)</script> & \"quotes\" 'too' \x01"
BAD_LINKS = [
    "javascript:alert(1)",
    " JavaScript:alert(2)",
    "java\tscript:alert(3)",
    "javascript://example.com/%0Aalert(4)",
    "data:x",
]
GOOD_LINK = "https://github.com/me/notebook?a=1&b=<2>"


def at(day: date, hour: int = 12) -> datetime:
    """Noon of a local day, as an aware time (the history's days are local days)."""
    return datetime.combine(day, time(hour)).astimezone().astimezone(timezone.utc)


def progress_with_history(track: Track, roadmap_id: str, today: date, weeks: int = 12) -> Progress:
    """Skills started and finished over the last weeks, some days busier than others, the
    first skill with a hostile note and links of every kind, one skill skipped."""
    progress = Progress()
    ids = list(track.ordered_skill_ids)
    rng = 0
    day = today - timedelta(weeks=weeks)
    finished = 0
    while day <= today and finished < len(ids) * 2 // 3:
        rng = (rng * 1103515245 + 12345) % 2**31  # the same history every run
        if rng % 7 < 4:  # active on about four days in seven
            batch = ids[finished : finished + 1 + rng % 3]
            changes.apply(progress, roadmap_id, track.id, batch, "start", at(day, 9))
            if rng % 5:
                changes.apply(progress, roadmap_id, track.id, batch, "done", at(day, 18))
                finished += len(batch)
        day += timedelta(days=1)
    rest = [sid for sid in ids if progress.record(roadmap_id, sid).status == "todo"]
    if rest:
        changes.apply(progress, roadmap_id, track.id, rest[-1:], "skip", at(today - timedelta(1)))
    changes.apply(
        progress,
        roadmap_id,
        track.id,
        ids[:1],
        "note",
        at(today),
        changes.Details(note=HOSTILE_NOTE, links=[GOOD_LINK]),
    )
    # Links the models refuse (every source is checked: see test_hostile_progress), put in
    # as if they had slipped through: the page must still never emit them.
    record = progress.record(roadmap_id, ids[0])
    for url in [*BAD_LINKS, "mailto:me@example.com"]:
        record.links.append(Link.model_construct(url=url, added=at(today)))
    return progress


# --- a real browser --------------------------------------------------------------------------


def chromium(search: str | None = None) -> str:
    """The browser's path; skip (or, where CI asks for the browser, fail) when there is none.

    `search`: the folders to look in (default: PATH, then /usr/bin)."""
    found = shutil.which("chromium", path=search) or shutil.which("chromium-browser", path=search)
    if found is None and search is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        reason = "chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("ROADMAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ROADMAP_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return found


def screenshot(
    page: Path, png: Path, size: tuple[int, int], scheme: str = "light", profile: Path | None = None
) -> str:
    """Draw `page` in headless Chromium to `png`; the browser's log (stderr) is returned.

    The browser's profile goes to `profile` (default: beside the picture)."""
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        *(["--force-dark-mode"] if scheme == "dark" else []),
        f"--user-data-dir={profile or png.parent / (png.stem + '-profile')}",
        f"--screenshot={png}",
        f"--window-size={size[0]},{size[1]}",
        "--enable-logging=stderr",
        "--v=0",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert png.exists(), done.stderr[-2000:]
    return done.stderr


def console_messages(log: str) -> list[str]:
    """The page's console lines (Chromium logs every one as CONSOLE): none is expected."""
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of an 8-bit RGB or RGBA PNG, unfiltered (RFC 2083)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytes(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [b"".join(row[i : i + 3] for i in range(0, stride, bpp)) for row in rows]


def pixel_variety(path: Path) -> tuple[int, float]:
    """How many distinct colours the picture has, and the share of pixels unlike its most
    common colour (the background): a blank page has one colour and a share of 0."""
    colours = colour_counts(path)
    return len(colours), 1 - colours.most_common(1)[0][1] / colours.total()


def background(path: Path) -> int:
    """The brightness (0-765: R+G+B) of the picture's most common colour."""
    return sum(colour_counts(path).most_common(1)[0][0])


def colour_counts(path: Path):
    from collections import Counter

    _, _, rows = read_png(path)
    return Counter(row[i : i + 3] for row in rows for i in range(0, len(row), 3))
