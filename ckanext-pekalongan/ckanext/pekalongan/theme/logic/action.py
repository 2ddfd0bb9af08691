"""Read actions of the theme: download counts and the OPD scorecard."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan import org_kinds
from ckanext.pekalongan.theme import download_store, freshness, scorecard
from ckanext.pekalongan.theme.logic import schema as theme_schema


def _validate(context, data_dict, default_schema) -> dict[str, Any]:
    data, errors = tk.navl_validate(data_dict, context.get("schema") or default_schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


@tk.side_effect_free
def pekalongan_download_stats(context, data_dict) -> dict[str, Any]:
    """Download counts (each download of a resource file or link through the portal).

    With ``resource_id``: that resource's count. With ``id``: the dataset's total (the sum
    of its resources) and each resource's count. With neither: the most downloaded public
    datasets and the total of all public datasets. Counts of a private dataset are only
    given to users who may see the dataset.

    :param id: id or name of a dataset (optional)
    :type id: string
    :param resource_id: id of a resource (optional)
    :type resource_id: string
    :param limit: how many datasets in the ranking (1-100, default 10)
    :type limit: int

    :returns: ``{"resource_id", "package_id", "downloads"}``, or ``{"id", "name",
        "downloads", "resources": [{"id", "name", "downloads"}]}``, or ``{"total",
        "top": [{"id", "name", "title", "downloads"}]}``
    :rtype: dictionary
    """
    tk.check_access("pekalongan_download_stats", context, data_dict)
    data = _validate(context, data_dict, theme_schema.download_stats_schema())
    if data.get("resource_id"):
        res = tk.get_action("resource_show")(tk.fresh_context(context),
                                             {"id": data["resource_id"]})
        tk.get_action("package_show")(tk.fresh_context(context), {"id": res["package_id"]})
        count = download_store.per_resource([res["id"]])[res["id"]]
        return {"resource_id": res["id"], "package_id": res["package_id"], "downloads": count}
    if data.get("id"):
        pkg = tk.get_action("package_show")(tk.fresh_context(context), {"id": data["id"]})
        counts = download_store.per_resource(r["id"] for r in pkg.get("resources", []))
        resources = [
            {"id": r["id"], "name": r.get("name") or "", "downloads": counts[r["id"]]}
            for r in pkg.get("resources", [])
        ]
        return {"id": pkg["id"], "name": pkg["name"],
                "downloads": sum(r["downloads"] for r in resources), "resources": resources}
    return {"total": download_store.total_public(),
            "top": download_store.top_datasets(data["limit"])}


def _public_datasets(context, fq: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(
            tk.fresh_context(context),
            {"fq": fq, "rows": 1000, "start": len(found), "sort": "name asc",
             "include_private": False},
        )
        found.extend(page["results"])
        if not page["results"] or len(found) >= page["count"]:
            return found


def _all_organizations(context) -> list[dict[str, Any]]:
    # organization_list caps all_fields pages at ckan.group_and_organization_list_all_fields_max
    orgs: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("organization_list")(
            tk.fresh_context(context),
            {"all_fields": True, "include_extras": True, "offset": len(orgs),
             "sort": "name asc"})
        if not page:
            return orgs
        orgs.extend(page)


@tk.side_effect_free
def pekalongan_scorecard(context, data_dict) -> dict[str, Any]:
    """The OPD scorecard: per OPD the number of public datasets, the shares (percent) that
    are up to date (``mutakhir``), verified by the walidata, with complete metadata and in
    an open format, and their downloads. Only public datasets count.

    :param organization: name or id of one OPD: its line and one line per dataset
        (optional)
    :type organization: string
    :param sort: column: ``nama``, ``dataset``, ``mutakhir``, ``terverifikasi``,
        ``lengkap``, ``terbuka``, ``unduhan`` (OPDs) or ``nama``, ``status``,
        ``terverifikasi``, ``lengkap``, ``terbuka``, ``unduhan`` (datasets of one OPD)
    :type sort: string
    :param order: ``asc`` or ``desc`` (default: the column's natural order)
    :type order: string

    With the ``suara`` plugin, each OPD line also carries the Suara Masyarakat figures of
    the year (``suara_median_days``, ``suara_in_time``, ``suara_mean_rating``; sort keys
    ``suara_hari``, ``suara_tepat``, ``suara_nilai``) and ``suara`` the regency's.

    :returns: ``{"date", "sort", "order", "summary", "suara", "organizations": [...]}`` or, with
        ``organization``, ``{"date", "sort", "order", "organization": {...},
        "datasets": [...]}``; shares are ``null`` when there is nothing to measure
    :rtype: dictionary
    """
    tk.check_access("pekalongan_scorecard", context, data_dict)
    data = _validate(context, data_dict, theme_schema.scorecard_schema())
    today = freshness.today_jakarta(dt.datetime.now(dt.timezone.utc))
    downloads = download_store.per_public_dataset()

    if data.get("organization"):
        org = tk.get_action("organization_show")(
            tk.fresh_context(context),
            {"id": data["organization"], "include_datasets": False, "include_users": False,
             "include_extras": True})
        if not org_kinds.is_data_producer(org):  # a service unit has no score
            raise tk.ObjectNotFound(tk._("Organization not found"))
        pkgs = _public_datasets(context, f'owner_org:"{org["id"]}"')
        rows = [scorecard.dataset_row(p, today, downloads.get(p["id"], 0)) for p in pkgs]
        sort, order = scorecard.normalise_sort(data.get("sort"), data.get("order"),
                                               scorecard.DATASET_SORTS)
        return {"date": today.isoformat(), "sort": sort, "order": order,
                "organization": scorecard.opd_row(org, rows),
                "datasets": scorecard.sort_rows(rows, sort, order, datasets=True)}

    orgs = org_kinds.producers(_all_organizations(context))
    pkgs = _public_datasets(context, "+dataset_type:dataset")
    rows = [scorecard.dataset_row(p, today, downloads.get(p["id"], 0)) for p in pkgs]
    suara = _suara_figures(context, today.year)
    allowed = scorecard.OPD_SORTS if suara else {
        k: v for k, v in scorecard.OPD_SORTS.items() if k not in scorecard.SUARA_SORTS}
    sort, order = scorecard.normalise_sort(data.get("sort"), data.get("order"), allowed)
    lines = scorecard.opd_rows(orgs, rows)
    if suara:
        lines = scorecard.with_suara(lines, suara["organizations"])
    return {"date": today.isoformat(), "sort": sort, "order": order,
            "summary": scorecard.summary(rows),
            "suara": {"year": suara["year"], "totals": {
                key: suara["totals"].get(field)
                for key, field in scorecard.SUARA_FIELDS.items()}} if suara else None,
            "organizations": scorecard.sort_rows(lines, sort, order)}


def _suara_figures(context, year: int) -> dict[str, Any] | None:
    """The year's Suara Masyarakat figures per OPD (``suara_stats``), or ``None`` when the
    ``suara`` plugin does not run on this site."""
    try:
        action = tk.get_action("suara_stats")
    except KeyError:
        return None
    return action(tk.fresh_context(context), {"year": year, "months": False})
