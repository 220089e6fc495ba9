"""Every component id of the page, in one place (browser tests import these names), and the
class names that the page, its stylesheets and assets/casegraph.js share.

Plain strings for single components; the ``*_ITEM`` names are the ``type`` of
pattern-matching ids (``{"type": NEIGHBOUR_ITEM, "index": "n3"}``).
"""

# -- state held in the browser (only references and view state, never the case) -----------
CASE_STORE = "case-store"            # {"case_id": str, "rev": int}
# the case store as of the last revision taken whole (a case opened, a revision drawn anew):
# an expansion's or a tag's delta ({"delta": True}) leaves it as it is. Its one writer is the
# client-side callback of components/open_tab.py; panels that change only when another case
# (or another revision, whole) is shown listen to it instead of the case store.
CASE_OPENED = "case-opened"
SELECTION = "selection-store"        # {"kind": "node"|"edge"|"cluster", ...} or None
SELECTION_SINK = "selection-sink"    # written by the client-side selection callback
CANVAS_SYNC = "canvas-sync"          # written when the canvas re-measures its place on the page
CANVAS_SIZE = "canvas-size"          # {"width", "height"} of the diagram canvas (CSS px), or None
TAP = "tap-store"                    # last tap on the canvas, relayed small: {kind, id, t}

# -- header --------------------------------------------------------------------------------
CASE_PICKER = "case-picker"
UPLOAD = "upload"
UPLOAD_ERROR = "upload-error"        # alert with the LoadError message (hidden when empty)
UPLOAD_NOTICE = "upload-notice"      # "loaded ..." + the load's warnings
CASE_INFO = "case-info"              # description, attribution, warnings of the current case

USER_BADGE = "user-badge"            # who is logged in, their role, and the logout button
ACCESS_ALERT = "access-alert"        # a refused action (no access, audit unavailable)

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
# {"case_id", "rev"}: the revision the controls were last set for, taken whole (another case,
# or a revision drawn anew); an expansion's delta leaves it. Written by controls.on_case only;
# the view of the case is laid on the controls after it (components/view_state.py).
CONTROLS_CASE = "controls-case"
FIT_BUTTON = "fit-button"

# -- side panels ---------------------------------------------------------------------------
INSPECTOR = "inspector"
INSPECTOR_LINKS = "inspector-links"  # grid: the links between two entities (link inspector)
HUBS_TABLE = "hubs-table"
# the sampling error of the measure the hubs are ranked by, when it is estimated
HUBS_SAMPLING = "hubs-sampling"
CLUSTERS_LIST = "clusters-list"     # grid: the largest clusters (a row click selects one)
CLUSTERS_MORE = "clusters-more"     # the note under it: how many smaller clusters it leaves out

# -- pattern-matching id types -------------------------------------------------------------
NEIGHBOUR_ITEM = "neighbour-item"    # {"type": NEIGHBOUR_ITEM, "index": node id}
INSPECTOR_CLUSTER = "inspector-cluster"  # {"type": ..., "index": community number}

# -- extension points (see components/layout.py) ------------------------------------------
HEADER_ACTIONS = "header-actions"    # the header's button row (case settings, export, ...)
ANALYSIS_TABS = "analysis-tabs"      # dcc.Tabs below the diagram; value = the open tab's id
OVERLAY_SINK = "overlay-sink"        # written by the client-side overlay callback


def tab_case(tab_id: str) -> str:
    """Store: the case store as a tab sees it, passed on only while the tab is open or its
    marks are on the diagram (components/open_tab.py)."""
    return f"tab-case-{tab_id}"


def tab_selection(tab_id: str) -> str:
    """Store: the selection as a tab sees it, passed on only while the tab is open."""
    return f"tab-selection-{tab_id}"

