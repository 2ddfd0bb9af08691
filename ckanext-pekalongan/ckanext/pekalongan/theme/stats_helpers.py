"""Template helpers of downloads, freshness and the scorecard (``pekalongan_`` prefix).

They call the actions (never the tables) and cache per request in ``g``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import freshness, page_cache

__all__ = [
    "pekalongan_freshness",
    "pekalongan_freshness_label",
    "pekalongan_dataset_downloads",
    "pekalongan_resource_downloads",
    "pekalongan_download_url",
    "pekalongan_download_ranking",
]


def pekalongan_freshness_label(state: str) -> str:
    # one translation per call (a search page asks for one per dataset), not four
    if state == freshness.MUTAKHIR:
        return tk._("Up to date")
    if state == freshness.PERLU_DIPERBARUI:
        return tk._("Update due")
    if state == freshness.TERLAMBAT:
        return tk._("Overdue")
    if state == freshness.TIDAK_TERJADWAL:
        return tk._("Not scheduled")
    return state


def pekalongan_freshness(pkg: dict[str, Any]) -> dict[str, Any]:
    """Freshness of a dataset dict: ``state``, ``label``, ``last_update``, ``due``,
    ``overdue`` (dates) and ``scheduled``."""
    today = freshness.today_jakarta(dt.datetime.now(dt.timezone.utc))
    fresh = freshness.dataset_freshness(pkg, today)
    return {**fresh._asdict(), "label": pekalongan_freshness_label(fresh.state),
            "scheduled": fresh.scheduled,
            "last_update_text": _date_text(fresh.last_update), "due_text": _date_text(fresh.due)}


_DATE_TEXTS: dict[tuple[dt.date, str], str] = {}


def _date_text(day: dt.date | None) -> str:
    """A date as the site writes it, in the page language (kept per day and language: a
    search page shows two per dataset)."""
    if not day:
        return ""
    key = (day, tk.h.lang() or "")
    text = _DATE_TEXTS.get(key)
    if text is None:
        if len(_DATE_TEXTS) > 5000:
            _DATE_TEXTS.clear()
        # noon, so that no display time zone moves the date
        text = _DATE_TEXTS[key] = tk.h.render_datetime(dt.datetime.combine(day, dt.time(12)))
    return text


def _cache() -> dict[str, Any]:
    cache = getattr(tk.g, "_pekalongan_downloads", None)
    if cache is None:
        cache = {}
        tk.g._pekalongan_downloads = cache
    return cache


def _stats(**params: Any) -> dict[str, Any] | None:
    try:
        return tk.get_action("pekalongan_download_stats")({}, params)
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


@page_cache.cached("dataset_downloads", (page_cache.CATALOGUE, page_cache.DOWNLOADS))
def _dataset_stats(package_id: str) -> dict[str, Any] | None:
    return _stats(id=package_id)


def pekalongan_dataset_downloads(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """``{"downloads": total, "resources": [...]}`` of a dataset the user may see."""
    key = "pkg:" + pkg["id"]
    cache = _cache()
    if key not in cache:
        cache[key] = _dataset_stats(pkg["id"])
    return cache[key]


def pekalongan_resource_downloads(res: dict[str, Any]) -> int | None:
    stats = pekalongan_dataset_downloads({"id": res["package_id"]})
    if not stats:
        return None
    return next((r["downloads"] for r in stats["resources"] if r["id"] == res["id"]), 0)


def pekalongan_download_url(res: dict[str, Any]) -> str:
    """The URL of a resource's download button: uploads go to CKAN's ``resource.download``
    (counted there), links through our counting redirect."""
    if res.get("url_type") == "upload":
        return res.get("url") or ""
    return tk.url_for("pekalongan_stats.download", resource_id=res["id"])


@page_cache.cached("download_ranking", (page_cache.CATALOGUE, page_cache.DOWNLOADS))
def pekalongan_download_ranking(limit: int = 5) -> dict[str, Any]:
    """``{"total": downloads of public datasets, "top": most downloaded first}``."""
    key = f"top:{limit}"
    cache = _cache()
    if key not in cache:
        cache[key] = _stats(limit=limit) or {"total": 0, "top": []}
    return cache[key]
