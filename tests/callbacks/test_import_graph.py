"""Import circles between the panels (components/*.py), lazy imports inside functions
included: a panel that needs another's names should get them through a module both can
import, or from the core. The circles left are listed; a new one fails, and so does one
listed but gone."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

COMPONENTS = Path(__file__).resolve().parents[2] / "components"


def imports_of(path: Path) -> set[str]:
    """The components modules ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "components":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("components."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names
                      if a.name.startswith("components.")}
    return found


# pairs of panels that import each other (none left)
KNOWN: set[tuple[str, str]] = set()
# panels that reach each other through a longer chain (none left: the last group hung on
# stylesheet -> tags, and the tag rules now live in the stylesheet)
KNOWN_GROUPS: list[set[str]] = []


def panel_imports() -> nx.DiGraph:
    modules = {p.stem: p for p in COMPONENTS.glob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, other) for other in imports_of(path) & set(modules)
                             if other != name)
    return graph


def test_the_panels_that_import_each_other_are_only_the_known_ones():
    graph = panel_imports()
    pairs = {(a, b) for a, b in graph.edges if a < b and graph.has_edge(b, a)}
    assert pairs == KNOWN  # the inspector and the layout no longer import each other


def test_longer_circles_are_only_the_known_group():
    groups = [g for g in nx.strongly_connected_components(panel_imports()) if len(g) > 1]
    assert sorted(map(sorted, groups)) == sorted(map(sorted, KNOWN_GROUPS))


def test_the_inspector_reads_its_sections_without_the_page():
    assert "layout" not in imports_of(COMPONENTS / "inspector.py")
    assert "inspector" not in imports_of(COMPONENTS / "extensions.py")
