"""Auth of the decision e-mail's link: anyone holding a valid token (the action checks it)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def ppid_notice_link_show(context, data_dict):
    return {"success": True}
