"""``http_api``: the records lookups against a JSON web API (schema in ``enrichment/API.md``).

Base URL and API key come from settings (``lookup_url``, ``lookup_key``) or the environment
(``CASEGRAPH_LOOKUP_URL``, ``CASEGRAPH_LOOKUP_KEY``). Every failure comes back as a result with
a message: a time-out, HTTP 429 (honouring ``Retry-After``), a 5xx, a refused key, an
unreachable service or an answer that is not the documented JSON. Time-outs, 5xx and
unreachable services are retried with exponential backoff within the lookup's time budget.

The HTTP transport is swappable (``transport=``, any ``httpx.BaseTransport``), so tests can
run against the real service on 127.0.0.1 or against a stub.

    >>> provider = HttpApiProvider("http://127.0.0.1:8765", "secret")          # doctest: +SKIP
    >>> provider.search("phone", "+447700900001").status                        # doctest: +SKIP
    'ok'
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from casegraph.enrichment.base import (
    Entity,
    LookupContext,
    LookupResult,
    failure,
    query_for,
)
from casegraph.enrichment.providers.records_db import RecordsProvider

NAME = "http_api"
API_PATH = "/v1/lookup"


class HttpApiProvider:
    """Lookups over HTTP. ``sleep`` is swappable so tests of backoff need not wait."""

    name = NAME
    input_types = RecordsProvider.input_types
    output_types = RecordsProvider.output_types

    def __init__(self, base_url: str, api_key: str = "", *,
                 transport: httpx.BaseTransport | None = None, timeout: float = 10.0,
                 retries: int = 3, backoff: float = 0.5, max_wait: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.transport = transport
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.max_wait = float(max_wait)
        self.sleep = sleep

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None = None,
                      **kwargs: Any) -> HttpApiProvider | None:
        """Provider for the configured URL, or None when no URL is configured."""
        settings = settings or {}
        url = settings.get("lookup_url") or os.environ.get("CASEGRAPH_LOOKUP_URL", "")
        if not url:
            return None
        key = settings.get("lookup_key") or os.environ.get("CASEGRAPH_LOOKUP_KEY", "")
        return cls(str(url), str(key), **kwargs)

    def lookup(self, entity: Entity, context: LookupContext) -> LookupResult:
        query = query_for(entity)
        if query is None:
            return failure(self.name, entity.type, entity.label, "not_found",
                           f"{self.name} cannot look up a {entity.type} like {entity.label!r}")
        return self.search(*query, budget=context.timeout)

    def search(self, query_type: str, value: str, budget: float | None = None) -> LookupResult:
        """POST one query; retries within ``budget`` seconds (default: ``timeout``)."""
        deadline = time.monotonic() + (self.timeout if budget is None else float(budget))
        notes: list[str] = []

        def fail(status: str, message: str) -> LookupResult:
            result = failure(self.name, query_type, value, status, message)
            result.messages[:0] = notes
            return result

        headers = {"X-API-Key": self.api_key, "Accept": "application/json"}
        body = {"query_type": query_type, "value": value}
        last: tuple[str, str] = ("timeout", "no time left for the lookup")
        attempts = 0
        with httpx.Client(base_url=self.base_url, transport=self.transport,
                          headers=headers) as client:
            for attempt in range(self.retries + 1):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    resp = client.post(API_PATH, json=body, timeout=min(remaining, self.timeout))
                except httpx.TimeoutException:
                    last = ("timeout", f"{self.base_url} did not answer within "
                                       f"{min(remaining, self.timeout):.1f} s")
                    wait = self.backoff * 2 ** attempt
                except httpx.TransportError as exc:
                    last = ("error", f"cannot reach {self.base_url}: {exc}")
                    wait = self.backoff * 2 ** attempt
                else:
                    if resp.status_code == 200:
                        return self._parse(resp, query_type, value, notes)
                    if resp.status_code == 429:
                        wait = _retry_after(resp.headers.get("Retry-After"), self.backoff)
                        last = ("quota", f"{self.base_url} refused: quota exceeded (HTTP 429, "
                                         f"retry after {wait:g} s)")
                        if wait > self.max_wait:
                            return fail(*last)
                    elif resp.status_code >= 500:
                        last = ("error", f"{self.base_url} failed: HTTP {resp.status_code}")
                        wait = self.backoff * 2 ** attempt
                    elif resp.status_code in (401, 403):
                        return fail("error", f"{self.base_url} refused the API key "
                                             f"(HTTP {resp.status_code})")
                    else:
                        return fail("error", f"{self.base_url} answered HTTP "
                                             f"{resp.status_code}: {resp.text[:200]}")
                attempts = attempt + 1
                if attempt == self.retries or time.monotonic() + wait >= deadline:
                    break
                notes.append(f"attempt {attempt + 1}: {last[1]}; retrying in {wait:g} s")
                self.sleep(wait)
        status, message = last
        return fail(status, message + (f" (gave up after {attempts} attempts)"
                                       if attempts > 1 else ""))

    def _parse(self, resp: httpx.Response, query_type: str, value: str,
               notes: list[str]) -> LookupResult:
        try:
            data = resp.json()
            if not isinstance(data, dict):
                raise ValueError("the answer is not a JSON object")
            result = LookupResult.from_dict(data)
        except (ValueError, json.JSONDecodeError) as exc:
            result = failure(self.name, query_type, value, "malformed",
                             f"{self.base_url} sent an answer that is not the documented JSON "
                             f"({str(exc)[:120]})")
        result.provider = self.name
        result.from_cache = False
        result.messages[:0] = notes
        return result


def _retry_after(header: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not header:
        return default
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())
