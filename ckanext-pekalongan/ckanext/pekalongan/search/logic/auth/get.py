"""Auth of the read actions: whoever may search datasets may use the search helpers;
the walidata's pages are for sysadmins."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def pekalongan_suggest(context, data_dict):
    return {"success": tk.check_access("package_search", context, data_dict)}


@tk.auth_allow_anonymous_access
def pekalongan_did_you_mean(context, data_dict):
    return {"success": tk.check_access("package_search", context, data_dict)}


def _sysadmin_only(context, data_dict):
    """Sysadmins pass every auth function before it runs (CKAN), so this refuses the rest."""
    return {"success": False, "msg": tk._("Only a sysadmin (walidata) may do this")}


def pekalongan_search_synonym_list(context, data_dict):
    return _sysadmin_only(context, data_dict)


def pekalongan_search_synonym_status(context, data_dict):
    return _sysadmin_only(context, data_dict)


def pekalongan_search_missed_queries(context, data_dict):
    return _sysadmin_only(context, data_dict)
