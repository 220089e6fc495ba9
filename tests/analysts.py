"""Analysts replayed over HTTP: each holds its page's case store as the browser does, and
expands, tags and runs background jobs through the app's real callback endpoint. Used by
the concurrency tests and by bench/concurrency.py.

    make_accounts(data_dir, ["ana"])       # tests/web.py
    ana = Analyst(server_url, "ana")
    ana.open_case("Grumbleford")           # log in, open the page, pick the case
    found = ana.expand("AC001")            # the entities this expansion found
    ana.tag("P001", "suspect")
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from components import ids
from tests.dash_client import DashClient
from tests.web import PASSWORD


class ActionError(RuntimeError):
    """An action that did not do what was asked (an error card, a missing answer)."""


def _words(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [w for item in node for w in _words(item)]
    if isinstance(node, dict):
        return _words(node.get("props", {}).get("children"))
    return []


def _tone(card: Any) -> str:
    if isinstance(card, list) and card and isinstance(card[0], dict):
        return str(card[0].get("props", {}).get("className", ""))
    return ""


class Analyst:
    def __init__(self, base_url: str, name: str, password: str = PASSWORD):
        self.name = name
        self.password = password
        self.client = DashClient(base_url)
        self.store: dict[str, Any] | None = None
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    # -- the page -----------------------------------------------------------------------------
    def open_case(self, name_contains: str) -> dict[str, Any]:
        self.client.login(self.name, self.password)
        self.client.open()
        options = self.client.initial(ids.CASE_PICKER, "options") or []
        case_id = next(o["value"] for o in options if name_contains in str(o["label"]))
        answer = self.client.fire(self.client.callback(ids.CASE_STORE, ids.CASE_PICKER),
                                  inputs={ids.CASE_PICKER: case_id}, trigger=ids.CASE_PICKER,
                                  prop="value")
        self.store = answer[ids.CASE_STORE]["data"]
        return self.store

    def set_details(self, number: str, purpose: str) -> None:
        answer = self.client.fire(
            self.client.callback(ids.CASE_SETTINGS_STATUS, ids.CASE_SETTINGS_SAVE),
            inputs={ids.CASE_SETTINGS_SAVE: 1}, trigger=ids.CASE_SETTINGS_SAVE,
            state={ids.CASE_STORE: self.store, ids.CASE_NUMBER: number,
                   ids.CASE_PURPOSE: purpose})
        self._take(answer)

    def _take(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Apply an answer to the page as the browser does: a delta's follow-up outputs
        ("then") are written once it is drawn."""
        out = {cid: dict(props) for cid, props in answer.items()}
        delta = (out.get(ids.ENRICH_DELTA) or {}).get("data")
        if isinstance(delta, dict):
            for cid, prop, value in delta.get("then") or []:
                out.setdefault(cid, {})[prop] = value
        if ids.CASE_STORE in out and isinstance(out[ids.CASE_STORE].get("data"), dict):
            self.store = out[ids.CASE_STORE]["data"]
        return out

    def _timed(self, action: str, run):
        started = time.perf_counter()
        try:
            return run()
        finally:
            self.timings[action].append(time.perf_counter() - started)

    # -- actions ------------------------------------------------------------------------------
    def expand(self, node: str, provider: str = "records") -> list[str]:
        """Expand ``node``; returns the entities it found (new to the page's revision)."""
        button = {"index": provider, "type": ids.ENRICH_EXPAND}

        def run():
            return self.client.press(
                ids.ENRICH_MESSAGE, button,
                state={ids.CASE_STORE: self.store,
                       ids.SELECTION: {"kind": "node", "id": node}})

        out = self._take(self._timed("expand", run))
        card = (out.get(ids.ENRICH_MESSAGE) or {}).get("children")
        if "cg-enrich-error" in _tone(card):
            raise ActionError(f"{self.name} expanding {node}: {' / '.join(_words(card))}")
        return _new_entities(out)

    def tag(self, node: str, tag: str) -> int:
        """Tag ``node``; returns the revision the page moved to."""
        button = {"index": tag, "type": ids.TAG_SET}

        def run():
            return self.client.press(
                ids.CASE_STORE, button,
                state={ids.CASE_STORE: self.store,
                       ids.SELECTION: {"kind": "node", "id": node}})

        out = self._take(self._timed("tag", run))
        if ids.CASE_STORE not in out:
            raise ActionError(f"{self.name} tagging {node} {tag}: no new revision")
        return int(self.store["rev"])

    def run_job(self, nodes: list[str], provider: str = "records", hops: int = 1,
                on_progress=None) -> list[str]:
        """Select ``nodes`` and expand them together as a background job; returns the
        entities found once the job has answered."""
        button = {"index": provider, "type": ids.ENRICH_BULK_SELECTED}
        started = self.client.press(
            ids.ENRICH_MESSAGE, button,
            state={ids.CASE_STORE: self.store, ids.MULTI_SELECTION: list(nodes)})
        job = (started.get(ids.ENRICH_JOB) or {}).get("data")
        if not job:
            raise ActionError(f"{self.name}: the job did not start: "
                              f"{' / '.join(_words(started.get(ids.ENRICH_MESSAGE)))}")
        answer = self._timed("job", lambda: self.client.fire(
            self.client.callback(ids.ENRICH_UNDO, ids.ENRICH_JOB),
            inputs={ids.ENRICH_JOB: job}, trigger=ids.ENRICH_JOB, prop="data",
            on_progress=on_progress))
        out = self._take(answer)
        if not (out.get(ids.ENRICH_LAST) or {}).get("data"):
            card = (out.get(ids.ENRICH_MESSAGE) or {}).get("children")
            raise ActionError(f"{self.name}: the job ended without a result: "
                              f"{' / '.join(_words(card))}")
        return _new_entities(out)


def _new_entities(out: dict[str, Any]) -> list[str]:
    """The entities an expansion found, as the page marks them "new" (the result itself is
    kept on the server; the page holds only its id)."""
    marks = ((out.get(ids.OVERLAY_ENRICH) or {}).get("data") or {}).get("classes") or {}
    return [n for n in marks.get("ov-new") or [] if isinstance(n, str)]
