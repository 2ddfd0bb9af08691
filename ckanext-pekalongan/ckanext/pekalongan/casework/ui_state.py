"""Short-lived UI state of the services' pages, kept server-side in Redis and never in a URL
or a readable cookie: a tracking code shown once on a receipt (read and deleted in one
step), the code a browser session proved for a while, one-time form ids. The signed session
cookie only holds random keys (nonces) to these values. ``area`` separates the services'
key spaces (``ppid``, ``suara``)."""
from __future__ import annotations

import json
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


# --- the tracking code a browser session proved for one case ---------------------------
# The code itself stays in Redis; the session (``<area>_track``) holds only a random key
# per case reference (a PPID ticket, a Suara report number).


def grant_tracking(area: str, ref: str, code: str, ttl: int) -> None:
    nonce = stash(json.dumps({"ref": ref.upper(), "code": code}), ttl, area)
    session_put(f"{area}_track", ref.upper(), nonce)


def tracking_code(area: str, ref: str, ttl: int) -> str | None:
    """The code this browser session proved for ``ref``, if still valid."""
    raw = peek(session_map(f"{area}_track").get(ref.upper()), ttl, area)
    if not raw:
        return None
    grant = json.loads(raw)
    return grant["code"] if grant.get("ref") == ref.upper() else None


def forget_tracking(area: str, ref: str) -> None:
    tracks = session_map(f"{area}_track")
    nonce = tracks.pop(ref.upper(), None)
    if nonce:
        redis().delete(key(nonce, area))
    session[f"{area}_track"] = tracks
    session.modified = True
