"""`undo` on the fast route (`fastundo`): the same output and the same files as the full
route, or nothing at all.

Each case builds a state with the full route, copies the whole data folder twice, lets the
full route keep its entries in each (`status`), undoes with the full route in one copy and with
the fast route in the other, at one time, and compares stdout, stderr, the exit code and every
file written (the progress file, its backups, the cache entries; see `test_fast_done`). Then
`next`, `status` and `history` (on whichever route takes them) must say the same in both.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cli_helpers import falls_through, fast_route, full_route, run_importing
from roadmap_cli import fastundo, plainchange
from roadmap_cli.clock import Clock
from roadmap_cli.records import Card, SkillProgress
from test_fast_done import (
    LINKED,
    MIDWAY,
    NOTED,
    URL,
    coloured,
    long_history,
    snapshot,
    state,
    twins,
)

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run's clock (`Settings.clock`, on either route) at NOW."""
    monkeypatch.setattr(Clock.__init__, "__defaults__", (lambda: NOW,))


full, fast = full_route, fast_route
AFTER = (["next"], ["status"], ["history"], ["list"])  # what is read after an undo


def either(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str, int]:
    """`args` as the entry point answers them: on the fast route, else on the full one."""
    found = fast(capsys, *args)
    return found if found is not None else full(capsys, *args)


def compare(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *args: str,
    entries: tuple[str, ...] = ("status",),
    taken: bool | None = True,
) -> tuple[str, str, int]:
    """`undo` (`args`) on both routes, each in its own copy: the same output and files; then
    the reports after it, the same in both. `taken`: whether the fast route must take it
    (None: it may fall through, having written nothing)."""
    home = Path(os.environ["ROADMAP_HOME"])
    one, two = twins(home, tmp_path)
    for copy in (one, two):  # the entries, as any daily command leaves them (keyed by path)
        monkeypatch.setenv("ROADMAP_HOME", str(copy))
        assert full(capsys, *entries)[2] == 0
    monkeypatch.setenv("ROADMAP_HOME", str(one))
    expected = full(capsys, *args)
    monkeypatch.setenv("ROADMAP_HOME", str(two))
    before = snapshot(two)
    found = fast(capsys, *args)
    if found is None:
        assert taken is not True, "fell through"
        assert snapshot(two) == before
        found = full(capsys, *args)
    else:
        assert taken is not False, "taken"
    assert found == expected
    assert snapshot(two) == snapshot(one)
    for report in AFTER:
        shown = []
        for copy in (one, two):
            monkeypatch.setenv("ROADMAP_HOME", str(copy))
            shown.append((full if copy == one else either)(capsys, *args[:-1], *report))
        assert shown[0] == shown[1], report
        assert snapshot(two) == snapshot(one), report
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    return expected


NOTE_AND_LINK = ["done", "numpy", "-n", 'a "quoted" note, é', "-l", URL, "--link=" + URL + "/b"]
RATED = (["done", "python", "--on", "2020-01-05"], ["review", "python", "--rating", "good"])
CASES = {
    "done": (*MIDWAY, ["done", "pandas"]),
    "start": (*MIDWAY, ["start", "pandas"]),
    "skip": (*MIDWAY, ["skip", "pandas"]),
    "reset": (*MIDWAY, ["reset", "python", "git"]),  # a card and a skip reverted
    "done again": (["done", "python"], ["reset", "python"], ["done", "python"]),  # its card
    "several": (*MIDWAY, ["done", "numpy", "pandas", "matplotlib"]),
    "done --note --link": (*MIDWAY, NOTE_AND_LINK),
    "log": (*LINKED, ["log", "pandas", "45m", "--note", "ch. 5", "--on", "3d"]),
    "note": (*NOTED, ["note", "python", "--link", URL]),
    "noted reset": (*NOTED, ["reset", "python"]),
    "review": RATED,  # the card before the rating restored
    "review twice": (*RATED, ["review", "python", "--rating", "hard"]),  # with its floats
    "review --add": (*MIDWAY, ["review", "--add", "git"]),
    "another track": (*MIDWAY, ["-t", "genai-engineer", "done", "fastapi", "huggingface"]),
    "undo after undo": (*MIDWAY, ["undo"]),
    "undo after undo after undo": (*MIDWAY, ["undo"], ["undo"]),
    "backdated": (["done", "python", "--on", "2020-01-05"],),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_undo_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
) -> None:
    state(capsys, *CASES[name])
    compare(capsys, monkeypatch, tmp_path, "undo")


