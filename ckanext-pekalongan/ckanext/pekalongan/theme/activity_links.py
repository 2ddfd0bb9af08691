"""Activity streams without dead links.

CKAN's streams link every activity to its dataset, organization or group, to the version it
made and to its changes — also when the object has since been deleted (a 404 for everyone
but a sysadmin) or purged (a 404 for all, and a 500 for "Changes"). Its pagination writes the
missing "newer" link as ``href="None"`` (``/dashboard/None``). Here:

* ``pekalongan_activity_linkable(stream)``: the ids of the stream's objects the visitor can
  open (active, or deleted for a sysadmin); the theme's ``snippets/stream.html`` links only
  those and shows the others' titles as text, without version and changes links;
* ``install(app)``: the changes and version pages of a purged object answer 404, not 500.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk

# activity types whose object_id is a dataset, resp. a group or organization
_PACKAGE_WORDS = ("package", "resource", "dataset", "tag")
_GROUP_WORDS = ("group", "organization")
# views of ckanext-activity that raise ObjectNotFound outside their try for purged objects
GUARDED_ENDPOINTS = ("activity.package_changes", "activity.package_history",
                     "activity.group_changes", "activity.organization_changes",
                     "activity.package_changes_multiple", "activity.group_changes_multiple",
                     "activity.organization_changes_multiple")


def _kind(activity_type: str) -> str | None:
    if any(w in activity_type for w in _GROUP_WORDS):
        return "group"
    if any(w in activity_type for w in _PACKAGE_WORDS):
        return "package"
    return None


def pekalongan_activity_linkable(stream: Iterable[Mapping[str, Any]] | None,
                                 active_only: bool = False) -> set[str]:
    """Ids of the datasets, organizations and groups of ``stream`` that still exist and that
    the visitor may open: active ones, and deleted ones for a sysadmin (two queries). With
    ``active_only``, the active ones: the old versions and changes of a deleted dataset link
    to resources that are gone, so they are linked only while it is active."""
    from ckan import model

    wanted: dict[str, set[str]] = {"package": set(), "group": set()}
    for activity in stream or ():
        kind = _kind(str(activity.get("activity_type") or ""))
        if kind and activity.get("object_id"):
            wanted[kind].add(str(activity["object_id"]))
    user = tk.current_user
    sysadmin = bool(getattr(user, "is_authenticated", False) and getattr(user, "sysadmin", False))
    states = ("active", "deleted") if sysadmin and not active_only else ("active",)
    found: set[str] = set()
    for table, ids in ((model.Package, wanted["package"]), (model.Group, wanted["group"])):
        if ids:
            rows = model.Session.query(table.id).filter(table.id.in_(sorted(ids)),
                                                        table.state.in_(states))
            found.update(row_id for (row_id,) in rows)
    return found


def _not_found_is_404(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Activity not found"))

    return wrapper


def install(app) -> None:
    """Wrap the activity pages that answer 500 for a purged object."""
    for endpoint in GUARDED_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None and not getattr(view, "_pekalongan_guarded", False):
            wrapped = _not_found_is_404(view)
            wrapped._pekalongan_guarded = True
            app.view_functions[endpoint] = wrapped
