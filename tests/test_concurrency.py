"""Several processes against one progress file: no lost update, no torn file, no stale lock.

Writers serialize on an OS lock on `progress.json.lock`; the kernel drops it when its holder
dies. These tests use real processes: concurrent CLI workers, a writer killed with SIGKILL
at random moments, and a foreign process holding the lock.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import changes
from roadmap_cli.clock import utcnow
from roadmap_cli.records import Progress
from roadmap_cli.store import BACKUPS_KEPT, TEMP_PREFIX, Store

RID, TRACK = "bundled", "aiml-genai"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses fork, flock and SIGKILL")


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{TEMP_PREFIX}*.tmp"))


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


# --- (a) many CLI processes at once -----------------------------------------------------------

WORKERS = 8
OPS_PER_WORKER = 50
SKILLS_PER_WORKER = 3
POOL = [
    "python", "numpy", "pandas", "matplotlib", "seaborn", "git", "linear-algebra",
    "probability", "statistics", "calculus", "scikit-learn", "sql", "data-cleaning",
    "feature-engineering", "xgboost", "lightgbm", "regression", "classification",
    "clustering", "cnns", "rnns", "lstms", "optimizers", "flask", "fastapi", "docker",
]  # fmt: skip

# Each worker is one Python process running the real entry point (`roadmap_cli.cli.run`,
# what the `roadmap` script calls) once per operation: 400 interpreter start-ups would take
# minutes on two cores, and the lock between processes is exercised all the same.
WORKER = r"""
import json, sys, time
from pathlib import Path

from roadmap_cli.cli import run


def invoke(args):
    try:
        run(args)
    except SystemExit as exc:
        return exc.code or 0
    return 0


