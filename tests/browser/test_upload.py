"""Uploading in a real browser: a good CSV replaces the graph; a broken one changes nothing
but shows the loader's message."""

from __future__ import annotations

import io

import pytest

import casegraph.io as cio
from components import ids

pytestmark = pytest.mark.browser

# Fictional people, one call list (source,target,weight).
CALLS_CSV = (
    b"source,target,weight\n"
    b"Alpha Fictional,Bravo Fictional,2\n"
    b"Bravo Fictional,Charlie Fictional,1\n"
    b"Charlie Fictional,Delta Fictional,3\n"
    b"Delta Fictional,Echo Fictional,1\n"
    b"Echo Fictional,Alpha Fictional,1\n"
    b"Foxtrot Fictional,Alpha Fictional,4\n"
)
CALLS_LABELS = sorted(f"{name} Fictional"
                      for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"))

BROKEN_CSV = b"source,target,weight\nAlpha Fictional,Bravo Fictional,heavy\n"


def upload(page, name: str, data: bytes) -> None:
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def load_error(name: str, data: bytes) -> str:
    """The message the loader gives for this file (what the page must show)."""
    buffer = io.BytesIO(data)
    buffer.name = name
    with pytest.raises(cio.LoadError) as caught:
        cio.load(buffer, filename=name)
    return str(caught.value)


def test_uploading_a_csv_replaces_the_graph(page, diagram):
    before = diagram.snapshot()
    assert before["labels"] != CALLS_LABELS
    carried: list[list[str]] = []  # the outputs of each request that sent the file

    def sent(request) -> None:
        body = request.post_data or ""
        if "_dash-update-component" in request.url and ids.UPLOAD_PENDING in body:
            carried.append(str((request.post_data_json or {}).get("output", ""))[:80])

    page.on("request", sent)
    upload(page, "calls.csv", CALLS_CSV)

    diagram.wait(nodes=len(CALLS_LABELS))
    after = diagram.snapshot()
    assert after["labels"] == CALLS_LABELS
    assert after["edges"] == 6
    assert not set(after["ids"]) & set(before["ids"])
    assert page.locator(f"#{ids.UPLOAD_ERROR}").is_hidden()
    notice = page.locator(f"#{ids.UPLOAD_NOTICE}")
    notice.wait_for(state="visible", timeout=15_000)
    assert "calls.csv" in notice.inner_text()
    page.wait_for_timeout(1500)  # the requests the job's end sets off
    # the file goes to the server once: clearing the mapping request as the upload starts
    # and ends wakes none of the dialog's callbacks (they carry the file)
    assert len(carried) == 1, carried
    assert page.console_errors == []


def test_uploading_a_broken_file_shows_the_error_and_keeps_the_graph(page, diagram):
    before = diagram.snapshot()
    expected = load_error("broken.csv", BROKEN_CSV)
    assert expected == "broken.csv, row 2, column 'weight': expected a number, found 'heavy'"

    upload(page, "broken.csv", BROKEN_CSV)

    error = page.locator(f"#{ids.UPLOAD_ERROR}")
    error.wait_for(state="visible", timeout=15_000)
    assert expected in error.inner_text()
    # give a wrongly triggered redraw time to happen before checking nothing changed
    page.wait_for_timeout(1000)
    assert diagram.snapshot() == before
    assert page.console_errors == []
