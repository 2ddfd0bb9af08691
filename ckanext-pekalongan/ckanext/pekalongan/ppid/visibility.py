"""Who is looking at a request: an officer whose role lets them see it, or
its requester holding the tracking code (``access_level``); the actor written
in the audit trail; the one "not found" answer that cannot be probed."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import tracking
from ckanext.pekalongan.ppid import roles
from ckanext.pekalongan.ppid.model import PpidRequest

ACCESS_OFFICER = "officer"
ACCESS_REQUESTER = "requester"
ACTOR_REQUESTER = "requester"
ACTOR_SYSTEM = "system"
ACTOR_OFFICER = "officer"


def not_found() -> tk.ObjectNotFound:
    """The one answer for an unknown ticket, a wrong tracking code, or a
    request the caller may not see: identical, so nobody can probe."""
    return tk.ObjectNotFound(tk._("No request matches this ticket and tracking code."))


def access_level(context: dict, req: PpidRequest | None, data_dict: dict) -> str | None:
    """``"officer"`` when the user's role lets them see ``req``, ``"requester"``
    when the tracking code matches, else None. The code is always hashed, even
    for an unknown ticket, so both paths cost the same."""
    if req is not None and (context.get("ignore_auth") or roles.roles_for(context).can_see(req)):
        return ACCESS_OFFICER
    code = data_dict.get("tracking_code")
    ok = tracking.verify_salted(code, req.tracking_code_hash if req is not None else None)
    return ACCESS_REQUESTER if ok and req is not None else None


def actor_for(context: dict, access: str | None) -> str:
    """Audit actor: the officer's user name, or "requester"."""
    if access == ACCESS_REQUESTER:
        return ACTOR_REQUESTER
    user = context.get("user")
    return user or ACTOR_SYSTEM
