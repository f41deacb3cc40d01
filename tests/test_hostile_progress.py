"""Progress and import files, and folders, that are not what they seem (issue 9).

Each test names the reproduction it pins. Every refusal is one line on stderr, exit code
non-zero, and the progress file byte for byte as it was.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import error_line
from roadmap_cli.store import Store

RID, TRACK = "bundled", "aiml-genai"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def two_done(run, progress_file: Path) -> bytes:
    ok(run("done", "python", "numpy"))
    return progress_file.read_bytes()


# --- 1. a key given twice -------------------------------------------------------------------------


def with_second_key(raw: bytes, where: str) -> bytes:
    """The file with a key repeated: appended at the top level, or inside the records."""
    body = raw.rstrip()
    if where == "top-level-after-events":  # the reproduction
        return body[:-1] + b',"roadmaps":{}}\n'
    if where == "top-level-before-events":
        return body.replace(b',"events":[', b',"roadmaps":{},"events":[', 1) + b"\n"
    if where == "skill":
        return body.replace(b'"numpy":{', b'"numpy":{"status":"todo"},"numpy":{', 1) + b"\n"
    if where == "record-field":
        return body.replace(b'{"status":"done"', b'{"status":"done","status":"todo"', 1) + b"\n"
    if where == "last-event":
        return body[:-2].replace(b'"new":"done"', b'"new":"done","new":"todo"') + b"]}\n"
    raise AssertionError(where)


WHERE = ["top-level-after-events", "top-level-before-events", "skill", "record-field"]
WHERE += ["last-event"]
COMMANDS = [["list"], ["status"], ["next"], ["export"], ["history"], ["done", "pandas"]]
COMMANDS += [["undo"], ["doctor"], ["export", "--format", "json"]]
# Commands that read the records and the file's layout, not the history (see `Store.load`).
RECORDS_ONLY = {"list", "next", "export"}


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_key_given_twice_is_refused_on_every_path(
    run, progress_file: Path, where: str, command: list[str]
) -> None:
    """`roadmap done python numpy`, then a second "roadmaps":{} appended: `list` showed two
    done skills, `status` and `doctor` 0, and the next write saved the empty state."""
    if where == "last-event" and command[0] in RECORDS_ONLY and "json" not in command:
        pytest.skip("reads only the records: the history is checked where it is read")
    damaged = with_second_key(two_done(run, progress_file), where)
    progress_file.write_bytes(damaged)
    result = run(*command)
    key = {"skill": "numpy", "record-field": "status", "last-event": "new"}.get(where, "roadmaps")
    if command == ["doctor"]:
        assert result.exit_code == 1
        assert f"has the key '{key}' twice in one object" in result.stdout
    else:
        assert f"has the key '{key}' twice in one object" in error_line(result)
    assert progress_file.read_bytes() == damaged


def test_a_key_given_twice_in_an_import_file_is_refused(
    run, progress_file: Path, tmp_path: Path
) -> None:
    before = two_done(run, progress_file)
    incoming = tmp_path / "backup.json"
    incoming.write_bytes(with_second_key(before, "top-level-after-events"))
    for args in (["import", str(incoming)], ["import", str(incoming), "--dry-run"]):
        line = error_line(run(*args))
        assert line == f"{incoming}: import file has the key 'roadmaps' twice in one object"
    assert progress_file.read_bytes() == before


def test_a_big_history_takes_the_fast_paths_and_still_sees_a_key_twice(
    run, progress_file: Path
) -> None:
    """The fast paths (records only, records and last event, the whole file validated from
    JSON) all see the key; a history above the digest's threshold takes the cached path."""
    skills = ["python", "numpy", "pandas", "git", "sql"]
    for _ in range(60):
        ok(run("done", *skills))
        ok(run("reset", *skills))
    assert progress_file.stat().st_size > 64 * 1024
    ok(run("status"))  # the digest is cached
    damaged = with_second_key(progress_file.read_bytes(), "top-level-after-events")
    progress_file.write_bytes(damaged)
    for command in (c for c in COMMANDS if c != ["doctor"]):
        assert "has the key 'roadmaps' twice" in error_line(run(*command))
    assert progress_file.read_bytes() == damaged


