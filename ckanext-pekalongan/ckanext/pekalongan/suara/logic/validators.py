"""Validators of the Suara Masyarakat schemas.

The text, phone, e-mail, number and code checks are the PPID service's
(``ppid.logic.validators``: strings only, no control or invisible characters,
NUL included, NFC, bounded; phones with ``phonenumbers`` to E.164, e-mail with
``email_validator``), imported, not copied. This module adds the Suara codes.
Messages are Indonesian msgids translated with ``tk._``.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid.logic import validators as ppid_v
from ckanext.pekalongan.suara import attachments, vocabulary

Invalid = tk.Invalid

# re-exported: the one text check, the screen run before auth, and the shared checks
text = ppid_v.text
screen = ppid_v.screen
choice = ppid_v.choice
phone = ppid_v.phone
email = ppid_v.email
integer = ppid_v.integer
boolean = ppid_v.boolean
organization = ppid_v.organization
refused_characters = ppid_v.refused_characters

_NUMBER = re.compile(r"SM-\d{4}-\d{6}")


def blank_is_missing(key, data, errors, context) -> None:
    """Drop an empty string or None (a form's "any"), but keep ``False``
    (``ignore_empty`` would drop it too)."""
    if data.get(key) in ("", None, tk.missing):
        data.pop(key, None)
        raise tk.StopOnError


def report_kind(value: Any, context: dict) -> str:
    """``aspirasi`` or ``pengaduan``; an information request is refused with a
    pointer to the PPID form (the law gives it its own clock and rights)."""
    value = choice(vocabulary.KINDS)(value, context)
    if value == vocabulary.PERMINTAAN_INFORMASI:
        raise Invalid(
            tk._(
                "Permintaan informasi publik diajukan lewat formulir PPID (%(url)s) agar "
                "dilayani menurut UU 14/2008."
            )
            % {"url": _ppid_form_url()}
        )
    return value


def _ppid_form_url() -> str:
    try:
        return tk.url_for("ppid.request_new")
    except Exception:  # outside a request, or the ppid pages not registered
        return vocabulary.PPID_FORM_PATH


def topic(value: Any, context: dict) -> str:
    if not isinstance(value, str) or value not in vocabulary.topic_codes():
        raise Invalid(tk._("Topik tidak dikenal."))
    return value


def kecamatan(value: Any, context: dict) -> str:
    """A Kemendagri code of one of the 19 kecamatan (``33.26.01``)."""
    if not isinstance(value, str) or value.strip() not in vocabulary.kecamatan_names():
        raise Invalid(tk._("Kecamatan tidak dikenal: gunakan kode Kemendagri, misalnya 33.26.01."))
    return value.strip()


def report_number(value: Any, context: dict) -> str:
    """``SM-2026-000042`` (case and surrounding spaces forgiven)."""
    if not isinstance(value, str) or not _NUMBER.fullmatch(value.strip().upper()):
        raise Invalid(tk._("Nomor laporan berbentuk SM-TAHUN-NOMOR, misalnya SM-2026-000042."))
    return value.strip().upper()


def organizations(value: Any, context: dict) -> list[str]:
    """One or more OPDs (ids or names; a list, or one string separated by
    commas or spaces) -> their ids, each once."""
    if isinstance(value, str):
        items = [v for v in re.split(r"[\s,;]+", value) if v]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value if v.strip()]
    else:
        raise Invalid(tk._("Berikan daftar OPD (id atau nama)."))
    if not items:
        raise Invalid(tk._("Pilih paling sedikit satu OPD."))
    if len(items) > 20:
        raise Invalid(tk._("Paling banyak 20 OPD."))
    ids: list[str] = []
    for item in items:
        if len(item) > 100 or refused_characters(item):
            raise Invalid(tk._("OPD tidak dikenal."))
        ids.append(organization(item, context))
    return list(dict.fromkeys(ids))


def upload_list(value: Any, context: dict) -> list:
    """Attachments: one upload or a list of them, each a photo or PDF checked
    by size, extension and content (``attachments.read``)."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    items = [i for i in items if i not in (None, "")]
    limit = attachments.max_files()
    if len(items) > limit:
        raise Invalid(tk._("Paling banyak %(n)s lampiran.") % {"n": limit})
    checked = []
    for item in items:
        upload, messages = attachments.read(item)
        if messages:
            raise Invalid(messages[0])
        checked.append(upload)
    return checked
