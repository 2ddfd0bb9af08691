"""Template helpers of the theme (names carry the ``pekalongan_`` prefix)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan import org_kinds, satudata
from ckanext.pekalongan.theme import cached_helpers, kabar_helpers, page_cache, stats_helpers
from ckanext.pekalongan.theme.activity_links import pekalongan_activity_linkable
from ckanext.pekalongan.theme.avatars import linked_user, pekalongan_local_image, user_image
from ckanext.pekalongan.theme.cached_helpers import *  # noqa: F403 (chained, cached)
from ckanext.pekalongan.theme.error_pages import pekalongan_error_page
from ckanext.pekalongan.theme.kabar_helpers import *  # noqa: F403 (Kabar Pembangunan, feeds)
from ckanext.pekalongan.theme.stats_helpers import *  # noqa: F403 (downloads, freshness)
from ckanext.pekalongan.theme.topics import build_nav_main, topic_facet

__all__ = [
    *kabar_helpers.__all__,
    "pekalongan_site_counts",
    "pekalongan_newest_datasets",
    "pekalongan_topics",
    "pekalongan_opds",
    "pekalongan_is_data_producer",
    "pekalongan_activity_linkable",
    "pekalongan_error_page",
    "pekalongan_local_image",
    "user_image",  # chained CKAN helpers: no avatar from another host (avatars.py)
    "linked_user",
    "build_nav_main",  # chained: the nav's "Groups" entry is the topic list (topics.py)
    "pekalongan_language_links",
    "pekalongan_kode_wilayah_choices",
    "pekalongan_selected_values",
    "pekalongan_facet_label",
    "pekalongan_indicators",
    "pekalongan_indicator_words",
    "pekalongan_indicator_problems",
    "pekalongan_share_image",
    "pekalongan_format_number",
    *stats_helpers.__all__,
    *cached_helpers.__all__,  # chained: CKAN's and dcat's helpers, cached for anonymous
]


def get_helpers() -> dict[str, Any]:
    """The theme's helpers: every one of ``__all__`` but a chained helper whose plugin is not
    loaded (``cached_helpers.chainable``)."""
    return {name: globals()[name] for name in __all__ if cached_helpers.chainable(name)}


def pekalongan_kode_wilayah_choices(field: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """``choices_helper`` of the ``kode_wilayah`` fields (scheming looks it up on ``h``):
    the regency, then its 19 kecamatan."""
    return satudata.kode_wilayah_choices()


def pekalongan_selected_values(value: Any) -> list[str]:
    """The chosen values of a multiple-choice field as a list of strings, whether the form
    sent one value (a string), several (a list) or the dataset stored them (a JSON list)."""
    import json

    if value is None or value == "":
        return []
    if isinstance(value, str):
        if value.startswith("["):
            try:
                value = json.loads(value)
            except ValueError:
                return [value]
        else:
            return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def pekalongan_facet_label(item: dict[str, Any]) -> str:
    """A facet item's whole label (the ``label_function`` of ``snippets/facet_list.html``)."""
    return item.get("display_name") or item.get("name") or ""


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, params)
    except tk.ObjectNotFound:
        return {"count": 0, "results": []}


def _service_unit_names() -> set[str]:
    """Names of the active organizations that are service units, not data producers
    (``jenis_opd`` in ``org_kinds.SERVICE_VALUES``): one query."""
    from ckan import model

    query = (
        model.Session.query(model.Group.name)
        .join(model.GroupExtra, model.GroupExtra.group_id == model.Group.id)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                model.GroupExtra.key == "jenis_opd", model.GroupExtra.state == "active",
                model.GroupExtra.value.in_(sorted(org_kinds.SERVICE_VALUES)))
    )
    return {name for (name,) in query}


@page_cache.cached("site_counts")
def pekalongan_site_counts() -> dict[str, int]:
    """Counts shown on the home page: public datasets, data producers (OPDs and kecamatan,
    not service units such as the Atasan PPID) and topics holding datasets (the ``topik``
    facet of the search page, see ``topics.py``)."""
    datasets = _search(rows=0)["count"]
    orgs = set(tk.get_action("organization_list")({}, {"all_fields": False}))
    return {"datasets": datasets, "organizations": len(orgs - _service_unit_names()),
            "topics": len(topic_facet())}


@page_cache.cached("newest_datasets")
def pekalongan_newest_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search(rows=limit, sort="metadata_created desc")["results"]


@page_cache.cached("topics")
def pekalongan_topics(limit: int | None = 12) -> list[dict[str, Any]]:
    """The topics with the most datasets: ``{name, display_name, count, url}``, counted by
    the search page's own ``topik`` facet and linked to the search filtered on each."""
    return topic_facet(limit)


@page_cache.cached("opds")
def pekalongan_opds(limit: int = 12) -> list[dict[str, Any]]:
    """The data producers with the most datasets (service units left out)."""
    services = _service_unit_names()
    orgs = tk.get_action("organization_list")(
        {}, {"all_fields": True, "sort": "package_count", "limit": limit + len(services)}
    )
    return [o for o in orgs if o["name"] not in services][:limit]


def pekalongan_is_data_producer(org: dict[str, Any]) -> bool:
    """An OPD or a kecamatan (``org_kinds``), for templates that list organizations."""
    return org_kinds.is_data_producer(org)


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


@page_cache.cached("indicators")
def pekalongan_indicators(limit: int = 6) -> list[dict[str, Any]]:
    """Cards of the datasets marked as development indicators (cached; see
    ``indicator_data``)."""
    from ckanext.pekalongan.theme import indicator_data

    return indicator_data.cards(limit)


def pekalongan_indicator_words(card: dict[str, Any]) -> dict[str, str]:
    """The card of an indicator in sentences: target status, change, rank, summary."""
    from ckanext.pekalongan.theme import indicator_data

    return indicator_data.words(card)


def pekalongan_indicator_problems(card: dict[str, Any]) -> list[str]:
    """What is wrong with the tables of an indicator, for those who may edit its dataset
    (sysadmins, editors of its OPD); nobody else sees them."""
    from ckanext.pekalongan.theme import indicator_data

    if not card.get("problems") or not tk.h.check_access("package_update", {"id": card["id"]}):
        return []
    return indicator_data.problem_messages(card)


def pekalongan_share_image(kind: str, name: str, size: str = "1200x630") -> str:
    """Absolute URL of the share picture of an indicator (``capaian``) or a dataset."""
    return tk.url_for("pekalongan_resonansi.share_image", kind=kind, size=size, name=name,
                      _external=True)


def pekalongan_format_number(value: float) -> str:
    from ckanext.pekalongan.theme import indicators

    return indicators.format_number(value, tk.h.lang() or "id")
