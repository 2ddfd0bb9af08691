"""Template helpers of the theme (names carry the ``pekalongan_`` prefix)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan import satudata
from ckanext.pekalongan.theme import stats_helpers
from ckanext.pekalongan.theme.stats_helpers import *  # noqa: F403 (downloads, freshness)

__all__ = [
    "pekalongan_site_counts",
    "pekalongan_newest_datasets",
    "pekalongan_topics",
    "pekalongan_opds",
    "pekalongan_language_links",
    "pekalongan_kode_wilayah_choices",
    "pekalongan_indicators",
    "pekalongan_format_number",
    *stats_helpers.__all__,
]


def pekalongan_kode_wilayah_choices(field: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """``choices_helper`` of the ``kode_wilayah`` fields (scheming looks it up on ``h``):
    the regency, then its 19 kecamatan."""
    return satudata.kode_wilayah_choices()


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, params)
    except tk.ObjectNotFound:
        return {"count": 0, "results": []}


def pekalongan_site_counts() -> dict[str, int]:
    """Counts shown on the home page: public datasets, OPDs and groups (topics)."""
    datasets = _search(rows=0)["count"]
    orgs = tk.get_action("organization_list")({}, {"all_fields": False})
    groups = tk.get_action("group_list")({}, {"all_fields": False})
    return {"datasets": datasets, "organizations": len(orgs), "groups": len(groups)}


def pekalongan_newest_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search(rows=limit, sort="metadata_created desc")["results"]


def pekalongan_topics(limit: int = 12) -> list[dict[str, Any]]:
    return tk.get_action("group_list")(
        {}, {"all_fields": True, "sort": "package_count", "limit": limit}
    )


def pekalongan_opds(limit: int = 12) -> list[dict[str, Any]]:
    return tk.get_action("organization_list")(
        {}, {"all_fields": True, "sort": "package_count", "limit": limit}
    )


LANGUAGE_LABELS = {"id": "Bahasa Indonesia", "en": "English"}


def pekalongan_language_links() -> list[dict[str, Any]]:
    """Links to the current page in each offered locale (the default has no prefix)."""
    from ckan.common import request

    default = tk.config.get("ckan.locale_default")
    offered = tk.aslist(tk.config.get("ckan.locales_offered")) or [default]
    path = request.full_path if request.query_string else request.path
    links = []
    for code in offered:
        prefix = "" if code == default else f"/{code}"
        links.append({
            "code": code,
            "label": LANGUAGE_LABELS.get(code, code),
            "url": prefix + path,
            "active": code == tk.h.lang(),
        })
    return links


def pekalongan_indicators(limit: int = 6) -> list[dict[str, Any]]:
    """Charts of the datasets marked as development indicators (newest data first)."""
    from ckanext.pekalongan.theme import indicators

    found = _search(fq="indikator_capaian:true", rows=limit, sort="title_string asc")
    return [i for i in (indicators.load_indicator(d) for d in found["results"]) if i]


def pekalongan_format_number(value: float) -> str:
    from ckanext.pekalongan.theme import indicators

    return indicators.format_number(value, tk.h.lang() or "id")
