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
    "Topics", "All topics",
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
    ("home", "/", ["Log in", "Register", "Topics"]),
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
    ("topics", "/topik", ["Topics"]),
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


def assert_translated(case: str, path: str, english_html: str, indonesian_html: str,
                      expected: list[str], phrases=None) -> None:
    """The English page shows the ``expected`` phrases, and none of the English phrases it
    shows (of ``phrases``, default ALL_PHRASES) is left on the Indonesian page."""
    shown = visible_text(english_html)
    english = [p for p in (phrases or ALL_PHRASES) if _PHRASE_RE[p].search(shown)]
    missing = [p for p in expected if p not in english]
    assert not missing, f"{case}: the English page no longer shows {missing}"
    text = visible_text(indonesian_html)
    left = [p for p in english if _PHRASE_RE[p].search(text)]
    context = {p: next(line for line in text.splitlines() if _PHRASE_RE[p].search(line))
               for p in left}
    assert not left, f"{case} ({path}): English left on the Indonesian page: {context}"


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
    indonesian_html, indonesian_lang = render(app, path)
    if english_lang:  # whole pages (the api_info snippet is a fragment)
        assert (english_lang, indonesian_lang) == ("en", "id")
    assert_translated(case, path, english_html, indonesian_html, expected)


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


# --- the pages of a signed-in officer, data officer or admin --------------------------------
#
# The same check on the pages behind the log-in: dashboard, user pages, organization admin,
# the sysadmin pages, activity streams, error pages, and the data officer's forms (dataset
# and resource forms, harvest sources). A sysadmin who is also an admin of the dataset's
# OPD and follows it opens each page in English and in Indonesian (signed in with an API
# token, which CKAN accepts on every page).
OFFICER_PHRASES = [
    # dashboard and user pages
    "News feed", "My Datasets", "My Organizations", "My Groups", "Dashboard",
    "Activity from", "Activity from items that I'm following", "Everything",
    "You haven't created any datasets.", "Create one now?", "Edit Profile", "Edit profile",
    "Change details", "Change password", "Old Password", "Sysadmin Password",
    "API Tokens", "API Token", "Create API Token", "Last access", "Never",
    "Revoke", "Name", "Expires", "Subscribe to email notifications", "Update Profile",
    "Delete", "Followers", "Datasets", "Edits", "Member Since",
    "Username", "Full name", "About", "A little information about yourself",
    "Profile picture", "Sysadmin settings", "View dashboard", "Log out", "State",
    "You are not following anything", "Activity type", "No activity found for this type",
    "Newer activities", "Older activities",
    # organization admin
    "Manage", "Members", "Add Member", "Edit", "Role", "Member",
    "Bulk", "Make public", "Make private", "Edit Organization", "Update Organization",
    "Delete Organization", "Existing User", "New User", "If you wish to add an existing user",
    "Save", "Cancel", "Create Organization", "Add Organization", "Organization",
    "Are you sure you want to delete this member?", "Private", "Public", "Draft",
    "No datasets found", "datasets found", "members", "Create Dataset", "Add Dataset",
    # sysadmin pages
    "Sysadmins", "Config", "Trash", "Purge all", "Site Title", "Style", "Site Tag Line",
    "Site Tag Logo", "About", "Intro Text", "Custom CSS", "Homepage", "Update Config",
    "Reset", "Administration", "CKAN config options", "Trash", "deleted datasets",
    "deleted organizations", "deleted groups", "Purge", "Users", "Sysadmins",
    # dataset and resource forms (11B)
    "What are datasets?", "Visibility", "Next: Add Data", "Finish", "Add Data",
    "Add new resource", "Update Dataset", "Update Resource", "Save & add another",
    "Title", "Description", "Tags", "License", "Previous", "Add", "Upload",
    "Link", "Remove", "What's a resource?", "Resources", "Views", "Resource",
    "Create Dataset", "Create dataset", "eg. A descriptive title", "eg. CSV, XML or JSON",
    "Some useful notes about the data", "Add Resource",
    # harvest pages (11B)
    "Harvest Sources", "Add Harvest Source", "Harvest Source", "Source type",
    "Update frequency", "Configuration", "Manual", "Daily", "Weekly", "Monthly",
    "Biweekly", "Always", "Save", "Last Harvest", "Status", "Never", "Reindex",
    "Clear", "Jobs", "No harvest jobs", "Harvest Jobs", "There are no harvest",
    "Source", "Frequency", "Datasets", "Created", "Last updated", "Not yet harvested",
    "harvest source", "harvest sources", "Organization",
    # error pages
    "Not Found", "Forbidden", "Unauthorized", "Internal Server Error",
    "Dataset not found", "Unauthorized to read dataset",
    "Need to be system administrator to administer",
    "Page not found", "Error", "Access denied", "Something went wrong on our side",
    "Unauthorized to access",
]
for _phrase in OFFICER_PHRASES:
    _PHRASE_RE.setdefault(
        _phrase, re.compile(r"(?<![\w-])" + re.escape(_phrase) + r"(?![\w-])"))
