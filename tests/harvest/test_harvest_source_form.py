"""ckanext-harvest's source form in the portal's language: Indonesian labels, the OPDs by
title (sorted), no OPD chosen in advance (it used to default to the first slug, atasan-ppid)."""
from __future__ import annotations

import re

import pytest
from ckan.tests import factories
from pkl_factories import Opd
from pkl_harvest import PLUGINS


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_the_new_source_form_speaks_indonesian_and_names_the_opds_by_title(app):
    Opd(name="atasan-ppid", title="Atasan PPID Kabupaten Pekalongan")
    Opd(name="dinkes", title="Dinas Kesehatan")
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    body = app.get("/harvest/new", headers={"Authorization": token}, status=200).body
    for english in (">Source type<", 'value="Save"', "This should include the http://",
                    ">Update frequency<"):
        assert english not in body
    assert "Jenis sumber" in body and 'value="Simpan"' in body
    select = re.search(r'<select id="field-organizations".*?</select>', body, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)
    assert [label for _value, _attrs, label in options] == [
        "Pilih OPD", "Atasan PPID Kabupaten Pekalongan", "Dinas Kesehatan"]
    [(chosen, _attrs, _label)] = [o for o in options if "selected" in o[1]]
    assert chosen == ""  # no OPD in advance
