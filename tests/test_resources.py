"""Typed resources: `type` is checked, shown as a label, and carried in JSON and exports."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import ok

ROADMAP = """\
schema_version: 1
id: typed
title: Typed resources
tracks:
  - id: main
    title: Main
    skills:
      - id: numpy
        name: NumPy
        resources:
          - title: NumPy documentation
            url: https://numpy.org/doc/stable/
            type: {kind}
    phases:
      - id: basics
        number: 1
        title: Basics
        skills: [numpy]
"""


def write(tmp_path: Path, kind: str) -> str:
    path = tmp_path / "typed.yaml"
    path.write_text(ROADMAP.format(kind=kind), encoding="utf-8")
    return str(path)


def test_a_resource_type_is_shown_and_carried(run, tmp_path: Path) -> None:
    path = write(tmp_path, "docs")
    assert "[docs] NumPy documentation" in ok(run("--roadmap", path, "show", "numpy"))
    shown = json.loads(ok(run("--roadmap", path, "show", "numpy", "--json")))
    assert shown["resources"][0]["type"] == "docs"
    exported = ok(run("--roadmap", path, "export"))
    assert "  - Learn: [NumPy documentation](<https://numpy.org/doc/stable/>) · docs" in exported


def test_an_unknown_resource_type_is_refused(run, tmp_path: Path) -> None:
    result = run("validate", write(tmp_path, "podcast"))
    assert result.exit_code == 1
    assert "typed.yaml:13:" in result.stderr
    assert "type" in result.stderr
