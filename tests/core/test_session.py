"""The workspace on behalf of one user: access to cases, the record of what each user did,
lookups under the logged-in user, redaction by role, and erasure."""

import json

import pytest
from sqlalchemy import text

from casegraph.access import Actor, Refused
from casegraph.audit import AuditUnavailable, verify
from casegraph.enrichment import LookupContext, expand
from casegraph.model import Case
from casegraph.session import Export, records_for
from casegraph.workspace import Workspace

ANA, BOB = Actor("ana", "analyst"), Actor("bob", "analyst")
VIV, ADA = Actor("viv", "viewer"), Actor("ada", "admin")


def _case(name="Op Tide"):
    case = Case(name=name, meta={"case_number": "OP-7", "purpose": "s.4 MDA 1971"})
    case.add_entity("ash", "person", "Ash Fictional")
    phone = case.add_entity(None, "phone", "07700 900001")
    case.add_link("ash", phone, "uses")
    return case


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(tmp_path / "data", samples=False)
    users = records_for(ws).users
    for actor in (ANA, BOB, VIV, ADA):
        users.add(actor.user, actor.role)
    return ws


def _actions(ws, **where):
    return [(r["action"], r["user"]) for r in records_for(ws).audit.rows(**where)]


def test_owner_team_admin_and_strangers(ws):
    ana, bob, viv, ada = (ws.session(a) for a in (ANA, BOB, VIV, ADA))
    case_id, _ = ana.import_case(_case())
    assert [c["case_id"] for c in ana.list_cases()] == [case_id]
    assert bob.list_cases() == [] and viv.list_cases() == []
    assert [c["owner"] for c in ada.list_cases()] == ["ana"]
    for attempt in (lambda: bob.case(case_id), lambda: bob.analysis(case_id),
                    lambda: bob.current_rev(case_id), lambda: bob.positions(case_id),
                    lambda: bob.derived(case_id, None, "x", lambda: 1),
                    lambda: bob.revisions(case_id), lambda: bob.case_info(case_id),
                    lambda: bob.save_revision(case_id, _case()),
                    lambda: bob.lookup_kit(case_id), lambda: bob.erase(case_id, "tidy"),
                    lambda: bob.share(case_id, "bob")):
        with pytest.raises(Refused):
            attempt()
    refusals = records_for(ws).audit.rows(action="refused")
    assert len(refusals) == 11 and {r["user"] for r in refusals} == {"bob"}
    assert all(r["case_id"] == case_id for r in refusals)
    ana.share(case_id, "viv")
    assert [c["case_id"] for c in viv.list_cases()] == [case_id]
    assert viv.case(case_id).name == "Op Tide"
    with pytest.raises(Refused, match="as viewer"):
        viv.save_revision(case_id, _case())
    with pytest.raises(Refused):
        viv.lookup_kit(case_id)
    with pytest.raises(Refused):
        viv.import_case(_case())
    assert ada.case(case_id).name == "Op Tide"


def test_sample_cases_are_readable_by_everyone(tmp_path):
    ws = Workspace(tmp_path / "data", samples=False)
    case_id, _ = ws.import_case(_case("Sample"), kind="sample")
    viv = ws.session(VIV)
    assert [c["case_id"] for c in viv.list_cases()] == [case_id]
    assert viv.case(case_id).name == "Sample"
    with pytest.raises(Refused):
        ws.session(ANA).erase(case_id, "not mine")


def test_each_event_is_recorded_once_with_its_user(ws):
    ana, ada = ws.session(ANA), ws.session(ADA)
    case_id, rev = ana.import_case(_case())
    ana.case(case_id)  # a read right after the upload: no second record
    ana.open_case(case_id)
    changed = ana.case(case_id).copy()
    changed.add_entity("bay", "person", "Bay Fictional")
    ana.save_revision(case_id, changed, note="added Bay")
    ana.share(case_id, "viv")
    ana.disclose(case_id, "json", lambda: Export("x.json", b"{}", "application/json"),
                 profile=ana.redaction("full"), recipient="CPS, file OP-7")
    ada.case(case_id)
    assert _actions(ws) == [("collect", "ana"), ("consult", "ana"), ("alter", "ana"),
                            ("share", "ana"), ("disclose", "ana"), ("consult", "ada")]
    rows = records_for(ws).audit.rows()
    alter = rows[2]["details"]
    assert alter["changes"]["entities_added"] == 1 and alter["note"] == "added Bay"
    disclose = rows[4]
    assert disclose["justification"] == "CPS, file OP-7"
    assert disclose["details"]["format"] == "json" and disclose["details"]["redaction"] == "full"
    assert rows[5]["role"] == "admin"
    assert verify(records_for(ws).audit).ok


