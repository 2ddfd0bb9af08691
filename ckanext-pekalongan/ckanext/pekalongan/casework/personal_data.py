"""Personal data at rest: encryption and keyed lookup hashes (pure functions).

The requester's NIK, name, address, phone, e-mail and deed number are stored in
``ppid_request`` as Fernet tokens (AES-128-CBC + HMAC-SHA256, from the
``cryptography`` package), never in clear: a dump of the database alone reveals
none of them. The keys live outside the database (``ckan.ini`` / environment):

* ``ckanext.pekalongan.personal_data.keys``: comma-separated Fernet keys; the
  FIRST one encrypts, every one decrypts (``MultiFernet``). Rotation: put a new
  key first, keep the old one behind it, run ``ckan ppid
  rotate-personal-data-key`` (re-encrypts every row with the first key), then
  drop the old key.
* ``ckanext.pekalongan.personal_data.hash_key``: the HMAC-SHA256 key of the
  lookup columns (``nik_hash``, ``phone_hash``, ``email_hash``): equal values
  give equal hashes, so a lookup (e.g. the SMS center finding requests by phone
  number) compares hashes, while the hash alone cannot be reversed without the
  key by trying the 10^16 NIKs or every phone number.

No CKAN, no database here: ``model.py`` wires these into a SQLAlchemy type.
"""
from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = [
    "InvalidToken",
    "KeyError_",
    "decrypt",
    "encrypt",
    "generate_key",
    "hash_of",
    "is_token",
    "lookup_hash",
    "multifernet",
    "normalize_email",
    "normalize_nik",
    "normalize_phone",
    "parse_hash_key",
    "parse_keys",
    "rotate",
]

MIN_HASH_KEY_LENGTH = 32
# Every Fernet token starts with the version byte 0x80, i.e. "gAAAAA" in base64.
TOKEN_PREFIX = "gAAAAA"


class KeyError_(ValueError):
    """The configured keys are missing or malformed (message names the option)."""


def generate_key() -> str:
    """A new random Fernet key (URL-safe base64 text of 32 bytes)."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(value: str | Iterable[str] | None) -> list[str]:
    """The Fernet keys of the option: comma- or space-separated, first encrypts.
    Raises :class:`KeyError_` when none is given or one is not a Fernet key."""
    if value is None:
        items: list[str] = []
    elif isinstance(value, str):
        items = value.replace(",", " ").split()
    else:
        items = [k for v in value for k in str(v).replace(",", " ").split()]
    if not items:
        raise KeyError_(
            "ckanext.pekalongan.personal_data.keys is not set: give at least one Fernet key "
            "(python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        )
    for n, key in enumerate(items, 1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise KeyError_(
                f"ckanext.pekalongan.personal_data.keys: key {n} is not a Fernet key "
                "(32 bytes in URL-safe base64)"
            ) from None
    return items


def parse_hash_key(value: str | None) -> bytes:
    """The HMAC key of the lookup hashes (at least 32 characters)."""
    value = (value or "").strip()
    if len(value) < MIN_HASH_KEY_LENGTH:
        raise KeyError_(
            "ckanext.pekalongan.personal_data.hash_key is not set or shorter than "
            f"{MIN_HASH_KEY_LENGTH} characters"
        )
    return value.encode("utf-8")


def multifernet(keys: Iterable[str]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii")) for k in keys])


def encrypt(box: MultiFernet, value: str | None) -> str | None:
    """The Fernet token (text) of ``value``; ``None`` stays ``None``."""
    if value is None:
        return None
    return box.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(box: MultiFernet, token: str | None) -> str | None:
    """The clear text of a token; raises ``InvalidToken`` if no key opens it."""
    if token is None:
        return None
    return box.decrypt(token.encode("ascii")).decode("utf-8")


def is_token(box: MultiFernet, value: str | None) -> bool:
    """Whether ``value`` is a token one of the keys opens (the data migration
    uses it to leave rows that are encrypted already)."""
    if not value or not value.startswith(TOKEN_PREFIX):
        return False
    try:
        box.decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def rotate(box: MultiFernet, token: str | None) -> str | None:
    """Re-encrypt a token with the first key (keeps its timestamp)."""
    if token is None:
        return None
    return box.rotate(token.encode("ascii")).decode("ascii")


# --- lookup hashes ---------------------------------------------------------------


def normalize_nik(value: str | None) -> str | None:
    if not value:
        return None
    digits = "".join(c for c in value if c.isdigit())
    return digits or None


def normalize_phone(value: str | None, region: str = "ID") -> str | None:
    """E.164 form (``+6281234567890``) so that 0812... and +62812... are one
    phone; a number ``phonenumbers`` cannot parse keeps only its digits."""
    if not value:
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        digits = "".join(c for c in value if c.isdigit())
        return digits or None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(value: str | None) -> str | None:
    if not value:
        return None
    return unicodedata.normalize("NFC", value.strip()).casefold() or None


def lookup_hash(key: bytes, kind: str, normalized: str | None) -> str | None:
    """HMAC-SHA256 (hex) of a normalised value, domain-separated by ``kind``
    (``nik``, ``phone``, ``email``) so equal strings of two kinds differ."""
    if normalized is None:
        return None
    msg = f"{kind}\x00{normalized}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def hash_of(key: bytes, kind: str, value: str | None) -> str | None:
    """Normalise ``value`` as ``kind`` requires, then hash it."""
    norm = {"nik": normalize_nik, "phone": normalize_phone, "email": normalize_email}[kind]
    return lookup_hash(key, kind, norm(value))


# --- masking (the officers' queue shows these, never the clear value) -----------------


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
