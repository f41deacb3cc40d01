"""`done`, `start`, `skip` and `reset` on the fast route (`fastroute`, `plainchange`): the same
output and the same files as the full route, or nothing at all.

Each case builds a state with the full route, copies the whole data folder twice, makes the
change with the full route in one copy and with the fast route in the other, at one time (the
clock's default is set), and compares stdout, stderr, the exit code and every file written:
the progress file, its backup, the cache entries (names without their hashes, events without
their random ids). `undo` afterwards must then do the same in both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cli_helpers import falls_through, fast_route, full_route, run_importing
from roadmap_cli import fastroute, fsutil, plainchange
from roadmap_cli.clock import Clock
from roadmap_cli.records import Card, Event, Link, Note, SkillProgress, StudySession

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run's clock (`Settings.clock`, on either route) at NOW."""
    monkeypatch.setattr(Clock.__init__, "__defaults__", (lambda: NOW,))


full, fast = full_route, fast_route


_NAME = re.compile(r"-[0-9a-f]{12}-[0-9a-f]{32}(\.json)$")
_BACKUP = re.compile(r"progress-\d{8}T\d{12}Z-")
_ID = re.compile(rb'"id":"[0-9a-f-]{36}"')


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file under `home`, normalised: entry names without their keys (the source's
    path and the bytes' hash), backups without their time, events without their random id."""
    found = {}
    for path in sorted(home.rglob("*")):
        if not path.is_file():
            continue
        name = _BACKUP.sub("progress-T-", _NAME.sub(r"\1", str(path.relative_to(home))))
        data = path.read_bytes()
        if path.parent.name == "cache":
            data = data.partition(b"\n")[2]  # the header is the entry's own name
        found[name] = _ID.sub(b'"id":"-"', data)
    return found


def twins(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the data folder as the state left it, without the cache entries."""
    copies = tmp_path / "full", tmp_path / "fast"
    for copy in copies:
        shutil.copytree(home, copy, ignore=shutil.ignore_patterns("cache"))  # keyed by path
    return copies


def compare(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *args: str,
    entries: tuple[str, ...] = ("status",),
    also: tuple[str, ...] = (),
) -> tuple[str, str, int]:
    """The change on both routes, each in its own copy: the same output and the same files;
    then `undo` in each: the same again. (`entries`, then `also`: the commands run first.)"""
    home = Path(os.environ["ROADMAP_HOME"])
    one, two = twins(home, tmp_path)
    for copy in (one, two):  # the entries, as any daily command leaves them (keyed by path)
        monkeypatch.setenv("ROADMAP_HOME", str(copy))
        assert full(capsys, *entries)[2] == 0
        if also:
            assert full(capsys, *also)[2] == 0
    monkeypatch.setenv("ROADMAP_HOME", str(one))
    expected = full(capsys, *args)
    monkeypatch.setenv("ROADMAP_HOME", str(two))
    assert fast(capsys, *args) == expected
    assert snapshot(two) == snapshot(one)
    undone = []
    for copy in (one, two):
        monkeypatch.setenv("ROADMAP_HOME", str(copy))
        undone.append(full(capsys, "undo"))
    assert undone[0] == undone[1]
    assert undone[0][2] == 0
    assert snapshot(two) == snapshot(one)
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    return expected


def state(capsys: pytest.CaptureFixture[str], *changes: list[str]) -> None:
    for args in changes:
        assert full(capsys, *args)[2] == 0


MIDWAY = (["done", "python", "sql"], ["start", "numpy"], ["skip", "git"])
NOTED = (["done", "python", "--note", 'a "quoted" note, é'], ["note", "python", "more"])
LINKED = (
    ["note", "pandas", "--link", "https://example.com/x"],
    ["log", "pandas", "30m", "-n", "ch. 4"],
)

URL = "https://example.com/notebook"

CASES = [
    (MIDWAY, ["done", "pandas"]),
    (MIDWAY, ["done", "python"]),  # already done: nothing changes, nothing is written
    (MIDWAY, ["done", "numpy", "pandas"]),
    (MIDWAY, ["start", "python"]),  # done -> in progress: the card stays
    (MIDWAY, ["skip", "numpy", "py"]),
    (MIDWAY, ["reset", "python", "git"]),
    (MIDWAY, ["-t", "genai-engineer", "done", "fastapi"]),
    (MIDWAY, ["done", "fastapi", "--track", "genai-engineer"]),  # shared by both tracks
    (MIDWAY, ["done", "--track=genai-engineer", "bert", "gpt"]),
    (NOTED, ["reset", "python"]),  # notes kept in the record and in the event
    (NOTED, ["done", "python", "sql"]),
    (LINKED, ["done", "pandas"]),  # links and a study log in the record before
    ((["done", "python"], ["reset", "python"]), ["done", "python"]),  # its card before
    ((["done", "python", "--on", "2020-01-05"],), ["start", "numpy"]),
    # What a change says beyond its skills (`changes.Details`): notes, links, days, sessions.
    (MIDWAY, ["done", "numpy", "--note", "x"]),
    (MIDWAY, ["done", "numpy", "-n", 'a "quoted" note, é', "-l", URL, "--link=" + URL + "/b"]),
    (MIDWAY, ["done", "numpy", "pandas", "--on", "2026-01-01"]),
    (MIDWAY, ["start", "pandas", "--on", "yesterday"]),
    (MIDWAY, ["skip", "docker", "--on=3d"]),
    (MIDWAY, ["note", "numpy", "x"]),
    (MIDWAY, ["note", "numpy", "dated", "--on", "2026-06-01"]),
    (NOTED, ["note", "python", "--link", URL, "-l", URL]),  # the same link once
    (LINKED, ["note", "pandas", "--link", "https://example.com/x"]),  # known: no change
    (LINKED, ["note", "pandas", "-l", URL]),
    (NOTED, ["note", "python", "--delete", "1"]),  # notes taken out on purpose
    (NOTED, ["note", "python", "--delete=2"]),
    (NOTED, ["note", "python", "-d", "2", "-l", URL]),
    (NOTED, ["note", "python", "--clear"]),
    (MIDWAY, ["note", "numpy", "--clear"]),  # no notes: nothing changes, nothing is written
    (MIDWAY, ["done", "--phase", "1"]),  # every skill of a phase, as one change
    (MIDWAY, ["done", "-p", "2", "--note", "the whole phase", "-l", URL]),
    (MIDWAY, ["start", "-p", "3", "--on", "yesterday"]),
    (MIDWAY, ["skip", "--phase=4"]),
    (MIDWAY, ["reset", "-p1"]),
    (MIDWAY, ["-t", "genai-engineer", "done", "--phase", "1"]),
    (MIDWAY, ["log", "numpy", "1h"]),
    (MIDWAY, ["log", "pandas", "45m", "--note", "broadcasting", "--on", "3d"]),  # to do
    (LINKED, ["log", "pandas"]),  # no length
    (NOTED, ["log", "-t", "genai-engineer", "python", "1h30", "-n", "é\u2028"]),
]


@pytest.mark.parametrize(("before", "args"), CASES, ids=[" ".join(c[1]) for c in CASES])
def test_a_change_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    before: tuple[list[str], ...],
    args: list[str],
) -> None:
    state(capsys, *before)
    compare(capsys, monkeypatch, tmp_path, *args)


@pytest.mark.parametrize("before", [(), MIDWAY, NOTED], ids=["empty", "midway", "noted"])
def test_an_import_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    before: tuple[list[str], ...],
) -> None:
    """`import` without Typer or Rich (Pydantic reads the file): the same plan, the same files
    (the records replaced, the histories joined, a backup), and the same undo."""
    home = Path(os.environ["ROADMAP_HOME"])
    state(capsys, *LINKED, ["done", "numpy"], ["start", "python"])
    exported = tmp_path / "exported.json"
    exported.write_bytes((home / "progress.json").read_bytes())
    shutil.rmtree(home)
    home.mkdir()
    state(capsys, *before)
    out = compare(capsys, monkeypatch, tmp_path, "import", str(exported))[0]
    assert f"Imported {exported}" in out and "bundled/numpy: " in out


@pytest.mark.parametrize("fails", ["before", "after"])
def test_an_import_that_fails_around_its_save_is_made_once(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    roadmap_home: Path,
    fails: str,
) -> None:
    """A failure before the save leaves the import to the full route, nothing written; one
    after it (the file already replaced) is answered here: never imported twice."""
    from roadmap_cli.store import Store

    state(capsys, *LINKED)
    exported = tmp_path / "exported.json"
    exported.write_bytes((roadmap_home / "progress.json").read_bytes())
    state(capsys, ["reset", "pandas"], ["done", "numpy"], ["status"])
    save = Store.save

    def failing(self: Store, *args: object, **kwargs: object) -> None:
        if fails == "after":
            save(self, *args, **kwargs)  # type: ignore[arg-type]
        raise OSError("the disk went away")

    monkeypatch.setattr(Store, "save", failing)
    if fails == "before":
        falls_through(capsys, roadmap_home, ["import", str(exported)])
        return
    before = len(json.loads((roadmap_home / "progress.json").read_bytes())["events"])
    out, _, code = fast(capsys, "import", str(exported))
    assert code == 0 and f"Imported {exported}" in out
    after = json.loads((roadmap_home / "progress.json").read_bytes())
    assert len(after["events"]) == before + 2  # pandas back, numpy undone: one import each
    assert after["roadmaps"]["bundled"]["pandas"]["links"]


def coloured(monkeypatch: pytest.MonkeyPatch, colour: str, columns: str) -> None:
    """The terminal of a case of the colour and width matrix ("piped": no colour variable)."""
    monkeypatch.setenv("COLUMNS", columns)
    if colour != "piped":
        monkeypatch.setenv(colour, "1")


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
    state(capsys, *MIDWAY)
    out = compare(capsys, monkeypatch, tmp_path, "done", "numpy", "pandas", "matplotlib")[0]
    assert ("\x1b[" in out) == (colour == "FORCE_COLOR")


def test_a_phase_completed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    state(capsys, ["done", "python", "numpy", "pandas", "git"])
    out = compare(capsys, monkeypatch, tmp_path, "done", "matplotlib", "seaborn")[0]
    assert "Phase complete" in out


def test_a_custom_roadmap(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    small_roadmap: Path,
) -> None:
    state(capsys, ["--roadmap", str(small_roadmap), "done", "python"], MIDWAY[0])
    custom = ("--roadmap", str(small_roadmap))
    compare(
        capsys, monkeypatch, tmp_path, *custom, "done", "pd", "numpy", entries=(*custom, "status")
    )
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    compare(capsys, monkeypatch, tmp_path / "env", "skip", "tinyml")


def test_changes_one_after_another_stay_on_the_fast_route(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path
) -> None:
    """Each fast change keeps the entries the next one needs; the file is the full route's."""
    state(capsys, *MIDWAY, ["status"])
    for args in (["done", "pandas"], ["start", "docker"], ["done", "docker"], ["reset", "git"]):
        assert fast(capsys, *args) is not None
    history = full(capsys, "history", "-n", "4")[0]
    assert "Docker: in-progress → done" in history and "Git: skipped → todo" in history
    progress = json.loads((roadmap_home / "progress.json").read_bytes())
    assert progress["reviews"]["bundled"]["docker"] == {
        "due": "2026-06-18T12:00:00Z",
        "last_review": "2026-06-15T12:00:00Z",
    }
    assert full(capsys, "doctor")[2] == 0


FALL_THROUGH = [
    ["done"],  # no skill: the full route's error
    ["done", "no-such-skill"],
    ["done", "p"],  # ambiguous
    ["done", "numpy", "--phase", "1"],  # skills or a phase: the full route's error
    ["done", "--phase", "99"],
    ["done", "--phase"],
    ["reset", "-p", "1", "--on", "yesterday"],  # not an option of reset
    ["done", "numpy", "--help"],
    ["done", "numpy", "--"],
    ["done", "-t", "no-such-track", "numpy"],
    ["done", "numpy", "--note", " "],  # an empty note: the full route's error
    ["done", "numpy", "--link", "ftp://example.com/x"],  # not an http(s) link
    ["done", "numpy", "--on", "tomorrow"],  # a day still to come
    ["start", "numpy", "--note", "x"],  # not an option of start
    ["note", "numpy", "--delete", "1"],  # no note 1: the full route's error
    ["note", "python", "--delete", "0"],
    ["note", "python", "-d", "+1"],
    ["note", "python", "--delete", "x"],
    ["note", "python", "--delete", "1", "--clear"],
    ["note", "python", "x", "--clear"],
    ["note", "python", "--clear=1"],
    ["note", "numpy", "--on", "today"],  # a day for no note
    ["note", "numpy", "x", "y"],
    ["log"],
    ["log", "numpy", "1h", "more"],
    ["log", "numpy", "soon"],  # not a duration
    ["log", "numpy", "25h"],
]


@pytest.mark.parametrize("args", FALL_THROUGH, ids=" ".join)
def test_what_it_does_not_take_falls_through_having_written_nothing(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, args: list[str]
) -> None:
    state(capsys, *MIDWAY, ["status"])
    falls_through(capsys, roadmap_home, args)


def test_without_a_file_or_its_entries_it_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    full(capsys, "next")  # the roadmap's entry, no progress file
    assert fast(capsys, "done", "numpy") is None
    assert not progress_file.exists()
    state(capsys, *MIDWAY, ["status"])
    for kind in ("digest", "progress"):
        (entry,) = (roadmap_home / "cache").glob(f"plain-{kind}-*")
        kept = entry.read_bytes()
        entry.unlink()
        falls_through(capsys, roadmap_home, ["done", "numpy"])
        entry.write_bytes(kept)
    assert fast(capsys, "done", "numpy") is not None


def test_a_file_changed_by_hand_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """Entries are keyed by the file's bytes: one edited (even into valid JSON) has none."""
    state(capsys, *MIDWAY, ["status"])
    doc = json.loads(progress_file.read_bytes())
    doc["roadmaps"]["bundled"]["numpy"]["status"] = "done"
    progress_file.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
    falls_through(capsys, roadmap_home, ["skip", "pandas"])
    progress_file.write_text("{ damaged", encoding="utf-8")
    assert fast(capsys, "skip", "pandas") is None
    assert full(capsys, "skip", "pandas")[2] != 0


def test_the_records_are_written_back_as_read(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path
) -> None:
    """What a change does not touch is written back as it was; what this module cannot
    write as Pydantic does is a miss."""
    state(capsys, *NOTED, *LINKED, ["status"])
    raw = (roadmap_home / "progress.json").read_bytes()
    head = b"{" + raw[len(b'{"schema_version":3,') : raw.index(b',"events":[')] + b"}"
    assert plainchange.read(raw).plain_json({"schema_version", "events"}) == head
    with pytest.raises(plainchange.Miss):
        plainchange.read(raw.replace(b'"events":[', b'"events": ['))
    with pytest.raises(plainchange.Miss):
        plainchange.moment_text(datetime(2026, 1, 1, 0, 0, 0, 5, tzinfo=timezone.utc))


def test_the_light_forms_write_what_the_models_write() -> None:
    """The defaults `plainchange` fills in are the models' own."""
    full_forms = {
        "record": (plainchange.Record.blank().full_data(), SkillProgress.blank()),
        "card": (
            plainchange.Card(NOW, NOW).full_data(),
            Card.model_construct(due=NOW, last_review=NOW),
        ),
    }
    for light, model in full_forms.values():
        assert light == model.model_dump(mode="json")
    for fields, model in (
        (plainchange.NOTE_FIELDS, Note(text="x", at=NOW)),
        (plainchange.LINK_FIELDS, Link(url="https://example.com")),
        (plainchange.SESSION_FIELDS, StudySession(on=NOW)),
    ):
        assert list(fields) == list(model.model_dump())
    assert list(plainchange.EVENT_FIELDS) == list(Event.model_fields)
    assert plainchange.moment_text(NOW) == json.loads(Card(due=NOW).model_dump_json())["due"]


@pytest.mark.parametrize(
    "args", [["done", "numpy"], ["undo"], ["review", "python", "-r", "good"]], ids=" ".join
)
def test_a_concurrent_writer_is_waited_for(
    capsys: pytest.CaptureFixture[str],
    roadmap_home: Path,
    progress_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    """The fast route takes the writers' lock: held by another, it changes nothing at once
    (the full route waits, and then says so)."""
    state(capsys, *MIDWAY, ["status"])
    monkeypatch.setenv("ROADMAP_LOCK_TIMEOUT", "1")
    before = snapshot(roadmap_home)
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with fsutil.lock(progress_file.with_name("progress.json.lock")):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        held.wait(10)
        started = time.monotonic()
        assert fast(capsys, *args) is None
        assert time.monotonic() - started < 0.9  # not the full route's wait
        assert snapshot(roadmap_home) == before
        err, code = full(capsys, *args)[1:]
        assert code != 0 and "lock" in err
    finally:
        release.set()
        thread.join()
    assert fast(capsys, *args) is not None


def test_the_process_imports_no_typer_click_pydantic_rich_nor_fsrs(roadmap_home: Path) -> None:
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    for args in (["done", "python"], ["status"]):
        command = [sys.executable, "-m", "roadmap_cli", *args]
        subprocess.run(command, env=env, check=True, capture_output=True)  # the entries
    out, heavy = run_importing(["done", "numpy", "sql"], env)
    assert heavy == []
    assert "NumPy: todo → done" in out
    for args in (["log", "pandas", "30m", "-n", "ch. 2"], ["note", "sql", "joins", "-l", URL]):
        out, heavy = run_importing(args, env)
        assert heavy == []
        assert "updated" in out or "logged" in out
    progress = json.loads((roadmap_home / "progress.json").read_bytes())
    found = progress["roadmaps"]["bundled"]
    assert found["numpy"]["status"] == "done"
    assert found["pandas"]["log"][0]["minutes"] == 30
    assert found["sql"]["notes"][0]["text"] == "joins"


def _without_cards(progress_file: Path, zone: bytes = b"Z") -> None:
    """The file as one written before review cards were kept: cards backfilled when read."""
    raw = progress_file.read_bytes()
    start = raw.index(b',"reviews":')
    raw = raw[:start] + raw[raw.index(b',"events":[') :]
    progress_file.write_bytes(raw.replace(b'12:00:00Z"', b"12:00:00" + zone + b'"'))


def test_cards_backfilled_from_the_records(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    progress_file: Path,
) -> None:
    state(capsys, *MIDWAY)
    _without_cards(progress_file)
    compare(capsys, monkeypatch, tmp_path, "done", "numpy")


def test_times_it_cannot_write_as_pydantic_does_fall_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """A card backfilled from a time in another zone: the full route's, nothing written."""
    state(capsys, *MIDWAY)
    _without_cards(progress_file, b"+02:00")
    state(capsys, ["status"])
    falls_through(capsys, roadmap_home, ["done", "numpy"])
    assert fast(capsys, "start", "pandas") is not None  # no card made: taken


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "120"}])
def test_in_a_terminal_both_routes_write_the_same_bytes(
    capsys: pytest.CaptureFixture[str], progress_file: Path, env: dict[str, str]
) -> None:
    """Through a pseudo-terminal (isatty, the terminal's size): the entry point itself, each
    route making the same change to the same file."""
    from shell_helpers import in_terminal

    state(capsys, *MIDWAY, ["status"])
    before = {"COLUMNS": None, **env}
    kept = progress_file.read_bytes()
    cache = progress_file.parent / "cache"
    for entry in cache.glob("roadmap-*"):  # the full route's own: made again if it ran
        entry.unlink()
    fast_out = in_terminal("done", "numpy", "pandas", **before)
    assert progress_file.read_bytes() != kept
    assert not list(cache.glob("roadmap-*"))  # the fast route made the change
    progress_file.write_bytes(kept)  # its entries are still there
    assert fast_out == in_terminal("done", "numpy", "pandas", **before, ROADMAP_FULL_ROUTE="1")
    assert ("\x1b[" in fast_out) == (not env or "COLUMNS" in env)


