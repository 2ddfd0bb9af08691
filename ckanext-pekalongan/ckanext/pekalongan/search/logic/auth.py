"""Auth functions of the search actions: whoever may search datasets may use them."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def pekalongan_suggest(context, data_dict):
    return {"success": tk.check_access("package_search", context, data_dict)}


@tk.auth_allow_anonymous_access
def pekalongan_did_you_mean(context, data_dict):
    return {"success": tk.check_access("package_search", context, data_dict)}
