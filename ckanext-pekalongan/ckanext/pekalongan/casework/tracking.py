"""Tracking codes: the secret a citizen holds instead of an account, for a PPID request or
a Suara Masyarakat report. Pure: no CKAN, no database, no config.

* :func:`new_code`: characters from an alphabet without look-alikes (no I, L, O, 0, 1),
  shown once. PPID codes have 16 characters (80 bits) shown as ``XXXX-XXXX-XXXX-XXXX``;
  Suara codes 10, short enough for an SMS reply.
* Typing is forgiving (:func:`normalize`): case, spaces and dashes are ignored.
* Only a hash is stored, and lookups compare in constant time with the same cost for an
  unknown case: :func:`salted_hash`/:func:`verify_salted` (``sha256$<salt>$<digest>``, a
  random salt per row: PPID) or :func:`keyed_hash`/:func:`verify_keyed` (HMAC with the
  portal's secret look-up key, so a copy of the database alone cannot be searched: Suara's
  shorter codes).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_DUMMY_SALTED = "sha256$00000000000000000000000000000000$" + "0" * 64
_DUMMY_KEYED = "0" * 64


def new_code(length: int, group: int = 0) -> str:
    """A fresh code of ``length`` characters, in groups of ``group`` joined by dashes."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    if not group:
        return raw
    return "-".join(raw[i : i + group] for i in range(0, length, group))


def normalize(code: object) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def salted_hash(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256((salt + ":" + normalize(code)).encode("utf-8")).hexdigest()
    return f"sha256${salt}${digest}"


def verify_salted(code: str | None, stored: str | None) -> bool:
    """Constant-time check of a typed code against a salted hash. Call it with
    ``stored=None`` for an unknown case, so that both paths cost the same."""
    try:
        _algo, salt, _digest = (stored or _DUMMY_SALTED).split("$", 2)
    except ValueError:
        return False
    ok = hmac.compare_digest(salted_hash(code or "", salt), stored or _DUMMY_SALTED)
    return ok and stored is not None and bool(code)


def keyed_hash(key: bytes, code: object, domain: str) -> str:
    """HMAC-SHA256 (hex) of the normalised code, separated by ``domain``."""
    msg = f"{domain}\x00{normalize(code)}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def verify_keyed(key: bytes, code: object, stored: str | None, domain: str) -> bool:
    """Constant-time check against a keyed hash; ``stored=None`` for an unknown case."""
    typed = normalize(code)
    ok = hmac.compare_digest(keyed_hash(key, typed or "-", domain), stored or _DUMMY_KEYED)
    return ok and stored is not None and bool(typed)
