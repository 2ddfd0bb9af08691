"""Auth of the PPID read actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import store, visibility
from ckanext.pekalongan.ppid.logic.auth.common import (
    OK,
    officer_only,
    officer_or_requester,
    refuse,
)


@tk.auth_allow_anonymous_access
def ppid_request_show(context, data_dict):
    return officer_or_requester(context, data_dict)


def ppid_request_list(context, data_dict):
    return officer_only(context) or OK


def ppid_request_export(context, data_dict):
    """Officers only (a Pelaksana gets the requests of their own OPDs: the action scopes)."""
    return officer_only(context) or OK


@tk.auth_allow_anonymous_access
def ppid_document_show(context, data_dict):
    return officer_or_requester(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_objection_show(context, data_dict):
    obj = store.find_objection(data_dict)
    if obj is None:
        return refuse(tk._("No objection matches this number and tracking code."))
    req = store.find_request({"id": obj.request_id})
    if visibility.access_level(context, req, data_dict):
        return OK
    return refuse(tk._("No objection matches this number and tracking code."))


@tk.auth_allow_anonymous_access
def ppid_holiday_list(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_deadline_explain(context, data_dict):
    if data_dict.get("ticket") or data_dict.get("id"):
        return officer_or_requester(context, data_dict)
    return OK


@tk.auth_allow_anonymous_access
def ppid_register_list(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_annual_report(context, data_dict):
    return OK
