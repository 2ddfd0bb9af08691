"""Illustrative targets and Central Java comparisons of the demo indicators (issue 13).

Pure, seeded like the rest of the demo catalogue. The targets are NOT the regency's
RPJMD/RKPD targets and the other regencies' and cities' figures are NOT BPS statistics:
both are made up around the demo series, and every resource says so in its name and
description. Kabupaten Pekalongan's own row in a comparison is its demo series.
"""
from __future__ import annotations

import hashlib
import random
from importlib import resources
from typing import Any

from ckanext.pekalongan.satudata import KABUPATEN_CODE
from ckanext.pekalongan.theme import indicators

ILLUSTRATIVE = (
    "_Data ilustrasi untuk demonstrasi portal: bukan target resmi RPJMD/RKPD dan bukan "
    "statistik resmi kabupaten/kota lain._"
)
RPJMD_YEARS = tuple(range(2021, 2027))
COMPARISON_YEARS = tuple(range(2021, 2025))

# dataset name → (direction, [low, high] of the other regencies' values or None)
PLAN: dict[str, tuple[str, tuple[float, float] | None]] = {
    "persentase-penduduk-miskin-2019-2024": (indicators.LOWER, (3.8, 16.5)),
    "indeks-pembangunan-manusia-2019-2024": (indicators.HIGHER, (66.0, 84.5)),
    "angka-partisipasi-murni-2019-2024": (indicators.HIGHER, (72.0, 92.0)),
    "panjang-jalan-kabupaten-menurut-kondisi-2019-2024": (indicators.HIGHER, (45.0, 92.0)),
    "tingkat-pengangguran-terbuka-2019-2024": (indicators.LOWER, (2.4, 9.8)),
    "realisasi-pendapatan-asli-daerah-2019-2024": (indicators.HIGHER, None),
    "jumlah-fasilitas-kesehatan-2019-2024": (indicators.HIGHER, None),
}


def _seed(text: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))


def _round(value: float) -> float:
    return round(value, 2)


def _regions() -> list[str]:
    text = resources.files("ckanext.pekalongan").joinpath("data/jateng_kabkota.csv")
    return list(indicators.parse_regions(text.read_text(encoding="utf-8")))


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def target_csv(name: str, series: list[indicators.Point], direction: str) -> str:
    """``tahun,target,arah``: one target per RPJMD year, close to the demo realisation so
    that some years are met and some are not; later years continue the trend."""
    rng = _seed("target:" + name)
    values = {p.year: p.value for p in series}
    last = series[-1]
    step = (series[-1].value - series[0].value) / max(len(series) - 1, 1)
    rows = ["tahun,target,arah"]
    sign = -1 if direction == indicators.LOWER else 1
    previous = None
    for year in RPJMD_YEARS:
        if year > last.year and previous is not None:  # the plan keeps improving
            target = previous + sign * max(abs(step), abs(previous) * 0.01)
        else:
            base = values.get(year, last.value + step * (year - last.year))
            target = base + rng.uniform(-0.025, 0.02) * sign * abs(base)
        previous = _round(target)
        rows.append(f"{year},{_fmt(previous)},{direction}")
    return "\n".join(rows) + "\n"


def comparison_csv(name: str, series: list[indicators.Point],
                   bounds: tuple[float, float]) -> str:
    """``kode_wilayah,tahun,nilai`` for the 35 regencies and cities and the comparison
    years; each region keeps its level from year to year, with a little noise."""
    rng = _seed("perbandingan:" + name)
    values = {p.year: p.value for p in series}
    low, high = bounds
    rows = ["kode_wilayah,tahun,nilai"]
    levels = {code: rng.uniform(low, high) for code in _regions()}
    for year in COMPARISON_YEARS:
        for code, level in levels.items():
            if code == KABUPATEN_CODE and year in values:
                value = values[year]
            else:
                value = level * (1 + rng.uniform(-0.03, 0.03))
            rows.append(f"{code},{year},{_fmt(_round(value))}")
    return "\n".join(rows) + "\n"


def extra_resources(name: str, title: str, csv_text: str, value_column: str
                    ) -> list[dict[str, Any]]:
    """The target and comparison resources of a demo indicator (``[]`` for the others):
    ``name``, ``description``, ``format``, ``filename``, ``indikator_peran`` and ``csv``."""
    plan = PLAN.get(name)
    if not plan or not value_column:
        return []
    series = indicators.parse_series(csv_text, value_column)
    if not series:
        return []
    direction, bounds = plan
    found = [{
        "name": f"Target {title} (RPJMD/RKPD, ilustrasi)",
        "description": (
            "Target per tahun (kolom `tahun`, `target`) dan arah yang lebih baik (kolom "
            "`arah`: `naik` atau `turun`), dipakai kartu Capaian Pembangunan.\n\n"
            + ILLUSTRATIVE),
        "format": "CSV",
        "filename": f"{name}-target.csv",
        "indikator_peran": "target",
        "csv": target_csv(name, series, direction),
    }]
    if bounds:
        found.append({
            "name": "Perbandingan 35 Kabupaten/Kota Jawa Tengah (ilustrasi)",
            "description": (
                "Nilai indikator yang sama di 35 kabupaten/kota Jawa Tengah (kolom "
                "`kode_wilayah` kode Kemendagri, `tahun`, `nilai`), untuk peringkat Kabupaten "
                "Pekalongan.\n\n" + ILLUSTRATIVE),
            "format": "CSV",
            "filename": f"{name}-jateng.csv",
            "indikator_peran": "perbandingan",
            "csv": comparison_csv(name, series, bounds),
        })
    return found
