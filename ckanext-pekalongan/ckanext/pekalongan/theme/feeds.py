"""Atom feeds (RFC 4287) of the portal.

CKAN core serves the dataset feeds (``/feeds/dataset.atom``, ``/feeds/organization/<id>.atom``
per OPD, ``/feeds/group/<id>.atom`` per topic); the theme plugin gives them, through
``IFeed.get_feed_class``, the :class:`PekalonganFeed` class, which

- makes every link and id absolute (core writes relative links, and without
  ``ckan.feeds.date`` an organization feed's id lacks the ``/`` after the host);
- links each entry to the dataset's page instead of its API document;
- names the OPD as an entry's author, never the dataset's author or e-mail (personal data);
- drops characters XML cannot carry (a control character would otherwise break the feed);
- writes the language of the request.

Posts (type ``kabar``) stay out of the dataset feeds (``kabar.exclude_posts``); private
datasets stay out because ``package_search`` leaves them out. The feeds of new achievements
and of Kabar Pembangunan are built here from the same class (:func:`achievement_entries`,
:func:`post_entries` are pure).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ckan.views.feed import CKANFeed
from dateutil.tz import tzutc

# Characters XML 1.0 cannot carry, and other control characters but tab and newline.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SUMMARY_CHARS = 400


def clean_text(text: Any) -> str:
    """Text safe in XML: no control characters (tab and newline kept)."""
    text = str(text or "")
    text = _NOT_XML.sub("", text)
    return "".join(ch for ch in text
                   if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def absolute(url: str | None, site_url: str) -> str | None:
    """``url`` made absolute against the site's address (None stays None)."""
    if not url:
        return url
    if re.match(r"^[a-z][a-z0-9+.\-]*:", url, re.I):
        return url
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def absolute_id(guid: str, site_url: str) -> str:
    """An Atom id that is an absolute IRI: a ``tag:`` URI stays, a path gets the site's
    address, and core's ``http://hostfeeds/...`` (no slash) is mended."""
    site = site_url.rstrip("/")
    if guid.startswith("tag:"):
        return guid
    if guid.startswith(site) and not guid[len(site):].startswith("/"):
        return site + "/" + guid[len(site):]
    return absolute(guid, site) or site + "/"


