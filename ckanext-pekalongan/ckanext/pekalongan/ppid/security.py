"""Tracking codes and masking of personal data (the anonymous rate limits are in
``ratelimit.py``).

Tracking code: 16 characters from an alphabet without look-alikes (80 bits),
shown once as ``XXXX-XXXX-XXXX-XXXX``. Only ``sha256$<salt>$<digest>`` is stored
(per-row random salt); lookups compare in constant time. Typing is forgiving:
case, spaces and dashes are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

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