SKILLS = ["python", "numpy", "pandas", "git", "sql", "docker", "fastapi"]


def _any_change(chance: random.Random) -> list[str]:
    skills = chance.sample(SKILLS, chance.randint(1, 3))
    return chance.choice(
        [
            ["done", *skills],
            ["start", *skills],
            ["skip", *skills],
            ["reset", *skills],
            ["log", skills[0], f"{chance.randint(1, 90)}m", "-n", "x"],
            ["note", skills[0], "é", "-l", f"{URL}/{skills[0]}"],
            ["review", "--add", *skills],
            ["done", skills[0], "--on", "2020-01-05"],
            ["-t", "genai-engineer", "done", "fastapi"],
        ]
    )


@pytest.mark.parametrize("seed", range(8))
def test_undos_after_any_changes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    seed: int,
) -> None:
    """Changes drawn at random (seeded), a review rated or not, then undo after undo: taken
    whenever there is something to undo, the same as the full route each time (300 seeds
    passed when this was written)."""
    from roadmap_cli import changes
    from roadmap_cli.store import user_store

    chance = random.Random(seed)
    for _ in range(chance.randint(1, 14)):
        full(capsys, *_any_change(chance))  # some refused (FastAPI is not in the first track)
    if chance.random() < 0.5:
        rating = chance.choice(["again", "hard", "good", "easy"])
        full(capsys, "review", "python", "--rating", rating)  # rated if it is done
    for round in range(3):
        try:
            changes.undo(user_store().load(), NOW)
        except changes.NothingToUndo:
            taken = False
        else:
            taken = True
        compare(capsys, monkeypatch, tmp_path / str(round), "undo", taken=taken)
        full(capsys, "undo")


def test_an_undo_of_another_track_with_the_track_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The root `-t` names no track for undo (any is accepted, as on the full route)."""
    state(capsys, *MIDWAY, ["-t", "genai-engineer", "done", "fastapi"])
    out = compare(capsys, monkeypatch, tmp_path, "-t", "genai-engineer", "undo")[0]
    assert "FastAPI" in out
    compare(capsys, monkeypatch, tmp_path / "2", "-t", "no-such-track", "undo")


@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR", "NO_COLOR"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_colour_and_width(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    colour: str,
    columns: str,
) -> None:
    coloured(monkeypatch, colour, columns)
    state(capsys, *MIDWAY, ["done", "numpy", "pandas", "matplotlib", "seaborn", "docker"])
    out = compare(capsys, monkeypatch, tmp_path, "undo")[0]
    assert ("(from\n" in out) == (columns == "80")  # the summary has no colour: wrapped


def test_an_import_is_undone_the_same(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """An import's undo (records and cards before, each restored): made here, the same."""
    state(capsys, *MIDWAY, ["review", "--add", "git"])
    exported = tmp_path / "export.json"
    exported.write_text(full(capsys, "export", "--format", "json")[0], encoding="utf-8")
    state(capsys, ["reset", "python", "git"], ["done", "pandas"], ["import", str(exported)])
    compare(capsys, monkeypatch, tmp_path / "import", "undo", taken=True)


