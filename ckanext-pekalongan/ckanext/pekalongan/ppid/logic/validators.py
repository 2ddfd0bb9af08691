"""Validators of the PPID schemas (navl style: ``(value, context)`` or
``(key, data, errors, context)``). Imported by ``schema.py`` directly; not
registered globally. Messages are English msgids translated with ``tk._``."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import files, roles

Invalid = tk.Invalid
_SPLIT = re.compile(r"[\s,;]+")


def iso_date(value: Any, context: dict) -> dt.date:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(tk._("Use the date format YYYY-MM-DD.")) from None


def code_list(allowed: Iterable[str], minimum: int = 1):
    """A list of codes from ``allowed``: a JSON list, or one string separated
    by commas or spaces (as HTML forms send them). Duplicates are dropped."""
    allowed = tuple(allowed)

    def validator(value: Any, context: dict) -> list[str]:
        if value is None or value == "":
            items: list[str] = []
        elif isinstance(value, str):
            items = [v for v in _SPLIT.split(value) if v]
        elif isinstance(value, (list, tuple)):
            items = [str(v).strip() for v in value if str(v).strip()]
        else:
            raise Invalid(tk._("Give a list of codes."))
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise Invalid(tk._("Unknown value: %(values)s") % {"values": ", ".join(unknown)})
        if len(items) < minimum:
            raise Invalid(tk._("Choose at least one option."))
        return list(dict.fromkeys(items))

    return validator


def choice(allowed: Iterable[str]):
    """One code of ``allowed``."""
    allowed = tuple(allowed)

    def validator(value: Any, context: dict) -> str:
        if value not in allowed:
            raise Invalid(tk._("Unknown value: %(values)s") % {"values": str(value)[:40]})
        return value

    return validator


def max_length(n: int):
    def validator(value: Any, context: dict) -> Any:
        if isinstance(value, str) and len(value) > n:
            raise Invalid(tk._("At most %(n)s characters.") % {"n": n})
        return value

    return validator


def organization(value: Any, context: dict) -> str:
    """An active organization (OPD) by id or name -> its id. The Atasan PPID
    organization is not an OPD and cannot hold requests."""
    org = roles.get_org(str(value).strip())
    if org is None or org.name == roles.atasan_org_name():
        raise Invalid(tk._("Unknown OPD."))
    return org.id


def money(value: Any, context: dict) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise Invalid(tk._("Give an amount in rupiah, e.g. 15000.")) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise Invalid(tk._("Give an amount in rupiah, e.g. 15000."))
    return amount.quantize(Decimal("0.01"))


def upload(value: Any, context: dict) -> files.Upload:
    """A file upload checked against the size and type settings."""
    checked, messages = files.read_upload(value)
    if messages:
        raise Invalid(messages[0])
    return checked


def email(value: Any, context: dict) -> str:
    value = str(value).strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 254:
        raise Invalid(tk._("This is not a valid e-mail address."))
    return value


def phone(value: Any, context: dict) -> str:
    value = str(value).strip()
    digits = re.sub(r"[\s().\-]", "", value)
    if not re.fullmatch(r"\+?[0-9]{6,15}", digits):
        raise Invalid(tk._("This is not a valid phone number."))
    return digits


def honeypot(key, data, errors, context) -> None:
    """The ``website`` field is hidden from people: it must stay empty."""
    value = data.get(key)
    if value not in (None, "", tk.missing):
        errors[key].append(tk._("Leave this field empty."))


def _int(value: Any) -> int | None:
    """The int an earlier ``int_validator`` produced, or None if it failed."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def at_most(n: int):
    def validator(value: Any, context: dict) -> Any:
        if _int(value) is not None and value > n:
            raise Invalid(tk._("At most %(n)s.") % {"n": n})
        return value

    return validator


def between(low: int, high: int):
    def validator(value: Any, context: dict) -> Any:
        if _int(value) is not None and not low <= value <= high:
            message = tk._("Give a number from %(low)s to %(high)s.")
            raise Invalid(message % {"low": low, "high": high})
        return value

    return validator


def year(value: Any, context: dict) -> int:
    if _int(value) is not None and not 2000 <= value <= 2100:
        raise Invalid(tk._("Give a year from 2000 to 2100."))
    return value
