"""Time-series detection and chart data for DataStore tables. Pure: no CKAN, no database.

A table is a time series when it has a period column (``tahun``, ``year``, ``bulan``,
``periode``, ``tanggal``, ...) whose values are all present and distinct — one row per
period — and at least one other column whose values are all numbers. Tables with several
rows per period (one per kecamatan, say) are not charted: summing rates would mislead.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ckanext.pekalongan.theme.indicators import line_geometry

PERIOD_NAMES = (
    "tahun", "year", "bulan", "month", "periode", "period", "tanggal", "date", "triwulan",
    "quarter", "semester", "waktu", "time", "minggu", "week", "thn",
)
NUMERIC_TYPES = ("int", "int4", "int8", "integer", "bigint", "numeric", "float", "float8",
                 "double precision", "real", "smallint")
# identifiers and codes are numbers that must not be drawn
_CODE_COLUMN = re.compile(r"^(_id|id|no|nomor|kode(_.*)?|.*_kode|.*_id)$")
MAX_COLUMNS = 6
MAX_POINTS = 500


@dataclass(frozen=True)
class TimeSeries:
    period_column: str
    value_columns: tuple[str, ...]
    labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]  # one tuple per value column, aligned with labels


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def is_period_name(name: str) -> bool:
    """``tahun``, ``Tahun``, ``tahun_anggaran``, ``periode_laporan``, ``bulan ke``... yes;
    ``kecamatan`` no."""
    parts = _normalise(name).split("_")
    return bool(parts) and (parts[0] in PERIOD_NAMES or parts[-1] in PERIOD_NAMES)


def to_number(value: Any) -> float | None:
    """A cell as a number, or None. Accepts ``12.5``, ``12,5`` and ``1.234.567`` (Indonesian
    thousands) as well as real numbers; booleans and empty cells are not numbers."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.234.567
        text = text.replace(".", "")
    elif re.fullmatch(r"-?\d+,\d+", text):  # 12,5
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _period_key(label: str) -> tuple[int, float | str]:
    number = to_number(label)
    return (0, number) if number is not None else (1, label)


def detect(fields: Sequence[Mapping[str, Any]],
           records: Sequence[Mapping[str, Any]]) -> TimeSeries | None:
    """The time series of a table, or None when it is not one.

    :param fields: DataStore fields (``{"id": name, "type": type}``), in table order.
    :param records: the rows (dicts by field id); at most ``MAX_POINTS`` are considered.
    """
    names = [f["id"] for f in fields if f.get("id") and f["id"] != "_id"]
    if not records or len(records) > MAX_POINTS:
        return None
    period = next((n for n in names if is_period_name(n) and _distinct_periods(n, records)),
                  None)
    if period is None:
        return None
    value_columns = [
        n for n in names
        if n != period and not _CODE_COLUMN.match(_normalise(n)) and not is_period_name(n)
        and all(to_number(r.get(n)) is not None for r in records)
    ][:MAX_COLUMNS]
    if not value_columns:
        return None
    rows = sorted(records, key=lambda r: _period_key(str(r.get(period)).strip()))
    return TimeSeries(
        period_column=period,
        value_columns=tuple(value_columns),
        labels=tuple(_label(r.get(period)) for r in rows),
        values=tuple(tuple(to_number(r.get(col)) or 0.0 for r in rows)
                     for col in value_columns),
    )


def _distinct_periods(name: str, records: Iterable[Mapping[str, Any]]) -> bool:
    labels = [str(r.get(name) if r.get(name) is not None else "").strip() for r in records]
    return all(labels) and len(set(labels)) == len(labels)


def _label(value: Any) -> str:
    number = to_number(value)
    if number is not None and number.is_integer():
        return str(int(number))
    text = str(value).strip()
    # DataStore timestamps: 2024-01-31T00:00:00 -> 2024-01-31
    return re.sub(r"T00:00:00$", "", text)


def charts(series: TimeSeries, width: int = 640, height: int = 240, pad: int = 36,
           max_labels: int = 12) -> list[dict[str, Any]]:
    """One line chart per value column (each on its own scale: columns mix units), with
    at most ``max_labels`` period labels shown on the axis."""
    every = max(1, -(-len(series.labels) // max_labels))
    out = []
    for column, values in zip(series.value_columns, series.values, strict=True):
        geometry = line_geometry(list(series.labels), list(values), width=width,
                                 height=height, pad=pad)
        for i, pt in enumerate(geometry["points"]):
            pt["show_label"] = i % every == 0 or i == len(geometry["points"]) - 1
        out.append({"column": column, "geometry": geometry,
                    "first": series.labels[0], "last": series.labels[-1],
                    "low": min(values), "high": max(values)})
    return out
