"""The load report: every repair a loader makes is listed in case.meta["load_report"] so the
upload screen can show it (duplicate ids, unknown ends, self-loops, skipped rows...)."""

from casegraph.io import load, load_tables


def report(case, kind):
    return [e for e in case.meta["load_report"] if e["kind"] == kind]


def test_report_entries_have_the_documented_shape(fixtures):
    case = load_tables(fixtures / "io" / "dup_nodes.csv", fixtures / "io" / "dup_edges.csv")
    kinds = [e["kind"] for e in case.meta["load_report"]]
    assert kinds == ["duplicate_id", "self_loop", "unknown_endpoint"]
    for entry in case.meta["load_report"]:
        assert set(entry) <= {"kind", "level", "message", "count", "source", "rows",
                              "examples"}
        assert entry["level"] in ("warning", "info") and entry["count"] >= 1
    [dup] = report(case, "duplicate_id")
    assert (dup["count"], dup["examples"], dup["source"]) == (1, ["p1"], "dup_nodes.csv")
    [loop] = report(case, "self_loop")
    assert (loop["count"], loop["rows"]) == (1, [7])
    [unknown] = report(case, "unknown_endpoint")
    assert (unknown["count"], unknown["examples"]) == (3, ["p9", "p8", "p3"])
    # Warning-level entries are the warnings the upload screen already shows.
    assert sorted(e["message"] for e in case.meta["load_report"]) == sorted(
        case.meta["warnings"])


def test_a_duplicate_id_with_another_type_does_not_vanish_silently():
    nodes = b"id,label,type\nA,Ada Fictional,person\nB,Bo,person\nA,07700 900123,phone\n"
    case = load_tables(nodes, b"source,target\nA,B\n")
    [conflict] = report(case, "duplicate_id_type")
    assert conflict["message"] == ("1 id(s) given two different types in the node list, kept "
                                   "the first: 'A' is person (row 2) and phone (row 4)")
    assert conflict["message"] in case.meta["warnings"]
    assert case.graph.nodes["A"]["type"] == "person"


def test_skipped_rows_and_blank_weights():
    case = load(b"source,target,weight\nA,B,2\n,C,1\nB,C,\nC,,\n", filename="x.csv")
    [skipped] = report(case, "skipped_rows")
    assert (skipped["count"], skipped["rows"]) == (2, [3, 5])
    [blank] = report(case, "blank_weight")
    assert (blank["count"], blank["rows"], blank["level"]) == (1, [4], "info")
    assert blank["message"] not in case.meta["warnings"]


def test_type_names_nobody_knows_are_reported_with_a_count():
    nodes = b"id,type\na,person\nb,spaceship\nc,spaceship\nd,Mobile Phone\n"
    case = load_tables(nodes, b"source,target\na,b\n")
    assert case.graph.nodes["d"]["type"] == "phone"
    [unknown] = report(case, "unknown_type")
    assert (unknown["count"], unknown["examples"]) == (2, ["spaceship"])


def test_a_clean_file_has_an_empty_report():
    case = load(b"source,target\nA,B\n", filename="x.csv")
    assert case.meta["load_report"] == []


def test_rows_kept_in_an_entry_are_capped_but_the_count_is_not():
    data = b"source,target\n" + b"A,A\n" * 50 + b"A,B\n"
    [loop] = report(load(data, filename="x.csv"), "self_loop")
    assert loop["count"] == 50 and len(loop["rows"]) == 20
