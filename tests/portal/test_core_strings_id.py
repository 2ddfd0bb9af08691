"""CKAN's own strings on the public pages are in Bahasa Indonesia.

CKAN's Indonesian catalogue leaves most strings of the public pages in English; ours
(``i18n/ckan_core_id.po``, merged into the ``id`` catalogue by ``config/i18n.py compile``)
completes it. Each public page — home, dataset search, dataset, resource, the Data API help
(CKAN's ``api_info`` snippet behind the resource page's *Data API* button), organization and
group lists and pages, activity stream, log-in and registration — is rendered in English
(``/en/...``) and in Indonesian (the default): the typical CKAN phrases found in the English
page must not be left in the Indonesian one. The phrases checked are derived from the English
rendering, so a page that loses its translation fails.
"""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup, Comment

DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"

# English phrases of CKAN's templates (and its JavaScript) that visitors meet on the public
# pages. Words that are the same in Indonesian ("Dataset", "Format", "API", "Email", "Tag")
# are left out. Matched as whole words, case-sensitively.
ENGLISH_PHRASES = [
    # header, footer, home
    "Search Datasets", "Search datasets", "Organizations", "Organization", "Groups", "Group",
    "Log in", "Register", "About", "Home", "Skip to main content", "Powered by", "Language",
    # search
    "Order by", "Relevance", "Name Ascending", "Name Descending", "Last Modified",
    "Filter Results", "Filter by", "No datasets found", "datasets found", "dataset found",
    "Sorry no datasets found", "Formats", "Licenses", "Tags", "Show More", "Show Only Popular",
    "Clear All", "You can also access this registry", "API Docs", "Popular",
    # dataset and resource
    "Data and Resources", "Additional Info", "Additional Information", "Download", "Explore",
    "Preview", "More information", "Go to resource", "View", "License", "No License Provided",
    "Followers", "Follow", "Activity Stream", "Social", "Share", "Source", "Author",
    "Maintainer", "Version", "State", "Last Updated", "Created", "Field", "Value",
    "Data last updated", "Metadata last updated", "Resources", "Resource", "Data API",
    "API Endpoint", "unknown", "Datastore active", "Package id", "Url type", "Has views",
    "Mimetype", "Position", "Size", "Show more", "Hide", "Data Explorer",
    # Data API help (api_info snippet)
    "CKAN Data API", "Access resource data via a web API", "Further information",
    "Code examples", "Querying", "Using the API with this Web Browser", "Query example",
    "Get 5 results", "Get results with either", "Some API endpoints", "SQL query example",
    # organizations and groups
    "What are Organizations?", "What are Groups?", "CKAN Organizations are used",
    "You can use CKAN Groups", "organizations found", "groups found", "Search organizations",
    "Search groups", "Datasets", "Members", "Activity", "Name", "Description",
    # activity stream
    "New Package", "Changed Package", "Deleted Package", "Follow Dataset",
    "New Resource View", "Changed Resource View", "Deleted Resource View", "Activity type",
    "Newer activities", "Older activities", "created the dataset", "updated the dataset",
    # log in and register
    "Username or Email", "Username", "Password", "Remember me", "Forgot your password?",
    "Create an Account", "Need an Account?", "Full Name", "Confirm", "Create Account",
    "Login", "Image URL", "Upload", "Link", "Remove", "Profile picture",
]
_PHRASE_RE = {p: re.compile(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])") for p in ENGLISH_PHRASES}
# (case, path, phrases that the English page must show: the check is not vacuous)
PAGES = [
    ("home", "/", ["Log in", "Register", "Groups"]),
    ("search", "/dataset/", ["Order by", "Relevance", "datasets found", "Formats"]),
    ("search-no-results", "/dataset/?q=zzqxwvyy", ["No datasets found"]),
    ("dataset", "/dataset/{dataset}", ["Data and Resources", "Additional Info", "Explore",
                                       "Followers", "License"]),
    ("resource", "/dataset/{dataset}/resource/{resource}", ["Download", "Data API",
                                                            "Additional Information"]),
    ("api-info", "/api/1/util/snippet/api_info.html?resource_id={resource}",
     ["CKAN Data API", "Querying", "Code examples"]),
    ("organizations", "/organization/", ["What are Organizations?", "organizations found"]),
    ("organization", "/organization/{organization}", ["datasets found", "Followers"]),
    ("organization-about", "/organization/about/{organization}", ["Activity Stream"]),
    ("groups", "/group/", ["What are Groups?", "groups found"]),
    ("group", "/group/{group}", ["datasets found", "Followers"]),
    ("activity", "/dataset/activity/{dataset}", ["Activity Stream", "Activity type"]),
    ("login", "/user/login", ["Username or Email", "Password", "Remember me",
                              "Forgot your password?"]),
    ("register", "/user/register", ["Username", "Full Name", "Password", "Create Account"]),
]
RECORDS = [{"tahun": 2023, "jumlah": 1000}, {"tahun": 2024, "jumlah": 1010}]