def summary(text: Any, limit: int = SUMMARY_CHARS) -> str:
    """A plain summary: clean, one paragraph, cut at a word."""
    text = " ".join(clean_text(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def as_datetime(value: Any) -> dt.datetime | None:
    """A timezone-aware datetime from CKAN's ISO strings (naive ones are UTC)."""
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, str) and value.strip():
        try:
            found = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return found if found.tzinfo else found.replace(tzinfo=tzutc())


ATOM_NS = "http://www.w3.org/2005/Atom"
_CORE_QUERY = re.compile(r"\?query=([^&#]+)&query=([^&#]*)")
_PAGE = re.compile(r"[?&]page=([0-9.]+)")


def mend_core_url(url: str | None) -> str | None:
    """Core builds ``?query=<key>&query=<value>`` for ``?<key>=<value>`` and may name a
    fractional page (``page=1.1``) in its paging links: give the intended address."""
    if not url:
        return url
    url = _CORE_QUERY.sub(lambda m: f"?{m.group(1)}={m.group(2)}", url)
    found = _PAGE.search(url)
    if found:
        page = int(float(found.group(1)))
        url = url[:found.start(1)] + str(max(page, 1)) + url[found.end(1):]
    return url


def page_number(url: str | None) -> int:
    found = _PAGE.search(url or "")
    return int(found.group(1)) if found else 1


def paging(previous_page, next_page, first_page, last_page) -> tuple:
    """Core's paging links mended; no ``next`` beyond the last page."""
    previous_page, next_page, first_page, last_page = (
        mend_core_url(u) for u in (previous_page, next_page, first_page, last_page))
    if next_page and last_page and page_number(next_page) > page_number(last_page):
        next_page = None
    return previous_page, next_page, first_page, last_page


_CORE_TITLES = (
    (re.compile(r'^(?P<site>.*) - Organization: "(?P<name>.*)"$', re.S), "organization"),
    (re.compile(r'^(?P<site>.*) - Group: "(?P<name>.*)"$', re.S), "group"),
    (re.compile(r'^(?P<site>.*) - Tag: "(?P<name>.*)"$', re.S), "tag"),
)


def core_title(title: str, templates: dict[str, str]) -> str:
    """Core's English feed titles in the language of the request (``templates``: the
    translated titles of an ``organization``, ``group`` and ``tag`` feed, with ``{name}``)."""
    for pattern, kind in _CORE_TITLES:
        found = pattern.match(title)
        if found:
            return f"{found.group('site')} — " + templates[kind].format(
                name=found.group("name"))
    return title


class PekalonganFeed(CKANFeed):
    """CKAN's feed with absolute links and ids, page links and no personal data."""

    def __init__(self, feed_title, feed_link, feed_description, language, author_name,
                 feed_guid, feed_url, previous_page, next_page, first_page, last_page):
        import ckan.plugins.toolkit as tk

        site_url = tk.config.get("ckan.site_url")
        self._site_url = site_url
        author = (tk.config.get("ckan.feeds.author_name") or "").strip() \
            or tk.config.get("ckan.site_title")
        lang = (tk.h.lang() if _in_request() else None) or tk.config.get("ckan.locale_default")
        if feed_description.startswith("Recently created or updated datasets on"):
            feed_description = tk._("Recently created or updated datasets")
        pages = paging(previous_page, next_page, first_page, last_page)
        super().__init__(
            clean_text(core_title(feed_title, {
                "organization": tk._("Datasets of {opd}").replace("{opd}", "{name}"),
                "group": tk._("Datasets on {topic}").replace("{topic}", "{name}"),
                "tag": tk._("Datasets tagged {name}")})),
            absolute(mend_core_url(feed_link), site_url),
            clean_text(feed_description), lang, author,
            absolute_id(feed_guid, site_url), absolute(mend_core_url(feed_url), site_url),
            *(absolute(u, site_url) for u in pages))

    def writeString(self, encoding: str) -> bytes:  # noqa: N802 (CKAN's name)
        """The feed, with the entries' links written whole: feedgen 1.0 drops their
        ``rel`` and ``type`` (it reuses the variable of the link for its XML element)."""
        from lxml import etree

        root = etree.fromstring(self.atom_str(encoding=encoding))
        for element, entry in zip(root.findall(f"{{{ATOM_NS}}}entry"), self.entry(),
                                  strict=True):
            for link in element.findall(f"{{{ATOM_NS}}}link"):
                element.remove(link)
            for link in entry.link() or []:
                node = etree.SubElement(element, f"{{{ATOM_NS}}}link", href=link["href"])
                for key in ("rel", "type", "hreflang", "title", "length"):
                    if link.get(key):
                        node.set(key, str(link[key]))
        return etree.tostring(root, xml_declaration=True, encoding=encoding)

    def add_entry(self, feedEntry=None, order="append"):  # noqa: N803 (feedgen's name)
        # newest first, as the search returned them (feedgen prepends by default)
        return super().add_entry(feedEntry, order)

    def add_item(self, **kwargs: Any) -> None:
        # Personal data never reaches a feed: the OPD is the author.
        kwargs.pop("author_email", None)
        kwargs.pop("author_name", None)
        author = kwargs.pop("pkl_author", None)
        page = kwargs.pop("pkl_page", None)
        if page:  # the page, not the API document (still linked as the enclosure)
            kwargs.pop("link", None)
        for key in ("title", "description"):
            if key in kwargs:
                kwargs[key] = clean_text(kwargs[key])
        if kwargs.get("description"):
            kwargs["description"] = summary(kwargs["description"])
        if "unique_id" in kwargs:
            kwargs["unique_id"] = absolute_id(kwargs["unique_id"], self._site_url)
        if kwargs.get("updated") is None:
            kwargs.pop("updated", None)
        if kwargs.get("published") is None:
            kwargs.pop("published", None)
        super().add_item(**kwargs)
        entry = self.entry()[-1]
        if page:
            entry.link(href=page, rel="alternate", type="text/html")
        if author:
            entry.author({"name": clean_text(author)})


def _in_request() -> bool:
    from flask import has_request_context

    return has_request_context()


def dataset_item_fields(pkg: dict[str, Any]) -> dict[str, Any]:
    """``IFeed.get_item_additional_fields``: the dataset's page and its OPD."""
    import ckan.plugins.toolkit as tk

    org = pkg.get("organization") or {}
    endpoint = "kabar.read" if pkg.get("type") == "kabar" else "dataset.read"
    return {
        "pkl_page": tk.url_for(endpoint, id=pkg["name"], _external=True),
        "pkl_author": org.get("title") or org.get("name") or "",
    }


# --------------------------------------------------------------------------- pure entries

def achievement_entries(achievements: list[dict[str, Any]], words: dict[str, str]
                        ) -> list[dict[str, Any]]:
    """Feed entries of new achievements (``indicator_data.achievements``): one per
    indicator and year, so that a new year of data is a new entry.

    :param words: translated templates ``title`` (``{title}``, ``{year}``), ``value``
        (``{value}``, ``{unit}``, ``{year}``), ``met``, ``not_met``, ``rank`` (``{rank}``,
        ``{total}``, ``{year}``).
    :returns: ``[{"path", "name", "title", "summary", "updated", "author"}]``; ``path`` is
        the stable id path ``/capaian-pembangunan/<dataset id>/<year>``.
    """
    entries = []
    for item in achievements:
        year = item.get("year")
        if not item.get("dataset_id") or not isinstance(year, int):
            continue
        parts = [words["value"].format(value=item.get("value_text", item.get("value")),
                                       unit=item.get("unit") or "", year=year).strip()]
        status = item.get("target_status")
        if status in ("met", "not_met"):
            parts.append(words[status])
        rank = item.get("rank")
        if isinstance(rank, dict) and rank.get("rank"):
            parts.append(words["rank"].format(rank=rank["rank"], total=rank.get("total", ""),
                                              year=rank.get("year", year)))
        updated = as_datetime(item.get("updated")) \
            or dt.datetime(year, 12, 31, tzinfo=tzutc())
        entries.append({
            "path": f"/capaian-pembangunan/{item['dataset_id']}/{year}",
            "name": item.get("name") or item["dataset_id"],
            "title": words["title"].format(title=item.get("title") or item.get("name"),
                                           year=year),
            "summary": " ".join(p for p in parts if p),
            "updated": updated,
            "author": item.get("organization") or "",
        })
    return entries


def post_entries(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Feed entries of Kabar Pembangunan posts (package dicts of type ``kabar``)."""
    entries = []
    for pkg in posts:
        if pkg.get("type") != "kabar" or pkg.get("private"):
            continue
        org = pkg.get("organization") or {}
        entries.append({
            "path": f"/kabar/{pkg['id']}",
            "name": pkg["name"],
            "title": pkg.get("title") or pkg["name"],
            "summary": summary(pkg.get("notes")),
            "updated": as_datetime(pkg.get("metadata_modified")),
            "published": as_datetime(pkg.get("metadata_created")),
            "author": org.get("title") or org.get("name") or "",
            "categories": [t["name"] for t in pkg.get("tags") or []],
        })
    return entries
