"""Auth of the previews plugin: whoever may see the resource may see its preview status."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def pekalongan_preview_status(context, data_dict):
    try:
        tk.check_access("resource_show", context, data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this resource")}
    return {"success": True}
