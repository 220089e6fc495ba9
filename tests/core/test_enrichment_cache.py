"""Lookup cache: a repeated lookup is answered from the database and says so; entries expire
and are deleted; each case has its own rows. On SQLite and on PostgreSQL."""

from sqlalchemy import func, select

from casegraph.enrichment.base import FoundEntity, LookupResult
from casegraph.enrichment.cache import LookupCache, lookup_cache


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


def test_hit_says_it_came_from_cache(database_url):
    cache = LookupCache(database_url, ttl=60, clock=Clock())
    assert cache.get("records", "phone", "+447700900001") is None
    assert cache.put(_result()) is True
    hit = cache.get("records", "phone", "+447700900001")
    assert hit.from_cache is True
    assert hit.messages[-1].startswith("answered from cache (looked up 1970-01-12 ")
    assert hit.entities == _result().entities
    assert hit.digest() == _result().digest()


def test_keyed_by_provider_query_type_and_value(database_url):
    cache = LookupCache(database_url, ttl=60, clock=Clock())
    cache.put(_result())
    assert cache.get("http_api", "phone", "+447700900001") is None
    assert cache.get("records", "email", "+447700900001") is None
    assert cache.get("records", "phone", "+447700900002") is None


def test_entries_expire(database_url):
    clock = Clock()
    cache = LookupCache(database_url, ttl=60, clock=clock)
    cache.put(_result())
    clock.now += 59
    assert cache.get("records", "phone", "+447700900001") is not None
    clock.now += 1
    assert cache.get("records", "phone", "+447700900001") is None


def test_passing_failures_are_not_cached(database_url):
    cache = LookupCache(database_url, ttl=60, clock=Clock())
    for status in ("timeout", "quota", "error", "malformed", "refused"):
        assert cache.put(_result(status)) is False
    assert cache.put(_result("not_covered")) is True
    assert cache.get("records", "phone", "+447700900001").status == "not_covered"


def test_survives_a_new_cache_object(database_url):
    LookupCache(database_url, ttl=60).put(_result())
    assert LookupCache(database_url, ttl=60).get(
        "records", "phone", "+447700900001").from_cache is True


def _rows(cache) -> int:
    with cache.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(lookup_cache)).scalar()


def test_expired_rows_are_deleted(database_url):
    clock = Clock()
    cache = LookupCache(database_url, ttl=60, clock=clock)
    cache.put(_result())
    other = _result("not_found")
    other.query_value = "+447700900002"
    cache.put(other)
    assert _rows(cache) == 2
    clock.now += 61
    assert cache.get("records", "phone", "+447700900001") is None
    assert _rows(cache) == 1  # the expired row asked for is gone
    assert cache.purge_expired() == 1
    assert _rows(cache) == 0


def test_each_case_has_its_own_rows_and_erasure_removes_them(database_url):
    cache = LookupCache(database_url, ttl=60, clock=Clock())
    first, second = cache.for_case("case-1"), cache.for_case("case-2")
    first.put(_result())
    assert first.get("records", "phone", "+447700900001").from_cache is True
    assert second.get("records", "phone", "+447700900001") is None
    assert cache.get("records", "phone", "+447700900001") is None
    second.put(_result("not_found"))
    assert cache.delete_case("case-1") == 1
    assert first.get("records", "phone", "+447700900001") is None
    assert second.get("records", "phone", "+447700900001").status == "not_found"
