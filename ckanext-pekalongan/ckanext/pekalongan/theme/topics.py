"""One notion of topic: the dataset field ``topik`` (urusan pemerintahan).

The home page tiles, the topic list (``/topik``) and the main navigation's "Topik" entry
read the same Solr facet as the dataset search page (``facet.field=topik`` over the
datasets the search page would list), and each topic links to ``/dataset?topik=<value>``,
so a tile's count is the count the search page shows for that topic. CKAN's group list
(``/group``) is not a second list of topics with other counts: it sends the visitor to
``/topik``, and the navigation links there.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import _link_active  # CKAN's own rule for the active menu entry
from flask import Blueprint, request
from markupsafe import Markup

__all__ = ["topic_facet", "topic_url", "build_nav_main", "pekalongan_topik"]

pekalongan_topik = Blueprint("pekalongan_topik", __name__)


def topic_url(value: str) -> str:
    """The dataset search filtered on one topic."""
    return tk.h.url_for("dataset.search", topik=value)


def topic_facet(limit: int | None = None) -> list[dict[str, Any]]:
    """The topics that hold datasets, most datasets first: ``{name, display_name, count,
    url}``, from the ``topik`` facet of the same search as ``/dataset`` (datasets of type
    ``dataset``, private ones for those who may see them, as the search page)."""
    try:
        result = tk.get_action("package_search")({}, {
            "q": "", "fq": "+dataset_type:dataset", "rows": 0,
            "facet.field": ["topik"], "facet.limit": -1,
            "include_private": tk.config.get("ckan.search.default_include_private"),
        })
    except (tk.ObjectNotFound, tk.ValidationError):
        return []
    items = (result.get("search_facets") or {}).get("topik", {}).get("items") or []
    topics = [{"name": i["name"], "display_name": i.get("display_name") or i["name"],
               "count": i["count"], "url": topic_url(i["name"])}
              for i in items if i.get("count")]
    topics.sort(key=lambda t: (-t["count"], t["display_name"]))
    return topics if limit is None else topics[:limit]


_menu_links: dict[tuple, Markup] = {}


@tk.chained_helper
def build_nav_main(next_helper, *args):
    """CKAN's main navigation with its "Groups" entry turned into the topic list.

    Every page shows it, and CKAN builds each entry's link anew with ``url_for`` and the
    ``dominate`` HTML builder (a few milliseconds a page): an entry without a permission
    check is built once per language, script root and title and kept; only its ``active``
    class follows the page, by CKAN's own ``_link_active``. Entries with a permission check
    (a fourth item) go to CKAN's helper as before."""
    output = Markup("")
    for item in args:
        if item and str(item[0]).endswith("group.index"):
            item = ("pekalongan_topik.index", tk._("Topics"), ["pekalongan_topik", "group"])
        if len(item) > 3 and item[3]:
            output += next_helper(item)
            continue
        menu_item, title = item[0], item[1]
        key = (menu_item, str(title), tk.h.lang(), request.script_root)
        link = _menu_links.get(key)
        if link is None:
            html = str(next_helper((menu_item, title)))
            link = _menu_links[key] = Markup(html.removeprefix('<li class="active">')
                                             .removeprefix("<li>").removesuffix("</li>"))
        controller, action = menu_item.split(".")
        active = _link_active({"controller": controller, "action": action,
                               "highlight_controllers": item[2] if len(item) > 2 else None})
        output += Markup('<li class="active">' if active else "<li>") + link + Markup("</li>")
    return output


@pekalongan_topik.route("/topik")
def index():
    return tk.render("pekalongan/topics.html", {"topics": topic_facet()})


@pekalongan_topik.before_app_request
def _group_list_is_the_topic_list():
    """``/group`` (CKAN's list of groups, with counts of its own) answers with the topic
    list instead."""
    if request.endpoint == "group.index":
        return tk.redirect_to("pekalongan_topik.index")
    return None
