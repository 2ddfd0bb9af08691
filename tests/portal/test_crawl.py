"""No broken link and no third-party request: a depth-2 crawl of the live portal.

The live portal (gunicorn on the test site, tests/conftest.py ``live_portal``) serves the demo
catalogue. An admin has left traces a real admin leaves: a dataset created, edited and
deleted, another created and purged (its activities stay in the streams), an organization
followed. The crawl starts from the pages each visitor starts from — anonymous: the home page;
the admin (signed in with an API token, as CKAN accepts on every page): the home page, the
dashboard, the sysadmin pages, their profile and the harvest sources — and follows every
same-site ``<a href>`` by GET, two links deep (links on the last level are checked, not
followed). Logging out and links that change state on a GET (delete, purge, clear, abort,
follow) are never followed; forms are never sent. Query-string variants of one path (search
facets, sort orders) are capped, so the crawl stays bounded.

Old versions of a dataset (``/dataset/<id>/history/<activity>``) are opened but their links
are not followed: their download links may name resources replaced since (a known gap).

Fails when a link answers 4xx or 5xx, naming the link and a page that has it, and when a page
makes the browser ask another host for anything (scripts, images, styles, frames, media,
``srcset``, CSS ``url()``/``@import`` of the site's stylesheets).
"""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import requests

DEPTH = 2
MAX_PAGES = 450  # pages fetched per visitor (every link is still checked)
VARIANTS_PER_PATH = 3  # query strings followed per path
WORKERS = 4
# links a crawler must not follow by GET: they end the session or change state
NEVER_FOLLOW = re.compile(
    r"/(_?logout|delete|purge|clear|refresh|abort|job_abort|unfollow|follow|logged_out|revoke)"
    r"(/|$|\?)|/(dashboard/)?_?mark|/user/reset|/api/i18n|/webassets/", re.IGNORECASE)
