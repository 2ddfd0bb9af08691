"""The anonymous query log (pure parts): what of a search is kept, and the click token.

A row holds the search text (redacted), its result count, the day and whether a result
was opened afterwards: no address, no user, no session, no time of day. Numbers that may
identify a person (NIK, phone, account: 8 digits or more, with or without separators)
become ``#`` and e-mail addresses ``@``, before anything is written.

The click token is ``<row id>.<HMAC>``: the result links of the search page carry it, so
a click marks its own search row and no other.
"""
from __future__ import annotations

import hashlib
import hmac
import re

__all__ = ["MAX_QUERY_LENGTH", "click_token", "normalize", "redact", "token_row_id"]

MAX_QUERY_LENGTH = 200
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
# a run of digits with optional separators, 8 digits or more in all (NIK 16, phones 10-13)
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-/]*\d){7,}")


def redact(text: str) -> str:
    """``text`` without e-mail addresses and long numbers."""
    text = _EMAIL.sub("@", text)
    return _LONG_NUMBER.sub("#", text)


def normalize(q: object) -> str | None:
    """The form stored and grouped: redacted, lower case, single spaces, at most 200
    characters, without control characters; None for nothing to log."""
    if not isinstance(q, str):
        return None
    text = "".join(c if c.isprintable() else " " for c in q)
    text = " ".join(redact(text).lower().split())[:MAX_QUERY_LENGTH].strip()
    return text or None


def _mac(key: bytes, row_id: int) -> str:
    return hmac.new(key, b"pekalongan-search-click:%d" % row_id, hashlib.sha256).hexdigest()[:20]


def click_token(key: bytes, row_id: int) -> str:
    return f"{row_id}.{_mac(key, row_id)}"


def token_row_id(key: bytes, token: object) -> int | None:
    """The row id of a genuine token, else None (compared in constant time)."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 64:
        return None
    raw_id, mac = token.split(".")
    if not raw_id.isdigit() or len(raw_id) > 18:
        return None
    row_id = int(raw_id)
    return row_id if hmac.compare_digest(mac, _mac(key, row_id)) else None
