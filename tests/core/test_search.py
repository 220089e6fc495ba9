"""casegraph.search.find_node on a small known case."""

from __future__ import annotations

from casegraph.model import Case
from casegraph.search import find_node


def small_case() -> Case:
    case = Case()
    case.add_entity("ash", "person", "Ash Fictional")
    case.add_entity("bay", "person", "Bay Fictional")
    case.add_entity("cob", "person", "Cobalt Example")
    case.add_entity("cob2", "person", "Cobalt Example")
    phone = case.add_entity(None, "phone", "07700 900001")
    case.add_link("ash", "bay", "contact")
    case.add_link("cob2", "ash", "contact")
    case.add_link("cob2", phone, "contact")
    return case


def test_exact_id_label_and_identity_key():
    case = small_case()
    assert find_node(case, "bay") == "bay"
    assert find_node(case, "ASH fictional") == "ash"
    assert find_node(case, "+44 7700 900001") == "phone:+447700900001"


def test_among_equal_labels_the_most_connected_wins():
    assert find_node(small_case(), "Cobalt Example") == "cob2"
    assert find_node(small_case(), "cobalt") == "cob2"  # a label that starts with it


def test_a_typo_is_forgiven_and_nonsense_finds_nothing():
    case = small_case()
    assert find_node(case, "Bay Fictonal") == "bay"
    assert find_node(case, "zzzz") is None
    assert find_node(case, "   ") is None