ALL_PHRASES = list(dict.fromkeys(ENGLISH_PHRASES + OFFICER_PHRASES))

# (case, path, HTTP status, phrases that the English page must show); "owner" marks the pages
# that helper 11B owns (the data officer's forms and the harvest pages)
OFFICER_PAGES = [
    ("dashboard", "/dashboard/", 200, ["News feed", "My Datasets", "Activity from"]),
    ("dashboard-datasets", "/dashboard/datasets", 200, ["My Datasets", "News feed"]),
    ("dashboard-organizations", "/dashboard/organizations", 200, ["My Organizations"]),
    ("dashboard-groups", "/dashboard/groups", 200, ["My Groups"]),
    ("user", "/user/{user}", 200, ["Followers", "Datasets", "Member Since"]),
    ("user-activity", "/user/activity/{user}", 200, ["Activity Stream"]),
    ("user-edit", "/user/edit/{user}", 200, ["Change details", "Change password"]),
    ("user-api-tokens", "/user/{user}/api-tokens", 200, ["API Tokens", "Create API Token"]),
    ("organization-read-admin", "/organization/{organization}", 200, ["Manage"]),
    ("organization-edit", "/organization/edit/{organization}", 200,
     ["Update Organization", "Delete"]),
    ("organization-members", "/organization/manage_members/{organization}", 200,
     ["Add Member", "Role"]),
    ("organization-member-new", "/organization/member_new/{organization}", 200,
     ["Existing User", "Role"]),
    ("organization-bulk", "/organization/bulk_process/{organization}", 200,
     ["Make public", "Make private"]),
    ("organization-new", "/organization/new", 200, ["Create Organization"]),
    ("organization-activity", "/organization/activity/{organization}", 200,
     ["Activity Stream", "Activity type"]),
    ("ckan-admin", "/ckan-admin/", 200, ["Sysadmins", "Config", "Trash"]),
    ("ckan-admin-config", "/ckan-admin/config", 200, ["Site Title", "Update Config"]),
    ("ckan-admin-trash", "/ckan-admin/trash", 200, ["Purge all"]),
    ("error-404", "/dataset/tidak-ada-dataset-ini", 404, ["Page not found",
                                                         "Dataset not found"]),
    ("error-404-no-reason", "/tidak/ada/halaman/ini", 404, ["Page not found"]),
    ("error-403", "/organization/bulk_process/{other_organization}", 403,
     ["Access denied", "Unauthorized to access"]),
    # 11B: the data officer's forms and the harvest pages
    ("dataset-new", "/dataset/new", 200, ["Visibility", "Next: Add Data"]),
    ("dataset-edit", "/dataset/edit/{dataset}", 200, ["Update Dataset", "Visibility"]),
    ("resource-new", "/dataset/{dataset}/resource/new", 200, ["Add", "Upload", "Link"]),
    ("resource-edit", "/dataset/{dataset}/resource/{resource}/edit", 200,
     ["Update Resource", "Upload"]),
    ("harvest-sources", "/harvest/", 200, ["Add Harvest Source"]),
    ("harvest-new", "/harvest/new", 200, ["Source type", "Update frequency"]),
]
OWNED_BY_11B = {"dataset-new", "dataset-edit", "resource-new", "resource-edit",
                "harvest-sources", "harvest-new"}