@pytest.fixture(scope="module")
def portal(demo_site):
    """The web app over the demo catalogue, the dataset's CSV in the DataStore (so that the
    resource page shows the Data API button, as on the running portal) and the paths used."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import helpers

    site = {"ignore_auth": True}
    dataset = tk.get_action("package_show")(site, {"id": DATASET})
    resource = dataset["resources"][0]
    tk.get_action("datastore_create")(site, {
        "resource_id": resource["id"], "force": True, "records": RECORDS,
        "fields": [{"id": "tahun", "type": "int"}, {"id": "jumlah", "type": "int"}]})
    try:
        yield helpers._get_test_app(), {
            "dataset": DATASET, "resource": resource["id"],
            "organization": dataset["organization"]["name"],
            "group": dataset["groups"][0]["name"],
        }
    finally:
        # the demo stays as loaded for the next modules
        tk.get_action("datastore_delete")(site, {"resource_id": resource["id"], "force": True})


def visible_text(html: str) -> str:
    """What a visitor reads or hears: text nodes, and the placeholder, title, aria-label,
    alt and button values; one line each."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    parts = [" ".join(t.split()) for t in soup.find_all(string=True)
             if not isinstance(t, Comment)]
    for el in soup.find_all(True):
        for attr in ("placeholder", "title", "aria-label", "alt"):
            if isinstance(el.get(attr), str):
                parts.append(" ".join(el[attr].split()))
        if el.name == "input" and el.get("type") in ("submit", "button") and el.get("value"):
            parts.append(el["value"])
    return "\n".join(p for p in parts if p)


def english_phrases(text: str) -> list[str]:
    return [p for p, rx in _PHRASE_RE.items() if rx.search(text)]


def render(app, path: str) -> tuple[str, str]:
    response = app.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
    html = response.get_data(as_text=True)
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return html, match.group(1) if match else ""


@pytest.mark.parametrize(("case", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_ckan_strings_on_public_pages_are_in_indonesian(portal, case, path, expected):
    app, names = portal
    path = path.format(**names)
    english_html, english_lang = render(app, "/en" + path)
    english = english_phrases(visible_text(english_html))
    missing = [p for p in expected if p not in english]
    assert not missing, f"{case}: the English page no longer shows {missing}"

    indonesian_html, indonesian_lang = render(app, path)
    if english_lang:  # whole pages (the api_info snippet is a fragment)
        assert (english_lang, indonesian_lang) == ("en", "id")
    text = visible_text(indonesian_html)
    left = [p for p in english if _PHRASE_RE[p].search(text)]
    context = {p: next(line for line in text.splitlines() if _PHRASE_RE[p].search(line))
               for p in left}
    assert not left, f"{case} ({path}): English left on the Indonesian page: {context}"


def test_ckan_javascript_strings_are_in_indonesian(portal):
    """CKAN's JavaScript modules ("Show more" of the resource page's information table,
    the upload field, confirmations) read their translations from /api/i18n/<lang>."""
    app, _names = portal
    indonesian = json.loads(app.get("/api/i18n/id").get_data(as_text=True))
    assert indonesian[""]["lang"] == "id"
    for msgid in ("Show more", "Hide", "Loading...", "Upload", "Link", "Remove",
                  "Are you sure you want to perform this action?", "Cancel", "Confirm"):
        assert msgid in indonesian, f"{msgid!r} has no Indonesian translation for the scripts"
        translated = indonesian[msgid][1]
        assert translated and translated != msgid, f"{msgid!r} stays English in the scripts"
    assert indonesian["Show more"][1] == "Tampilkan lebih banyak"