def test_a_custom_roadmap_and_a_skill_no_longer_in_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    small_roadmap: Path,
) -> None:
    custom = ("--roadmap", str(small_roadmap))
    state(capsys, [*custom, "done", "python", "tinyml"], [*custom, "start", "pandas"])
    compare(capsys, monkeypatch, tmp_path / "a", *custom, "undo", entries=(*custom, "status"))
    text = small_roadmap.read_text(encoding="utf-8")
    small_roadmap.write_text(text.replace("tinyml", "edgeml").replace("TinyML", "EdgeML"))
    state(capsys, [*custom, "undo"])  # the start of pandas
    out = compare(capsys, monkeypatch, tmp_path / "b", *custom, "undo", entries=(*custom, "status"))
    assert "tinyml: done → todo" in out[0]  # named by its id: the roadmap no longer has it
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    state(capsys, ["done", "numpy"])
    compare(capsys, monkeypatch, tmp_path / "env", "undo")
    monkeypatch.delenv("ROADMAP_FILE")
    state(capsys, ["done", "sql", "git"])  # on the bundled roadmap: undone with another
    out = compare(
        capsys, monkeypatch, tmp_path / "other", *custom, "undo", entries=(*custom, "status")
    )[0]
    assert "Undid 'done' of sql, git" in out  # named by their ids


def test_undoing_a_long_history(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    progress_file: Path,
) -> None:
    """Above DIGEST_MIN_BYTES: the history's index extended and the file marked validated
    (`historycache`) by the fast route as by the full one."""
    long_history(progress_file, 3000)
    state(capsys, ["done", "numpy", "pandas"], ["status"])
    compare(capsys, monkeypatch, tmp_path / "a", "undo")
    state(capsys, ["undo"])
    compare(capsys, monkeypatch, tmp_path / "b", "undo")  # the history's own last batch
    state(capsys, ["undo"], ["undo"])  # batches found behind the undos at the end
    compare(capsys, monkeypatch, tmp_path / "c", "undo")


def test_successive_undos_stay_on_the_fast_route(
    capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    """On a long history each undo keeps what the next one needs: the history's mark that
    the file was validated, and (for `next` after it) no wrong answer."""
    long_history(progress_file, 2000)
    state(capsys, ["done", "numpy"], ["start", "pandas"], ["done", "python"], ["status"])
    first = fast(capsys, "undo")
    assert first is not None and "Python: done → todo" in first[0]
    second = fast(capsys, "undo")
    assert second is not None and "Pandas: in-progress → todo" in second[0]
    assert either(capsys, "next") == full(capsys, "next")
    third = fast(capsys, "undo")
    assert third is not None and "NumPy: done → todo" in third[0]
    assert full(capsys, "doctor")[2] == 0


NOTHING = [
    [],  # no progress file
    [["done", "python"], ["undo"], ["status"]],  # every change undone
]


@pytest.mark.parametrize("changes", NOTHING, ids=["no file", "all undone"])
def test_nothing_to_undo_falls_through_having_written_nothing(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, changes: list[list[str]]
) -> None:
    state(capsys, ["next"], *changes)
    falls_through(capsys, roadmap_home, ["undo"])
    assert full(capsys, "undo")[1:] == ("roadmap: error: nothing to undo\n", 1)


FALL_THROUGH = [
    ["undo", "--help"],
    ["undo", "-h"],
    ["undo", "--json"],
    ["undo", "-t", "genai-engineer"],  # not an option of undo
    ["undo", "python"],
    ["undo", "--"],
    ["--roadmap", "no-such.yaml", "undo"],  # the full route says the roadmap does not load
]


@pytest.mark.parametrize("args", FALL_THROUGH, ids=" ".join)
def test_what_it_does_not_take_falls_through_having_written_nothing(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, args: list[str]
) -> None:
    state(capsys, *MIDWAY, ["status"])
    falls_through(capsys, roadmap_home, args)


def test_without_the_digests_entry_it_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path
) -> None:
    """The plain digest's entry says the file was validated whole (the progress's entry
    says so of the records alone: not asked for)."""
    state(capsys, *MIDWAY, ["status"])
    (entry,) = (roadmap_home / "cache").glob("plain-digest-*")
    kept = entry.read_bytes()
    entry.unlink()
    falls_through(capsys, roadmap_home, ["undo"])
    entry.write_bytes(kept)
    assert fast(capsys, "undo") is not None