# --- a long history: its digest and index kept on the fast route as on the full one --------


def long_history(progress_file: Path, events: int) -> bytes:
    """A progress file of `events` changes made over the past days (done and reset in turn,
    over skills the cases below leave alone), written as the full route writes it."""
    from datetime import timedelta

    from roadmap_cli import catalog, changes, fileformat
    from roadmap_cli.records import Progress

    roadmap = catalog.load_roadmap(cache=False)
    track = roadmap.default_track
    skills = [sid for sid in track.skill_by_id if sid not in ("python", "numpy", "pandas")]
    progress = Progress()
    for n in range(events):
        when = NOW - timedelta(days=events - n, seconds=n)
        action = ("done", "start", "reset")[n // len(skills) % 3]
        changes.apply(progress, roadmap.id, track.id, [skills[n % len(skills)]], action, when)
    raw = fileformat.serialize(progress)
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    progress_file.write_bytes(raw)
    return raw


@pytest.mark.parametrize("events", [300, 2000])
@pytest.mark.parametrize(
    "args", [["done", "numpy"], ["start", "python", "pandas"], ["skip", "numpy"]], ids=" ".join
)
def test_a_long_history_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    progress_file: Path,
    events: int,
    args: list[str],
) -> None:
    """Above DIGEST_MIN_BYTES: the history's digest and index (`historycache`) extended by
    the fast route as by the full one, byte for byte; `undo` after, the same in both."""
    from roadmap_cli.store import DIGEST_MIN_BYTES

    assert len(long_history(progress_file, events)) > DIGEST_MIN_BYTES
    home = progress_file.parent
    state(capsys, ["status"], ["history"])  # the digest's and the index's entries
    names = {p.name.split("-")[0] for p in (home / "cache").iterdir()}
    assert {"history", "events", "plain"} <= names
    compare(capsys, monkeypatch, tmp_path, *args, also=("history",))


