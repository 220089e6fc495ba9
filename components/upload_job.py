"""An upload read in the background: its stage on a progress bar, and a Cancel button.

A dropped file goes from the page's upload store to :func:`start_upload` (server side: the
files decoded and checked against the size limit, their bytes kept in the upload spool,
a job ticket written for the logged-in analyst). The page then runs :func:`run_upload` as
a Dash background callback (a clean process, or a Celery worker of the team): it takes the
files from the spool, acts for the analyst who uploaded them with their access as it is
now, and reads the file, builds and stores the case, finds its clusters, works out its
figures and places its clusters, naming each stage on the bar. Cancel stops it at the next
stage; once the case is stored it stays (what is left is worked out when it is opened).
The answer is the same as a synchronous upload's: the picker on the new case, the notice,
or the error with the case on screen unchanged.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import Input, Output, State, no_update

import casegraph.io as cio
from casegraph.access import Refused
from casegraph.session import session_for
from casegraph.workspace import Workspace
from components import header, ids
from components.state import workspace

log = logging.getLogger(__name__)

HIDDEN, SHOWN = {"display": "none"}, {}
POLL_MS = 500
# each stage's name on the bar, and how far along the bar it starts
STAGES = {
    "queued": (header.UPLOAD_WAITING, 2),
    "reading": ("Reading the file", 5),
    "building": ("Building and storing the case", 35),
    "clusters": ("Finding the clusters", 50),
    "figures": ("Working out the figures", 62),
    "layout": ("Placing the clusters", 85),
    "picture": ("Preparing the first picture", 94),
}


def start_upload(ws: Any, pending: Any, choice: Any) -> tuple[Any, tuple]:
    """``(job, outputs)``: the job the page runs next and the upload callback's outputs
    (an error at once for files that cannot be taken at all)."""
    if not isinstance(pending, dict) or not pending.get("contents"):
        return no_update, (no_update,) * len(header.UPLOAD_OUTPUTS)
    ws.require_collect()
    try:
        files = header.upload_files(pending["contents"], pending.get("filenames"))
    except cio.LoadError as exc:
        result = header.UploadResult(error=str(exc))
        return None, header.upload_answer(ws, result)
    tickets = ws.enrichment().tickets
    ticket = tickets.issue("", 0, {"choice": str(choice or header.AUTO),
                                   "names": [name for name, _ in files]}, user=ws.user)
    ws.upload_spool().put(ticket, files)
    # the alerts cleared; the mapping request left as it is (header.upload_outputs)
    cleared = (no_update, no_update, None, HIDDEN, None, HIDDEN, no_update, HIDDEN, HIDDEN,
               HIDDEN)
    return {"ticket": ticket, "ws": ws.key}, cleared


def progress_values(stage: str) -> tuple[dict[str, str], str]:
    text, share = STAGES.get(stage, (stage, 0))
    return {"width": f"{share}%"}, f"{text}…"


def run_upload(job: Any, report=None) -> tuple:
    """Read, place, store and analyse the upload a ticket names (in a background process);
    returns the upload callback's outputs. ``report(stage)``: progress."""
    if not isinstance(job, dict) or not job.get("ticket"):
        return (no_update,) * len(header.UPLOAD_OUTPUTS)
    opened = Workspace.opened(str(job.get("ws") or ""))
    if opened is None:
        return header.upload_answer(None, header.UploadResult(
            error="The upload could not start: this server does not hold the database."))
    tickets = opened.enrichment().tickets
    claimed = tickets.claim(job["ticket"])
    if claimed is None:
        return (no_update,) * len(header.UPLOAD_OUTPUTS)  # unknown, stale or already run
    files = opened.upload_spool().take(claimed.ticket)

    def stage(name: str) -> None:
        if tickets.cancel_requested(claimed.ticket):
            raise header.UploadCancelled
        if report is not None:
            report(name)

    ws = None
    try:
        ws = session_for(opened, claimed.user)
        if not files:
            result = header.UploadResult(error="The upload's files were not found; drop them "
                                               "again.")
        else:
            result = header.handle_files(ws, files, claimed.params.get("choice"), stage)
    except header.UploadCancelled:
        names = ", ".join(name for name, _ in files)
        result = header.UploadResult(error=f"{names}: the upload was cancelled before "
                                           "anything was stored.")
    except Refused as exc:
        result = header.UploadResult(error=str(exc))
    except Exception as exc:  # reported on the page, never lost
        log.exception("upload job %s failed", claimed.ticket)
        result = header.UploadResult(error=f"The upload failed: {type(exc).__name__}: {exc}")
    finally:
        tickets.finish(claimed.ticket)
    return header.upload_answer(ws, result)


def upload_job_callback(set_progress, job):
    """The background callback (module level, so a job process imports it by name)."""
    return run_upload(job, report=lambda stage: set_progress(progress_values(stage)))


def cancel_upload(ws: Any, job: Any) -> str:
    """Ask the running upload to stop at its next stage; the words for the bar."""
    if not isinstance(job, dict) or not job.get("ticket"):
        return no_update
    if ws.enrichment().tickets.request_cancel(job["ticket"]):
        return "Cancelling at the next stage…"
    return no_update


# -- callbacks (the progress box is in header.alerts) ----------------------------------------
def register(app) -> None:
    @app.callback(
        Output(ids.UPLOAD_JOB, "data"),
        *header.UPLOAD_OUTPUTS,
        Input(ids.UPLOAD_PENDING, "data"),
        State(ids.UPLOAD_MAPPING, "value"),
        prevent_initial_call=True,
    )
    def on_upload(pending, choice):
        job, outputs = start_upload(workspace(), pending, choice)
        return job, *outputs

    app.callback(
        *header.UPLOAD_OUTPUTS,
        Input(ids.UPLOAD_JOB, "data"),
        background=True,
        progress=[Output(ids.UPLOAD_PROGRESS, "style"),
                  Output(ids.UPLOAD_PROGRESS_TEXT, "children")],
        progress_default=[{"width": "0%"}, progress_values("queued")[1]],
        running=[(Output(ids.UPLOAD_JOB_BOX, "style"), SHOWN, HIDDEN),
                 (Output(ids.UPLOAD, "disabled"), True, False)],
        interval=POLL_MS,
        prevent_initial_call=True,
    )(upload_job_callback)

    @app.callback(
        Output(ids.UPLOAD_PROGRESS_TEXT, "children", allow_duplicate=True),
        Input(ids.UPLOAD_CANCEL, "n_clicks"),
        State(ids.UPLOAD_JOB, "data"),
        prevent_initial_call=True,
    )
    def on_cancel(n_clicks, job):
        if not n_clicks:
            return no_update
        return cancel_upload(workspace(), job)
