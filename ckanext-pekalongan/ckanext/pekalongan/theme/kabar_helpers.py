"""Template helpers of Kabar Pembangunan and of the feed links."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import kabar, page_cache

__all__ = [
    "pekalongan_kabar_latest",
    "pekalongan_kabar_related",
    "pekalongan_kabar_image",
    "pekalongan_kabar_can_post",
    "pekalongan_feed_links",
]

# Pictures shown inline: raster images only, as the upload checks serve them.
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/webp")


@page_cache.cached("kabar_latest")
def pekalongan_kabar_latest(limit: int = 3) -> list[dict[str, Any]]:
    """The newest public posts (for the home page)."""
    try:
        return tk.get_action("package_search")(
            {}, {"fq": f"+dataset_type:{kabar.DATASET_TYPE}", "rows": limit,
                 "sort": "metadata_created desc", "include_private": False})["results"]
    except (tk.ObjectNotFound, tk.ValidationError):
        return []


def pekalongan_kabar_related(pkg: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The datasets and indicators a post links to that the visitor may still see
    (a dataset made private or deleted since is left out)."""
    out: dict[str, list[dict[str, Any]]] = {"datasets": [], "indicators": []}
    for key, kind in (("dataset_terkait", "datasets"), ("indikator_terkait", "indicators")):
        for name in (kabar.linked_names(pkg.get(key)) or [])[:kabar.LINKS_MAX]:
            try:
                found = tk.get_action("package_show")({}, {"id": name})
            except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
                continue
            if found.get("private") or found.get("state") != "active":
                continue
            out[kind].append({"name": found["name"],
                              "title": found.get("title") or found["name"],
                              "indicator": bool(found.get("indikator_capaian"))})
    return out


def pekalongan_kabar_image(pkg: dict[str, Any]) -> dict[str, str] | None:
    """The post's picture: its first uploaded raster image (the upload checks have set its
    mimetype from the content), or None."""
    for res in pkg.get("resources") or []:
        if res.get("url_type") == "upload" and res.get("mimetype") in IMAGE_MIMES:
            return {"url": res.get("url") or "", "alt": res.get("description") or
                    res.get("name") or pkg.get("title") or ""}
    return None


def pekalongan_kabar_can_post() -> bool:
    """Whether the current user may write a post (editor or admin of some OPD)."""
    try:
        return bool(tk.h.check_access("package_create", {"type": kabar.DATASET_TYPE}))
    except Exception:  # noqa: BLE001 (a template guard never breaks the page)
        return False


def pekalongan_feed_links(organization: dict[str, Any] | None = None,
                          group: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """The Atom feeds a page advertises with ``<link rel="alternate">``: the OPD's or the
    topic's datasets (and the OPD's posts) on their pages, all datasets, the achievements
    and the posts on the home page."""
    site = tk.config.get("ckan.site_title")
    links = []
    if organization:
        name = organization.get("display_name") or organization.get("title") or ""
        links.append({"title": f"{site} — " + tk._("Datasets of {opd}").format(opd=name),
                      "url": tk.url_for("feeds.organization", id=organization["name"],
                                        _external=True)})
        links.append({"title": f"{site} — " + tk._("News of {opd}").format(opd=name),
                      "url": tk.url_for("pekalongan_feeds.posts",
                                        organization=organization["name"], _external=True)})
        return links
    if group:
        name = group.get("display_name") or group.get("title") or ""
        links.append({"title": f"{site} — " + tk._("Datasets on {topic}").format(topic=name),
                      "url": tk.url_for("feeds.group", id=group["name"], _external=True)})
        return links
    return [
        {"title": f"{site} — " + tk._("New and updated datasets"),
         "url": tk.url_for("feeds.general", _external=True)},
        {"title": f"{site} — " + tk._("Development achievements"),
         "url": tk.url_for("pekalongan_feeds.achievements", _external=True)},
        {"title": f"{site} — " + tk._("Development news"),
         "url": tk.url_for("pekalongan_feeds.posts", _external=True)},
    ]
