"""Start-up benchmark: each command's median wall time as a ratio to the stack's own floor.

    python benchmarks/bench.py [--rounds N]

The floor F is a script that imports Typer, Rich's console and Pydantic and defines one model:
the unavoidable cost of this project's stack. `roadmap` turns the cycle collector off while it
runs and freezes the heap at exit (see `__main__`), so a second floor, F like for like, gets the
same treatment: the ratio to it shows what is left once that trick is counted out. A third,
the floor of `validate` of a roadmap nothing has loaded (Pydantic, PyYAML and the file's
YAML events, like for like), shows what that check costs before a line of ours. Every
command, the floors and the peers found on PATH (`task`, `watson`, `jrnl`, each with its own
throwaway data; absent ones are skipped) run interleaved in each round, in a shuffled order, so
machine noise hits them alike. The table gives the median wall time, its ratio to F with a 90%
range, the ratio to F like for like, the target (a ratio to F) and the peak RSS.

Standard library and the project only. Run it with the Python that has `roadmap` installed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """\
import typer, rich.console
from pydantic import BaseModel
class M(BaseModel):
    x: int
"""

# The floor as `roadmap` runs: the collector off from the start, the heap frozen at exit.
FLOOR_LIKE_FOR_LIKE = "import gc\ngc.disable()\n" + FLOOR + "gc.freeze()\n"

# What checking a roadmap file nothing has loaded yet costs before a line of ours, like for
# like: Pydantic and one model, PyYAML, and the file read through libyaml's events alone.
FLOOR_VALIDATE = """\
import gc
gc.disable()
import sys
from pydantic import BaseModel
class M(BaseModel):
    x: int
import yaml
with open(sys.argv[1], encoding="utf-8") as file:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(file.read())
while loader.check_event():
    loader.get_event()
gc.freeze()
"""

PHASES, SKILLS_PER_PHASE, EVENTS = 200, 50, 10_000
HUGE_PHASES = 1_000  # 50,000 skills, for `list` and `export` only (issue 15)
LONG_HISTORY = 100_000  # events on the bundled roadmap, for `history`, `undo` and `done`
COMPLETION_TARGET = 0.20  # Tab runs on every key press: issue 15
DAILY_TARGET = 0.60  # next, status, done X and the dashboard, bundled (the fast route): issue 15
HUGE_TARGET = 3.0  # `list` and `export` at 50,000 skills: issue 15
OTHER_TARGET = 1.00  # every other command, bundled, to the floor *like for like*: issue 15


def skill_ids(phases: int = PHASES) -> list[str]:
    return [f"skill-{n:05d}" for n in range(phases * SKILLS_PER_PHASE)]


def build_big_roadmap(path: Path, phases: int = PHASES) -> list[str]:
    """A roadmap of 50 skills a phase (10,000 in 200 phases by default); returns the ids."""
    lines = ["schema_version: 1", "id: big", "title: Big benchmark roadmap", "tracks:"]
    lines += ["  - id: big", "    title: Big track", "    skills:"]
    ids = skill_ids(phases)
    for sid in ids:
        lines += [f"      - id: {sid}", f"        name: Skill {sid[6:]}"]
    lines.append("    phases:")
    for p in range(phases):
        chunk = ids[p * SKILLS_PER_PHASE : (p + 1) * SKILLS_PER_PHASE]
        lines += [
            f"      - id: phase-{p:03d}",
            f"        number: {p + 1}",
            f"        title: Phase {p + 1}",
            f"        goals: Learn the skills of phase {p + 1}",
            f"        skills: [{', '.join(chunk)}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def build_big_history(home: Path, ids: list[str]) -> None:
    """10,000 events on the big roadmap, written through the project's own store."""
    from roadmap_cli import changes
    from roadmap_cli.clock import utcnow
    from roadmap_cli.records import Progress
    from roadmap_cli.store import Store

    rng = random.Random(7)
    progress = Progress()
    now = utcnow()
    actions = ("done", "start", "skip", "reset")
    # Keep the first phases open so `next` and `done` have work to do.
    pool = ids[SKILLS_PER_PHASE * 20 :]
    while len(progress.events) < EVENTS:
        changes.apply(progress, "big", "big", [rng.choice(pool)], rng.choice(actions), now)
    home.mkdir(parents=True, exist_ok=True)
    Store(home / "progress.json").save(progress)