# --- 2. times out of range ------------------------------------------------------------------------


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


BAD_TIMES = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+23:59"]
BAD_TIMES += ["2024-03-01T12:00:00"]  # no zone: whose noon?


def with_time(raw: bytes, moment: str) -> bytes:
    doc = json.loads(raw)
    doc["events"][-1]["at"] = moment
    return json.dumps(doc).encode()


@pytest.mark.parametrize("moment", BAD_TIMES)
def test_a_time_out_of_range_is_refused_when_read(
    run, progress_file: Path, tmp_path: Path, tokyo: None, moment: str
) -> None:
    """An imported event at 9999-12-31T23:59:59Z made `status` (and under TZ=Asia/Tokyo
    history, list, show, export) end in an OverflowError traceback."""
    bad = with_time(two_done(run, progress_file), moment)
    incoming = tmp_path / "backup.json"
    incoming.write_bytes(bad)
    before = progress_file.read_bytes()
    line = error_line(run("import", str(incoming)))
    problem = (
        "a time without its time zone (such as Z or +02:00)"
        if moment.endswith("00")
        else "a time before 1970 or after 8999 (UTC)"
    )
    assert line == f"{incoming}: import file has a bad value at events.1.at: {problem}"
    assert progress_file.read_bytes() == before
    progress_file.write_bytes(bad)  # the same, written by hand
    for command in (["status"], ["history"], ["list"], ["show", "python"], ["export"]):
        line = error_line(run(*command))
        assert line.startswith(f"{progress_file}: progress file has a bad value at events.1.at")


def test_undo_refuses_a_bad_time_before_writing_anything(
    run, progress_file: Path, tokyo: None
) -> None:
    """`TZ=Asia/Tokyo roadmap undo` exited 1 with a traceback after adding an event."""
    bad = with_time(two_done(run, progress_file), "9999-12-31T23:59:59Z")
    progress_file.write_bytes(bad)
    line = error_line(run("undo"))
    assert "has a bad value at events.1.at" in line
    assert progress_file.read_bytes() == bad


def test_times_at_the_edges_of_the_range_work_everywhere(
    run, progress_file: Path, tokyo: None
) -> None:
    raw = two_done(run, progress_file)
    doc = json.loads(raw)
    doc["events"][0]["at"] = "1970-01-01T00:00:00Z"
    doc["events"][1]["at"] = "8999-12-30T23:59:59-23:59"
    progress_file.write_text(json.dumps(doc))
    for command in (["status"], ["history"], ["list"], ["export"], ["undo"]):
        ok(run(*command))


# --- 3. one rule for links ------------------------------------------------------------------------

BAD_LINKS = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>"]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_an_import_file_with_a_link_the_cli_would_refuse_is_refused(
    run, progress_file: Path, tmp_path: Path, url: str
) -> None:
    """`--link javascript:...` was refused, but an import file's javascript:, file: and
    data: links were accepted and exported as a Markdown autolink."""
    ok(run("note", "python", "--link", "https://example.org/p"))
    doc = json.loads(progress_file.read_bytes())
    doc["roadmaps"][RID][TRACK]["python"]["links"][0]["url"] = url
    incoming = tmp_path / "backup.json"
    incoming.write_text(json.dumps(doc))
    before = progress_file.read_bytes()
    line = error_line(run("import", str(incoming)))
    assert line == (
        f"{incoming}: import file has a bad value at roadmaps.{RID}.{TRACK}.python.links.0.url: "
        "not an http(s) link (the only links kept)"
    )
    assert progress_file.read_bytes() == before
    assert "is not an http(s) URL" in error_line(run("done", "python", "--link", url), 2)
    export = ok(run("export")).stdout
    assert url not in export and "https://example.org/p" in export


