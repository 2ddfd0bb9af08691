"""org_kinds: OPDs and kecamatan are data producers, service units (Atasan PPID) are not."""
from __future__ import annotations

import pytest

from ckanext.pekalongan import org_kinds, satudata


@pytest.mark.parametrize(("jenis", "kind"), [
    ("dinas", "opd"), ("badan", "opd"), ("sekretariat", "opd"), ("lainnya", "opd"),
    ("kecamatan", "kecamatan"), ("layanan", "layanan"), (" layanan ", "layanan"),
    (None, "opd"), ("", "opd"), (42, "opd"), (["layanan"], "opd"),
])
def test_kind_follows_jenis_opd(jenis, kind):
    assert org_kinds.kind({"jenis_opd": jenis}) == kind
    assert org_kinds.is_data_producer({"jenis_opd": jenis}) == (kind != "layanan")


def test_an_organization_without_jenis_counts_as_an_opd():
    assert org_kinds.kind({}) == "opd"
    assert org_kinds.is_data_producer({"name": "harvested"})


def test_split_keeps_order_and_separates_service_units():
    orgs = [{"name": "b", "jenis_opd": "dinas"}, {"name": "atasan-ppid", "jenis_opd": "layanan"},
            {"name": "kec", "jenis_opd": "kecamatan"}, {"name": "a"}]
    producers, services = org_kinds.split(orgs)
    assert [o["name"] for o in producers] == ["b", "kec", "a"]
    assert [o["name"] for o in services] == ["atasan-ppid"]
    assert org_kinds.producers(orgs) == producers


def test_every_kind_value_is_a_choice_of_the_schema():
    field = next(f for f in satudata.organization_schema()["fields"]
                 if f["field_name"] == "jenis_opd")
    values = {c["value"] for c in field["choices"]}
    assert org_kinds.SERVICE_VALUES <= values
    assert org_kinds.KECAMATAN in values
    service = next(c for c in field["choices"] if c["value"] == org_kinds.LAYANAN)
    assert "Atasan PPID" in service["label"]["id"] and "Atasan PPID" in service["label"]["en"]
    # no other field is required: a service unit needs only its name and kind
    required = {f["field_name"] for f in satudata.organization_schema()["fields"]
                if f.get("required")}
    assert required == {"title", "jenis_opd"}
