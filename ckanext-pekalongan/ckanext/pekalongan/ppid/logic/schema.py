"""navl schemas of the PPID actions. Cross-field rules (NIK for a person,
decree for a legal entity, phone and/or e-mail, the decision's required
fields) live in ``states.py`` and are applied by the actions after these."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import requester, states
from ckanext.pekalongan.ppid.logic import register_schema
from ckanext.pekalongan.ppid.logic import validators as v


def _std():
    return (
        tk.get_validator("ignore_missing"),
        tk.get_validator("not_empty"),
        tk.get_validator("ignore"),
        tk.get_validator("default"),
    )


# Every string parameter goes through ``v.text`` (one line) or ``v.text(...,
# multiline=True)``: strings only, no control or invisible characters, bounded.
NAME = 200
SHORT = 200
TEXT = 10000
REF = 100


def _line(n: int = SHORT):
    return v.text(n)


def _lines(n: int = TEXT):
    return v.text(n, multiline=True)


def _ref():
    """``ticket`` or ``id`` of a request (resolved by the action)."""
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "ticket": [ignore_missing, _line(REF)],
        "id": [ignore_missing, _line(REF)],
        "tracking_code": [ignore_missing, _line(REF)],
    }


def _extras():
    ignore = tk.get_validator("ignore")
    return {"__extras": [ignore], "__junk": [ignore]}


def request_create_schema():
    ignore_missing, not_empty, ignore, default = _std()
    ignore_empty = tk.get_validator("ignore_empty")
    return {
        "requester_type": [not_empty, _line(), v.choice(states.REQUESTER_TYPES)],
        "name": [not_empty, _line(NAME), not_empty],
        "nik": [ignore_missing, _line(), requester.normalize_nik],
        "legal_entity_decree": [ignore_missing, _line()],
        "representative_name": [ignore_missing, _line(NAME)],
        "representative_position": [ignore_missing, _line()],
        "address": [not_empty, _lines(1000), not_empty],
        "phone": [ignore_empty, _line(50), ignore_empty, v.phone],
        "email": [ignore_empty, _line(254), ignore_empty, v.email],
        "information": [not_empty, _lines(5000), not_empty],
        "purpose": [not_empty, _lines(2000), not_empty],
        "how_to_obtain": [not_empty, v.code_list(states.HOW_TO_OBTAIN)],
        "how_to_receive": [not_empty, _line(), v.choice(states.HOW_TO_RECEIVE)],
        "target_org": [ignore_empty, _line(), ignore_empty, v.organization],
        "power_of_attorney": [ignore_empty, v.upload],
        "website": [v.honeypot, ignore],
        # officers only (ignored for everyone else)
        "received_on": [ignore_missing, v.iso_date],
        "channel": [ignore_missing, _line(), v.choice(states.CHANNELS)],
        **_extras(),
    }


def request_show_schema():
    return {**_ref(), **_extras()}


def request_list_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "status": [ignore_missing, v.code_list(states.REQUEST_STATES, minimum=0)],
        "org": [ignore_missing, _line(), ignore_missing, v.organization],
        "channel": [ignore_missing, v.code_list(states.CHANNELS, minimum=0)],
        "overdue": [ignore_missing, v.boolean],
        "closed": [ignore_missing, v.boolean],
        "q": [ignore_missing, _line()],
        "received_from": [ignore_missing, v.iso_date],
        "received_to": [ignore_missing, v.iso_date],
        "sort": [default("due_date asc"), _line(), v.choice(LIST_SORTS)],
        "limit": [default(20), v.integer(0, 1000)],
        "offset": [default(0), v.integer(0, v.MAX_OFFSET)],
        **_extras(),
    }


LIST_SORTS = tuple(
    f"{field} {direction}"
    for field in ("due_date", "received_on", "ticket", "created")
    for direction in ("asc", "desc")
)


def request_route_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {**_ref(), "org": [not_empty, _line(), not_empty, v.organization], **_extras()}


def request_extend_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {**_ref(), "reason": [not_empty, _lines(5000), not_empty], **_extras()}


def request_publish_schema():
    """The public register entry an officer reviewed (15D)."""
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "information": [not_empty, _lines(5000), not_empty],
        "purpose": [not_empty, _lines(2000), not_empty],
        **_extras(),
    }


EXPORT_MAX = 50000


def request_export_schema():
    """The officers' register with personal data (CSV/XLSX export; 15D)."""
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "year": [ignore_missing, v.integer(2000, 2100)],
        "org": [ignore_missing, _line(), ignore_missing, v.organization],
        "status": [ignore_missing, v.code_list(states.REQUEST_STATES, minimum=0)],
        "limit": [default(10000), v.integer(0, EXPORT_MAX)],
        **_extras(),
    }


