"""Lookup cache: a repeated lookup is answered from SQLite and says so; entries expire."""

from casegraph.enrichment.base import FoundEntity, LookupResult
from casegraph.enrichment.cache import LookupCache


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def _result(status="ok"):
    res = LookupResult("records", "phone", "+447700900001", status=status)
    if status == "ok":
        res.entities.append(FoundEntity("rec:RP1", "person", "Bramble Wobblesock",
                                        {"ref": "rec:RP1"}, "RT000001", 0.95))
    return res


def test_hit_says_it_came_from_cache(tmp_path):
    cache = LookupCache(tmp_path / "c.sqlite", ttl=60, clock=Clock())
    assert cache.get("records", "phone", "+447700900001") is None
    assert cache.put(_result()) is True
    hit = cache.get("records", "phone", "+447700900001")
    assert hit.from_cache is True
    assert hit.messages[-1].startswith("answered from cache (looked up 1970-01-12 ")
    assert hit.entities == _result().entities
    assert hit.digest() == _result().digest()


def test_keyed_by_provider_query_type_and_value(tmp_path):
    cache = LookupCache(tmp_path / "c.sqlite", ttl=60, clock=Clock())
    cache.put(_result())
    assert cache.get("http_api", "phone", "+447700900001") is None
    assert cache.get("records", "email", "+447700900001") is None
    assert cache.get("records", "phone", "+447700900002") is None


def test_entries_expire(tmp_path):
    clock = Clock()
    cache = LookupCache(tmp_path / "c.sqlite", ttl=60, clock=clock)
    cache.put(_result())
    clock.now += 59
    assert cache.get("records", "phone", "+447700900001") is not None
    clock.now += 1
    assert cache.get("records", "phone", "+447700900001") is None


def test_passing_failures_are_not_cached(tmp_path):
    cache = LookupCache(tmp_path / "c.sqlite", ttl=60, clock=Clock())
    for status in ("timeout", "quota", "error", "malformed", "refused"):
        assert cache.put(_result(status)) is False
    assert cache.put(_result("not_covered")) is True
    assert cache.get("records", "phone", "+447700900001").status == "not_covered"


def test_survives_a_new_cache_object(tmp_path):
    LookupCache(tmp_path / "c.sqlite", ttl=60).put(_result())
    assert LookupCache(tmp_path / "c.sqlite", ttl=60).get(
        "records", "phone", "+447700900001").from_cache is True
