"""CKAN's and ckanext-dcat's template helpers that cost a query, a search or a graph on
every page view while their answer changes only with the data, chained to keep their
answer for anonymous visitors (``page_cache``: invalidated by the catalogue generation;
signed-in users get the helpers as they are):

- ``structured_data``: the JSON-LD of a dataset page (ckanext-dcat loads the RDF profiles
  and builds a graph each time), per dataset and ``metadata_modified``;
- ``get_organization``: ``organization_show`` of the organization box of dataset and
  resource pages (its dictization, member list and a Solr count);
- ``follow_count``: the follower counts of the dataset and organization boxes.

One kept for each signed-in user apart (``page_cache.remember(..., per_user=True)``):

- ``new_activities``: the count of new activities on the header's dashboard badge.
  ckanext-activity builds the user's whole dashboard stream (a union of five queries) and
  dictizes its 31 newest activities on every page a signed-in user opens: about a fifth of
  the time of such a page. The count is kept while the ``activity`` and ``catalogue``
  generations stay the same: an activity, a follow, a membership, a dataset or the user's
  own viewing of the dashboard written anywhere computes it again.

And two that depend only on their arguments, kept per process for every visitor (a bounded
LRU): ``markdown_extract`` (the plain-text extract of every search result's description:
markdown, then bleach, a millisecond or two each) and ``render_markdown`` (a dataset's or an
organization's description; its links depend on the page language and the site root, which
are part of the key).
"""
from __future__ import annotations

import functools

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import has_request_context, request

from ckanext.pekalongan.theme import page_cache

__all__ = ["structured_data", "get_organization", "follow_count", "new_activities",
           "markdown_extract", "render_markdown"]
MARKDOWN_KEPT = 1024
# The helpers chained here that another plugin provides, and that plugin. CKAN refuses to
# start when a chained helper has nothing to chain on, so each is chained only where its
# plugin is loaded (a site or a test site without ckanext-activity or dcat's
# structured_data); the others are CKAN core's.
PROVIDED_BY = {"new_activities": "activity", "structured_data": "structured_data"}


def chainable(name: str) -> bool:
    """Whether the helper ``name`` has something to chain on in the loaded plugins."""
    plugin = PROVIDED_BY.get(name)
    return plugin is None or p.plugin_loaded(plugin)


@tk.chained_helper
def structured_data(next_helper, dataset_dict, profiles=None):
    ident, modified = dataset_dict.get("id"), dataset_dict.get("metadata_modified")
    if not ident or not modified:
        return next_helper(dataset_dict, profiles)
    key = ("structured_data", ident, modified, tuple(profiles) if profiles else None)
    return page_cache.remember(key, lambda: next_helper(dataset_dict, profiles))


@tk.chained_helper
def get_organization(next_helper, org=None, include_datasets=False):
    if org is None or not isinstance(org, str):
        return next_helper(org, include_datasets)
    key = ("get_organization", org, bool(include_datasets))
    return page_cache.remember(key, lambda: next_helper(org, include_datasets))


@tk.chained_helper
def follow_count(next_helper, obj_type, obj_id):
    key = ("follow_count", str(obj_type), str(obj_id))
    return page_cache.remember(key, lambda: next_helper(obj_type, obj_id))


@tk.chained_helper
def new_activities(next_helper):
    return page_cache.remember(("new_activities",), next_helper,
                               (page_cache.CATALOGUE, page_cache.ACTIVITY), per_user=True)


@functools.lru_cache(maxsize=MARKDOWN_KEPT)
def _extract(next_helper, text: str, extract_length: int):
    return next_helper(text, extract_length=extract_length)


@tk.chained_helper
def markdown_extract(next_helper, text, extract_length=190):
    if not isinstance(text, str) or not isinstance(extract_length, int):
        return next_helper(text, extract_length=extract_length)
    return _extract(next_helper, text, extract_length)


@functools.lru_cache(maxsize=MARKDOWN_KEPT)
def _rendered(next_helper, data: str, auto_link: bool, allow_html: bool, lang: str,
              root: str):
    return next_helper(data, auto_link=auto_link, allow_html=allow_html)


@tk.chained_helper
def render_markdown(next_helper, data, auto_link=True, allow_html=False):
    if not isinstance(data, str) or not has_request_context():
        return next_helper(data, auto_link=auto_link, allow_html=allow_html)
    return _rendered(next_helper, data, bool(auto_link), bool(allow_html), tk.h.lang(),
                     request.script_root)