def request_correct_receipt_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "received_on": [not_empty, v.iso_date],
        "reason": [not_empty, _lines(2000), not_empty],
        **_extras(),
    }


def request_decide_schema():
    ignore_missing, not_empty, ignore, default = _std()
    text = [ignore_missing, _lines(TEXT)]
    return {
        **_ref(),
        "decision": [not_empty, _line(), v.choice(states.DECISIONS)],
        "exemption_grounds": [default([]), v.code_list(states.PASAL_17_GROUNDS, minimum=0)],
        "consequence_test_ref": list(text),
        "holding_body": list(text),
        "holding_body_unknown": [default(False), v.boolean],
        "info_given": list(text),
        "blacked_out": list(text),
        "blackout_reason": list(text),
        "format": list(text),
        "medium": list(text),
        "cost": [ignore_missing, v.money],
        "payment_method": list(text),
        "notes": list(text),
        **register_schema.decide_dik_fields(),  # the DIK entry a refusal cites (#15)
        **_extras(),
    }


def request_withdraw_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {**_ref(), "reason": [not_empty, _lines(5000), not_empty], **_extras()}


def document_create_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "upload": [not_empty, v.upload],
        "kind": [default("response"), _line(), v.choice(DOCUMENT_KINDS)],
        "released": [default(False), v.boolean],
        **_extras(),
    }


DOCUMENT_KINDS = ("response", "power_of_attorney")


def document_show_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "document_id": [not_empty, _line(REF)],
        **_extras(),
    }


def objection_create_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "grounds": [not_empty, v.code_list(states.PASAL_35_1_GROUNDS)],
        "reasons": [not_empty, _lines(TEXT), not_empty],
        # officers registering a written objection
        "filed_on": [ignore_missing, v.iso_date],
        "channel": [ignore_missing, _line(), v.choice(states.CHANNELS)],
        **_extras(),
    }


def objection_ref_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "number": [ignore_missing, _line(REF)],
        "id": [ignore_missing, _line(REF)],
        "tracking_code": [ignore_missing, _line(REF)],
        **_extras(),
    }


def objection_decide_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **objection_ref_schema(),
        "outcome": [not_empty, _line(), v.choice(states.OBJECTION_OUTCOMES)],
        "reasons": [not_empty, _lines(TEXT), not_empty],
        "atasan_name": [not_empty, _line(NAME), not_empty],
        "atasan_position": [not_empty, _line(SHORT), not_empty],
    }


def holiday_list_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "year": [ignore_missing, v.integer(2000, 2100)],
        "include_deleted": [default(False), v.boolean],
        **_extras(),
    }


def holiday_create_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "date": [not_empty, v.iso_date],
        "name": [not_empty, _line(NAME), not_empty],
        "kind": [not_empty, _line(), v.choice(HOLIDAY_KINDS)],
        **_extras(),
    }


HOLIDAY_KINDS = ("national", "cuti_bersama")


def holiday_delete_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {"id": [not_empty, _line(REF)], **_extras()}


def deadline_explain_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        **_ref(),
        "start": [ignore_missing, v.iso_date],
        "days": [ignore_missing, v.integer(1, 366)],
        "count_cuti_bersama_as_working_day": [ignore_missing, v.boolean],
        **_extras(),
    }


def _register_kind(value: str) -> str:
    """``permohonan``/``keberatan`` (accepted aliases) -> ``request``/``objection``."""
    return states.REGISTER_KINDS.get(value, value)


def register_list_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {
        "kind": [default(states.KIND_REQUEST), _line(), v.choice(tuple(states.REGISTER_KINDS)),
                 _register_kind],
        "year": [ignore_missing, v.integer(2000, 2100)],
        "limit": [default(100), v.integer(0, 1000)],
        "offset": [default(0), v.integer(0, v.MAX_OFFSET)],
        **_extras(),
    }


def annual_report_schema():
    ignore_missing, not_empty, ignore, default = _std()
    return {"year": [not_empty, v.integer(2000, 2100)], **_extras()}