def test_lookups_are_recorded_under_the_logged_in_user(ws):
    ana = ws.session(ANA)
    case_id, rev = ana.import_case(_case())
    kit = ana.lookup_kit(case_id)
    case = ana.case(case_id)
    phone = next(n for n, t in case.graph.nodes(data="type") if t == "phone")
    # the context names someone else: the record says who was logged in
    context = LookupContext.for_case(case, user="a colleague's name")
    expand(case, phone, kit.registry.get("records"), context, cache=kit.cache, audit=kit.audit)
    (row,) = records_for(ws).audit.rows(action="lookup")
    assert (row["user"], row["role"], row["case_id"]) == ("ana", "analyst", case_id)
    assert row["query_value"] == "+447700900001" and row["justification"] == "s.4 MDA 1971"


def test_nothing_runs_when_the_audit_cannot_be_written(ws):
    ana = ws.session(ANA)
    case_id, _ = ana.import_case(_case())
    engine = records_for(ws).audit.engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))
    before = ws.current_rev(case_id)
    with pytest.raises(AuditUnavailable, match="cannot be written"):
        ana.save_revision(case_id, _case("changed"))
    with pytest.raises(AuditUnavailable):
        ana.lookup_kit(case_id)
    with pytest.raises(AuditUnavailable):
        ana.import_case(_case())
    made = []
    with pytest.raises(AuditUnavailable):
        ana.disclose(case_id, "json", lambda: made.append(1) or Export("x", b"", "x"),
                     profile=ana.redaction("full"))
    assert made == [] and ws.current_rev(case_id) == before
    status = ana.audit_status()
    assert status["ok"] is False and "unreadable" in status["reason"]


def test_viewers_get_redacted_exports_unless_granted(ws):
    ana, viv = ws.session(ANA), ws.session(VIV)
    case_id, _ = ana.import_case(_case())
    ana.share(case_id, "viv")
    assert viv.redaction("full").name == "redacted"
    with pytest.raises(Refused):
        viv.disclose(case_id, "csv", lambda: Export("x", b"", "x"),
                     profile=ana.redaction("full"))
    records_for(ws).users.set_grants("viv", {"export_unredacted"})
    granted = ws.session(Actor("viv", "viewer", frozenset({"export_unredacted"})))
    assert granted.redaction("full").name == "full"
    records_for(ws).access.set_setting("redaction_keep_digits", "3")
    assert viv.redaction().keep_digits == 3


def test_erasure_leaves_no_case_data_and_one_record(ws, tmp_path):
    ana = ws.session(ANA)
    case_id, _ = ana.import_case(_case())
    kit = ana.lookup_kit(case_id)
    case = ana.case(case_id)
    phone = next(n for n, t in case.graph.nodes(data="type") if t == "phone")
    res = expand(case, phone, kit.registry.get("records"), LookupContext.for_case(case),
                 cache=kit.cache, audit=kit.audit)
    ana.save_revision(case_id, res.case, note="lookup")
    ana.enrichment().results.keep(case_id, {"new_nodes": res.new_nodes}, user="ana")
    ana.analysis(case_id)
    cache = ws.enrichment().cache.for_case(case_id)
    assert cache.get("records", "phone", "+447700900001") is not None
    with pytest.raises(Refused, match="why"):
        ana.erase(case_id, "  ")
    done = ana.erase(case_id, "retention period over")
    (record,) = records_for(ws).audit.rows(action="erase")
    assert record["user"] == "ana" and record["justification"] == "retention period over"
    assert record["details"]["revisions"] == 2 and record["details"]["sha256"] == done["sha256"]
    assert ana.list_cases() == []
    assert cache.get("records", "phone", "+447700900001") is None
    with ws.engine.connect() as conn:
        for table in ("cases", "revisions", "lookup_cache", "job_tickets", "lookup_results",
                      "case_access", "case_share"):
            left = conn.execute(text(f"SELECT COUNT(*) FROM {table} WHERE case_id = :c"),
                                {"c": case_id}).scalar()
            assert left == 0, table
    assert all(key[0] != case_id for key in ws._cases._items)
    assert all(key[0] != case_id for key in ws._analyses._items)
    # the case data is gone from the audit too, except the erasure's own record
    payload = json.dumps(records_for(ws).audit.rows(action="erase"))
    assert "Ash Fictional" not in payload
    assert verify(records_for(ws).audit).ok


def test_admin_sees_cases_past_review(ws):
    ana, ada = ws.session(ANA), ws.session(ADA)
    case_id, _ = ana.import_case(_case())
    assert ada.cases_past_review() == []
    ana.set_review_date(case_id, "2020-01-01")
    (due,) = ada.cases_past_review()
    assert due["case_id"] == case_id and due["name"] == "Op Tide"
    with pytest.raises(Refused):
        ana.cases_past_review()
    with pytest.raises(Refused):
        ana.set_review_date(case_id, "soon")