# -- cluster overview of large cases (components/overview.py) ------------------------------
FIRST_PICTURE = "cg-first-picture"      # the page's first elements payload
FIRST_SINK = "cg-first-sink"            # written when it has been drawn
OVERVIEW_OPEN = "cg-overview-open"      # {"case": [id, rev], "open": [cluster, ...]}
OVERVIEW_BAR = "cg-overview-bar"
OVERVIEW_TEXT = "cg-overview-text"
OVERVIEW_SHOW_ALL = "cg-overview-show-all"
OVERVIEW_SHOW_CLUSTERS = "cg-overview-show-clusters"

# Overlays: marks laid over the diagram by analysis panels, each a dcc.Store holding
# {"case": [case_id, rev], "classes": {"ov-<name>": [node id or [source, target], ...]},
#  "fit": bool}. They are applied together in the browser (assets/casegraph.js: overlay),
# so panels never re-send elements. Classes and their look: components/stylesheet.py.
OVERLAY_STRUCTURE = "overlay-structure"    # articulation points, recommended targets
OVERLAY_DISRUPTION = "overlay-disruption"  # "what if we arrest these"
OVERLAY_PATHS = "overlay-paths"            # shortest paths, ego network focus
OVERLAY_TIME = "overlay-time"              # links outside the time window
OVERLAY_SIGNALS = "overlay-signals"        # accounts flagged by slang signals
OVERLAY_TAGS = "overlay-tags"              # tag filters
OVERLAY_ENRICH = "overlay-enrich"          # nodes added by the last expansion
OVERLAYS = (OVERLAY_STRUCTURE, OVERLAY_DISRUPTION, OVERLAY_PATHS, OVERLAY_TIME,
            OVERLAY_SIGNALS, OVERLAY_TAGS, OVERLAY_ENRICH)

# -- structure, disruption, paths, tags (issue 4) --------------------------------------------
STRUCTURE_VERDICT = "structure-verdict"      # verdict of the whole network, in plain words
STRUCTURE_MARK = "structure-mark"            # checklist: mark single points of failure
STRUCTURE_VIEW_NOTE = "structure-view-note"  # what the figures are counted on
STRUCTURE_CLUSTER_GRID = "structure-cluster-grid"      # dash-ag-grid: one row per cluster
STRUCTURE_CLUSTER_DETAIL = "structure-cluster-detail"  # the verdict of the opened cluster
# -- the people network (issue 12) ------------------------------------------------------------
ANALYSIS_VIEW = "analysis-view"              # radio: "people" (default) or "entities"
RESOLVE_WITH = "resolve-with"                # dropdown: the other person of a merge
RESOLVE_MERGE = "resolve-merge"              # button: make one node of the two
RESOLVE_NOT_SAME = "resolve-not-same"        # button: remember they are different people
RESOLVE_SPLIT = "resolve-split"              # pattern type: split a merge {"index": merge id}
RESOLVE_STATUS = "resolve-status"            # what the last merge/split did, with Undo
RESOLVE_UNDO = "resolve-undo"                # button: take the last merge/split back
RESOLVE_LAST = "resolve-last"                # store: {"id"} of the last one, kept server side
PEOPLE_OPEN = "people-open"                  # store: {"case", "open": [actor]} opened actors
PEOPLE_HOLDINGS = "people-holdings"          # pattern type: show / fold an actor's identifiers
DISRUPTION_BLOCK = "disruption-block"        # people arrested at once between re-rankings
DISRUPTION_ORDER = "disruption-order"        # analyst's order: arrest list or tagged suspects
DISRUPTION_WEIGHTED = "disruption-weighted"  # checklist: brokers by tie strength
DISRUPTION_RUN = "disruption-run"            # run the simulation (on demand for large cases)
DISRUPTION_CHART = "disruption-chart"        # dcc.Graph: share still connected vs removed
DISRUPTION_SUMMARY = "disruption-summary"    # "brokers first: below half after 3 arrests"
ARREST_LIST = "arrest-list"                  # multi-select dropdown: who to arrest
ARREST_FROM_SELECTION = "arrest-from-selection"
ARREST_CLEAR = "arrest-clear"
ARREST_RESULT = "arrest-result"              # pieces left after the arrests
TARGETS_K = "targets-k"                      # size of the recommended target set
TARGETS_SHOW = "targets-show"                # checklist: mark the targets on the diagram
TARGETS_LIST = "targets-list"                # the action sentence (or why there are no picks)
TARGETS_STORE = "targets-store"              # store: the recommended targets, in pick order
TARGETS_GRID = "targets-grid"                # grid: the picks with their gains (a row selects)
TARGETS_GRID_BOX = "targets-grid-box"        # holds it; hidden while there are no picks
ARREST_USE_TARGETS = "arrest-use-targets"    # put the recommended targets on the arrest list
ARREST_ADD = "arrest-add"                    # pattern type (inspector): {"index": node id}
PATH_FROM = "path-from"
PATH_TO = "path-to"
PATH_SWAP = "path-swap"
PATH_FOLLOW = "path-follow"                  # checklist: fill from the last two selections
PATH_SHOW = "path-show"                      # radio: fewest hops / strongest / all up to N
PATH_MAX_HOPS = "path-max-hops"
PATH_RESULT = "path-result"                  # the paths, listed
PATH_HISTORY = "path-history"                # store: the last two selected entities
EGO_HOPS = "ego-hops"
EGO_SHOW = "ego-show"
PATH_CLEAR = "path-clear"
ANALYSIS_ENTITY = "analysis-entity"          # pattern type: an entity chip -> select it
TAG_SET = "tag-set"                          # pattern type: {"index": tag value}
TAG_NOTE = "tag-note"                        # pattern type: {"index": node id}
TAG_NOTE_SAVE = "tag-note-save"              # pattern type: {"index": node id}
TAG_FILTER = "tag-filter"                    # checklist: which tags are shown
TAG_LIST = "tag-list"                        # tagged entities, by tag


