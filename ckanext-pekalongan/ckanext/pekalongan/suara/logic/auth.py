"""Auth functions of the Suara Masyarakat actions (one per action, same name).

=============  ================================================================
Role           May
=============  ================================================================
sysadmin       everything.
pengelola      editor/admin of ``ckanext.pekalongan.suara.pengelola_organization``
               (default: the PPID Utama organization, Dinkominfo): verify,
               reject, edit the public text, route, answer, close, withdraw,
               read every report in full, the whole queue.
OPD officer    editor/admin of an OPD a report is routed to: read it (the
               reporter's identity only when not ``anonim``), answer, ask the
               reporter for more, record follow-ups, close; their OPD's queue.
reporter       holds the report's number and tracking code: read it, add the
               information asked for, reopen (within ``reopen_days``), rate
               once, withdraw.
anyone         file a report (rate-limited), read the public board.
=============  ================================================================

The actions find the report first (``context["suara_report"]``) and turn a
refused reporter action into the one "not found" answer (same for an unknown
number and a wrong code), so nobody can probe numbers.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.suara import dictization, records, roles

OK = {"success": True}

__all__ = [
    "suara_report_create", "suara_report_show", "suara_report_list", "suara_report_verify",
    "suara_report_update", "suara_report_route", "suara_report_respond",
    "suara_report_add_info", "suara_report_close", "suara_report_reopen", "suara_report_rate",
    "suara_report_withdraw",
]


def _no(message: str) -> dict:
    return {"success": False, "msg": message}


def _report(context: dict, data_dict: dict):
    report = context.get("suara_report")
    if report is None:
        report = records.find(data_dict)
    return report


def _manager(context: dict) -> dict:
    if roles.roles_for(context).manager:
        return OK
    return _no(tk._("Hanya pengelola pengaduan yang dapat melakukan ini."))


def _manager_or_routed_opd(context: dict, data_dict: dict) -> dict:
    r = roles.roles_for(context)
    if r.manager:
        return OK
    report = _report(context, data_dict)
    if report is not None and r.handles(dictization.active_org_ids(report)):
        return OK
    return _no(tk._("Hanya pengelola atau petugas OPD tujuan laporan yang dapat melakukan ini."))


def _reporter(context: dict, data_dict: dict) -> dict:
    report = _report(context, data_dict)
    if records.code_matches(report, data_dict.get("tracking_code")):
        return OK
    return _no(tk._("Nomor laporan atau kode pelacakan tidak cocok."))


@tk.auth_allow_anonymous_access
def suara_report_create(context: dict, data_dict: dict) -> dict:
    """Anyone may file (officers may also set the channel)."""
    return OK


@tk.auth_allow_anonymous_access
def suara_report_show(context: dict, data_dict: dict) -> dict:
    """Anyone may ask; what they get depends on who they are (the action
    answers "not found" for a report they may not see)."""
    return OK


@tk.auth_allow_anonymous_access
def suara_report_list(context: dict, data_dict: dict) -> dict:
    """The public board for anyone; the queue (``scope=queue``) for officers."""
    if data_dict.get("scope") == "queue" and not roles.roles_for(context).officer:
        return _no(tk._("Antrean laporan hanya untuk pengelola dan petugas OPD."))
    return OK


def suara_report_verify(context: dict, data_dict: dict) -> dict:
    return _manager(context)


def suara_report_update(context: dict, data_dict: dict) -> dict:
    return _manager(context)


def suara_report_route(context: dict, data_dict: dict) -> dict:
    return _manager(context)


def suara_report_respond(context: dict, data_dict: dict) -> dict:
    return _manager_or_routed_opd(context, data_dict)


def suara_report_close(context: dict, data_dict: dict) -> dict:
    return _manager_or_routed_opd(context, data_dict)


@tk.auth_allow_anonymous_access
def suara_report_add_info(context: dict, data_dict: dict) -> dict:
    return _reporter(context, data_dict)


@tk.auth_allow_anonymous_access
def suara_report_reopen(context: dict, data_dict: dict) -> dict:
    return _reporter(context, data_dict)


@tk.auth_allow_anonymous_access
def suara_report_rate(context: dict, data_dict: dict) -> dict:
    return _reporter(context, data_dict)


@tk.auth_allow_anonymous_access
def suara_report_withdraw(context: dict, data_dict: dict) -> dict:
    """The reporter (with the code) or the pengelola."""
    if roles.roles_for(context).manager:
        return OK
    return _reporter(context, data_dict)
