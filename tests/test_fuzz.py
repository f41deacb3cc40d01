"""Property tests: the loaders and the skill lookup on hostile input.

Whatever the bytes, the progress loader and the roadmap loader return a value or raise a
`RoadmapError` (shown as one line); the skill lookup returns a skill or raises a one-line
`RoadmapError` with no raw control character in it. Anything else would reach the user as a
traceback.

A read without the history (`load(history=False)`, for read-only commands) validates only the
skills' records by design; a damage inside the history shows on the next write or `doctor`.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from roadmap_cli import catalog, lookup
from roadmap_cli.errors import RoadmapError
from roadmap_cli.fileformat import serialize
from roadmap_cli.models import Roadmap, Skill
from roadmap_cli.names import normalize
from roadmap_cli.records import Progress
from roadmap_cli.store import Store

DATA = Path(__file__).parent / "data"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
V1 = (DATA / "progress" / "v1.json").read_bytes()

RECORDS_ONLY_READ = True  # load(history=False) leaves the history unchecked, by design

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # what errors.printable escapes


def breaks_lines(text: str) -> bool:
    """True when `text` holds anything str.splitlines splits on (\\n, \\r, \\x85, \\u2028...)."""
    return len(f"x{text}x".splitlines()) > 1


def assert_one_line(message: str) -> None:
    assert message, "an empty error message"
    assert not breaks_lines(message), repr(message)


# --- the progress loader ----------------------------------------------------------------------


def parse(raw: bytes, path: Path) -> tuple[Progress | None, str | None]:
    """The loaded progress, or the error message; anything but RoadmapError fails the test."""
    try:
        return Store(path).parse(raw), None
    except RoadmapError as exc:
        return None, str(exc)


def accepted_round_trips(progress: Progress, path: Path) -> None:
    """What loads must save, and load back the same (else the next write crashes or drifts)."""
    again, problem = parse(serialize(progress), path)
    assert problem is None, problem
    assert again == progress


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    """A real progress file (compact, as written, or v1) cut, spliced or with bytes changed."""
    raw = bytearray(draw(st.sampled_from([V1, serialize(Store(Path("v1")).parse(V1))])))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(raw)))
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if kind == "cut":
            del raw[where:]
        elif kind == "flip" and where < len(raw):
            raw[where] = draw(st.integers(0, 255))
        elif kind == "insert":
            raw[where:where] = draw(st.binary(min_size=1, max_size=8))
        else:
            del raw[where : where + draw(st.integers(1, 20))]
    return bytes(raw)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=600), damaged_files()))
@example(raw=b"")
@example(raw=b'{"schema_version":2')
@example(raw=b'{"schema_version":2,"roadmaps":{}')
@example(raw=b"[" * 50_000)
@example(raw=b'{"schema_version":1,"x":' + b"9" * 5000 + b"}")
@example(raw=b'\xef\xbb\xbf{"schema_version":2}')
@example(raw=b'{"schema_version":2,"events":[{"seq":1e999}]}')
def test_progress_loader_on_arbitrary_bytes(raw: bytes, tmp_path: Path) -> None:
    progress, problem = parse(raw, tmp_path / "progress.json")
    if progress is None:
        assert problem is not None
        assert problem.startswith(f"{tmp_path / 'progress.json'}: ")
        assert_one_line(problem)
    else:
        accepted_round_trips(progress, tmp_path / "progress.json")


@FUZZ
@given(raw=damaged_files())
@example(raw=V1)
@example(raw=b'{"schema_version":2,"roadmaps":{},"events":[')
@example(raw=b'{"schema_version":2,"roadmaps":{"x":1},"events":[]}')
def test_reading_without_history_agrees_with_the_full_read(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(raw)
    full, problem = parse(raw, path)
    try:
        records = Store(path).load(history=False)
    except RoadmapError as exc:
        assert str(exc) == problem  # the same one-line explanation
        return
    if full is None and RECORDS_ONLY_READ:
        return  # a damaged history in a well-formed file: found by writes and doctor
    assert full is not None, problem
    assert records.roadmaps == full.roadmaps


json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["todo", "in-progress", "done", "skipped", "finished", "2024-01-02T09:00:00Z"]),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)

FIELD = st.sampled_from(["status", "started", "finished", "note", "links", "url", "added"])
record_like = st.dictionaries(
    FIELD | st.text(max_size=6),
    st.one_of(
        json_values,
        st.lists(st.text(max_size=30) | st.fixed_dictionaries({"url": json_leaves}), max_size=3),
    ),
    max_size=5,
)
event_like = st.fixed_dictionaries(
    {
        "seq": st.integers(-2, 5) | json_leaves,
        "batch": st.integers(0, 5),
        "at": st.sampled_from(["2024-01-02T09:00:00Z", "2024-13-40T99:00:00Z", 0, None]),
        "roadmap": st.just("bundled") | json_leaves,
        "track": st.just("aiml-genai"),
        "skill": st.text(max_size=10),
        "action": st.sampled_from(["done", "start", "skip", "reset", "note", "undo", "jump"]),
        "old": st.sampled_from(["todo", "done", "x"]),
        "new": st.sampled_from(["in-progress", "skipped", 3]),
        "before": record_like | json_values,
    },
    optional={"undoes": st.integers(0, 9) | json_leaves, "extra": json_values},
)
progress_like = st.fixed_dictionaries(
    {
        "schema_version": st.sampled_from([1, 1, 2, 2, 0, -1, 3, "2", True, None, 2.0]),
        "roadmaps": st.dictionaries(
            st.text(max_size=8),
            st.dictionaries(
                st.text(max_size=10),
                st.dictionaries(st.text(max_size=10), record_like | json_values, max_size=4),
                max_size=3,
            )
            | json_values,
            max_size=3,
        )
        | json_values,
    },
    optional={"events": st.lists(event_like | json_values, max_size=4) | json_values},
)


@FUZZ
@given(doc=st.one_of(json_values, progress_like))
@example(doc={"schema_version": 1, "roadmaps": {"b": {"t": {"s": {"links": "abc"}}}}})
@example(doc={"schema_version": 1, "roadmaps": [], "events": 5})
@example(doc={"schema_version": 1, "events": [{"before": {"links": [1, None, {"url": 2}]}}]})
@example(doc={"schema_version": 2, "roadmaps": {"b": {"t": {"s": {"status": "done"}}}}})
def test_progress_loader_on_arbitrary_json(doc: Any, tmp_path: Path) -> None:
    raw = json.dumps(doc).encode()
    progress, problem = parse(raw, tmp_path / "progress.json")
    if progress is None:
        assert problem is not None
        assert_one_line(problem)
    else:
        assert progress.schema_version == 3
        accepted_round_trips(progress, tmp_path / "progress.json")


# --- the roadmap loader -----------------------------------------------------------------------


def load_roadmap(text: str, path: Path) -> tuple[Roadmap | None, str | None]:
    path.write_text(text, encoding="utf-8")
    try:
        return catalog.load_roadmap(path, cache=False), None
    except RoadmapError as exc:
        return None, str(exc)


# Tokens a hand edit (or a hostile file) may put in a value. The SAFE ones cannot put a line
# break into a key or an id; the others can (block scalars, escapes, Unicode line breaks), or
# are values YAML's constructors choke on (dates, tags, huge numbers).
SAFE_TOKENS = [
    "", "~", "null", "true", "[]", "{}", "[", "{", "]", "}", ":", "- ", "-", "'", '"', "&a",
    "*a", "!!str", "!!binary", "? ", "#", "---", "...", "%YAML 1.1", "0", "-1", "1e400",
    "0x1F", "2024-01-01", "12:30:00", "é", "\t", "  ", "x" * 300, "[python, python]",
    "{id: x}", "py", "pandas", "Python", "PANDAS", "a b", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
]  # fmt: skip
NASTY_TOKENS = [
    "|", ">", '"a\\nb"', "'a\u2028b'", "\u0085", "\x07", "2020-02-30", "!!int abc",
    "!!float x", "!!timestamp 2020-99-99", "9" * 5000, "!!python/object:os.system", "*b",
    "&a [*a, *a]", "!!set {a, b}", "!!omap [a: 1]", "!!merge <<", "<<: {x: 1}",
]  # fmt: skip
SAFE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="\\|>\ufeff",
)


@st.composite
def mutated_roadmaps(draw: st.DrawFn, nasty: bool) -> str:
    lines = SMALL.splitlines()
    tokens = SAFE_TOKENS + NASTY_TOKENS if nasty else SAFE_TOKENS
    chars = st.characters(blacklist_categories=("Cs",)) if nasty else SAFE_CHARS
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "repeat", "swap", "value", "insert", "indent"]))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "value":
            head, colon, _ = lines[i].partition(":")
            token = draw(st.sampled_from(tokens))
            lines[i] = f"{head}: {token}" if colon else lines[i] + token
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(chars, max_size=10)) + lines[i][at:]
        else:
            lines[i] = " " * draw(st.integers(0, 10)) + lines[i].lstrip()
    return "\n".join(lines) + "\n"


def test_the_small_roadmap_loads_unmutated(tmp_path: Path) -> None:
    roadmap, problem = load_roadmap(SMALL, tmp_path / "r.yaml")
    assert problem is None
    assert roadmap is not None
    assert [t.id for t in roadmap.tracks] == ["basics", "second"]


@FUZZ
@given(text=mutated_roadmaps(nasty=False))
def test_roadmap_loader_on_mutated_roadmaps(text: str, tmp_path: Path) -> None:
    roadmap, problem = load_roadmap(text, tmp_path / "r.yaml")
    if roadmap is None:
        assert problem is not None
        assert problem.startswith(f"{tmp_path / 'r.yaml'}")
        assert_one_line(problem)


@FUZZ
@given(text=mutated_roadmaps(nasty=True))
def test_roadmap_loader_raises_only_roadmap_errors_on_nasty_edits(
    text: str, tmp_path: Path
) -> None:
    roadmap, problem = load_roadmap(text, tmp_path / "r.yaml")
    assert (roadmap is None) != (problem is None)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="")
@example(text="a: 2020-02-30")
@example(text="a: !!int abc")
@example(text="x: " + "9" * 5000)
@example(text="[" * 10_000)
@example(text="a: &x [*x]")
@example(text="- " * 500 + "x")
def test_roadmap_loader_on_arbitrary_text(text: str, tmp_path: Path) -> None:
    roadmap, problem = load_roadmap(text, tmp_path / "r.yaml")
    if roadmap is None:
        assert problem is not None
        assert_one_line(problem)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_roadmap_loader_on_arbitrary_bytes(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(raw)
    try:
        catalog.load_roadmap(path, cache=False)
    except RoadmapError as exc:
        assert_one_line(str(exc))


# --- the skill lookup -------------------------------------------------------------------------

BUNDLED = catalog.load_roadmap()
TRACKS = {t.id: t for t in BUNDLED.tracks}
NAMES = sorted({n for t in BUNDLED.tracks for s in t.skills for n in (s.id, s.name, *s.aliases)})


@st.composite
def near_names(draw: st.DrawFn) -> str:
    """Real skill names, cut, re-cased, re-spaced or with something hostile spliced in."""
    name = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["prefix", "upper", "spaces", "splice", "pad"]))
    if kind == "prefix":
        return name[: draw(st.integers(0, len(name)))]
    if kind == "upper":
        return name.upper()
    if kind == "spaces":
        return name.replace("-", draw(st.sampled_from([" ", "_", "  ", "\t", "-"])))
    if kind == "splice":
        at = draw(st.integers(0, len(name)))
        return name[:at] + draw(st.text(max_size=4)) + name[at:]
    return draw(st.sampled_from([" ", "\n", "\x1b[2J", "\u200b", ""])) + name + "\u2028"


queries = st.one_of(
    st.text(),
    st.text(min_size=150, max_size=400),
    st.text(st.characters(whitelist_categories=("Cc", "Cf", "Zs", "Zl", "Zp")), max_size=20),
    near_names(),
)


@FUZZ
@given(track_id=st.sampled_from(sorted(TRACKS)), query=queries)
@example(track_id="aiml-genai", query="")
@example(track_id="aiml-genai", query="   \t\n")
@example(track_id="aiml-genai", query="\x1b[31mpandas")
@example(track_id="aiml-genai", query="p")
@example(track_id="aiml-genai", query="x" * 5000)
@example(track_id="genai-engineer", query="\x00")
def test_skill_lookup_on_arbitrary_text(track_id: str, query: str) -> None:
    track = TRACKS[track_id]
    try:
        found = lookup.resolve_skill(track, query)
    except RoadmapError as exc:
        message = str(exc)
        assert_one_line(message)
        hidden = [ch for ch in message if unicodedata.category(ch) in HIDDEN]
        assert hidden == [], repr(message)
        assert len(message) < 1000
        if len(query) > 60:
            assert query not in message  # long input is cut when quoted
        return
    assert isinstance(found, Skill)
    assert track.skill_by_id[found.id] is found
    key = normalize(query)
    names = [normalize(n) for n in (found.id, found.name, *found.aliases)]
    assert any(n.startswith(key) for n in names)  # it matched the query, exactly or by prefix


@pytest.mark.parametrize("track_id", sorted(TRACKS))
def test_every_skill_is_found_by_its_id_and_name(track_id: str) -> None:
    track = TRACKS[track_id]
    for skill in track.skills:
        assert lookup.resolve_skill(track, skill.id) is skill
        assert lookup.resolve_skill(track, f"  {skill.id.upper()}  ") is skill


# --- bugs the fuzzing found -------------------------------------------------------------------


def catalog_message(text: str, tmp_path: Path) -> str:
    roadmap, problem = load_roadmap(text, tmp_path / "r.yaml")
    assert roadmap is None
    assert problem is not None
    return problem


def test_yaml_reader_error_is_one_line(tmp_path: Path) -> None:
    assert_one_line(catalog_message("id: x\x07y\n", tmp_path))


def test_an_id_with_a_line_break_is_quoted_on_one_line(tmp_path: Path) -> None:
    text = SMALL.replace("  - id: basics", '  - id: "basics\\nmore"')
    message = catalog_message(text, tmp_path)
    assert "tracks[" in message
    assert_one_line(message)


def test_an_alias_clash_is_reported_on_one_line(tmp_path: Path) -> None:
    text = SMALL.replace("aliases: [py]", 'aliases: ["p\\ny"]').replace(
        "aliases: [pd]", 'aliases: ["P\\nY"]'
    )
    message = catalog_message(text, tmp_path)
    assert "skills[python].aliases[0]: a line break or tab in the text" in message
    assert_one_line(message)
