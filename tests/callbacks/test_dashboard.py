"""Callback logic of the dashboard, called directly on a workspace in a temporary folder."""

from __future__ import annotations

from dash import no_update

import casegraph.io as cio
from app import create_app
from casegraph.elements import case_elements, drawn_lines, pair_id, top_nodes
from casegraph.search import find_node
from components import clusters, controls, diagram, header, hubs, ids, inspector, summary
from components.selection import pick_selection, search_selection, selection_from
from components.state import store_for
from components.stylesheet import cluster_colour
from tests.callbacks.conftest import (
    component_ids,
    data_url,
    logged_in_client,
    session_of,
    small_case,
    texts,
)

PHONE = "phone:+447700900001"
ACCOUNT = "handle:instagram:dee_fictional"
CALLS_CSV = (b"source,target,weight\n"
             b"Alpha Fictional,Bravo Fictional,2\n"
             b"Bravo Fictional,Charlie Fictional,1\n")
BROKEN_CSV = b"source,target,weight\nAlpha Fictional,Bravo Fictional,heavy\n"


def icon_url(path: str) -> str:
    return "/assets/" + path


# -- upload ---------------------------------------------------------------------------------
def test_a_good_upload_becomes_a_new_selected_case(ws, store):
    result = header.handle_upload(ws, [data_url(CALLS_CSV)], ["calls.csv"])

    assert result.error is None
    assert result.notice == "Loaded calls.csv: 3 entities, 2 links."
    cases = {c["case_id"]: c for c in ws.list_cases()}
    assert set(cases) == {store["case_id"], result.case_id}
    assert (cases[result.case_id]["nodes"], cases[result.case_id]["links"]) == (3, 2)
    options, value, error, error_style, *_ = header.upload_outputs(ws, result)
    assert value == result.case_id
    assert [o["value"] for o in options] == [c["case_id"] for c in ws.list_cases()]
    assert error is None and error_style == header.HIDDEN


def test_the_picker_counts_the_newest_revision(ws, store):
    shown = header.case_options(ws)
    assert header.refreshed_options(ws, shown) is no_update
    case = ws.case(store["case_id"], store["rev"]).copy()
    before = case.graph.number_of_nodes()
    case.add_entity("phone:+447700900999", "phone", "07700 900999")
    ws.save_revision(store["case_id"], case, note="one more")
    options = header.refreshed_options(ws, shown)
    (label,) = [o["label"] for o in options if o["value"] == store["case_id"]]
    assert f"{before + 1} entities" in label and f"{before} entities" not in label


def test_a_bad_upload_shows_the_load_error_and_changes_nothing(ws, store):
    before = ws.list_cases()

    result = header.handle_upload(ws, [data_url(BROKEN_CSV)], ["broken.csv"])

    assert result.case_id is None
    assert result.error == "broken.csv, row 2, column 'weight': expected a number, found 'heavy'"
    assert ws.list_cases() == before
    options, value, error, error_style, notice, _, _ = header.upload_outputs(ws, result)
    assert options is no_update and value is no_update  # the current case stays on screen
    assert result.error in texts(error)
    assert error_style == {} and notice is None


def test_a_node_file_and_an_edge_file_make_one_case(ws):
    nodes = b"id,label,type\np1,Ash Fictional,person\nt1,07700 900002,phone\n"
    edges = b"source,target,type\np1,t1,uses\n"

    result = header.handle_upload(ws, [data_url(edges), data_url(nodes)],
                                  ["edges.csv", "nodes.csv"])

    assert result.error is None
    case = ws.case(result.case_id)
    assert sorted(case.graph.nodes(data="type")) == [("p1", "person"), ("t1", "phone")]


def test_upload_pairs_by_file_name():
    assert header.pair_tables(["nodes.csv", "edges.csv"]) == (0, 1)
    assert header.pair_tables(["calls_links.csv", "people.csv"]) == (1, 0)
    assert header.pair_tables(["a.csv", "b.csv"]) is None
    assert header.pair_tables(["nodes.csv"]) is None


