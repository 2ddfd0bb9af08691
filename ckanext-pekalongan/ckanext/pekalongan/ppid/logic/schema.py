"""navl schemas of the PPID actions. Cross-field rules (NIK for a person,
decree for a legal entity, phone and/or e-mail, the decision's required
fields) live in ``states.py`` and are applied by the actions after these."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import states
from ckanext.pekalongan.ppid.logic import validators as v


def _std():
    return (
        tk.get_validator("ignore_missing"),
        tk.get_validator("not_empty"),
        tk.get_validator("unicode_safe"),
        tk.get_validator("strip_value"),
        tk.get_validator("boolean_validator"),
        tk.get_validator("ignore"),
        tk.get_validator("default"),
        tk.get_validator("int_validator"),
        tk.get_validator("natural_number_validator"),
    )


def _ref():
    """``ticket`` or ``id`` of a request (resolved by the action)."""
    ignore_missing, _ne, unicode_safe, strip, *_rest = _std()
    return {
        "ticket": [ignore_missing, unicode_safe, strip],
        "id": [ignore_missing, unicode_safe, strip],
        "tracking_code": [ignore_missing, unicode_safe, strip],
    }


def _extras():
    ignore = tk.get_validator("ignore")
    return {"__extras": [ignore], "__junk": [ignore]}


def request_create_schema():
    ignore_missing, not_empty, unicode_safe, strip, boolean, ignore, default, *_ = _std()
    ignore_empty = tk.get_validator("ignore_empty")
    return {
        "requester_type": [not_empty, unicode_safe, v.choice(states.REQUESTER_TYPES)],
        "name": [not_empty, unicode_safe, strip, not_empty, v.max_length(200)],
        "nik": [ignore_missing, unicode_safe, strip, states.normalize_nik],
        "legal_entity_decree": [ignore_missing, unicode_safe, strip, v.max_length(200)],
        "address": [not_empty, unicode_safe, strip, not_empty, v.max_length(1000)],
        "phone": [ignore_empty, unicode_safe, strip, ignore_empty, v.phone],
        "email": [ignore_empty, unicode_safe, strip, ignore_empty, v.email],
        "information": [not_empty, unicode_safe, strip, not_empty, v.max_length(5000)],
        "purpose": [not_empty, unicode_safe, strip, not_empty, v.max_length(2000)],
        "how_to_obtain": [not_empty, v.code_list(states.HOW_TO_OBTAIN)],
        "how_to_receive": [not_empty, unicode_safe, v.choice(states.HOW_TO_RECEIVE)],
        "target_org": [ignore_empty, unicode_safe, strip, ignore_empty, v.organization],
        "power_of_attorney": [ignore_empty, v.upload],
        "website": [v.honeypot, ignore],
        # officers only (ignored for everyone else)
        "received_at": [ignore_missing, v.iso_date],
        "channel": [ignore_missing, unicode_safe, v.choice(states.CHANNELS)],
        **_extras(),
    }


def request_show_schema():
    return {**_ref(), **_extras()}


def request_list_schema():
    ignore_missing, _ne, unicode_safe, strip, boolean, _ig, default, int_v, natural = _std()
    return {
        "status": [ignore_missing, v.code_list(states.REQUEST_STATES, minimum=0)],
        "org": [ignore_missing, unicode_safe, strip, ignore_missing, v.organization],
        "channel": [ignore_missing, v.code_list(states.CHANNELS, minimum=0)],
        "overdue": [ignore_missing, boolean],
        "q": [ignore_missing, unicode_safe, strip, v.max_length(200)],
        "received_from": [ignore_missing, v.iso_date],
        "received_to": [ignore_missing, v.iso_date],
        "sort": [default("due_date asc"), unicode_safe, v.choice(LIST_SORTS)],
        "limit": [default(20), natural, v.at_most(1000)],
        "offset": [default(0), natural],
        **_extras(),
    }


LIST_SORTS = tuple(
    f"{field} {direction}"
    for field in ("due_date", "received_at", "ticket", "created")
    for direction in ("asc", "desc")
)


def request_route_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {**_ref(), "org": [not_empty, unicode_safe, strip, v.organization], **_extras()}


def request_extend_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {
        **_ref(),
        "reason": [not_empty, unicode_safe, strip, not_empty, v.max_length(5000)],
        **_extras(),
    }


def request_decide_schema():
    ignore_missing, not_empty, unicode_safe, strip, boolean, _ig, default, *_ = _std()
    text = [ignore_missing, unicode_safe, strip, v.max_length(10000)]
    return {
        **_ref(),
        "decision": [not_empty, unicode_safe, v.choice(states.DECISIONS)],
        "exemption_grounds": [default([]), v.code_list(states.PASAL_17_GROUNDS, minimum=0)],
        "consequence_test_ref": list(text),
        "holding_body": list(text),
        "holding_body_unknown": [default(False), boolean],
        "info_given": list(text),
        "blacked_out": list(text),
        "blackout_reason": list(text),
        "format": list(text),
        "medium": list(text),
        "cost": [ignore_missing, v.money],
        "payment_method": list(text),
        "notes": list(text),
        **_extras(),
    }


def request_withdraw_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {
        **_ref(),
        "reason": [not_empty, unicode_safe, strip, not_empty, v.max_length(5000)],
        **_extras(),
    }


def document_create_schema():
    _im, not_empty, unicode_safe, _s, boolean, _ig, default, *_ = _std()
    return {
        **_ref(),
        "upload": [not_empty, v.upload],
        "kind": [default("response"), unicode_safe, v.choice(DOCUMENT_KINDS)],
        "released": [default(False), boolean],
        **_extras(),
    }


DOCUMENT_KINDS = ("response", "power_of_attorney")


def document_show_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {
        **_ref(),
        "document_id": [not_empty, unicode_safe, strip],
        **_extras(),
    }


def objection_create_schema():
    ignore_missing, not_empty, unicode_safe, strip, *_ = _std()
    return {
        **_ref(),
        "grounds": [not_empty, v.code_list(states.PASAL_35_1_GROUNDS)],
        "reasons": [not_empty, unicode_safe, strip, not_empty, v.max_length(10000)],
        # officers registering a written objection
        "filed_at": [ignore_missing, v.iso_date],
        "channel": [ignore_missing, unicode_safe, v.choice(states.CHANNELS)],
        **_extras(),
    }


def objection_ref_schema():
    ignore_missing, _ne, unicode_safe, strip, *_ = _std()
    return {
        "number": [ignore_missing, unicode_safe, strip],
        "id": [ignore_missing, unicode_safe, strip],
        "tracking_code": [ignore_missing, unicode_safe, strip],
        **_extras(),
    }


def objection_decide_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {
        **objection_ref_schema(),
        "outcome": [not_empty, unicode_safe, v.choice(states.OBJECTION_OUTCOMES)],
        "reasons": [not_empty, unicode_safe, strip, not_empty, v.max_length(10000)],
        "atasan_name": [not_empty, unicode_safe, strip, not_empty, v.max_length(200)],
        "atasan_position": [not_empty, unicode_safe, strip, not_empty, v.max_length(200)],
    }


def holiday_list_schema():
    ignore_missing, _ne, _u, _s, boolean, _ig, default, int_v, _n = _std()
    return {
        "year": [ignore_missing, int_v, v.year],
        "include_deleted": [default(False), boolean],
        **_extras(),
    }


def holiday_create_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {
        "date": [not_empty, v.iso_date],
        "name": [not_empty, unicode_safe, strip, not_empty, v.max_length(200)],
        "kind": [not_empty, unicode_safe, v.choice(HOLIDAY_KINDS)],
        **_extras(),
    }


HOLIDAY_KINDS = ("national", "cuti_bersama")


def holiday_delete_schema():
    _im, not_empty, unicode_safe, strip, *_ = _std()
    return {"id": [not_empty, unicode_safe, strip], **_extras()}


def deadline_explain_schema():
    ignore_missing, _ne, _u, _s, boolean, _ig, _d, int_v, _n = _std()
    return {
        **_ref(),
        "start": [ignore_missing, v.iso_date],
        "days": [ignore_missing, int_v, v.between(1, 366)],
        "count_cuti_bersama_as_working_day": [ignore_missing, boolean],
        **_extras(),
    }


def register_list_schema():
    _im, _ne, unicode_safe, _s, _b, _ig, default, int_v, natural = _std()
    return {
        "kind": [default("permohonan"), unicode_safe, v.choice(("permohonan", "keberatan"))],
        "year": [_im, int_v, v.year],
        "limit": [default(100), natural, v.at_most(1000)],
        "offset": [default(0), natural],
        **_extras(),
    }


def annual_report_schema():
    _im, not_empty, *_rest = _std()
    int_v = tk.get_validator("int_validator")
    return {"year": [not_empty, int_v, v.year], **_extras()}