# -- signals and time (issue 4) -------------------------------------------------------------
SIGNALS_TABLE = "signals-table"          # per-account slang scores (click -> select)
SIGNALS_BODY = "signals-body"            # table + posts (hidden for cases without posts)
SIGNALS_POSTS = "signals-posts"          # flagged posts with the matched terms marked
SIGNALS_POSTS_TITLE = "signals-posts-title"
SIGNALS_SUMMARY = "signals-summary"      # "12 of 67 accounts flagged ..."
SIGNALS_MARK = "signals-mark"            # checklist: mark flagged accounts on the diagram
SIGNALS_TERM = "signals-term"            # analyst's new term(s)
SIGNALS_CATEGORY = "signals-category"    # its category (free text, existing ones suggested)
SIGNALS_CATEGORIES = "signals-categories"  # datalist of the lexicon's categories
SIGNALS_ADD = "signals-add"
SIGNALS_UPLOAD = "signals-upload"        # a term list file (DEA text, CSV or one per line)
SIGNALS_LEXICON_STATUS = "signals-lexicon-status"  # answer to the last add / upload / removal
SIGNALS_LEXICON_LINE = "signals-lexicon-line"    # size of the lexicon in use
SIGNALS_CASE_TERMS = "signals-case-terms"  # the terms added to this case
SIGNALS_TERM_REMOVE = "signals-term-remove"  # pattern type: {"type": ..., "index": term}
TIME_SLIDER = "time-slider"              # RangeSlider over slice indices
TIME_STEP = "time-step"                  # phase / week / day / month
TIME_PLAY = "time-play"
TIME_INTERVAL = "time-interval"          # ticks while playing
TIME_STATUS = "time-status"              # "Phase 3: 33 of 107 entities active"
TIME_HISTOGRAM = "time-histogram"
TIME_MULTIPLES = "time-multiples"        # centralities per slice, small multiples
TIME_MEASURE = "time-measure"

