"""Organization kinds through the real web app: a service unit (jenis_opd ``layanan``, like
the Atasan PPID) is created with its name and kind only, and is neither counted on the home
page, listed among the data producers, nor scored in Skor OPD; OPDs and kecamatan are."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from pkl_factories import Opd, SatuDataset


@pytest.fixture
def kinds(with_plugins, clean_db):
    dinas = Opd(name="dinas-uji", title="Dinas Uji")
    kecamatan = Opd(name="kecamatan-uji", title="Kecamatan Uji", jenis_opd="kecamatan")
    SatuDataset(owner_org=dinas["id"])
    SatuDataset(owner_org=kecamatan["id"])
    import ckan.plugins.toolkit as tk

    admin = factories.Sysadmin()
    # a service unit needs no producer field (no kode OPD, area, PPID Pelaksana)
    atasan = tk.get_action("organization_create")(
        {"user": admin["name"]},
        {"name": "atasan-ppid", "title": "Atasan PPID", "jenis_opd": "layanan"})
    return {"dinas": dinas, "kecamatan": kecamatan, "atasan": atasan, "admin": admin}


def test_a_service_unit_is_stored_with_its_kind(kinds):
    assert kinds["atasan"]["jenis_opd"] == "layanan"
    assert not kinds["atasan"].get("kode_opd")


def test_an_unknown_kind_is_refused_in_indonesian(with_plugins, clean_db):
    import ckan.plugins.toolkit as tk

    admin = factories.Sysadmin()
    for bad in ("pelayanan", "layanan\x00", ["layanan"]):
        with pytest.raises(tk.ValidationError) as err:
            tk.get_action("organization_create")(
                {"user": admin["name"]}, {"name": "atasan-x", "title": "X", "jenis_opd": bad})
        assert "jenis_opd" in err.value.error_dict
    with pytest.raises(tk.ValidationError) as err:
        tk.get_action("organization_create")({"user": admin["name"]},
                                             {"name": "atasan-y", "title": "Y"})
    assert "jenis_opd" in err.value.error_dict


def test_home_counts_and_lists_only_data_producers(kinds, app):
    html = app.get("/").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    opd = next(li for li in soup.select(".pkl-counts li") if "OPD" in li.get_text())
    assert opd.strong.get_text(strip=True) == "2", opd
    producers = soup.select_one("#pkl-opd-title").find_parent("section").get_text(" ")
    assert "Dinas Uji" in producers and "Kecamatan Uji" in producers
    assert "Atasan PPID" not in producers


def test_the_organization_list_puts_service_units_apart(kinds, app):
    soup = BeautifulSoup(app.get("/organization/").get_data(as_text=True), "html.parser")
    first = soup.select_one("ul.media-grid").get_text(" ")
    assert "Dinas Uji" in first and "Kecamatan Uji" in first and "Atasan PPID" not in first
    heading = soup.select_one("h2.pkl-service-units")
    assert heading is not None and "Unit layanan" in heading.get_text()
    assert "Atasan PPID" in soup.select_one("ul.pkl-service-units-list").get_text(" ")


def test_skor_opd_scores_only_data_producers(kinds, app):
    import ckan.plugins.toolkit as tk

    data = tk.get_action("pekalongan_scorecard")({"ignore_auth": True}, {})
    assert sorted(o["name"] for o in data["organizations"]) == ["dinas-uji", "kecamatan-uji"]
    page = app.get("/skor-opd").get_data(as_text=True)
    assert "Dinas Uji" in page and "Atasan PPID" not in page
    assert app.get("/skor-opd/atasan-ppid").status_code == 404
    assert app.get("/skor-opd/dinas-uji").status_code == 200
    csv = app.get("/skor-opd.csv").get_data(as_text=True)
    assert "Atasan PPID" not in csv and "Dinas Uji" in csv
