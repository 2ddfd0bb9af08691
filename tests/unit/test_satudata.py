"""The Satu Data vocabulary is read from the scheming YAML and the kecamatan table (satudata.py):
nothing typed out twice."""
from __future__ import annotations

import yaml

from ckanext.pekalongan import satudata
from ckanext.pekalongan.theme import scorecard


def test_kecamatan_are_the_19_of_the_regency_in_code_order():
    kec = satudata.kecamatan()
    assert len(kec) == 19
    assert [k.kode_wilayah for k in kec] == sorted(k.kode_wilayah for k in kec)
    assert all(k.kode_wilayah.startswith(satudata.KABUPATEN_CODE + ".") for k in kec)
    assert satudata.kecamatan_by_code()["33.26.08"] == "Kajen"


def test_kode_wilayah_choices_start_with_the_regency():
    choices = satudata.kode_wilayah_choices()
    assert choices[0] == {"value": "33.26", "label": "Kabupaten Pekalongan"}
    assert {"value": "33.26.08", "label": "Kec. Kajen"} in choices
    assert len(choices) == 20


def test_topics_are_the_choices_of_the_topik_field_in_either_language():
    raw = yaml.safe_load(satudata.DATASET_SCHEMA.read_text(encoding="utf-8"))
    field = next(f for f in raw["dataset_fields"] if f["field_name"] == "topik")
    assert {t["value"] for t in satudata.topics()} == {c["value"] for c in field["choices"]}
    assert {"value": "kesehatan", "label": "Kesehatan"} in satudata.topics()
    assert {"value": "kesehatan", "label": "Health"} in satudata.topics("en")
    labels = [t["label"] for t in satudata.topics()]
    assert labels == sorted(labels)


def test_field_lists_come_from_the_schema():
    fields = satudata.dataset_fields()
    assert fields[0] == "title" and "topik" in fields and "status_verifikasi" in fields
    assert not {"name", "tag_string", "owner_org"} & set(fields)
    assert satudata.resource_fields() == ("name", "description", "format")
    assert "jenis_opd" in satudata.organization_fields()
    assert "name" not in satudata.organization_fields()


def test_completeness_fields_are_those_the_schema_marks_and_drive_the_scorecard():
    complete = satudata.completeness_fields()
    assert "periode_awal" not in complete and "periode_akhir" not in complete
    assert {"title", "notes", "topik", "license_id", "kode_wilayah"} <= set(complete)
    assert set(complete) < set(satudata.dataset_fields())
    assert scorecard.COMPLETE_FIELDS == complete