def test_exports_never_emit_a_link_the_rule_refuses() -> None:
    from datetime import date

    from roadmap_cli import catalog, export
    from roadmap_cli.records import Link, Progress, SkillProgress

    roadmap = catalog.load_roadmap(None)
    track = roadmap.track(TRACK)
    progress = Progress()
    links = [Link.model_construct(url=url) for url in BAD_LINKS]
    links.append(Link.model_construct(url="https://ok.example/"))
    progress.skills(roadmap.id, TRACK)["python"] = SkillProgress.model_construct(
        status="done", links=links
    )
    text = export.to_markdown(track, progress, roadmap.id, date(2024, 1, 1))
    assert "<https://ok.example/>" in text
    # the full export carries descriptions (prose may say "data:"): no link may point there
    assert not any(f"<{word}" in text for word in ("javascript", "file:", "data:"))
    assert not any(f"]({word}" in text for word in ("javascript", "file:", "data:"))


# --- 4. files that are not what they seem ---------------------------------------------------------


def test_export_to_a_device_writes_through_it(run, progress_file: Path, tmp_path: Path) -> None:
    """`roadmap export -o /dev/null` (as root) turned /dev/null into a regular file.

    A null device of its own, under tmp_path: a regression must not break the real one.
    """
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (not root?)")
    two_done(run, progress_file)
    ok(run("export", "-o", str(null)))
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "null"]


def test_export_to_a_fifo_writes_through_it(run, progress_file: Path, tmp_path: Path) -> None:
    import threading

    two_done(run, progress_file)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    ok(run("export", "-o", str(fifo)))
    reader.join(5)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"Python" in got[0]


