"""What anonymous pages show that changes only when the data changes, kept in each web
worker between requests (issue #14: our pages cost no more than stock CKAN's).

Four generations live in Redis, one value each:

- ``catalogue``: bumped when a transaction that wrote a dataset, resource, extra, tag,
  organization, group, membership, view, task status (the DataStore loads) or follower
  commits (SQLAlchemy engine events on every SQL statement, so in every process that
  writes: web workers, CLI, harvest and xloader jobs, the ORM, bulk updates and raw SQL
  alike; CKAN indexes a change in Solr before the commit ends, so a value computed after
  the bump is current);
- ``downloads``: bumped when a counted download (``pekalongan_download``) commits;
- ``activity``: bumped when a transaction that wrote an activity, a user, a user's dashboard
  (the time they last viewed it) or a follow of a user commits. With ``catalogue`` (datasets,
  memberships, follows of datasets and groups) it covers what a user's dashboard stream holds;
- ``suara``: bumped when a transaction that wrote a Suara Masyarakat report, assignment or
  response, or the holiday calendar, commits: what the public statistics of Suara count.

A generation is a value never given before (the time in nanoseconds and random bits), not a
counter: after Redis lost its keys (a restart without persistence, a flush, an eviction) a
counter would start again at values that cached entries still carry, and serve them. A reader
that finds a generation missing sets a new one (``SET NX``) before using it.

A cached value carries the generations it was computed under and is used only while they
are unchanged (one Redis ``MGET`` per request finds out), and never longer than
``TTL_SECONDS`` as a backstop (a change written outside this code, e.g. with psql).

Only anonymous visitors are served from the cache: what a signed-in user sees may depend on
who they are (private datasets, edit links), so their pages are computed as before. The one
exception is a value kept for each user apart (``remember(..., per_user=True)``: the user's
id is part of the key), such as the count of new activities in the header. Without
Redis nothing is cached. A cached value is shared by the requests of the worker: callers
(the templates) read it and never change it.
"""
from __future__ import annotations

import functools
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

TTL_SECONDS = 600
CATALOGUE = "catalogue"
DOWNLOADS = "downloads"
ACTIVITY = "activity"
SUARA = "suara"
SCOPES = (CATALOGUE, DOWNLOADS, ACTIVITY, SUARA)
MAX_ENTRIES = 2000


_store: dict[tuple, tuple[tuple, float, Any]] = {}
_lock = threading.Lock()
_installed = False


def _key(scope: str) -> str:
    from ckan.plugins.toolkit import config

    return f"pekalongan:{config.get('ckan.site_id')}:page-cache:{scope}"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _fresh() -> str:
    """A generation never given before."""
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def bump(*scopes: str) -> None:
    """A new generation of ``scopes``: values cached under the old one are not used again."""
    try:
        pipe = _redis().pipeline()
        for scope in scopes or SCOPES:
            pipe.set(_key(scope), _fresh())
        pipe.execute()
    except Exception:  # noqa: BLE001 - no Redis: nothing was cached either
        log.warning("page cache generation not bumped", exc_info=True)


def generations() -> tuple | None:
    """The current generations (read once per request), or None without Redis."""
    from flask import g, has_request_context

    if has_request_context() and "pekalongan_page_generations" in g:
        return g.pekalongan_page_generations
    try:
        redis, keys = _redis(), [_key(s) for s in SCOPES]
        found = tuple(redis.mget(keys))
        if None in found:  # lost or never set: a new generation, never one seen before
            pipe = redis.pipeline()
            for key, value in zip(keys, found, strict=True):
                if value is None:
                    pipe.set(key, _fresh(), nx=True)
            pipe.execute()
            found = tuple(redis.mget(keys))
    except Exception:  # noqa: BLE001
        log.warning("page cache unavailable", exc_info=True)
        found = None
    if has_request_context():
        g.pekalongan_page_generations = found
    return found


def _visitor() -> str | None:
    """Who the request is for: "" for an anonymous visitor, the signed-in user's id, or None
    outside a request (or before CKAN loaded its user)."""
    from flask import has_request_context

    if not has_request_context():
        return None
    from ckan.common import current_user

    try:
        return "" if current_user.is_anonymous else str(current_user.id)
    except Exception:  # noqa: BLE001 - no user loaded (outside CKAN's request cycle)
        return None


