"""An upload read in the background (components/upload_job.py): its stages, its cancel, its
answer through Dash's real routes and a real job process."""

from __future__ import annotations

import pytest
from dash import no_update

from app import create_app
from casegraph.session import records_for
from components import header, ids, upload_job
from components.state import WORKSPACE_KEY
from tests.callbacks.conftest import PASSWORD, data_url
from tests.dash_client import DashClient

CALLS = b"source,target,weight\nAsh Fictional,Bay Fictional,2\nBay Fictional,Cob Fictional,1\n"


def pending(data: bytes = CALLS, name: str = "op_tide_calls.csv") -> dict:
    return {"contents": [data_url(data)], "filenames": [name]}


def test_each_stage_is_named_before_it_runs_and_a_large_case_is_analysed_first(
        ws, monkeypatch):
    monkeypatch.setattr(header, "FIGURES_FROM", 3)
    seen: list[str] = []
    result = header.handle_files(ws, [("calls.csv", CALLS)], stage=seen.append)
    assert seen == ["reading", "building", "clusters", "figures", "layout"]
    assert result.case_id and result.error is None
    assert ws._ws._analyses.get_or_make((result.case_id, result.rev),
                                        lambda: None) is not None  # made before it was opened
    small = header.handle_files(ws, [("calls.csv", CALLS)], stage=(seen := []).append)
    monkeypatch.setattr(header, "FIGURES_FROM", 1000)
    assert small.case_id
    assert header.handle_files(ws, [("calls.csv", CALLS)], stage=(seen := []).append).case_id
    assert seen == ["reading", "building"]


def test_a_large_upload_keeps_what_its_opening_reads(ws, monkeypatch):
    """The job makes the first overview, its figures, the one-kind flag and the summary
    cards while it holds the case: the page that opens it reads them back."""
    from components import diagram, diagram_facts, overview, summary

    monkeypatch.setattr(header, "FIGURES_FROM", 3)
    monkeypatch.setattr(ws._ws, "keep_analysis_from", 0)  # kept whatever the size
    names = [diagram.FIRST_OVERVIEW, diagram_facts.FACTS, "one-kind", summary.FIGURES]
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 1000)  # not a large case: none kept
    small = header.handle_files(ws, [("calls.csv", CALLS)], stage=lambda _name: None)
    assert [ws._ws.store.load_analysis(small.case_id, small.rev, n) for n in names[:2]] == [
        None, None]
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 2)
    seen: list[str] = []
    result = header.handle_files(ws, [("calls.csv", CALLS)], stage=seen.append)
    assert seen == ["reading", "building", "clusters", "figures", "layout", "picture"]
    kept = {n: ws._ws.store.load_analysis(result.case_id, result.rev, n) for n in names}
    assert all(value is not None for value in kept.values()), kept


def test_a_cancel_once_the_case_is_stored_keeps_it_and_stops_the_figures(ws, monkeypatch):
    monkeypatch.setattr(header, "FIGURES_FROM", 3)
    seen: list[str] = []

    def stage(name: str) -> None:
        seen.append(name)
        if name == "figures":
            raise header.UploadCancelled

    result = header.handle_files(ws, [("calls.csv", CALLS)], stage=stage)
    assert seen == ["reading", "building", "clusters", "figures"]  # no layout after it
    assert result.case_id and result.error is None  # stored: it opens
    assert (result.case_id, result.rev) not in ws._ws._analyses._items  # left for later


def test_a_cancelled_upload_stores_nothing_and_empties_the_spool(ws):
    before = [c["id"] for c in ws.list_cases()]
    job, outputs = upload_job.start_upload(ws, pending(), "")
    assert outputs[2] is None and outputs[3] == upload_job.HIDDEN  # the last error cleared
    assert upload_job.cancel_upload(ws, job) == "Cancelling at the next stage…"
    answer = upload_job.run_upload(job)
    error = str(answer[2])
    assert "op_tide_calls.csv: the upload was cancelled before anything was stored" in error
    assert answer[1] is no_update  # the picker stays on the case on screen
    assert [c["id"] for c in ws.list_cases()] == before
    assert ws.upload_spool().take(job["ticket"]) == []
    assert upload_job.run_upload(job) == (no_update,) * len(header.UPLOAD_OUTPUTS)  # once


