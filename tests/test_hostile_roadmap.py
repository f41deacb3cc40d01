"""Roadmap files built to hurt: duplicate keys, terminal controls, devices, FIFOs, node floods.

Each is refused with one line that names the file (and the line, where there is one), fast,
through the same loader every command uses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_cli import catalog, draw, layout, yamlsafe
from roadmap_cli.errors import DataError, printable

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    """The one-line message of the DataError that loading `path` raises."""
    with pytest.raises(DataError) as caught:
        catalog.load_roadmap(path, cache=False)
    message = str(caught.value)
    assert message.startswith(f"{path}"), message
    assert "\n" not in message
    return message


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


# --- duplicate keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "second"),
    [
        ("name: NumPy\n", "name: NumPy\n        name: Numb\n", "name", "Numb"),  # a skill
        ("id: small\n", "id: small\nid: other\n", "id", "other"),  # the top level
        ("title: Data\n", "title: Data\n        title: Dada\n", "title", "Dada"),  # a phase
        (
            "- title: Python docs\n            url: https://docs.python.org/3/",
            "- {title: Python docs, url: 'https://a.org', 'url': 'https://b.org'}",
            "url",
            "b.org",
        ),  # a flow mapping, the key quoted once
    ],
)
def test_a_key_given_twice_is_refused_with_its_line(
    tmp_path: Path, small_roadmap_text: str, old: str, new: str, key: str, second: str
) -> None:
    assert old in small_roadmap_text
    text = small_roadmap_text.replace(old, new, 1)
    path = write(tmp_path, text)
    message = refused(path)
    assert message == f"{path}:{line_of(text, second)}: key '{key}' given twice"


def test_duplicate_keys_through_validate_exit_1(run, tmp_path: Path, small_roadmap_text) -> None:
    text = small_roadmap_text.replace("name: NumPy\n", "name: NumPy\n        name: Numb\n", 1)
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 1
    line = line_of(text, "name: Numb")
    assert result.stderr == f"roadmap: error: {path}:{line}: key 'name' given twice\n"


def test_equal_keys_spelled_differently_are_one_key(tmp_path: Path) -> None:
    path = write(tmp_path, "a:\n  1: x\n  0x1: y\n")
    assert refused(path) == f"{path}:3: key '0x1' given twice"


# --- terminal controls ----------------------------------------------------------------------

HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x07\x1b[2J",  # clipboard write, screen clear
    "\x9b2J",  # C1 CSI
    "\x85",  # C1 next line
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\x7f",  # DEL
    "\x00",
]


@pytest.mark.parametrize("bad", HOSTILE, ids=[f"U+{ord(b[0]):04X}" for b in HOSTILE])
@pytest.mark.parametrize(
    ("old", "template"),
    [
        ("url: https://docs.python.org/3/", 'url: "https://x.org/{}"'),
        ("name: NumPy", 'name: "Num{}Py"'),
        ("title: Data\n", 'title: "Da{}ta"\n'),
        ("goals: Write code", 'goals: "Write {}code"'),
        ("aliases: [py]", 'aliases: ["p{}y"]'),
    ],
)
def test_terminal_controls_in_any_text_are_refused_with_the_line(
    tmp_path: Path, small_roadmap_text: str, old: str, template: str, bad: str
) -> None:
    escaped = bad.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    new = template.format(escaped)
    text = small_roadmap_text.replace(old, new, 1)
    path = write(tmp_path, text)
    message = refused(path)
    line = line_of(text, new.strip())
    assert message.startswith(f"{path}:{line}: ")
    assert "control character" in message
    assert bad not in message


def test_a_raw_escape_in_a_url_never_reaches_show(run, tmp_path, small_roadmap_text) -> None:
    text = small_roadmap_text.replace(
        "url: https://docs.python.org/3/", 'url: "https://x.org/\\e]52;c;SGVsbG8=\\a\\e[2J"'
    )
    path = write(tmp_path, text)
    for args in (("validate", str(path)), ("--roadmap", str(path), "show", "programming")):
        result = run(*args)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout + result.stderr
        assert re.match(rf"roadmap: error: {re.escape(str(path))}:\d+: ", result.stderr)


def test_line_breaks_are_kept_in_multi_line_text_only(tmp_path, small_roadmap_text) -> None:
    goals = "goals: |\n          Write code\n          \tthen test it"
    path = write(tmp_path, small_roadmap_text.replace("goals: Write code", goals, 1))
    phase = catalog.load_roadmap(path, cache=False).track("basics").phase_by_id["programming"]
    assert phase.goals == "Write code\n\tthen test it"
    text = small_roadmap_text.replace("name: NumPy", 'name: "Num\\nPy"', 1)
    message = refused(write(tmp_path, text))
    assert message.startswith(f"{tmp_path / 'roadmap.yaml'}:{line_of(text, 'Num')}: ")
    assert "skills[numpy].name" in message


@pytest.mark.parametrize("bad", ["\x1b[2J", "\x9b", "\u202e", "\u2066", "\x85", "\x7f", "\x07"])
def test_display_escapes_controls_in_text_that_arrives_another_way(bad: str) -> None:
    for shown_text in (draw.safe(f"a{bad}b\nc"), printable(f"a{bad}b")):
        assert bad not in shown_text
        assert shown_text.startswith("a\\") and "b" in shown_text
    assert draw.safe("a\nb") == "a\nb"


# --- not a regular file; too big ------------------------------------------------------------


def test_a_fifo_is_refused_without_hanging(run, tmp_path: Path) -> None:
    fifo = tmp_path / "roadmap.yaml"
    os.mkfifo(fifo)
    for args in (("validate", str(fifo)), ("--roadmap", str(fifo), "list")):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == f"roadmap: error: {fifo}: not a regular file\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading_it_all(run) -> None:
    for args in (("validate", "/dev/zero"), ("--roadmap", "/dev/zero", "list")):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == "roadmap: error: /dev/zero: not a regular file\n"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"{tmp_path}: not a regular file"


def test_size_limit_counts_the_bytes_read(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "# " + "x" * 100 + "\n")
    monkeypatch.setattr(catalog, "MAX_ROADMAP_BYTES", 50)
    message = refused(path)
    assert message == f"{path}: roadmap file is over the 50-byte limit"
    monkeypatch.setattr(catalog, "MAX_ROADMAP_BYTES", 103)
    with pytest.raises(DataError, match="roadmap file is empty"):
        catalog.load_roadmap(path, cache=False)


# --- bounded work ---------------------------------------------------------------------------


def test_a_flood_of_nodes_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a: [" + ",".join(["1"] * 1_000_000) + "]\n")
    assert path.stat().st_size < catalog.MAX_ROADMAP_BYTES
    message = refused(path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}:1: more than {yamlsafe.MAX_NODES:,} values in one roadmap",
        message,
    )


def test_the_node_limit_is_well_above_a_50000_skill_roadmap(tmp_path: Path) -> None:
    ids = [f"s{n}" for n in range(50_000)]
    lines = ["id: big", "title: Big", "tracks:", "- id: big", "  title: Big", "  skills:"]
    lines += [f"  - {{id: {sid}, name: {sid}}}" for sid in ids]
    lines.append("  phases:")
    for p in range(0, len(ids), 50):
        lines.append(f"  - {{id: p{p}, title: P{p}, skills: [{','.join(ids[p : p + 50])}]}}")
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size <= catalog.MAX_ROADMAP_BYTES
    roadmap = catalog.load_roadmap(path, cache=False)
    assert len(roadmap.default_track.skills) == 50_000


def big_roadmap_text(skills: int) -> str:
    """A roadmap in the benchmark's block style: 50 skills a phase, one line per field."""
    ids = [f"skill-{n:05d}" for n in range(skills)]
    lines = ["schema_version: 1", "id: big", "title: Big", "tracks:", "  - id: big"]
    lines += ["    title: Big track", "    skills:"]
    for sid in ids:
        lines += [f"      - id: {sid}", f"        name: Skill {sid[6:]}"]
    lines.append("    phases:")
    for p in range(0, len(ids), 50):
        lines += [f"      - id: phase-{p}", f"        title: Phase {p}"]
        lines.append(f"        skills: [{', '.join(ids[p : p + 50])}]")
    return "\n".join(lines) + "\n"


