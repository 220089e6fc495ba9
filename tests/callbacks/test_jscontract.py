"""The contract between Python and assets/casegraph.js (components/jscontract.py).

The JavaScript side runs under node (tests/js); here: the page serves the contract Python
exports, the script asks only for names in it and writes none of their values itself, every
value exists where Python uses it, and dash-cytoscape still listens as the script assumes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import dash_cytoscape
import pytest

from app import create_app
from casegraph.elements import overview_elements
from components import ids, jscontract, overlays, stylesheet
from tests.callbacks.conftest import component_ids, logged_in_client, session_of, small_case

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "assets" / "casegraph.js"
BUNDLES = Path(dash_cytoscape.__file__).parent


def scan(source: str) -> tuple[str, list[str]]:
    """A JavaScript source without its comments, and its quoted strings (the script has no
    template or regular-expression literals)."""
    code, literals, i, n = [], [], 0, len(source)
    while i < n:
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("/*", i):
            i = source.index("*/", i + 2) + 2
        elif source[i] in "'\"`":
            quote, j, text = source[i], i + 1, []
            while source[j] != quote:
                if source[j] == "\\":
                    j += 1
                text.append(source[j])
                j += 1
            assert quote != "`", "a template literal: extend scan()"
            literals.append("".join(text))
            code.append(source[i:j + 1])
            i = j + 1
        else:
            code.append(source[i])
            i += 1
    return "".join(code), literals


def asked_for(source: str, helper: str) -> set[str]:
    """Names the script's code asks for with ``helper('NAME')`` (id, cls or fromContract)."""
    return set(re.findall(rf"\b{helper}\('(\w+)'\)", scan(source)[0]))


def test_scan_reads_quotes_escapes_and_comments():
    source = "// id('A')\nvar a = 'it\\'s', b = \"x\"; /* 'nor this' */ f('y');"
    assert scan(source) == ("\nvar a = 'it\\'s', b = \"x\";  f('y');", ["it's", "x", "y"])


# -- the page ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app({"data_dir": str(tmp_path_factory.mktemp("data")), "samples": False,
                      "idle_gc": False})
    app.server.config["CASEGRAPH_WORKSPACE"].import_case(small_case())
    return app


@pytest.fixture(scope="module")
def served(app) -> str:
    response = logged_in_client(app).get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture(scope="module")
def page(app):
    from components import layout

    # the page as a logged-in user gets it (without a login it is an empty shell)
    return layout.page(session_of(app.server.config["CASEGRAPH_WORKSPACE"]), "casegraph",
                       app.get_asset_url)


def test_the_page_serves_the_contract_python_exports_before_any_script(served):
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', served,
                       re.S)
    assert [name for name, _ in found] == [jscontract.CONTRACT_ID]
    assert json.loads(found[0][1]) == jscontract.contract()
    tag = served.index(f'id="{jscontract.CONTRACT_ID}"')
    scripts = [m.start() for m in re.finditer(r"<script src=", served)]
    assert scripts and tag < min(scripts)
    assert re.search(r'<script src="[^"]*/assets/casegraph\.js', served)


def test_the_contract_survives_markup_in_a_value(monkeypatch):
    monkeypatch.setattr(ids, "APP_CLASS", "</script><b>")
    tag = jscontract.script_tag()
    assert tag.count("</script>") == 1
    body = tag.split(">", 1)[1].rsplit("<", 1)[0]
    assert json.loads(body)["classes"]["APP_CLASS"] == "</script><b>"


def test_installing_twice_puts_the_contract_in_once(tmp_path):
    app = create_app({"data_dir": str(tmp_path), "samples": False, "idle_gc": False})
    jscontract.install(app)
    assert app.index_string.count(jscontract.CONTRACT_ID) == 1


# -- the script --------------------------------------------------------------------------------
def test_the_script_asks_only_for_names_in_the_contract_and_uses_them_all():
    source = SCRIPT.read_text()
    contract = jscontract.contract()
    assert asked_for(source, "id") == set(contract["ids"])
    assert asked_for(source, "cls") == set(contract["classes"])
    # ids and classes are read through named(); the lists whole
    # (openTab and follow are read by assets/open_tab.js)
    assert asked_for(source, "fromContract") | {"ids", "classes", "openTab", "follow"} \
        == set(contract)
    assert asked_for(source, "named") == set()  # only through id() and cls()


def test_the_tab_gate_reads_its_plan_from_the_contract():
    source = (ROOT / "assets" / "open_tab.js").read_text()
    assert ").openTab" in source and f"'{jscontract.CONTRACT_ID}'" in source
    plan = jscontract.contract()["openTab"]
    assert plan["selectionTabs"] and set(plan["selectionTabs"]) <= set(plan["caseTabs"])
    assert set(plan["overlayTabs"]) <= set(plan["caseTabs"])


def test_the_script_writes_no_id_or_class_name_of_its_own():
    literals = scan(SCRIPT.read_text())[1]
    assert f"'{jscontract.CONTRACT_ID}'" in SCRIPT.read_text()
    every_id = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)}
    contract = jscontract.contract()
    names = (every_id | set(contract["classes"].values()) | set(contract["overlayClasses"])
             | set(contract["dashCytoscapeEvents"]))
    found = {word for text in literals for word in re.split(r"[^\w-]+", text)} & names
    assert found == set()