def test_export_through_a_symlink_keeps_the_symlink(
    run, progress_file: Path, tmp_path: Path
) -> None:
    """`-o /dev/stdout` replaced the symlink; a link to a regular file has its target
    replaced atomically."""
    two_done(run, progress_file)
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    ok(run("export", "-o", str(link)))
    assert link.is_symlink() and link.resolve() == target
    assert "Python" in target.read_text()


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="no /proc here")
def test_export_to_dev_stdout_writes_to_what_the_shell_opened(tmp_path: Path) -> None:
    """`roadmap export -o /dev/stdout >> out.md` replaced the symlink, or out.md (its text and
    its mode). A link of its own to /proc/self/fd/1, as /dev/stdout is: a regression must not
    replace the real one."""
    import subprocess

    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    out = tmp_path / "out.md"
    out.write_text("kept\n")
    out.chmod(0o644)
    with out.open("ab") as handle:
        subprocess.run(
            [sys.executable, "-m", "roadmap_cli", "export", "-o", str(stdout)],
            stdout=handle,
            check=True,
        )
    text = out.read_text()
    assert text.startswith("kept\n# ") and "Python" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert stdout.is_symlink()
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_symlinked_progress_file_stays_a_symlink(
    run, progress_file: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "synced" / "progress.json"
    elsewhere.parent.mkdir()
    progress_file.parent.mkdir(parents=True)
    progress_file.symlink_to(elsewhere)
    ok(run("done", "python"))
    ok(run("done", "numpy"))
    assert progress_file.is_symlink() and progress_file.resolve() == elsewhere
    assert Store(elsewhere).load().status_map(RID, TRACK) == {"python": "done", "numpy": "done"}
    assert list(elsewhere.parent.iterdir()) == [elsewhere]  # no temporary file left
    [backup] = Store(progress_file).backups()
    assert not backup.samefile(elsewhere)


def test_import_refuses_what_is_not_a_regular_file(
    run, progress_file: Path, tmp_path: Path
) -> None:
    """`roadmap import /dev/urandom` grew to gigabytes."""
    for source in ("/dev/urandom", "/dev/zero", str(tmp_path)):
        line = error_line(run("import", source))
        assert line.startswith(f"{source}: import file is ")
        assert "not a regular file" in line or "is a folder" in line
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opened without waiting for a writer
    assert "not a regular file" in error_line(run("import", str(fifo)))
    assert not progress_file.exists()


def test_import_stops_reading_at_the_size_limit(
    run, progress_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_cli import store

    monkeypatch.setattr(store, "MAX_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b'{"schema_version":2,' + b" " * 2000 + b"}")
    line = error_line(run("import", str(big)))
    assert line == f"{big}: import file is larger than 0 MiB; refused (left untouched)"


# --- 5. backups on a full disk --------------------------------------------------------------------


def test_failed_saves_keep_every_backup_and_link_none_to_the_live_file(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk six failed `done` commands deleted the three distinct backups, left two
    slots holding the same file and made the newest backup a hard link to the live file."""
    for skill in ("python", "numpy", "pandas", "git"):
        ok(run("done", skill))
    store = Store(progress_file)
    before = {p.name: p.read_bytes() for p in store.backups()}
    assert len(before) == 3
    live = progress_file.read_bytes()
    real_replace = os.replace

    def full_disk(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == progress_file:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    for skill in ("sql", "calculus", "docker", "statistics", "probability", "regression"):
        line = error_line(run("done", skill))
        assert line.endswith("(No space left on device); nothing was changed")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in store.backups()} == before
    assert progress_file.read_bytes() == live
    for backup in store.backups():
        assert not backup.samefile(progress_file)


def test_a_backup_left_linked_to_the_live_file_is_dropped_at_the_next_save(
    run, progress_file: Path
) -> None:
    ok(run("done", "python"))
    stray = progress_file.parent / "backups" / "progress-29991231T000000000000Z-e000000001.json"
    stray.parent.mkdir(exist_ok=True)
    os.link(progress_file, stray)  # as a writer killed between the link and the rename
    ok(run("done", "numpy"))
    for backup in Store(progress_file).backups():
        assert not backup.samefile(progress_file)
    assert len(Store(progress_file).backups()) == 1


# --- 7. doctor --restore-backup on a healthy file -------------------------------------------------


def test_restore_refuses_to_replace_a_healthy_file_without_force(run, progress_file: Path) -> None:
    """`doctor --restore-backup` on a healthy file silently reverted the last change."""
    ok(run("done", "python"))
    ok(run("done", "numpy"))
    healthy = progress_file.read_bytes()
    line = error_line(run("doctor", "--restore-backup"))
    assert line.startswith(f"{progress_file}: progress file loads fine; restoring ")
    assert line.endswith("(add --force to restore anyway)")
    assert progress_file.read_bytes() == healthy
    result = ok(run("doctor", "--restore-backup", "--force"))
    assert Store(progress_file).load().status_map(RID, TRACK) == {"python": "done"}
    # The replaced file went to backups/, like any replaced file: nothing kept beside it.
    [kept] = [p for p in Store(progress_file).backups() if p.read_bytes() == healthy]
    assert result.stdout.endswith(f"the replaced file is kept as {kept}\n")
    assert list(progress_file.parent.glob("progress.json.broken-*")) == []


def test_restores_keep_a_bounded_number_of_broken_copies(run, progress_file: Path) -> None:
    """Each run kept a full `.broken-*` copy forever (15 runs = 150 MB)."""
    from roadmap_cli.store import BROKEN_KEPT

    ok(run("done", "python"))
    ok(run("done", "numpy"))
    for number in range(BROKEN_KEPT + 3):
        progress_file.write_bytes(b"{broken %d" % number)
        ok(run("doctor", "--restore-backup"))
    kept = sorted(progress_file.parent.glob("progress.json.broken-*"))
    assert [p.read_bytes() for p in kept] == [b"{broken %d" % n for n in range(3, BROKEN_KEPT + 3)]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("answer", ["n", "y"])
def test_restore_asks_on_a_terminal(run, progress_file: Path, answer: str) -> None:
    import pty
    import select
    import subprocess

    ok(run("done", "python"))
    ok(run("done", "numpy"))
    healthy = progress_file.read_bytes()
    main, other = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "roadmap_cli", "doctor", "--restore-backup"],
        stdin=other,
        stdout=other,
        stderr=other,
        env={**os.environ, "NO_COLOR": "1"},
    )
    os.close(other)
    os.write(main, answer.encode() + b"\n")
    seen = b""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # never hang the suite on a prompt left waiting
        if not select.select([main], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    else:
        proc.kill()
    assert proc.wait(10) == (0 if answer == "y" else 1)
    os.close(main)
    assert b"loads fine" in seen and b"Restore it?" in seen
    if answer == "n":
        assert progress_file.read_bytes() == healthy
    else:
        assert Store(progress_file).load().status_map(RID, TRACK) == {"python": "done"}


# --- 8. temporary files left by a kill ------------------------------------------------------------


def test_export_sweeps_temporary_files_of_killed_exports(
    run, progress_file: Path, tmp_path: Path
) -> None:
    """Temp files of `export -o` left by a kill were never swept."""
    two_done(run, progress_file)
    old = tmp_path / ".progress.md.roadmap-export-abcd1234.tmp"
    fresh = tmp_path / ".other.md.roadmap-export-efgh5678.tmp"  # a live export's, maybe
    mine = tmp_path / ".progress.md-keep.tmp"  # the user's, whatever it is
    for path in (old, fresh, mine):
        path.write_text("partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(mine, (an_hour_ago, an_hour_ago))
    ok(run("export", "-o", str(tmp_path / "progress.md")))
    assert not old.exists()
    assert fresh.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.glob("*roadmap-export*")) == [fresh.name]


def test_sweep_stale_removes_only_old_matching_files(tmp_path: Path) -> None:
    from roadmap_cli.fsutil import sweep_stale

    old, new = tmp_path / ".cache-old.tmp", tmp_path / ".cache-new.tmp"
    other = tmp_path / "notes.tmp"
    for path in (old, new, other):
        path.write_text("x")
    for path in (old, other):
        os.utime(path, (time.time() - 120, time.time() - 120))
    sweep_stale(tmp_path, ".cache-*.tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == [new.name, other.name]


# --- 9, 10. settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e9", "soon"])
def test_a_bad_lock_timeout_is_named(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """`ROADMAP_LOCK_TIMEOUT=nan` waited forever (also inf, negative)."""
    monkeypatch.setenv("ROADMAP_LOCK_TIMEOUT", value)
    line = error_line(run("done", "python"), 2)
    assert line == f"ROADMAP_LOCK_TIMEOUT='{value}' is not a number of seconds from 0 to 3600"
    assert not progress_file.exists()


def test_roadmap_home_that_is_a_file_is_named(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ROADMAP_HOME` set to a regular file said "File exists"."""
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    for command in (["done", "python"], ["list"]):
        line = error_line(run(*command))
        assert line == f"ROADMAP_HOME {home} is a file, not a folder; set it to a folder"
    monkeypatch.setenv("ROADMAP_HOME", str(home / "inside"))
    line = error_line(run("done", "python"))
    assert (
        line == f"ROADMAP_HOME {home / 'inside'} is inside a file, not a folder; set it to a folder"
    )
    assert home.read_text() == "not a folder"


# --- 11. Python's own hints -----------------------------------------------------------------------


def test_an_import_file_with_a_huge_number_is_refused_in_our_words(
    run, progress_file: Path, tmp_path: Path
) -> None:
    """A 5,000-digit integer gave "use sys.set_int_max_str_digits()" in the error."""
    incoming = tmp_path / "backup.json"
    incoming.write_bytes(b'{"schema_version":2,"events":[{"seq":' + b"9" * 5000 + b"}]}")
    line = error_line(run("import", str(incoming)))
    assert line == f"{incoming}: import file holds a number too long to be read"
