"""The core must stay usable without a browser: nothing in casegraph/ imports dash."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "casegraph"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_has_modules():
    assert len(list(CORE.rglob("*.py"))) > 5


def test_no_core_module_imports_dash():
    offenders = {
        str(path.relative_to(CORE)): sorted(m for m in imported_modules(path)
                                            if m.split(".")[0] in {"dash", "dash_cytoscape",
                                                                   "dash_table"})
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