def test_a_file_over_the_limit_is_refused_before_any_job(ws, monkeypatch):
    monkeypatch.setattr(header, "MAX_UPLOAD_BYTES", 10)
    job, outputs = upload_job.start_upload(ws, pending(), "")
    assert job is None
    assert "the limit is 0 MB" in str(outputs[2]) and outputs[3] == {}


@pytest.fixture
def app(tmp_path):
    app = create_app({"data_dir": str(tmp_path / "data"), "samples": False,
                      "idle_gc": False, "announce_setup": False})
    records_for(app.server.config[WORKSPACE_KEY]).users.add("ana", "analyst", PASSWORD)
    yield app
    app.server.config[WORKSPACE_KEY].close()


def test_an_upload_through_the_routes_runs_as_a_job_and_opens_the_case(app):
    client = DashClient(app=app)
    client.login("ana", PASSWORD)
    client.open()
    progress: list = []
    answer = client.upload(pending(), on_progress=progress.append)
    assert answer[ids.UPLOAD_JOB]["data"]["ticket"]
    case_id = answer[ids.CASE_PICKER]["value"]
    assert case_id in [o["value"] for o in answer[ids.CASE_PICKER]["options"]]
    assert "Loaded op_tide_calls.csv: 3 entities, 2 links." in str(answer[ids.UPLOAD_NOTICE])
    texts = [p[f"{ids.UPLOAD_PROGRESS_TEXT}.children"] for p in progress]
    known = {f"{words}…" for words, _ in upload_job.STAGES.values()}
    assert set(texts) <= known  # the polls saw stages by name (which ones depends on timing)
    broken = client.upload(pending(b"source,target,weight\nA,B,heavy\n", "bad.csv"))
    assert "expected a number, found 'heavy'" in str(broken[ids.UPLOAD_ERROR]["children"])
    assert ids.CASE_PICKER not in broken or broken[ids.CASE_PICKER] == {}


def test_the_new_case_can_be_renamed_at_once_from_the_notice(app):
    client = DashClient(app=app)
    client.login("ana", PASSWORD)
    client.open()
    answer = client.upload(pending())
    assert answer[ids.UPLOAD_RENAME_BOX]["style"] == {}  # shown under the notice
    case_id = answer[ids.CASE_PICKER]["value"]
    ws = app.server.config[WORKSPACE_KEY]
    store = {"case_id": case_id, "rev": ws.current_rev(case_id)}
    assert ws.case(case_id).name == "op_tide_calls"  # named after the file
    rename = client.callback(ids.UPLOAD_RENAME_STATUS, ids.UPLOAD_RENAME)
    done = client.fire(rename, inputs={ids.UPLOAD_RENAME: 1},
                       state={ids.UPLOAD_RENAME_NAME: "  Op Tide  calls ",
                              ids.CASE_STORE: store}, trigger=ids.UPLOAD_RENAME)
    assert done[ids.UPLOAD_RENAME_STATUS]["children"] == "Renamed to Op Tide calls."
    assert ws.case(case_id).name == "Op Tide calls"
    assert done[ids.CASE_STORE]["data"]["rev"] > store["rev"]
    assert any(o["value"] == case_id and "Op Tide calls" in str(o["label"])
               for o in done[ids.CASE_PICKER]["options"])
    broken = client.upload(pending(b"source,target,weight\nA,B,heavy\n", "bad.csv"))
    assert broken[ids.UPLOAD_RENAME_BOX]["style"] == {"display": "none"}
