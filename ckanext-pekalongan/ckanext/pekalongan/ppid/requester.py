"""Who may file: the requester's identity (Perki 1/2021 Pasal 4): a person gives
a valid NIK, a legal entity its deed or decree number. Pure."""
from __future__ import annotations

import re

from ckanext.pekalongan.ppid.states import LEGAL_ENTITY, PERSON, Errors
from ckanext.pekalongan.text import N_


def _blank(value: str | None) -> bool:
    return value is None or not str(value).strip()


_NIK_RE = re.compile(r"[0-9]{16}")
_NIK_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_nik(value: str) -> str:
    """Drop spaces, dots and dashes people type inside a NIK."""
    return _NIK_SEPARATORS.sub("", value)


def validate_nik(value: str | None) -> list[str]:
    """Messages for an invalid NIK, ``[]`` if valid: exactly 16 ASCII digits,
    not all zeros. No normalisation here; see :func:`normalize_nik`."""
    if value is None or not _NIK_RE.fullmatch(value):
        return [N_("A NIK has exactly 16 digits.")]
    if set(value) == {"0"}:
        return [N_("This is not a valid NIK.")]
    return []


def is_valid_nik(value: str | None) -> bool:
    return not validate_nik(value)


# What each kind of requester gives (and what is ignored, never stored, for the other kind).
PERSON_ONLY_FIELDS = ("nik",)
LEGAL_ENTITY_ONLY_FIELDS = ("legal_entity_decree", "representative_name", "representative_position")


def fields_to_ignore(requester_type: str) -> tuple[str, ...]:
    """The identity fields that do not apply to ``requester_type``: a hidden NIK typed
    before switching to *Badan hukum* (or a decree typed before switching back) is dropped,
    neither checked nor stored."""
    if requester_type == LEGAL_ENTITY:
        return PERSON_ONLY_FIELDS
    if requester_type == PERSON:
        return LEGAL_ENTITY_ONLY_FIELDS
    return ()


def validate_requester(
    requester_type: str, nik: str | None = None, legal_entity_decree: str | None = None
) -> Errors:
    """A person gives a valid NIK; a legal entity gives its deed/decree number (the
    ministry's decree legalising it; the person acting for it is asked too, optional). A
    NIK given for a legal entity is not checked (see :func:`fields_to_ignore`)."""
    errors: Errors = {}
    if requester_type == PERSON:
        messages = validate_nik(nik)
        if messages:
            errors["nik"] = messages
    elif requester_type == LEGAL_ENTITY:
        if _blank(legal_entity_decree):
            errors["legal_entity_decree"] = [
                N_("A legal entity must give its deed or decree number.")
            ]
    else:
        errors["requester_type"] = [N_("Unknown requester type.")]
    return errors
