"""CI's second run pins every direct dependency at its floor: the pins and the floors agree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floors() -> dict[str, str]:
    """Each direct dependency of pyproject.toml (runtime and test extras) and its `>=` floor."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text.split("[project]", 1)[1].split("\n[project.scripts]", 1)[0]
    found = re.findall(r'^\s+"([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)[,"]', project, re.M)
    return {name.lower(): version for name, version in found}


def pins() -> dict[str, str]:
    text = (ROOT / "ci" / "lowest.txt").read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([0-9][0-9.]*)$", text, re.M)
    return {name.lower(): version for name, version in found}


def test_every_direct_dependency_is_pinned_at_its_floor() -> None:
    expected = floors()
    assert {"typer", "rich", "pydantic", "platformdirs", "pyyaml", "pytest"} <= set(expected)
    assert pins() == expected


def test_ci_runs_the_suite_with_the_pins() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -c ci/lowest.txt -e '.[test]'" in ci
    after = ci.split("-c ci/lowest.txt", 1)[1]
    assert re.search(r"^pytest\b", after, re.M)
