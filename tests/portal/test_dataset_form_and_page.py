"""The data officer's dataset form and the dataset page's metadata, through the real web app.

The form (scheming, ``satudata_dataset.yaml``): visibility Public by default with the rule
said beside it, the walidata's verification status read-only (and said so) for OPD staff, a
region picker of checkboxes (no Ctrl-click). The page: Markdown rendered safely, the contact's
e-mail address as a mailto link, no empty metadata rows.
"""
from __future__ import annotations

import re

import pytest
from ckan.tests import factories
from pkl_factories import Opd, SatuDataset

# CKAN's English form texts that were left on the Indonesian forms
ENGLISH = ["What are datasets?", "A CKAN Dataset is", "Next: Add Data", "Visibility",
           "Save & add another", "What's a resource?", "Add New Resource", "Update Dataset",
           "Markdown formatting", "Previous", "Finish", "Edit metadata", "View dataset",
           "you agree to release"]


def _visible_text(body: str) -> str:
    import html

    body = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", body)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", body))


def _get(app, url, user):
    token = factories.APIToken(user=user["name"])["token"]
    return app.get(url, headers={"Authorization": token}, status=200)


def _checked(body: str, value: str) -> bool:
    pattern = r'<input[^>]*name="kode_wilayah"[^>]*value="' + re.escape(value) + r'"[^>]*>'
    tag = re.search(pattern, body)
    assert tag, value
    return " checked" in tag.group(0)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetForm:
    @pytest.fixture
    def editor(self):
        return factories.User()

    @pytest.fixture
    def opd(self, editor):
        return Opd(users=[{"name": editor["name"], "capacity": "editor"}])

    def test_a_new_dataset_is_public_by_default_and_says_why(self, app, editor, opd):
        body = _get(app, "/dataset/new", editor).body
        select = re.search(r'<select id="field-private".*?</select>', body, re.S).group(0)
        assert re.search(r'<option value="False"\s+selected', select)
        assert 'value="True" selected' not in select
        assert 'id="field-private-help"' in body
        assert "kebijakan Satu Data" in body

    def test_the_dataset_and_resource_forms_speak_indonesian_and_english_under_en(
            self, app, editor, opd):
        dataset = SatuDataset(owner_org=opd["id"])
        pages = ["/dataset/new", f"/dataset/edit/{dataset['name']}",
                 f"/dataset/{dataset['name']}/resource/new"]
        for url in pages:
            text = _visible_text(_get(app, url, editor).body)
            assert [e for e in ENGLISH if e in text] == [], url
        new = _visible_text(_get(app, "/dataset/new", editor).body)
        assert "Apa itu dataset?" in new and "Berikutnya: Tambah Data" in new
        assert "Visibilitas" in new
        english = _visible_text(_get(app, "/en/dataset/new", editor).body)
        assert "What are datasets?" in english and "Next: Add Data" in english
        assert "Visibility" in english and "Visibilitas" not in english

    def test_opd_staff_see_the_verification_status_read_only_with_the_rule(
            self, app, editor, opd):
        body = _get(app, "/dataset/new", editor).body
        assert 'name="status_verifikasi"' not in body
        assert "pkl-verification-readonly" in body
        assert "Hanya walidata" in body
        assert "Belum Diverifikasi" in body

    def test_the_walidata_chooses_the_verification_status(self, app, opd):
        body = _get(app, "/dataset/new", factories.Sysadmin()).body
        assert re.search(r'<select[^>]*name="status_verifikasi"', body)
        assert "pkl-verification-readonly" not in body

    def test_the_region_picker_is_checkboxes_with_the_stored_areas_checked(
            self, app, editor, opd):
        dataset = SatuDataset(owner_org=opd["id"], kode_wilayah=["33.26.01", "33.26.02"])
        body = _get(app, f"/dataset/edit/{dataset['name']}", editor).body
        assert not re.search(r'<select[^>]*name="kode_wilayah"', body)
        assert "data-pkl-region-picker" in body
        assert _checked(body, "33.26.01") and _checked(body, "33.26.02")
        # "33.26" is a prefix of "33.26.01" but was not chosen
        assert not _checked(body, "33.26")
        assert body.count('name="kode_wilayah"') == 20  # the regency and its 19 kecamatan

    def test_the_checked_areas_are_saved(self, app, editor, opd):
        dataset = SatuDataset(owner_org=opd["id"], kode_wilayah=["33.26"])
        import ckan.plugins.toolkit as tk

        tk.get_action("package_patch")(
            {"user": editor["name"]}, {"id": dataset["id"], "kode_wilayah": "33.26.05"})
        shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})
        assert shown["kode_wilayah"] == ["33.26.05"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDatasetPageMetadata:
    def test_markdown_is_rendered_and_scripts_are_not(self, app):
        dataset = SatuDataset(
            owner_org=Opd()["id"],
            konsep_definisi="**Penduduk** adalah warga. <script>alert(1)</script>")
        body = app.get(f"/dataset/{dataset['name']}").body
        assert "<strong>Penduduk</strong>" in body
        assert "**Penduduk**" not in body
        assert "<script>alert(1)</script>" not in body

    def test_the_contact_email_shows_the_address_as_a_mailto_link(self, app):
        dataset = SatuDataset(owner_org=Opd()["id"], contact_name="Seksi Data",
                              contact_email="data@pekalongankab.go.id")
        body = app.get(f"/dataset/{dataset['name']}").body
        assert re.search(r'<a href="?mailto:data@pekalongankab.go.id"?>\s*'
                         r'data@pekalongankab.go.id\s*</a>', body)

    def test_empty_metadata_rows_are_left_out(self, app):
        dataset = SatuDataset(owner_org=Opd()["id"], contact_name="", sumber_data="")
        body = app.get(f"/dataset/{dataset['name']}").body
        rows = re.findall(r'<th scope="row" class="dataset-label">([^<]*)</th>\s*'
                          r'<td class="dataset-details"[^>]*>\s*</td>', body)
        assert rows == []
        labels = re.findall(r'class="dataset-label">([^<]*)<', body)
        assert "Narahubung" not in labels and "Sumber Data" not in labels
        assert "Satuan" in labels  # a filled field keeps its row