# -- enrichment, provenance, audit (issue 3) ------------------------------------------------
ENRICH_DELTA = "enrich-delta"        # {"base": [id, rev], "case": [id, rev], nodes, edges, ...}
ENRICH_RELOAD = "enrich-reload"      # written client-side when a delta does not fit the canvas
ENRICH_SINK = "enrich-sink"          # written by the client-side delta add
ENRICH_LAST = "enrich-last"          # store: {"id", "case_id"} of the last result (on the server)
ENRICH_JOB = "enrich-job"            # store: {"ticket", "ws", ...} of the page's background job
ENRICH_PANEL = "enrich-panel"        # floating card: result, suggestions, progress, undo
ENRICH_MESSAGE = "enrich-message"
ENRICH_PROGRESS = "enrich-progress"  # the progress bar's fill
ENRICH_JOB_BOX = "enrich-job-box"    # progress bar + cancel, shown while a job runs
ENRICH_PROGRESS_TEXT = "enrich-progress-text"
ENRICH_CANCEL = "enrich-cancel"
ENRICH_UNDO = "enrich-undo"
ENRICH_DISMISS = "enrich-dismiss"
ENRICH_EXPAND = "enrich-expand"      # pattern type (inspector): {"index": provider name}
ENRICH_HOPS = "enrich-hops"          # pattern type (inspector): {"index": provider name}
ENRICH_BULK = "enrich-bulk"          # pattern type: expand the entities of the last expansion
ENRICH_SAME_AS = "enrich-same-as"    # pattern type: {"index": "<new node>|<existing node>"}
CASE_SETTINGS_OPEN = "case-settings-open"
CASE_SETTINGS_DIALOG = "case-settings-dialog"
CASE_SETTINGS_CLOSE = "case-settings-close"
CASE_SETTINGS_SAVE = "case-settings-save"
CASE_NUMBER = "case-number"
CASE_PURPOSE = "case-purpose"
CASE_SETTINGS_STATUS = "case-settings-status"
AUDIT_TABLE = "audit-table"
AUDIT_GRID = "audit-grid"                  # AgGrid inside AUDIT_TABLE
AUDIT_VERIFY = "audit-verify"        # chain verification status
AUDIT_REFRESH = "audit-refresh"
AUDIT_EXPORT = "audit-export"
AUDIT_DOWNLOAD = "audit-download"
AUDIT_SCOPE = "audit-scope"          # radio: this case / my actions / everything (admins)
AUDIT_HEAD = "audit-head"            # the chain head (row count and last hash)
AUDIT_WAKE = "audit-wake"            # {"tab", "t"}: a lookup was recorded (assets/open_tab.js)

