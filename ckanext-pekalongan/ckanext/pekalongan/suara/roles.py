"""Who is who in Suara Masyarakat, derived from CKAN organizations (as in PPID).

* sysadmin: everything.
* pengelola (Dinkominfo's complaint desk): editors and admins of the
  organization ``ckanext.pekalongan.suara.pengelola_organization`` (default:
  the PPID Utama organization). Sees every report in full.
* OPD officer: editor or admin of an OPD a report is routed to.
* reporter: whoever holds the report's number and tracking code.

Memberships are read through ``ppid.roles`` (one reading of the organization
model); results are cached in the action context (``context["suara_roles"]``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import roles as ppid_roles

OFFICER_CAPACITIES = ppid_roles.OFFICER_CAPACITIES
get_org = ppid_roles.get_org
context_user = ppid_roles.context_user


def pengelola_org_name() -> str:
    return (tk.config.get("ckanext.pekalongan.suara.pengelola_organization")
            or ppid_roles.utama_org_name())


@dataclass(frozen=True)
class Roles:
    user_id: str | None = None
    user_name: str | None = None
    sysadmin: bool = False
    pengelola: bool = False
    opd_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def manager(self) -> bool:
        """Sysadmin or pengelola: sees and manages every report."""
        return self.sysadmin or self.pengelola

    @property
    def officer(self) -> bool:
        """Any Suara role (pengelola, or editor/admin of some OPD)."""
        return self.manager or bool(self.opd_ids)

    def handles(self, org_ids) -> frozenset[str]:
        """The OPDs among ``org_ids`` this user answers for."""
        return self.opd_ids & frozenset(org_ids)


def roles_for_user(user) -> Roles:
    if user is None or user.state != "active":
        return Roles()
    pengelola_name = pengelola_org_name()
    pengelola = False
    opds: set[str] = set()
    for gid, name, capacity in ppid_roles._memberships(user.id):
        if capacity not in OFFICER_CAPACITIES:
            continue
        if name == pengelola_name:
            pengelola = True
        opds.add(gid)  # Dinkominfo is an OPD too: it may be routed reports
    return Roles(user.id, user.name, bool(user.sysadmin), pengelola, frozenset(opds))


def roles_for(context: dict) -> Roles:
    user_name = context.get("user")
    cached = context.get("suara_roles")
    if cached is not None and cached.user_name == (user_name or None):
        return cached
    found = roles_for_user(context_user(context))
    context["suara_roles"] = found
    return found


def user_id(context: dict) -> str | None:
    user = context_user(context)
    return user.id if user is not None else None


def officers_of(org_id: str):
    return ppid_roles.officers_of(org_id)


def pengelola_officers():
    org = get_org(pengelola_org_name())
    return ppid_roles.officers_of(org.id) if org else []
