"""The records provider: lookups by each kind of identifier, coverage, and the db build."""

import csv
import shutil
from pathlib import Path

import pytest

from casegraph.enrichment.base import QUERY, Entity, LookupContext
from casegraph.enrichment.providers.records_db import RecordsProvider, build_db, seed_hash

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "records"


@pytest.fixture
def records(tmp_path, fixtures):
    return RecordsProvider(tmp_path / "records.sqlite", fixtures / "records")


def _facts(result):
    return ([(e.ref, e.type, e.label, e.source_record, e.confidence) for e in result.entities],
            [(k.source, k.type, k.target) for k in result.links])


def test_handle_gives_registration_person_and_profile(records):
    res = records.lookup(Entity("AC1", "account", "instagram: frosty_fern",
                                props={"platform": "Instagram", "username": "@Frosty_Fern"}),
                         LookupContext())
    assert (res.status, res.query_type, res.query_value) == ("ok", "handle",
                                                             "instagram:frosty_fern")
    entities, links = _facts(res)
    assert entities == [
        ("email:bramble.w@example.com", "email", "bramble.w@example.com", "RH000001", 1.0),
        ("phone:+447700900001", "phone", "07700 900001", "RH000001", 1.0),
        ("rec:RP000001", "person", "Bramble Wobblesock", "RH000001", 0.9),
        ("phone:+447700900002", "phone", "07700 900002", "RT000002", 0.8),
        ("address:3 kettle row wobbleton fictshire", "address",
         "3 Kettle Row, Wobbleton, Fictshire", "RA000001", 0.8),
        ("address:12 marmalade lane grumbleford fictshire", "address",
         "12 Marmalade Lane, Grumbleford, Fictshire", "RA000002", 0.9),
        ("rec:RP000002", "person", "Nettle Wobblesock", "RR000001", 0.8),
        ("rec:org:grumbleford pie works ltd", "organisation", "Grumbleford Pie Works Ltd",
         "RW000001", 0.7),
        ("rec:RO000001", "record", "Possession with intent to supply, Class A (2019)",
         "RO000001", 1.0),
    ]
    assert links == [
        (QUERY, "registered_with", "email:bramble.w@example.com"),
        (QUERY, "registered_with", "phone:+447700900001"),
        ("rec:RP000001", "uses", QUERY),
        ("rec:RP000001", "uses", "email:bramble.w@example.com"),
        ("rec:RP000001", "uses", "phone:+447700900001"),
        ("rec:RP000001", "uses", "phone:+447700900002"),
        ("rec:RP000001", "lives_at", "address:3 kettle row wobbleton fictshire"),
        ("rec:RP000001", "lives_at", "address:12 marmalade lane grumbleford fictshire"),
        ("rec:RP000001", "relative_of", "rec:RP000002"),
        ("rec:RP000001", "works_for", "rec:org:grumbleford pie works ltd"),
        ("rec:RO000001", "record_of", "rec:RP000001"),
    ]
    lives = [k.props for k in res.links if k.type == "lives_at"]
    assert lives == [{"status": "former", "since": "2015-02-01", "until": "2021-04-30",
                      "data_source": "electoral_roll"},
                     {"status": "current", "since": "2021-05-01", "data_source": "electoral_roll"}]
    record = res.entities[-1].props
    assert record["court"] == "Fictshire Crown Court" and record["reference"] == "FS/2019/12345"


def test_phone_with_current_and_former_holders(records):
    res = records.search("phone", "+447700900003")
    people = [(e.label, e.confidence) for e in res.entities if e.type == "person"]
    assert people == [("Sorrel Puddlewater", 0.6), ("Sorrell Puddlewaters", 0.8)]
    uses = [(k.source, k.props["status"]) for k in res.links if k.target == QUERY]
    assert uses == [("rec:RP000003", "current"), ("rec:RP000004", "former")]
    assert res.messages == ["2 people are on record for this phone (current and former "
                            "holders, each with a confidence)"]


def test_phone_written_nationally_is_normalised(records):
    res = records.lookup(Entity("PH", "phone", "01632 960001"), LookupContext())
    assert res.query_value == "+441632960001"
    assert [k.source for k in res.links if k.target == QUERY] == ["rec:RP000002"]


def test_email(records):
    res = records.lookup(Entity("EM", "email", " Quill@Example.ORG "), LookupContext())
    assert _facts(res) == (
        [("rec:RP000005", "person", "Quill Tinkerspoon", "RE000003", 0.9),
         ("rec:org:wobbleton car wash", "organisation", "Wobbleton Car Wash", "RW000002", 0.9)],
        [("rec:RP000005", "uses", QUERY),
         ("rec:RP000005", "works_for", "rec:org:wobbleton car wash")])


def test_name_exact_and_fuzzy_candidates(records):
    res = records.lookup(Entity("P", "person", "sorrel  PUDDLEWATER"), LookupContext())
    assert res.query_type == "name"
    same = [(k.target, k.confidence) for k in res.links if k.type == "same_as"]
    assert same == [("rec:RP000003", 1.0), ("rec:RP000004", 0.947)]
    # the exact match comes with its profile, the near one as a bare candidate
    assert {k.source for k in res.links if k.type == "uses"} == {"rec:RP000003"}
    assert "2 people match the name" in res.messages[0]


