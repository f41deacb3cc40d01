"""`next`, `done`, `list` and `status` at the benchmark's size: 10,000 skills, 10,000 events.

The fixtures are the ones `benchmarks/bench.py` times, loaded from that file, so what is timed is
also checked. No timing here: only that the answers stay right at this size. Expected values are
computed from the roadmap's layout (skill n is in phase n // 50) and from the progress file read
as plain JSON, never from the program's own answers.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from cli_helpers import lines, ok, squash

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"
PHASES, PER_PHASE, EVENTS = 200, 50, 10_000
TRACK = ("big", "big")  # roadmap id, track id
UNTOUCHED = 20 * PER_PHASE  # the benchmark never changes the first 20 phases' skills
MARKS = {"done": "✓", "skipped": "»", "in-progress": "▸", "todo": "·"}


def _load_bench() -> Any:
    spec = importlib.util.spec_from_file_location("roadmap_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Big(NamedTuple):
    yaml: Path
    home: Path  # progress.json with the benchmark's history, and a warm roadmap cache
    ids: list[str]  # in roadmap order


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Big:
    bench = _load_bench()
    work = tmp_path_factory.mktemp("big")
    yaml, home = work / "big.yaml", work / "big-home"
    ids = bench.build_big_roadmap(yaml)
    bench.build_big_history(home, ids)
    # Validate the roadmap once, as the benchmark's warm-up does; each test copies the cache.
    from roadmap_cli import catalog

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAP_HOME", str(home))
        catalog.load_roadmap(yaml)
    return Big(yaml, home, ids)


@pytest.fixture
def big_roadmap(big: Big, monkeypatch: pytest.MonkeyPatch) -> Big:
    """The big roadmap in use, with this test's own empty progress folder."""
    monkeypatch.setenv("ROADMAP_FILE", str(big.yaml))
    return big


@pytest.fixture
def big_home(big_roadmap: Big, roadmap_home: Path) -> Path:
    """The big roadmap in use with a copy of the benchmark's history; the progress file."""
    shutil.copytree(big_roadmap.home, roadmap_home)
    return roadmap_home / "progress.json"


# --- expected values, from the files themselves -------------------------------------------------


def read(progress: Path) -> dict[str, Any]:
    data = json.loads(progress.read_bytes())
    assert data["schema_version"] == 2
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    """Every skill's status in the track (records leave the default `todo` out)."""
    rid, tid = TRACK
    records = data.get("roadmaps", {}).get(rid, {}).get(tid, {})
    return {sid: record.get("status", "todo") for sid, record in records.items()}


def status_of(found: dict[str, str], sid: str) -> str:
    return found.get(sid, "todo")


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def phase_index(sid: str) -> int:
    return int(sid.removeprefix("skill-")) // PER_PHASE


def phase_ref(sid: str) -> dict[str, Any]:
    p = phase_index(sid)
    return {"id": f"phase-{p:03d}", "number": p + 1, "title": f"Phase {p + 1}"}


def completion(found: dict[str, str], skill_ids: list[str]) -> dict[str, int]:
    counts = Counter(status_of(found, sid) for sid in skill_ids)
    complete = counts["done"] + counts["skipped"]
    return {
        "complete": complete,
        "done": counts["done"],
        "skipped": counts["skipped"],
        "in_progress": counts["in-progress"],
        "total": len(skill_ids),
        "percent": complete * 100 // len(skill_ids),
    }


def chunks(ids: list[str]) -> list[list[str]]:
    return [ids[p * PER_PHASE : (p + 1) * PER_PHASE] for p in range(PHASES)]


def expected_next(ids: list[str], found: dict[str, str], count: int) -> list[tuple[str, str]]:
    """Skills in progress first, then to-do skills, each in roadmap order (no optional ones)."""
    started = [(sid, "in-progress") for sid in ids if status_of(found, sid) == "in-progress"]
    todo = [(sid, "todo") for sid in ids if status_of(found, sid) == "todo"]
    return (started + todo)[:count]


