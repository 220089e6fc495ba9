"""What the panels do with a revision an expansion added (``"delta": True`` in the store)."""

from dash import no_update

from components.controls import delta_controls
from components.diagram import delta_base

OPTS = {"types": [{"label": "People (3)", "value": "person"},
                  {"label": "Phones (2)", "value": "phone"},
                  {"label": "Addresses (1)", "value": "address"}],
        "type_values": ["person", "phone", "address"], "max_degree": 6, "nodes": 6}


def test_filters_stay_and_a_type_new_to_the_case_is_shown():
    before = OPTS["types"][:2]
    out = delta_controls(OPTS, ["person"], before, [], no_update)
    assert out[0] == OPTS["types"]           # counts follow the new revision
    assert out[1] == ["person", "address"]   # phones stay hidden, addresses are new: shown
    assert out[2] == 6
    assert out[4] is no_update               # minimum contacts kept
    assert out[5] is no_update               # layout options kept


def test_no_new_type_leaves_the_type_filter_alone():
    out = delta_controls(OPTS, ["person", "phone"], OPTS["types"], [], no_update)
    assert out[1] is no_update


def test_delta_base_names_the_revision_on_screen():
    assert delta_base({"case_id": "c", "rev": 4, "delta": True, "base": 3}) == \
        {"case_id": "c", "rev": 3}
    assert delta_base({"case_id": "c", "rev": 4}) is None
    assert delta_base({"case_id": "c", "rev": 4, "delta": True}) is None
    assert delta_base(None) is None