def test_a_long_history_not_known_to_be_valid_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """A long history is trusted by its own digest or mark (`HistoryCache.validated`)."""
    long_history(progress_file, 2000)
    state(capsys, ["done", "numpy"], ["status"])
    marks = [
        p for p in (roadmap_home / "cache").iterdir() if p.name.startswith(("history", "valid"))
    ]
    assert marks
    kept = {p: p.read_bytes() for p in marks}
    for path in marks:
        path.unlink()
    falls_through(capsys, roadmap_home, ["undo"])
    for path, data in kept.items():
        path.write_bytes(data)
    assert fast(capsys, "undo") is not None


HOSTILE = [
    b"{ damaged",
    b"",
    b"\xff\xfe\x00",
    b'{"schema_version":3,"events":[{"seq":1}]}',
    b'{"schema_version":99}',
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_or_damaged_bytes_with_stale_entries_fall_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path, data: bytes
) -> None:
    state(capsys, *MIDWAY, ["status"])
    progress_file.write_bytes(data)
    falls_through(capsys, roadmap_home, ["undo"])
    assert full(capsys, "undo")[2] != 0


def test_a_file_changed_by_hand_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """Entries are keyed by the file's bytes: one edited (even into valid JSON) has none."""
    state(capsys, *MIDWAY, ["status"])
    raw = progress_file.read_bytes()
    progress_file.write_bytes(raw.replace(b'"action":"skip"', b'"action":"done"'))
    falls_through(capsys, roadmap_home, ["undo"])


# A record before, or a card before, that Pydantic writes otherwise than it is read (a file
# written by hand, valid): the state, the text, and the same text as a hand wrote it.
T = b"2026-06-15T12:00:00Z"
RESTARTED = (["done", "python"], ["start", "python"])  # its record before: done
REDONE = (["done", "python"], ["reset", "python"], ["done", "python"])  # its card before
NOT_AS_WRITTEN = {
    "a fraction": (RESTARTED, b'"finished":"%s"}' % T, b'"finished":"2026-06-15T12:00:00.5Z"}'),
    "+00:00": (RESTARTED, b'"finished":"%s"}' % T, b'"finished":"2026-06-15T12:00:00+00:00"}'),
    "order": (
        RESTARTED,
        b'"before":{"status":"done","started":"%s"' % T,
        b'"before":{"started":"%s","status":"done"' % T,
    ),
    "a default": (RESTARTED, b'"finished":"%s"}' % T, b'"finished":"%s","notes":[]}' % T),
    "a card's default": (REDONE, b'"card":{"due":', b'"card":{"reps":0,"due":'),
    "a card's time": (
        REDONE,
        b'"card":{"due":"2026-06-18T12:00:00Z"',
        b'"card":{"due":"2026-06-18T12:00Z"',
    ),
    "an int for a float": (RATED[:1] + RATED[1:] * 2, rb'"stability":\d+\.\d+', b'"stability":2'),
}


@pytest.mark.parametrize("name", list(NOT_AS_WRITTEN))
def test_what_it_cannot_write_as_pydantic_does_falls_through(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    progress_file: Path,
    name: str,
) -> None:
    """The full route reads and writes it (valid), the fast one falls through: the same."""
    import re

    changes, old, new = NOT_AS_WRITTEN[name]
    state(capsys, *changes)
    raw = progress_file.read_bytes()
    last = raw.rindex(b'{"seq":')  # the last event only
    edited, count = re.subn(old, new, raw[last:])
    assert count == 1
    progress_file.write_bytes(raw[:last] + edited)
    compare(capsys, monkeypatch, tmp_path, "undo", taken=False)


def test_a_done_after_a_time_written_otherwise_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """A record a change keeps as read (`plainchange`) must be as Pydantic writes it: a
    fraction of a second is written in six digits by it, so the full route makes the change."""
    state(capsys, ["done", "python"])
    raw = progress_file.read_bytes()
    head, cut, rest = raw.partition(b',"events":[')
    head = head.replace(b'"finished":"%s"' % T, b'"finished":"2026-06-15T12:00:00.5Z"')
    progress_file.write_bytes(head + cut + rest)
    state(capsys, ["status"])
    falls_through(capsys, roadmap_home, ["done", "numpy"])
    state(capsys, ["done", "numpy"])
    assert b'"finished":"2026-06-15T12:00:00.500000Z"' in progress_file.read_bytes()