def test_every_id_the_script_uses_is_on_the_page(page):
    on_page = {name for name in component_ids(page) if isinstance(name, str)}
    assert set(jscontract.contract()["ids"].values()) <= on_page
    assert ids.APP_CLASS in page.className.split()


def selectors(rules) -> str:
    return " ".join(rule["selector"] for rule in rules)


def test_every_class_the_script_uses_is_styled_where_python_uses_it(ws):
    classes = jscontract.contract()["classes"]
    sheet = selectors(stylesheet.stylesheet(str, nodes=stylesheet.LARGE_CASE + 1))
    for name in ("FADED_CLASS", "FOCUS_CLASS", "CLUSTER_BUBBLE_CLASS", "OVERLAY_HIDE",
                 "OVERLAY_DIM", "OVERLAY_FOCUS"):
        assert re.search(rf"\.{re.escape(classes[name])}\b(?!-)", sheet), name
    for name in jscontract.contract()["overlayClasses"]:
        assert f".{name}" in selectors(stylesheet.overlay_rules()), name
    # the overview's bubbles carry the class the script listens to
    case_id, _ = ws.import_case(small_case())
    case, analysis = ws.case(case_id), ws.analysis(case_id)
    bubbles = overview_elements(case, analysis, {}, set())["nodes"]
    assert bubbles and {b["classes"] for b in bubbles} == {classes["CLUSTER_BUBBLE_CLASS"]}
    # the page's own: the page root in presentation mode (dialogs are Modals: no class)
    css = (ROOT / "assets" / "casegraph.css").read_text()
    for name in ("APP_CLASS", "PRESENTING_CLASS"):
        assert re.search(rf"\.{re.escape(classes[name])}[\s.,{{:]", css), name
    # "dim the others" is an instruction to the script, never a class laid on an element
    assert overlays.DIM_OTHERS not in stylesheet.OVERLAY_CLASSES
    assert classes["DIM_OTHERS"] == overlays.DIM_OTHERS


# -- dash-cytoscape's listeners ------------------------------------------------------------------
def component_source() -> str:
    """dash-cytoscape's Cytoscape.react.js as bundled (its development bundle keeps each module
    as a string)."""
    bundle = (BUNDLES / "dash_cytoscape.dev.js").read_text()
    start = bundle.index('"./src/lib/components/Cytoscape.react.js":')
    start = bundle.index("eval(", start) + len("eval(")
    source, _ = json.JSONDecoder().raw_decode(bundle, start)
    return source


def test_dash_cytoscape_listens_on_the_contract_events_as_the_script_assumes():
    source = component_source()
    registered = re.findall(r"cy\.on\('([^']+)'(?:,\s*'([^']+)')?,\s*function", source)
    events = set(jscontract.DASH_CYTOSCAPE_EVENTS)
    on_ours = sorted((names, qualifier) for names, qualifier in registered
                     if events & set(names.split()))
    # what components/jscontract.py writes down; a change here needs a new look at it
    assert on_ours == [("add remove", ""), ("dragfree add remove", ""),
                       ("unselect remove", "edge"), ("unselect remove", "node")]
    assert events == {e for names, _ in on_ours for e in names.split()} - {"unselect"}
    # the listener the script is after: every element copied back into the elements prop
    copy_back = re.search(r"cy\.on\('dragfree add remove', function \(_\) \{\s*(\w+)\(\);",
                          source).group(1)
    assert re.search(rf"var {copy_back} = .*?setProps\(\{{\s*elements: cy\.elements\(",
                     source, re.S)
    # the re-layout on add/remove is off by a prop, not by the script
    relayout = re.search(r"cy\.on\('add remove', function \(\) \{\s*(\w+)\(\);",
                         source).group(1)
    assert re.search(rf"var {relayout} = .*?if \(autoRefreshLayout\)", source, re.S)
    # the bundle the page gets by default registers the same
    served = (BUNDLES / "dash_cytoscape.min.js").read_text()
    for names in ("dragfree add remove", "add remove", "unselect remove"):
        assert re.search(rf"""\.on\(["']{names}["']""", served), names


def test_the_diagram_turns_dash_cytoscapes_relayout_off(page):
    found = []

    def walk(node):
        if isinstance(node, list | tuple):
            for item in node:
                walk(item)
        elif getattr(node, "id", None) == ids.CYTOSCAPE:
            found.append(node)
        elif node is not None and not isinstance(node, str | int | float):
            walk(getattr(node, "children", None))

    walk(page)
    assert [c.autoRefreshLayout for c in found] == [False]


def test_the_javascript_tests_run_the_cytoscape_dash_cytoscape_bundles():
    bundle = (BUNDLES / "dash_cytoscape.dev.js").read_text()
    bundled = set(re.findall(r'var version = \\"(3\.[0-9.]+)\\"', bundle))
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert bundled == {package["devDependencies"]["cytoscape"]}
    assert lock["packages"]["node_modules/cytoscape"]["version"] in bundled