def build_long_history(home: Path) -> None:
    """100,000 events on the bundled roadmap's default track, through the project's store."""
    from roadmap_cli import changes
    from roadmap_cli.clock import utcnow
    from roadmap_cli.records import Progress
    from roadmap_cli.store import Store

    rng = random.Random(15)
    progress = Progress()
    now = utcnow()
    skills = ["python", "numpy", "pandas", "git", "sql", "calculus", "statistics"]
    while len(progress.events) < LONG_HISTORY:
        action = rng.choice(("done", "start", "skip", "reset"))
        changes.apply(progress, "bundled", "aiml-genai", [rng.choice(skills)], action, now)
    home.mkdir(parents=True, exist_ok=True)
    Store(home / "progress.json").save(progress)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one process (which must succeed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()}")
    rss_kib = usage.ru_maxrss  # KiB on Linux
    return elapsed, rss_kib


def peers(work: Path, base: dict[str, str]) -> list[tuple[str, str, list[str], dict[str, str]]]:
    """The Python and C++ peers that are installed, each with its own data and a few entries,
    as (name, kind, argv, env); one that fails to set up or to run is left out, with a word."""
    found = []
    task, watson, jrnl = (shutil.which(name) for name in ("task", "watson", "jrnl"))
    if task:
        folder = work / "task"
        folder.mkdir()
        rc = folder / "taskrc"
        rc.write_text(f"data.location={folder}\nconfirmation=off\nnews.version=99.0.0\n")
        env = {**base, "TASKRC": str(rc), "TASKDATA": str(folder)}
        for text in ("study numpy", "study pandas", "study git"):
            subprocess.run([task, "add", text], env=env, capture_output=True)
        found.append(("task next", "peer", [task, "next"], env))
    if watson:
        env = {**base, "WATSON_DIR": str(work / "watson")}
        subprocess.run([watson, "start", "roadmap", "+numpy"], env=env, capture_output=True)
        found.append(("watson status", "peer", [watson, "status"], env))
    if jrnl:
        config, journal = work / "jrnl-config", work / "journal.txt"
        (config / "jrnl").mkdir(parents=True)
        journal.write_text(
            "".join(f"[2026-11-0{d} 09:00:00 AM] Studied day {d}.\nNotes.\n\n" for d in (1, 2, 3))
        )
        (config / "jrnl" / "jrnl.yaml").write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: true\nindent_character: '|'\n"
            f"journals: {{default: {{journal: {journal}}}}}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
            "version: v4.0\n"
        )
        env = {**base, "XDG_CONFIG_HOME": str(config)}
        found.append(("jrnl -n 3", "peer", [jrnl, "-n", "3"], env))
    usable = []
    for name, kind, argv, env in found:
        done = subprocess.run(argv, env=env, capture_output=True, stdin=subprocess.DEVNULL)
        if done.returncode == 0:
            usable.append((name, kind, argv, env))
        else:
            print(f"({name}: left out, it failed here: {done.stderr.decode()[:80].strip()!r})")
    return usable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=31, help="interleaved rounds (default 31)")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:  # child mode: build the fixtures, so the parent stays small
        ids = build_big_roadmap(args.build / "big.yaml")
        build_big_roadmap(args.build / "huge.yaml", HUGE_PHASES)
        build_big_history(args.build / "big-home", ids)
        build_long_history(args.build / "long-home")
        return

    # The installed command, as users and their shells run it (else the module).
    script = Path(sys.executable).with_name("roadmap")
    roadmap = [str(script)] if script.is_file() else [sys.executable, "-m", "roadmap_cli"]
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        work = Path(tmp)
        floor, floor_gc = work / "floor.py", work / "floor-like-for-like.py"
        floor.write_text(FLOOR)
        floor_gc.write_text(FLOOR_LIKE_FOR_LIKE)
        floor_validate = work / "floor-validate.py"
        floor_validate.write_text(FLOOR_VALIDATE)
        big_yaml = work / "big.yaml"
        # Built in a child process: a child's peak RSS counts the parent's memory at fork time.
        subprocess.run([sys.executable, __file__, "--build", str(work)], check=True)
        ids = skill_ids()
        small_home, big_home = work / "small-home", work / "big-home"

        base = {**os.environ, "COLUMNS": "80"}
        base.pop("ROADMAP_TRACK", None)
        # Timed as installed: pip compiles every package's bytecode, the libraries' and ours
        # alike; with this set an editable checkout would recompile our modules on each run.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        # The bundled case runs as a user would: no ROADMAP_HOME, so the folders come from
        # platformdirs (pointed at temporary ones through the XDG variables on Linux).
        small = {**base, "XDG_DATA_HOME": str(small_home), "XDG_CACHE_HOME": str(small_home)}
        small.pop("ROADMAP_FILE", None)
        small.pop("ROADMAP_HOME", None)
        big = {**base, "ROADMAP_HOME": str(big_home), "ROADMAP_FILE": str(big_yaml)}
        # 50,000 skills, no progress: what `list` and `export` cost on a huge roadmap.
        huge = {
            **big,
            "ROADMAP_HOME": str(work / "huge-home"),
            "ROADMAP_FILE": str(work / "huge.yaml"),
        }
        long_home = work / "long-home"
        long = {**small, "ROADMAP_HOME": str(long_home)}
        long_size = (long_home / "progress.json").stat().st_size

        bundled_skills = ["python", "numpy", "pandas", "git", "sql", "calculus"]
        # `validate` reads the bundled roadmap (in use: its entry is kept) and a copy of it
        # that nothing loads (as a roadmap being written: read whole each time);
        # `import --dry-run` another learner's export; `import` that and a later one in
        # turn, into a home of its own (so that every run really writes).
        from roadmap_cli.paths import bundled_roadmap_path

        bundled, mine = str(bundled_roadmap_path()), str(work / "mine.yaml")
        shutil.copyfile(bundled, mine)
        other = {**small, "ROADMAP_HOME": str(work / "other-home")}
        exports = [work / "other-progress.json", work / "other-progress-later.json"]
        for argv in (
            ["done", "python", "git"],
            ["start", "sql"],
            ["export", "-fjson", f"-o{exports[0]}"],
            ["reset", "python"],
            ["done", "numpy"],
            ["export", "-fjson", f"-o{exports[1]}"],
        ):
            subprocess.run([*roadmap, *argv], env=other, check=True, capture_output=True)
        importing = [*roadmap, "import", str(exports[0])]
        importer = {**small, "ROADMAP_HOME": str(work / "import-home")}
        counter = {"small": 0, "big": 0, "long": 0, "import": 0}

        def done_args(kind: str) -> list[str]:
            # A different skill each time, so every run really writes.
            counter[kind] += 1
            if kind in ("small", "long"):
                skill = bundled_skills[counter[kind] % len(bundled_skills)]
                action = "done" if counter[kind] // len(bundled_skills) % 2 == 0 else "reset"
                return [*roadmap, action, skill]
            return [*roadmap, "done", ids[counter[kind]]]

        cases: list[tuple[str, str, object, dict[str, str], float | None]] = [
            ("floor F", "-", [sys.executable, str(floor)], base, None),
            ("floor F like for like", "-", [sys.executable, str(floor_gc)], base, None),
            ("roadmap --version", "bundled", [*roadmap, "--version"], small, 0.5),
        ]
        # What each shell runs on Tab: (name, roadmap, words typed, shell, a word it offers).
        tabs = [
            ("done pa<Tab>", "bundled", "done pa", "bash", "pandas"),
            ("list --phase ma<Tab>", "bundled", "list --phase ma", "bash", "machine-learning"),
            ("use g<Tab>", "bundled", "use g", "bash", "genai-engineer"),
            ("show py<Tab> (zsh)", "bundled", "show py", "zsh", '"python":"Python"'),
            ("start nu<Tab> (fish)", "bundled", "start nu", "fish", "numpy\tNumPy"),
            ("done skill-012<Tab>", "10k", "done skill-012", "bash", "skill-01299"),
        ]
        for kind, env, limits in (("bundled", small, (1.10, 1.25)), ("10k", big, (1.5, 2.0))):
            fast, slow = limits
            daily = DAILY_TARGET if kind == "bundled" else fast
            # Bundled, every other command is held to the floor like for like (issue 15).
            other = OTHER_TARGET if kind == "bundled" else None
            cases += [
                ("roadmap next", kind, [*roadmap, "next"], env, daily),
                ("roadmap done X", kind, "small" if kind == "bundled" else "big", env, daily),
                ("roadmap status", kind, [*roadmap, "status"], env, daily),
                ("roadmap (dashboard)", kind, roadmap, env, daily),
                ("roadmap review", kind, [*roadmap, "review"], env, other or fast),
                ("roadmap list", kind, [*roadmap, "list"], env, other or slow),
                ("roadmap export", kind, [*roadmap, "export"], env, other or slow),
            ]
            if kind == "bundled":  # the other commands a learner runs most
                cases += [
                    ("roadmap show python", kind, [*roadmap, "show", "python"], env, other),
                    ("roadmap history", kind, [*roadmap, "history"], env, other),
                    ("roadmap search learn", kind, [*roadmap, "search", "learn"], env, other),
                    ("roadmap tracks", kind, [*roadmap, "tracks"], env, other),
                    ("roadmap goal", kind, [*roadmap, "goal"], env, other),
                    ("roadmap note python", kind, [*roadmap, "note", "python"], env, other),
                    ("roadmap history --all", kind, [*roadmap, "history", "--all"], env, other),
                    ("roadmap where", kind, [*roadmap, "where"], env, other),
                    ("roadmap export -f json", kind, [*roadmap, "export", "-fjson"], env, other),
                    # The commands about files, run now and then.
                    ("roadmap schema", kind, [*roadmap, "schema"], env, other),
                    ("roadmap doctor", kind, [*roadmap, "doctor"], env, other),
                    (
                        "roadmap validate (in use)",
                        kind,
                        [*roadmap, "validate", bundled],
                        env,
                        other,
                    ),
                    # Not the bundled roadmap: a file being written, read whole each time. No
                    # target of issue 15's; its own floor is measured below.
                    ("roadmap validate (new)", kind, [*roadmap, "validate", mine], env, None),
                    ("roadmap import --dry-run", kind, [*importing, "--dry-run"], env, other),
                    ("roadmap import", kind, "import", importer, other),
                ]
            for name, where, typed, shell, _ in tabs:
                if where == kind:
                    tab = {**env, **tab_request(shell, typed)}
                    cases.append((f"roadmap {name}", kind, roadmap, tab, COMPLETION_TARGET))
        cases += [
            ("roadmap list", "50k", [*roadmap, "list"], huge, HUGE_TARGET),
            ("roadmap export", "50k", [*roadmap, "export"], huge, HUGE_TARGET),
        ]
        # A long history: what these commands read of it (issue 15). Each undo undoes the
        # next batch back; the history is long enough for every round.
        cases += [
            # After an undo `status` reads the whole history again (an undo takes changes out
            # of its digest). It is also what `history` reads the history's end as plain data
            # on trust of: a file validated whole, then changed only here (a learner runs
            # `status` now and then; without it `history` takes the full route every time).
            ("roadmap status", "100k", [*roadmap, "status"], long, None),
            ("roadmap history", "100k", [*roadmap, "history"], long, 1.5),
            ("roadmap undo", "100k", [*roadmap, "undo"], long, 1.5),
            ("roadmap done X", "100k", "long", long, None),
        ]
        # Their peak RSS targets, in KiB (issue 15): checked in the `ok` column too.
        rss_limits = {
            ("roadmap history", "100k"): 100 * 1024,
            ("roadmap undo", "100k"): 100 * 1024,
            ("roadmap done X", "100k"): (2 * long_size + 40 * 2**20) // 1024,
        }
        floor_of_validate = [sys.executable, str(floor_validate), mine]
        cases.append(("floor of validate (new)", "-", floor_of_validate, base, None))
        cases += [(*peer, None) for peer in peers(work, base)]

        def argv_of(case: tuple) -> list[str]:
            spec = case[2]
            if spec == "import":  # each export in turn: every import changes the records
                counter["import"] += 1
                return [*roadmap, "import", str(exports[counter["import"] % 2])]
            return done_args(spec) if isinstance(spec, str) else spec

        for case in cases:  # warm-up: builds the roadmap caches, fills the OS file cache
            run(argv_of(case), case[3])
        for name, _, _, _, offered in tabs:  # completion must really offer what it should
            env = next(case[3] for case in cases if case[0] == f"roadmap {name}")
            shown = subprocess.run(roadmap, env=env, capture_output=True, text=True).stdout
            if offered not in shown.splitlines() and offered not in shown:
                raise SystemExit(f"{name} did not offer {offered}: {shown[:200]!r}")

        times: dict[int, list[float]] = {i: [] for i in range(len(cases))}
        rss: dict[int, int] = dict.fromkeys(range(len(cases)), 0)
        order = list(range(len(cases)))
        for _ in range(args.rounds):
            random.shuffle(order)
            for i in order:
                elapsed, peak = run(argv_of(cases[i]), cases[i][3])
                times[i].append(elapsed)
                rss[i] = max(rss[i], peak)

        floor_median, like_median = statistics.median(times[0]), statistics.median(times[1])
        print(f"{args.rounds} interleaved rounds; Python {sys.version.split()[0]}; {roadmap[0]}")
        header = f"{'command':<34} {'roadmap':<8} {'median ms':>9} {'ratio F':>7} {'90% range':>11}"
        print(f"{header} {'like4like':>9} {'target':>7} {'peak RSS MiB':>13}  ok")
        for i, (name, kind, _, _, target) in enumerate(cases):
            median = statistics.median(times[i])
            ratio = median / floor_median
            low, high = ratio_range(times[i], times[0])
            spread = f"{low:.2f}-{high:.2f}" if i else "-"
            like = f"{median / like_median:.2f}x"
            to_like = kind == "bundled" and target == OTHER_TARGET  # the only such target
            goal = f"{target:.2f}x{'L' if to_like else ''}" if target else "-"
            checks = (
                [] if target is None else [(median / like_median if to_like else ratio) <= target]
            )
            if (name, kind) in rss_limits:
                checks.append(rss[i] <= rss_limits[name, kind])
            ok = "" if not checks else ("yes" if all(checks) else "NO")
            print(
                f"{name:<34} {kind:<8} {median * 1000:>9.1f} {ratio:>6.2f}x {spread:>11} "
                f"{like:>9} {goal:>7} {rss[i] / 1024:>13.1f}  {ok}"
            )
        print(
            f"100k: a history of {LONG_HISTORY:,} events ({long_size / 2**20:.1f} MiB); targets: "
            "history and undo peak RSS <= 100 MiB, done X <= "
            f"{(2 * long_size + 40 * 2**20) / 2**20:.1f} MiB (2x the file + 40 MiB), checked in ok"
        )
        names = [case[0] for case in cases]
        validate, its_floor = (
            statistics.median(times[names.index(name)])
            for name in ("roadmap validate (new)", "floor of validate (new)")
        )
        print(
            f"validate (new): {validate / its_floor:.2f}x its own floor (Pydantic and one model, "
            "PyYAML, the file read through libyaml's events; like for like), "
            f"which is {its_floor / like_median:.2f}x the floor like for like"
        )
        print(
            "ratio F: to the plain floor; like4like: to the floor with roadmap's gc treatment "
            "(a target marked L is to that floor). "
            "90% range: where the ratio to F falls when the rounds are resampled (bootstrap); "
            "if it is wide, run more rounds."
        )


def tab_request(shell: str, typed: str) -> dict[str, str]:
    """The environment a shell's completion script gives `roadmap` for `roadmap TYPED<Tab>`."""
    line = f"roadmap {typed}"
    if shell == "bash":
        words = line.split()
        return {
            "_ROADMAP_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
    request = {"_ROADMAP_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "fish":
        request["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return request


def ratio_range(times: list[float], floor: list[float], draws: int = 1000) -> tuple[float, float]:
    """The 5th and 95th percentiles of the ratio of medians over resampled rounds.

    A round's times are drawn together (the command's and the floor's), keeping what the
    interleaving shares: how busy the machine was during that round.
    """
    rng = random.Random(1)
    rounds = range(len(times))
    ratios = []
    for _ in range(draws):
        picked = [rng.choice(rounds) for _ in rounds]
        ratios.append(
            statistics.median(times[k] for k in picked)
            / statistics.median(floor[k] for k in picked)
        )
    ratios.sort()
    return ratios[draws // 20], ratios[draws - draws // 20 - 1]


if __name__ == "__main__":
    main()
