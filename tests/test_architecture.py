"""The structure's arrows point one way: no import cycle among dialog's modules, and the
catalogue neither imports participation nor names its endpoints (in code or templates).

Imports are read with the standard library's ast, every import in a module counts (also
those inside functions: a cycle that only bites later is still a cycle).
"""

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dialog"
TEMPLATES = ROOT / "templates"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if not _modules()[module].name == "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The dialog modules `module` imports; `from a import b` is an arrow to a.b when a.b is
    a module (as grimp counts it), else to a."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_dialog_modules():
    assert cycles(import_graph()) == []


def test_only_the_worker_entry_point_imports_the_factory():
    graph = import_graph()
    assert [name for name, targets in graph.items() if "dialog" in targets] == ["dialog.worker"]


def test_catalogue_imports_no_participation_module():
    graph = import_graph()
    offenders = {
        name: sorted(t for t in targets if t.startswith("dialog.participation"))
        for name, targets in graph.items()
        if name.startswith("dialog.catalogue")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def _participation_endpoints() -> set[str]:
    from dialog import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    names = set()
    for endpoint, view in app.view_functions.items():
        if view.__module__.startswith("dialog.participation"):
            names.add(endpoint)
    return names


ENDPOINT = re.compile(r"""(?:url_for|external_url)\(\s*["']([\w.]+)["']""")


def test_participation_endpoints_are_found():
    assert "comments.show" in _participation_endpoints()


def test_catalogue_names_no_participation_endpoint():
    forbidden = _participation_endpoints()
    sources = [
        *PACKAGE.joinpath("catalogue").rglob("*.py"),
        *TEMPLATES.joinpath("catalogue").rglob("*.html"),
    ]
    named = {
        f"{path.relative_to(ROOT)}: {endpoint}"
        for path in sources
        for endpoint in ENDPOINT.findall(path.read_text(encoding="utf-8"))
        if endpoint in forbidden
    }
    assert named == set()


def test_the_endpoint_pattern_matches():
    assert ENDPOINT.findall("url_for('comments.show', comment_id=1)") == ["comments.show"]
