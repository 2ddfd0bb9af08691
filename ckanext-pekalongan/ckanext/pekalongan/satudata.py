"""The Satu Data vocabulary of the portal, read from where it is defined.

The scheming YAML (``schemas/satudata_dataset.yaml``, ``schemas/opd_organization.yaml``) is
the one definition of the dataset and OPD fields and of their choices (topics, frequencies,
...); the regency's 19 kecamatan come from ``data/kecamatan.csv`` (Kemendagri codes). Theme,
search, dcat, demo, previews, Suara Masyarakat and the harvesters distribution read them here
instead of typing them out again.

Pure module: no CKAN import (the demo catalogue, the harvesters' parsers and the unit tests
use it without a configured CKAN).
"""

from __future__ import annotations

import csv
import functools
import pathlib
from typing import Any, NamedTuple

import yaml

HERE = pathlib.Path(__file__).resolve().parent
DATASET_SCHEMA = HERE / "schemas" / "satudata_dataset.yaml"
ORGANIZATION_SCHEMA = HERE / "schemas" / "opd_organization.yaml"
KECAMATAN_CSV = HERE / "data" / "kecamatan.csv"

KABUPATEN_CODE = "33.26"
KABUPATEN_NAME = "Kabupaten Pekalongan"

# Satu Data Indonesia (Perpres 39/2019): the regency's walidata is Dinkominfo.
WALIDATA_DEFAULT = "Dinas Komunikasi dan Informatika Kabupaten Pekalongan"

# Fields of the form that are identities or relations rather than metadata values.
_NOT_METADATA = {"name", "tag_string", "owner_org", "image_url", "url"}


class Kecamatan(NamedTuple):
    kode_wilayah: str
    nama: str


@functools.cache
def kecamatan() -> tuple[Kecamatan, ...]:
    """The 19 kecamatan of the regency with their Kemendagri codes, in code order."""
    with KECAMATAN_CSV.open(encoding="utf-8", newline="") as f:
        rows = [
            Kecamatan(row["kode_wilayah"].strip(), row["kecamatan"].strip())
            for row in csv.DictReader(f)
        ]
    return tuple(sorted(rows))


def kecamatan_by_code() -> dict[str, str]:
    """Kemendagri code → name ("33.26.01" → "Kandangserang")."""
    return {k.kode_wilayah: k.nama for k in kecamatan()}


def kode_wilayah_choices() -> list[dict[str, str]]:
    """Scheming choices: the regency first, then every kecamatan ("Kec. Kajen")."""
    return [{"value": KABUPATEN_CODE, "label": KABUPATEN_NAME}] + [
        {"value": k.kode_wilayah, "label": f"Kec. {k.nama}"} for k in kecamatan()
    ]


@functools.cache
def _schema(path: pathlib.Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def dataset_schema() -> dict[str, Any]:
    """The scheming dataset schema as loaded from its YAML (do not mutate)."""
    return _schema(DATASET_SCHEMA)


def organization_schema() -> dict[str, Any]:
    return _schema(ORGANIZATION_SCHEMA)


def _field(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for f in fields:
        if f["field_name"] == name:
            return f
    raise KeyError(name)


def dataset_field(name: str) -> dict[str, Any]:
    return _field(dataset_schema()["dataset_fields"], name)


def dataset_fields() -> tuple[str, ...]:
    """The metadata fields of a dataset, in form order (not name, tags or organization)."""
    return tuple(f["field_name"] for f in dataset_schema()["dataset_fields"]
                 if f["field_name"] not in _NOT_METADATA)


def resource_fields() -> tuple[str, ...]:
    """The metadata fields of a resource (not its URL/upload)."""
    return tuple(f["field_name"] for f in dataset_schema()["resource_fields"]
                 if f["field_name"] != "url")


def organization_fields() -> tuple[str, ...]:
    """The fields of an OPD organization (not its slug or logo)."""
    return tuple(f["field_name"] for f in organization_schema()["fields"]
                 if f["field_name"] not in _NOT_METADATA)


def completeness_fields() -> tuple[str, ...]:
    """The fields that make a dataset's metadata complete (Skor OPD "lengkap"): those the
    schema marks ``satudata_complete: true`` (required and recommended fields, not the
    period fields that only apply to time series)."""
    return tuple(f["field_name"] for f in dataset_schema()["dataset_fields"]
                 if f.get("satudata_complete"))


def _label(label: Any, lang: str) -> str:
    if isinstance(label, dict):
        return label.get(lang) or label.get("id") or next(iter(label.values()))
    return str(label)


def choices(field_name: str, lang: str = "id") -> list[dict[str, str]]:
    """``[{"value", "label"}]`` of a dataset field with fixed choices, labels in ``lang``."""
    return [{"value": c["value"], "label": _label(c["label"], lang)}
            for c in dataset_field(field_name).get("choices", [])]


def topics(lang: str = "id") -> list[dict[str, str]]:
    """The portal's topics (urusan pemerintahan, field ``topik``), sorted by label."""
    return sorted(choices("topik", lang), key=lambda c: c["label"])
