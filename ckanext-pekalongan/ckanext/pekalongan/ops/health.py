"""The checks of /healthz: PostgreSQL, Solr, Redis, the age of the oldest waiting job, and
Gammu's SMS daemon when the SMS center is on.

Every check gets a time limit (``ckanext.pekalongan.ops.healthz.timeout_ms``) for its own
connect and read, and the checks run side by side in threads with an overall deadline, so a
hung dependency costs at most that limit. The answer names each check with its status and
latency; an error is reported by its kind only (``timeout``, ``OperationalError``, ...):
never a message, which could carry a host, a user name or data.

The top part (results, the summary, the cache, the runner) is pure and unit-tested; the
checks below read CKAN's configuration.
"""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

OK, FAIL = "ok", "fail"
CHECKS = ("postgres", "solr", "redis", "queues", "sms")


class CheckFailed(Exception):
    """A check reached its dependency but the answer is not healthy; ``str()`` is a short
    reason without data (e.g. ``oldest job 1200 s``)."""


@dataclass(frozen=True)
class Result:
    name: str
    status: str  # OK | FAIL
    latency_ms: float
    required: bool
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "latency_ms": self.latency_ms,
                               "required": self.required}
        if self.detail:
            out["detail"] = self.detail
        return out


def error_label(exc: BaseException) -> str:
    """What the answer says about a failure: its kind, never its message (which may name
    hosts, users or data) — except our own CheckFailed reasons, which are written safe."""
    if isinstance(exc, CheckFailed):
        return str(exc)[:80]
    if isinstance(exc, (TimeoutError, socket.timeout, FutureTimeout)) or \
            "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
        return "timeout"
    return type(exc).__name__


def summarize(results: list[Result], checked_at: str) -> tuple[int, dict[str, Any]]:
    """HTTP status and JSON body: 200 when every required check passed, else 503."""
    failed = [r.name for r in results if r.required and r.status != OK]
    body = {
        "status": FAIL if failed else OK,
        "checked_at": checked_at,
        "failed": failed,
        "checks": {r.name: r.as_dict() for r in results},
    }
    return (503 if failed else 200), body


def run_checks(checks: dict[str, Callable[[float], str | None]], required: set[str],
               timeout: float, clock: Callable[[], float] = time.perf_counter) -> list[Result]:
    """Run ``checks`` (name -> callable(timeout) returning an optional detail, raising on
    failure) side by side; a check still running after ``timeout`` (+ a little slack)
    fails as ``timeout`` and is left behind (its own socket limits end it)."""
    if not checks:
        return []
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="healthz")
    started = clock()

    def timed(fn):
        t0 = clock()
        try:
            return OK, fn(timeout), clock() - t0
        except Exception as e:  # noqa: BLE001 - every failure becomes a status
            return FAIL, error_label(e), clock() - t0

    futures = {name: pool.submit(timed, fn) for name, fn in checks.items()}
    deadline = started + timeout + 0.25
    results = []
    for name, future in futures.items():
        try:
            status, detail, took = future.result(timeout=max(0.0, deadline - clock()))
        except FutureTimeout:
            status, detail, took = FAIL, "timeout", clock() - started
        results.append(Result(name, status, round(took * 1000, 1), name in required, detail))
    pool.shutdown(wait=False, cancel_futures=True)
    return results


