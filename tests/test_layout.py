"""Every human view fits the width it has: 60 to 200 columns, and 80 when piped.

Checked over a few states and every human command: no line wider than the width (a URL too
long for any line stands alone on its line), every URL whole on one line, wrapped text that
keeps its indent, no short last word alone, and the ids a user types never cut. Reviewed
snapshots in tests/snapshots/ pin the look at 80 columns (ROADMAP_UPDATE_SNAPSHOTS=1 rewrites
them; review the diff).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from cli_helpers import ok
from roadmap_cli import catalog
from shell_helpers import in_terminal, local_noon, write_progress

WIDTHS = (60, 80, 120, 200)
SNAPSHOTS = Path(__file__).parent / "snapshots"
URL = re.compile(r"(?:https?://|mailto:)\S+")
TABLE_MARKS = set("█▓░…")
LONG_LINK = (
    "https://github.com/example/a-very-long-repository-name/blob/main/notebooks/"
    "introduction-to-data-orchestration-process-and-benefits.ipynb"
)
SHORT_LINK = "https://example.org/short"
LONG_ID = "distributed-training-with-very-long-identifier"
CUSTOM = f"""\
schema_version: 1
id: long-names
title: A roadmap whose every name is much longer than anyone would reasonably want to type
tracks:
  - id: long-track-with-a-really-long-identifier
    title: Track title that is long enough to wrap at sixty columns and then some more
    description: >-
      A description that runs over several lines at every width below two hundred columns,
      with a link in the middle https://example.org/{"a" * 70}/end and more words after it.
    sections:
      - title: Section with items
        text: Paragraph text long enough to wrap at sixty columns, to see the indent kept.
        items:
          - An item that is long enough to wrap at sixty columns and keep its hanging indent.
          - An item ending with a link https://example.org/docs/{"b" * 80}
        resources:
          - title: A section link whose title is long enough to wrap at sixty columns too
            url: https://example.org/section/{"c" * 90}
    skills:
      - id: {LONG_ID}
        name: Distributed Training Across Many Machines With Pipeline Parallelism
        description: >-
          A description long enough to wrap several times at sixty columns, so that its
          continuation lines show whether they keep the indent of the About label.
        resources:
          - title: A resource with a long title that wraps at sixty columns or less
            url: https://example.org/resource/{"d" * 100}
            type: course
            focus: the focus of this resource, also rather long
      - id: short
        name: Short
    phases:
      - id: first-phase-with-long-name
        number: 1
        title: A first phase with a title that goes on and on beyond any bar
        tag: A Long Tag Too
        goals: Goals that are long enough to wrap at sixty columns and keep their indent there.
        outcome: An outcome
        skills: [{LONG_ID}, short]
        resources:
          - title: Phase resource
            url: https://example.org/phase/{"e" * 120}
"""


def known_urls() -> set[str]:
    """Every URL the roadmaps and the tests' links hold."""
    text = (Path(__file__).parents[1] / "data" / "roadmap.yaml").read_text(encoding="utf-8")
    found = set(URL.findall(text)) | set(URL.findall(CUSTOM)) | {LONG_LINK, SHORT_LINK}
    return found | {url.rstrip(".,;)'\"") for url in found}


KNOWN = known_urls()


# --- states -------------------------------------------------------------------------------------


def empty(run) -> list[str]:
    return []


def midway(run) -> list[str]:
    ok(run("done", "python", "numpy", "pandas", "--note", "Worked through the tutorial " * 5))
    ok(run("note", "python", "--link", LONG_LINK, "--link", SHORT_LINK))
    ok(run("start", "matplotlib"))
    ok(run("start", "generative-adversarial-networks", "--track", "genai-engineer"))
    ok(run("skip", "git"))
    return []


def complete(run) -> list[str]:
    track = catalog.load_roadmap(None).default_track
    ok(run("done", *(skill.id for skill in track.skills)))
    return []


