"""Labels on the diagram are capped; the case keeps the full text."""

from types import SimpleNamespace

import pandas as pd

from casegraph.elements import LABEL_LIMIT, case_elements, short_label
from casegraph.model import Case


def test_a_huge_label_is_drawn_short_and_kept_whole():
    long = "Wobble " + "x" * 20_000 + "\n" * 50
    case = Case()
    case.add_entity("a", "person", long)
    case.add_entity(long, "person", "B")  # a file that used the text as the id
    case.add_link("a", long, "call")
    analysis = SimpleNamespace(centrality=pd.DataFrame({"degree": [1.0, 1.0]},
                                                       index=["a", long]),
                               communities={"a": 0, long: 0})
    elements = case_elements(case, analysis)
    labels = {e["data"]["id"]: e["data"]["label"] for e in elements if "label" in e["data"]}
    assert labels["a"] == "Wobble " + "x" * (LABEL_LIMIT - 8) + "…"
    assert len(labels["a"]) == LABEL_LIMIT and labels[long] == "B"
    assert case.graph.nodes["a"]["label"] == long  # the inspector reads the full text


def test_short_labels_pass_unchanged_but_on_one_line():
    assert short_label("Ash Fictional") == "Ash Fictional"
    assert short_label(" Ash\t\nFictional ") == "Ash Fictional"
    assert short_label(12345) == "12345"
    assert short_label("y" * LABEL_LIMIT) == "y" * LABEL_LIMIT