def required_left(ids: list[str], found: dict[str, str]) -> int:
    return sum(status_of(found, sid) not in ("done", "skipped") for sid in ids)


def check_suggestions(doc: dict[str, Any], ids: list[str], found: dict[str, str], count: int):
    expected = expected_next(ids, found, count)
    assert doc["track"] == "big"
    assert [(s["id"], s["status"]) for s in doc["suggestions"]] == expected
    for item in doc["suggestions"]:
        number = item["id"].removeprefix("skill-")
        assert item["name"] == f"Skill {number}"
        assert item["optional"] is False
        assert item["phase"] == phase_ref(item["id"])
        assert item["why"] == f"Learn the skills of phase {item['phase']['number']}"
    assert doc["required_left"] == required_left(ids, found)
    assert doc["optional_left"] == 0


def run_json(run, *args: str) -> dict[str, Any]:
    return json.loads(ok(run(*args, "--json")))


# --- the fixtures ------------------------------------------------------------------------------


def test_benchmark_fixtures_have_the_documented_shape(big: Big) -> None:
    assert big.ids == [f"skill-{n:05d}" for n in range(PHASES * PER_PHASE)]
    text = big.yaml.read_text(encoding="utf-8")
    assert text.count("\n      - id: skill-") == len(big.ids)
    assert text.count("\n      - id: phase-") == PHASES
    data = read(big.home / "progress.json")
    events = data["events"]
    assert [e["seq"] for e in events] == list(range(1, EVENTS + 1))
    assert {(e["roadmap"], e["track"]) for e in events} == {TRACK}
    found = statuses(data)
    assert set(found) <= set(big.ids)
    untouched = set(big.ids[:UNTOUCHED])
    assert not untouched & set(found)
    assert not untouched & {e["skill"] for e in events}
    # Every status occurs, so the checks below compare something real. More than 1,000 skills
    # are in progress: `next` (at most 1,000 suggestions) then never reaches a to-do skill.
    counts = Counter(found.values())
    assert counts.keys() >= {"done", "skipped", "in-progress"}
    assert counts["in-progress"] > 1000


# --- next --------------------------------------------------------------------------------------


def test_next_without_progress_starts_at_the_first_skill(big_roadmap: Big, run, progress_file):
    """No progress file and no roadmap cache: the earliest to-do skills, in roadmap order."""
    ids = big_roadmap.ids
    doc = run_json(run, "next", "-n", "3")
    check_suggestions(doc, ids, {}, 3)
    assert [s["id"] for s in doc["suggestions"]] == ids[:3]
    assert doc["required_left"] == len(ids)

    assert "Skill 00000: todo → done" in squash(ok(run("done", "skill-00000")))
    assert statuses(read(progress_file)) == {"skill-00000": "done"}
    doc = run_json(run, "next", "-n", "3")
    assert [s["id"] for s in doc["suggestions"]] == ids[1:4]
    assert doc["required_left"] == len(ids) - 1


def test_next_puts_skills_in_progress_first(big_home: Path, big: Big, run) -> None:
    found = statuses(read(big_home))
    check_suggestions(run_json(run, "next", "-n", "1000"), big.ids, found, 1000)
    check_suggestions(run_json(run, "next"), big.ids, found, 5)  # 5 by default

    (first, _), (second, _) = expected_next(big.ids, found, 2)
    out = lines(ok(run("next", "-n", "2")))
    number = phase_ref(first)["number"]
    assert (
        out[:3]
        == [  # grouped by phase: the phase once, then its skills
            f"Phase: {number}. Phase {number}",
            f"Goals: Learn the skills of phase {number}",
            f"1. Skill {first[6:]} {first} in progress",
        ]
    )
    assert f"2. Skill {second[6:]} {second} in progress" in out


# --- done --------------------------------------------------------------------------------------


