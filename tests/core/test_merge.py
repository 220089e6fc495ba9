"""casegraph.merge: three-way merges of small known cases, with exact results."""

from casegraph.merge import MISSING, inverse_patch, merge_cases, merge_value, rebase
from casegraph.model import Case, case_patch


def base_case() -> Case:
    case = Case(name="Ring", meta={"case_number": "OP-1", "views": [{"title": "A"}]})
    case.add_entity("ash", "person", "Ash Fictional")
    case.add_entity("bay", "person", "Bay Fictional")
    case.add_entity("cob", "person", "Cob Fictional")
    case.add_link("ash", "bay", "call", key="k1")
    case.add_link("bay", "cob", "call", key="k2")
    case.positions = {"ash": (0.0, 0.0), "bay": (10.0, 0.0), "cob": (20.0, 0.0)}
    return case


def nodes(case: Case) -> list[str]:
    return sorted(case.graph.nodes)


def links(case: Case) -> list[tuple]:
    return sorted((u, v, k, d["type"]) for u, v, k, d in case.graph.edges(keys=True, data=True))


def test_disjoint_additions_both_land():
    base = base_case()
    theirs = base.copy()
    theirs.add_entity("dee", "person", "Dee Fictional")
    theirs.add_link("dee", "ash", "call", key="lk1")
    theirs.positions["dee"] = (0.0, 10.0)
    mine = base.copy()
    mine.add_entity("eve", "person", "Eve Fictional")
    mine.add_link("eve", "cob", "call", key="lk1")  # same key, other pair: renamed
    mine.positions["eve"] = (20.0, 10.0)
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == []
    assert nodes(merged) == ["ash", "bay", "cob", "dee", "eve"]
    assert links(merged) == [("ash", "bay", "k1", "call"), ("bay", "cob", "k2", "call"),
                             ("dee", "ash", "lk1", "call"), ("eve", "cob", "lk1~2", "call")]
    assert merged.positions["dee"] == (0.0, 10.0) and merged.positions["eve"] == (20.0, 10.0)
    # the inputs did not change
    assert nodes(theirs) == ["ash", "bay", "cob", "dee"]
    assert nodes(base) == ["ash", "bay", "cob"]


def test_different_attributes_of_one_entity_both_land():
    base = base_case()
    theirs = base.copy()
    theirs.graph.nodes["ash"]["tag"] = "suspect"
    mine = base.copy()
    mine.graph.nodes["ash"]["note"] = "seen at the market"
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == []
    assert merged.graph.nodes["ash"] == {"type": "person", "label": "Ash Fictional",
                                         "tag": "suspect", "note": "seen at the market"}
    assert "note" not in theirs.graph.nodes["ash"]


def test_the_same_attribute_changed_differently_is_a_conflict_and_theirs_stays():
    base = base_case()
    theirs = base.copy()
    theirs.graph.nodes["ash"]["tag"] = "suspect"
    theirs.graph.edges["ash", "bay", "k1"]["weight"] = 3.0
    mine = base.copy()
    mine.graph.nodes["ash"]["tag"] = "cleared"
    mine.graph.edges["ash", "bay", "k1"]["weight"] = 5.0
    mine.graph.nodes["bay"]["tag"] = "associate"
    merged, conflicts = merge_cases(base, theirs, mine)
    assert merged.graph.nodes["ash"]["tag"] == "suspect"
    assert merged.graph.nodes["bay"]["tag"] == "associate"
    assert merged.graph.edges["ash", "bay", "k1"]["weight"] == 3.0
    assert sorted((c.where, c.entity, c.attribute, c.theirs, c.mine) for c in conflicts) == [
        ("link", "ash -> bay [k1]", "weight", 3.0, 5.0),
        ("node", "ash", "tag", "suspect", "cleared")]


def test_the_same_change_made_by_both_is_no_conflict():
    base = base_case()
    theirs, mine = base.copy(), base.copy()
    theirs.graph.nodes["ash"]["tag"] = mine.graph.nodes["ash"]["tag"] = "suspect"
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == [] and merged.graph.nodes["ash"]["tag"] == "suspect"


