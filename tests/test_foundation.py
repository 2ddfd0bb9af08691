"""The stack is real: CKAN answers, Solr indexes and searches, pages render in Bahasa
Indonesia, ckanapi and a headless browser talk to a live portal."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from pkl_factories import SatuDataset

ROOT = Path(__file__).resolve().parent.parent


def _solr_base() -> str:
    return tk.config["solr_url"].rsplit("/", 1)[0]


@pytest.mark.usefixtures("with_plugins")
def test_status_show_reports_the_pinned_ckan_and_our_plugins():
    status = helpers.call_action("status_show")
    assert status["ckan_version"] == "2.11.6"
    for plugin in ("pekalongan", "scheming_datasets", "harvest", "dcat", "datastore"):
        assert plugin in status["extensions"]
    assert status["locale_default"] == "id"


def test_solr_is_a_real_solr_9_server():
    with urllib.request.urlopen(_solr_base() + "/admin/info/system?wt=json", timeout=10) as r:
        info = json.load(r)
    assert info["lucene"]["solr-spec-version"].startswith("9.")
    assert info["lucene"]["lucene-spec-version"].split(".")[0] in {"9"}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetRoundTrip:
    def test_a_dataset_created_through_the_api_is_found_by_solr(self):
        ds = SatuDataset(title="Jumlah Penduduk Kecamatan Kajen")
        found = helpers.call_action("package_search", q="Kajen")
        assert [r["id"] for r in found["results"]] == [ds["id"]]
        # and the document is really in the Solr core the site uses
        url = tk.config["solr_url"] + f"/select?q=id:{ds['id']}&wt=json"
        with urllib.request.urlopen(url, timeout=10) as r:
            assert json.load(r)["response"]["numFound"] == 1

    def test_dataset_page_and_search_page_render(self, app):
        ds = SatuDataset(title="Jumlah Sekolah Dasar")
        page = app.get(f"/dataset/{ds['name']}")
        assert "Jumlah Sekolah Dasar" in page.body
        search = app.get("/dataset/?q=Sekolah")
        assert ds["name"] in search.body
        assert 'lang="id"' in search.body


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_ckanapi_cli_talks_to_the_live_portal(live_portal, sysadmin_token):
    _name, token = sysadmin_token
    ds = SatuDataset(title="Panjang Jalan Kabupaten")
    ckanapi = str(Path(sys.executable).with_name("ckanapi"))
    out = subprocess.run(
        [ckanapi, "action", "package_show", f"id={ds['name']}", "-r", live_portal,
         "-a", token],
        capture_output=True, text=True, timeout=60, check=True,
    )
    assert json.loads(out.stdout)["title"] == "Panjang Jalan Kabupaten"


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_home_page_in_chromium_speaks_bahasa_indonesia(live_portal, page):
    SatuDataset(title="Jumlah Puskesmas")
    page.goto(live_portal + "/")
    assert page.get_attribute("html", "lang") == "id"
    assert page.inner_text("h1") == "Portal Satu Data Kabupaten Pekalongan"
    assert "Jumlah Puskesmas" in page.inner_text("main, [role=main]")
    page.goto(live_portal + "/en/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Satu Data Portal of Kabupaten Pekalongan"