def test_exact_moments_are_those_pydantic_writes_back() -> None:
    texts = [
        "2026-01-01T10:00:00Z",
        "2026-01-01T10:00:00.123456Z",
        "2026-01-01T10:00:00.5Z",
        "2026-01-01T10:00:00+00:00",
        "2026-01-01T10:00:00-00:00",
        "2026-01-01T10:00:00+02:00",
        "2026-01-01T10:00:00.000100-05:30",
        "2026-01-01T10:00Z",
        "2026-01-01 10:00:00Z",
        "2026-01-01T10:00:00z",
    ]
    for text in texts:
        written = json.loads(SkillProgress(started=text).model_dump_json())["started"]  # type: ignore[arg-type]
        try:
            exact = plainchange.exact_moment(text) is not None
        except plainchange.Miss:
            exact = False
        assert exact == (written == text), text


def test_a_card_read_is_written_back_as_pydantic_writes_it() -> None:
    """Floats in their bounds: `json.dumps` writes them as Pydantic does."""
    import random

    chance = random.Random(15)
    for _ in range(2000):
        stability = round(chance.uniform(0.001, 1_000_000), chance.randint(0, 12))
        difficulty = chance.uniform(1, 10)
        card = Card(due=NOW, stability=stability, difficulty=difficulty, reps=3)
        data = json.loads(card.model_dump_json(exclude_defaults=True))
        assert plainchange.Card.read(data).dump_data() == data
        assert plainchange._json(data) == card.model_dump_json(exclude_defaults=True).encode()


def test_the_event_reader_refuses_what_it_does_not_know() -> None:
    text = b'{"seq":1,"batch":1,"at":"2026-06-15T12:00:00Z","roadmap":"bundled",'
    text += b'"track":"aiml-genai","skill":"python","action":"done","old":"todo",'
    text += b'"new":"done","before":{}}'
    event = fastundo.event(text)
    assert event is not None and event.before.is_blank() and event.card is None
    assert fastundo.event(text.replace(b'"seq":1', b'"seq": 1')) is None  # not as written
    assert fastundo.event(text.replace(b'"seq":1', b'"seq":"1"')) is None
    assert fastundo.event(text.replace(b'"old":"todo"', b'"old":"gone"')) is None
    assert fastundo.event(text.replace(b'"batch":1,', b"")) is None
    assert fastundo.event(text.replace(b"}}", b'},"extra":1}')) is None


def test_the_process_imports_no_typer_click_pydantic_rich_yaml_nor_fsrs(
    roadmap_home: Path, progress_file: Path
) -> None:
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    for changes in ([], [["done", "numpy"]]):
        if not changes:
            long_history(progress_file, 2000)
        else:
            for args in changes:
                run_importing(args, env)
        run_importing(["status"], env)  # the entries (the full route's)
        out, heavy = run_importing(["undo"], env)
        assert heavy == []
        assert out.startswith("Undid '")
    raw = progress_file.read_bytes()
    assert raw.count(b'"action":"undo"') == 2


def kept_entries(
    monkeypatch: pytest.MonkeyPatch, home: Path, roadmap: Path | None = None
) -> dict[str, bytes | None]:
    """The fast route's entries of the progress file in `home` as it is now (`plaincache`:
    the progress's, on `roadmap`, None: the bundled one, and the digest's): their data, None
    for none."""
    from roadmap_cli import cache, catalog, plaincache
    from roadmap_cli.store import user_store

    monkeypatch.setenv("ROADMAP_HOME", str(home))
    store = user_store()
    assert store.cache_dir is not None
    raw = store.path.read_bytes()
    adoption = plaincache.adoption(catalog.load_roadmap(roadmap))
    found = {}
    for kind, more in (("plain-progress", (adoption,)), ("plain-digest", ())):
        path = plaincache.entry(store.cache_dir, kind, store.path, raw, *more)
        found[kind] = cache.load(path, bytes)
    return found


SHORT = ["done", "several", "review", "undo after undo", "another track", "noted reset"]


