"""Short-lived UI state of the services' pages, kept server-side in Redis and never in a URL
or a readable cookie: a tracking code shown once on a receipt (read and deleted in one
step), the code a browser session proved for a while, one-time form ids. The signed session
cookie only holds random keys (nonces) to these values. ``area`` separates the services'
key spaces (``ppid``, ``suara``)."""
from __future__ import annotations

import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import session

KEEP_IN_SESSION = 5


def redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def key(name: str, area: str) -> str:
    site = tk.config.get("ckan.site_id") or "ckan"
    return f"{site}:{area}:ui:{name}"


def stash(value: str, ttl: int, area: str) -> str:
    """Keep ``value`` for ``ttl`` seconds; returns the random key to it."""
    nonce = secrets.token_urlsafe(24)
    redis().set(key(nonce, area), value, ex=ttl)
    return nonce


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def take(nonce: str | None, area: str) -> str | None:
    """Read and delete in one step: the value can be read once only."""
    if not nonce:
        return None
    return as_text(redis().getdel(key(nonce, area)))


def peek(nonce: str | None, ttl: int, area: str) -> str | None:
    """Read, and keep it ``ttl`` seconds more."""
    if not nonce:
        return None
    conn = redis()
    value = as_text(conn.get(key(nonce, area)))
    if value is not None:
        conn.expire(key(nonce, area), ttl)
    return value


def session_map(name: str) -> dict:
    value = session.get(name)
    return dict(value) if isinstance(value, dict) else {}


def session_put(name: str, entry: str, value: Any, keep: int = KEEP_IN_SESSION) -> None:
    """Put ``entry`` in the session's map ``name``, keeping the ``keep`` latest."""
    entries = session_map(name)
    entries.pop(entry, None)
    entries[entry] = value
    while len(entries) > keep:
        entries.pop(next(iter(entries)))
    session[name] = entries
    session.modified = True