def test_done_appends_one_event_and_keeps_the_history(big_home: Path, big: Big, run) -> None:
    raw_before = big_home.read_bytes()
    before = read(big_home)
    assert "skill-00000" not in statuses(before)

    out = squash(ok(run("done", "skill-00000")))
    assert "✓ Skill 00000: todo → done" in out
    assert re.search(r"1\. Phase 1 [█▓░]+ 2% 1/50$", out), out  # the phase it touched

    after = read(big_home)
    assert len(after["events"]) == EVENTS + 1
    assert after["events"][:EVENTS] == before["events"]  # every earlier event, unchanged
    last, previous = after["events"][-1], before["events"][-1]
    assert last["seq"] == previous["seq"] + 1 == EVENTS + 1
    assert last["batch"] == previous["batch"] + 1
    assert (last["roadmap"], last["track"], last["skill"]) == (*TRACK, "skill-00000")
    assert (last["action"], last["old"], last["new"]) == ("done", "todo", "done")
    rid, tid = TRACK
    records_before = before["roadmaps"][rid][tid]
    records_after = dict(after["roadmaps"][rid][tid])
    record = records_after.pop("skill-00000")
    assert records_after == records_before  # no other skill changed
    assert record == {"status": "done", "started": last["at"], "finished": last["at"]}
    backups = list((big_home.parent / "backups").iterdir())
    assert raw_before in [b.read_bytes() for b in backups]  # the replaced file was kept

    found = statuses(after)
    doc = run_json(run, "next", "-n", "1000")
    check_suggestions(doc, big.ids, found, 1000)
    assert "skill-00000" not in [s["id"] for s in doc["suggestions"]]
    assert doc["required_left"] == required_left(big.ids, statuses(before)) - 1

    # Again: nothing changes, nothing is written.
    raw_after = big_home.read_bytes()
    assert "Skill 00000: already done" in squash(ok(run("done", "skill-00000")))
    assert big_home.read_bytes() == raw_after


def test_done_by_name_in_any_case_is_one_batch(big_home: Path, big: Big, run) -> None:
    before = read(big_home)
    found = statuses(before)
    started = next(sid for sid in big.ids if found.get(sid) == "in-progress")

    ok(run("done", "Skill 00001", "SKILL-00002", started.upper()))

    after = read(big_home)
    added = after["events"][EVENTS:]
    assert after["events"][:EVENTS] == before["events"]
    assert [(e["skill"], e["old"], e["new"]) for e in added] == [
        ("skill-00001", "todo", "done"),
        ("skill-00002", "todo", "done"),
        (started, "in-progress", "done"),
    ]
    assert {e["batch"] for e in added} == {before["events"][-1]["batch"] + 1}
    assert [e["seq"] for e in added] == [EVENTS + 1, EVENTS + 2, EVENTS + 3]
    changed = dict.fromkeys(("skill-00001", "skill-00002", started), "done")
    assert statuses(after) == {**found, **changed}


def test_ambiguous_or_unknown_names_change_nothing(big_home: Path, big: Big, run) -> None:
    raw = big_home.read_bytes()

    result = run("done", "skill-0000")  # skill-00000 to skill-00009
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    message = result.stderr.strip()
    assert message.startswith("roadmap: error: 'skill-0000' matches 10 skills: ")
    listed = re.findall(r"skill-\d{5}", message.split(": ", 2)[2])
    assert listed == big.ids[:8]
    assert "and 2 more" in message

    result = run("done", "skill-00003", "skill-0000")  # every name is checked first
    assert result.exit_code == 1
    assert "matches 10 skills" in result.stderr

    result = run("done", "skill-99999")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("roadmap: error: no skill matches 'skill-99999'")
    hints = result.stderr.split("did you mean ", 1)[1].strip().rstrip("?").split(", ")
    assert hints and set(hints) <= set(big.ids)

    assert big_home.read_bytes() == raw


# --- list and status ---------------------------------------------------------------------------


