"""Choices shared by the Satu Data scheming schemas.

Pure module: no CKAN import, so the demo catalogue and the unit tests can use it
without a configured CKAN. ``pekalongan_kode_wilayah_choices`` is the scheming
``choices_helper`` of the ``kode_wilayah`` fields; scheming looks it up on
``h``, so it must be registered as a template helper.
"""

from __future__ import annotations

import csv
import functools
import pathlib
from typing import Any, NamedTuple

__all__ = ["pekalongan_kode_wilayah_choices"]

KABUPATEN_CODE = "33.26"
KABUPATEN_NAME = "Kabupaten Pekalongan"

# Satu Data Indonesia (Perpres 39/2019): the regency's walidata is Dinkominfo.
WALIDATA_DEFAULT = "Dinas Komunikasi dan Informatika Kabupaten Pekalongan"

KECAMATAN_CSV = pathlib.Path(__file__).resolve().parent.parent / "data" / "kecamatan.csv"


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


def kode_wilayah_choices() -> list[dict[str, str]]:
    """Scheming choices: the regency first, then every kecamatan ("Kec. Kajen")."""
    return [{"value": KABUPATEN_CODE, "label": KABUPATEN_NAME}] + [
        {"value": k.kode_wilayah, "label": f"Kec. {k.nama}"} for k in kecamatan()
    ]


def pekalongan_kode_wilayah_choices(field: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """``choices_helper`` for scheming: ``choices_helper: pekalongan_kode_wilayah_choices``."""
    return kode_wilayah_choices()
