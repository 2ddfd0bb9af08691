"""navl schemas of the DIP and DIK actions (``logic/action/registers.py``). The rules that
need more than one field (what publishing needs, dates in order) live in ``registers.py``."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import registers, states
from ckanext.pekalongan.ppid.logic import validators as v


def _std():
    return (
        tk.get_validator("ignore_missing"),
        tk.get_validator("not_empty"),
        tk.get_validator("ignore"),
        tk.get_validator("default"),
    )


def _extras():
    ignore = tk.get_validator("ignore")
    return {"__extras": [ignore], "__junk": [ignore]}


def _ref():
    ignore_missing, _not_empty, _ignore, _default = _std()
    return {"id": [ignore_missing, v.text(100)], "number": [ignore_missing, v.text(100)]}


def _choice_or_empty(allowed):
    check = v.choice(allowed)

    def validator(value, context):
        return None if value in ("", None) else check(value, context)

    return validator


def _date_or_empty(value, context):
    return None if value in ("", None) else v.iso_date(value, context)


def _line(n: int):
    return v.text(n)


def _lines(n: int):
    return v.text(n, multiline=True)


def dip_entry_fields() -> dict:
    ignore_missing, _not_empty, _ignore, _default = _std()
    return {
        "org": [ignore_missing, _line(200), v.organization],
        "category": [ignore_missing, _choice_or_empty(registers.CATEGORIES)],
        "summary": [ignore_missing, _lines(2000)],
        "holder": [ignore_missing, _line(300)],
        "responsible": [ignore_missing, _line(300)],
        "made_on": [ignore_missing, _date_or_empty],
        "made_place": [ignore_missing, _line(200)],
        "formats": [ignore_missing, v.code_list(registers.FORMATS, minimum=0)],
        "retention": [ignore_missing, _line(200)],
        "link_type": [ignore_missing, _choice_or_empty(registers.LINK_TYPES)],
        "dataset": [ignore_missing, _line(200)],
        "resource": [ignore_missing, _line(100)],
        "upload": [ignore_missing, v.upload],
        "status": [ignore_missing, v.choice(registers.EDITABLE_STATUSES)],
        "version": [ignore_missing, v.integer(1, 1_000_000_000)],
    }


def dik_entry_fields() -> dict:
    ignore_missing, _not_empty, _ignore, _default = _std()
    return {
        "org": [ignore_missing, _line(200), v.organization],
        "summary": [ignore_missing, _lines(2000)],
        "grounds": [ignore_missing, v.code_list(states.PASAL_17_GROUNDS, minimum=0)],
        "legal_basis": [ignore_missing, _lines(1000)],
        "consequence": [ignore_missing, _lines(5000)],
        "public_interest": [ignore_missing, _lines(5000)],
        "exempt_until": [ignore_missing, _date_or_empty],
        "decided_by_name": [ignore_missing, _line(200)],
        "decided_by_position": [ignore_missing, _line(200)],
        "decided_on": [ignore_missing, _date_or_empty],
        "internal_notes": [ignore_missing, _lines(5000)],
        "status": [ignore_missing, v.choice(registers.EDITABLE_STATUSES)],
        "version": [ignore_missing, v.integer(1, 1_000_000_000)],
    }


def dip_entry_create_schema():
    return {**dip_entry_fields(), **_extras()}


def dip_entry_update_schema():
    return {**_ref(), **dip_entry_fields(), **_extras()}


def dik_entry_create_schema():
    return {**dik_entry_fields(), **_extras()}


def dik_entry_update_schema():
    return {**_ref(), **dik_entry_fields(), **_extras()}


def entry_ref_schema():
    return {**_ref(), **_extras()}


def entry_list_schema():
    ignore_missing, _not_empty, _ignore, default = _std()
    return {
        "q": [ignore_missing, _line(200)],
        "org": [ignore_missing, _line(200), v.organization],
        "category": [ignore_missing, _choice_or_empty(registers.CATEGORIES)],
        "year": [ignore_missing, v.integer(2000, 2100)],
        "ground": [ignore_missing, _choice_or_empty(states.PASAL_17_GROUNDS)],
        "include_drafts": [default(False), v.boolean],
        "limit": [default(50), v.integer(0, 5000)],
        "offset": [default(0), v.integer(0, v.MAX_OFFSET)],
        **_extras(),
    }


def suggest_schema():
    ignore_missing, _not_empty, _ignore, default = _std()
    return {
        "q": [ignore_missing, _lines(2000)],
        "limit": [default(5), v.integer(1, 10)],
        **_extras(),
    }


def decide_dik_fields() -> dict:
    """What ``ppid_request_decide`` takes to cite a DIK entry (``dik_entry``) or to create
    one in the same step (``new_dik_entry`` = true and the ``dik_*`` columns)."""
    ignore_missing, _not_empty, _ignore, default = _std()
    fields = {f"dik_{k}": checks for k, checks in dik_entry_fields().items()
              if k not in ("org", "status", "version")}
    return {
        "dik_entry": [ignore_missing, _line(100)],
        "new_dik_entry": [default(False), v.boolean],
        **fields,
    }
