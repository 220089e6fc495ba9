"""Size limits: an upload or an expansion past the configured limit is refused with a
message that names the limit and how to raise it; the case stays as it was."""

from __future__ import annotations

from dash import no_update

from casegraph.samples import sample_cases
from components import case_settings, enrich, header
from tests.callbacks.conftest import data_url, texts

CALLS_CSV = (b"source,target\nAlpha Fictional,Bravo Fictional\n"
             b"Bravo Fictional,Charlie Fictional\nCharlie Fictional,Delta Fictional\n")


def test_an_upload_over_the_entity_limit_is_refused(ws, store, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_MAX_ENTITIES", "3")
    before = ws.list_cases()
    result = header.handle_upload(ws, [data_url(CALLS_CSV)], ["calls.csv"])
    assert result.case_id is None
    assert result.error == (
        "calls.csv: This file would hold 4 entities; the limit is 3 per case. An "
        "administrator can raise it by setting CASEGRAPH_MAX_ENTITIES (for example "
        "CASEGRAPH_MAX_ENTITIES=4) and restarting the server. Nothing was changed.")
    assert ws.list_cases() == before
    monkeypatch.setenv("CASEGRAPH_MAX_LINKS", "2")
    monkeypatch.setenv("CASEGRAPH_MAX_ENTITIES", "10")
    result = header.handle_upload(ws, [data_url(CALLS_CSV)], ["calls.csv"])
    assert "3 links; the limit is 2 per case" in result.error
    assert "CASEGRAPH_MAX_LINKS" in result.error


def test_an_expansion_past_the_limit_is_refused_and_changes_nothing(ws, monkeypatch):
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    case_id, rev = ws.import_case(case)
    store, _, _, _ = case_settings.save_details(ws, {"case_id": case_id, "rev": rev},
                                                "OP-L", "limits test")
    size = ws.case(case_id).graph.number_of_nodes()
    monkeypatch.setenv("CASEGRAPH_MAX_ENTITIES", str(size + 1))
    out = enrich.expand_action(ws, store, "AC001", "records")
    assert out.store is no_update and out.delta is no_update
    words = texts(out.message)
    assert words[0] == "telegram: sunny.yeti: not added"
    assert f"the limit is {size + 1:,} per case" in words[1]
    assert "CASEGRAPH_MAX_ENTITIES" in words[1]
    assert ws.current_rev(case_id) == store["rev"]
