"""The wheel carries the roadmap: a plain (non-editable) install works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIP = (sys.executable, "-m", "pip")


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_repo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("roadmap_tracker-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Only now, so that pip never sees (nor uninstalls) this environment's copy: the
    # dependencies come from the running environment, after the venv's own site-packages.
    Path(site, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "ROADMAP_HOME": str(tmp_path / "home"), "COLUMNS": "80"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(bindir / "roadmap"), "list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "1. Core Programming" in result.stdout
    assert "15. Internship/Project Phase" in result.stdout
    for fmt, start in (("html", "<!DOCTYPE html>"), ("svg", "<svg ")):  # templates shipped
        shown = subprocess.run(
            [str(bindir / "roadmap"), "export", "--format", fmt],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        )
        assert shown.returncode == 0 and shown.stdout.startswith(start), shown.stderr
    where = subprocess.run(
        [str(python), "-c", "import roadmap_cli, sys; print(roadmap_cli.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in where
