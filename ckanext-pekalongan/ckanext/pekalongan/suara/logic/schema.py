"""navl schemas of the Suara Masyarakat actions. Every string parameter goes
through ``v.text`` (one line) or ``v.text(..., multiline=True)`` first:
strings only, no control or invisible characters (NUL included), bounded."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.suara import vocabulary as voc
from ckanext.pekalongan.suara.logic import validators as v

REF = 100
SHORT = 200


def _extras(ignore):
    return {"__extras": [ignore], "__junk": [ignore]}


@tk.validator_args
def _ref(ignore_missing):
    """``number`` or ``id`` of a report, and the reporter's code."""
    return {
        "number": [ignore_missing, v.text(REF), v.report_number],
        "id": [ignore_missing, v.text(REF)],
        "tracking_code": [ignore_missing, v.text(REF)],
    }


@tk.validator_args
def report_create_schema(not_empty, ignore_missing, ignore_empty, ignore, default):
    return {
        "kind": [not_empty, v.text(SHORT), v.report_kind],
        "text": [not_empty, v.text(voc.TEXT_MAX, multiline=True), not_empty],
        "topic": [not_empty, v.text(SHORT), v.topic],
        "kecamatan": [not_empty, v.text(SHORT), v.kecamatan],
        "desa": [ignore_empty, v.text(voc.DESA_MAX)],
        "privacy": [default(voc.PUBLIC), v.text(SHORT), v.choice(voc.PRIVACIES)],
        "channel": [ignore_missing, v.text(SHORT), v.choice(voc.CHANNELS)],
        "name": [ignore_empty, v.text(voc.NAME_MAX), ignore_empty],
        "phone": [ignore_empty, v.text(50), ignore_empty, v.phone],
        "email": [ignore_empty, v.text(254), ignore_empty, v.email],
        "attachments": [ignore_empty, v.upload_list],
        "website": [ignore_empty, v.text(SHORT)],  # honeypot (the web form hides it)
        **_extras(ignore),
    }


@tk.validator_args
def report_create_sms_schema(ignore_empty):
    """The create schema for the SMS worker (``channel=sms``): an SMS has only a text,
    so topic and kecamatan are optional (the pengelola sets the topic at verification)."""
    out = report_create_schema()
    out["topic"] = [ignore_empty, v.text(SHORT), v.topic]
    out["kecamatan"] = [ignore_empty, v.text(SHORT), v.kecamatan]
    return out


@tk.validator_args
def report_show_schema(ignore):
    return {**_ref(), **_extras(ignore)}


@tk.validator_args
def report_list_schema(ignore_missing, ignore_empty, ignore, default):
    return {
        "status": [ignore_empty, v.text(SHORT), v.choice(_states())],
        "org": [ignore_empty, v.text(REF), v.organization],
        "topic": [ignore_empty, v.text(SHORT), v.topic],
        "kecamatan": [ignore_empty, v.text(SHORT), v.kecamatan],
        "kind": [ignore_empty, v.text(SHORT), v.choice(voc.REPORT_KINDS)],
        "year": [ignore_empty, v.integer(2000, 2100)],
        "q": [ignore_empty, v.text(SHORT)],
        "overdue": [v.blank_is_missing, v.boolean],
        "scope": [default("public"), v.text(SHORT), v.choice(("public", "queue"))],
        "limit": [default(20), v.integer(1, 100)],
        "offset": [default(0), v.integer(0, 1_000_000)],
        **_extras(ignore),
    }


def _states():
    from ckanext.pekalongan.suara import states

    return states.STATES


@tk.validator_args
def report_verify_schema(not_empty, ignore_empty, ignore):
    return {
        **_ref(),
        "decision": [not_empty, v.text(SHORT), v.choice(("accept", "reject"))],
        "reason": [ignore_empty, v.text(SHORT), v.choice(voc.REJECT_REASONS)],
        "duplicate_of": [ignore_empty, v.text(REF), v.report_number],
        "public_text": [ignore_empty, v.text(voc.TEXT_MAX, multiline=True), ignore_empty],
        "topic": [ignore_empty, v.text(SHORT), v.topic],
        "kecamatan": [ignore_empty, v.text(SHORT), v.kecamatan],
        "kind": [ignore_empty, v.text(SHORT), v.report_kind],
        **_extras(ignore),
    }


@tk.validator_args
def report_update_schema(ignore_missing, ignore_empty, ignore):
    return {
        **_ref(),
        "public_text": [ignore_missing, v.text(voc.TEXT_MAX, multiline=True)],
        "topic": [ignore_empty, v.text(SHORT), v.topic],
        "kecamatan": [ignore_empty, v.text(SHORT), v.kecamatan],
        "desa": [ignore_missing, v.text(voc.DESA_MAX)],
        **_extras(ignore),
    }


@tk.validator_args
def report_route_schema(not_empty, ignore):
    return {
        **_ref(),
        "organizations": [not_empty, v.organizations],
        "complexity": [not_empty, v.text(SHORT), v.choice(voc.COMPLEXITIES)],
        **_extras(ignore),
    }


@tk.validator_args
def report_respond_schema(not_empty, ignore_empty, ignore, default):
    return {
        **_ref(),
        "text": [not_empty, v.text(voc.TEXT_MAX, multiline=True), not_empty],
        "kind": [default(voc.ANSWER), v.text(SHORT), v.choice(voc.RESPOND_KINDS)],
        "organization": [ignore_empty, v.text(REF), v.organization],
        **_extras(ignore),
    }


@tk.validator_args
def report_add_info_schema(not_empty, ignore_empty, ignore):
    return {
        **_ref(),
        "text": [not_empty, v.text(voc.TEXT_MAX, multiline=True), not_empty],
        "attachments": [ignore_empty, v.upload_list],
        **_extras(ignore),
    }


@tk.validator_args
def report_close_schema(ignore_empty, ignore):
    return {
        **_ref(),
        "note": [ignore_empty, v.text(voc.REASON_MAX, multiline=True), ignore_empty],
        **_extras(ignore),
    }


@tk.validator_args
def report_reopen_schema(not_empty, ignore):
    return {
        **_ref(),
        "reason": [not_empty, v.text(voc.REASON_MAX, multiline=True), not_empty],
        **_extras(ignore),
    }


@tk.validator_args
def report_rate_schema(not_missing, ignore_empty, ignore):
    return {
        **_ref(),
        "rating": [not_missing, v.integer(1, 5)],
        "comment": [ignore_empty, v.text(voc.REASON_MAX, multiline=True), ignore_empty],
        **_extras(ignore),
    }


@tk.validator_args
def report_withdraw_schema(ignore_empty, ignore):
    return {
        **_ref(),
        "reason": [ignore_empty, v.text(voc.REASON_MAX, multiline=True), ignore_empty],
        **_extras(ignore),
    }