class TTLCache:
    """One value kept for ``ttl`` seconds; ``get_or_compute`` lets one caller compute it
    while the others wait (a burst of polls runs the checks once)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._value: Any = None
        self._expires = float("-inf")

    def get_or_compute(self, ttl: float, compute: Callable[[], Any]) -> Any:
        with self._lock:
            now = self._clock()
            if ttl > 0 and now < self._expires:
                return self._value
            value = compute()
            self._value, self._expires = value, self._clock() + ttl
            return value

    def clear(self) -> None:
        with self._lock:
            self._value, self._expires = None, float("-inf")


def oldest_age(enqueued: list[dt.datetime | None], now: dt.datetime) -> float:
    """Seconds the oldest of the jobs enqueued at ``enqueued`` (naive = UTC) has waited."""
    ages = [(now - (t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc))).total_seconds()
            for t in enqueued if t is not None]
    return max([0.0, *ages])


# ------------------------------------------------------------------ the checks (CKAN config)

def _config():
    import ckan.plugins.toolkit as tk

    return tk.config


def _pg_connect(url: str, timeout: float):
    import psycopg2
    import sqlalchemy as sa

    args = sa.engine.make_url(url).translate_connect_args(username="user", database="dbname")
    return psycopg2.connect(**args, connect_timeout=max(1, round(timeout)),
                            options=f"-c statement_timeout={max(1, int(timeout * 1000))}",
                            application_name="pekalongan-healthz")


def check_postgres(timeout: float) -> str | None:
    conn = _pg_connect(_config()["sqlalchemy.url"], timeout)
    try:
        with conn.cursor() as cur:
            cur.execute("select 1")
            cur.fetchone()
    finally:
        conn.close()
    return None


def check_solr(timeout: float) -> str | None:
    import requests

    config = _config()
    url = (config.get("ckanext.pekalongan.ops.healthz.solr_url") or config.get("solr_url")
           or "").rstrip("/")
    if not url:
        raise CheckFailed("solr_url not set")
    auth = None
    if config.get("solr_user"):
        auth = (config.get("solr_user"), config.get("solr_password") or "")
    r = requests.get(f"{url}/admin/ping", params={"wt": "json"}, timeout=(timeout, timeout),
                     auth=auth)
    if r.status_code != 200:
        raise CheckFailed(f"HTTP {r.status_code}")
    if r.json().get("status") != "OK":
        raise CheckFailed("ping not OK")
    return None


_redis_clients: dict[tuple[str, float], Any] = {}


def redis_client(timeout: float):
    """A Redis client of CKAN's ckan.redis.url with socket limits (kept per process)."""
    import redis

    url = _config().get("ckan.redis.url")
    key = (url, timeout)
    client = _redis_clients.get(key)
    if client is None:
        client = _redis_clients[key] = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return client


def check_redis(timeout: float) -> str | None:
    if not redis_client(timeout).ping():
        raise CheckFailed("no PONG")
    return None


def queue_ages(timeout: float) -> dict[str, tuple[int, float]]:
    """CKAN's RQ queues of this site: name (without the site prefix) -> (jobs waiting,
    seconds the oldest has waited)."""
    import rq
    from ckan.lib import jobs

    conn = redis_client(timeout)
    prefix = jobs.add_queue_name_prefix("")
    out = {}
    now = dt.datetime.now(dt.timezone.utc)
    for queue in rq.Queue.all(connection=conn):
        if not queue.name.startswith(prefix):
            continue
        ids = queue.get_job_ids(0, 1)
        job = rq.job.Job.fetch(ids[0], connection=conn) if ids else None
        age = oldest_age([job.enqueued_at] if job else [], now)
        out[queue.name[len(prefix):]] = (queue.count, age)
    return out


def check_queues(timeout: float) -> str | None:
    limit = _config().get("ckanext.pekalongan.ops.healthz.queue_max_age")
    ages = queue_ages(timeout)
    oldest = max([0.0, *(age for _n, age in ages.values())])
    if oldest > limit:
        raise CheckFailed(f"oldest job {int(oldest)} s")
    return f"oldest job {int(oldest)} s"


def sms_enabled() -> bool:
    return bool((_config().get("ckanext.pekalongan.suara.sms.database_url") or "").strip())


def check_sms(timeout: float) -> str | None:
    """The daemon's database answers, and nothing waits in its outbox too long (the daemon
    takes every message it can send; one left behind means it is not running)."""
    config = _config()
    conn = _pg_connect(config["ckanext.pekalongan.suara.sms.database_url"].strip(), timeout)
    try:
        with conn.cursor() as cur:
            cur.execute('select coalesce(extract(epoch from localtimestamp - '
                        'min("InsertIntoDB")), 0) from outbox')
            age = float(cur.fetchone()[0] or 0)
    finally:
        conn.close()
    if age > config.get("ckanext.pekalongan.ops.healthz.sms_max_outbox_age"):
        raise CheckFailed(f"oldest outbox SMS {int(age)} s")
    return None


def configured_checks() -> dict[str, Callable[[float], str | None]]:
    checks = {"postgres": check_postgres, "solr": check_solr, "redis": check_redis,
              "queues": check_queues}
    if sms_enabled():
        checks["sms"] = check_sms
    return checks


_cache = TTLCache()


def healthz() -> tuple[int, dict[str, Any]]:
    """The status and body of /healthz (cached ``healthz.cache_seconds``)."""
    config = _config()
    required = set(config.get("ckanext.pekalongan.ops.healthz.required") or ())
    timeout = config.get("ckanext.pekalongan.ops.healthz.timeout_ms") / 1000.0

    def compute():
        results = run_checks(configured_checks(), required, timeout)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        return summarize(results, now)

    return _cache.get_or_compute(config.get("ckanext.pekalongan.ops.healthz.cache_seconds"),
                                 compute)
