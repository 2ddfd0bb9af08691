"""Tracking codes, masking of personal data, and the anonymous rate limit.

Tracking code: 16 characters from an alphabet without look-alikes (80 bits),
shown once as ``XXXX-XXXX-XXXX-XXXX``. Only ``sha256$<salt>$<digest>`` is stored
(per-row random salt); lookups compare in constant time. Typing is forgiving:
case, spaces and dashes are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

import ckan.plugins.toolkit as tk

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
CODE_LENGTH = 16
_DUMMY_HASH = "sha256$00000000000000000000000000000000$" + "0" * 64


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def hash_code(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256((salt + ":" + normalize_code(code)).encode("utf-8")).hexdigest()
    return f"sha256${salt}${digest}"


def verify_code(code: str | None, stored: str | None) -> bool:
    """Constant-time check of a typed code against the stored hash. Call it
    with ``stored=None`` for an unknown ticket, so that both paths cost the
    same."""
    try:
        _algo, salt, _digest = (stored or _DUMMY_HASH).split("$", 2)
    except ValueError:
        return False
    ok = hmac.compare_digest(hash_code(code or "", salt), stored or _DUMMY_HASH)
    return ok and stored is not None and bool(code)


# --- masking ------------------------------------------------------------------------


def mask_nik(nik: str | None) -> str | None:
    """``3326123456780001`` -> ``3326********0001``."""
    if not nik:
        return nik
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_email(email: str | None) -> str | None:
    """``budi@mail.com`` -> ``b***@mail.com``."""
    if not email:
        return email
    local, _, domain = email.partition("@")
    return (local[:1] or "*") + "***@" + domain


def mask_phone(phone: str | None) -> str | None:
    """``081234567890`` -> ``0812*****890``: the operator prefix and the last three."""
    if not phone:
        return phone
    digits = [ch for ch in phone if ch.isdigit() or ch == "+"]
    if len(digits) <= 7:
        return "*" * len(digits)
    return "".join(digits[:4]) + "*" * (len(digits) - 7) + "".join(digits[-3:])


# --- rate limit ---------------------------------------------------------------------


def client_address() -> str | None:
    """The client address of the current web request (``remote_addr`` as
    Werkzeug sees it; put CKAN behind a proxy that sets it, or configure
    ProxyFix), or ``None`` outside a request (CLI, internal calls)."""
    from flask import has_request_context

    if not has_request_context():
        return None
    return tk.request.remote_addr or None


def _rate_key(address: str) -> str:
    # The address is personal data: only its keyed hash reaches Redis.
    secret = str(tk.config.get("SECRET_KEY") or "")
    digest = hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    site = tk.config.get("ckan.site_id") or "ckan"
    return f"{site}:ppid:create-rate:{digest}"


def _limit() -> int:
    return int(tk.config.get("ckanext.pekalongan.ppid.rate_limit") or 0)


def rate_limit_exceeded(address: str | None) -> bool:
    """True once ``address`` has used up ``rate_limit`` creations in the window."""
    limit = _limit()
    if not address or not limit:
        return False
    from ckan.lib.redis import connect_to_redis

    used = connect_to_redis().get(_rate_key(address))
    return used is not None and int(used) >= int(limit)


def rate_limit_count(address: str | None) -> None:
    """Count one creation (or honeypot hit) for ``address``."""
    if not address or not _limit():
        return
    from ckan.lib.redis import connect_to_redis

    window = int(tk.config.get("ckanext.pekalongan.ppid.rate_limit_window"))
    conn = connect_to_redis()
    key = _rate_key(address)
    conn.set(key, 0, ex=window, nx=True)  # the window starts with the first creation
    conn.incr(key)
