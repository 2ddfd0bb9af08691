"""What the ``pekalongan_search`` plugin adds to a dataset's Solr document.

CKAN indexes the Satu Data fields (stored as package extras by ckanext-scheming) as
single strings: ``kode_wilayah`` arrives as the JSON text ``'["33.26"]'`` and ``tahun`` as
``"2024"``. :func:`index_fields` turns them into the fields of our schema
(``config/solr/conf/schema.xml``): a list of area codes, the kecamatan names, the OPD's
name and acronym, the year as an integer. Pure module apart from :func:`opd_names`, so the
rules are unit-tested without CKAN.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ckanext.pekalongan.satudata import KABUPATEN_CODE, kecamatan

__all__ = ["index_fields", "covered_codes", "parse_codes", "opd_names", "SINGLE_VALUED"]

# Scheming select fields indexed as they are (single-valued string facets).
SINGLE_VALUED = ("topik", "frekuensi", "status_verifikasi", "cakupan")
# Levels of `cakupan` at which the data is broken down per kecamatan.
PER_KECAMATAN = ("kecamatan", "desa")


def parse_codes(value: Any) -> list[str]:
    """``kode_wilayah`` as stored (JSON list text, list, or one code) -> list of codes."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return []
        else:
            value = [v for v in text.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def covered_codes(codes: Iterable[str], cakupan: str | None) -> list[str]:
    """The area codes a dataset covers: the declared ones, plus every kecamatan when data
    for the whole regency is broken down per kecamatan (or desa). So the kecamatan facet
    and a search for "puskesmas kajen" find the per-kecamatan tables that have a Kajen row.
    """
    out = list(dict.fromkeys(codes))
    if cakupan in PER_KECAMATAN and KABUPATEN_CODE in out:
        out += [k.kode_wilayah for k in kecamatan() if k.kode_wilayah not in out]
    return out


def kecamatan_names(codes: Iterable[str]) -> list[str]:
    names = {k.kode_wilayah: k.nama for k in kecamatan()}
    return [names[c] for c in codes if c in names]


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 1000 <= year <= 9999 else None


def index_fields(pkg_dict: dict[str, Any],
                 opd_lookup: Callable[[str], list[str]] | None = None) -> dict[str, Any]:
    """Return ``pkg_dict`` with our fields set (and malformed values dropped, so that one
    odd dataset cannot make Solr refuse the document).

    :param opd_lookup: organization name -> its searchable names (title, acronym).
    """
    codes = covered_codes(parse_codes(pkg_dict.get("kode_wilayah")), pkg_dict.get("cakupan"))
    if codes:
        pkg_dict["kode_wilayah"] = codes
    else:
        pkg_dict.pop("kode_wilayah", None)
    names = kecamatan_names(codes)
    if names:
        pkg_dict["kecamatan"] = names

    year = _year(pkg_dict.get("tahun"))
    if year is None:
        pkg_dict.pop("tahun", None)
    else:
        pkg_dict["tahun"] = year

    for field in SINGLE_VALUED:
        if not isinstance(pkg_dict.get(field), str) or not pkg_dict[field]:
            pkg_dict.pop(field, None)

    org = pkg_dict.get("organization")
    if org and opd_lookup is not None:
        opd = [n for n in opd_lookup(org) if n]
        if opd:
            pkg_dict["opd"] = opd
    return pkg_dict


def opd_names(org_name: str) -> list[str]:
    """Title and acronym (``singkatan``, a scheming organization field) of an OPD, read
    from the database: "Dinas Kesehatan", "Dinkes"."""
    import ckan.model as model

    group = model.Group.get(org_name)
    if group is None:
        return []
    return [group.title or "", (group.extras or {}).get("singkatan") or ""]
