"""The extension points of the page, each a tuple of panel modules (components/layout.py
assembles the page from them; components/inspector.py adds the sections). Listed here, not in
layout.py, so that the inspector reads them without importing the page that imports it.
"""

from __future__ import annotations

from components import (
    audit_panel,
    briefing,
    case_settings,
    cases,
    disruption_panel,
    enrich,
    exports,
    paths_panel,
    people_section,
    signals_panel,
    structure_panel,
    tags,
    time_panel,
)

# Extension points. Each module listed here has ``register(app)`` and:
# - HEADER_ACTIONS: ``actions(ws) -> list`` (buttons and dialogs in the header's action row);
# - ANALYSIS_TABS: ``TAB_ID``, ``TAB_LABEL`` and ``layout() -> component`` (a tab below the
#   diagram; panels that mark the diagram write an overlay store, see components/overlays.py);
#   ``OPEN_ONLY``, ``FOLLOWS_SELECTION``, ``OVERLAY``: the tab reads the case (and the
#   selection) from its own store, passed on only while it is open (components/open_tab.py);
# - INSPECTOR_SECTIONS: ``inspector_section(ws, ref, node) -> list`` (extra blocks in the
#   inspector for a selected entity, after its attributes).
HEADER_ACTIONS: tuple = (case_settings, enrich, briefing, exports, cases)
ANALYSIS_TABS: tuple = (structure_panel, disruption_panel, paths_panel, signals_panel,
                         time_panel, tags, audit_panel)
INSPECTOR_SECTIONS: tuple = (people_section, enrich, tags, disruption_panel)
