"""Capaian Pembangunan: development indicators drawn from datasets marked as indicators.

Pure functions (series parsing, chart geometry) plus one loader that reads an indicator
dataset's CSV from CKAN's file store. Charts are inline SVG rendered on the server: no
script is needed to see them, they stay light on a slow connection, and each comes with a
data table for screen readers.
"""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

YEAR_COLUMN = "tahun"


@dataclass(frozen=True)
class Point:
    year: int
    value: float


def parse_series(csv_text: str, value_column: str) -> list[Point]:
    """The (year, value) pairs of a CSV with a ``tahun`` column, sorted by year.

    Rows without a usable year or value are skipped; a missing column gives ``[]``.
    """
    reader = csv.DictReader(io.StringIO(csv_text))
    if not reader.fieldnames or YEAR_COLUMN not in reader.fieldnames \
            or value_column not in reader.fieldnames:
        return []
    points: dict[int, float] = {}
    for row in reader:
        try:
            year = int(str(row[YEAR_COLUMN]).strip())
            value = float(str(row[value_column]).strip().replace(",", "."))
        except (TypeError, ValueError):
            continue
        points[year] = value
    return [Point(y, points[y]) for y in sorted(points)]


def change(series: list[Point]) -> float | None:
    """Relative change from the first to the last point, in percent (None if undefined)."""
    if len(series) < 2 or series[0].value == 0:
        return None
    return (series[-1].value - series[0].value) / abs(series[0].value) * 100


def chart_geometry(series: list[Point], width: int = 320, height: int = 160,
                   pad: int = 28) -> dict[str, Any]:
    """Coordinates of a line chart of a year series (see :func:`line_geometry`); each
    point also carries its ``year``."""
    geometry = line_geometry([p.year for p in series], [p.value for p in series],
                             width=width, height=height, pad=pad)
    for pt in geometry["points"]:
        pt["year"] = pt["label"]
    return geometry


def line_geometry(labels: list[Any], values: list[float], width: int = 320,
                  height: int = 160, pad: int = 28) -> dict[str, Any]:
    """Coordinates of a line chart in an SVG viewBox of ``width`` x ``height``; one point
    per (label, value), in the order given. Shared by Capaian Pembangunan and the chart
    view of time-series resources (``previews/``).

    The value axis starts at zero unless all values are far from it (then at 90 % of the
    minimum), so small changes stay visible without exaggerating them.
    """
    if not values:
        return {"width": width, "height": height, "points": [], "polyline": ""}
    top = max(values)
    low = min(values)
    bottom = 0.0 if low <= 0 or low < top * 0.5 else low * 0.9
    span = (top - bottom) or 1.0
    inner_w = width - 2 * pad
    inner_h = height - 2 * pad
    count = len(values)
    step = inner_w / (count - 1) if count > 1 else 0
    points = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = pad + (i * step if count > 1 else inner_w / 2)
        y = pad + inner_h - (value - bottom) / span * inner_h
        points.append({"x": round(x, 1), "y": round(y, 1), "label": label, "value": value})
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{pt['x']},{pt['y']}" for pt in points),
        "baseline": pad + inner_h,
        "bottom": bottom,
        "top": top,
    }


def format_number(value: float, locale: str = "id") -> str:
    """1234567.5 → '1.234.567,5' in Indonesian, '1,234,567.5' in English."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if locale == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def load_indicator(dataset: dict[str, Any]) -> dict[str, Any] | None:
    """Series and chart of an indicator dataset, from its first CSV resource in the file
    store; None when the dataset has no readable data."""
    from ckan.lib import uploader

    column = dataset.get("indikator_kolom_nilai")
    if not column:
        return None
    for res in dataset.get("resources", []):
        if (res.get("format") or "").upper() != "CSV" or res.get("url_type") != "upload":
            continue
        path = uploader.get_resource_uploader(res).get_path(res["id"])
        try:
            with open(path, encoding="utf-8-sig") as f:
                series = parse_series(f.read(), column)
        except OSError:
            log.warning("indicator %s: resource file %s is missing", dataset["name"], res["id"])
            continue
        if series:
            return {
                "dataset": dataset,
                "column": column,
                "series": series,
                "latest": series[-1],
                "change": change(series),
                "chart": chart_geometry(series),
            }
    return None
