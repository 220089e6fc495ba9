"""The view a case opens with and the names of its size measures, where the controls
(components/controls.py), the view state (components/view_state.py), the figures kept for
large cases (components/diagram_facts.py) and the panels that name a measure all need
them: their own module, so that none of those imports another for them."""

from casegraph.analysis import MEASURES
from casegraph.elements import SIGNAL_LABEL, SIGNAL_MEASURE

DEFAULT_MEASURE = "degree"  # what nodes are sized and hubs ranked by
DEFAULT_TOPK = 5  # hubs highlighted
MAX_TOPK = 25  # the most the slider offers


def measure_label(measure: str) -> str:
    """A size measure's name on screen.

    >>> measure_label("degree"), measure_label("signal")
    ('Degree', 'Slang signal score')
    """
    if measure == SIGNAL_MEASURE:
        return SIGNAL_LABEL
    return MEASURES.get(measure, measure).split(" (")[0]
