"""Kinds of organization: who is a produsen data and who only serves.

Every organization of the portal has a ``jenis_opd`` (schemas/opd_organization.yaml). The
OPDs (sekretariat, dinas, badan, ...) and the kecamatan are the regency's data producers
(Perpres 39/2019): they are counted on the home page ("50 OPD"), listed among the producers
and scored in Skor OPD. A *service unit* (``layanan``: the Atasan PPID, a help desk) holds
members for a service and publishes no data; it is left out of those counts, lists and
scores. An organization without a ``jenis_opd`` (made before the schema, or by a harvest
source of another portal) counts as an OPD.

Pure module: no CKAN import, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

OPD = "opd"
KECAMATAN = "kecamatan"
LAYANAN = "layanan"
KINDS = (OPD, KECAMATAN, LAYANAN)
# values of jenis_opd that are not data producers
SERVICE_VALUES = frozenset({LAYANAN})


def kind(org: Mapping[str, Any]) -> str:
    """``opd``, ``kecamatan`` or ``layanan`` for an organization dict."""
    value = org.get("jenis_opd")
    value = value.strip() if isinstance(value, str) else ""
    if value in SERVICE_VALUES:
        return LAYANAN
    if value == KECAMATAN:
        return KECAMATAN
    return OPD


def is_data_producer(org: Mapping[str, Any]) -> bool:
    """An OPD or a kecamatan (counted, listed and scored as a produsen data)."""
    return kind(org) != LAYANAN


def producers(orgs: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The data producers among ``orgs``, in their order."""
    return [o for o in orgs if is_data_producer(o)]


def split(orgs: Iterable[Mapping[str, Any]]) -> tuple[list, list]:
    """``(producers, service units)`` of ``orgs``, each in the given order."""
    orgs = list(orgs)
    return producers(orgs), [o for o in orgs if not is_data_producer(o)]
