"""A dataset from another catalogue (CKAN API or DCAT RDF) as a Satu Data dataset dict.

Pure: no CKAN, no database. The harvesters of ``harvesters/ckanharvester.py`` and
``harvesters/dcat_rdf.py`` call ``map_remote_dataset`` on what the remote gave them and
store the result with ``package_create``/``package_update``.

- Fields of our schema that the remote carries too (a portal on the same Satu Data schema)
  are kept when their value is valid here; the others come from ``MappingDefaults``
  (the source's configuration), so every required Satu Data field is always filled.
- Licences are mapped onto the schema's choices by id, title or URL (``map_licence``);
  anything unknown becomes ``notspecified``, never a guess at an open licence.
- The remote's extras survive unless their key is a field of our schema, a core field or
  a key we manage (``sumber_*``, ``harvest_*``): CKAN refuses an extra named like a field.
- ``sumber_id`` (the remote id) and ``sumber_url`` (its page) are added as extras.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ckanext.pekalongan_harvesters import workbook_format as fmt
from ckanext.pekalongan_harvesters.package import (
    DATASET_TYPE,
    HASH_FIELD,
    SOURCE_ID_FIELD,
    content_hash,
)

SOURCE_URL_FIELD = "sumber_url"
RESERVED_EXTRA_PREFIXES = ("sumber_", "harvest_")
# Core dataset keys CKAN refuses as extras, and what a remote's package_show adds.
CORE_KEYS = frozenset({
    "id", "name", "title", "notes", "url", "version", "author", "author_email",
    "maintainer", "maintainer_email", "license_id", "license_title", "license_url",
    "owner_org", "private", "state", "type", "tags", "tag_string", "groups", "extras",
    "resources", "relationships_as_object", "relationships_as_subject", "organization",
    "metadata_created", "metadata_modified", "creator_user_id", "num_tags",
    "num_resources", "isopen", "tracking_summary",
})
RESOURCE_KEYS = ("name", "description", "url", "format", "mimetype", "size", "hash",
                 "last_modified")
TEXT_FIELDS = ("konsep_definisi", "klasifikasi", "sumber_data")
CHOICE_FIELDS = ("cakupan", "metode_pengumpulan")

_TAG_BAD = re.compile(r"[^\w \-.]+", re.UNICODE)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COLUMN_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_YEAR_RE = re.compile(r"(1[89][0-9]{2}|2[01][0-9]{2})")

# Licence ids, titles and URL fragments → the schema's license_id choices.
_LICENCE_IDS = {
    "cc-by": "cc-by", "cc-by-4.0": "cc-by", "cc-by-3.0": "cc-by", "cc-by-2.5": "cc-by",
    "cc-by-2.0": "cc-by", "ccby": "cc-by", "cc-by-sa": "cc-by-sa", "cc-by-sa-4.0": "cc-by-sa",
    "cc-by-sa-3.0": "cc-by-sa", "cc-zero": "cc-zero", "cc0": "cc-zero", "cc0-1.0": "cc-zero",
    "cc-0": "cc-zero", "odc-by": "odc-by", "odc-by-1.0": "odc-by", "odc-odbl": "odc-odbl",
    "odbl": "odc-odbl", "odbl-1.0": "odc-odbl", "odc-pddl": "odc-pddl", "pddl": "odc-pddl",
    "other-open": "other-open", "other-pd": "other-pd", "other-at": "other-at",
    "notspecified": "notspecified", "other-closed": "other-closed",
    "cc-nc": "other-closed", "cc-by-nc": "other-closed", "cc-by-nc-4.0": "other-closed",
    "cc-by-nc-sa": "other-closed", "cc-by-nd": "other-closed",
    "gfdl": "other-open", "uk-ogl": "other-open", "ogl-uk-3.0": "other-open",
}
_LICENCE_URLS = (  # (fragment of a licence URL, choice); first match wins
    ("creativecommons.org/publicdomain/zero", "cc-zero"),
    ("creativecommons.org/licenses/by-nc", "other-closed"),
    ("creativecommons.org/licenses/by-nd", "other-closed"),
    ("creativecommons.org/licenses/by-sa", "cc-by-sa"),
    ("creativecommons.org/licenses/by/", "cc-by"),
    ("opendatacommons.org/licenses/odbl", "odc-odbl"),
    ("opendatacommons.org/licenses/pddl", "odc-pddl"),
    ("opendatacommons.org/licenses/by", "odc-by"),
)
# DCAT frequencies (EU authority table, Dublin Core cld:freq) and plain words → frekuensi.
_FREQUENCIES = {
    "daily": "harian", "harian": "harian", "weekly": "mingguan", "mingguan": "mingguan",
    "monthly": "bulanan", "bulanan": "bulanan", "quarterly": "triwulanan",
    "triwulanan": "triwulanan", "semiannual": "semesteran", "semesteran": "semesteran",
    "annual": "tahunan", "tahunan": "tahunan", "yearly": "tahunan",
    "quinquennial": "lima_tahunan", "irreg": "tidak_tentu", "irregular": "tidak_tentu",
    "unknown": "tidak_tentu", "never": "tidak_tentu",
}


@dataclass(frozen=True)
class MappingDefaults:
    """Values for the required Satu Data fields a remote dataset does not carry."""

    topik: str = "statistik"
    satuan: str = "-"
    frekuensi: str = "tidak_tentu"
    tahun: int | None = None  # None: the year of the remote's last change


def defaults_from_config(config: dict[str, Any]) -> MappingDefaults:
    """``MappingDefaults`` from a harvest source's config (keys ``default_topik``, ...).

    Raises ``ValueError`` (the message is shown in the source form) for invalid values.
    """
    values: dict[str, Any] = {}
    for key, field in (("default_topik", "topik"), ("default_frekuensi", "frekuensi")):
        if key in config:
            value = fmt.choices(field).match(str(config[key]))
            if value is None:
                raise ValueError(
                    f"{key} harus salah satu dari: {', '.join(fmt.choices(field).values)}"
                )
            values[field] = value
    if "default_satuan" in config:
        if not str(config["default_satuan"]).strip():
            raise ValueError("default_satuan tidak boleh kosong")
        values["satuan"] = str(config["default_satuan"]).strip()
    if config.get("default_tahun") not in (None, ""):
        low, high = fmt.year_range()
        try:
            year = int(config["default_tahun"])
        except (TypeError, ValueError):
            raise ValueError("default_tahun harus tahun 4 angka") from None
        if not low <= year <= high:
            raise ValueError(f"default_tahun harus di antara {low} dan {high}")
        values["tahun"] = year
    return MappingDefaults(**values)


def map_licence(*candidates: Any) -> str:
    """The first candidate (id, title or URL) that names a licence we know, else
    ``notspecified``."""
    for candidate in candidates:
        if not candidate:
            continue
        text = str(candidate).strip().lower()
        if text in _LICENCE_IDS:
            return _LICENCE_IDS[text]
        for fragment, choice in _LICENCE_URLS:
            if fragment in text:
                return choice
        if "creative commons attribution share" in text:
            return "cc-by-sa"
        if "creative commons attribution" in text and "non" not in text:
            return "cc-by"
        if "creative commons cczero" in text or "cc0" in text:
            return "cc-zero"
    return "notspecified"


def map_frequency(value: Any) -> str | None:
    if not value:
        return None
    key = str(value).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].strip().lower()
    return fmt.choices("frekuensi").match(key) or _FREQUENCIES.get(key)


def clean_tag(name: Any) -> str | None:
    """A tag CKAN accepts, or None: invalid characters become spaces."""
    text = _TAG_BAD.sub(" ", str(name or "")).strip()
    text = re.sub(r"\s+", " ", text)
    if not fmt.TAG_MIN_LENGTH <= len(text) <= fmt.TAG_MAX_LENGTH:
        return None
    return text


def extras_dict(remote: dict[str, Any]) -> dict[str, Any]:
    """The remote's extras as a dict (a list of key/value dicts or already a dict)."""
    extras = remote.get("extras") or []
    if isinstance(extras, dict):
        return dict(extras)
    return {e.get("key"): e.get("value") for e in extras if isinstance(e, dict) and e.get("key")}