# -- briefing, exports, report, saved cases (issue 5) ---------------------------------------
# view state of the open case, one writer each (components/view_state.py)
VIEWPORT = "view-viewport"           # the canvas viewport when a dialog opened
VIEW_MEMORY = "view-memory"          # {"case_id"}: the case whose view the controls show
VIEW_RESTORE = "view-restore"        # {"case": [id, rev], "pan", "zoom", ..., "t"} to apply
VIEW_APPLIED = "view-applied"        # written by the client-side viewport restore
# briefing (command summary) and presentation mode
BRIEFING_OPEN = "briefing-open"
BRIEFING_DIALOG = "briefing-dialog"
BRIEFING_CLOSE = "briefing-close"
BRIEFING_BODY = "briefing-body"
BRIEFING_VIEW_TITLE = "briefing-view-title"
BRIEFING_SAVE_VIEW = "briefing-save-view"
BRIEFING_STATUS = "briefing-status"
BRIEFING_PRESENT = "briefing-present"      # start the presentation
BRIEFING_SLIDE = "briefing-slide"          # {"index": int, "t": stamp}: the slide on screen
PRESENT_BAR = "present-bar"                # the presentation's title bar
PRESENT_TITLE = "present-title"
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_EXIT = "present-exit"
PRESENT_SINK = "present-sink"              # written by the client-side mode switch
PRESENT_LABELS_SINK = "present-labels-sink"  # written by the client-side presentation labels
SLIDE_DELETE = "slide-delete"              # {"type": SLIDE_DELETE, "index": slide number}
SLIDE_SHOW = "slide-show"                  # {"type": SLIDE_SHOW, "index": slide number}
# exports
EXPORT_OPEN = "export-open"
EXPORT_DIALOG = "export-dialog"
EXPORT_CLOSE = "export-close"
EXPORT_RECIPIENT = "export-recipient"      # stated recipient or purpose (audited)
EXPORT_REDACTION = "export-redaction"      # "redacted" or "full"
EXPORT_WHO = "export-who"                  # "exported as <user>, recorded"
EXPORT_MARKING = "export-marking"          # classification marking
EXPORT_EXTENT = "export-extent"            # "view" (as on screen) or "all"
EXPORT_ITEM = "export-item"                # {"type": EXPORT_ITEM, "index": "png"|"svg"|...}
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
EXPORT_NOTE = "export-note"
# saved cases
CASES_OPEN = "cases-open"
CASES_DIALOG = "cases-dialog"
CASES_CLOSE = "cases-close"
CASES_GRID = "cases-grid"                  # AgGrid: the saved cases (row id = case id)
CASES_NAME = "cases-name"                  # new name (rename / save as)
CASES_RENAME = "cases-rename"
CASES_SAVE = "cases-save"                  # save the case with its current view
CASES_SAVE_AS = "cases-save-as"
CASES_STATUS = "cases-status"
CASES_ACCESS = "cases-access"              # owner, team, review date of the open case
CASES_SHARE_USER = "cases-share-user"
CASES_SHARE = "cases-share"
CASES_UNSHARE = "cases-unshare"            # {"type": CASES_UNSHARE, "index": user name}
CASES_REVIEW_DATE = "cases-review-date"
CASES_REVIEW_SET = "cases-review-set"
CASES_ERASE_REASON = "cases-erase-reason"
CASES_ERASE = "cases-erase"
CASES_PAST_REVIEW = "cases-past-review"    # admins: cases whose review date has come
# several entities selected on the diagram (shift-click, or shift-drag a box)
MULTI_SELECTION = "multi-selection"  # dcc.Store: [node id, ...] when two or more are selected
MULTI_BAR = "multi-bar"              # the bar over the diagram that acts on them
MULTI_BAR_BODY = "multi-bar-body"
MULTI_CLEAR = "multi-clear"
MULTI_SINK = "multi-sink"
ENRICH_BULK_SELECTED = "enrich-bulk-selected"  # pattern type: {"index": provider name}

# -- class names shared by the page, its stylesheets and assets/casegraph.js ----------------
# (handed to the JS with the ids it uses by components/jscontract.py)
APP_CLASS = "cg-app"                  # the page's root element
DIALOG_CLASS = "modal"                # a dash-bootstrap-components Modal (components/widgets.py)
OPEN_DIALOG_CLASS = "show"            # ... while it is open
PRESENTING_CLASS = "cg-present"       # on the root while the briefing is presented
FADED_CLASS = "faded"                 # diagram elements outside the selection's focus
FOCUS_CLASS = "focus"                 # the selection and its neighbourhood
CLUSTER_BUBBLE_CLASS = "cg-cluster"   # a cluster's bubble in the overview of a large case

# newer changes by others (components/newer.py)
NEWER_TICK = "newer-tick"            # dcc.Interval: ask whether the case moved on
NEWER_POLL = "newer-poll"            # store: the tick, passed on only while the tab is visible
NEWER_TARGET = "newer-target"        # store: the newest revision seen
NEWER_BAR = "newer-bar"              # "2 newer changes by ana — Take them in"
NEWER_TEXT = "newer-text"
NEWER_TAKE = "newer-take"            # button: move the page to the newest revision

