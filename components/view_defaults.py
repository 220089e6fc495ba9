"""The view a case opens with, where the controls (components/controls.py), the view state
(components/view_state.py) and the figures kept for large cases
(components/diagram_facts.py) all need it: its own module, so none of them imports
another for three numbers."""

DEFAULT_MEASURE = "degree"  # what nodes are sized and hubs ranked by
DEFAULT_TOPK = 5  # hubs highlighted
MAX_TOPK = 25  # the most the slider offers