@pytest.mark.parametrize("route", ["full", "fast"])
@pytest.mark.parametrize("name", SHORT)
def test_after_an_undo_of_a_short_history_the_next_commands_take_the_fast_route(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    roadmap_home: Path,
    route: str,
    name: str,
) -> None:
    """An undo (on either route) keeps the entries of the file it saved, byte for byte those
    the full route keeps reading that file afresh; so `status`, `next`, a change and `history`
    after it are the fast route's, and say what the full route says."""
    state(capsys, *CASES[name], ["status"])
    if route == "full":
        assert full(capsys, "undo")[2] == 0
    else:
        assert fast(capsys, "undo") is not None
    kept = kept_entries(monkeypatch, roadmap_home)
    fresh = twins(roadmap_home, tmp_path)[0]  # the same files, no entries
    monkeypatch.setenv("ROADMAP_HOME", str(fresh))
    assert full(capsys, "status")[2] == 0
    assert kept == kept_entries(monkeypatch, fresh)
    assert None not in kept.values()
    for args in (["status"], ["next"], ["done", "numpy"], ["history"], ["undo"], ["status"]):
        monkeypatch.setenv("ROADMAP_HOME", str(fresh))
        expected = full(capsys, *args)
        monkeypatch.setenv("ROADMAP_HOME", str(roadmap_home))
        assert fast(capsys, *args) == expected, args
        assert snapshot(roadmap_home) == snapshot(fresh), args


@pytest.mark.parametrize("route", ["full", "fast"])
def test_the_progress_entry_after_an_undo_holds_a_renamed_skills_record_adopted(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    roadmap_home: Path,
    progress_file: Path,
    small_roadmap: Path,
    route: str,
) -> None:
    """The undo writes the record under the old id, as read; its entry holds it under the
    skill that now `replaces` it, as `status` on the full route keeps it."""
    custom = ("--roadmap", str(small_roadmap))
    state(capsys, [*custom, "done", "python"], [*custom, "done", "pandas"], [*custom, "status"])
    text = small_roadmap.read_text(encoding="utf-8")
    text = text.replace("- id: python\n", "- id: python-basics\n        replaces: [python]\n")
    small_roadmap.write_text(text.replace("[python,", "[python-basics,"), encoding="utf-8")
    state(capsys, [*custom, "tracks"])  # the roadmap's entry, for the fast route
    if route == "full":
        assert full(capsys, *custom, "undo")[2] == 0
    else:
        assert fast(capsys, *custom, "undo") is not None
    assert b'"python":{"status":"done"' in progress_file.read_bytes()  # as it was
    kept = kept_entries(monkeypatch, roadmap_home, small_roadmap)
    assert b'"python-basics": ["done"' in (kept["plain-progress"] or b"")
    fresh = twins(roadmap_home, tmp_path)[0]
    monkeypatch.setenv("ROADMAP_HOME", str(fresh))
    assert full(capsys, *custom, "status")[2] == 0
    assert kept == kept_entries(monkeypatch, fresh, small_roadmap)
    for args in (["status"], ["next"], ["list"]):
        monkeypatch.setenv("ROADMAP_HOME", str(fresh))
        expected = full(capsys, *custom, *args)
        monkeypatch.setenv("ROADMAP_HOME", str(roadmap_home))
        assert fast(capsys, *custom, *args) == expected, args


def test_an_undo_without_its_roadmap_keeps_the_digest_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, roadmap_home: Path
) -> None:
    """The roadmap does not load: the undo is made (full route), the digest's entry kept, the
    progress's not (its key is the roadmap's adoption)."""
    state(capsys, *MIDWAY, ["status"])
    out, err, code = full(capsys, "--roadmap", "no-such.yaml", "undo")
    assert (err, code) == ("", 0) and out.startswith("Undid 'skip' of git")
    kept = kept_entries(monkeypatch, roadmap_home)
    assert kept["plain-progress"] is None and kept["plain-digest"] is not None
    assert fast(capsys, "history") == full(capsys, "history")


