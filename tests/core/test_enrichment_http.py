"""http_api against the real records service on 127.0.0.1: same answers, faults as messages."""

from pathlib import Path

import httpx
import pytest

from casegraph.audit import AuditLog, verify
from casegraph.enrichment.base import Entity, LookupContext
from casegraph.enrichment.expand import expand
from casegraph.enrichment.providers.http_api import HttpApiProvider, _retry_after
from casegraph.enrichment.providers.records_db import RecordsProvider
from casegraph.enrichment.service import start
from casegraph.model import Case

KEY = "test-key"
CTX = LookupContext(user="analyst1", case_number="OP-1", purpose="s.22 DPA 2018", timeout=2.0)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "records"
    db = tmp_path_factory.mktemp("svc") / "records.sqlite"
    svc = start(db, seed_dir=seed, key=KEY, faults=True)
    yield svc, RecordsProvider(db, seed)
    svc.stop()


@pytest.fixture
def api(service):
    svc, _ = service
    httpx.delete(f"{svc.url}/admin/fault", headers={"X-API-Key": KEY})
    waits = []
    provider = HttpApiProvider(svc.url, KEY, timeout=0.5, retries=2, backoff=0.01,
                               sleep=waits.append)
    provider.waits = waits
    return provider


def _arm(service, fault, times=10, **extra):
    svc, _ = service
    resp = httpx.post(f"{svc.url}/admin/fault", headers={"X-API-Key": KEY},
                      json={"fault": fault, "times": times, **extra})
    assert resp.status_code == 200


@pytest.mark.parametrize("query", [
    ("handle", "instagram:frosty_fern"), ("phone", "+447700900003"),
    ("email", "quill@example.org"), ("name", "sorrel puddlewater"),
    ("person", "rec:RP000002"), ("address", "3 kettle row wobbleton fictshire"),
    ("email", "nobody@example.com"), ("phone", "+12025550100")])
def test_answers_equal_the_embedded_provider(service, api, query):
    _, records = service
    remote, local = api.search(*query), records.search(*query)
    assert remote.provider == "http_api"
    assert (remote.status, remote.query_type, remote.query_value) == (
        local.status, local.query_type, local.query_value)
    assert remote.entities == local.entities and remote.links == local.links
    assert remote.messages == local.messages
    assert remote.digest() == local.digest()


def _phone_case():
    case = Case()
    case.add_entity("PH1", "phone", "07700 900001", phone="07700 900001")
    return case


@pytest.mark.parametrize("fault, status, words", [
    ("slow", "timeout", "did not answer within"),
    ("500", "error", "failed: HTTP 500 (gave up after 3 attempts)"),
    ("429", "quota", "quota exceeded (HTTP 429, retry after 0.05 s)"),
    ("garbage", "malformed", "not the documented JSON"),
])
def test_each_fault_is_a_message_and_one_audit_row(service, api, tmp_path, fault, status, words):
    _arm(service, fault, delay=1.0, retry_after=0.05)
    audit = AuditLog(tmp_path / "audit.sqlite")
    case = _phone_case()
    before = case.to_dict()
    res = expand(case, "PH1", api, CTX, audit=audit)
    assert res.status == status
    assert words in res.messages[-1]
    assert res.case is case and res.changed is False and case.to_dict() == before
    rows = audit.rows()
    assert [(r["status"], r["query_value"], r["result_count"]) for r in rows] == [
        (status, "+447700900001", 0)]
    assert verify(audit)[0] is True


def test_429_is_retried_after_the_advertised_wait(service, api):
    _arm(service, "429", times=1, retry_after=0.25)
    res = api.search("phone", "+447700900001")
    assert res.status == "ok"
    assert api.waits == [0.25]
    assert res.messages[0].endswith("quota exceeded (HTTP 429, retry after 0.25 s); "
                                    "retrying in 0.25 s")


def test_500_then_success_backs_off_exponentially(service, api):
    _arm(service, "500", times=2)
    res = api.search("email", "quill@example.org")
    assert res.status == "ok" and api.waits == [0.01, 0.02]


def test_fault_by_header_and_by_query_param(service):
    svc, _ = service
    body = {"query_type": "phone", "value": "+447700900001"}
    resp = httpx.post(f"{svc.url}/v1/lookup", json=body,
                      headers={"X-API-Key": KEY, "X-Fault": "500"})
    assert resp.status_code == 500
    resp = httpx.post(f"{svc.url}/v1/lookup?fault=429&retry_after=7", json=body,
                      headers={"X-API-Key": KEY})
    assert (resp.status_code, resp.headers["Retry-After"]) == (429, "7")
    assert httpx.post(f"{svc.url}/v1/lookup", json=body,
                      headers={"X-API-Key": KEY}).json()["status"] == "ok"


def test_wrong_key_is_refused(service):
    svc, _ = service
    res = HttpApiProvider(svc.url, "wrong").search("phone", "+447700900001")
    assert res.status == "error"
    assert res.messages == [f"{svc.url} refused the API key (HTTP 401)"]


def test_bad_request_is_a_message(service):
    svc, _ = service
    resp = httpx.post(f"{svc.url}/v1/lookup", json={"query_type": "shoe", "value": "x"},
                      headers={"X-API-Key": KEY})
    assert resp.status_code == 400
    res = HttpApiProvider(svc.url, KEY).search("shoe", "x")
    assert res.status == "error" and "HTTP 400" in res.messages[0]


def test_unreachable_service(tmp_path):
    provider = HttpApiProvider("http://127.0.0.1:9", KEY, retries=1, backoff=0.01,
                               sleep=lambda s: None)
    res = provider.lookup(Entity("PH1", "phone", "07700 900001"), CTX)
    assert res.status == "error" and "cannot reach http://127.0.0.1:9" in res.messages[-1]


def test_transport_is_swappable():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["X-API-Key"] == "k"
        assert request.url.path == "/v1/lookup"
        return httpx.Response(200, json={"provider": "x", "query_type": "phone",
                                         "query_value": "+447700900001",
                                         "status": "not_found", "messages": ["nothing"]})

    provider = HttpApiProvider("http://vendor.example", "k",
                               transport=httpx.MockTransport(handler))
    res = provider.search("phone", "+447700900001")
    assert (res.status, res.provider, res.messages) == ("not_found", "http_api", ["nothing"])


def test_health(service):
    svc, _ = service
    data = httpx.get(f"{svc.url}/v1/health").json()
    assert (data["status"], data["coverage"], len(data["seed_hash"])) == ("ok", "GB", 64)


def test_retry_after_forms():
    assert _retry_after("3", 1.0) == 3.0
    assert _retry_after(None, 1.5) == 1.5
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) == 0.0
    assert _retry_after("soon", 2.0) == 2.0