def test_two_unpaired_files_are_refused_with_a_message(ws):
    result = header.handle_upload(ws, [data_url(CALLS_CSV)] * 2, ["a.csv", "b.csv"])
    assert result.case_id is None
    assert result.error.startswith("a.csv, b.csv: upload one file, or two files")


def test_case_info_shows_the_load_warnings(ws, store):
    shown = texts(header.case_info(ws, store))
    assert shown[0] == "Small fictional case"
    assert "1 row skipped (test)" in shown


# -- summary and filters ----------------------------------------------------------------------
def test_summary_cards(ws, store):
    cards = summary.summary_cards(ws, store)
    values = {texts(c)[0]: texts(c)[1] for c in cards}
    assert values == {"Entities": "7", "Links": "7", "Clusters": "3", "Density": "0.286",
                      "Centralisation": "0.53", "Structure": "too small to call",
                      "Top hubs (most contacts)": "Ash Fictional, Cob Fictional, Bay Fictional, "
                                                  "Fox Fictional, dee_fictional"}


def test_cards_follow_the_time_window_and_say_why_links_are_fewer_lines():
    from casegraph.model import Case

    case = Case(directed=False)
    for u, v in [("a", "b"), ("a", "b"), ("b", "c")]:
        case.add_entity(u, "person", u)
        case.add_entity(v, "person", v)
        case.add_link(u, v, "call")
    assert drawn_lines(case) == (2, 2)
    assert summary.links_detail(3, 2, 2) == "3 links drawn as 2 lines, one per pair"


def test_filter_options_list_the_types_present(ws, store):
    opts = controls.filter_options(ws, store)
    assert opts["type_values"] == ["person", "account", "phone"]
    assert opts["types"][0]["label"] == "People (5)"
    assert opts["max_degree"] == 4


def test_filters_are_stylesheet_rules_and_the_status_counts_what_is_left(ws, store):
    opts = controls.filter_options(ws, store)
    sheet = diagram.view_stylesheet(ws, store, icon_url, "degree", "type", 0, opts["types"],
                                    ["person", "account"], 2)
    hidden = [r["selector"] for r in sheet
              if r["style"].get("display") == "none" and not r["selector"].startswith(".ov-")]
    assert hidden == ['node[type = "phone"]', "node[deg < 2]"]
    # people and accounts with at least 2 contacts: Ash (4), Bay (2), Cob (3)
    status = diagram.visible_status(ws, store, opts["types"], ["person", "account"], 2)
    assert status == "3 of 7 entities shown · 7 links drawn as 6 lines, one per pair"


def test_hubs_are_marked_by_an_id_rule_for_the_top_k(ws, store):
    sheet = diagram.view_stylesheet(ws, store, icon_url, "degree", "type", 2, [], [], 0)
    hub_rules = [r for r in sheet if r["style"].get("border-color") == "#111827"]
    assert [r["selector"] for r in hub_rules] == ['node[id = "ash"], node[id = "cob"]']


def test_colour_by_cluster_uses_one_rule_per_cluster(ws, store):
    sheet = diagram.view_stylesheet(ws, store, icon_url, "pagerank", "community", 0, [], [], 0)
    cluster_rules = [r["selector"] for r in sheet if r["selector"].startswith("node[cm = ")]
    assert cluster_rules == ["node[cm = 0]", "node[cm = 1]", "node[cm = 2]"]
    sizes = [r["style"]["width"] for r in sheet if r["selector"] == "node"]
    assert sizes[0].startswith("mapData(sz_pagerank, 0, 1, ")