def test_name_and_metadata_merge_key_by_key():
    base = base_case()
    theirs = base.copy()
    theirs.name = "Ring (theirs)"
    theirs.meta["purpose"] = "supply"
    theirs.meta["views"].append({"title": "B"})
    mine = base.copy()
    mine.name = "Ring (mine)"
    mine.meta["analyst"] = "ana"
    mine.meta["views"].append({"title": "C"})
    merged, conflicts = merge_cases(base, theirs, mine)
    assert merged.name == "Ring (theirs)"
    assert merged.meta == {"case_number": "OP-1", "purpose": "supply", "analyst": "ana",
                           "views": [{"title": "A"}, {"title": "B"}, {"title": "C"}]}
    assert [(c.entity, c.attribute, c.theirs, c.mine) for c in conflicts] == [
        ("case", "name", "Ring (theirs)", "Ring (mine)")]


def test_a_delete_against_an_edit_keeps_the_edit():
    base = base_case()
    theirs = base.copy()
    theirs.graph.nodes["cob"]["tag"] = "suspect"
    mine = base.copy()
    mine.graph.remove_node("cob")
    merged, conflicts = merge_cases(base, theirs, mine)
    assert "cob" in merged.graph and merged.graph.nodes["cob"]["tag"] == "suspect"
    assert [(c.entity, c.attribute, c.mine) for c in conflicts] == [("cob", "", MISSING)]
    # the link bay -> cob was not changed by them: my delete of it applies
    assert links(merged) == [("ash", "bay", "k1", "call")]


def test_an_edit_against_a_delete_stays_deleted():
    base = base_case()
    theirs = base.copy()
    theirs.graph.remove_node("cob")
    mine = base.copy()
    mine.graph.nodes["cob"]["tag"] = "suspect"
    mine.add_entity("dee", "person", "Dee Fictional")
    mine.add_link("dee", "cob", "call", key="lk9")
    merged, conflicts = merge_cases(base, theirs, mine)
    assert nodes(merged) == ["ash", "bay", "dee"]
    assert sorted((c.where, c.entity, c.attribute) for c in conflicts) == [
        ("link", "dee -> cob [lk9]", ""), ("node", "cob", "")]
    assert conflicts[0].theirs is MISSING or conflicts[1].theirs is MISSING


def test_a_delete_nobody_else_touched_applies():
    base = base_case()
    theirs = base.copy()
    theirs.graph.nodes["ash"]["tag"] = "suspect"
    mine = base.copy()
    mine.graph.remove_node("cob")
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == [] and nodes(merged) == ["ash", "bay"]
    assert "cob" not in merged.positions and merged.graph.nodes["ash"]["tag"] == "suspect"


def test_a_delete_keeps_the_entity_when_someone_linked_to_it_meanwhile():
    base = base_case()
    theirs = base.copy()
    theirs.add_entity("dee", "person", "Dee Fictional")
    theirs.add_link("dee", "cob", "call", key="lk1")
    mine = base.copy()
    mine.graph.remove_node("cob")
    merged, conflicts = merge_cases(base, theirs, mine)
    assert "cob" in merged.graph and merged.graph.has_edge("dee", "cob", "lk1")
    assert not merged.graph.has_edge("bay", "cob")
    assert [(c.entity, c.attribute) for c in conflicts] == [("cob", "")]


