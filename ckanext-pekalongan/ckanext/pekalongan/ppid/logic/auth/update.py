"""Auth of the PPID update actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import roles, visibility
from ckanext.pekalongan.ppid.logic.auth.common import (
    OK,
    handler_only,
    refuse,
    request_of,
)


def ppid_request_route(context, data_dict):
    if roles.roles_for(context).can_route:
        return OK
    return refuse(tk._("Only PPID Utama routes requests."))


def ppid_request_extend(context, data_dict):
    return handler_only(context, data_dict)


def ppid_request_decide(context, data_dict):
    return handler_only(context, data_dict)


def ppid_request_publish(context, data_dict):
    return handler_only(context, data_dict)


def ppid_request_correct_receipt(context, data_dict):
    if roles.roles_for(context).can_route:
        return OK
    return refuse(tk._("Only PPID Utama corrects receipt dates."))


@tk.auth_allow_anonymous_access
def ppid_request_withdraw(context, data_dict):
    req = request_of(context, data_dict)
    if req is not None and roles.roles_for(context).can_handle(req):
        return OK
    if req is not None and visibility.access_level(context, req, data_dict) == "requester":
        return OK
    if roles.roles_for(context).officer and not data_dict.get("tracking_code"):
        return refuse(tk._("Only PPID Utama or the PPID of the OPD the request is routed to."))
    return refuse(visibility.not_found().message)


def ppid_objection_decide(context, data_dict):
    if roles.roles_for(context).can_decide_objections:
        return OK
    return refuse(tk._("Only the Atasan PPID decides objections."))
