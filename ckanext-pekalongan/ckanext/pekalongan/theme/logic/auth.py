"""Auth functions of the theme's read actions: public figures, open to everyone.

Counts of one dataset or resource are guarded inside the action by ``package_show`` /
``resource_show``, so a private dataset's counts reach only those who may see it.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def pekalongan_download_stats(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def pekalongan_scorecard(context, data_dict):
    return {"success": tk.check_access("package_search", context, data_dict)}
