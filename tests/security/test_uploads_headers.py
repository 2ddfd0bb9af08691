"""Stored script through uploads (issue 17, defect 2) and the headers of every answer.

An editor uploads ``.html``, ``.svg`` (with ``<script>``) and a ``.csv`` declared as
``text/html``. The files are served so that no browser runs them — as an attachment, with
the type sniffed from the content (never the declared ``mimetype``), ``nosniff`` and a
sandboxing Content-Security-Policy — through CKAN's test app, a live gunicorn and headless
Chromium (which downloads the file instead of running it). The portal's pages carry a
Content-Security-Policy under which CKAN's own scripts still run: Chromium reports no CSP
violation on the home, search, dataset, resource (with its DataStore table view) and PPID
form pages.

No ``clean_db`` here: the module's data has unique names and the rest of the database
(the demo catalogue of the browser tests) is left alone.
"""
from __future__ import annotations

import io
import os
import re

import pytest
import requests

HTML = b"<!DOCTYPE html><html><body><h1>Laporan</h1>" \
       b"<script>document.title='PWNED'; alert(document.cookie)</script></body></html>\n"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" ' \
      b'height="10"><script>document.title="PWNED"; alert(1)</script>' \
      b'<rect width="10" height="10"/></svg>\n'
CSV = b"tahun,jumlah\n2023,10\n2024,<script>alert(1)</script>\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

# name: (filename, body, declared mimetype or None, expected served type)
UPLOADS = {
    "html": ("laporan.html", HTML, None, "application/octet-stream"),
    "svg": ("peta.svg", SVG, "image/svg+xml", "application/octet-stream"),
    "csv-as-html": ("data.csv", CSV, "text/html", "text/csv"),
}


@pytest.fixture(scope="module")
def site():
    """A sysadmin with an API token and a dataset of an OPD (committed: the live portal
    reads the same database)."""
    import ckan.model as model
    from ckan import plugins
    from ckan.tests import factories
    from pkl_factories import SatuDataset

    plugins.load_all()
    admin = factories.SysadminWithToken()
    dataset = SatuDataset()
    model.Session.remove()
    return {"token": admin["token"], "user": admin["name"], "dataset": dataset}


def _download_url(resource: dict) -> str:
    return re.sub(r"^https?://[^/]+", "", resource["url"])


def _assert_safe_file(headers, expected_type: str) -> None:
    assert headers["Content-Type"].split(";")[0] == expected_type
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def _upload_through_app(app, site, filename, body, mimetype):
    data = {"package_id": site["dataset"]["id"], "name": filename,
            "upload": (io.BytesIO(body), filename)}
    if mimetype:
        data["mimetype"] = mimetype
    response = app.post("/api/3/action/resource_create", data=data,
                        headers={"Authorization": site["token"]})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["result"]


@pytest.mark.parametrize("case", list(UPLOADS))
def test_uploads_are_served_as_attachments_of_their_sniffed_type(app, site, case):
    filename, body, declared, expected = UPLOADS[case]
    resource = _upload_through_app(app, site, filename, body, declared)
    assert resource["mimetype"] not in ("text/html", "image/svg+xml")
    assert resource["mimetype"] == expected

    response = app.get(_download_url(resource))
    assert response.status_code == 200
    assert response.data == body
    _assert_safe_file(response.headers, expected)


def test_declared_active_mimetype_is_not_kept_on_update(app, site):
    resource = _upload_through_app(app, site, "tabel.csv", b"a,b\n1,2\n", None)
    response = app.post("/api/3/action/resource_patch",
                        json={"id": resource["id"], "mimetype": "text/html"},
                        headers={"Authorization": site["token"]})
    assert response.status_code == 200
    assert response.json["result"]["mimetype"] == "text/csv"
    served = app.get(_download_url(resource))
    _assert_safe_file(served.headers, "text/csv")


def test_uploaded_images_stay_inline_and_legacy_files_are_attachments(app, site):
    """/uploads/...: an organization logo is shown inline as the PNG it is; any other file
    found there (here an HTML file left by an older version) is an attachment."""
    import ckan.plugins.toolkit as tk

    response = app.post("/api/3/action/organization_create",
                        data={"name": f"opd-logo-{os.getpid()}", "title": "Dinas Logo",
                              "jenis_opd": "dinas",
                              "image_upload": (io.BytesIO(PNG), "logo.png")},
                        headers={"Authorization": site["token"]})
    assert response.status_code == 200, response.get_data(as_text=True)
    logo = app.get("/uploads/group/" + response.json["result"]["image_url"])
    assert logo.status_code == 200
    assert logo.headers["Content-Type"] == "image/png"
    assert logo.headers["Content-Disposition"] == "inline"
    assert logo.headers["X-Content-Type-Options"] == "nosniff"

    folder = os.path.join(tk.config["ckan.storage_path"], "storage", "uploads", "group")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "lama.html"), "wb") as f:
        f.write(HTML)
    legacy = app.get("/uploads/group/lama.html")
    assert legacy.status_code == 200
    _assert_safe_file(legacy.headers, "application/octet-stream")


