"""Auth functions of the ``pekalongan_harvest`` plugin (one per action, same name)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["pekalongan_harvest_dashboard"]


def pekalongan_harvest_dashboard(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins and the admins of at least one organization (an OPD)."""
    user = context.get("user")
    if user and authz.has_user_permission_for_some_org(user, "admin"):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only OPD administrators may see the harvest dashboard")}
