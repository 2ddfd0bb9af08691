"""The demo catalogue (pure data) against the Satu Data and OPD scheming schemas.

No database: the catalogue module imports nothing from CKAN, and the schema YAML
files are read directly.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXT_DIR = ROOT / "ckanext-pekalongan" / "ckanext"

try:
    import ckanext.pekalongan  # noqa: F401
except ImportError:  # source checkout next to installed ckanext-* namespace packages
    import ckanext

    ckanext.__path__.append(str(EXT_DIR))

from ckanext.pekalongan import satudata  # noqa: E402
from ckanext.pekalongan.demo import catalogue  # noqa: E402

SCHEMAS = EXT_DIR / "pekalongan" / "schemas"
KECAMATAN_CSV = EXT_DIR / "pekalongan" / "data" / "kecamatan.csv"

# The field names are a contract with the harvesters, the DCAT mapping and the facets.
DATASET_FIELD_CONTRACT = [
    "title",
    "name",
    "notes",
    "owner_org",
    "walidata",
    "contact_name",
    "contact_email",
    "konsep_definisi",
    "satuan",
    "klasifikasi",
    "frekuensi",
    "tahun",
    "periode_awal",
    "periode_akhir",
    "cakupan",
    "kode_wilayah",
    "metode_pengumpulan",
    "sumber_data",
    "license_id",
    "status_verifikasi",
    "topik",
    "tag_string",
    "indikator_capaian",
    "indikator_kolom_nilai",
]
ORGANIZATION_FIELD_CONTRACT = [
    "title",
    "name",
    "description",
    "image_url",
    "kode_opd",
    "jenis_opd",
    "alamat",
    "telepon",
    "email",
    "ppid_pelaksana_nama",
    "ppid_pelaksana_kontak",
    "kode_wilayah",
]
SLUG_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
COLUMN_RE = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL_RE = re.compile(r"^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$")
LABEL_COLUMNS = {"kode_wilayah", "kecamatan", "kelompok_umur", "golongan"}


def _load(name: str) -> dict:
    with (SCHEMAS / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def dataset_schema() -> dict:
    return _load("satudata_dataset.yaml")


@pytest.fixture(scope="module")
def org_schema() -> dict:
    return _load("opd_organization.yaml")


@pytest.fixture(scope="module")
def datasets() -> list[dict]:
    return catalogue.datasets()


@pytest.fixture(scope="module")
def organizations() -> list[dict]:
    return catalogue.organizations()


def _fields(schema: dict, key: str) -> dict[str, dict]:
    return {f["field_name"]: f for f in schema[key]}


def _choices(field: dict) -> list:
    if "choices" in field:
        return [c["value"] for c in field["choices"]]
    assert field["choices_helper"] == "pekalongan_kode_wilayah_choices"
    return [c["value"] for c in satudata.kode_wilayah_choices()]


def _is_required(field: dict) -> bool:
    return bool(field.get("required")) or "not_empty" in field.get("validators", "").split()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _by_name(datasets: list[dict], name: str) -> dict:
    return next(d for d in datasets if d["name"] == name)


def _kecamatan_from_csv() -> list[tuple[str, str]]:
    with KECAMATAN_CSV.open(encoding="utf-8") as f:
        return [(r["kode_wilayah"], r["kecamatan"]) for r in csv.DictReader(f)]


# --- schemas -------------------------------------------------------------------


def test_dataset_schema_declares_the_contracted_fields(dataset_schema):
    assert dataset_schema["dataset_type"] == "dataset"
    names = list(_fields(dataset_schema, "dataset_fields"))
    assert sorted(names) == sorted(DATASET_FIELD_CONTRACT)
    assert list(_fields(dataset_schema, "resource_fields")) == [
        "url",
        "name",
        "description",
        "format",
    ]


def test_organization_schema_declares_the_contracted_fields(org_schema):
    assert org_schema["organization_type"] == "organization"
    names = set(_fields(org_schema, "fields"))
    assert set(ORGANIZATION_FIELD_CONTRACT) <= names


def test_required_dataset_fields_are_marked_required(dataset_schema):
    fields = _fields(dataset_schema, "dataset_fields")
    for name in ("title", "name", "owner_org", "satuan", "frekuensi", "tahun", "topik"):
        assert _is_required(fields[name]) or fields[name].get("preset") == "dataset_slug", name


def test_every_label_is_bilingual(dataset_schema, org_schema):
    for field in [
        *dataset_schema["dataset_fields"],
        *dataset_schema["resource_fields"],
        *org_schema["fields"],
    ]:
        assert set(field["label"]) == {"id", "en"}, field["field_name"]


def test_frekuensi_choices_are_the_satu_data_list(dataset_schema):
    field = _fields(dataset_schema, "dataset_fields")["frekuensi"]
    assert _choices(field) == [
        "harian",
        "mingguan",
        "bulanan",
        "triwulanan",
        "semesteran",
        "tahunan",
        "lima_tahunan",
        "tidak_tentu",
    ]


def test_license_choices_are_ckan_licence_ids_defaulting_to_cc_by(dataset_schema):
    field = _fields(dataset_schema, "dataset_fields")["license_id"]
    ckan_ids = {
        "notspecified",
        "odc-pddl",
        "odc-odbl",
        "odc-by",
        "cc-zero",
        "cc-by",
        "cc-by-sa",
        "gfdl",
        "other-open",
        "other-pd",
        "other-at",
        "uk-ogl",
        "cc-nc",
        "other-nc",
        "other-closed",
    }
    assert set(_choices(field)) <= ckan_ids
    assert field["default"] == "cc-by"
    assert "default('cc-by')" in field["validators"]


def test_kode_wilayah_choices_are_the_regency_and_its_19_kecamatan():
    choices = satudata.kode_wilayah_choices()
    assert choices[0] == {"value": "33.26", "label": "Kabupaten Pekalongan"}
    assert [(c["value"], c["label"]) for c in choices[1:]] == [
        (kode, f"Kec. {nama}") for kode, nama in _kecamatan_from_csv()
    ]
    assert {"value": "33.26.08", "label": "Kec. Kajen"} in choices


# --- datasets ------------------------------------------------------------------


def test_catalogue_has_at_least_thirty_two_datasets_with_unique_slugs(datasets):
    assert len(datasets) >= 32
    names = [d["name"] for d in datasets]
    assert len(set(names)) == len(names)
    assert all(SLUG_RE.match(n) for n in names)
    titles = [d["title"] for d in datasets]
    assert len(set(titles)) == len(titles)


def test_every_dataset_fills_every_satu_data_field(datasets):
    optional_empty = {"indikator_kolom_nilai"}  # only meaningful for indicators
    for d in datasets:
        for field in DATASET_FIELD_CONTRACT:
            assert field in d, (d["name"], field)
            if field not in optional_empty:
                assert d[field] not in (None, "", []), (d["name"], field)


def test_every_dataset_passes_the_schema_choices_and_requirements(dataset_schema, datasets):
    fields = _fields(dataset_schema, "dataset_fields")
    for d in datasets:
        for name, field in fields.items():
            value = d.get(name)
            if _is_required(field):
                assert value not in (None, ""), (d["name"], name)
            if "choices" in field or "choices_helper" in field:
                allowed = _choices(field)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    assert v in allowed, (d["name"], name, v)


def test_years_are_in_range_and_periods_ordered(datasets):
    for d in datasets:
        assert 1945 <= d["tahun"] <= 2100, d["name"]
        assert 1945 <= d["periode_awal"] <= d["periode_akhir"] <= d["tahun"], d["name"]


def test_contacts_and_owners_exist(datasets, organizations):
    org_names = {o["name"] for o in organizations}
    group_names = {g["name"] for g in catalogue.groups()}
    for d in datasets:
        assert d["owner_org"] in org_names, d["name"]
        assert d["groups"] and set(d["groups"]) <= group_names, d["name"]
        assert EMAIL_RE.match(d["contact_email"]), d["contact_email"]
        assert d["walidata"] == satudata.WALIDATA_DEFAULT
        assert all(t.strip() for t in d["tag_string"].split(","))


def test_every_topic_group_holds_datasets(datasets):
    used = {g for d in datasets for g in d["groups"]}
    assert used == {g["name"] for g in catalogue.groups()}
    assert len(catalogue.groups()) >= 10


def test_csvs_parse_with_consistent_snake_case_columns_and_numeric_values(datasets):
    for d in datasets:
        text = d["csv"]
        text.encode("utf-8")
        assert text.endswith("\n") and "\r" not in text
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        assert body, d["name"]
        assert all(COLUMN_RE.match(c) for c in header), (d["name"], header)
        assert len(set(header)) == len(header), d["name"]
        assert header[0] in ("tahun", "kode_wilayah", "kelompok_umur", "golongan", "bulan"), d[
            "name"
        ]
        for row in body:
            assert len(row) == len(header), (d["name"], row)
            for column, value in zip(header, row, strict=False):
                if column not in LABEL_COLUMNS:
                    float(value)  # raises on a non-numeric cell
        assert d["resource"]["format"] == "CSV"
        assert d["resource"]["filename"] == f"{d['name']}.csv"


def test_catalogue_is_deterministic(datasets):
    catalogue._facts.cache_clear()
    assert catalogue.datasets() == datasets
    assert catalogue.organizations() == catalogue.organizations()
    assert catalogue.groups() == catalogue.groups()


def test_catalogue_does_not_depend_on_the_hash_seed(datasets):
    digest = hashlib.sha256(json.dumps(datasets, sort_keys=True).encode()).hexdigest()
    code = (
        "import hashlib, json\n"
        "try:\n"
        "    import ckanext.pekalongan\n"
        "except ImportError:\n"
        "    import ckanext\n"
        f"    ckanext.__path__.append({str(EXT_DIR)!r})\n"
        "from ckanext.pekalongan.demo import catalogue\n"
        "print(hashlib.sha256(json.dumps(catalogue.datasets(), sort_keys=True)"
        ".encode()).hexdigest())\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == digest


def test_population_totals_are_plausible_and_consistent(datasets):
    per_kec = _rows(
        _by_name(datasets, "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin-2024")["csv"]
    )
    for r in per_kec:
        assert int(r["laki_laki"]) + int(r["perempuan"]) == int(r["jumlah"])
        assert 0.95 < int(r["laki_laki"]) / int(r["perempuan"]) < 1.08
    total = sum(int(r["jumlah"]) for r in per_kec)
    assert 950_000 <= total <= 1_050_000

    series = _rows(_by_name(datasets, "jumlah-penduduk-kabupaten-pekalongan-2019-2024")["csv"])
    assert [int(r["tahun"]) for r in series] == list(range(2019, 2025))
    assert int(series[-1]["jumlah"]) == total
    assert all(
        int(a["jumlah"]) < int(b["jumlah"]) for a, b in zip(series, series[1:], strict=False)
    )

    by_age = _rows(
        _by_name(datasets, "jumlah-penduduk-menurut-kelompok-umur-dan-jenis-kelamin-2024")["csv"]
    )
    assert sum(int(r["jumlah"]) for r in by_age) == total


def test_related_datasets_agree(datasets):
    puskesmas = _rows(_by_name(datasets, "jumlah-puskesmas-dan-posyandu-per-kecamatan-2024")["csv"])
    faskes = _rows(_by_name(datasets, "jumlah-fasilitas-kesehatan-2019-2024")["csv"])
    assert sum(int(r["puskesmas"]) for r in puskesmas) == int(faskes[-1]["puskesmas"])
    assert sum(int(r["posyandu"]) for r in puskesmas) == int(faskes[-1]["posyandu"])

    sd = _rows(_by_name(datasets, "jumlah-sekolah-dasar-per-kecamatan-2024")["csv"])
    jenjang = _rows(_by_name(datasets, "jumlah-sekolah-menurut-jenjang-per-kecamatan-2024")["csv"])
    assert [r["jumlah"] for r in sd] == [r["sd"] for r in jenjang]

    roads = _rows(_by_name(datasets, "panjang-jalan-kabupaten-menurut-kondisi-2019-2024")["csv"])
    roads_kec = _rows(
        _by_name(datasets, "panjang-jalan-kabupaten-per-kecamatan-menurut-kondisi-2024")["csv"]
    )
    for column in ("baik_km", "sedang_km", "rusak_ringan_km", "rusak_berat_km"):
        assert round(sum(float(r[column]) for r in roads_kec), 2) == float(roads[-1][column])

    desa = _rows(_by_name(datasets, "jumlah-desa-dan-kelurahan-per-kecamatan")["csv"])
    assert sum(int(r["jumlah"]) for r in desa) == 285


def test_all_19_kecamatan_appear_with_the_codes_of_the_reference_csv(datasets, organizations):
    expected = _kecamatan_from_csv()
    assert len(expected) == 19
    per_kecamatan = [d for d in datasets if d["csv"].startswith("kode_wilayah,kecamatan,")]
    assert len(per_kecamatan) >= 10
    for d in per_kecamatan:
        rows = _rows(d["csv"])
        assert [(r["kode_wilayah"], r["kecamatan"]) for r in rows] == expected, d["name"]
        assert d["cakupan"] == "kecamatan"

    kec_orgs = [o for o in organizations if o["jenis_opd"] == "kecamatan"]
    assert sorted((o["kode_wilayah"], o["title"]) for o in kec_orgs) == sorted(
        (kode, f"Kecamatan {nama}") for kode, nama in expected
    )
    assert {"kecamatan-kajen", "kecamatan-wiradesa"} <= {o["name"] for o in kec_orgs}


def test_at_least_six_indicator_time_series_name_their_value_column(datasets):
    indicators = [d for d in datasets if d["indikator_capaian"]]
    assert len(indicators) >= 6
    names = {d["name"] for d in indicators}
    for expected in (
        "jumlah-penduduk-kabupaten-pekalongan-2019-2024",
        "persentase-penduduk-miskin-2019-2024",
        "angka-partisipasi-murni-2019-2024",
        "jumlah-fasilitas-kesehatan-2019-2024",
        "panjang-jalan-kabupaten-menurut-kondisi-2019-2024",
        "indeks-pembangunan-manusia-2019-2024",
    ):
        assert expected in names
    for d in indicators:
        rows = _rows(d["csv"])
        column = d["indikator_kolom_nilai"]
        assert COLUMN_RE.match(column)
        assert list(rows[0])[0] == "tahun" and column in rows[0], d["name"]
        assert len(rows) >= 5
        assert [int(r["tahun"]) for r in rows] == sorted(int(r["tahun"]) for r in rows)
        assert d["periode_awal"] == int(rows[0]["tahun"])
        assert d["periode_akhir"] == int(rows[-1]["tahun"]) == d["tahun"]
        for r in rows:
            float(r[column])
    for d in datasets:
        if not d["indikator_capaian"]:
            assert d["indikator_kolom_nilai"] == ""


# --- organizations -------------------------------------------------------------


def test_organizations_pass_the_opd_schema(org_schema, organizations):
    fields = _fields(org_schema, "fields")
    names = [o["name"] for o in organizations]
    assert len(set(names)) == len(names)
    assert all(SLUG_RE.match(n) for n in names)
    assert len([o for o in organizations if o["jenis_opd"] != "kecamatan"]) >= 25
    for o in organizations:
        for name, field in fields.items():
            value = o.get(name)
            if _is_required(field):
                assert value, (o["name"], name)
            if value and ("choices" in field or "choices_helper" in field):
                assert value in _choices(field), (o["name"], name, value)
        assert re.match(r"^[0-9]{1,2}(\.[0-9]{1,4}){1,7}$", o["kode_opd"]), o["name"]
        assert EMAIL_RE.match(o["email"]), o["email"]
        assert o["singkatan"]
    kode = [o["kode_opd"] for o in organizations]
    assert len(set(kode)) == len(kode)


def test_well_known_opds_are_present(organizations):
    acronyms = {o["singkatan"] for o in organizations}
    assert {
        "Dinkes",
        "Disdukcapil",
        "Dindikbud",
        "Dinkominfo",
        "DPUPR",
        "DPMPTSP",
        "Bappeda",
        "BPKD",
        "BKD",
        "RSUD Kraton",
        "RSUD Kajen",
        "Satpol PP",
        "Inspektorat",
    } <= acronyms


# --- the schemas through ckanext-scheming's own validation (no database) -----------------


@pytest.fixture
def scheming(monkeypatch):
    """Validate dicts with our YAML the way scheming does, minus the database lookups.

    ``package_name_validator``, ``owner_org_validator`` and ``group_name_validator`` query the
    database and are replaced by no-ops; everything else is the real validator chain.
    """
    import types

    import ckan.lib.helpers as h
    from ckan import authz, logic
    from ckan.logic import schema as core_schema
    from flask import Flask
    from flask_babel import Babel

    from ckanext.pekalongan.theme.logic import validators as ours
    from ckanext.scheming import plugins as sp
    from ckanext.scheming import validation as sv

    saved_validators = dict(logic._validators_cache)
    logic.get_validator("not_empty")  # fill the cache with CKAN's validators
    cache = logic._validators_cache
    cache.update(sv.all_validators)
    cache.update({name: getattr(ours, name) for name in ours.__all__})
    for name in ("package_name_validator", "owner_org_validator", "group_name_validator"):
        cache[name] = lambda key, data, errors, context: None
    monkeypatch.setitem(h.helper_functions, "pekalongan_kode_wilayah_choices",
                        lambda field=None: satudata.kode_wilayah_choices())
    monkeypatch.setattr(authz, "is_sysadmin", lambda user: user == "walidata")
    monkeypatch.setattr(sp._SchemingMixin, "_presets", None)
    sp._SchemingMixin._load_presets({})

    dataset_schemas = sp._load_schemas(
        ["ckanext.pekalongan:schemas/satudata_dataset.yaml"], "dataset_type")
    org_schemas = sp._load_schemas(
        ["ckanext.pekalongan:schemas/opd_organization.yaml"], "organization_type")
    dataset_form = types.SimpleNamespace(
        _schemas=dataset_schemas, _expanded_schemas=sp._expand_schemas(dataset_schemas))
    org_form = types.SimpleNamespace(
        _schemas=org_schemas, _expanded_schemas=sp._expand_schemas(org_schemas),
        UNSPECIFIED_GROUP_TYPE="organization")
    app = Flask(__name__)
    Babel(app)

    def dataset(data, user="walidata", action="package_create"):
        schema = (core_schema.default_create_package_schema() if action == "package_create"
                  else core_schema.default_update_package_schema())
        context = {"user": user, "model": None, "session": None}
        with app.test_request_context():
            return sp.SchemingDatasetsPlugin.validate(
                dataset_form, context, dict(data, type="dataset"), schema, action)

    def organization(data):
        with app.test_request_context():
            return sp._GroupOrganizationMixin.validate(
                org_form, {"user": "walidata"}, dict(data, type="organization"),
                core_schema.default_create_group_schema(), "organization_create")

    yield types.SimpleNamespace(dataset=dataset, organization=organization)
    cache.clear()
    cache.update(saved_validators)


def _payload(d: dict) -> dict:
    """A dataset as the loader sends it to package_create."""
    from ckanext.pekalongan.demo.loader import _dataset_payload

    return dict(_dataset_payload(d), resources=[{"url": "data.csv", "name": "x", "format": "csv"}])


def test_every_demo_dataset_passes_scheming_validation(scheming, datasets):
    for d in datasets:
        data, errors = scheming.dataset(_payload(d))
        assert errors == {}, (d["name"], errors)
        assert data["tahun"] == str(d["tahun"])
        assert data["status_verifikasi"] == d["status_verifikasi"]


def test_every_demo_organization_passes_scheming_validation(scheming, organizations):
    for o in organizations:
        data, errors = scheming.organization(o)
        assert errors == {}, (o["name"], errors)


def test_invalid_dataset_values_are_reported_on_their_fields(scheming, datasets):
    bad = dict(_payload(datasets[1]), satuan="", frekuensi="sesekali", tahun=1900,
               periode_awal=2024, periode_akhir=2019, contact_email="bukan-surel",
               indikator_capaian=True, indikator_kolom_nilai="", kode_wilayah=["33.26", "99.99"],
               license_id="cc-nc", topik="", title="")
    _, errors = scheming.dataset(bad)
    assert set(errors) == {"satuan", "frekuensi", "tahun", "periode_akhir", "contact_email",
                           "indikator_kolom_nilai", "kode_wilayah", "license_id", "topik",
                           "title"}
    _, errors = scheming.dataset(dict(_payload(datasets[1]), indikator_kolom_nilai="Nilai IPM"))
    assert list(errors) == ["indikator_kolom_nilai"]


def test_defaults_fill_walidata_licence_and_verification(scheming, datasets):
    sparse = {k: v for k, v in _payload(datasets[0]).items()
              if k not in ("walidata", "license_id", "status_verifikasi", "indikator_capaian",
                           "indikator_kolom_nilai", "cakupan", "kode_wilayah")}
    data, errors = scheming.dataset(sparse)
    assert errors == {}
    assert data["walidata"] == satudata.WALIDATA_DEFAULT
    assert data["license_id"] == "cc-by"
    assert data["status_verifikasi"] == "belum_diverifikasi"
    assert data["indikator_capaian"] == "false"


def test_a_produsen_change_sends_the_dataset_back_to_the_walidata(scheming, datasets):
    verified = _payload(datasets[0])
    assert verified["status_verifikasi"] == "terverifikasi"
    data, errors = scheming.dataset(verified, user="operator-dinkes", action="package_update")
    assert errors == {}
    assert data["status_verifikasi"] == "belum_diverifikasi"
    data, _ = scheming.dataset(verified, user="walidata", action="package_update")
    assert data["status_verifikasi"] == "terverifikasi"