def test_each_legend_item_is_one_component_with_its_colour_count_or_ring(ws, store):
    """The words are an item's text; the swatch (colour and icon), the count and the rings
    are drawn by the page's stylesheet from the item's style and data-count."""
    from components.stylesheet import HUB_RING, SELECTED

    items = diagram.legend(ws, store, "type", "degree", 2, icon_url)
    assert all(isinstance(item.children, str) for item in items)
    drawn = {item.children: (item.style, getattr(item, "data-count", None)) for item in items}
    assert drawn == {
        "People": ({"--swatch": "#3b6fb6", "--swatch-icon": "url(/assets/icons/person.svg)"},
                   "5"),
        "Phones": ({"--swatch": "#16a085", "--swatch-icon": "url(/assets/icons/phone.svg)"},
                   "1"),
        "Accounts": ({"--swatch": "#8e44ad", "--swatch-icon": "url(/assets/icons/account.svg)"},
                     "1"),
        "Top 2 by degree": ({"--ring": HUB_RING}, None),
        "Selected": ({"--ring": SELECTED}, None),
    }
    assert [item.className for item in items][-2:] == ["cg-legend-item cg-legend-ring"] * 2
    marks = diagram.mark_legend(["ov-cut"])
    assert [(m.children, m.className, getattr(m, "data-mark")) for m in marks] == [
        ("Single point of failure", "cg-legend-item cg-legend-mark", "ov-cut")]


# -- elements -------------------------------------------------------------------------------
def test_elements_are_compact_and_collapse_parallel_links(ws, store):
    elements = diagram.diagram_elements(ws, store)
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    assert len(nodes) == 7 and len(edges) == 6
    ash = next(e for e in nodes if e["data"]["id"] == "ash")
    assert set(ash["data"]) == {"id", "label", "type", "cm", "deg", "fs", "sz_degree",
                                "sz_weighted_degree", "sz_betweenness", "sz_pagerank",
                                "sz_eigenvector", "sz_closeness"}
    assert (ash["data"]["deg"], ash["data"]["sz_degree"], ash["data"]["cm"]) == (4, 1.0, 0)
    assert all("position" in e for e in nodes)
    ash_bay = next(e for e in edges if {e["data"]["source"], e["data"]["target"]}
                   == {"ash", "bay"})
    assert (ash_bay["data"]["n"], ash_bay["data"]["w"]) == (2, 1.0)
    # edge ids depend on the endpoints only, so the canvas never reuses one for another pair
    assert ash_bay["data"]["id"] == "~" + pair_id("ash", "bay")
    assert len({e["data"]["id"] for e in edges}) == 6
    assert pair_id("ash", "bay") != pair_id("bay", "ash")


def test_the_canvas_payload_splits_nodes_and_edges_and_carries_the_layout(ws, store):
    payload = diagram.elements_payload(ws, store, "preset", "degree")
    assert (len(payload["nodes"]), len(payload["edges"])) == (7, 6)
    assert payload["layout"] is None and payload["progressive"] is False
    assert payload["case"] == [store["case_id"], store["rev"]]
    circle = diagram.elements_payload(ws, store, "circle", "degree")["layout"]
    assert (circle["name"], circle["fit"]) == ("circle", True)
    assert diagram.elements_payload(ws, None) is None


def test_layouts(ws, store):
    assert diagram.layout_spec(ws, store, "preset", "degree")["name"] == "preset"
    rings = diagram.layout_spec(ws, store, "concentric", "degree")["positions"]
    assert rings["ash"] == {"x": 0.0, "y": 0.0} and len(rings) == 7
    tree = diagram.layout_spec(ws, store, "breadthfirst", "degree")
    assert tree["roots"] == 'node[id = "ash"]'
    restored = diagram.layout_spec(ws, store, "preset", "degree", with_positions=True)
    assert set(restored["positions"]) == set(ws.case(store["case_id"]).graph)
    assert controls.layout_options(301)[-1] == {
        "label": "Force-directed (small cases)", "value": "cose", "disabled": True}


# -- search and selection -----------------------------------------------------------------------
def test_search_finds_by_label_part_phone_and_handle(ws, store):
    case = ws.case(store["case_id"])
    assert find_node(case, "ash fictional") == "ash"
    assert find_node(case, "Cob") == "cob"
    assert find_node(case, "+44 7700 900001") == PHONE
    assert find_node(case, "dee_fictional") == ACCOUNT
    assert find_node(case, "Bey Fictionl") == "bay"  # a typo still finds the entity
    assert find_node(case, "zzzz") is None


def test_search_selects_and_centres_or_says_it_found_nothing(ws, store):
    selection, status = search_selection(ws, store, "07700 900001")
    assert selection == {"kind": "node", "id": PHONE, "centre": True}
    assert status == "07700 900001"
    selection, status = search_selection(ws, store, "nobody here")
    assert selection is no_update
    assert status == "No entity matches “nobody here”."


