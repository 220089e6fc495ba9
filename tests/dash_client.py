"""A Dash client that does what the page's renderer does, over plain HTTP: read the page's
config and callbacks, post a callback's inputs to ``/_dash-update-component``, follow a
background callback until it answers. For tests and benchmarks that replay many analysts at
once against a real server (``base_url``) or an app in this process (``app``).

    client = DashClient("http://127.0.0.1:8050")
    client.open()              # the page: config (end id) and callback list
    client.login("analyst1", "a fictional passphrase")   # before open(): every route
                                                         # but /login needs a session
    answer = client.fire(ids.CASE_STORE, inputs={...}, state={...}, trigger=...)
"""

from __future__ import annotations

import html as html_lib
import json
import re
import time
from typing import Any

import httpx


def id_text(component_id: Any) -> str:
    """A component id as Dash writes it in ``changedPropIds`` (dict ids as sorted JSON)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def input_is(raw: str, wanted: str) -> bool:
    """Whether an input id of Dash's callback map is ``wanted``: the same id, or, for a
    pattern-matching input (``{"index": ["ALL"], "type": ...}``), the same type.

    >>> input_is("case-store", "case-store"), input_is("case-store-x", "case-store")
    (True, False)
    >>> input_is('{"index":["ALL"],"type":"tag-set"}', "tag-set")
    True
    """
    if raw.startswith("{"):
        return json.loads(raw).get("type") == wanted
    return raw == wanted


class DashError(RuntimeError):
    """A callback answered with an HTTP error."""

    def __init__(self, status: int, text: str):
        super().__init__(f"HTTP {status}: {text[:500]}")
        self.status = status


class _FlaskTransport:
    """httpx-like get/post over an app's Flask test client (same process). Posts carry the
    page's Origin, as a browser's do (the server refuses state changes without it)."""

    ORIGIN = {"Origin": "http://localhost"}

    def __init__(self, app: Any):
        self.client = app.server.test_client()

    def get(self, path: str) -> tuple[int, str]:
        resp = self.client.get(path)
        return resp.status_code, resp.get_data(as_text=True)

    def post(self, path: str, body: dict) -> tuple[int, str]:
        resp = self.client.post(path, json=body, headers=self.ORIGIN)
        return resp.status_code, resp.get_data(as_text=True)

    def form(self, path: str, data: dict) -> tuple[int, str]:
        resp = self.client.post(path, data=data, headers=self.ORIGIN)
        return resp.status_code, resp.get_data(as_text=True)


class _HttpTransport:
    def __init__(self, base_url: str, timeout: float):
        base = base_url.rstrip("/")
        self.client = httpx.Client(base_url=base, timeout=timeout, headers={"Origin": base})

    def get(self, path: str) -> tuple[int, str]:
        resp = self.client.get(path)
        return resp.status_code, resp.text

    def elsewhere(self, base_url: str) -> _HttpTransport:
        """The same browser (its login cookie) talking to another server of the team."""
        other = _HttpTransport(base_url, self.client.timeout.read or 120)
        other.client.cookies = self.client.cookies
        return other

    def post(self, path: str, body: dict) -> tuple[int, str]:
        resp = self.client.post(path, json=body)
        return resp.status_code, resp.text

    def form(self, path: str, data: dict) -> tuple[int, str]:
        resp = self.client.post(path, data=data)
        return resp.status_code, resp.text


class DashClient:
    def __init__(self, base_url: str | None = None, *, app: Any = None, timeout: float = 120):
        self.transport = _FlaskTransport(app) if app is not None else _HttpTransport(
            base_url or "", timeout)
        self.end_id = ""
        self.callbacks: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {}
        self.last: dict[str, Any] = {}
        # where a background callback's progress is asked for (None: the same server); a
        # team's second server, to show that a job is followed from any process
        self.poll_transport: Any = None

    # -- the page ---------------------------------------------------------------------------
    def open(self) -> None:
        """Load the page as a browser does: its config, callbacks and layout."""
        status, page = self.transport.get("/")
        if status != 200:
            raise DashError(status, page)
        found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>',
                          page, re.S)
        config = json.loads(html_lib.unescape(found.group(1))) if found else {}
        self.end_id = str(config.get("end_id") or "")
        status, deps = self.transport.get("/_dash-dependencies")
        if status != 200:
            raise DashError(status, deps)
        self.callbacks = json.loads(deps)
        status, layout = self.transport.get("/_dash-layout")
        if status != 200:
            raise DashError(status, layout)
        self.layout = json.loads(layout)

    def login(self, user: str, password: str) -> None:
        """Log in (the session cookie is kept for every later request)."""
        status, page = self.transport.form("/login", {"username": user, "password": password})
        if status != 302:
            said = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
            raise DashError(status, f"login of {user} refused: {' / '.join(said) or page[:300]}")

    def initial(self, component_id: str, prop: str) -> Any:
        """A property of a component as the layout first sends it."""
        def walk(node: Any) -> Any:
            if isinstance(node, dict):
                props = node.get("props")
                if isinstance(props, dict):
                    if props.get("id") == component_id and prop in props:
                        return props[prop]
                    return walk(props.get("children"))
                return None
            if isinstance(node, list):
                for item in node:
                    found = walk(item)
                    if found is not None:
                        return found
            return None

        return walk(self.layout)

    # -- callbacks --------------------------------------------------------------------------
    def callback(self, output: str, input_id: str | None = None) -> dict[str, Any]:
        """The callback whose output string mentions ``output`` (and one of whose inputs is
        ``input_id``: that id exactly, or a pattern-matching input of that ``type``)."""
        for dep in self.callbacks:
            if f"{output}." not in dep["output"]:
                continue
            if input_id is None or any(input_is(i["id"], input_id) for i in dep["inputs"]):
                return dep
        raise KeyError(f"no callback with output {output} and input {input_id}")

    def gate_of(self, button_type: str) -> str:
        """The store the page's click gate (components/clicks.py) writes for buttons of
        ``button_type``."""
        for dep in self.callbacks:
            function = dep.get("clientside_function") or {}
            if (function.get("namespace") == "casegraph_clicks"
                    and any(input_is(i["id"], button_type) for i in dep["inputs"])):
                return dep["output"].rpartition(".")[0]
        raise KeyError(f"no click gate for {button_type}")

    def press(self, output: str, button: dict[str, Any], n: int = 1, *,
              state: dict[str, Any] | None = None) -> dict[str, Any]:
        """Click a pattern-matching button as the page does: its gate passes the click on
        to the action's store (``{"type", "index", "n", "t"}``), which fires the callback
        writing ``output``."""
        store = self.gate_of(button["type"])
        value = {"type": button["type"], "index": button["index"], "n": n, "t": time.time()}
        return self.fire(self.callback(output, store), inputs={store: value}, state=state,
                         trigger=store, prop="data")

    @staticmethod
    def _values(specs: list[dict[str, Any]], given: dict[str, Any]) -> list[Any]:
        out = []
        for spec in specs:
            raw = spec["id"]
            if raw.startswith("{"):  # pattern-matching: a list of {id, property, value}
                pattern = json.loads(raw)
                items = given.get(pattern.get("type"), [])
                out.append([{"id": cid, "property": spec["property"], "value": value}
                            for cid, value in items])
            else:
                out.append({"id": raw, "property": spec["property"],
                            "value": given.get(raw, given.get(f"{raw}.{spec['property']}"))})
        return out

    def fire(self, dep: dict[str, Any], *, inputs: dict[str, Any] | None = None,
             state: dict[str, Any] | None = None, trigger: Any = None,
             prop: str = "n_clicks", on_progress=None, poll: float = 0.25) -> dict[str, Any]:
        """Post one callback and return ``{component id: {prop: value}}`` of its answer
        ({} for "no update"). ``inputs``/``state``: values by component id (pattern
        inputs: by pattern type, as ``[(id dict, value), ...]``). A background callback is
        followed until it answers; ``on_progress(values)`` sees its progress."""
        outputs = []
        for part in dep["output"].strip(".").split("..."):
            cid, _, prop_name = part.rpartition(".")
            outputs.append({"id": cid, "property": prop_name})
        body = {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": self._values(dep["inputs"], inputs or {}),
                "state": self._values(dep.get("state", []), state or {}),
                "changedPropIds": [f"{id_text(trigger)}.{prop}"] if trigger is not None else []}
        path = "/_dash-update-component" + (f"?endId={self.end_id}" if self.end_id else "")
        data = self._post(path, body)
        if "cacheKey" in data and "response" not in data:  # a background callback
            query = f"{path}&cacheKey={data['cacheKey']}&job={data['job']}"
            blank = json.loads(json.dumps(body))
            for entry in blank["inputs"] + blank["state"]:
                for item in entry if isinstance(entry, list) else [entry]:
                    item["value"] = None
            while "response" not in data:
                time.sleep(poll)
                data = self._post(query, blank, self.poll_transport)
                if data.get("progress") and on_progress is not None:
                    on_progress(data["progress"])
        self.last = data  # the whole answer, side updates (``sideUpdate``) included
        return data.get("response", {})

    def upload(self, pending: dict[str, Any], choice: str = "",
               on_progress=None) -> dict[str, Any]:
        """Drop files as the page does: the upload store goes to the server, which answers
        with a job (or at once with an error), and the job is followed until it answers.
        Returns the outputs of both, the job's last."""
        from components import ids

        start = self.fire(self.callback(ids.UPLOAD_JOB, ids.UPLOAD_PENDING),
                          inputs={ids.UPLOAD_PENDING: pending},
                          state={ids.UPLOAD_MAPPING: choice},
                          trigger=ids.UPLOAD_PENDING, prop="data")
        job = start.get(ids.UPLOAD_JOB, {}).get("data")
        if not job:
            return start
        done = self.fire(self.callback(ids.UPLOAD_ERROR, ids.UPLOAD_JOB),
                         inputs={ids.UPLOAD_JOB: job}, trigger=ids.UPLOAD_JOB, prop="data",
                         on_progress=on_progress)
        return {**start, **done}

    def _post(self, path: str, body: dict, transport: Any = None) -> dict[str, Any]:
        status, text = (transport or self.transport).post(path, body)
        if status == 204:
            return {"response": {}}
        if status != 200:
            raise DashError(status, text)
        return json.loads(text)
