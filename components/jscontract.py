"""The contract between Python and assets/casegraph.js: the component ids and class names the
script uses, handed to the page as JSON.

The script writes no id or class name of its own (nor does assets/open_tab.js, which reads
``openTab``). :func:`install` puts
``<script type="application/json" id="cg-js-contract">`` into the page's HTML template, ahead
of Dash's config and every script, and the script reads it once, on first use. The values
come from components/ids.py, the stylesheet (overlay classes; the small-label class and the
readable label size of the labels' level of detail) and components/overlays.py.

``python -m components.jscontract`` prints ``{"id": CONTRACT_ID, "contract": {...}}``: the
JavaScript tests (tests/js) run the script with exactly what the page gets. The Python side
of the checks is tests/callbacks/test_jscontract.py.
"""

from __future__ import annotations

import json
from typing import Any

from casegraph.elements import OVERVIEW_BAR_ROOM, OVERVIEW_FRAME, size_field
from components import ids, overlays, stylesheet

CONTRACT_ID = "cg-js-contract"

# What the script asks for with id('NAME') and cls('NAME'): names in components/ids.py, the
# overlay classes it treats apart from components/stylesheet.py, and overlays.DIM_OTHERS.
SCRIPT_IDS = ("CYTOSCAPE", "CASE_STORE", "SELECTION", "MULTI_SELECTION", "OVERVIEW_OPEN",
              "OVERVIEW_BAR",
              "CANVAS_SIZE",
              "MARKS_CLEAR",
              "PRESENT_NEXT", "PRESENT_PREV", "PRESENT_EXIT")
SCRIPT_CLASSES = ("APP_CLASS", "PRESENTING_CLASS", "FADED_CLASS", "FOCUS_CLASS",
                  "CLUSTER_BUBBLE_CLASS", "DIALOG_CLASS", "OPEN_DIALOG_CLASS")
SCRIPT_OVERLAY_CLASSES = ("OVERLAY_HIDE", "OVERLAY_DIM", "OVERLAY_FOCUS")
# the level of detail of labels (labelDetail): the class that hides a label too small to read
SCRIPT_STYLE_CLASSES = ("SMALL_LABEL_CLASS",)

# dash-cytoscape 1.0.2 listens on its cytoscape instance (Cytoscape.react.js, handleCy):
#   'dragfree add remove' -> updateElements: 100 ms later, every element's JSON is copied
#       back into the component's `elements` prop (setProps), so React renders the component
#       again and react-cytoscapejs diffs that list against the previous one;
#   'add remove'          -> refreshLayout: runs the `layout` prop again (a no-op here:
#       diagram.py sets autoRefreshLayout=False);
#   'unselect remove' on nodes and on edges -> the selectedNodeData / selectedEdgeData props
#       (the app reads neither).
# The case lives on the server and its elements are added to the canvas by the script
# (load, enrichApply), never through the `elements` prop, so the copy back only costs: a
# serialisation of every element after each load, expansion and drag (5,000 entities and
# more), and a prop that no longer says what the canvas shows. dash-cytoscape has no prop
# to turn it off, so the script removes every listener on these events when it first loads
# a case (cy.off). tests/callbacks/test_jscontract.py fails when dash-cytoscape's listeners
# on these events change; tests/js/load.test.js checks that they are gone after a load.
DASH_CYTOSCAPE_EVENTS = ("add", "remove", "dragfree")


def contract() -> dict[str, Any]:
    """What assets/casegraph.js reads from the page.

    >>> contract()["ids"]["CYTOSCAPE"] == ids.CYTOSCAPE
    True
    """
    classes = {name: getattr(ids, name) for name in SCRIPT_CLASSES}
    classes.update({name: getattr(stylesheet, name)
                    for name in SCRIPT_OVERLAY_CLASSES + SCRIPT_STYLE_CLASSES})
    classes["DIM_OTHERS"] = overlays.DIM_OTHERS
    return {
        "ids": {name: getattr(ids, name) for name in SCRIPT_IDS},
        "classes": classes,
        "overlayClasses": list(stylesheet.OVERLAY_CLASSES),
        "overlayTabs": overlays.tab_bound(),
        "dashCytoscapeEvents": list(DASH_CYTOSCAPE_EVENTS),
        # labels drawn under this size on screen (CSS px) are hidden (stylesheet.label_px)
        "labelDetail": {"px": stylesheet.label_px()},
        # a node's size for a measure is in the data field prefix + measure (resizeOpened)
        "sizes": {"prefix": size_field("")},
        # the room the overview bar takes over the canvas when not shown yet (barRoom)
        "overviewBarRoom": OVERVIEW_BAR_ROOM,
        # an overview's bubbles, then its links, are added this many a frame (load)
        "overviewFrame": dict(OVERVIEW_FRAME),
        "openTab": open_tab_plan(),
        "follow": follow_plan(),
    }


def open_tab_plan() -> dict[str, list[str]]:
    """The gates of assets/open_tab.js (components/open_tab.py), for the page's tabs."""
    from components import open_tab
    from components.extensions import ANALYSIS_TABS

    return open_tab.plan(ANALYSIS_TABS)


def follow_plan() -> dict[str, Any]:
    """The constants of the panels that follow an expansion in the page (open_tab.py)."""
    from components import open_tab

    return open_tab.follow_plan()


def script_tag() -> str:
    """The contract as an inert ``<script>`` element of the page.

    >>> script_tag().startswith('<script type="application/json" id="cg-js-contract">')
    True
    """
    text = json.dumps(contract(), sort_keys=True, separators=(",", ":"))
    # "</script>" inside would end the element early; JSON may write these as \\u escapes
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/json" id="{CONTRACT_ID}">{text}</script>'


def install(app) -> None:
    """Put the contract into ``app``'s HTML template, ahead of Dash's config (which comes
    before every script, assets/casegraph.js included)."""
    marker = "{%config%}"
    template = app.index_string
    if marker not in template:
        raise ValueError("the page template has no {%config%}: Dash needs it too")
    if f'id="{CONTRACT_ID}"' in template:
        return
    app.index_string = template.replace(marker, f"{script_tag()}\n{marker}", 1)


if __name__ == "__main__":
    print(json.dumps({"id": CONTRACT_ID, "contract": contract()}, sort_keys=True))