# an old version of a dataset is a snapshot: it must open, its links to resources replaced
# since are not followed (known gap, see the module docstring)
OPEN_ONLY = re.compile(r"/history/")
DOWNLOAD = re.compile(r"/download(/|$)|\.(csv|xlsx?|json|xml|rdf|ttl|jsonld|pdf|zip)$",
                      re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
RESOURCE_ATTRS = (("script", "src"), ("img", "src"), ("iframe", "src"), ("frame", "src"),
                  ("embed", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                  ("track", "src"), ("object", "data"), ("video", "poster"),
                  ("input", "src"))
LINK_RELS = {"stylesheet", "preload", "icon", "shortcut", "apple-touch-icon", "manifest",
             "prefetch", "preconnect", "dns-prefetch", "modulepreload"}
_RESOURCES: dict[str, tuple[str, ...]] = {}
for _tag, _attr in RESOURCE_ATTRS:
    _RESOURCES[_tag] = (*_RESOURCES.get(_tag, ()), _attr)


@pytest.fixture(scope="module")
def admin_traces(demo_site):
    """A sysadmin with an API token, and the traces of their day's work (removed after)."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    admin = factories.SysadminWithToken()
    context = {"user": admin["name"], "ignore_auth": True}
    org = next(iter(demo_site.values()))["owner_org"]
    organization = tk.get_action("organization_show")(context, {"id": org})
    action = tk.get_action
    satudata = {"owner_org": org, "notes": "Dataset uji", "topik": "kependudukan",
                "satuan": "jiwa", "frekuensi": "tahunan", "tahun": 2024, "license_id": "cc-by"}
    kept = action("package_create")(context, {
        **satudata, "name": "uji-jelajah-tautan", "title": "Uji jelajah tautan",
        "resources": [{"url": "http://127.0.0.1/x.csv",
                                               "name": "Tabel", "format": "CSV"}]})
    action("package_patch")(context, {"id": kept["id"], "notes": "Dataset uji, diubah"})
    action("package_delete")(context, {"id": kept["id"]})
    purged = action("package_create")(context, {
        **satudata, "name": "uji-jelajah-dihapus", "title": "Uji jelajah dihapus"})
    action("package_patch")(context, {"id": purged["id"], "notes": "Diubah sebelum dihapus"})
    action("dataset_purge")(context, {"id": purged["id"]})
    edited = action("package_create")(context, {
        **satudata, "name": "uji-jelajah-diubah", "title": "Uji jelajah diubah"})
    action("package_patch")(context, {"id": edited["id"], "notes": "Diubah oleh admin"})
    action("follow_group")(context, {"id": organization["id"]})
    try:
        yield admin
    finally:  # the demo stays as loaded for the next modules
        for dataset in (kept, edited):
            try:
                action("dataset_purge")(context, {"id": dataset["id"]})
            except tk.ObjectNotFound:
                pass


class Tags(HTMLParser):
    """What a page asks the browser to load and links to, read in one pass of the tokenizer
    BeautifulSoup's "html.parser" builds its tree with (the same tags and attribute values:
    a valueless attribute is "", the last of a repeated one wins, ``rel`` is split on white
    space), without building a tree: a fourth of the CPU time BeautifulSoup took.

    ``refs``: the ``RESOURCE_ATTRS`` and ``srcset`` values; ``link_tags``: (href, rels) of
    the ``<link>`` elements with a ``LINK_RELS`` relation; ``css``: the ``<style>`` texts and
    ``style`` attributes; ``links``: the ``<a href>`` values, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=False)  # as BeautifulSoup's builder
        self.refs: list[str | None] = []
        self.link_tags: list[tuple[str | None, set[str]]] = []
        self.css: list[str] = []
        self.links: list[str] = []
        self._style: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: "" if value is None else value for name, value in attrs}
        for attr in _RESOURCES.get(tag, ()):
            self.refs.append(attrs.get(attr))
        if tag in ("img", "source"):
            self.refs.append(attrs.get("srcset"))
        if tag == "link":
            rel = {r.lower() for r in attrs.get("rel", "").split()}
            if rel & LINK_RELS:
                self.link_tags.append((attrs.get("href"), rel))
        if "style" in attrs:
            self.css.append(attrs["style"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "style":
            self._style = []

    def handle_data(self, data):
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            self.css.append("".join(self._style))
            self._style = None

    def close(self):
        super().close()
        self.handle_endtag("style")  # a <style> left open runs to the end of the page


class Crawl:
    def __init__(self, base: str, headers: dict[str, str]):
        self.base = base
        self.host = urlsplit(base).netloc
        self.session = requests.Session()
        self.session.headers.update(headers)
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=WORKERS)
        self.session.mount("http://", adapter)
        self.status: dict[str, int] = {}
        self.found_on: dict[str, str] = {}
        self.third_party: dict[str, set[str]] = {}
        self.stylesheets: set[str] = set()
        self.pages = 0

    def local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.host

    def fetch(self, url: str) -> tuple[str, int, str | None]:
        """Status and HTML of ``url``, following redirects while they stay on the site (a
        redirect to another host, e.g. a link resource's file, answers for the link)."""
        first = url
        for _hop in range(6):
            method = self.session.head if DOWNLOAD.search(urlsplit(url).path) else \
                self.session.get
            response = method(url, allow_redirects=False, timeout=60)
            location = response.headers.get("Location")
            if response.is_redirect and location:
                url = urljoin(url, location)
                if not self.local(url):
                    return first, response.status_code, None
                continue
            break
        html = None
        if method == self.session.get and "text/html" in response.headers.get(
                "Content-Type", ""):
            html = response.text
        return first, response.status_code, html

    def foreign(self, page: str, ref: str | None) -> None:
        for candidate in (ref or "").split(","):
            candidate = candidate.strip().split(" ")[0]
            if not candidate or candidate.startswith(("data:", "blob:", "#")):
                continue
            absolute = urljoin(page, candidate)
            if urlsplit(absolute).scheme in ("http", "https") and not self.local(absolute):
                self.third_party.setdefault(absolute, set()).add(page)

    def parse(self, page: str, html: str) -> list[str]:
        tags = Tags()
        tags.feed(html)
        tags.close()
        for ref in tags.refs:
            self.foreign(page, ref)
        for href, rel in tags.link_tags:
            self.foreign(page, href)
            href = urljoin(page, href or "")
            if "stylesheet" in rel and self.local(href):
                self.stylesheets.add(href)
        for css in tags.css:
            for match in CSS_URL.finditer(css):
                self.foreign(page, match.group(1) or match.group(2))
        links = []
        for href in tags.links:
            href = href.strip()
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            url = urldefrag(urljoin(page, href))[0]
            if self.local(url):
                links.append(url)
        return links

    def run(self, seeds: list[str]) -> None:
        variants: dict[str, int] = {}
        level = [urljoin(self.base, s) for s in seeds]
        for s in level:
            self.found_on.setdefault(s, "(start)")
        with ThreadPoolExecutor(WORKERS) as pool:
            for depth in range(DEPTH + 1):
                todo = [u for u in dict.fromkeys(level) if u not in self.status]
                level = []
                for url, status, html in pool.map(self.fetch, todo):
                    self.status[url] = status
                    if html is None:
                        continue
                    self.pages += 1
                    if depth == DEPTH or self.pages >= MAX_PAGES or OPEN_ONLY.search(url):
                        continue
                    for link in self.parse(url, html):
                        if link in self.status or NEVER_FOLLOW.search(link):
                            continue
                        parts = urlsplit(link)
                        if parts.query and link not in self.found_on:
                            variants[parts.path] = variants.get(parts.path, 0) + 1
                            if variants[parts.path] > VARIANTS_PER_PATH:
                                continue
                        self.found_on.setdefault(link, url)
                        level.append(link)
            for sheet, status, _html in pool.map(self.fetch_css, sorted(self.stylesheets)):
                self.status.setdefault(sheet, status)

    def fetch_css(self, url: str) -> tuple[str, int, None]:
        response = self.session.get(url, timeout=60)
        for match in CSS_URL.finditer(response.text):
            self.foreign(url, match.group(1) or match.group(2))
        return url, response.status_code, None

    def broken(self) -> dict[str, str]:
        return {f"{url} → {status}": f"on {self.found_on.get(url, '?')}"
                for url, status in sorted(self.status.items()) if status >= 400}


def _crawl(base: str, seeds: list[str], headers: dict[str, str]) -> Crawl:
    crawl = Crawl(base, headers)
    crawl.run(seeds)
    return crawl


def _assert_clean(crawl: Crawl, least_pages: int) -> None:
    assert crawl.pages >= least_pages, f"only {crawl.pages} pages crawled"
    assert not crawl.broken(), f"broken links: {crawl.broken()}"
    foreign = {url: sorted(pages)[:3] for url, pages in crawl.third_party.items()}
    assert not foreign, f"third-party requests: {foreign}"


def test_anonymous_crawl_finds_no_broken_link_and_no_third_party_request(
        live_portal, demo_site):
    crawl = _crawl(live_portal, ["/"], {})
    _assert_clean(crawl, least_pages=60)
    # the crawl reached the pages it is meant to guard
    paths = {urlsplit(u).path for u in crawl.status}
    assert {"/dataset/", "/organization/", "/skor-opd"} <= paths, sorted(paths)[:40]


def test_admin_crawl_finds_no_broken_link_and_no_third_party_request(
        live_portal, admin_traces):
    seeds = ["/", "/dashboard/", "/dashboard/datasets", "/ckan-admin/", "/ckan-admin/trash",
             f"/user/{admin_traces['name']}", f"/user/activity/{admin_traces['name']}",
             "/harvest/", "/organization/"]
    crawl = _crawl(live_portal, seeds, {"Authorization": admin_traces["token"]})
    # signed in, the token was honoured: the sysadmin pages answered
    assert crawl.status[urljoin(live_portal, "/ckan-admin/")] == 200
    _assert_clean(crawl, least_pages=80)
    paths = {urlsplit(u).path for u in crawl.status}
    assert any(p.startswith("/dataset/changes/") for p in paths), "no activity changes link"
