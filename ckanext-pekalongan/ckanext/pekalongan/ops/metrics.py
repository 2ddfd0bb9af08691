"""Prometheus metrics of the portal (prometheus-client), served at /metrics.

* ``pekalongan_http_request_duration_seconds{endpoint,method,status}``: a histogram of the
  request latency; ``endpoint`` is the Flask endpoint (``dataset.read``, ``ppid.form``) or
  ``unmatched``, ``status`` the class (``2xx``...): a bounded set of labels, never a URL.
* Read at scrape time (kept ``metrics.cache_seconds``): ``pekalongan_queue_jobs{queue}`` and
  ``pekalongan_queue_oldest_job_age_seconds{queue}`` (CKAN's job queues; the harvest
  queues ``harvest_gather``/``harvest_fetch`` have lengths only),
  ``pekalongan_harvest_jobs{status}``, ``pekalongan_harvest_objects{result}`` (ckanext-
  harvest's tables), ``pekalongan_ppid_requests_overdue``,
  ``pekalongan_suara_reports_overdue``, ``pekalongan_scrape_errors{part}``.

Several gunicorn workers: when PROMETHEUS_MULTIPROC_DIR is set (before the workers start;
emptied at each start), the histogram is written there by every worker and a scrape adds
them up (prometheus-client's multiprocess mode). Without it each worker answers with its own
requests only.
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from ckanext.pekalongan.ops.health import TTLCache

log = logging.getLogger(__name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# a request that carries one of these came through a proxy (WSGI environ names)
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
VIA_PROXY = "pekalongan.ops.via_proxy"


def mark_proxied(wsgi_app):
    """WSGI wrapper that notes whether a request came through a proxy, before the PPID
    plugin's TrustedProxies (ppid/proxies.py) drops the forwarded headers of untrusted
    peers (it keeps the trusted peer in ``pekalongan.proxy.peer``): the outermost layer,
    so pekalongan_ops comes after ppid in ckan.plugins."""
    def app(environ, start_response):
        environ[VIA_PROXY] = any(environ.get(h) for h in PROXY_HEADERS) \
            or bool(environ.get("pekalongan.proxy.peer"))
        return wsgi_app(environ, start_response)

    return app
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REGISTRY = CollectorRegistry(auto_describe=True)
REQUEST_LATENCY = Histogram(
    "pekalongan_http_request_duration_seconds",
    "Time to answer a request, by Flask endpoint, method and status class",
    ["endpoint", "method", "status"], buckets=BUCKETS, registry=REGISTRY)


# ------------------------------------------------------------------------- pure parts

def labels(endpoint: str | None, method: str, status: int) -> tuple[str, str, str]:
    """Bounded labels of one request."""
    return (endpoint or "unmatched", method if method in METHODS else "OTHER",
            f"{status // 100}xx" if 100 <= status < 600 else "other")


def metrics_allowed(remote_addr: str | None, authorization: str | None, via_proxy: bool,
                    token: str, allow_loopback: bool) -> bool:
    """Whether a client may read /metrics: the configured bearer token, or (when allowed) a
    loopback client that did not come through a proxy (behind a local proxy every client
    looks like 127.0.0.1, so a proxied request needs the token)."""
    given = authorization or ""
    if token and given.startswith("Bearer ") and \
            hmac.compare_digest(given[len("Bearer "):].strip().encode(), token.encode()):
        return True
    if not allow_loopback or via_proxy:
        return False
    try:
        return ipaddress.ip_address((remote_addr or "").strip()).is_loopback
    except ValueError:
        return False


def gauge(name: str, doc: str, label: str | None, values: Mapping[str, float] | float):
    if label is None:
        return GaugeMetricFamily(name, doc, value=values)
    family = GaugeMetricFamily(name, doc, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([str(key)], value)
    return family


# ------------------------------------------------------------------ the scrape-time figures

def _queues() -> dict[str, tuple[int, float | None]]:
    from ckanext.pekalongan.ops import health

    timeout = health._config().get("ckanext.pekalongan.ops.healthz.timeout_ms") / 1000.0
    out: dict[str, tuple[int, float | None]] = dict(health.queue_ages(timeout))
    try:
        from ckanext.harvest import queue as hq
    except ImportError:
        return out
    conn = health.redis_client(timeout)
    for name, key in (("harvest_gather", hq.get_gather_routing_key()),
                      ("harvest_fetch", hq.get_fetch_routing_key())):
        out[name] = (int(conn.llen(key)), None)
    return out


def _grouped(sql: str) -> dict[str, float]:
    import ckan.model as model
    import sqlalchemy as sa

    return {str(k or "none"): float(n) for k, n in model.Session.execute(sa.text(sql))}


def _harvest() -> tuple[dict[str, float], dict[str, float]]:
    import ckan.model as model
    import sqlalchemy as sa

    if model.Session.execute(sa.text("select to_regclass('public.harvest_job')")).scalar() \
            is None:
        return {}, {}
    jobs = _grouped("select status, count(*) from harvest_job group by status")
    objects = _grouped("select report_status, count(*) from harvest_object "
                       "group by report_status")
    return jobs, objects


def _overdue(action: str, data: dict) -> float:
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context = {"ignore_auth": True, "user": site_user}
    return float(tk.get_action(action)(context, dict(data))["count"])


def read_figures() -> tuple[list[Any], dict[str, int]]:
    """The gauge families read now, and the parts that failed (logged, counted)."""
    import ckan.model as model

    families, errors = [], {}
    parts = {
        "queues": _queues,
        "harvest": _harvest,
        "ppid": lambda: _overdue("ppid_request_list", {"overdue": True, "limit": 1}),
        "suara": lambda: _overdue("suara_report_list",
                                  {"scope": "queue", "overdue": True, "limit": 1}),
    }
    for part, read in parts.items():
        try:
            value = read()
        except Exception:  # noqa: BLE001 - one failing part must not hide the others
            log.warning("metrics: reading %s failed", part, exc_info=True)
            model.Session.rollback()
            errors[part] = 1
            continue
        if part == "queues":
            families.append(gauge("pekalongan_queue_jobs", "Jobs waiting in a queue",
                                  "queue", {k: v[0] for k, v in value.items()}))
            families.append(gauge(
                "pekalongan_queue_oldest_job_age_seconds",
                "Seconds the oldest job of a CKAN job queue has waited", "queue",
                {k: v[1] for k, v in value.items() if v[1] is not None}))
        elif part == "harvest":
            families.append(gauge("pekalongan_harvest_jobs", "Harvest jobs by status",
                                  "status", value[0]))
            families.append(gauge("pekalongan_harvest_objects",
                                  "Harvested records by result (added, updated, deleted, "
                                  "errored, not modified)", "result", value[1]))
        elif part == "ppid":
            families.append(gauge("pekalongan_ppid_requests_overdue",
                                  "Open PPID requests past their due date", None, value))
        else:
            families.append(gauge("pekalongan_suara_reports_overdue",
                                  "Suara Masyarakat reports whose running clock has passed "
                                  "its due date", None, value))
    families.append(gauge("pekalongan_scrape_errors", "Parts of the scrape that failed",
                          "part", {p: float(errors.get(p, 0)) for p in parts}))
    return families, errors


class _Figures:
    """A collector of the figures read at scrape time, cached a few seconds."""

    def __init__(self, families: Iterable[Any]):
        self._families = list(families)

    def collect(self):
        return iter(self._families)


_figures_cache = TTLCache()


def exposition() -> bytes:
    """The text of /metrics."""
    import ckan.plugins.toolkit as tk

    ttl = tk.config.get("ckanext.pekalongan.ops.metrics.cache_seconds")
    families, _errors = _figures_cache.get_or_compute(ttl, read_figures)
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Collected(REGISTRY))
    registry.register(_Figures(families))
    return generate_latest(registry)


class _Collected:
    """The metrics of another registry, collected into the scrape's registry."""

    def __init__(self, source: CollectorRegistry):
        self._source = source

    def collect(self):
        return self._source.collect()


def observe(endpoint: str | None, method: str, status: int, started: float) -> None:
    REQUEST_LATENCY.labels(*labels(endpoint, method, status)).observe(
        time.perf_counter() - started)