def test_list_json_matches_the_progress_file(big_home: Path, big: Big, run) -> None:
    data = read(big_home)
    found = statuses(data)
    records = data["roadmaps"]["big"]["big"]

    doc = run_json(run, "list")
    assert (doc["roadmap"], doc["track"]) == TRACK
    assert doc["overall"] == completion(found, big.ids)
    assert doc["optional"]["total"] == 0
    phases = doc["phases"]
    assert [p["id"] for p in phases] == [f"phase-{p:03d}" for p in range(PHASES)]
    assert [p["number"] for p in phases] == list(range(1, PHASES + 1))
    for phase, chunk in zip(phases, chunks(big.ids), strict=True):
        assert [s["id"] for s in phase["skills"]] == chunk
        assert [s["status"] for s in phase["skills"]] == [status_of(found, s) for s in chunk]
        assert phase["completion"] == completion(found, chunk)
    shown = {s["id"]: s for p in phases for s in p["skills"]}
    assert len(shown) == len(big.ids)
    for sid, record in records.items():  # dates as recorded, in UTC
        for key in ("started", "finished"):
            assert moment(shown[sid][key]) == moment(record.get(key))
            assert shown[sid][key] is None or shown[sid][key].endswith("+00:00")

    one = run_json(run, "list", "--phase", "137")
    assert [p["id"] for p in one["phases"]] == ["phase-136"]
    assert [s["id"] for s in one["phases"][0]["skills"]] == chunks(big.ids)[136]
    assert one["overall"] == doc["overall"]

    skipped = run_json(run, "list", "--status", "skipped")
    ids = [s["id"] for p in skipped["phases"] for s in p["skills"]]
    assert ids == [sid for sid in big.ids if status_of(found, sid) == "skipped"]
    assert [p["id"] for p in skipped["phases"]] == sorted(
        {phase_ref(sid)["id"] for sid in ids}, key=lambda pid: int(pid[6:])
    )


def test_list_text_shows_every_phase_and_skill(big_home: Path, big: Big, run) -> None:
    found = statuses(read(big_home))
    out = ok(run("list"))
    rows = lines(out)
    assert rows[0] == "Big track"

    header = re.compile(r"^(\d+)\. Phase (\d+) [█▓░]+ (\d+)% (\d+)/(\d+)$")
    headers = [m.groups() for m in map(header.match, rows) if m]
    expected = []
    for p, chunk in enumerate(chunks(big.ids)):
        done = completion(found, chunk)
        expected.append((str(p + 1), str(p + 1), str(done["percent"]), str(done["complete"]), "50"))
    assert headers == expected

    skill = re.compile(r"^(\S) Skill (\d{5}) (skill-\d{5})\b")
    shown = [m.groups() for m in map(skill.match, rows) if m]
    assert [(mark, sid) for mark, _, sid in shown] == [
        (MARKS[status_of(found, sid)], sid) for sid in big.ids
    ]
    assert all(number == sid[6:] for _, number, sid in shown)

    overall = completion(found, big.ids)
    assert squash(out).endswith(
        f"Overall {overall['percent']}% of required skills complete: "
        f"{overall['complete']}/{len(big.ids)} ({overall['done']} done, "
        f"{overall['skipped']} skipped, {overall['in_progress']} in progress)"
    )


def test_status_json_counts_match_the_progress_file(big_home: Path, big: Big, run) -> None:
    data = read(big_home)
    found = statuses(data)

    doc = run_json(run, "status")
    counts = dict.fromkeys(("todo", "in-progress", "done", "skipped"), 0)
    for sid in big.ids:
        counts[status_of(found, sid)] += 1
    assert doc["counts"] == counts
    assert counts["todo"] >= UNTOUCHED
    assert doc["overall"] == completion(found, big.ids)
    assert [p["completion"] for p in doc["phases"]] == [
        completion(found, chunk) for chunk in chunks(big.ids)
    ]
    assert [p["id"] for p in doc["phases"]] == [f"phase-{p:03d}" for p in range(PHASES)]
    recent = [(e["seq"], e["skill"], e["action"]) for e in reversed(data["events"][-5:])]
    assert [(e["seq"], e["skill"], e["action"]) for e in doc["recent"]] == recent
    assert doc["pace"]["remaining"] == required_left(big.ids, found)
