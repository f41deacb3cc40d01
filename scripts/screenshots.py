"""Draw the README's reference screenshots (docs/report.png, docs/card.png) in headless Chromium.

A learner's half year on the bundled track, made up but the same every run; then
`roadmap export --format html/svg` of it, drawn as the browser test draws them.

    python scripts/screenshots.py        # needs chromium (apt-get install chromium)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from roadmap_cli import catalog, changes  # noqa: E402
from roadmap_cli.export import EXPORTERS  # noqa: E402
from roadmap_cli.models import Progress  # noqa: E402
from share_helpers import at, screenshot  # noqa: E402

TODAY = date(2026, 11, 30)
NOTES = {
    "python": "Finished the official tutorial; solved 40 exercises.",
    "numpy": "Rewrote my k-means with broadcasting: 30x faster.",
    "pandas": "Cleaned the city bike data set for the capstone.",
}
LINKS = {
    "python": ["https://github.com/learner/python-exercises"],
    "pandas": ["https://github.com/learner/bike-share-analysis"],
}


def demo() -> tuple[Progress, object, str]:
    roadmap = catalog.load_roadmap(None)
    track = roadmap.default_track
    rid, ids = roadmap.id, list(track.ordered_skill_ids)
    progress = Progress()
    seed, day, next_skill, working = 7, TODAY - timedelta(weeks=25, days=6), 0, []
    while day <= TODAY:
        seed = (seed * 1103515245 + 12345) % 2**31
        busy = seed % 10
        # About two days a week, weekends busier, and every one of the last three days.
        if busy < 2 or (day.weekday() >= 5 and busy < 5) or (TODAY - day).days < 3:
            if working:
                changes.apply(progress, rid, track.id, working, "done", at(day, 19))
            working = ids[next_skill : next_skill + 1 + (busy == 0)]
            next_skill += len(working)
            changes.apply(progress, rid, track.id, working, "start", at(day, 20))
        day += timedelta(days=1)
    changes.apply(progress, rid, track.id, ["git"], "skip", at(TODAY - timedelta(days=90)))
    for sid, note in NOTES.items():
        links = LINKS.get(sid, [])
        changes.apply(progress, rid, track.id, [sid], "note", at(TODAY), note=note, links=links)
    return progress, track, rid


def main() -> None:
    progress, track, rid = demo()
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt, name, size in (("html", "report", (1000, 1500)), ("svg", "card", (480, 200))):
            page = folder / f"{name}.{fmt}"
            page.write_text(EXPORTERS[fmt](track, progress, rid, TODAY), encoding="utf-8")
            screenshot(page, docs / f"{name}.png", size, profile=folder / f"{name}-profile")
            print(f"docs/{name}.png")


if __name__ == "__main__":
    main()
