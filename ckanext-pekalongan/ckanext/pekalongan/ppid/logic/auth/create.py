"""Auth of the PPID create actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import roles, visibility
from ckanext.pekalongan.ppid.logic.auth.common import (
    OK,
    handler_only,
    refuse,
    request_of,
)


@tk.auth_allow_anonymous_access
def ppid_request_create(context, data_dict):
    return OK


def ppid_document_create(context, data_dict):
    return handler_only(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_objection_create(context, data_dict):
    req = request_of(context, data_dict)
    who = roles.roles_for(context)
    if req is not None and (who.can_register_objections or who.can_handle(req)):
        return OK
    if req is not None and visibility.access_level(context, req, data_dict) == "requester":
        return OK
    if who.officer and not data_dict.get("tracking_code"):
        return refuse(tk._("You may not register objections for this request."))
    return refuse(visibility.not_found().message)


def ppid_holiday_create(context, data_dict):
    return refuse(tk._("Only sysadmins manage the holiday calendar."))
