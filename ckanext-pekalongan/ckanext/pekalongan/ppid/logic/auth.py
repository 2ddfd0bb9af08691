"""Auth functions of the PPID actions (one per action, same name).

Roles, mapped onto CKAN organizations (an administrator assigns them in the
organization's *Members* page, or with ``organization_member_create``):

=================  ==========================================================
Role               Who
=================  ==========================================================
sysadmin           CKAN sysadmins: everything (holidays included).
PPID Utama         ``editor`` or ``admin`` of the organization named by
                   ``ckanext.pekalongan.ppid.utama_organization`` (default
                   ``dinas-komunikasi-dan-informatika``): sees every request,
                   routes, extends, decides, attaches documents, withdraws on
                   the requester's behalf, registers written objections,
                   corrects a wrong receipt date (with a reason, audited).
PPID Pelaksana     ``editor`` or ``admin`` of any other OPD organization: sees
                   the requests routed to that OPD (or, before routing,
                   addressed to it); extends, decides, attaches documents and
                   withdraws the requests *routed* to it. Cannot route.
Atasan PPID        Member in any capacity of the organization named by
                   ``ckanext.pekalongan.ppid.atasan_organization`` (default
                   ``atasan-ppid``): decides objections, reads every request
                   and objection, registers written objections; cannot
                   route, extend or decide requests.
requester          Anyone holding the ticket *and* its tracking code: sees
                   their own request with personal data, its timeline,
                   released documents and objections; withdraws it; files
                   objections.
anyone             Files requests (rate-limited per client address), reads
                   the holiday table, explains a date from a start and a
                   number of days, reads the public registers and the annual
                   report (no personal data in any of them).
=================  ==========================================================

PPID Utama may *not* decide objections (the Atasan PPID answers objections
against the PPID's own responses, Pasal 36), unless the same user is also a
member of the Atasan organization. ``member`` capacity in an OPD gives no
PPID role.

For the actions a requester may call with a tracking code, a refusal is
turned by the action into the one "not found" answer (same message for an
unknown ticket and a wrong code).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import records, roles

OK = {"success": True}


def _no(message: str) -> dict:
    return {"success": False, "msg": message}


def _request(context: dict, data_dict: dict):
    """The request named in ``data_dict`` (cached in the context), or None."""
    key = (data_dict.get("ticket"), data_dict.get("id"))
    cached = context.get("ppid_auth_request")
    if cached is not None and cached[0] == key:
        return cached[1]
    req = records.find_request(data_dict)
    context["ppid_auth_request"] = (key, req)
    return req


def _officer_only(context: dict) -> dict | None:
    if not roles.roles_for(context).officer:
        return _no(tk._("Only PPID officers may do this."))
    return None


def _handler(context: dict, data_dict: dict) -> dict:
    """PPID Utama, or the Pelaksana of the OPD the request is routed to. An
    unknown ticket is let through: the action answers "not found"."""
    refused = _officer_only(context)
    if refused:
        return refused
    req = _request(context, data_dict)
    if req is None or roles.roles_for(context).can_handle(req):
        return OK
    return _no(tk._("Only PPID Utama or the PPID of the OPD the request is routed to."))


def _officer_or_requester(context: dict, data_dict: dict) -> dict:
    req = _request(context, data_dict)
    if req is not None and records.access_level(context, req, data_dict):
        return OK
    return _no(records.not_found().message)


@tk.auth_allow_anonymous_access
def ppid_request_create(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_request_show(context, data_dict):
    return _officer_or_requester(context, data_dict)


def ppid_request_list(context, data_dict):
    return _officer_only(context) or OK


def ppid_request_route(context, data_dict):
    if roles.roles_for(context).can_route:
        return OK
    return _no(tk._("Only PPID Utama routes requests."))


def ppid_request_correct_receipt(context, data_dict):
    if roles.roles_for(context).can_route:
        return OK
    return _no(tk._("Only PPID Utama corrects receipt dates."))


def ppid_request_extend(context, data_dict):
    return _handler(context, data_dict)


def ppid_request_decide(context, data_dict):
    return _handler(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_request_withdraw(context, data_dict):
    req = _request(context, data_dict)
    if req is not None and roles.roles_for(context).can_handle(req):
        return OK
    if req is not None and records.access_level(context, req, data_dict) == "requester":
        return OK
    if roles.roles_for(context).officer and not data_dict.get("tracking_code"):
        return _no(tk._("Only PPID Utama or the PPID of the OPD the request is routed to."))
    return _no(records.not_found().message)


def ppid_document_create(context, data_dict):
    return _handler(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_document_show(context, data_dict):
    return _officer_or_requester(context, data_dict)


@tk.auth_allow_anonymous_access
def ppid_objection_create(context, data_dict):
    req = _request(context, data_dict)
    who = roles.roles_for(context)
    if req is not None and (who.can_register_objections or who.can_handle(req)):
        return OK
    if req is not None and records.access_level(context, req, data_dict) == "requester":
        return OK
    if who.officer and not data_dict.get("tracking_code"):
        return _no(tk._("You may not register objections for this request."))
    return _no(records.not_found().message)


@tk.auth_allow_anonymous_access
def ppid_objection_show(context, data_dict):
    obj = records.find_objection(data_dict)
    if obj is None:
        return _no(tk._("No objection matches this number and tracking code."))
    req = records.find_request({"id": obj.request_id})
    if records.access_level(context, req, data_dict):
        return OK
    return _no(tk._("No objection matches this number and tracking code."))


def ppid_objection_decide(context, data_dict):
    if roles.roles_for(context).can_decide_objections:
        return OK
    return _no(tk._("Only the Atasan PPID decides objections."))


@tk.auth_allow_anonymous_access
def ppid_holiday_list(context, data_dict):
    return OK


def ppid_holiday_create(context, data_dict):
    return _no(tk._("Only sysadmins manage the holiday calendar."))


def ppid_holiday_delete(context, data_dict):
    return _no(tk._("Only sysadmins manage the holiday calendar."))


@tk.auth_allow_anonymous_access
def ppid_deadline_explain(context, data_dict):
    if data_dict.get("ticket") or data_dict.get("id"):
        return _officer_or_requester(context, data_dict)
    return OK


@tk.auth_allow_anonymous_access
def ppid_register_list(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_annual_report(context, data_dict):
    return OK