def test_search_in_the_people_view_shows_the_person_an_identifier_is_folded_into(ws, store):
    # the People view draws actors: the phone Ash uses stays selected (the inspector shows
    # it), and the diagram is told to put Ash in focus
    selection, status = search_selection(ws, store, "07700 900001", "people")
    assert selection == {"kind": "node", "id": PHONE, "centre": True, "drawn": "ash"}
    assert status == "07700 900001 (held by Ash Fictional)"
    assert search_selection(ws, store, "dee_fictional", "people")[0]["drawn"] == "cob"
    # a person stands for themself; All entities draws the phone
    assert "drawn" not in search_selection(ws, store, "Bay Fictional", "people")[0]
    assert search_selection(ws, store, "07700 900001", "entities")[0] == {
        "kind": "node", "id": PHONE, "centre": True}


def test_search_in_the_people_view_says_when_it_does_not_draw_what_was_found(ws):
    case = small_case()
    case.add_entity("post1", "post", "Fictional post about a meet")
    case.add_link("ash", "post1", "posted")
    case_id, rev = ws.import_case(case)
    selection, status = search_selection(ws, {"case_id": case_id, "rev": rev},
                                         "Fictional post about", "people")
    assert selection == {"kind": "node", "id": "post1", "centre": True}
    assert status == "Fictional post about a meet (not drawn in the People view: see All entities)"


def test_selection_from_each_source():
    tap = {"kind": "node", "id": "ash", "t": 12.5}
    assert selection_from(ids.TAP, tap=tap) == {"kind": "node", "id": "ash", "centre": False}
    edge = {"kind": "edge", "id": "~e0", "source": "ash", "target": "bay", "t": 1}
    assert selection_from(ids.TAP, tap=edge) == {"kind": "edge", "id": "~e0",
                                                 "source": "ash", "target": "bay"}
    cell = {"colId": "label", "rowIndex": 0, "rowId": "cob", "value": "Cob Fictional"}
    assert selection_from(ids.HUBS_TABLE, hub_cell=cell) == {
        "kind": "node", "id": "cob", "centre": True}
    row = {"colId": "top", "rowIndex": 1, "rowId": "1", "value": "Cob Fictional"}
    assert selection_from(ids.CLUSTERS_LIST, cluster_cell=row) == {"kind": "cluster", "id": 1}
    assert selection_from({"type": ids.INSPECTOR_CLUSTER, "index": 1}, clicks=1) == {
        "kind": "cluster", "id": 1}
    assert selection_from({"type": ids.NEIGHBOUR_ITEM, "index": "bay"}, clicks=2) == {
        "kind": "node", "id": "bay", "centre": True}
    # items just rendered (n_clicks 0) are not clicks; a new case clears the selection
    assert selection_from({"type": ids.INSPECTOR_CLUSTER, "index": 1}, clicks=0) is no_update
    assert selection_from(ids.HUBS_TABLE, hub_cell=None) is no_update
    assert selection_from(ids.CLUSTERS_LIST, cluster_cell=None) is no_update
    assert selection_from(ids.CASE_OPENED) is None


def test_a_tap_wins_over_inputs_that_fired_with_it():
    tap = {"kind": "node", "id": "ash", "t": 3.0}
    fired = [(ids.HUBS_TABLE, None), (ids.TAP, tap), (ids.CLUSTERS_LIST, None),
             ({"type": ids.INSPECTOR_CLUSTER, "index": 0}, 0)]
    assert pick_selection(fired, tap=tap, hub_cell=None) == {
        "kind": "node", "id": "ash", "centre": False}
    assert pick_selection([(ids.HUBS_TABLE, None)], hub_cell=None) is no_update
    assert pick_selection([(ids.CASE_OPENED, {"case_id": "x"})]) is None