def test_an_earlier_event_damaged_by_hand_keeps_no_digest(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    roadmap_home: Path,
    progress_file: Path,
) -> None:
    """The undo reads only the history's end: an event before it that the full route would
    refuse is never taken into a digest, and `status` still says what is wrong."""
    state(capsys, *MIDWAY, ["done", "pandas"])
    raw = progress_file.read_bytes()
    first = raw.index(b'"action":"done"')
    progress_file.write_bytes(raw[:first] + b'"action":"dance"' + raw[first + 15 :])
    out, err, code = full(capsys, "undo")
    assert (err, code) == ("", 0) and out.startswith("Undid 'done' of Pandas")
    kept = kept_entries(monkeypatch, roadmap_home)
    assert kept["plain-digest"] is None and kept["plain-progress"] is not None
    assert fast(capsys, "status") is None
    out, err, code = full(capsys, "status")
    assert code == 1 and err.startswith("roadmap: error: ") and "events.0.action" in err


OLD_SCHEMAS = {
    "schema 1": Path(__file__).parent / "data" / "progress" / "v1.json",
    "schema 2": Path(__file__).parent / "data" / "progress-v2.json",
}


@pytest.mark.parametrize("name", list(OLD_SCHEMAS))
def test_an_undo_of_an_old_schemas_file_keeps_the_entries_of_the_file_migrated(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    roadmap_home: Path,
    progress_file: Path,
    name: str,
) -> None:
    """The full route's undo of a file in an older schema writes it migrated, whole: its
    entries are those `status` keeps reading that file afresh."""
    roadmap_home.mkdir()
    progress_file.write_bytes(OLD_SCHEMAS[name].read_bytes())
    assert full(capsys, "undo")[2] == 0
    kept = kept_entries(monkeypatch, roadmap_home)
    assert None not in kept.values()
    fresh = twins(roadmap_home, tmp_path)[0]
    monkeypatch.setenv("ROADMAP_HOME", str(fresh))
    assert full(capsys, "status")[2] == 0
    assert kept == kept_entries(monkeypatch, fresh)


@pytest.mark.parametrize("route", ["full", "fast"])
def test_an_entry_that_cannot_be_kept_never_fails_the_undo(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    roadmap_home: Path,
    progress_file: Path,
    route: str,
) -> None:
    """Whatever goes wrong keeping the entries after the save, the undo is made and said once;
    the next command reads the file itself."""
    from roadmap_cli import undoing

    state(capsys, *MIDWAY, ["status"])

    def broken(*args: object) -> None:
        raise RuntimeError("no digest today")

    monkeypatch.setattr(undoing, "history_digest", broken)
    found = full(capsys, "undo") if route == "full" else fast(capsys, "undo")
    assert found is not None
    assert found[1:] == ("", 0) and found[0].startswith("Undid 'skip' of Git")
    assert progress_file.read_bytes().count(b'"action":"undo"') == 1
    assert kept_entries(monkeypatch, roadmap_home) == {"plain-progress": None, "plain-digest": None}
    assert fast(capsys, "status") is None
    assert full(capsys, "status")[2] == 0


@pytest.mark.parametrize("route", ["full", "fast"])
def test_an_undo_of_a_long_history_keeps_its_mark_alone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    roadmap_home: Path,
    progress_file: Path,
    route: str,
) -> None:
    """Past DIGEST_MIN_BYTES an undo keeps no plain entry (the progress's key hashes the whole
    file, too slow for `undo` at 100,000 events): the history's mark says the file was
    validated whole, so `history` and the next undo stay on the fast route; `next` keeps the
    progress's entry again."""
    long_history(progress_file, 2000)
    state(capsys, ["done", "numpy", "pandas"], ["status"])
    if route == "full":
        assert full(capsys, "undo")[2] == 0
    else:
        assert fast(capsys, "undo") is not None
    assert kept_entries(monkeypatch, roadmap_home) == {"plain-progress": None, "plain-digest": None}
    assert fast(capsys, "history") == full(capsys, "history")
    assert fast(capsys, "next") is None
    assert full(capsys, "next")[2] == 0
    assert fast(capsys, "next") == full(capsys, "next")