def test_a_long_history_stays_on_the_fast_route(
    capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    """Each fast change keeps the entries the next one needs: `status` after them reads the
    digest kept (not the history), and says what the full read of the history says."""
    from roadmap_cli import cache

    long_history(progress_file, 2000)
    state(capsys, ["status"], ["history"])
    from roadmap_cli import historycache, paths
    from roadmap_cli.store import Store

    for args in (["done", "numpy"], ["start", "pandas"], ["done", "pandas"], ["reset", "numpy"]):
        assert fast(capsys, *args) is not None
        entry = Store(progress_file, paths.cache_dir()).caches.entry(progress_file.read_bytes())
        assert entry is not None and entry.is_file()  # the digest of the file written
        assert historycache.index_entry(entry).is_file()  # and its index
    kept = full(capsys, "status")
    assert "Pandas" in full(capsys, "history", "-n", "3")[0]
    for entry in (progress_file.parent / "cache").glob("*.json"):
        entry.unlink()  # every entry made again from the file itself
    assert full(capsys, "status") == kept
    assert cache.pydantic_stamp() != "none"


def test_the_history_entries_key_names_no_module_to_import(tmp_path: Path) -> None:
    """`cache.entry` stamps a module given by name as the module itself: the same key on
    both routes; and Pydantic's version is found without importing Pydantic."""
    from roadmap_cli import cache, digest, historytail, models

    source = tmp_path / "progress.json"
    by_module = cache.entry(tmp_path, "history", source, b"x", models, digest, historytail)
    by_name = cache.entry(tmp_path, "history", source, b"x", "models", "digest", "historytail")
    assert by_name == by_module
    probe = (
        "import sys\n"
        "from roadmap_cli import cache\n"
        "print(cache.pydantic_stamp(), 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    assert done.stdout.decode().split() == [cache.pydantic_stamp(), "False"]


def test_a_long_history_imports_no_typer_click_pydantic_rich_nor_fsrs(
    roadmap_home: Path, progress_file: Path
) -> None:
    long_history(progress_file, 2000)
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    command = [sys.executable, "-m", "roadmap_cli", "status"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # the entries
    digests = sorted((roadmap_home / "cache").glob("history-*"))
    out, heavy = run_importing(["done", "numpy"], env)
    assert heavy == []
    assert "NumPy: todo → done" in out
    after = sorted((roadmap_home / "cache").glob("history-*"))
    assert len(digests) == len(after) == 1 and digests != after  # the new file's digest


def test_on_a_large_roadmap_the_full_route_answers_before_the_entry_is_read(
    capsys: pytest.CaptureFixture[str],
    roadmap_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past `MAX_ROADMAP_BYTES` the full route is the faster: the fast route leaves every
    command at once, having read nothing of the roadmap's entry."""
    state(capsys, *MIDWAY, ["status"])
    read: list[object] = []
    looked = fastroute._read_entry
    monkeypatch.setattr(
        fastroute, "_read_entry", lambda *entry: read.append(entry) or looked(*entry)
    )
    before = snapshot(roadmap_home)
    monkeypatch.setattr(fastroute, "MAX_ROADMAP_BYTES", 1000)
    assert fast(capsys, "done", "numpy") is None
    assert fast(capsys, "next") is None
    assert fast(capsys, "list") is None
    assert not read
    assert snapshot(roadmap_home) == before
    monkeypatch.setattr(fastroute, "MAX_ROADMAP_BYTES", 4 * 1024 * 1024)
    assert fast(capsys, "next") is not None
    assert fast(capsys, "done", "numpy") is not None