# -- hubs table and clusters ------------------------------------------------------------------
def test_hubs_table_rows_and_selection(ws, store):
    rows = hubs.hub_rows(ws, store, "betweenness", topk=1)
    assert [(r["id"], r["rank"], r["hub"]) for r in rows[:3]] == [
        ("ash", 1, True), ("cob", 2, False), ("bay", 3, False)]
    assert rows[0]["label"] == "Ash Fictional" and rows[0]["type"] == "Person"
    assert abs(rows[0]["value"] - 7 / 15) < 1e-12  # Ash lies on 7 of the 15 shortest paths
    # clicking a cell of the first row selects that row's entity (the grid's row id)
    cell = {"colId": "label", "rowIndex": 0, "rowId": rows[0]["id"], "value": "Ash Fictional"}
    assert selection_from(ids.HUBS_TABLE, hub_cell=cell)["id"] == "ash"
    # the top-k rows carry ``hub``, which the grid's row class rule marks
    assert [r["hub"] for r in hubs.hub_rows(ws, store, "degree", topk=2)][:3] == [
        True, True, False]
    assert not any(r["hub"] for r in hubs.hub_rows(ws, store, "degree", topk=0))
    assert hubs.HUB_ROW_RULES == {"cg-hubs-hub": "params.data.hub"}
    assert [c["field"] for c in hubs.hub_columns("degree")] == [
        "rank", "label", "type", "value", "cluster"]


def test_clusters_list(ws, store):
    items = clusters.cluster_summaries(ws, store, "degree")
    assert [(c["index"], c["size"]) for c in items] == [(0, 4), (1, 2), (2, 1)]
    assert items[0]["top"] == ["Ash Fictional", "Bay Fictional", "Fox Fictional"]  # ties by id
    # the grid's rows: largest first, each with its colour on the diagram; a click on a row
    # selects that cluster (the grid's row id is the cluster's number in the analysis)
    rows = clusters.cluster_rows(items)
    assert [(r["number"], r["size"], r["top"]) for r in rows] == [
        (1, 4, "Ash Fictional, Bay Fictional, Fox Fictional"),
        (2, 2, "Cob Fictional, dee_fictional"), (3, 1, "Eve Fictional")]
    assert [r["colour"] for r in rows] == [cluster_colour(i) for i in (0, 1, 2)]
    assert len(set(r["colour"] for r in rows)) == 3
    cell = {"colId": "number", "rowIndex": 1, "rowId": rows[1]["id"], "value": 2}
    assert selection_from(ids.CLUSTERS_LIST, cluster_cell=cell) == {"kind": "cluster", "id": 1}
    assert clusters.more_text(items) == ""


def test_the_clusters_list_shows_the_largest_and_counts_the_rest():
    many = [{"index": i, "size": 100 - i, "top": [f"m{i}"]} for i in range(42)]
    rows = clusters.cluster_rows(many)
    assert len(rows) == clusters.LIST_LIMIT
    assert [r["id"] for r in rows[:3]] == ["0", "1", "2"]
    assert clusters.more_text(many) == f"… and {42 - clusters.LIST_LIMIT} smaller clusters"
    assert clusters.more_text(many[:clusters.LIST_LIMIT + 1]) == "… and 1 smaller cluster"
    assert clusters.cluster_rows([]) == []
    # the grid, not a list of components: the colour column paints the row's colour
    table = clusters.layout().children[1]
    assert table.id == ids.CLUSTERS_LIST and table.getRowId == "params.data.id"
    assert table.columnDefs[0]["cellStyle"] == {
        "function": "({backgroundColor: params.data.colour})"}


# -- inspector ------------------------------------------------------------------------------
def test_inspector_shows_a_node(ws, store):
    content = inspector.inspector_content(ws, store, {"kind": "node", "id": "ash"}, icon_url)
    shown = texts(content)
    assert shown[0] == "Ash Fictional" and "Person" in shown
    assert ["Degree", "4", "#1 of 7"] == shown[shown.index("Degree"):shown.index("Degree") + 3]
    assert "Cluster 1 · 4 entities" in shown
    assert "Neighbours (4)" in shown
    neighbour_ids = [i["index"] for i in component_ids(content)
                     if i["type"] == ids.NEIGHBOUR_ITEM]
    assert neighbour_ids == ["bay", "cob", "fox", PHONE]  # most links first
    assert {"type": ids.INSPECTOR_CLUSTER, "index": 0} in component_ids(content)


