"""Auth of the DIP and DIK actions: PPID Utama (and sysadmins) for every OPD, a PPID
Pelaksana for their own OPD only (another OPD's id is refused); anyone reads (the actions
show drafts only to the officers of their OPD)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import register_store as rs
from ckanext.pekalongan.ppid import roles
from ckanext.pekalongan.ppid.logic.auth.common import OK, refuse


def _org_id(value) -> str | None | bool:
    """The OPD named in a call: its id, None when not named, False when unknown."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        return False
    org = roles.get_org(value)
    return org.id if org is not None else False


def _edit(kind: str, context: dict, data_dict: dict, existing: bool) -> dict:
    if not rs.may_edit_some(context):
        return refuse(tk._("Only PPID officers of an OPD edit its DIP and DIK."))
    org_id = _org_id(data_dict.get("org"))
    if org_id and not rs.can_manage(context, org_id):
        return refuse(tk._("Only PPID Utama or the PPID of this OPD edit its registers."))
    if existing:
        entry = rs.find(kind, data_dict) if isinstance(data_dict.get("id") or data_dict.get(
            "number") or "", str) else None
        if entry is not None and not rs.can_manage(context, entry.org_id):
            return refuse(tk._("Only PPID Utama or the PPID of this OPD edit its registers."))
    return OK


def ppid_dip_entry_create(context, data_dict):
    return _edit(rs.KIND_DIP, context, data_dict, existing=False)


def ppid_dip_entry_update(context, data_dict):
    return _edit(rs.KIND_DIP, context, data_dict, existing=True)


def ppid_dip_entry_delete(context, data_dict):
    return _edit(rs.KIND_DIP, context, data_dict, existing=True)


def ppid_dik_entry_create(context, data_dict):
    return _edit(rs.KIND_DIK, context, data_dict, existing=False)


def ppid_dik_entry_update(context, data_dict):
    return _edit(rs.KIND_DIK, context, data_dict, existing=True)


def ppid_dik_entry_delete(context, data_dict):
    return _edit(rs.KIND_DIK, context, data_dict, existing=True)


@tk.auth_allow_anonymous_access
def ppid_dip_entry_show(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_dip_entry_list(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_dik_entry_show(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_dik_entry_list(context, data_dict):
    return OK


@tk.auth_allow_anonymous_access
def ppid_dip_suggest(context, data_dict):
    return OK
