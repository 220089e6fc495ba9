"""Redaction: the shape of the network stays, what identifies someone goes."""

import json

from casegraph.analysis import analyse
from casegraph.model import Case
from casegraph.picture import View
from casegraph.redaction import (
    FULL,
    RedactionProfile,
    initials,
    mask_text,
    redact_audit_rows,
    redact_case,
)


def _case():
    case = Case(name="Op Demo", meta={"case_number": "OP-1", "purpose": "s.4",
                                      "warnings": ["row 3: Ash Fictional, 07700 900001"]})
    case.add_entity("ash", "person", "Ash Fictional", dob="1990-01-01",
                    provenance={"kind": "file", "source": "calls.csv", "row": 3,
                                "format": "csv"})
    phone = case.add_entity(None, "phone", "07700 900123")
    email = case.add_entity(None, "email", "ash@example.com")
    addr = case.add_entity(None, "address", "1 Fictional Road, Testtown")
    acct = case.add_entity(None, "account", "ash_fictional", platform="instagram")
    case.add_link("ash", phone, "uses", note="said on 07700 900123")
    case.add_link("ash", email, "uses")
    case.add_link("ash", addr, "lives_at")
    case.add_link("ash", acct, "uses", provenance={"kind": "lookup", "provider": "records",
                                                  "query_type": "phone",
                                                  "query_value": "+447700900123"})
    case.positions = {n: (float(i), 0.0) for i, n in enumerate(case.graph)}
    case.meta["view"] = {"selection": {"kind": "node", "id": phone}}
    return case


SECRETS = ("Ash", "Fictional", "900123", "example.com", "Testtown", "ash_fictional",
           "1990-01-01", "+44770090", "warnings")


def test_nothing_identifying_is_left():
    out = redact_case(_case(), RedactionProfile("redacted", keep_digits=0))
    text = json.dumps(out.case.to_dict())
    for secret in SECRETS:
        assert secret not in text, secret
    labels = sorted(out.case.graph.nodes[n]["label"] for n in out.case.graph)
    assert labels == ["A.F. · E1", "account · E5", "address · E4", "email · E3",
                      "phone · E2"]


def test_shape_positions_and_view_follow_the_new_ids():
    case = _case()
    out = redact_case(case, RedactionProfile("redacted", keep_digits=3))
    assert out.case.graph.number_of_nodes() == case.graph.number_of_nodes()
    assert out.case.graph.number_of_edges() == case.graph.number_of_edges()
    assert out.case.positions["E2"] == case.positions[list(case.graph)[1]]
    assert out.case.graph.nodes["E2"]["label"] == "phone …123 · E2"
    assert out.case.meta["view"]["selection"]["id"] == "E2"
    assert out.case.graph.nodes["E1"]["provenance"] == [
        {"kind": "file", "source": "calls.csv", "format": "csv"}]
    analysis = out.analysis(analyse(case))
    assert set(analysis.centrality.index) == set(out.case.graph)
    view = out.view(View(hubs=("ash",)))
    assert view.hubs == ("E1",)


def test_full_profile_is_the_case_itself():
    case = _case()
    assert redact_case(case, RedactionProfile(FULL)).case is case


def test_text_and_audit_rows():
    assert initials("ash de fictional") == "A.D.F."
    assert mask_text("call 07700 900123 or ash@example.com", 2) == "call [number …23] or [email]"
    rows = redact_audit_rows([{"query_type": "phone", "query_value": "+447700900123",
                               "justification": "about 07700 900123", "user": "ana"}],
                             RedactionProfile("redacted", keep_digits=3))
    assert rows[0]["query_value"] == "phone …123" and "900123" not in rows[0]["justification"]
    assert rows[0]["user"] == "ana"
