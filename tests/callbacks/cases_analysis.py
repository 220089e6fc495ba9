"""Small fictional cases with known structure, shared by the analysis-panel tests."""

from __future__ import annotations

from casegraph.model import Case


def star_case(spokes: int = 6) -> Case:
    """One hub called by ``spokes`` people who never call each other."""
    case = Case(name="Star (fictional)")
    case.add_entity("hub", "person", "Hub Fictional")
    for i in range(spokes):
        case.add_entity(f"s{i}", "person", f"Spoke {i} Fictional")
        case.add_link("hub", f"s{i}", "call")
    return case


def two_cells_case() -> Case:
    """Two triangles (a b c) and (d e f) joined by the one link c - d."""
    case = Case(name="Two cells (fictional)")
    for n in "abcdef":
        case.add_entity(n, "person", f"{n.upper()} Fictional")
    for u, v in [("a", "b"), ("a", "c"), ("b", "c"), ("d", "e"), ("d", "f"), ("e", "f"),
                 ("c", "d")]:
        case.add_link(u, v, "call")
    return case


def cell_case(size: int = 6) -> Case:
    """Everyone calls everyone (a complete graph)."""
    case = Case(name="Cell (fictional)")
    for i in range(size):
        case.add_entity(f"m{i}", "person", f"Member {i} Fictional")
    for i in range(size):
        for j in range(i + 1, size):
            case.add_link(f"m{i}", f"m{j}", "call")
    return case


def phone_star_case(spokes: int = 10) -> Case:
    """People who use phones; every spoke's phone calls the boss's phone, and each spoke
    also posts once (posts are evidence, never members)."""
    case = Case(name="Phone star (fictional)")
    case.add_entity("boss", "person", "Boss Fictional")
    case.add_entity("pb", "phone", "07700 900100")
    case.add_link("boss", "pb", "uses")
    for i in range(spokes):
        case.add_entity(f"s{i}", "person", f"Runner {i} Fictional")
        case.add_entity(f"p{i}", "phone", f"07700 900{101 + i}")
        case.add_entity(f"post{i}", "post", f"Post {i}")
        case.add_link(f"s{i}", f"p{i}", "uses")
        case.add_link(f"p{i}", "pb", "call", weight=2)
        case.add_link(f"s{i}", f"post{i}", "posted")
    return case


def store_of(ws, case) -> dict:
    case_id, rev = ws.import_case(case)
    return {"case_id": case_id, "rev": rev}
