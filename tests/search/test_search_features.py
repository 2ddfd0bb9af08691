"""Facets, search-as-you-type suggestions and "did you mean" over the demo catalogue."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from pkl_factories import Opd, SatuDataset
from pkl_relevance import LAYANAN_KAJEN, PENDUDUK_KAB, PUSKESMAS

pytestmark = pytest.mark.usefixtures("demo_catalogue")

FACETS = ["organization", "topik", "kode_wilayah", "tahun", "res_format", "frekuensi",
          "status_verifikasi"]
PRIVATE_TITLE = "Jumlah Zebra Pelangi Desa Wisata"


def act(action: str, user: dict | None = None, **data):
    """Call an action as ``user`` (None = anonymous), running its auth function."""
    return tk.get_action(action)({"user": user["name"] if user else ""}, data)


def facets(**params) -> dict[str, dict[str, dict]]:
    found = act("package_search", q="*:*", rows=0, **{"facet.field": FACETS}, **params)
    return {f: {i["name"]: i for i in found["search_facets"][f]["items"]} for f in FACETS}


@pytest.fixture(scope="module")
def private_dataset(demo_catalogue):
    """A private dataset with a word found nowhere else ("zebra"), and a sysadmin; the
    dataset and its OPD are purged afterwards (the demo must stay intact)."""
    org = Opd(title="Dinas Uji Pencarian")
    dataset = SatuDataset(title=PRIVATE_TITLE, owner_org=org["id"], private=True)
    yield {"dataset": dataset, "sysadmin": factories.Sysadmin()}
    site = {"ignore_auth": True}
    tk.get_action("dataset_purge")(site, {"id": dataset["id"]})
    tk.get_action("organization_purge")(site, {"id": org["id"]})


# --------------------------------------------------------------------------- facets

class TestFacets:
    def test_every_facet_users_need_is_counted(self, demo_catalogue):
        counts = facets()
        assert counts["tahun"]["2024"]["count"] == len(demo_catalogue)
        assert counts["topik"]["kesehatan"]["count"] == 8
        assert counts["organization"]["dinas-kesehatan"]["count"] == 6
        assert counts["res_format"]["CSV"]["count"] == len(demo_catalogue)
        assert counts["frekuensi"]["tahunan"]["count"] == 42
        assert counts["status_verifikasi"]["terverifikasi"]["count"] == 51

    def test_kecamatan_counts_per_kecamatan_tables_and_the_kecamatans_own_data(self):
        wilayah = facets()["kode_wilayah"]
        assert wilayah["33.26.08"]["count"] == 24  # 23 tables per kecamatan + Kajen's own
        assert wilayah["33.26.01"]["count"] == 23
        assert wilayah["33.26"]["count"] == 53

    def test_values_are_shown_with_their_names(self):
        counts = facets()
        assert counts["kode_wilayah"]["33.26.08"]["display_name"] == "Kec. Kajen"
        assert counts["kode_wilayah"]["33.26"]["display_name"] == "Kabupaten Pekalongan"
        assert counts["topik"]["kependudukan"]["display_name"] == (
            "Administrasi Kependudukan dan Pencatatan Sipil")
        assert counts["frekuensi"]["semesteran"]["display_name"] == "Semesteran"
        assert counts["status_verifikasi"]["perlu_perbaikan"]["display_name"] == (
            "Perlu Perbaikan")
        assert counts["organization"]["dinas-kesehatan"]["display_name"] == "Dinas Kesehatan"

    def test_filtering_by_kecamatan(self):
        found = act("package_search", fq='kode_wilayah:"33.26.08"', rows=100, fl=["name"])
        names = {r["name"] for r in found["results"]}
        assert {LAYANAN_KAJEN, PUSKESMAS} <= names and PENDUDUK_KAB not in names

    def test_the_year_is_a_number(self, demo_catalogue):
        def count(fq):
            return act("package_search", fq=fq, rows=0)["count"]

        assert count("tahun:[2020 TO 2024]") == len(demo_catalogue)
        assert count("tahun:[2025 TO *]") == 0

    def test_the_search_page_shows_the_facets_in_bahasa_indonesia(self, search_app):
        body = search_app.get("/dataset/").body
        for title in ("Topik", "Kecamatan", "Tahun", "Frekuensi", "Verifikasi",
                      "Perangkat daerah (OPD)"):
            assert title in body, title
        assert "Kec. Kajen" in body and "Administrasi Kependudukan" in body

    def test_and_in_english(self, search_app):
        body = search_app.get("/en/dataset/").body
        for title in ("Topic", "Kecamatan", "Year", "Frequency", "Verification",
                      "Agency (OPD)"):
            assert title in body, title
        assert "Population administration and civil registration" in body

    def test_a_kecamatan_facet_link_filters_the_search(self, search_app):
        body = search_app.get("/dataset/", query_string={"kode_wilayah": "33.26.08"}).body
        assert LAYANAN_KAJEN in body and PENDUDUK_KAB not in body


# --------------------------------------------------------------------------- suggestions

class TestSuggest:
    def test_an_unfinished_word_suggests_titles(self):
        titles = [r["title"] for r in act("pekalongan_suggest", q="keseh")]
        assert "Jumlah Fasilitas Pelayanan Kesehatan Tahun 2019-2024" in titles
        assert all("Kesehatan" in t for t in titles)

    def test_every_word_typed_starts_a_word_of_the_title(self):
        found = act("pekalongan_suggest", q="jumlah pendu")
        assert found and all(t["title"].startswith("Jumlah Penduduk") for t in found)
        assert {"name", "title"} == set(found[0])

    def test_rows_limits_the_suggestions(self):
        assert len(act("pekalongan_suggest", q="jumlah", rows=3)) == 3
        assert len(act("pekalongan_suggest", q="jumlah")) == tk.config.get(
            "ckanext.pekalongan.search.suggest_rows")

    @pytest.mark.parametrize("data", [{}, {"q": " k "}, {"q": "x" * 201},
                                      {"q": "jumlah", "rows": 50},
                                      {"q": "jumlah", "rows": "many"}])
    def test_invalid_parameters_are_refused(self, data):
        with pytest.raises(tk.ValidationError):
            act("pekalongan_suggest", **data)

    def test_private_datasets_are_suggested_only_to_who_may_see_them(self, private_dataset):
        assert act("pekalongan_suggest", q="zebra") == []
        found = act("pekalongan_suggest", private_dataset["sysadmin"], q="zebra")
        assert [r["title"] for r in found] == [PRIVATE_TITLE]

    def test_over_http_for_the_search_box(self, search_app):
        reply = search_app.get("/api/3/action/pekalongan_suggest",
                               query_string={"q": "imunisa"}).json
        assert reply["success"] is True
        assert reply["result"][0]["name"] == "cakupan-imunisasi-dasar-lengkap-per-kecamatan-2024"
        bad = search_app.get("/api/3/action/pekalongan_suggest", query_string={"q": "i"},
                             status=409).json
        assert bad["success"] is False and "q" in bad["error"]

    @pytest.mark.parametrize("path", ["/dataset/", "/", "/organization/"])
    def test_pages_with_a_search_box_load_the_suggestion_script(self, search_app, path):
        body = search_app.get(path).body
        assert 'name="q"' in body and "suggest.js" in body


# --------------------------------------------------------------------------- did you mean

class TestDidYouMean:
    @pytest.mark.parametrize("typo, fixed", [
        ("kesehatn", "kesehatan"),
        ("puskesmas kajn", "puskesmas kajen"),
        ("jumlah pendudk", "jumlah penduduk"),
        ("imunisasy", "imunisasi"),
    ])
    def test_a_misspelt_search_gets_a_correction_that_finds_datasets(self, typo, fixed):
        assert act("package_search", q=typo)["count"] == 0
        answer = act("pekalongan_did_you_mean", q=typo)
        assert answer["suggestion"] == fixed and answer["count"] > 0
        assert act("package_search", q=fixed)["count"] == answer["count"]

    def test_a_search_spelt_right_gets_none(self):
        assert act("pekalongan_did_you_mean", q="puskesmas kajen") == {
            "q": "puskesmas kajen", "suggestion": None, "count": 0}

    def test_words_of_private_datasets_are_suggested_only_to_who_may_see_them(
            self, private_dataset):
        assert act("pekalongan_did_you_mean", q="zebar pelangi")["suggestion"] is None
        answer = act("pekalongan_did_you_mean", private_dataset["sysadmin"], q="zebar pelangi")
        assert answer["suggestion"] == "zebra pelangi" and answer["count"] == 1

    @pytest.mark.parametrize("q", ["", " ", "k"])
    def test_an_empty_search_is_refused(self, q):
        with pytest.raises(tk.ValidationError):
            act("pekalongan_did_you_mean", q=q)

    def test_over_http_for_an_anonymous_visitor(self, search_app):
        reply = search_app.get("/api/3/action/pekalongan_did_you_mean",
                               query_string={"q": "puskesmas kajn"}).json
        assert reply["result"]["suggestion"] == "puskesmas kajen"

    def test_the_search_page_offers_the_correction_when_nothing_is_found(self, search_app):
        body = search_app.get("/dataset/", query_string={"q": "kesehatn"}).body
        assert "pekalongan-did-you-mean" in body
        assert "/dataset/?q=kesehatan" in body
        assert "Apakah maksud Anda" in body

    def test_not_when_something_is_found(self, search_app):
        body = search_app.get("/dataset/", query_string={"q": "kesehatan"}).body
        assert "pekalongan-did-you-mean" not in body

    def test_the_issue_queries_on_the_search_page(self, search_app):
        body = search_app.get("/dataset/", query_string={"q": "puskesmas kajen"}).body
        assert PUSKESMAS in body


@pytest.mark.browser
def test_the_search_box_suggests_titles_and_opens_the_one_picked(live_portal, page):
    page.goto(live_portal + "/dataset/")
    box = page.locator("#field-giant-search")
    box.fill("imunisa")
    option = page.locator("datalist option").first
    option.wait_for(state="attached", timeout=10000)
    title = option.get_attribute("value")
    assert title == "Cakupan Imunisasi Dasar Lengkap per Kecamatan Tahun 2024"
    box.fill(title)
    page.wait_for_url("**/dataset/cakupan-imunisasi-dasar-lengkap-per-kecamatan-2024")