def _lang() -> str:
    from ckan.lib.helpers import lang

    return lang() or ""


def remember(key: tuple, compute: Callable[[], Any],
             scopes: tuple[str, ...] = (CATALOGUE,), per_user: bool = False) -> Any:
    """``compute()``, or the value it gave for ``key`` (hashable; the page language is
    added) while the generations of ``scopes`` stay the same; anonymous visitors only, or
    with ``per_user`` signed-in users only, each apart (their id is added to the key)."""
    visitor = _visitor()
    if per_user:
        if not visitor:
            return compute()
        key = ("user", visitor, *key)
    elif visitor != "":
        return compute()
    gens = generations()
    if gens is None:
        return compute()
    wanted = tuple(gens[SCOPES.index(s)] for s in scopes)
    key = (_lang(), *key)
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and hit[0] == wanted and hit[1] > now:
        return hit[2]
    value = compute()
    with _lock:
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
        _store[key] = (wanted, now + TTL_SECONDS, value)
    return value


def cached(name: str, scopes: tuple[str, ...] = (CATALOGUE,)) -> Callable:
    """:func:`remember` a function's result by its (hashable) arguments."""

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = (name, args, tuple(sorted(kwargs.items())))
            try:
                hash(key)
            except TypeError:  # unhashable arguments (a dict): not cached
                return fn(*args, **kwargs)
            return remember(key, lambda: fn(*args, **kwargs), scopes)

        wrapper.uncached = fn  # type: ignore[attr-defined]
        return wrapper

    return decorate


def clear() -> None:
    """Forget this process's cached values (tests)."""
    with _lock:
        _store.clear()


# ----------------------------------------------------------------- invalidation

# The tables whose writes change what pages show, and the generation each write bumps.
_TABLES = {name: CATALOGUE for name in (
    "package", "resource", "package_extra", "group", "group_extra", "member", "tag",
    "package_tag", "resource_view", "task_status", "user_following_dataset",
    "user_following_group")}
_TABLES["pekalongan_download"] = DOWNLOADS
_TABLES.update({name: ACTIVITY for name in (
    "activity", "activity_detail", "dashboard", "user", "user_following_user")})
_TABLES.update({name: SUARA for name in (
    "suara_report", "suara_assignment", "suara_response", "ppid_holiday",
    "ppid_calendar_version")})
_WRITE = re.compile(r'^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?', re.I)
_TRUNCATE = re.compile(r"^\s*truncate\s+(?:table\s+)?(.*)", re.I | re.S)
_INFO = "pekalongan_page_writes"


def written_scopes(statement: str) -> set[str]:
    """The generations a SQL statement changes (none for reads and other tables)."""
    found = _WRITE.match(statement)
    if found:
        scope = _TABLES.get(found.group(1).lower())
        return {scope} if scope else set()
    found = _TRUNCATE.match(statement)
    if found:
        names = re.findall(r'"?(\w+)"?', found.group(1).split(";")[0])
        return {_TABLES[n.lower()] for n in names if n.lower() in _TABLES}
    return set()


def _before_execute(conn, _cursor, statement, _params, _context, _many) -> None:
    scopes = written_scopes(statement)
    if scopes:
        conn.info.setdefault(_INFO, set()).update(scopes)


def _on_commit(conn) -> None:
    scopes = conn.info.pop(_INFO, None)
    if scopes:
        bump(*sorted(scopes))


def _on_rollback(conn) -> None:
    conn.info.pop(_INFO, None)


def install() -> None:
    """Watch every SQL statement of the process for writes to the watched tables, and bump
    their generations when the transaction commits: the ORM, CKAN's bulk updates, raw SQL
    and the database resets of the tests alike (once per process)."""
    global _installed
    if _installed:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    event.listen(Engine, "before_cursor_execute", _before_execute)
    event.listen(Engine, "commit", _on_commit)
    event.listen(Engine, "rollback", _on_rollback)
    _installed = True
