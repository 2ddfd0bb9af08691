"""What the public register of requests shows of a request (issue #15, item 9). Pure: no
CKAN, no database, no config.

The requester's own words (the information requested, the purpose) are published only
after an officer has reviewed them and, where needed, rewritten them without anything
personal (``ppid_request_publish``): the stored ``public_entry`` is
``{"information", "purpose", "reviewed_at", "reviewed_by"}``, NULL until then. Until then the
register shows a neutral placeholder, never the raw text. A pending request reads "being
processed", never a word that reads as "granted".
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ckanext.pekalongan.ppid import states
from ckanext.pekalongan.text import N_

# the register's word for a request whose written notice has not been given yet
PENDING_LABEL = N_("Being processed")
WITHDRAWN_LABEL = N_("Withdrawn by the requester")
PLACEHOLDER = N_("Summary awaiting review by a PPID officer")

PERSONAL_IN_TEXT = N_(
    "Remove personal data from the public text (%(what)s): the register is public."
)
WHAT_LABELS: Mapping[str, str] = {
    "name": N_("the requester's name"),
    "nik": N_("an identity number (NIK)"),
    "phone": N_("a phone number"),
    "email": N_("an e-mail address"),
    "address": N_("the requester's address"),
}

_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PHONE = re.compile(r"(?<![\d])(?:\+?62|0)8[\d\s.\-]{7,14}\d")


def register_status(status: str, decision: str | None) -> tuple[str, str | None]:
    """``(kind, code)`` of the register's status column: ``("decision", decision)`` once the
    written notice is given, ``("withdrawn", None)``, else ``("pending", None)``."""
    if status == states.DECIDED and decision:
        return "decision", decision
    if status == states.WITHDRAWN:
        return "withdrawn", None
    return "pending", None


def public_text(entry: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The reviewed ``(information, purpose)``; ``(None, None)`` until an officer reviewed."""
    if not entry or not entry.get("reviewed_at"):
        return None, None
    return entry.get("information") or None, entry.get("purpose") or None


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def personal_data_found(text: str, personal: Mapping[str, str | None]) -> list[str]:
    """The kinds of personal data (keys of :data:`WHAT_LABELS`) found in ``text``: the
    requester's own name, NIK, phone, e-mail or address, and anything shaped like a NIK, an
    e-mail address or an Indonesian mobile number."""
    found: list[str] = []
    low = text.casefold()
    name = (personal.get("name") or "").strip()
    if len(name) >= 3 and name.casefold() in low:
        found.append("name")
    nik = _digits(personal.get("nik"))
    if _NIK.search(text) or (nik and nik in _digits(text)):
        found.append("nik")
    phone = _digits(personal.get("phone"))
    local = phone[-9:] if len(phone) >= 9 else ""
    if _PHONE.search(text) or (local and local in _digits(text)):
        found.append("phone")
    email = (personal.get("email") or "").strip().casefold()
    if _EMAIL.search(text) or (email and email in low):
        found.append("email")
    address = (personal.get("address") or "").strip().casefold()
    if len(address) >= 8 and address in low:
        found.append("address")
    return found
