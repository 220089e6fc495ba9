"""The generated case and the two apps measured by bench/paint.py.

- ``baseline``: a tiny Dash app handing dash-cytoscape the case's elements (one node per
  entity with its stored position, one edge per linked pair) through the ``elements`` prop,
  with ``layout={'name': 'preset'}`` and nothing else: no stylesheet, no other callbacks.
- ``app``: casegraph itself (``app.create_app``) on a temporary data folder holding only the
  generated case, which it opens as the default case through the case store.

Both draw the same nodes at the same positions (``casegraph.elements.scale_positions`` of
the stored layout) and the same links.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casegraph.elements import scale_positions  # noqa: E402
from casegraph.model import Case  # noqa: E402

CY_ID = "cy"
# Obviously fictional entities of one kind: a case of several kinds (people, accounts,
# emails ...) opens in the People view, accounts and emails folded into their holders, a
# different picture from the baseline's (and no cluster overview). No phones (their identity
# key needs a real-looking number). Until 2026-11-30 the case mixed person, account, email,
# vehicle and organisation.
TYPES = ("person",)


def make_case(n: int, seed: int = 7) -> Case:
    """A fictional case of ``n`` entities, about 2.5 links each, with stored positions.

    A random geometric graph (neighbours in space are linked, so the stored layout is
    meaningful and the clusters are regions of it) plus one hub per 100 entities linked to
    20 entities around it.
    """
    radius = math.sqrt(4.3 / (math.pi * n))
    graph = nx.random_geometric_graph(n, radius, seed=seed)
    case = Case(name=f"Generated ring ({n:,} entities)", directed=False)
    for node in graph:
        kind = TYPES[node % len(TYPES)]
        label = {"account": f"@entity_{node}", "email": f"entity.{node}@example.org"}.get(
            kind, f"Entity {node}")
        case.add_entity(f"n{node}", kind, label)
    for i, (u, v) in enumerate(graph.edges()):
        case.add_link(f"n{u}", f"n{v}", "call", weight=1 + (u + v) % 5, key=f"e{i}")
    pos = nx.get_node_attributes(graph, "pos")
    for h in range(0, n, 100):
        x, y = pos[h]
        near = sorted(graph, key=lambda m: (pos[m][0] - x) ** 2 + (pos[m][1] - y) ** 2)
        for m in near[1:21]:
            if not graph.has_edge(h, m):
                case.add_link(f"n{h}", f"n{m}", "call", key=f"h{h}-{m}")
    case.positions = {f"n{node}": (float(x) * 1000, float(y) * 1000)
                      for node, (x, y) in pos.items()}
    return case


def baseline_elements(case: Case) -> list[dict]:
    """What a straightforward app hands to dash-cytoscape for this case."""
    placed = scale_positions(case.positions)
    nodes = [{"data": {"id": node, "label": data["label"], "type": data["type"]},
              "position": {"x": placed[node][0], "y": placed[node][1]}}
             for node, data in case.graph.nodes(data=True)]
    pairs = {tuple(sorted((u, v))) for u, v in case.graph.edges() if u != v}
    edges = [{"data": {"id": f"{u}~{v}", "source": u, "target": v}} for u, v in sorted(pairs)]
    return nodes + edges


def link_pairs(case: Case) -> int:
    """Number of edges both apps draw (parallel links collapsed, as casegraph does)."""
    return len({tuple(sorted((u, v))) for u, v in case.graph.edges() if u != v})


def baseline_server(sizes: list[int]):
    """One Flask server carrying one baseline Dash app per size at ``/baseline/<n>/``."""
    import dash_cytoscape as cyto
    import flask
    from dash import Dash, html

    server = flask.Flask(__name__)
    for n in sizes:
        app = Dash(__name__, server=server, url_base_pathname=f"/baseline/{n}/",
                   serve_locally=True)
        app.layout = html.Div([cyto.Cytoscape(
            id=CY_ID, elements=baseline_elements(make_case(n)), layout={"name": "preset"},
            style={"width": "100%", "height": "900px"})])
    return server


def casegraph_app(n: int, data_dir: str):
    """casegraph on ``data_dir`` with the generated case as its only (default) case.

    The case is imported and analysed before serving: opening a stored case is what is
    measured, not importing it.
    """
    from app import create_app
    from components.state import WORKSPACE_KEY

    app = create_app({"data_dir": data_dir, "samples": False})
    ws = app.server.config[WORKSPACE_KEY]
    if not ws.list_cases():
        ws.import_case(make_case(n))
    case_id = ws.default_case_id()
    ws.analysis(case_id)
    return app
