"""Validators used by the Satu Data scheming schemas (``schemas/*.yaml``).

Registered with ``@tk.blanket.validators``; the names carry the ``pekalongan_``
prefix. Values that end up in package/group extras are stored as strings
(``"2024"``, ``"true"``) and turned back into ``int``/``bool`` by the
``output_validators`` of the schema, so storage never depends on the database
casting Python types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.satudata import WALIDATA_DEFAULT
from ckanext.pekalongan.theme.logic import kabar_validators
from ckanext.pekalongan.theme.logic.kabar_validators import *  # noqa: F403 (Kabar Pembangunan)

__all__ = [
    *kabar_validators.__all__,
    "pekalongan_int_range",
    "pekalongan_boolean",
    "pekalongan_default_walidata",
    "pekalongan_periode_akhir",
    "pekalongan_indikator_kolom_nilai",
    "pekalongan_status_verifikasi",
    "pekalongan_phone",
    "pekalongan_kode_opd",
]

STATUS_DEFAULT = "belum_diverifikasi"

_TRUE = {"true", "yes", "t", "y", "1", "ya", "on"}
_COLUMN_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()\-./]{5,30}$")
_KODE_OPD_RE = re.compile(r"^[0-9]{1,2}(\.[0-9]{1,4}){1,7}$")


def _is_empty(value: Any) -> bool:
    return value is tk.missing or value is None or (isinstance(value, str) and not value.strip())


def _as_int(value: Any) -> int | None:
    """Best-effort int of a raw or already validated value (for cross-field checks)."""
    if _is_empty(value):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if _is_empty(value):
        return False
    return str(value).strip().lower() in _TRUE


def pekalongan_int_range(minimum: int, maximum: int) -> Callable[[Any], Any]:
    """Whole number between ``minimum`` and ``maximum`` inclusive, stored as a string.

    Use in a schema as ``pekalongan_int_range(1945,2100)`` (no spaces: scheming
    splits the validator string on whitespace). Empty values pass through, so
    combine with ``not_empty`` or ``ignore_missing``.
    """
    minimum, maximum = int(minimum), int(maximum)

    def validator(value: Any) -> Any:
        if _is_empty(value):
            return value
        if isinstance(value, bool):
            raise tk.Invalid(tk._("Invalid integer"))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise tk.Invalid(tk._("Invalid integer")) from None
        if not minimum <= number <= maximum:
            raise tk.Invalid(
                tk._("Must be between {minimum} and {maximum}").format(
                    minimum=minimum, maximum=maximum
                )
            )
        return str(number)

    return validator


def pekalongan_boolean(value: Any) -> str:
    """Normalise checkbox/select/API input to ``"true"`` or ``"false"`` (missing → false)."""
    return "true" if _as_bool(value) else "false"


def pekalongan_default_walidata(value: Any) -> Any:
    """Empty walidata → the regency's walidata (Dinkominfo)."""
    if _is_empty(value):
        return WALIDATA_DEFAULT
    return value


def pekalongan_periode_akhir(key, data, errors, context) -> None:
    """``periode_akhir`` must not be earlier than ``periode_awal``."""
    akhir = _as_int(data.get(key))
    awal = _as_int(data.get(key[:-1] + ("periode_awal",)))
    if akhir is not None and awal is not None and akhir < awal:
        errors[key].append(tk._("The end of the period must not be earlier than its start"))


def pekalongan_indikator_kolom_nilai(key, data, errors, context) -> None:
    """Column holding an indicator's value: snake_case, and required for indicators."""
    value = data.get(key)
    if _is_empty(value):
        if _as_bool(data.get(key[:-1] + ("indikator_capaian",))):
            errors[key].append(tk._("Required when the dataset is a development indicator"))
        data[key] = ""
        return
    value = str(value).strip()
    if not _COLUMN_RE.match(value):
        errors[key].append(
            tk._("Must be a lowercase snake_case CSV column name, e.g. jumlah_penduduk")
        )
        return
    data[key] = value


def pekalongan_status_verifikasi(key, data, errors, context) -> None:
    """Verification status: only the walidata (a sysadmin) may set it.

    Anyone else's create or update stores ``belum_diverifikasi``: a change made
    by a produsen data sends the dataset back to the walidata for checking.
    Missing values default to ``belum_diverifikasi``. The choice itself is
    checked by ``scheming_choices``, which follows in the schema.
    """
    value = data.get(key)
    if _is_empty(value) or not _may_verify(context):
        data[key] = STATUS_DEFAULT


def _may_verify(context) -> bool:
    from ckan import authz

    user = context.get("user")
    if not user:
        # internal calls without a user (e.g. background jobs with ignore_auth)
        return bool(context.get("ignore_auth"))
    return authz.is_sysadmin(user)


def pekalongan_phone(value: Any) -> Any:
    """A telephone number such as ``(0285) 381234`` or ``+62 285 381234``."""
    if _is_empty(value):
        return value
    value = str(value).strip()
    if not _PHONE_RE.match(value) or sum(c.isdigit() for c in value) < 5:
        raise tk.Invalid(tk._("Invalid telephone number"))
    return value


def pekalongan_kode_opd(value: Any) -> Any:
    """An OPD code in the dotted Permendagri 90/2019 style, e.g. ``2.16.01``."""
    if _is_empty(value):
        return value
    value = str(value).strip()
    if not _KODE_OPD_RE.match(value):
        raise tk.Invalid(tk._("Invalid OPD code (expected e.g. 2.16.01)"))
    return value
