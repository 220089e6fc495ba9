"""The level of detail of labels, Python's side: the stylesheet hides the labels the page marks
too small (assets/casegraph.js labelDetail, tested under node in tests/js/labels.test.js)
except hubs, tags and the selection; the stylesheet callback sizes what depends on the fitted
zoom for the canvas the page measured (ids.CANVAS_SIZE, read as State)."""

from __future__ import annotations

from pathlib import Path

from app import create_app
from casegraph.elements import display_positions, fitted_zoom
from casegraph.io import load
from components import diagram, ids, jscontract, stylesheet
from components.state import store_for
from tests.callbacks.conftest import session_of

ROOT = Path(__file__).resolve().parents[2]


def rule_index(sheet, test) -> int:
    return next(i for i, rule in enumerate(sheet) if test(rule))


def test_small_labels_are_hidden_before_the_rules_that_always_label():
    sheet = stylesheet.stylesheet(str, hubs=["h"], nodes=40)
    small = rule_index(sheet, lambda r: r["selector"] == f"node.{stylesheet.SMALL_LABEL_CLASS}")
    assert sheet[small]["style"] == {"text-opacity": 0}
    hub = rule_index(sheet, lambda r: r["selector"] == 'node[id = "h"]')
    selected = rule_index(sheet, lambda r: r["selector"] == "node:selected")
    faded = rule_index(sheet, lambda r: r["selector"] == ".faded")
    tags = [i for i, r in enumerate(sheet) if r["selector"].startswith("node.tag-")]
    assert small < hub < selected < faded and tags and min(tags) > small
    for i in [hub, selected, *tags]:
        assert sheet[i]["style"]["text-opacity"] == 1, sheet[i]["selector"]
    assert sheet[faded]["style"]["text-opacity"] == 0  # comes later: a faded hub is not labelled
    # cytoscape's own threshold is off (it rounds the zoom up to a power of two)
    assert sheet[0]["style"]["min-zoomed-font-size"] == 0
    contract = jscontract.contract()
    assert contract["classes"]["SMALL_LABEL_CLASS"] == stylesheet.SMALL_LABEL_CLASS
    assert contract["labelDetail"] == {"px": 11.0}


def test_the_stylesheet_is_made_for_the_canvas_the_page_measured(tmp_path):
    app = create_app({"data_dir": str(tmp_path / "d"), "samples": False, "idle_gc": False})
    ws = session_of(app.server.config["CASEGRAPH_WORKSPACE"])
    case_id, _ = ws.import_case(load(ROOT / "data" / "caviar" / "phase7.csv"))
    store = store_for(ws, case_id)

    def selected_font(panel):
        sheet = diagram.view_stylesheet(ws, store, str, "degree", "type", 5, None, None, 0,
                                        diagram.ENTITIES, (), panel)
        return next(r["style"]["font-size"] for r in sheet if r["selector"] == "node:selected")

    positions = display_positions(ws.case(case_id))
    small, default = fitted_zoom(positions, 546, 503), fitted_zoom(positions)
    assert small < default < 1
    # the selected entity's label is 13 px on screen at the zoom that fits the case
    assert selected_font((546, 503)) == round(13 / small)
    assert selected_font(None) == round(13 / default)
    assert diagram.panel_size({"width": 546, "height": 503}) == (546.0, 503.0)
    assert diagram.panel_size({"width": 0, "height": 503}) is None

    # read as State: a resize of the window does not restyle the case
    spec = next(v for k, v in app.callback_map.items()
                if f"{ids.CYTOSCAPE}.stylesheet" in k and ids.LEGEND_KEY in k)
    assert {"id": ids.CANVAS_SIZE, "property": "data"} in spec["state"]
    assert all(i["id"] != ids.CANVAS_SIZE for i in spec["inputs"])
    assert ids.CANVAS_SIZE not in " ".join(
        f"{i['id']}" for v in app.callback_map.values() for i in v["inputs"])
