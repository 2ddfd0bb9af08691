"""Rendering defects of issue 11 through the real web app: facet labels in full, the table
preview's Indonesian number format (1.000, not 1'000), Skor OPD's sideways-scroll hint."""
from __future__ import annotations

import json
import re

import pytest
from pkl_factories import Opd, SatuDataset


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_facet_labels_are_shown_in_full(app):
    SatuDataset(owner_org=Opd()["id"], topik="kependudukan")
    body = app.get("/dataset/").body
    labels = [label.strip() for label in re.findall(r'<span class="item-label">([^<]*)</span>',
                                                     body)]
    assert "Administrasi Kependudukan dan Pencatatan Sipil" in labels
    assert not [label for label in labels if label.endswith("...")]


def test_the_table_preview_writes_thousands_the_indonesian_way(app):
    language = json.loads(app.get("/datatablesview/i18n/id.json").body)
    assert language["thousands"] == "." and language["decimal"] == ","
    assert language["info"].startswith("Menampilkan")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_scorecard_says_that_it_scrolls_sideways(app):
    SatuDataset(owner_org=Opd()["id"])
    body = app.get("/skor-opd").body
    assert 'class="pkl-scroll-hint"' in body
    assert "Geser ke samping untuk melihat semua kolom." in body
    assert re.search(r'<div class="table-responsive pkl-scorecard-scroll" tabindex="0" '
                     r'role="region" aria-labelledby="pkl-scorecard-scroll-hint">', body)