def test_every_page_has_a_content_security_policy(app):
    for path in ("/", "/dataset/", "/ppid/permohonan/baru", "/user/login", "/tidak-ada"):
        response = app.get(path, status=None)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        policy = response.headers["Content-Security-Policy"]
        for directive in ("script-src 'self' 'nonce-", "object-src 'none'",
                          "base-uri 'self'", "frame-ancestors 'self'"):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    api = app.get("/api/3/action/status_show")
    assert api.headers["X-Content-Type-Options"] == "nosniff"


# --------------------------------------------------------------------------- live portal

@pytest.fixture(scope="module")
def live_uploads(site, live_portal):
    """The three hostile files uploaded through the API of the live portal (gunicorn)."""
    uploaded = {}
    for case, (filename, body, declared, _expected) in UPLOADS.items():
        data = {"package_id": site["dataset"]["id"], "name": filename}
        if declared:
            data["mimetype"] = declared
        response = requests.post(f"{live_portal}/api/3/action/resource_create", data=data,
                                 files={"upload": (filename, body)}, timeout=60,
                                 headers={"Authorization": site["token"]})
        assert response.status_code == 200, response.text
        uploaded[case] = response.json()["result"]
    return uploaded


@pytest.mark.parametrize("case", list(UPLOADS))
def test_live_portal_serves_uploads_as_attachments(live_portal, live_uploads, case):
    resource = live_uploads[case]
    response = requests.get(f"{live_portal}{_download_url(resource)}", timeout=60)
    assert response.status_code == 200
    assert response.content == UPLOADS[case][1]
    _assert_safe_file(response.headers, UPLOADS[case][3])


@pytest.mark.parametrize("case", list(UPLOADS))
def test_chromium_downloads_the_upload_and_runs_no_script(live_portal, live_uploads, page,
                                                          case):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_portal}/")
    title = page.title()
    url = f"{live_portal}{_download_url(live_uploads[case])}"
    with page.expect_download() as download_info:
        try:
            page.goto(url)
        except Exception as err:  # Chromium reports a navigation that became a download
            assert "Download is starting" in str(err) or "net::ERR_ABORTED" in str(err)
    download = download_info.value
    assert download.suggested_filename.endswith(UPLOADS[case][0].rsplit(".", 1)[1])
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.title() == title and "PWNED" not in page.title()


def _csp_violations(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None)
    return found


@pytest.fixture(scope="module")
def csp_pages(site, live_portal):
    """Paths of a dataset whose CSV is in the DataStore with a table view and a chart."""
    import ckan.model as model
    from ckan.tests import helpers

    token = {"Authorization": site["token"]}
    dataset = site["dataset"]
    response = requests.post(
        f"{live_portal}/api/3/action/resource_create", headers=token, timeout=60,
        data={"package_id": dataset["id"], "name": "penduduk.csv", "format": "CSV"},
        files={"upload": ("penduduk.csv", b"tahun,jumlah\n2022,5\n2023,6\n2024,7\n")})
    assert response.status_code == 200, response.text
    resource = response.json()["result"]
    context = {"user": site["user"]}
    helpers.call_action("datastore_create", context=dict(context),
                        resource_id=resource["id"], force=True,
                        fields=[{"id": "tahun", "type": "int"},
                                {"id": "jumlah", "type": "int"}],
                        records=[{"tahun": 2022, "jumlah": 5}, {"tahun": 2023, "jumlah": 6},
                                 {"tahun": 2024, "jumlah": 7}])
    views = helpers.call_action("resource_view_list", context=dict(context),
                                id=resource["id"])
    if not any(v["view_type"] == "datatables_view" for v in views):
        helpers.call_action("resource_view_create", context=dict(context),
                            resource_id=resource["id"],
                            view_type="datatables_view", title="Tabel")
    model.Session.remove()
    return {
        "home": "/",
        "search": "/dataset/?q=penduduk",
        "dataset": f"/dataset/{dataset['name']}",
        "resource": f"/dataset/{dataset['name']}/resource/{resource['id']}",
        "ppid-form": "/ppid/permohonan/baru",
        "login": "/user/login",
    }


@pytest.mark.parametrize("key", ["home", "search", "dataset", "resource", "ppid-form",
                                 "login"])
def test_pages_run_under_the_policy_without_violations(live_portal, csp_pages, page, key):
    violations = _csp_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(f"{live_portal}{csp_pages[key]}", wait_until="networkidle")
    assert response.status == 200
    assert "script-src" in response.headers["content-security-policy"]
    # CKAN's module loader ran under the policy: its modules mark their elements
    assert page.evaluate("typeof window.ckan === 'object' && !!window.ckan.module")
    if key == "resource":
        frame = page.frame_locator("iframe").first
        frame.locator("table#dtprv tbody tr").first.wait_for(timeout=30_000)
    assert violations == [], "\n".join(v[:400] for v in violations)
    assert errors == [], errors