def test_inspector_shows_the_links_of_an_edge(ws, store):
    selection = {"kind": "edge", "id": "~e0", "source": "ash", "target": "bay"}
    content = inspector.inspector_content(ws, store, selection, icon_url)
    shown = texts(content)
    assert shown[0] == "Ash Fictional → Bay Fictional"
    assert "2 links" in shown
    assert shown[shown.index("total weight") + 1] == "4"
    # the links in a grid, in time order: a column per attribute they carry
    table = next(c for c in content if getattr(c, "id", None) == ids.INSPECTOR_LINKS)
    names = {c["field"]: c["headerName"] for c in table.columnDefs}
    rows = [{names[k]: v for k, v in row.items() if k in names} for row in table.rowData]
    assert [(r["type"], r["time"]) for r in rows] == [
        ("call", "2024-01-02T10:00:00"), ("call", "2024-01-03T11:00:00")]


def test_inspector_shows_a_cluster_and_nothing_for_unknown_nodes(ws, store):
    shown = texts(inspector.inspector_content(ws, store, {"kind": "cluster", "id": 1},
                                              icon_url))
    assert shown[:2] == ["Cluster 2", "2 entities"]
    gone = texts(inspector.inspector_content(ws, store, {"kind": "node", "id": "zz"},
                                             icon_url))
    assert gone[0] == "Nothing selected"


# -- the app ------------------------------------------------------------------------------------
def test_create_app_uses_its_own_workspace_and_registers_every_panel(tmp_path):
    app = create_app({"data_dir": str(tmp_path / "a"), "samples": False, "idle_gc": False})
    other = create_app({"data_dir": str(tmp_path / "b"), "samples": False, "idle_gc": False})
    ws = app.server.config["CASEGRAPH_WORKSPACE"]
    assert ws is not other.server.config["CASEGRAPH_WORKSPACE"]
    outputs = " ".join(app.callback_map)
    for target in (ids.ELEMENTS_STORE, ids.CYTOSCAPE + ".stylesheet", ids.INSPECTOR,
                   ids.HUBS_TABLE, ids.CLUSTERS_LIST, ids.SUMMARY_CARDS, ids.CASE_STORE,
                   ids.UPLOAD_ERROR, ids.SELECTION):
        assert target in outputs
    analyst = session_of(ws)
    case_id, rev = analyst.import_case(cio.load(CALLS_CSV, filename="calls.csv"))
    assert store_for(analyst, case_id) == {"case_id": case_id, "rev": rev}
    page = app.validation_layout
    assert ids.CYTOSCAPE in component_ids(page) and ids.UPLOAD in component_ids(page)
    # the page of a logged-in analyst opens the case (and records it)
    client = logged_in_client(app)
    assert client.get("/_dash-layout").status_code == 200
    assert [r["action"] for r in analyst.audit_rows("case", case_id)] == [
        "collect", "consult"]


def test_top_nodes_and_elements_agree(ws, store):
    analysis = ws.analysis(store["case_id"])
    assert top_nodes(analysis, "closeness", 3) == ["ash", "cob", "bay"]
    elements = case_elements(ws.case(store["case_id"]), analysis)
    assert "position" not in elements[0]  # no positions given, none sent


def test_requests_are_counted_for_the_idle_time_collector(tmp_path):
    import gc

    from casegraph import idle_gc

    saved = gc.get_threshold()
    app = create_app({"data_dir": str(tmp_path / "a"), "samples": False})
    collector = idle_gc.shared()
    try:
        seen = []
        app.server.add_url_rule("/_probe", "probe",
                                lambda: seen.append(collector.in_flight) or "ok")
        assert gc.get_threshold()[2] == idle_gc.NEVER
        assert logged_in_client(app).get("/_probe").status_code == 200
        assert seen[-1] == 1 and collector.in_flight == 0
    finally:
        collector.stop()
        idle_gc._shared = None
    assert gc.get_threshold() == saved
