"""How tests/data/progress-v2.json was made: with the schema-2 code (commit 4e497c2), the clock
injected. Kept to show what the file holds; it needs that code to run again.

Usage: python tests/data/make_progress_v2.py HOME   (then copy HOME/progress.json)
"""

import os
import sys
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.session import Settings

os.environ["ROADMAP_HOME"] = sys.argv[1]  # folders are resolved at call time

t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
steps = [
    ["start", "numpy", "-t", "aiml-genai"],
    ["note", "numpy", "chapter 2 of the book", "-t", "aiml-genai"],
    ["done", "numpy", "pandas", "-t", "aiml-genai", "--link", "https://github.com/me/numpy-drills"],
    ["start", "numpy", "-t", "genai-engineer"],
    [
        "note",
        "numpy",
        "broadcasting again",
        "-t",
        "genai-engineer",
        "--link",
        "https://example.org/nb",
    ],
    ["skip", "pandas", "-t", "genai-engineer"],
    ["done", "cnns", "-t", "genai-engineer", "--note", "CS231n assignment 1"],
    ["done", "rnns", "-t", "genai-engineer"],
    ["undo"],
    ["start", "rnns", "-t", "aiml-genai"],
    ["note", "cnns", "also did assignment 2", "-t", "aiml-genai"],
    ["start", "linear-algebra", "-t", "aiml-genai"],
    ["done", "linear-algebra", "-t", "genai-engineer"],
    ["done", "python", "-t", "aiml-genai"],
]
r = CliRunner()
for i, args in enumerate(steps):
    now = t0 + timedelta(days=i, hours=i % 3)
    res = r.invoke(app, args, obj=Settings(clock=Clock(lambda now=now: now)))
    print(args, res.exit_code, res.output.strip()[:100])
    assert res.exit_code == 0