def test_person_from_a_previous_lookup_is_fetched_by_ref(records):
    res = records.lookup(Entity("rec:RP000002", "person", "Nettle Wobblesock",
                                props={"ref": "rec:RP000002"}), LookupContext())
    assert (res.query_type, res.query_value) == ("person", "rec:RP000002")
    assert _facts(res)[1] == [
        (QUERY, "uses", "phone:+441632960001"),
        (QUERY, "lives_at", "address:3 kettle row wobbleton fictshire"),
        (QUERY, "relative_of", "rec:RP000001")]
    assert res.links[-1].props == {"relation": "parent", "data_source": "credit_header"}


def test_address_gives_its_residents(records):
    res = records.lookup(Entity("AD", "address", "3 kettle row, WOBBLETON, Fictshire"),
                         LookupContext())
    assert [(k.source, k.props["status"]) for k in res.links] == [
        ("rec:RP000002", "current"), ("rec:RP000001", "former")]


def test_not_found(records):
    res = records.search("email", "nobody@example.com")
    assert (res.status, res.entities, res.links) == ("not_found", [], [])
    assert res.messages == ["no record of email 'nobody@example.com' in the records database "
                            "(the United Kingdom)"]
    assert records.search("handle", "x:nobody").status == "not_found"
    assert records.search("name", "zzzz qqqq").status == "not_found"


def test_foreign_phone_is_not_covered(records):
    res = records.lookup(Entity("PH", "phone", "+1 202 555 0100"), LookupContext())
    assert (res.status, res.query_value) == ("not_covered", "+12025550100")
    assert res.messages == ["+12025550100 is a number from US: the records database covers "
                            "the United Kingdom only"]
    assert records.search("phone", "+33612345678").status == "not_covered"


def test_entity_it_cannot_look_up(records):
    res = records.lookup(Entity("V", "vehicle", "AB12 CDE"), LookupContext())
    assert res.status == "not_found" and "cannot look up a vehicle" in res.messages[0]


def test_db_is_rebuilt_when_the_seed_changes(tmp_path, fixtures):
    seed = tmp_path / "seed"
    shutil.copytree(fixtures / "records", seed)
    db = tmp_path / "r.sqlite"
    assert build_db(db, seed) is True
    assert build_db(db, seed) is False
    provider = RecordsProvider(db, seed)
    assert provider.search("email", "new@example.com").status == "not_found"
    with (seed / "emails.csv").open("a", encoding="utf-8") as fh:
        fh.write("RE000009,RP000005,new@example.com,2024-01-01,data_broker,0.50\n")
    assert provider.search("email", "new@example.com").status == "ok"
    assert build_db(db, seed) is False


def test_seed_hash_ignores_files_that_are_not_tables(tmp_path, fixtures):
    seed = tmp_path / "seed"
    shutil.copytree(fixtures / "records", seed)
    before = seed_hash(seed)
    (seed / "case_truth.csv").write_text("case_node_id\n", encoding="utf-8")
    assert seed_hash(seed) == before


# -- the shipped seed, on the fictional SOCMINT case ----------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not (SEED / "people.csv").exists():
        pytest.fail(f"the records seed is expected in {SEED} (python data/make_records.py)")
    return RecordsProvider(tmp_path_factory.mktemp("rec") / "records.sqlite", SEED)


def _truth():
    with (SEED / "case_truth.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _names():
    with (SEED / "people.csv").open(encoding="utf-8", newline="") as fh:
        return {r["person_id"]: r["full_name"] for r in csv.DictReader(fh)}


def test_every_identifier_of_the_case_resolves_to_its_holder(real):
    names, checked = _names(), 0
    query_type = {"phone": "phone", "email": "email", "account": "handle"}
    for row in _truth():
        if row["entity_type"] not in query_type:
            continue
        res = real.search(query_type[row["entity_type"]], row["identifier"])
        holders = {e.props["ref"] for e in res.entities
                   if any(k.source == e.ref and k.target == QUERY and k.type == "uses"
                          for k in res.links)}
        assert res.status == "ok", row
        assert f"rec:{row['person_id']}" in holders, (row, names[row["person_id"]])
        checked += 1
    assert checked == 161


def test_some_identifiers_of_the_case_have_several_candidates(real):
    counts = []
    for row in _truth():
        if row["entity_type"] == "phone":
            res = real.search("phone", row["identifier"])
            counts.append(sum(1 for k in res.links if k.target == QUERY and k.type == "uses"))
    assert len(counts) == 63
    assert sum(1 for c in counts if c > 1) == 18


def test_every_phone_email_and_account_node_of_the_case_resolves(real):
    from casegraph.samples import sample_cases

    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    statuses = {}
    for node, kind in case.graph.nodes(data="type"):
        if kind in ("phone", "email", "account"):
            res = real.lookup(Entity.from_case(case, node), LookupContext())
            statuses[res.status] = statuses.get(res.status, 0) + 1
    assert statuses == {"ok": 63 + 12 + 67}


def test_principal_by_phone_on_the_real_seed(real):
    res = real.search("phone", "+447700900883")
    person = res.entities[0]
    assert (person.label, person.props["ref"], person.confidence) == (
        "Acorn Brightspoon", "rec:RP000001", 0.95)
    types = sorted({e.type for e in res.entities})
    assert types == ["account", "address", "email", "person", "phone", "record"]
    assert ("rec:RP000001", "relative_of", "rec:RP000002") in _facts(res)[1]