# column mapping on upload (components/mapping_dialog.py, components/header.py)
UPLOAD_PENDING = "upload-pending"    # store: the files of the upload in hand (browser only)
UPLOAD_MAPPING = "upload-mapping"    # dropdown beside the upload: recognise / ask / a preset
UPLOAD_MAP_AGAIN = "upload-map-again"  # button in the error alert: map the columns
UPLOAD_PROJECT = "upload-project"    # button in the notice: the people projection
UPLOAD_JOB = "upload-job"            # store: {"ticket", "ws"} of the upload being read
UPLOAD_JOB_BOX = "upload-job-box"    # the upload's progress bar, stage and Cancel
UPLOAD_PROGRESS = "upload-progress"  # the bar's fill
UPLOAD_PROGRESS_TEXT = "upload-progress-text"  # the stage in words
UPLOAD_CANCEL = "upload-cancel"      # button: stop the upload before its case is stored
UPLOAD_RENAME_BOX = "upload-rename-box"   # under the notice: rename the new case at once
UPLOAD_RENAME_NAME = "upload-rename-name"  # its text box
UPLOAD_RENAME = "upload-rename"            # its button
UPLOAD_RENAME_STATUS = "upload-rename-status"
MAP_REQUEST = "map-request"          # store: {"reason", "n"}: open the dialog for the pending
MAP_DIALOG = "map-dialog"            # dbc.Modal
MAP_TITLE = "map-title"
MAP_REASON = "map-reason"
MAP_PREVIEW = "map-preview"          # the first rows
MAP_PREVIEW_GRID = "map-preview-grid"  # grid: those rows, in the preview
MAP_PRESET = "map-preset"            # dropdown: a preset fills the fields
MAP_LINK_SHEET = "map-link-sheet"    # workbook: the sheet of links
MAP_NODE_SHEET = "map-node-sheet"    # workbook: the sheet of entities (optional)
MAP_SHEETS_ROW = "map-sheets-row"
MAP_FIELD = "map-field"              # pattern type: {"type": MAP_FIELD, "index": Mapping field}
MAP_SAVE_AS = "map-save-as"          # preset name (blank: not saved)
MAP_LOAD = "map-load"
MAP_CANCEL = "map-cancel"
MAP_STATUS = "map-status"            # what went wrong, inside the dialog

# the "Showing" strip over the diagram: every mark on screen, each with an x
# (components/showing.py)
SHOWING = "cg-showing"               # the strip
SHOWING_REMOVE = "cg-showing-remove"  # pattern type: {"type": ..., "index": mark key}
MARKS_CLEAR = "cg-marks-clear"       # store: {"t": stamp}, written by Escape / an empty tap
LEGEND_KEY = "cg-legend-key"         # inside LEGEND: colours, hubs, selection
LEGEND_MARKS = "cg-legend-marks"     # inside LEGEND: the marks on screen
SUMMARY_ACTIVE = "cg-summary-active"  # the entities card's line: active in the time window

# Real clicks only (components/clicks.py): each store is written by a client-side gate from
# an action's pattern-matching buttons, {"type", "index", "n", "t"}, and only on a click
PICK_CLICK = "cg-pick-click"         # neighbours, cluster chips, entity chips -> selection
ENRICH_CLICK = "cg-enrich-click"     # Expand, 2 hops, bulk, merge suggestion, expand selected
TAG_CLICK = "cg-tag-click"           # a tag button or "Save note"
RESOLVE_CLICK = "cg-resolve-click"   # Merge, Not the same person, Split
HOLDINGS_CLICK = "cg-holdings-click"  # show / fold what a person holds
ARREST_CLICK = "cg-arrest-click"     # "Add to arrest list" in the inspector
SHOWING_CLICK = "cg-showing-click"   # a mark's "×" in the Showing strip

# Asked only when what they show can change (components/open_tab.py, assets/open_tab.js):
# each is written by a client-side callback and is the one input of a server callback
TAGS_CASE = "cg-tags-case"           # the case store the tags last computed for
PICKER_ASK = "cg-picker-ask"         # a revision whose entity count the page cannot tell
SHOWING_KEY = "cg-showing-key"       # what the Showing strip is made of, counted
MARKS_KEY = "cg-marks-key"           # the kinds of mark on the diagram (open_tab.js marksKey)
