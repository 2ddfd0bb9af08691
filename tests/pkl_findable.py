"""Data of the Findable tests (DCAT, harvesting of our catalogue, developer page)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.pekalongan import satudata

MIGRATED_PLUGINS = ("activity", "harvest", "ppid")

FULL = {
    "name": "jumlah-penduduk-dcat-uji",
    "title": "Jumlah Penduduk Menurut Kecamatan (uji DCAT)",
    "notes": "Jumlah penduduk per kecamatan, data uji.",
    "topik": "kependudukan",
    "tag_string": "penduduk,kecamatan",
    "walidata": "Dinas Komunikasi dan Informatika Kabupaten Pekalongan",
    "contact_name": "Seksi Statistik",
    "contact_email": "statistik@pekalongankab.go.id",
    "konsep_definisi": "Penduduk adalah semua orang yang berdomisili di wilayah.",
    "satuan": "jiwa",
    "klasifikasi": "kecamatan; jenis kelamin",
    "frekuensi": "semesteran",
    "tahun": 2024,
    "periode_awal": 2019,
    "periode_akhir": 2023,
    "cakupan": "kecamatan",
    "kode_wilayah": ["33.26.01", "33.26.08"],
    "metode_pengumpulan": "administrasi",
    "sumber_data": "Aplikasi SIAK, Dinas Kependudukan dan Pencatatan Sipil",
    "license_id": "odc-by",
    "indikator_capaian": True,
    "indikator_kolom_nilai": "jumlah_penduduk",
    "status_verifikasi": "terverifikasi",
    "resources": [{"name": "Tabel penduduk", "description": "Tabel CSV",
                   "url": "https://data.example.org/penduduk.csv", "format": "CSV"}],
}
# every Satu Data metadata field of the schema (the DCAT round trip must keep each one)
SATU_DATA_FIELDS = satudata.dataset_fields()
MINIMAL = {
    "name": "jumlah-sekolah-dcat-uji", "title": "Jumlah Sekolah (uji DCAT)",
    "topik": "pendidikan", "satuan": "unit", "frekuensi": "tahunan", "tahun": 2023,
    "license_id": "cc-by",
}
PRIVATE = dict(MINIMAL, name="data-rahasia-dcat-uji", title="Data Rahasia (uji DCAT)",
               private=True)


def clean(reset_db, migrate_db_for, reset_index) -> None:
    """What the ``clean_db`` and ``clean_index`` fixtures do, for module-scoped data."""
    from ckan import plugins

    plugins.load_all()  # the site's plugins (with_plugins is function-scoped)
    from pkl_audit import empty_ppid_tables

    empty_ppid_tables()  # as the superuser: the web role may not truncate the audit trail
    reset_db()
    from ckan.cli.db import _get_pending_plugins

    # the plugins of tests/conftest.py and any other enabled plugin with migrations
    for plugin in sorted(set(MIGRATED_PLUGINS) | set(_get_pending_plugins())):
        migrate_db_for(plugin)
    reset_index()


def make_catalogue() -> dict:
    """Creates the OPD and the three datasets (as the site user, a sysadmin: the walidata
    may set ``status_verifikasi``). Returns them by role."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    org = factories.Organization(
        name="dinas-kependudukan-uji", title="Dinas Kependudukan dan Pencatatan Sipil (uji)",
        jenis_opd="dinas", kode_opd="2.12.01", email="disdukcapil@pekalongankab.go.id")

    def create(data):
        return tk.get_action("package_create")(
            {"user": site_user}, dict(data, owner_org=org["id"]))

    return {"org": org, "full": create(FULL), "minimal": create(MINIMAL),
            "private": create(PRIVATE)}
