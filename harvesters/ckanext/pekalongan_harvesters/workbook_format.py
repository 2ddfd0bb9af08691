"""The "daftar data" format an OPD publishes, as data.

A *daftar data* is either

- an XLSX workbook with a sheet named ``daftar_data``: row 1 holds the column names below,
  every further row describes one dataset; the dataset's table is another sheet of the
  same workbook (``sheet_data``) or a CSV/XLSX file on the web (``url_data``), or
- a CSV file with the same columns (UTF-8, separated by ``,`` ``;`` or tab), where every
  row gives ``url_data`` (a CSV has no sheets).

Each column maps to a field of the Satu Data dataset schema
(``ckanext/pekalongan/schemas/satudata_dataset.yaml``). The allowed values of choice
columns, the year range and the Kemendagri area codes are read from that schema and from
``ckanext.pekalongan.satudata`` so that the harvester and the portal's form
can never disagree.

The source identifier ``id_dataset`` is stored on the dataset as the extra
``sumber_id`` (see ``package.SOURCE_ID_FIELD``).
"""
from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ckanext.pekalongan.satudata import KABUPATEN_CODE, kode_wilayah_choices

DAFTAR_SHEET = "daftar_data"
GUIDE_SHEET = "petunjuk"
CHOICES_SHEET = "pilihan"
# Sheets of the template that never hold a dataset's table.
RESERVED_SHEETS = (DAFTAR_SHEET, GUIDE_SHEET, CHOICES_SHEET)

SCHEMA_PACKAGE = "ckanext.pekalongan"
SCHEMA_RESOURCE = "schemas/satudata_dataset.yaml"

# CKAN's own limits (ckan.model: MIN_TAG_LENGTH, MAX_TAG_LENGTH, PACKAGE_NAME_MAX_LENGTH).
TAG_MIN_LENGTH = 2
TAG_MAX_LENGTH = 100
NAME_MAX_LENGTH = 100

# The portal's indicators read the year from a column with exactly this name.
INDICATOR_YEAR_COLUMN = "tahun"


@dataclass(frozen=True)
class Column:
    """One column of ``daftar_data``.

    ``kind`` says how a cell is read: ``id``, ``text``, ``choice`` (one value of the
    schema field's choices), ``year``, ``tags`` (comma-separated), ``wilayah``
    (comma-separated Kemendagri codes), ``email``, ``boolean`` (ya/tidak),
    ``column_name`` (a column of the data table), ``sheet`` or ``url``.
    ``field`` is the dataset schema field it fills (None: not a dataset field).
    """

    name: str
    field: str | None
    kind: str
    required: bool
    description: str
    example: Any = None


COLUMNS: tuple[Column, ...] = (
    Column("id_dataset", None, "id", True,
           "Kode tetap dataset di OPD Anda. Jangan diubah setelah terbit: kode inilah "
           "yang menghubungkan baris ini dengan dataset di portal. Harus unik.",
           "jumlah-penduduk-kecamatan-2024"),
    Column("judul", "title", "text", True, "Judul dataset.",
           "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin Tahun 2024"),
    Column("deskripsi", "notes", "text", False,
           "Ringkasan isi data, cara membaca, dan catatan penting.",
           "Jumlah penduduk hasil pendataan administrasi kependudukan per 31 Desember."),
    Column("topik", "topik", "choice", True,
           "Urusan pemerintahan (UU 23/2014); lihat sheet pilihan.", "kependudukan"),
    Column("tag", "tag_string", "tags", False,
           "Kata kunci, dipisah koma.", "penduduk, kecamatan, jenis kelamin"),
    Column("satuan", "satuan", "text", True, "Satuan data, mis. jiwa, persen, unit.",
           "jiwa"),
    Column("frekuensi", "frekuensi", "choice", True,
           "Frekuensi penerbitan; lihat sheet pilihan.", "tahunan"),
    Column("tahun", "tahun", "year", True, "Tahun data terakhir yang disajikan (4 angka).",
           2024),
    Column("periode_awal", "periode_awal", "year", False,
           "Tahun pertama data runtun waktu.", None),
    Column("periode_akhir", "periode_akhir", "year", False,
           "Tahun terakhir data runtun waktu (tidak boleh lebih awal dari periode_awal).",
           None),
    Column("cakupan", "cakupan", "choice", False,
           "Tingkat wilayah terkecil yang disajikan; lihat sheet pilihan.", "kecamatan"),
    Column("kode_wilayah", "kode_wilayah", "wilayah", False,
           "Kode wilayah Kemendagri yang diliput, dipisah koma; 33.26 untuk seluruh "
           "kabupaten. Tulis sebagai teks.", KABUPATEN_CODE),
    Column("konsep_definisi", "konsep_definisi", "text", False,
           "Konsep dan definisi variabel sesuai standar data (BPS).",
           "Penduduk adalah WNI dan WNA yang berdomisili di wilayah Kabupaten Pekalongan."),
    Column("klasifikasi", "klasifikasi", "text", False,
           "Rincian penyajian data, mis. kecamatan; jenis kelamin.",
           "kecamatan; jenis kelamin"),
    Column("metode_pengumpulan", "metode_pengumpulan", "choice", False,
           "Cara data dikumpulkan; lihat sheet pilihan.", "administrasi"),
    Column("sumber_data", "sumber_data", "text", False,
           "Asal data, mis. nama aplikasi atau kegiatan.", "Aplikasi SIAK"),
    Column("lisensi", "license_id", "choice", False,
           "Lisensi data; kosongkan untuk CC-BY 4.0. Lihat sheet pilihan.", "cc-by"),
    Column("kontak_nama", "contact_name", "text", False, "Narahubung data.",
           "Seksi Pengelolaan Informasi Administrasi Kependudukan"),
    Column("kontak_email", "contact_email", "email", False, "Surel narahubung.",
           "satudata@pekalongankab.go.id"),
    Column("indikator_capaian", "indikator_capaian", "boolean", False,
           "'ya' bila data runtun waktu ini ditampilkan sebagai capaian pembangunan di "
           "beranda portal; kosong berarti 'tidak'.", "tidak"),
    Column("kolom_nilai", "indikator_kolom_nilai", "column_name", False,
           "Wajib bila indikator_capaian 'ya': nama kolom tabel data yang memuat nilai "
           "indikator; tabel itu juga harus punya kolom 'tahun'.", None),
    Column("sheet_data", None, "sheet", False,
           "Nama sheet di berkas ini yang memuat tabel data (baris 1 = judul kolom, "
           "tanpa sel gabungan). Isi ini ATAU url_data.", "data_penduduk_2024"),
    Column("url_data", None, "url", False,
           "Alamat (https://...) berkas CSV atau XLSX yang memuat tabel data. "
           "Isi ini ATAU sheet_data. Pada daftar data berbentuk CSV, wajib diisi.", None),
)

COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
# The CSV variant: the same columns without sheet_data; url_data required in every row.
CSV_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.name != "sheet_data")
CSV_REQUIRED_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + ("url_data",)

BOOLEAN_TRUE = ("ya", "y", "true", "t", "yes", "1", "benar")
BOOLEAN_FALSE = ("tidak", "tdk", "n", "false", "f", "no", "0", "salah", "bukan")
BOOLEAN_CHOICES = ("ya", "tidak")


def normalise_header(value: Any) -> str:
    """A header cell as a column name: ``" Kode Wilayah "`` → ``"kode_wilayah"``."""
    if value is None:
        return ""
    return re.sub(r"[\s\-]+", "_", str(value).strip().lower())


def choice_key(value: str) -> str:
    """Case, spaces, hyphens and underscores do not matter when matching a choice."""
    return re.sub(r"[\s_\-]+", "_", value.strip().lower()).strip("_")


@dataclass(frozen=True)
class Choices:
    """The allowed values of one choice field, and what an operator may type for them."""

    values: tuple[str, ...]
    lookup: dict[str, str]  # choice_key(value or label) → value

    def match(self, text: str) -> str | None:
        return self.lookup.get(choice_key(text))


@functools.cache
def dataset_schema() -> dict[str, Any]:
    """The scheming dataset schema shipped in ``ckanext.pekalongan``."""
    resource = importlib.resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_RESOURCE)
    return yaml.safe_load(resource.read_text(encoding="utf-8"))


def schema_field(field_name: str) -> dict[str, Any]:
    for field in dataset_schema()["dataset_fields"]:
        if field["field_name"] == field_name:
            return field
    raise KeyError(field_name)


def _labels(label: Any) -> list[str]:
    if isinstance(label, dict):
        return [str(v) for v in label.values()]
    return [str(label)] if label else []


@functools.cache
def choices(field_name: str) -> Choices:
    """Values of a ``select`` field of the schema; its labels (id and en) are accepted too."""
    values: list[str] = []
    lookup: dict[str, str] = {}
    for choice in schema_field(field_name)["choices"]:
        value = str(choice["value"])
        values.append(value)
        for text in [value, *_labels(choice.get("label"))]:
            lookup.setdefault(choice_key(text), value)
    return Choices(tuple(values), lookup)


def default_value(field_name: str) -> Any:
    """The schema's ``default`` for a field (e.g. ``cc-by`` for ``license_id``)."""
    return schema_field(field_name).get("default")


@functools.cache
def year_range() -> tuple[int, int]:
    """Allowed years, from the ``form_attrs`` of the schema's ``tahun`` field."""
    attrs = schema_field("tahun").get("form_attrs") or {}
    return int(attrs.get("min", 1945)), int(attrs.get("max", 2100))


@functools.cache
def kode_wilayah_codes() -> frozenset[str]:
    """The regency's code and the kecamatan codes the schema's area field accepts."""
    return frozenset(c["value"] for c in kode_wilayah_choices())
