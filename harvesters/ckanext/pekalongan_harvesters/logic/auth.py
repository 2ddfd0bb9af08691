"""Auth functions of the ``pekalongan_harvest`` plugin (one per action, same name).

Who may manage a harvest source (decided here, documented in ``harvesters/README.md``):

- **sysadmins** (the walidata), any source;
- **the admins of the source's OPD** (organization role ``admin``), the sources of that OPD
  only: create, edit, run (create a job, send it to the gather queue), clear, delete and
  reindex. A source always names its OPD (``owner_org``); moving a source to another OPD
  needs admin rights in both.
- nobody else: OPD editors and members may not, although ckanext-harvest and CKAN would let
  anyone who may edit a dataset of the organization do all of the above (a harvest source is
  a dataset of type ``harvest``, and a source writes into every dataset it harvests).

ckanext-harvest's ``harvest_source_create``/``_update`` actions are ``package_create``/
``package_update`` on a dataset of type ``harvest``, checked by those core auth functions,
so the rule is chained onto ``package_create``, ``package_update`` and ``package_delete``
(for harvest sources only) as well as onto ckanext-harvest's own auth functions.
"""
from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = [
    "pekalongan_harvest_dashboard", "pekalongan_harvest_workbook_upload",
    "package_create", "package_update", "package_delete",
    "harvest_source_create", "harvest_source_update", "harvest_source_patch",
    "harvest_source_delete", "harvest_source_clear", "harvest_source_reindex",
    "harvest_job_create", "harvest_send_job_to_gather_queue",
]

SOURCE_TYPE = "harvest"


def pekalongan_harvest_dashboard(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins and the staff of at least one OPD (organization role ``editor`` or
    ``admin``): they see the sources of their own OPDs only (managing a source stays with
    the OPD's admins, see ``may_manage_sources_of``)."""
    user = context.get("user")
    if user and authz.has_user_permission_for_some_org(user, "create_dataset"):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only the staff of an OPD may see the harvest dashboard")}


def pekalongan_harvest_workbook_upload(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins, and the editors and admins of the organization named by ``organization``:
    an OPD's staff upload their own daftar data, never another OPD's."""
    user = context.get("user")
    if user and authz.is_sysadmin(user):
        return {"success": True}
    group = model.Group.get(str(data_dict.get("organization") or ""))
    if (user and group is not None and group.is_organization
            and authz.has_user_permission_for_group_or_org(group.id, user, "create_dataset")):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only the staff of this OPD may upload its workbook")}


# --- the rule ------------------------------------------------------------------------------
def may_manage_sources_of(user: str | None, org_id: str | None) -> bool:
    """Whether ``user`` may manage the harvest sources of organization ``org_id``."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    if not org_id:
        return False
    group = model.Group.get(org_id)
    if group is None or not group.is_organization or group.state != "active":
        return False
    return authz.users_role_for_group_or_org(group.id, user) == "admin"


def _refused() -> AuthResult:
    return {"success": False, "msg": tk._(
        "Only a sysadmin or an administrator of the source's OPD may manage a harvest source")}


def _source_package(data_dict: DataDict, context: Context) -> model.Package | None:
    """The harvest source's dataset named by ``id`` (or ``source_id``), if it is one."""
    package = None
    for key in ("id", "source_id", "name"):
        value = data_dict.get(key) if isinstance(data_dict, dict) else None
        if isinstance(value, str) and value:
            package = model.Package.get(value)
            if package is not None:
                break
    if package is None:
        candidate = context.get("package")
        if isinstance(candidate, model.Package):
            package = candidate
    if package is None or package.type != SOURCE_TYPE:
        return None
    return package


def _check_existing(context: Context, data_dict: DataDict,
                    new_owner: Any = None) -> AuthResult | None:
    """Our decision for an existing source, or None when it is not a harvest source."""
    package = _source_package(data_dict, context)
    if package is None:
        return None
    user = context.get("user")
    if not may_manage_sources_of(user, package.owner_org):
        return _refused()
    if new_owner not in (None, "") and new_owner != package.owner_org:
        group = model.Group.get(str(new_owner))
        if group is None or not may_manage_sources_of(user, group.id):
            return _refused()
    return {"success": True}


def _check_new(context: Context, data_dict: DataDict) -> AuthResult:
    owner = data_dict.get("owner_org")
    group = model.Group.get(str(owner)) if isinstance(owner, str) and owner else None
    if group is None:
        if authz.is_sysadmin(context.get("user")):
            return {"success": True}  # the harvester refuses a source without an OPD
        return {"success": False,
                "msg": tk._("A harvest source needs the OPD its datasets land in")}
    if not may_manage_sources_of(context.get("user"), group.id):
        return _refused()
    return {"success": True}


def _then(result: AuthResult | None, next_auth, context: Context,
          data_dict: DataDict) -> AuthResult:
    if result is not None and not result["success"]:
        return result
    return next_auth(context, data_dict)


# --- core dataset actions, for datasets of type "harvest" ----------------------------------
@tk.chained_auth_function
def package_create(next_auth, context: Context, data_dict: DataDict | None) -> AuthResult:
    data_dict = data_dict or {}
    if data_dict.get("type") == SOURCE_TYPE:
        return _then(_check_new(context, data_dict), next_auth, context, data_dict)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth, context: Context, data_dict: DataDict | None) -> AuthResult:
    data_dict = data_dict or {}
    result = _check_existing(context, data_dict, data_dict.get("owner_org"))
    if result is None and data_dict.get("type") == SOURCE_TYPE:
        result = _check_new(context, data_dict)  # a dataset turned into a source
    return _then(result, next_auth, context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth, context: Context, data_dict: DataDict | None) -> AuthResult:
    data_dict = data_dict or {}
    return _then(_check_existing(context, data_dict), next_auth, context, data_dict)


# --- ckanext-harvest's auth functions -------------------------------------------------------
@tk.chained_auth_function
def harvest_source_create(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _then(_check_new(context, data_dict or {}), next_auth, context, data_dict)


def _existing(next_auth, context: Context, data_dict: DataDict,
              owner_key: str | None = None) -> AuthResult:
    data_dict = data_dict or {}
    new_owner = data_dict.get(owner_key) if owner_key else None
    result = _check_existing(context, data_dict, new_owner)
    if result is None:
        return {"success": False, "msg": tk._("Harvest source not found")}
    return _then(result, next_auth, context, data_dict)


@tk.chained_auth_function
def harvest_source_update(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, data_dict, "owner_org")


@tk.chained_auth_function
def harvest_source_patch(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, data_dict, "owner_org")


@tk.chained_auth_function
def harvest_source_delete(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, data_dict)


@tk.chained_auth_function
def harvest_source_clear(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, data_dict)


@tk.chained_auth_function
def harvest_source_reindex(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, data_dict)


@tk.chained_auth_function
def harvest_job_create(next_auth, context: Context, data_dict: DataDict) -> AuthResult:
    return _existing(next_auth, context, {"source_id": (data_dict or {}).get("source_id")})


@tk.chained_auth_function
def harvest_send_job_to_gather_queue(next_auth, context: Context,
                                     data_dict: DataDict) -> AuthResult:
    # called with the job's dict (its ``source_id``)
    return _existing(next_auth, context, {"source_id": (data_dict or {}).get("source_id")})
