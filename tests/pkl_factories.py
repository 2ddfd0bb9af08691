"""Factories for objects that follow our Satu Data schema (CKAN's factories plus the fields
our scheming schema requires)."""
from __future__ import annotations

import factory
from ckan.tests import factories


class Opd(factories.Organization):
    """An OPD organization."""

    title = factory.Sequence(lambda n: f"Dinas Uji {n}")
    jenis_opd = "dinas"


class SatuDataset(factories.Dataset):
    """A dataset valid under ckanext/pekalongan/schemas/satudata_dataset.yaml."""

    title = factory.Sequence(lambda n: f"Jumlah Penduduk Uji {n}")
    notes = "Data uji."
    topik = "kependudukan"
    satuan = "jiwa"
    frekuensi = "tahunan"
    tahun = 2024
    license_id = "cc-by"
    owner_org = factory.LazyFunction(lambda: Opd()["id"])
