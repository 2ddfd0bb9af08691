"""What the PPID auth functions share: the request named in the call (cached in
the context), the officer and handler checks, the refusal."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import roles, store, visibility

OK = {"success": True}


def refuse(message: str) -> dict:
    return {"success": False, "msg": message}


def request_of(context: dict, data_dict: dict):
    """The request named in ``data_dict`` (cached in the context), or None."""
    key = (data_dict.get("ticket"), data_dict.get("id"))
    cached = context.get("ppid_auth_request")
    if cached is not None and cached[0] == key:
        return cached[1]
    req = store.find_request(data_dict)
    context["ppid_auth_request"] = (key, req)
    return req


def officer_only(context: dict) -> dict | None:
    if not roles.roles_for(context).officer:
        return refuse(tk._("Only PPID officers may do this."))
    return None


def handler_only(context: dict, data_dict: dict) -> dict:
    """PPID Utama, or the Pelaksana of the OPD the request is routed to. An
    unknown ticket is let through: the action answers "not found"."""
    refused = officer_only(context)
    if refused:
        return refused
    req = request_of(context, data_dict)
    if req is None or roles.roles_for(context).can_handle(req):
        return OK
    return refuse(tk._("Only PPID Utama or the PPID of the OPD the request is routed to."))


def officer_or_requester(context: dict, data_dict: dict) -> dict:
    req = request_of(context, data_dict)
    if req is not None and visibility.access_level(context, req, data_dict):
        return OK
    return refuse(visibility.not_found().message)
