"""Template helpers of downloads, freshness and the scorecard (``pekalongan_`` prefix).

They call the actions (never the tables) and cache per request in ``g``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import freshness

__all__ = [
    "pekalongan_freshness",
    "pekalongan_freshness_label",
    "pekalongan_dataset_downloads",
    "pekalongan_resource_downloads",
    "pekalongan_download_url",
    "pekalongan_download_ranking",
]


def _labels() -> dict[str, str]:
    return {
        freshness.MUTAKHIR: tk._("Up to date"),
        freshness.PERLU_DIPERBARUI: tk._("Update due"),
        freshness.TERLAMBAT: tk._("Overdue"),
        freshness.TIDAK_TERJADWAL: tk._("Not scheduled"),
    }


def pekalongan_freshness_label(state: str) -> str:
    return _labels().get(state, state)


def pekalongan_freshness(pkg: dict[str, Any]) -> dict[str, Any]:
    """Freshness of a dataset dict: ``state``, ``label``, ``last_update``, ``due``,
    ``overdue`` (dates) and ``scheduled``."""
    today = freshness.today_jakarta(dt.datetime.now(dt.timezone.utc))
    fresh = freshness.dataset_freshness(pkg, today)
    return {**fresh._asdict(), "label": pekalongan_freshness_label(fresh.state),
            "scheduled": fresh.scheduled,
            "last_update_text": _date_text(fresh.last_update), "due_text": _date_text(fresh.due)}


def _date_text(day: dt.date | None) -> str:
    # noon, so that no display time zone moves the date
    return tk.h.render_datetime(dt.datetime.combine(day, dt.time(12))) if day else ""


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


def pekalongan_dataset_downloads(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """``{"downloads": total, "resources": [...]}`` of a dataset the user may see."""
    key = "pkg:" + pkg["id"]
    cache = _cache()
    if key not in cache:
        cache[key] = _stats(id=pkg["id"])
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


def pekalongan_download_ranking(limit: int = 5) -> dict[str, Any]:
    """``{"total": downloads of public datasets, "top": most downloaded first}``."""
    key = f"top:{limit}"
    cache = _cache()
    if key not in cache:
        cache[key] = _stats(limit=limit) or {"total": 0, "top": []}
    return cache[key]
