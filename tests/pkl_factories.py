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


PASSWORD = "Rahasia-123"


class PpidCast:
    """The PPID cast of the PPID tests: sysadmin, PPID Utama (editor of Dinkominfo), two
    Pelaksana of two OPDs, Atasan PPID (member of ``atasan-ppid``) and a citizen with an
    account; every user logs in with ``PASSWORD``."""

    def __init__(self):
        self.sysadmin = factories.Sysadmin(password=PASSWORD)
        self.utama = factories.User(name="ppid-utama", fullname="Sri Utami", password=PASSWORD)
        self.pelaksana = factories.User(name="ppid-dinkes", password=PASSWORD)
        self.other_pelaksana = factories.User(name="ppid-dindik", password=PASSWORD)
        self.atasan = factories.User(name="atasan-ppid-user", fullname="Drs. Atasan",
                                     password=PASSWORD)
        self.citizen = factories.User(name="warga", password=PASSWORD)
        self.utama_org = Opd(
            name="dinas-komunikasi-dan-informatika",
            title="Dinas Komunikasi dan Informatika",
            users=[{"name": self.utama["name"], "capacity": "editor"}],
        )
        self.opd = Opd(
            name="dinas-kesehatan",
            title="Dinas Kesehatan",
            users=[{"name": self.pelaksana["name"], "capacity": "editor"}],
        )
        self.other_opd = Opd(
            name="dinas-pendidikan",
            title="Dinas Pendidikan",
            users=[{"name": self.other_pelaksana["name"], "capacity": "admin"}],
        )
        self.atasan_org = Opd(
            name="atasan-ppid",
            title="Atasan PPID",
            jenis_opd="layanan",  # a service unit, not a data producer (org_kinds)
            users=[{"name": self.atasan["name"], "capacity": "member"}],
        )