ops, start, ready = json.loads(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
invoke(["list"])  # imports and command set-up happen before the start, not in the race
ready.touch()
while not start.exists():
    time.sleep(0.001)
failed = [(op, code) for op in ops if (code := invoke(op)) != 0]
sys.stderr.write(json.dumps(failed))
sys.exit(1 if failed else 0)
"""

TARGET = {"done": "done", "start": "in-progress", "reset": "todo"}


def own_skills(worker: int) -> list[str]:
    return POOL[worker * SKILLS_PER_WORKER : (worker + 1) * SKILLS_PER_WORKER]


def plan(worker: int) -> list[list[str]]:
    """The worker's operations: mostly one skill, sometimes two, always its own skills."""
    rng = random.Random(7919 * worker + 1)
    own = own_skills(worker)
    ops = []
    for _ in range(OPS_PER_WORKER):
        action = rng.choice(sorted(TARGET))
        count = 2 if rng.random() < 0.2 else 1
        ops.append([action, *rng.sample(own, count)])
    return ops


def simulate(ops: list[list[str]]) -> tuple[dict[str, str], list[list[tuple[str, str, str]]]]:
    """Final statuses, and per changing operation the (skill, old, new) events it records."""
    status: dict[str, str] = {}
    batches = []
    for action, *skills in ops:
        events = []
        for skill in skills:
            old, new = status.get(skill, "todo"), TARGET[action]
            if old != new:  # without notes or links, a record changes iff its status does
                events.append((skill, old, new))
                status[skill] = new
        if events:
            batches.append(events)
    return status, batches


@pytest.mark.slow
def test_concurrent_cli_processes_lose_no_update(run, progress_file: Path, tmp_path: Path) -> None:
    assert len(POOL) >= WORKERS * SKILLS_PER_WORKER
    ok(run("list"))  # build the roadmap cache once, before the workers read it
    plans = [plan(i) for i in range(WORKERS)]
    start = tmp_path / "start"
    env = {**os.environ, "ROADMAP_LOCK_TIMEOUT": "60"}  # contention, not a stuck lock
    procs = []
    try:
        for i, ops in enumerate(plans):
            ready = tmp_path / f"ready-{i}"
            args = [sys.executable, "-c", WORKER, json.dumps(ops), str(start), str(ready)]
            procs.append(
                subprocess.Popen(
                    args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
                )
            )
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{i}").exists() for i in range(WORKERS)):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.01)
        start.touch()  # all released together
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    progress = Store(progress_file).load()
    expected_status: dict[str, str] = {}
    expected_batches: dict[int, list[list[tuple[str, str, str]]]] = {}
    for i, ops in enumerate(plans):
        final, batches = simulate(ops)
        expected_status.update({s: v for s, v in final.items() if v != "todo"})
        expected_batches[i] = batches

    # The final state, exactly: every skill's last status, nothing else.
    assert progress.status_map(RID) == expected_status
    assert list(progress.roadmaps) == [RID]

    # The history: every changing operation once, as one batch, in each worker's own order.
    events = progress.events
    total = sum(len(b) for batches in expected_batches.values() for b in batches)
    assert len(events) == total
    assert [e.seq for e in events] == list(range(1, total + 1))
    batch_ids = list(dict.fromkeys(e.batch for e in events))
    assert batch_ids == list(range(1, len(batch_ids) + 1))
    assert len(batch_ids) == sum(len(b) for b in expected_batches.values())
    owner = {s: i for i in range(WORKERS) for s in own_skills(i)}
    seen: dict[int, list[list[tuple[str, str, str]]]] = {i: [] for i in range(WORKERS)}
    for batch in batch_ids:
        mine = [e for e in events if e.batch == batch]
        workers = {owner[e.skill] for e in mine}
        assert len(workers) == 1, mine
        assert len({e.action for e in mine}) == 1
        assert all(e.new == TARGET[e.action] for e in mine)
        seen[workers.pop()].append([(e.skill, e.old, e.new) for e in mine])
    assert seen == expected_batches
    # Per skill, the chain of changes is unbroken: each starts where the last one ended.
    for skill in owner:
        chain = [(e.old, e.new) for e in events if e.skill == skill]
        assert all(a[1] == b[0] for a, b in itertools.pairwise(chain)), skill

    assert temp_files(progress_file.parent) == []
    assert len(Store(progress_file).backups()) == BACKUPS_KEPT


# --- (b) a writer killed at random moments ----------------------------------------------------

KILLS = 120
CYCLE = ["python", "numpy", "pandas", "sql", "git"]


def step(progress: Progress) -> None:
    """One deterministic change: the state after n changes depends on n only."""
    skill = CYCLE[len(progress.events) % len(CYCLE)]
    action = "reset" if progress.record(RID, skill).status == "done" else "done"
    changes.apply(progress, RID, TRACK, [skill], action, utcnow())


def statuses_after(n: int) -> dict[str, str]:
    toggles = Counter(CYCLE[i % len(CYCLE)] for i in range(n))
    return {skill: "done" for skill, count in toggles.items() if count % 2}


def last_logged(log: Path) -> int:
    lines = log.read_bytes().split(b"\n")[:-1] if log.exists() else []
    return int(lines[-1]) if lines else 0


def writer(path: Path, log: Path, ready: int) -> None:
    """Commit changes forever; after each commit, append the new event count to `log`."""
    store = Store(path)
    with log.open("ab", buffering=0) as out:
        os.write(ready, b"!")
        while True:
            with store.transaction() as progress:
                step(progress)
            out.write(b"%d\n" % len(progress.events))


def fork_writer(path: Path, log: Path) -> int:
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(ready_r)
            writer(path, log, ready_w)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"!"
    os.close(ready_r)
    return pid


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_never_leaves_a_torn_file(
    progress_file: Path, tmp_path: Path
) -> None:
    progress_file.parent.mkdir(parents=True)
    store = Store(progress_file)
    log = tmp_path / "committed.log"
    rng = random.Random(20240611)
    commits_by_children = 0
    write_time = 0.005  # how long a write takes here, measured as we go
    for _ in range(KILLS):
        before = last_logged(log)
        pid = fork_writer(progress_file, log)
        time.sleep(rng.uniform(0, max(0.02, 6 * write_time)))  # within the first few writes
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"the writer failed on its own (status {status})"
        assert os.WTERMSIG(status) == signal.SIGKILL

        # The file always parses, and holds a committed state: the last one logged, or the
        # one committed just before the kill, before it could be logged.
        logged = last_logged(log)
        progress = store.load()
        n = len(progress.events)
        assert n in (logged, logged + 1), (n, logged)
        assert [e.seq for e in progress.events] == list(range(1, n + 1))
        assert progress.status_map(RID) == statuses_after(n)
        commits_by_children += n - before

        # The next write (lock free at once: its holder is dead) sweeps the dead one's temp file.
        begun = time.monotonic()
        with store.transaction() as progress:
            step(progress)
        write_time = 0.8 * write_time + 0.2 * (time.monotonic() - begun)
        with log.open("ab") as out:
            out.write(b"%d\n" % (n + 1))
        assert temp_files(progress_file.parent) == []
        assert store.load().status_map(RID) == statuses_after(n + 1)

    assert commits_by_children > 0  # the kills did land among real writes
    assert len(store.load().events) == last_logged(log) >= KILLS
    backups = store.backups()
    assert len(backups) == BACKUPS_KEPT
    for backup in backups:  # every kept version is whole too
        kept = Store(backup).load()
        assert kept.status_map(RID) == statuses_after(len(kept.events))


# --- (c), (d) a lock held by another process --------------------------------------------------

HOLDER = r"""
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(300)
"""


def hold_lock(lock: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


def stop(holder: subprocess.Popen[str]) -> None:
    if holder.poll() is None:
        holder.kill()
    holder.wait()
    if holder.stdout:
        holder.stdout.close()


LOCK_TIMEOUT = 2.0  # conftest sets ROADMAP_LOCK_TIMEOUT=2


def test_a_lock_held_elsewhere_fails_the_write_in_time(run, progress_file: Path) -> None:
    assert os.environ["ROADMAP_LOCK_TIMEOUT"] == "2"
    ok(run("done", "python"))
    before = progress_file.read_bytes()
    lock = progress_file.with_name("progress.json.lock")
    holder = hold_lock(lock)
    try:
        begun = time.monotonic()
        result = run("done", "pandas")
        waited = time.monotonic() - begun
        assert result.exit_code == 1, (result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr == (
            f"roadmap: error: {lock}: another roadmap process has held the lock for 2s; "
            "nothing was changed (try again)\n"
        )
        assert LOCK_TIMEOUT <= waited < LOCK_TIMEOUT + 1
        assert progress_file.read_bytes() == before
        # Readers never lock: they still work while a writer holds it.
        assert "python" in ok(run("list")).stdout
    finally:
        stop(holder)
    assert progress_file.read_bytes() == before
    assert temp_files(progress_file.parent) == []
    assert Store(progress_file).backups() == []


def test_a_killed_lock_holder_leaves_no_stale_lock(run, progress_file: Path) -> None:
    ok(run("done", "python"))  # also builds the roadmap cache: the timing below is the lock's
    lock = progress_file.with_name("progress.json.lock")
    holder = hold_lock(lock)
    try:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    finally:
        stop(holder)
    assert lock.exists()  # the lock file stays; only the kernel's lock on it went away
    begun = time.monotonic()
    ok(run("done", "pandas"))
    assert time.monotonic() - begun < 1.5
    assert Store(progress_file).load().status_map(RID) == {
        "python": "done",
        "pandas": "done",
    }


def test_a_waiting_writer_proceeds_when_the_holder_dies(progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    lock = progress_file.with_name("progress.json.lock")
    holder = hold_lock(lock)
    env = {**os.environ, "ROADMAP_LOCK_TIMEOUT": "30"}
    try:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "roadmap_cli", "done", "pandas"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)  # it starts up and waits on the lock
        assert waiting.poll() is None
        assert not progress_file.exists()
        os.kill(holder.pid, signal.SIGKILL)
        out, err = waiting.communicate(timeout=30)
    finally:
        stop(holder)
    assert waiting.returncode == 0, err
    assert "Pandas: todo → done" in out
    assert Store(progress_file).load().status_map(RID) == {"pandas": "done"}