@pytest.fixture(scope="module")
def officer(portal, demo_site):
    """A sysadmin with an API token, admin of the dataset's OPD (not of another one, which
    an editor of the OPD tries to bulk-edit: a 403), following the dataset; both write
    their profiles in Indonesian."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    app, names = portal
    # their own words in Indonesian: Faker's English "about" text (shown on the profile
    # pages) once held "Group", one of the phrases that must not be left in English
    admin = factories.SysadminWithToken(fullname="Petugas Uji", about="Petugas data uji.")
    editor = factories.UserWithToken(fullname="Penyunting Uji", about="Penyunting data uji.")
    site = {"ignore_auth": True, "user": admin["name"]}
    tk.get_action("organization_member_create")(site, {
        "id": names["organization"], "username": admin["name"], "role": "admin"})
    tk.get_action("organization_member_create")(site, {
        "id": names["organization"], "username": editor["name"], "role": "editor"})
    tk.get_action("follow_dataset")(site, {"id": names["dataset"]})
    other = next(d["owner_org"] for d in demo_site.values()
                 if d["owner_org"] != names["organization"])
    other = tk.get_action("organization_show")(site, {"id": other})["name"]
    return app, dict(names, user=admin["name"], other_organization=other), {
        "admin": {"Authorization": admin["token"]},
        "editor": {"Authorization": editor["token"]}}


def render_as(app, path: str, headers: dict, status: int) -> tuple[str, str]:
    response = app.get(path, headers=headers)
    assert response.status_code == status, f"{path}: HTTP {response.status_code}"
    html = response.get_data(as_text=True)
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return html, match.group(1) if match else ""


@pytest.mark.parametrize(("case", "path", "status", "expected"), OFFICER_PAGES,
                         ids=[p[0] if p[0] not in OWNED_BY_11B else f"{p[0]}-11B"
                              for p in OFFICER_PAGES])
def test_ckan_strings_on_officer_pages_are_in_indonesian(officer, case, path, status,
                                                         expected):
    app, names, tokens = officer
    headers = tokens["editor"] if case == "error-403" else tokens["admin"]
    path = path.format(**names)
    english_html, english_lang = render_as(app, "/en" + path, headers, status)
    indonesian_html, indonesian_lang = render_as(app, path, headers, status)
    assert (english_lang, indonesian_lang) == ("en", "id")
    assert_translated(case, path, english_html, indonesian_html, expected, ALL_PHRASES)


def test_the_500_page_is_in_indonesian(officer):
    """CKAN's error page for an unexpected failure, rendered as CKAN's error handler does."""
    import ckan.plugins.toolkit as tk

    app, _names, _tokens = officer
    pages = {}
    for lang in ("en", "id"):
        with app.flask_app.test_request_context(
                "/dataset/", environ_overrides={"CKAN_LANG": lang, "CKAN_LANG_IS_DEFAULT":
                                                lang == "id", "CKAN_CURRENT_URL": "/dataset/"}):
            app.flask_app.preprocess_request()
            # what CKAN's error handler passes for an unexpected exception
            pages[lang] = tk.render("error_document_template.html", {
                "code": [500], "content": "Internal server error"})
    english = [p for p in ALL_PHRASES if _PHRASE_RE[p].search(visible_text(pages["en"]))]
    assert "Something went wrong on our side" in english
    assert "Internal server error" not in pages["id"]
    assert "Terjadi kesalahan di sisi kami" in pages["id"]
    text = visible_text(pages["id"])
    assert not [p for p in english if _PHRASE_RE[p].search(text)], text