def test_one_entity_found_by_both_keeps_both_provenances():
    base = base_case()
    stamp_a = {"kind": "lookup", "query_value": "ash"}
    stamp_b = {"kind": "lookup", "query_value": "bay"}
    theirs = base.copy()
    theirs.add_entity("rec:P1", "person", "Fen Fictional", provenance=stamp_a, ref="rec:P1")
    theirs.add_link("rec:P1", "ash", "family", key="lk1", provenance=stamp_a)
    mine = base.copy()
    mine.add_entity("rec:P1", "person", "Fen Fictional", provenance=stamp_b, ref="rec:P1")
    mine.add_link("rec:P1", "bay", "family", key="lk1", provenance=stamp_b)
    mine.add_link("rec:P1", "ash", "family", key="lk2", provenance=stamp_b)
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == []
    assert merged.graph.nodes["rec:P1"]["provenance"] == [stamp_a, stamp_b]
    assert links(merged)[2:] == [("rec:P1", "ash", "lk1", "family"),
                                 ("rec:P1", "bay", "lk1~2", "family")]
    assert merged.graph.edges["rec:P1", "ash", "lk1"]["provenance"] == [stamp_a, stamp_b]


def test_two_entities_added_under_one_id_both_stay():
    base = base_case()
    theirs = base.copy()
    theirs.add_entity("n1", "vehicle", "Blue van")
    mine = base.copy()
    mine.add_entity("n1", "vehicle", "Red car")
    mine.add_link("n1", "ash", "uses", key="lk1")
    mine.positions["n1"] = (5.0, 5.0)
    merged, conflicts = merge_cases(base, theirs, mine)
    assert conflicts == []
    assert merged.graph.nodes["n1"]["label"] == "Blue van"
    assert merged.graph.nodes["n1~2"]["label"] == "Red car"
    assert merged.graph.has_edge("n1~2", "ash") and merged.positions["n1~2"] == (5.0, 5.0)


def test_undo_after_someone_else_changed_the_case():
    rev1 = base_case()
    rev2 = rev1.copy()  # my expansion
    rev2.add_entity("dee", "person", "Dee Fictional")
    rev2.add_link("dee", "ash", "call", key="lk1")
    rev2.positions["dee"] = (0.0, 10.0)
    rev3 = rev2.copy()  # someone else tags and adds
    rev3.graph.nodes["bay"]["tag"] = "suspect"
    rev3.add_entity("eve", "person", "Eve Fictional")
    rev3.add_link("eve", "cob", "call", key="lk2")
    merged, conflicts = rebase(rev3, rev2, inverse_patch(rev1, rev2))
    assert conflicts == []
    assert nodes(merged) == ["ash", "bay", "cob", "eve"]
    assert merged.graph.nodes["bay"]["tag"] == "suspect"
    assert "dee" not in merged.positions
    assert links(merged) == [("ash", "bay", "k1", "call"), ("bay", "cob", "k2", "call"),
                             ("eve", "cob", "lk2", "call")]


def test_undo_keeps_what_someone_else_built_on_the_change():
    rev1 = base_case()
    rev2 = rev1.copy()
    rev2.add_entity("dee", "person", "Dee Fictional")
    rev3 = rev2.copy()
    rev3.graph.nodes["dee"]["tag"] = "suspect"  # someone tagged what I added
    merged, conflicts = rebase(rev3, rev2, inverse_patch(rev1, rev2))
    assert merged.graph.nodes["dee"]["tag"] == "suspect"
    assert [(c.entity, c.attribute) for c in conflicts] == [("dee", "")]


def test_merging_onto_the_base_itself_gives_mine():
    base = base_case()
    mine = base.copy()
    mine.add_entity("dee", "person", "Dee Fictional")
    mine.graph.nodes["ash"]["tag"] = "suspect"
    mine.graph.remove_edge("bay", "cob", "k2")
    mine.meta["purpose"] = "supply"
    merged, conflicts = rebase(base, base, case_patch(base, mine))
    assert conflicts == [] and merged.to_dict() == mine.to_dict()


def test_merge_value_on_lists_dicts_and_missing_values():
    assert merge_value(MISSING, MISSING, "x") == ("x", [])
    assert merge_value("x", "x", MISSING) == (MISSING, [])
    assert merge_value("x", "y", MISSING) == ("y", [("", "y", MISSING)])
    assert merge_value(["a", "b"], ["b"], ["a", "b", "c"]) == (["b", "c"], [])
    assert merge_value({"a": 1}, {"a": 2}, {"a": 3}, "meta") == ({"a": 2}, [("meta.a", 2, 3)])
