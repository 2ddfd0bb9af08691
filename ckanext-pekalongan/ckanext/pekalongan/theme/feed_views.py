"""Atom feeds of the theme (the dataset feeds are CKAN core's ``/feeds/...``, made valid
and absolute by ``feeds.PekalonganFeed``):

* ``/feeds/capaian.atom``: new achievements, an indicator's newest year of data;
* ``/feeds/kabar.atom``: Kabar Pembangunan, the OPDs' news posts (``?organization=<name>``
  for one OPD's).
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.views.feed import _create_atom_id
from flask import Blueprint, make_response, request

from ckanext.pekalongan.theme import feeds, kabar

pekalongan_feeds = Blueprint("pekalongan_feeds", __name__)

FEED_ROWS = 20
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _url(endpoint: str, **kwargs: Any) -> str:
    return tk.url_for(endpoint, _external=True, **kwargs)


def _indicator_url(name: str) -> str:
    try:
        return _url("pekalongan_resonansi.indicator", name=name)
    except Exception:  # the indicator page is another feature's; fall back to the dataset
        return _url("dataset.read", id=name)


def _response(feed: feeds.PekalonganFeed):
    resp = make_response(feed.writeString("utf-8"), 200)
    resp.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return resp


def _feed(title: str, description: str, link: str, path: str,
          **query: str) -> feeds.PekalonganFeed:
    self_url = _url(request.endpoint, **query)
    return feeds.PekalonganFeed(
        title, link, description, None, None, _create_atom_id(path), self_url,
        None, None, None, None)


def _add(feed: feeds.PekalonganFeed, entry: dict[str, Any], page: str) -> None:
    fields = {"title": entry["title"], "description": entry["summary"],
              "unique_id": _create_atom_id(entry["path"]), "pkl_page": page,
              "pkl_author": entry["author"]}
    if entry.get("updated"):
        fields["updated"] = entry["updated"]
    if entry.get("published"):
        fields["published"] = entry["published"]
    if entry.get("categories"):
        fields["categories"] = entry["categories"]
    feed.add_item(**fields)


@pekalongan_feeds.route("/feeds/capaian.atom")
def achievements():
    from ckanext.pekalongan.theme import indicator_data, indicators

    lang = tk.h.lang() or "id"
    found = indicator_data.achievements(FEED_ROWS)
    for item in found:
        if isinstance(item.get("value"), (int, float)):
            item["value_text"] = indicators.format_number(item["value"], lang)
    words = {
        "title": tk._("{title}: data for {year}"),
        "value": tk._("Value in {year}: {value} {unit}."),
        "met": tk._("Target met."),
        "not_met": tk._("Target not met."),
        "rank": tk._("Rank {rank} of {total} in Central Java."),
    }
    site = tk.config.get("ckan.site_title")
    feed = _feed(f"{site} — " + tk._("Development achievements"),
                 tk._("New data of the regency's development indicators"),
                 _url("pekalongan.indicators"), "/feeds/capaian.atom")
    for entry in feeds.achievement_entries(found, words):
        _add(feed, entry, _indicator_url(entry["name"]))
    return _response(feed)


@pekalongan_feeds.route("/feeds/kabar.atom")
def posts():
    organization = (request.args.get("organization") or "").strip()
    fq = f"+dataset_type:{kabar.DATASET_TYPE}"
    title = tk._("Development news")
    path = "/feeds/kabar.atom"
    query = {}
    if organization:
        if not _NAME.match(organization):
            return tk.abort(404, tk._("Organization not found"))
        try:
            org = tk.get_action("organization_show")(
                {}, {"id": organization, "include_datasets": False})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            return tk.abort(404, tk._("Organization not found"))
        fq += f' +owner_org:"{org["id"]}"'
        title = f"{title}: {org.get('title') or org['name']}"
        path = f"/feeds/kabar.atom?organization={org['name']}"
        query = {"organization": org["name"]}
    found = tk.get_action("package_search")(
        {}, {"fq": fq, "rows": FEED_ROWS, "sort": "metadata_created desc",
             "include_private": False})["results"]
    site = tk.config.get("ckan.site_title")
    feed = _feed(f"{site} — {title}",
                 tk._("News of the agencies' activities and policies"),
                 _url("pekalongan_kabar.index", **query), path, **query)
    for entry in feeds.post_entries(found):
        _add(feed, entry, _url("kabar.read", id=entry["name"]))
    return _response(feed)
