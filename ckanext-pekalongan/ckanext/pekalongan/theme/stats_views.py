"""Pages of downloads and the OPD scorecard, and the hook that counts downloads.

* ``/unduh/<resource_id>``: the download button of link resources; counts, then redirects
  to the link (an uploaded file is sent on to CKAN's ``resource.download``, counted there).
* every answer of CKAN's ``<type>_resource.download`` / ``resource.download`` endpoint is
  counted after the fact when ``downloads.counts_as_download`` says so.
* ``/skor-opd``, ``/skor-opd.csv``, ``/skor-opd/<organization>``: the scorecard.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

from ckanext.pekalongan.theme import download_store, downloads, freshness, scorecard

log = logging.getLogger(__name__)

pekalongan_stats = Blueprint("pekalongan_stats", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else "",
            "auth_user_obj": tk.current_user}


@pekalongan_stats.route("/unduh/<resource_id>")
def download(resource_id: str):
    try:
        res = tk.get_action("resource_show")(_context(), {"id": resource_id})
        tk.get_action("package_show")(_context(), {"id": res["package_id"]})
    except tk.ObjectNotFound:
        # a sysadmin reading a deleted dataset (trash, old versions) still reaches its links
        res = _deleted_resource_for_sysadmin(resource_id)
        if res is None:
            return tk.abort(404, tk._("Resource not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to download resource"))
    if res.get("url_type") == "upload":
        return tk.redirect_to("resource.download", id=res["package_id"], resource_id=res["id"],
                              filename=res["url"].rsplit("/", 1)[-1] or None)
    url = res.get("url") or ""
    if not tk.h.is_url(url):
        return tk.abort(404, tk._("No download is available"))
    tk.g.pekalongan_download = res["id"]
    return tk.redirect_to(url)


def _deleted_resource_for_sysadmin(resource_id: str) -> dict[str, Any] | None:
    """A deleted resource as ``{"id", "package_id", "url", "url_type"}`` for a sysadmin."""
    from ckan import model

    user = tk.current_user
    if not (getattr(user, "is_authenticated", False) and getattr(user, "sysadmin", False)):
        return None
    found = model.Resource.get(resource_id) if isinstance(resource_id, str) else None
    if found is None:
        return None
    return {"id": found.id, "package_id": found.package_id, "url": found.url or "",
            "url_type": found.url_type}


def _downloaded_resource() -> str | None:
    endpoint = request.endpoint or ""
    if endpoint == "resource.download" or endpoint.endswith("_resource.download"):
        return (request.view_args or {}).get("resource_id")
    if endpoint == "pekalongan_stats.download":
        return getattr(tk.g, "pekalongan_download", None)
    return None


@pekalongan_stats.after_app_request
def count_download(response):
    try:
        resource_id = _downloaded_resource()
        if resource_id and downloads.counts_as_download(
            request.method, response.status_code, request.headers.get("User-Agent"),
            request.headers.get("Range"), request.args,
            request.headers.get("Sec-Fetch-Dest")):
            download_store.record(
                resource_id, freshness.today_jakarta(dt.datetime.now(dt.timezone.utc)))
    except Exception:  # a count is never worth a failed download
        log.exception("could not count a download")
    return response


# --------------------------------------------------------------------------- scorecard

def _columns(keys: dict[str, str], labels: dict[str, str], sort: str, order: str,
             endpoint: str, **url_args: Any) -> list[dict[str, Any]]:
    columns = []
    for key, first in keys.items():
        active = key == sort
        next_order = ("desc" if order == "asc" else "asc") if active else first
        columns.append({
            "key": key,
            "label": labels[key],
            "aria_sort": ("ascending" if order == "asc" else "descending") if active else None,
            "url": tk.url_for(endpoint, sort=key, order=next_order, **url_args),
        })
    return columns


def _opd_labels() -> dict[str, str]:
    return {
        "nama": tk._("Agency (OPD)"),
        "dataset": tk._("Datasets"),
        "mutakhir": tk._("Up to date"),
        "terverifikasi": tk._("Verified by the walidata"),
        "lengkap": tk._("Complete metadata"),
        "terbuka": tk._("Open format"),
        "unduhan": tk._("Downloads"),
        "suara_hari": tk._("Suara: median hari kerja sampai jawaban pertama"),
        "suara_tepat": tk._("Suara: dijawab tepat waktu"),
        "suara_nilai": tk._("Suara: rata-rata penilaian"),
    }


def _opd_sorts(data: dict[str, Any]) -> dict[str, str]:
    """The OPD table's columns: the Suara Masyarakat ones only when its figures are there."""
    if data.get("suara"):
        return scorecard.OPD_SORTS
    return {k: v for k, v in scorecard.OPD_SORTS.items() if k not in scorecard.SUARA_SORTS}


def _dataset_labels() -> dict[str, str]:
    return {**_opd_labels(), "nama": tk._("Dataset"), "status": tk._("Freshness")}


def _scorecard(**params: Any) -> dict[str, Any]:
    query = {k: v for k, v in params.items() if v}
    try:
        return tk.get_action("pekalongan_scorecard")(_context(), query)
    except tk.ValidationError:
        # a hand-made sort parameter: show the default order instead of an error page
        query.pop("sort", None)
        query.pop("order", None)
        return tk.get_action("pekalongan_scorecard")(_context(), query)


@pekalongan_stats.route("/skor-opd")
def scorecard_index():
    data = _scorecard(sort=request.args.get("sort"), order=request.args.get("order"))
    columns = _columns(_opd_sorts(data), _opd_labels(), data["sort"], data["order"],
                       "pekalongan_stats.scorecard_index")
    return tk.render("pekalongan/scorecard.html", {"data": data, "columns": columns})


@pekalongan_stats.route("/skor-opd.csv")
def scorecard_csv():
    data = _scorecard(sort=request.args.get("sort"), order=request.args.get("order"))
    body = scorecard.to_csv(data["organizations"], suara=bool(data.get("suara")))
    return Response(
        body.encode("utf-8"), mimetype="text/csv",
        headers={"Content-Type": "text/csv; charset=utf-8",
                 "Content-Disposition":
                     f'attachment; filename="skor-opd-{data["date"]}.csv"'})


@pekalongan_stats.route("/skor-opd/<organization>")
def scorecard_opd(organization: str):
    try:
        data = _scorecard(organization=organization, sort=request.args.get("sort"),
                          order=request.args.get("order"))
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Organization not found"))
    columns = _columns(scorecard.DATASET_SORTS, _dataset_labels(), data["sort"],
                       data["order"], "pekalongan_stats.scorecard_opd",
                       organization=organization)
    return tk.render("pekalongan/scorecard_opd.html", {"data": data, "columns": columns})