def test_a_50000_skill_roadmap_in_block_style_is_within_the_limits(tmp_path: Path) -> None:
    path = write(tmp_path, big_roadmap_text(50_000))
    assert path.stat().st_size > 3 * 1024 * 1024  # over the old 2 MiB limit
    roadmap = catalog.load_roadmap(path, cache=False)
    assert len(roadmap.default_track.skills) == 50_000


def test_a_file_one_byte_over_the_size_limit_is_refused_with_one_line(tmp_path: Path, run) -> None:
    text = big_roadmap_text(100)
    pad = catalog.MAX_ROADMAP_BYTES - len(text.encode()) - 1
    path = write(tmp_path, text + "#" + " " * (pad - 1) + "\n")
    assert path.stat().st_size == catalog.MAX_ROADMAP_BYTES
    assert len(catalog.load_roadmap(path, cache=False).default_track.skills) == 100
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    result = run("--roadmap", str(path), "list")
    assert result.exit_code == 1
    limit = f"{catalog.MAX_ROADMAP_BYTES:,}"
    assert result.stderr == f"roadmap: error: {path}: roadmap file is over the {limit}-byte limit\n"
    assert result.stdout == ""


# --- deep nesting, long numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # beyond libyaml's own limit
        "a: " + "[" * 40 + "]" * 40 + "\n",  # below it: only ours
        "a: " + "{b: " * 2_000 + "c" + "}" * 2_000 + "\n",
        "".join(f"{' ' * n}k:\n" for n in range(40)) + " " * 40 + "k: v\n",  # block style
    ],
    ids=["flow-100k", "flow-40", "mapping-2k", "block-40"],
)
def test_deep_nesting_is_refused_with_our_message(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    message = refused(path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+: nested more than {yamlsafe.MAX_DEPTH} levels deep", message
    )


def test_a_nesting_error_from_a_dependency_is_ours_too(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == f"roadmap: error: {path}:1: nested more than 32 levels deep\n"


@pytest.mark.parametrize("digits", ["1" * 5000, "-" + "9" * 4400, "0" + "7" * 6000, "1" * 101])
def test_a_huge_number_is_refused_in_our_words(tmp_path: Path, digits: str) -> None:
    path = write(tmp_path, f"id: x\ntitle: y\nnumber:\n  {digits}\n")
    message = refused(path)
    assert message == f"{path}:4: a number too long"
    assert "sys." not in message and "set_int_max_str_digits" not in message


@pytest.mark.parametrize("value", ["!!timestamp 2020-99-99", "!!timestamp nope", "!!binary @@@"])
def test_a_value_its_tag_cannot_read_is_refused_with_its_line(tmp_path: Path, value: str) -> None:
    """Found by the fuzz test: PyYAML's timestamp constructor ends in an AttributeError."""
    path = write(tmp_path, f"id: x\ntitle: y\nwhen: {value}\n")
    message = refused(path)
    assert message.startswith(f"{path}:3")


# --- empty phases ---------------------------------------------------------------------------


@pytest.mark.parametrize("skills", ["skills: []", "tag: none"], ids=["empty", "missing"])
def test_a_phase_without_skills_is_refused(tmp_path, small_roadmap_text, skills) -> None:
    text = small_roadmap_text.replace("skills: [tinyml]", skills, 1)
    text = text.replace("      - id: tinyml\n        name: TinyML\n", "", 1)
    path = write(tmp_path, text)
    message = refused(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: tracks\[basics\]\.phases\[edge\]", message)
    assert message.endswith("phase 'edge' lists no skills")


def test_columns_of_no_rows_print_nothing() -> None:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    layout.columns(Console(file=out, width=80), [])
    assert out.getvalue() == ""
