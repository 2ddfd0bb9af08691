"""The public page "API & Data untuk Pengembang" (``/pengembang``): how to use the Action
API, the DataStore, the DCAT endpoints and ckanapi against this portal, with examples built
from the portal's own address and a real dataset and resource of its catalogue."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ckan.plugins.toolkit as tk
from flask import Blueprint

pekalongan_developer = Blueprint("pekalongan_developer", __name__)

OWN_ACTION_PREFIXES = ("ppid_", "pekalongan_", "suara_")


def _own_actions() -> list[str]:
    """The names of the API actions our plugins register (``ppid_*``, ``pekalongan_*``,
    ``suara_*``)."""
    from ckan import logic

    tk.get_action("status_show")  # builds the action registry if needed
    return sorted(name for name in logic._actions if name.startswith(OWN_ACTION_PREFIXES))


def _first(data_dict: dict[str, Any]) -> dict[str, Any] | None:
    result = tk.get_action("package_search")({}, dict(data_dict, rows=1))
    return result["results"][0] if result["results"] else None


def _datastore_resource() -> dict[str, Any] | None:
    """A resource in the DataStore that the visitor may read: the DataStore lists its tables
    in ``_table_metadata``; the first one whose resource ``resource_show`` gives."""
    try:
        tables = tk.get_action("datastore_search")({}, {
            "resource_id": "_table_metadata", "limit": 50, "fields": ["name"],
            "sort": "oid desc"})["records"]  # the newest tables first
    except (KeyError, tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None  # no DataStore on this site
    for table in tables:
        try:
            resource = tk.get_action("resource_show")({}, {"id": table["name"]})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            continue
        if resource.get("datastore_active"):
            return resource
    return None


@pekalongan_developer.route("/pengembang")
def index():
    dataset = _first({"sort": "metadata_modified desc"})
    resource = _datastore_resource()
    return tk.render("pekalongan/developer.html", {
        "site": tk.config.get("ckan.site_url").rstrip("/"),
        "dataset": dataset,
        "resource": resource,
        "sql_enabled": tk.asbool(tk.config.get("ckan.datastore.sqlsearch.enabled")),
        "own_actions": _own_actions(),
        "suara_enabled": "suara_stats" in _own_actions(),
        "this_year": dt.datetime.now(ZoneInfo("Asia/Jakarta")).year,
    })
