"""Markdown descriptions: rendered on a terminal, plain readable text when piped, kept as
(safe) Markdown in the Markdown export, which carries the whole track (a CommonMark parser
checks its structure); `export --brief` keeps the compact list."""

from __future__ import annotations

import io
import re
from pathlib import Path

from markdown_it import MarkdownIt
from rich.console import Console

from cli_helpers import error_line, lines, ok
from roadmap_cli import draw, prose

DATA = Path(__file__).parent / "data"


def test_piped_descriptions_are_plain_readable_text(rm) -> None:
    out = lines(ok(rm("show", "pytorch")))
    at = out.index("About: Stacks: torch, Lightning (https://lightning.ai/)")
    assert out[at + 1 : at + 3] == ["- tensors", "- autograd"]
    assert "**" not in " ".join(out) and "`" not in " ".join(out)
    track = lines(ok(rm("show", "t")))
    assert "A bold track with code." in track
    assert "• Apply with a portfolio" in track


def test_plain_text_keeps_lists_numbers_and_links() -> None:
    text = "Read *this*:\n\n1. [docs](https://d.example/)\n2. `code`\n\n> quoted"
    assert prose.plain(text) == "Read this:\n\n1. docs (https://d.example/)\n2. code\n\nquoted"
    assert not prose.is_markdown("Data is everything, 5 * 3 = 15")


def test_on_a_terminal_descriptions_are_rendered_as_markdown() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=60, color_system="standard")
    console.print(draw.described(console, "About", "**Stacks:** x\n\n- one\n- two", 60))
    text = out.getvalue()
    assert "**" not in text
    assert "\x1b[1m" in text  # bold, drawn by the terminal
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the styles are Rich's, which vary
    assert "Stacks: x" in plain
    assert [line.strip() for line in plain.splitlines() if "•" in line] == ["• one", "• two"]


def test_a_description_cannot_drive_the_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=60)
    console.print(draw.described(console, "About", "**x** \x1b[31mred", 60))
    assert "\x1b[31m" not in out.getvalue()


# --- the Markdown export --------------------------------------------------------------------


def tokens(text: str) -> list:
    return MarkdownIt("commonmark").parse(text)


def headings(text: str) -> list[tuple[str, str]]:
    found = tokens(text)
    return [
        (tok.tag, found[i + 1].content) for i, tok in enumerate(found) if tok.type == "heading_open"
    ]


def test_the_markdown_export_carries_the_whole_track(rm) -> None:
    ok(rm("done", "python", "jax"))
    text = ok(rm("export"))
    assert headings(text) == [
        ("h1", "T: progress"),
        ("h2", "Intro"),
        ("h2", "1. Basics (100%)"),
        ("h3", "Languages"),
        ("h2", "2. Frameworks (100%)"),
        ("h3", "Frameworks"),
        ("h2", "3. Vector databases (0%)"),
        ("h2", "Closing note"),
    ]
    body = text.splitlines()
    assert "**Goals:** Learn to code" in body
    assert "**Tools:** Jupyter, VS Code" in body
    assert "Choose 1 of 3: PyTorch, TensorFlow, JAX" in body
    assert "- [x] JAX (done " in text
    # the description kept as Markdown, inside the skill's item
    assert "  **Stacks:** `torch`, [Lightning](https://lightning.ai/)" in body
    assert "  - tensors" in body
    assert "  - Needs: PyTorch" in body
    assert "  - Learn: [Pinecone docs](<https://docs.pinecone.io/>) · docs" in body
    assert "- Apply with a **portfolio**" in body
    assert "- [Job board](<https://jobs.example.org/>) · tool" in body
    links = [
        child.attrGet("href")
        for tok in tokens(text)
        if tok.type == "inline"
        for child in tok.children or []
        if child.type == "link_open"
    ]
    assert links == [
        "https://lightning.ai/",
        "https://docs.pinecone.io/",
        "https://jobs.example.org/",
    ]
    items = [tok for tok in tokens(text) if tok.type == "list_item_open"]
    assert len(items) >= 12


def test_markdown_from_the_roadmap_is_made_safe_in_the_export(rm, run, tmp_path) -> None:
    text = (DATA / "format.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "          - autograd\n",
        "          - autograd\n\n          # Not a heading\n          <script>x</script> "
        "[bad](javascript:alert(1)) ![img](file:///etc/passwd)\n",
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    out = ok(run("--roadmap", str(path), "export"))
    assert "  \\# Not a heading" in out.splitlines()
    assert "&lt;script&gt;x&lt;/script&gt; \\[bad\\] !\\[img\\]" in out
    found = tokens(out)
    assert not [t for t in found if t.type in ("html_block", "html_inline")]
    assert [h for h in headings(out) if "heading" in h[1]] == []


def test_export_brief_keeps_the_compact_list(rm) -> None:
    text = ok(rm("export", "--brief"))
    assert "Stacks" not in text
    assert "Choose" not in text
    assert text.startswith("# T: progress\n")
    assert "- [ ] PyTorch" in text.splitlines()
    assert error_line(rm("export", "--brief", "--format", "json"), 2) == (
        "--brief applies to the Markdown export only"
    )


def test_plain_text_loads_no_markdown_parser(tmp_path: Path) -> None:
    """Start-up stays cheap: the Markdown parser and renderer load only for Markdown text."""
    import json
    import os
    import subprocess
    import sys

    report = (
        "names = ('markdown_it', 'rich.markdown', 'jsonschema')\n"
        "sys.stderr.write(json.dumps([n for n in names if n in sys.modules]))\n"
    )
    code = (
        "import sys, json\n"
        "from roadmap_cli.__main__ import main\n"
        "sys.argv = ['roadmap', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n" + report
    )
    env = {**os.environ, "ROADMAP_HOME": str(tmp_path)}

    def loaded(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
        )
        return json.loads(done.stderr.splitlines()[-1])

    # What the libraries load of themselves (older Typers import rich.markdown for help).
    base = subprocess.run(
        [sys.executable, "-c", "import sys, json, roadmap_cli.cli\n" + report],
        env=env,
        capture_output=True,
        text=True,
    )
    ours = [n for n in ("markdown_it", "rich.markdown") if n not in json.loads(base.stderr)]
    roadmap = str(DATA / "format.yaml")

    def ours_loaded(*args: str) -> list[str]:
        return [n for n in loaded(*args) if n in ours or n == "jsonschema"]

    assert ours_loaded("--roadmap", roadmap, "list") == []
    assert ours_loaded("--roadmap", roadmap, "show", "python") == []
    plain = ["markdown_it"] if "markdown_it" in ours else []
    assert ours_loaded("--roadmap", roadmap, "show", "pytorch") == plain  # piped: plain