def _value(remote: dict[str, Any], extras: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        for place in (remote, extras):
            value = place.get(key)
            if value not in (None, "", []):
                return value
    return None


def _year_of(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    else:
        match = _YEAR_RE.search(str(value or ""))
        if not match:
            return None
        year = int(match.group(1))
    low, high = fmt.year_range()
    return year if low <= year <= high else None


def _choice(field: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    return fmt.choices(field).match(str(value))


def _schema_field_names() -> frozenset[str]:
    return frozenset(f["field_name"] for f in fmt.dataset_schema()["dataset_fields"])


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def map_remote_dataset(
    remote: dict[str, Any],
    *,
    source_id: str,
    defaults: MappingDefaults,
    owner_org: str | None = None,
    source_url: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The Satu Data dataset dict (without ``id``/``name``) for ``remote``.

    :param remote: a CKAN ``package_show`` dict or a ckanext-dcat parsed dataset dict
    :param source_id: the remote identifier (stored as the extra ``sumber_id``)
    :param defaults: values of required fields the remote does not give
    :param owner_org: the organization the dataset lands in
    :param source_url: the dataset's page at the source (extra ``sumber_url``)
    """
    extras = extras_dict(remote)
    title = str(remote.get("title") or remote.get("name") or source_id).strip()
    package: dict[str, Any] = {"type": DATASET_TYPE, "title": title}
    if remote.get("notes"):
        package["notes"] = str(remote["notes"])

    tags: list[str] = []
    for tag in remote.get("tags") or []:
        name = clean_tag(tag.get("name") if isinstance(tag, dict) else tag)
        if name and name not in tags:
            tags.append(name)
    if tags:
        package["tag_string"] = ",".join(tags)

    package["topik"] = _choice("topik", remote.get("topik")) or defaults.topik
    satuan = remote.get("satuan")
    package["satuan"] = str(satuan).strip() if satuan and str(satuan).strip() else (
        defaults.satuan
    )
    package["frekuensi"] = (
        _choice("frekuensi", remote.get("frekuensi"))
        or map_frequency(_value(remote, extras, "frequency", "accrual_periodicity"))
        or defaults.frekuensi
    )
    year = (
        _year_of(remote.get("tahun"))
        or _year_of(_value(remote, extras, "temporal_end"))
        or defaults.tahun
        or _year_of(_value(remote, extras, "modified", "metadata_modified", "issued",
                           "metadata_created"))
        or (today or dt.date.today()).year
    )
    package["tahun"] = year
    awal, akhir = _year_of(remote.get("periode_awal")), _year_of(remote.get("periode_akhir"))
    if awal is not None and (akhir is None or akhir >= awal):
        package["periode_awal"] = awal
    if akhir is not None and (awal is None or akhir >= awal):
        package["periode_akhir"] = akhir
    for field in CHOICE_FIELDS:
        value = _choice(field, remote.get(field))
        if value:
            package[field] = value
    codes = remote.get("kode_wilayah")
    if isinstance(codes, str):
        codes = [c.strip() for c in re.split(r"[,;\s]+", codes.strip("{}[]")) if c.strip()]
    known = fmt.kode_wilayah_codes()
    codes = [c for c in (codes or []) if isinstance(c, str) and c in known]
    if codes:
        package["kode_wilayah"] = codes
    for field in TEXT_FIELDS:
        if remote.get(field) and str(remote[field]).strip():
            package[field] = str(remote[field]).strip()

    contact_name = _value(remote, extras, "contact_name", "maintainer", "author",
                          "publisher_name")
    contact_email = _value(remote, extras, "contact_email", "maintainer_email",
                           "author_email", "publisher_email")
    if contact_name:
        package["contact_name"] = str(contact_name).strip()
    if contact_email and _EMAIL_RE.match(str(contact_email).strip()):
        package["contact_email"] = str(contact_email).strip()

    resource_licences = [r.get("license") for r in remote.get("resources") or []
                         if isinstance(r, dict)]
    package["license_id"] = map_licence(
        remote.get("license_id"), remote.get("license_url"), remote.get("license_title"),
        extras.get("license"), *resource_licences,
    )
    kolom = remote.get("indikator_kolom_nilai")
    indicator = str(remote.get("indikator_capaian")).lower() in ("true", "1", "ya", "yes")
    if indicator and isinstance(kolom, str) and _COLUMN_RE.match(kolom):
        package["indikator_capaian"] = True
        package["indikator_kolom_nilai"] = kolom
    else:
        package["indikator_capaian"] = False
    # no status_verifikasi, whatever the remote says: only the walidata sets it
    if owner_org:
        package["owner_org"] = owner_org

    skip = _schema_field_names() | CORE_KEYS
    kept = [
        {"key": key, "value": _text(value)}
        for key, value in sorted(extras.items())
        if key not in skip and not key.startswith(RESERVED_EXTRA_PREFIXES)
        and value not in (None, "")
    ]
    kept.append({"key": SOURCE_ID_FIELD, "value": source_id})
    if source_url:
        kept.append({"key": SOURCE_URL_FIELD, "value": source_url})
    package["extras"] = kept
    package["resources"] = map_resources(remote.get("resources") or [])
    return package


def map_resources(resources: list[Any]) -> list[dict[str, Any]]:
    """Links to the remote's files: the keys of ``RESOURCE_KEYS`` of every resource that
    has an http(s) URL (remote uploads become links to the remote's download URL)."""
    out: list[dict[str, Any]] = []
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        url = str(resource.get("url") or resource.get("download_url")
                  or resource.get("access_url") or "").strip()
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            continue
        mapped = {"url": url, "remote_id": str(resource.get("id") or resource.get("uri")
                                               or url)}
        for key in RESOURCE_KEYS:
            value = resource.get(key)
            if key == "url" or value in (None, ""):
                continue
            if key == "size":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    continue
            mapped[key] = value if key == "size" else str(value)
        mapped.setdefault("name", mapped.get("format") or url.rsplit("/", 1)[-1])
        out.append(mapped)
    return out


def mapped_hash(package: dict[str, Any]) -> str:
    """``content_hash`` of a mapped dataset: metadata plus its resources' canonical JSON."""
    resources = json.dumps(package.get("resources") or [], sort_keys=True,
                           ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return content_hash(package, resources)


__all__ = [
    "MappingDefaults", "defaults_from_config", "map_licence", "map_frequency", "clean_tag",
    "map_remote_dataset", "map_resources", "mapped_hash", "SOURCE_URL_FIELD", "HASH_FIELD",
]
