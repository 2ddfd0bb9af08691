"""Auth of the dispute bundle and record, the Standar Layanan and the annual report's
narrative (issue #15 items 6-8)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import roles
from ckanext.pekalongan.ppid.logic.auth.common import (
    OK,
    officer_only,
    officer_or_requester,
    refuse,
    request_of,
)


@tk.auth_allow_anonymous_access
def ppid_dispute_bundle_show(context, data_dict):
    return officer_or_requester(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_dispute_show(context, data_dict):
    return officer_or_requester(context, data_dict)


def ppid_dispute_record(context, data_dict):
    """PPID Utama, the Pelaksana handling the request, the Atasan PPID. An unknown
    ticket is let through: the action answers "not found"."""
    refused = officer_only(context)
    if refused:
        return refused
    who = roles.roles_for(context)
    req = request_of(context, data_dict)
    if req is None or who.can_handle(req) or who.atasan:
        return OK
    return refuse(tk._(
        "Only PPID Utama, the PPID of the OPD handling the request or the Atasan PPID may "
        "record its dispute."
    ))


@tk.auth_allow_anonymous_access
def ppid_service_standard_show(context, data_dict):
    return OK


def _utama_only(context) -> dict:
    who = roles.roles_for(context)
    if who.sysadmin or who.utama:
        return OK
    return refuse(tk._("Only PPID Utama may do this."))


def ppid_service_standard_update(context, data_dict):
    return _utama_only(context)


def ppid_annual_report_update(context, data_dict):
    return _utama_only(context)