def custom(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    path = tmp_path / "long.yaml"
    path.write_text(CUSTOM, encoding="utf-8")
    monkeypatch.setenv("ROADMAP_FILE", str(path))
    ok(run("done", "short", "--link", f"https://example.org/evidence/{'f' * 110}"))
    ok(run("start", LONG_ID))
    return [LONG_ID, "1", "long-track-with-a-really-long-identifier"]


def paced(run) -> list[str]:
    """Two weeks of progress: `status` projects a finish day (the line that wrapped)."""
    skills = catalog.load_roadmap(None).default_track.ordered_skill_ids[:12]
    changes = [(local_noon(14 - n), skill, "done") for n, skill in enumerate(skills)]
    write_progress(Path(os.environ["ROADMAP_HOME"]) / "progress.json", changes)
    assert "about" in ok(run("status")).split("Pace:")[1]
    return []


STATES = {
    "empty": empty,
    "midway": midway,
    "paced": paced,
    "complete": complete,
    "custom": custom,
}


def commands(targets: list[str]) -> list[tuple[str, ...]]:
    skill, phase, track = targets or ["python", "1", "genai-engineer"]
    shown = [("show", skill), ("show", phase), ("show", track)]
    if not targets:
        gans = ("show", "--track", "genai-engineer", "generative-adversarial-networks")
        shown += [("show", "aiml-genai"), gans]
        shown += [("list", "--track", "genai-engineer"), ("next", "--track", "genai-engineer")]
    return [
        ("list",),
        ("list", "--phase", phase),
        *shown,
        ("next", "-n", "8"),
        ("status",),
        ("history",),
        ("search", "learn"),
        ("tracks",),
    ]


@pytest.fixture(params=list(STATES))
def state(request, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    build = STATES[request.param]
    if request.param == "custom":
        return custom(run, tmp_path, monkeypatch)
    return build(run)


# --- checks -------------------------------------------------------------------------------------


def is_url_line(line: str) -> bool:
    """A line holding nothing but a URL (maybe after a bullet): it may pass the width."""
    return bool(URL.fullmatch(line.strip().removeprefix("• ")))


def check_widths(out: str, width: int) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= width or is_url_line(line), f"{cell_len(line)} > {width}: {line}"


def check_urls(out: str) -> None:
    for line in out.splitlines():
        for url in URL.findall(line):
            assert url in KNOWN, f"a URL cut or split: {url!r} in {line!r}"


def blocks(narrow: str, wide: str) -> list[tuple[str, list[str]]]:
    """Each line of the unwrapped output with the lines it took at the narrow width."""
    lines = narrow.splitlines()
    at = 0
    found = []
    for whole in wide.splitlines():
        if TABLE_MARKS & set(whole) or TABLE_MARKS & set(lines[at]):
            taken = [lines[at]]  # a table row: never wrapped, but maybe broken in two
            at += 1
            while at < len(lines) and lines[at].startswith("    "):
                if not set(lines[at].split()) <= set(whole.split()):
                    break
                taken.append(lines[at])
                at += 1
            found.append((whole, taken))
            continue
        words, taken, got = whole.split(), [], []
        while len(got) < len(words):
            taken.append(lines[at])
            got += lines[at].split()
            at += 1
        assert got == words, (whole, taken)
        found.append((whole, taken))
    assert at == len(lines)
    return found


INDENTED = re.compile(r"^(\s|[A-Z][A-Za-z]*: |Overall |\d+\. )")


def check_wrapping(narrow: str, wide: str) -> None:
    for whole, taken in blocks(narrow, wide):
        if len(taken) == 1:
            continue
        if INDENTED.match(whole):  # an indented or labelled block keeps its indent
            for line in taken[1:]:
                assert line.startswith(" "), f"continuation at column 0: {line!r} of {whole!r}"
        if len(taken) > 2 and len(taken[-1].split()) == 1 and not is_url_line(taken[-1]):
            before = taken[-2].split()  # body only: the lead is on the first line
            assert len(before) == 1 or URL.match(before[-1]), f"a word alone: {taken}"


def render(run, monkeypatch: pytest.MonkeyPatch, width: int | None, *args: str) -> str:
    if width is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(width))
    return ok(run(*args))


@pytest.mark.parametrize("width", [*WIDTHS, None], ids=[*map(str, WIDTHS), "piped"])
def test_every_command_fits_keeps_urls_whole_and_indents(
    run, monkeypatch: pytest.MonkeyPatch, state: list[str], width: int | None
) -> None:
    for args in commands(state):
        out = render(run, monkeypatch, width, *args)
        check_widths(out, width or 80)
        check_urls(out)
        if args[0] != "tracks":  # Rich's own table, wrapped cell by cell
            check_wrapping(out, render(run, monkeypatch, 2000, *args))


@pytest.mark.parametrize("width", WIDTHS)
def test_changes_and_undo_fit(run, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    vaes = "variational-autoencoders"
    outs = [
        ok(run("done", "python", "numpy", "--note", "n", "--link", LONG_LINK)),
        ok(run("start", vaes, "--track", "genai-engineer")),
        ok(run("done", "python")),
        ok(run("undo")),
        ok(run("undo")),
    ]
    for out in outs:
        check_widths(out, width)
        check_urls(out)
    assert "Variational Autoencoders (VAEs): todo → in-progress" in outs[1]


def test_at_60_columns_ids_are_never_cut(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    roadmap = catalog.load_roadmap(None)
    tracks = render(run, monkeypatch, 60, "tracks")
    for track in roadmap.tracks:
        assert re.search(rf"\s{re.escape(track.id)}\s", tracks), tracks
        listed = set(render(run, monkeypatch, 60, "list", "--track", track.id).split())
        assert {skill.id for skill in track.skills} <= listed


def test_names_take_the_room_before_bars_and_bars_shrink_before_names_are_cut(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    phase = "3. Data Handling & Preprocessing"
    at_80 = render(run, monkeypatch, 80, "status").splitlines()
    at_60 = render(run, monkeypatch, 60, "status").splitlines()
    row_80 = next(line for line in at_80 if line.startswith(phase))
    row_60 = next(line for line in at_60 if line.startswith(phase))  # whole at 60
    # Phase 7's name, with its tag and its choice, takes the room first: narrowest bars at 80.
    assert row_80.count("░") == 10
    assert row_60.count("░") == 10
    cut = next(line for line in at_60 if line.startswith("7. MLOps"))
    assert "…" in cut and cut.count("░") == 10  # cut only with the bar at its narrowest
    wide = render(run, monkeypatch, 120, "list").splitlines()
    assert re.fullmatch(r"1\. Core Programming +░{20}    0%  0/6", wide[1])  # no gap before %


def test_next_names_each_phase_once_with_its_skills_under_it(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = render(run, monkeypatch, 80, "next", "-n", "8").splitlines()
    phases = [line for line in out if line.startswith("Phase: ")]
    assert phases == ["Phase: 1. Core Programming", "Phase: 2. Mathematics for AI/ML"]
    assert sum(line.startswith("Goals: ") for line in out) == 2
    at = out.index("Phase: 2. Mathematics for AI/ML")
    # The phase has no links of its own (the Recommendations are a section of the track).
    assert out[at + 2].startswith("6. Linear Algebra  linear-algebra")  # Seaborn not ready
    assert out[at + 3].startswith("   Learn: NumPy linear algebra")  # the skill's own


def test_a_long_url_stands_whole_on_its_own_line_piped(run, monkeypatch) -> None:
    midway(run)
    out = render(run, monkeypatch, None, "show", "python").splitlines()
    assert f"  • {LONG_LINK}" in out
    assert "    (added" in "\n".join(out)


def test_in_a_terminal_lines_fit_and_urls_stay_whole_hyperlinks(tmp_path: Path) -> None:
    home = tmp_path / "pty-home"
    env = {"ROADMAP_HOME": str(home), "NO_COLOR": None, "COLUMNS": "60"}
    from shell_helpers import cli

    assert cli("note", "python", "--link", LONG_LINK, **env).returncode == 0
    for args in (("show", "python"), ("next",), ("list",), ("status",)):
        raw = in_terminal(*args, **env)
        assert "\x1b[" in raw  # styled: a real terminal
        if args[0] == "show":
            assert "\x1b]8;id=" in raw or "\x1b]8;;" in raw  # hyperlinks kept
        plain = re.sub(r"\x1b\]8;[^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", raw).replace("\r", "")
        check_widths(plain, 60)
        check_urls(plain)
        if args[0] == "show":
            assert LONG_LINK in plain


# --- snapshots ----------------------------------------------------------------------------------

DAY = re.compile(r"\d{4}-\d\d-\d\d( \d\d:\d\d)?")


@pytest.mark.parametrize("args", [("list",), ("status",), ("next",), ("show", "python")])
def test_snapshots_at_80_columns(run, monkeypatch: pytest.MonkeyPatch, args) -> None:
    midway(run)
    out = render(run, monkeypatch, 80, *args)
    out = DAY.sub(lambda m: "YYYY-MM-DD" + (" HH:MM" if m.group(1) else ""), out)
    # The heatmap's months move with the day: pinned with a set clock in test_numbers.
    out = re.sub(r"(?s)(Activity, last 26 weeks:\n).*", r"\1(the heatmap)\n", out)
    path = SNAPSHOTS / f"{'-'.join(args)}-80.txt"
    if os.environ.get("ROADMAP_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
