"""Every component id of the page, in one place (browser tests import these names).

Plain strings for single components; the ``*_ITEM`` names are the ``type`` of
pattern-matching ids (``{"type": CLUSTER_ITEM, "index": 3}``).
"""

# -- state held in the browser (only references and view state, never the case) -----------
CASE_STORE = "case-store"            # {"case_id": str, "rev": int}
SELECTION = "selection-store"        # {"kind": "node"|"edge"|"cluster", ...} or None
SELECTION_SINK = "selection-sink"    # written by the client-side selection callback
CANVAS_SYNC = "canvas-sync"          # written when the canvas re-measures its place on the page
TAP = "tap-store"                    # last tap on the canvas, relayed small: {kind, id, t}

# -- header --------------------------------------------------------------------------------
CASE_PICKER = "case-picker"
UPLOAD = "upload"
UPLOAD_ERROR = "upload-error"        # alert with the LoadError message (hidden when empty)
UPLOAD_NOTICE = "upload-notice"      # "loaded ..." + the load's warnings
CASE_INFO = "case-info"              # description, attribution, warnings of the current case

# -- summary -------------------------------------------------------------------------------
SUMMARY_CARDS = "summary-cards"

# -- diagram -------------------------------------------------------------------------------
CYTOSCAPE = "cytoscape"
ELEMENTS_STORE = "elements-store"    # the case's elements; added to the canvas client-side
LEGEND = "legend"
GRAPH_STATUS = "graph-status"        # "110 entities shown of 110"

# -- controls ------------------------------------------------------------------------------
SIZE_MEASURE = "size-measure"
COLOUR_BY = "colour-by"
HUBS_TOPK = "hubs-topk"
LAYOUT_PICKER = "layout-picker"
SEARCH = "search"
SEARCH_STATUS = "search-status"
TYPE_FILTER = "type-filter"
MIN_DEGREE = "min-degree"
FIT_BUTTON = "fit-button"

# -- side panels ---------------------------------------------------------------------------
INSPECTOR = "inspector"
HUBS_TABLE = "hubs-table"
CLUSTERS_LIST = "clusters-list"

# -- pattern-matching id types -------------------------------------------------------------
CLUSTER_ITEM = "cluster-item"        # {"type": CLUSTER_ITEM, "index": community number}
NEIGHBOUR_ITEM = "neighbour-item"    # {"type": NEIGHBOUR_ITEM, "index": node id}
INSPECTOR_CLUSTER = "inspector-cluster"  # {"type": ..., "index": community number}
