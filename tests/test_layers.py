"""The shape of the code: imports point one way, with no cycle among our modules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "roadmap_cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (imports for annotations only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports() -> dict[str, set[str]]:
    """Each of our modules and ours that it imports at run time, at the top or in a function."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        found: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        graph[name] = set()
        for target in found:
            while target and target.startswith("roadmap_cli"):
                if target in {module_name(p) for p in PACKAGE.rglob("*.py")} and target != name:
                    graph[name].add(target)
                    break
                target = target.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    graph = imports()
    assert graph.get("roadmap_cli.cli")
    assert cycles(graph) == []


def test_no_command_imports_the_root() -> None:
    graph = imports()
    commands = [name for name in graph if name.startswith("roadmap_cli.commands")]
    assert len(commands) >= 4
    for name in commands:
        assert "roadmap_cli.cli" not in graph[name], name


def test_the_core_imports_neither_the_edges_nor_the_libraries_of_the_edges() -> None:
    """Models, the pure core and the results know nothing of Typer, Rich, files or the CLI."""
    core = [
        "models",
        "modelcore",
        "records",
        "texts",
        "changes",
        "stats",
        "planner",
        "lookup",
        "results",
        "showcase",
        "fileresults",
        "names",
        "reviews",
    ]
    edges = {"cli", "commands", "options", "session", "maintenance", "render", "draw"}
    edges |= {"jsonview", "output", "store", "catalog", "cache", "paths", "export"}
    for name in core:
        path = PACKAGE / f"{name}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            else:
                continue
            for imported in names:
                assert not imported.startswith(("typer", "rich")), (name, imported)
                assert imported.removeprefix("roadmap_cli.") not in edges, (name, imported)


def test_every_module_says_its_job_and_stays_small() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text))
        assert doc, path
        assert len(text.splitlines()) <= 420, path


def test_models_import_nothing_above_them() -> None:
    """A model may use the errors, the name index and its own reference checks; nothing else."""
    allowed = {
        "roadmap_cli.errors",
        "roadmap_cli.names",
        "roadmap_cli.texts",
        "roadmap_cli.references",
        "roadmap_cli.modelcore",  # the methods the models share with their plain form
    }
    assert imports()["roadmap_cli.models"] <= allowed
    assert imports()["roadmap_cli.records"] <= allowed | {"roadmap_cli.models"}
