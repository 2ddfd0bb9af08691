"""The pure parts of /healthz and /metrics (ckanext/pekalongan/ops): the summary and its HTTP
status, the runner's time limit, error labels without messages, the cache, the queue age,
the bounded request labels and who may read /metrics."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from ckanext.pekalongan.ops import health, metrics
from ckanext.pekalongan.ops.health import Result


def _ok(_timeout):
    return None


def _boom(_timeout):
    raise ConnectionRefusedError("connection to 10.0.0.5 as ckan:secret refused")


def test_summary_is_503_naming_only_the_required_checks_that_failed():
    results = [Result("postgres", "ok", 1.0, True), Result("solr", "fail", 2.0, True, "timeout"),
               Result("sms", "fail", 3.0, False, "OperationalError")]
    status, body = health.summarize(results, "2026-12-06T10:00:00+00:00")
    assert status == 503
    assert body["status"] == "fail" and body["failed"] == ["solr"]
    assert body["checks"]["solr"] == {"status": "fail", "latency_ms": 2.0, "required": True,
                                      "detail": "timeout"}


def test_summary_is_200_when_only_optional_checks_fail():
    status, body = health.summarize([Result("postgres", "ok", 1.0, True),
                                     Result("queues", "fail", 1.0, False, "oldest job 999 s")],
                                    "t")
    assert status == 200 and body["status"] == "ok" and body["failed"] == []


def test_errors_are_reported_by_kind_never_by_message():
    assert health.error_label(_exc(_boom)) == "ConnectionRefusedError"
    assert health.error_label(TimeoutError("timed out")) == "timeout"
    assert health.error_label(health.CheckFailed("HTTP 500")) == "HTTP 500"


def _exc(fn):
    try:
        fn(1)
    except Exception as e:  # noqa: BLE001
        return e
    raise AssertionError("no exception")


def test_runner_reports_each_check_and_a_hung_one_as_timeout():
    release = threading.Event()

    def hung(_timeout):
        release.wait(10)

    t0 = time.monotonic()
    results = health.run_checks({"postgres": _ok, "solr": hung, "redis": _boom},
                                {"postgres", "solr"}, timeout=0.3)
    took = time.monotonic() - t0
    release.set()
    by_name = {r.name: r for r in results}
    assert took < 2
    assert by_name["postgres"].status == "ok" and by_name["postgres"].required
    assert (by_name["solr"].status, by_name["solr"].detail) == ("fail", "timeout")
    assert by_name["redis"].detail == "ConnectionRefusedError"
    assert not by_name["redis"].required
    assert "secret" not in repr(results)


def test_cache_keeps_the_value_for_its_ttl_then_computes_again():
    now = [100.0]
    cache = health.TTLCache(clock=lambda: now[0])
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.get_or_compute(5, compute) == 1
    now[0] += 4.9
    assert cache.get_or_compute(5, compute) == 1
    now[0] += 0.2
    assert cache.get_or_compute(5, compute) == 2
    assert cache.get_or_compute(0, compute) == 3  # ttl 0: never cached


def test_oldest_age_takes_naive_times_as_utc_and_is_never_negative():
    now = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.timezone.utc)
    assert health.oldest_age([dt.datetime(2026, 12, 6, 9, 58), None], now) == 120
    assert health.oldest_age([], now) == 0
    assert health.oldest_age([dt.datetime(2026, 12, 6, 10, 5)], now) == 0


@pytest.mark.parametrize(("endpoint", "method", "status", "expected"), [
    ("dataset.read", "GET", 200, ("dataset.read", "GET", "2xx")),
    (None, "GET", 404, ("unmatched", "GET", "4xx")),
    ("api.action", "BREW", 503, ("api.action", "OTHER", "5xx")),
    ("x", "POST", 999, ("x", "POST", "other")),
])
def test_request_labels_are_bounded(endpoint, method, status, expected):
    assert metrics.labels(endpoint, method, status) == expected


@pytest.mark.parametrize(("addr", "auth", "via_proxy", "token", "loopback", "allowed"), [
    ("127.0.0.1", None, False, "", True, True),
    ("::1", None, False, "", True, True),
    ("127.0.0.1", None, True, "", True, False),  # through a local proxy
    ("203.0.113.9", None, False, "", True, False),
    ("127.0.0.1", None, False, "", False, False),
    ("203.0.113.9", "Bearer tok-123", True, "tok-123", False, True),
    ("203.0.113.9", "Bearer tok-12", False, "tok-123", True, False),
    ("203.0.113.9", "Bearer ", False, "", True, False),  # no token configured: none works
    ("not an address", None, False, "", True, False),
    (None, None, False, "", True, False),
])
def test_who_may_read_metrics(addr, auth, via_proxy, token, loopback, allowed):
    assert metrics.metrics_allowed(addr, auth, via_proxy, token, loopback) is allowed


def test_proxied_requests_are_marked_before_the_headers_are_dropped():
    seen = {}

    def inner(environ, start_response):
        seen["via"] = environ[metrics.VIA_PROXY]
        return []

    app = metrics.mark_proxied(inner)
    app({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, None)
    assert seen["via"] is True
    app({"REMOTE_ADDR": "127.0.0.1"}, None)
    assert seen["via"] is False
