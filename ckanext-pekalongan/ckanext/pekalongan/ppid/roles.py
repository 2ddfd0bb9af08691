"""Who is who in the PPID service, derived from CKAN organizations.

See the docstring of ``logic/auth/__init__.py`` for the mapping; this module only reads
memberships. Results are cached per action context (``context["ppid_roles"]``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

OFFICER_CAPACITIES = ("editor", "admin")


def utama_org_name() -> str:
    return tk.config.get("ckanext.pekalongan.ppid.utama_organization")


def atasan_org_name() -> str:
    return tk.config.get("ckanext.pekalongan.ppid.atasan_organization")


def get_org(id_or_name: str | None) -> model.Group | None:
    """An active organization by id or name, or ``None``."""
    if not id_or_name:
        return None
    group = model.Group.get(id_or_name)
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


@dataclass(frozen=True)
class Roles:
    user_id: str | None = None
    user_name: str | None = None
    sysadmin: bool = False
    utama: bool = False
    atasan: bool = False
    pelaksana_org_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def officer(self) -> bool:
        """Any PPID role at all."""
        return self.sysadmin or self.utama or self.atasan or bool(self.pelaksana_org_ids)

    @property
    def sees_all(self) -> bool:
        return self.sysadmin or self.utama or self.atasan

    def can_see(self, req: Any) -> bool:
        """Read the request in full (personal data included)."""
        return self.sees_all or handling_org_id(req) in self.pelaksana_org_ids

    def can_handle(self, req: Any) -> bool:
        """Extend, decide, attach documents, withdraw on the requester's behalf,
        register a written objection: PPID Utama, or the PPID Pelaksana of the
        OPD the request is routed to."""
        return (
            self.sysadmin
            or self.utama
            or (req.routed_org_id is not None and req.routed_org_id in self.pelaksana_org_ids)
        )

    @property
    def can_route(self) -> bool:
        return self.sysadmin or self.utama

    @property
    def can_decide_objections(self) -> bool:
        return self.sysadmin or self.atasan

    @property
    def can_register_objections(self) -> bool:
        return self.sysadmin or self.utama or self.atasan


def handling_org_id(req: Any) -> str | None:
    """The OPD that holds the request: where it was routed, else the OPD the
    requester targeted."""
    return req.routed_org_id or req.target_org_id


def _memberships(user_id: str) -> list[tuple[str, str, str]]:
    """(organization id, organization name, capacity) of the user's active
    memberships in active organizations."""
    q = (
        model.Session.query(model.Group.id, model.Group.name, model.Member.capacity)
        .join(model.Member, model.Member.group_id == model.Group.id)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.table_id == user_id)
        .filter(model.Member.state == "active")
        .filter(model.Group.state == "active")
        .filter(model.Group.is_organization.is_(True))
    )
    return [(gid, name, capacity) for gid, name, capacity in q]


def roles_for_user(user: model.User | None) -> Roles:
    if user is None or user.state != "active":
        return Roles()
    utama, atasan = utama_org_name(), atasan_org_name()
    is_utama = is_atasan = False
    pelaksana: set[str] = set()
    for gid, name, capacity in _memberships(user.id):
        if name == atasan:
            is_atasan = True
        elif capacity in OFFICER_CAPACITIES:
            if name == utama:
                is_utama = True
            else:
                pelaksana.add(gid)
    return Roles(
        user_id=user.id,
        user_name=user.name,
        sysadmin=bool(user.sysadmin),
        utama=is_utama,
        atasan=is_atasan,
        pelaksana_org_ids=frozenset(pelaksana),
    )


def context_user(context: dict) -> model.User | None:
    """The logged-in user of an action context. In a web request CKAN puts
    flask-login's anonymous user object in ``auth_user_obj``: not a user."""
    user = context.get("auth_user_obj")
    if isinstance(user, model.User):
        return user
    user_name = context.get("user")
    return model.User.get(user_name) if user_name else None


def user_id(context: dict) -> str | None:
    user = context_user(context)
    return user.id if user is not None else None


def roles_for(context: dict) -> Roles:
    """The roles of ``context["user"]``, cached in the context."""
    user_name = context.get("user")
    cached = context.get("ppid_roles")
    if cached is not None and cached.user_name == (user_name or None):
        return cached
    user = context_user(context)
    roles = roles_for_user(user)
    context["ppid_roles"] = roles
    return roles


def officers_of(org_id: str) -> list[model.User]:
    """Active editors and admins of an organization (PPID officers of it)."""
    return _users_of(org_id, OFFICER_CAPACITIES)


def members_of(org_id: str) -> list[model.User]:
    return _users_of(org_id, ("member", "editor", "admin"))


def _users_of(org_id: str, capacities: tuple[str, ...]) -> list[model.User]:
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.group_id == org_id)
        .filter(model.Member.state == "active")
        .filter(model.Member.capacity.in_(capacities))
        .filter(model.User.state == "active")
        .order_by(model.User.name)
        .all()
    )


def utama_officers() -> list[model.User]:
    org = get_org(utama_org_name())
    return officers_of(org.id) if org else []


def atasan_members() -> list[model.User]:
    org = get_org(atasan_org_name())
    return members_of(org.id) if org else []
