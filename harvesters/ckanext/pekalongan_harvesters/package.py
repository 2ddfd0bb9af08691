"""The CKAN dataset dict built from one daftar_data row, its name, and its content hash.

- ``name``: ``<organization name>-<id_dataset>``, slugified, at most 100 characters;
  the same organization and id_dataset always give the same name.
- The source identifier (id_dataset as the OPD wrote it) is stored as the extra
  ``sumber_id``. It is not a field of the scheming schema, so it travels in ``extras``
  (as ckanext-dcat keeps its ``guid``); ``source_id_of`` reads it back from either place.
- ``content_hash`` fingerprints metadata + table for incremental harvesting; the
  harvester may store it as the extra ``sumber_hash``, which the hash itself ignores.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

from ckanext.pekalongan_harvesters import workbook_format as fmt

SOURCE_ID_FIELD = "sumber_id"
HASH_FIELD = "sumber_hash"
DATASET_TYPE = "dataset"
_HASH_PREFIX = b"pekalongan-daftar-data/1\n"
_HASH_IGNORED_KEYS = ("id", "resources", "metadata_modified", "metadata_created")


def slugify(text: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens: ``"Dinas Kesehatan"`` →
    ``"dinas-kesehatan"``; accents are dropped (``é`` → ``e``)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def dataset_name(org_name: str, source_id: str) -> str:
    """The dataset's URL name: deterministic, unique per (organization, id_dataset) slug.

    Names longer than CKAN's 100 characters are cut and end in 8 hex digits of a
    SHA-256 of the full slug, so two long ids that share a prefix stay distinct.
    """
    full = "-".join(part for part in (slugify(org_name), slugify(source_id)) if part)
    if len(full) <= fmt.NAME_MAX_LENGTH:
        return full
    digest = hashlib.sha256(full.encode("ascii")).hexdigest()[:8]
    return full[: fmt.NAME_MAX_LENGTH - 9].rstrip("-") + "-" + digest


def build_package_dict(
    values: dict[str, Any], *, org_name: str, owner_org: str | None = None
) -> dict[str, Any]:
    """The dataset dict for ``package_create``/``package_update``.

    ``values`` maps daftar_data column names to values already read by
    ``field_rules.read_cell`` (None = empty cell). Empty optional fields are left out,
    so an update clears them.
    """
    source_id = values["id_dataset"]
    package: dict[str, Any] = {
        "type": DATASET_TYPE,
        "name": dataset_name(org_name, source_id),
    }
    for column in fmt.COLUMNS:
        value = values.get(column.name)
        if column.field is None or value is None or value == []:
            continue
        if column.kind == "tags":
            value = ",".join(value)
        package[column.field] = value
    package.setdefault("license_id", fmt.default_value("license_id"))
    package["indikator_capaian"] = bool(values.get("indikator_capaian"))
    # no status_verifikasi: only the walidata sets it (the schema defaults a new dataset
    # to belum_diverifikasi; an update keeps the walidata's value)
    package["extras"] = [{"key": SOURCE_ID_FIELD, "value": source_id}]
    if owner_org:
        package["owner_org"] = owner_org
    return package


def source_id_of(package: dict[str, Any]) -> str | None:
    """The ``sumber_id`` of a dataset dict (top-level field or extra)."""
    if package.get(SOURCE_ID_FIELD):
        return package[SOURCE_ID_FIELD]
    for extra in package.get("extras") or []:
        if extra.get("key") == SOURCE_ID_FIELD:
            return extra.get("value")
    return None


def canonical_json(package: dict[str, Any]) -> bytes:
    """The metadata part of the hash: sorted keys, extras sorted, no volatile keys."""
    data = {k: v for k, v in package.items() if k not in _HASH_IGNORED_KEYS}
    if "extras" in data:
        data["extras"] = sorted(
            ({"key": e["key"], "value": e["value"]} for e in data["extras"]
             if e.get("key") != HASH_FIELD),
            key=lambda e: e["key"],
        )
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(package: dict[str, Any], data_bytes: bytes | None) -> str:
    """SHA-256 (hex) over the canonical metadata JSON and the data table's CSV bytes.

    Equal for equal input; any change of a metadata value or of a table cell changes it.
    """
    digest = hashlib.sha256(_HASH_PREFIX)
    digest.update(canonical_json(package))
    digest.update(b"\x00")  # JSON text never holds a raw NUL: the boundary is unambiguous
    digest.update(data_bytes or b"")
    return digest.hexdigest()


def resource_dict(package: dict[str, Any], data_url: str | None = None) -> dict[str, Any]:
    """Name, format and description of the CSV resource holding the data table."""
    description = "Tabel data hasil panen dari daftar data OPD"
    if data_url:
        description += f" (sumber: {data_url})"
    return {
        "name": f"{package.get('title', package['name'])} (CSV)",
        "format": "CSV",
        "mimetype": "text/csv",
        "description": description + ".",
    }
