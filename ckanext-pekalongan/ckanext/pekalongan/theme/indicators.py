"""Capaian Pembangunan: development indicators drawn from datasets marked as indicators.

Pure functions, no database or configuration reads: parsing of the indicator's series, its
targets (``tahun,target[,arah]``) and its comparison with Central Java's 35 regencies and
cities (``kode_wilayah,tahun,nilai``); what each malformed table is missing
(:class:`Problem`, shown to the OPD's editors); target status, percentage points, ranking
and its movement; the card of an indicator as a plain dict (:func:`build_card`) and the
new achievements of a set of cards (:func:`new_achievements`). Loading from CKAN and the
caches live in ``indicator_data``; the charts in ``charts``.

``chart_geometry``/``line_geometry`` stay for the chart view of time-series resources.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

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


# --------------------------------------------------------------------------- Resonansi

TARGET_COLUMN = "target"
DIRECTION_COLUMN = "arah"
REGION_COLUMN = "kode_wilayah"
COMPARISON_VALUE_COLUMN = "nilai"
HIGHER, LOWER = "naik", "turun"  # higher is better / lower is better
PERCENT_UNITS = frozenset({"persen", "%", "persentase", "percent"})
MAX_ROWS = 5000  # a table of an indicator is small; beyond this it is not one


@dataclass(frozen=True)
class Problem:
    """Something an editor must fix in a table of an indicator. ``message`` is an English
    msgid (translated where it is shown), ``params`` fill its ``{placeholders}``."""
    table: str  # "data" | "target" | "comparison"
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "message": self.message, "params": dict(self.params)}


def _(text: str) -> str:  # marks msgids for extraction; translated where shown
    return text


def _number(text: Any) -> float | None:
    """A cell as a finite number ('12,5', '1.234,5' and '1234.5' read), None otherwise."""
    raw = str(text if text is not None else "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw and "." in raw:  # 1.234,5 (Indonesian) or 1,234.5 (English)
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") \
            else raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) < 1e15 else None


def _year(text: Any) -> int | None:
    raw = str(text if text is not None else "").strip()
    if not raw.isdigit() or len(raw) != 4:
        return None
    year = int(raw)
    return year if 1900 <= year <= 2100 else None


def _rows(csv_text: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (csv_text or "").replace("\x00", "")
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
        reader.fieldnames = fields
        rows = []
        for row in reader:
            rows.append({k: v for k, v in row.items() if isinstance(k, str)})
            if len(rows) > MAX_ROWS:
                break
    except csv.Error:
        return [], []
    return fields, rows


def _short(value: Any) -> str:
    text = "".join(ch for ch in str(value if value is not None else "") if ch.isprintable())
    return text[:40]


def parse_series_checked(csv_text: str, value_column: str
                         ) -> tuple[list[Point], list[Problem]]:
    """The indicator's (year, value) series and what is wrong with its table: a missing
    column, a year or value that is not a number, a year given twice, gaps between years."""
    fields, rows = _rows(csv_text)
    column = (value_column or "").strip().lower()
    problems: list[Problem] = []
    if YEAR_COLUMN not in fields or column not in fields:
        missing = YEAR_COLUMN if YEAR_COLUMN not in fields else column
        return [], [Problem("data", _("The data table has no column “{column}”."),
                            {"column": missing})]
    points: dict[int, float] = {}
    for number, row in enumerate(rows, start=2):
        year = _year(row.get(YEAR_COLUMN))
        value = _number(row.get(column))
        if year is None:
            problems.append(Problem("data", _("Row {row}: the year “{value}” is not a year."),
                                    {"row": number, "value": _short(row.get(YEAR_COLUMN))}))
            continue
        if value is None:
            problems.append(Problem(
                "data", _("Row {row}: the value “{value}” of {year} is not a number."),
                {"row": number, "value": _short(row.get(column)), "year": year}))
            continue
        if year in points:
            problems.append(Problem("data", _("The year {year} is given more than once."),
                                    {"year": year}))
        points[year] = value
    problems.extend(_gaps("data", sorted(points)))
    return [Point(y, points[y]) for y in sorted(points)], problems


def _gaps(table: str, years: list[int]) -> list[Problem]:
    missing = [y for y in range(years[0], years[-1] + 1) if y not in years] if years else []
    if not missing:
        return []
    return [Problem(table, _("Years missing between {first} and {last}: {years}."),
                    {"first": years[0], "last": years[-1],
                     "years": ", ".join(str(y) for y in missing[:10])})]


def parse_targets(csv_text: str) -> tuple[dict[int, float], str | None, list[Problem]]:
    """Targets per year (RPJMD/RKPD) of a ``tahun,target[,arah]`` table, the direction
    (``naik``: higher is better, ``turun``: lower is better; None when not given) and what
    is wrong with the table."""
    fields, rows = _rows(csv_text)
    if YEAR_COLUMN not in fields or TARGET_COLUMN not in fields:
        missing = YEAR_COLUMN if YEAR_COLUMN not in fields else TARGET_COLUMN
        return {}, None, [Problem("target", _("The target table has no column “{column}”."),
                                  {"column": missing})]
    targets: dict[int, float] = {}
    direction: str | None = None
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=2):
        arah = (row.get(DIRECTION_COLUMN) or "").strip().lower()
        if arah in (HIGHER, LOWER) and direction is None:
            direction = arah
        elif arah and arah not in (HIGHER, LOWER):
            problems.append(Problem(
                "target", _("Row {row}: the direction “{value}” must be “naik” or “turun”."),
                {"row": number, "value": _short(arah)}))
        year = _year(row.get(YEAR_COLUMN))
        value = _number(row.get(TARGET_COLUMN))
        if year is None:
            problems.append(Problem("target", _("Row {row}: the year “{value}” is not a year."),
                                    {"row": number, "value": _short(row.get(YEAR_COLUMN))}))
        elif value is None:
            problems.append(Problem(
                "target", _("Row {row}: the target “{value}” of {year} is not a number."),
                {"row": number, "value": _short(row.get(TARGET_COLUMN)), "year": year}))
        else:
            targets[year] = value
    return targets, direction, problems


def parse_direction(csv_text: str) -> str | None:
    """The first ``naik``/``turun`` of a table's ``arah`` column (None without one): a
    comparison table may say which way is better when there is no target table."""
    fields, rows = _rows(csv_text)
    if DIRECTION_COLUMN not in fields:
        return None
    for row in rows:
        arah = (row.get(DIRECTION_COLUMN) or "").strip().lower()
        if arah in (HIGHER, LOWER):
            return arah
    return None


def direction_problem() -> Problem:
    return Problem("target", _("No direction is given (column “arah”: “naik” or “turun”, in "
                               "the target or comparison table): higher is taken as better."))


def parse_regions(csv_text: str) -> dict[str, str]:
    """Kemendagri code → name of the reference list of Central Java's regencies and cities
    (``kode_wilayah,nama,jenis``); a city is named "Kota X"."""
    _fields, rows = _rows(csv_text)
    regions = {}
    for row in rows:
        code = (row.get("kode_wilayah") or "").strip()
        name = (row.get("nama") or "").strip()
        if code and name:
            kind = (row.get("jenis") or "").strip().lower()
            regions[code] = f"Kota {name}" if kind == "kota" else f"Kab. {name}"
    return regions


def parse_comparison(csv_text: str, regions: dict[str, str]
                     ) -> tuple[dict[int, dict[str, float]], list[Problem]]:
    """Values per year and region of a ``kode_wilayah,tahun,nilai`` table, keeping only
    the years in which every one of ``regions`` has a value (a rank among 34 is no rank
    among 35), and what is wrong with the table."""
    fields, rows = _rows(csv_text)
    missing = [c for c in (REGION_COLUMN, YEAR_COLUMN, COMPARISON_VALUE_COLUMN)
               if c not in fields]
    if missing:
        return {}, [Problem("comparison", _("The comparison table has no column “{column}”."),
                            {"column": missing[0]})]
    by_year: dict[int, dict[str, float]] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    for number, row in enumerate(rows, start=2):
        code = (row.get(REGION_COLUMN) or "").strip()
        year = _year(row.get(YEAR_COLUMN))
        value = _number(row.get(COMPARISON_VALUE_COLUMN))
        if code not in regions:
            if _short(code) not in unknown:
                unknown.append(_short(code))
            continue
        if year is None:
            problems.append(Problem("comparison",
                                    _("Row {row}: the year “{value}” is not a year."),
                                    {"row": number, "value": _short(row.get(YEAR_COLUMN))}))
            continue
        if value is None:
            problems.append(Problem(
                "comparison", _("Row {row}: the value “{value}” of {code} in {year} is not a "
                                "number."),
                {"row": number, "value": _short(row.get(COMPARISON_VALUE_COLUMN)),
                 "code": code, "year": year}))
            continue
        by_year.setdefault(year, {})[code] = value
    if unknown:
        problems.append(Problem(
            "comparison", _("Unknown region codes (not one of Central Java's 35 regencies "
                            "and cities): {codes}."), {"codes": ", ".join(unknown[:10])}))
    complete = {}
    for year in sorted(by_year):
        found = by_year[year]
        if len(found) == len(regions):
            complete[year] = found
        else:
            problems.append(Problem(
                "comparison", _("{year}: {count} of the {total} regencies and cities have a "
                                "value; the year is left out of the ranking."),
                {"year": year, "count": len(found), "total": len(regions)}))
    return complete, problems


def is_percentage(unit: str | None) -> bool:
    return (unit or "").strip().lower() in PERCENT_UNITS


def describe_change(series: list[Point], unit: str | None) -> dict[str, Any] | None:
    """The change from the first to the last year: in percentage points when the unit is
    a percentage ("turun 0,59 poin"), else relative in percent. ``direction`` is
    ``up``/``down``/``flat``; ``amount`` is never negative."""
    if len(series) < 2:
        return None
    first, last = series[0], series[-1]
    if is_percentage(unit):
        delta, kind = last.value - first.value, "points"
    else:
        if first.value == 0:
            return None
        delta, kind = (last.value - first.value) / abs(first.value) * 100, "relative"
    delta = round(delta, 2)
    return {"kind": kind, "amount": abs(delta), "since": first.year,
            "direction": "up" if delta > 0 else "down" if delta < 0 else "flat"}


def target_status(value: float, target: float | None, direction: str) -> str | None:
    """``met`` / ``not_met`` of a realisation against its target (None without a target)."""
    if target is None:
        return None
    met = value <= target if direction == LOWER else value >= target
    return "met" if met else "not_met"


def rank(values: dict[str, float], code: str, direction: str) -> int | None:
    """Standard competition rank ("1224") of ``code`` among ``values``: 1 is the best
    (the highest value, or the lowest when lower is better)."""
    if code not in values:
        return None
    mine = values[code]
    better = sum(1 for v in values.values()
                 if (v < mine if direction == LOWER else v > mine))
    return better + 1


def rank_history(comparison: dict[int, dict[str, float]], code: str, direction: str
                 ) -> list[dict[str, int]]:
    """``[{year, rank, total, movement}]`` per complete year; movement > 0 means the rank
    improved (went up the table) since the previous year."""
    history: list[dict[str, int]] = []
    for year in sorted(comparison):
        place = rank(comparison[year], code, direction)
        if place is None:
            continue
        movement = history[-1]["rank"] - place if history else 0
        history.append({"year": year, "rank": place, "total": len(comparison[year]),
                        "movement": movement})
    return history


def build_card(*, dataset: dict[str, Any], series: list[Point],
               targets: dict[int, float] | None = None, direction: str | None = None,
               comparison: dict[int, dict[str, float]] | None = None,
               regions: dict[str, str] | None = None, home_code: str = "33.26",
               problems: list[Problem] | None = None,
               data_modified: str = "") -> dict[str, Any]:
    """The card of an indicator as a JSON-able dict (cached as is): latest value, change,
    target status, rank in Central Java and its movement, the tables behind them and the
    problems of its tables (for the editors only)."""
    direction = direction if direction in (HIGHER, LOWER) else HIGHER
    targets = targets or {}
    comparison = comparison or {}
    regions = regions or {}
    latest = series[-1] if series else None
    target = targets.get(latest.year) if latest else None
    history = rank_history(comparison, home_code, direction)
    last_rank = history[-1] if history else None
    ranking = []
    if comparison:
        year = max(comparison)
        values = comparison[year]
        ranking = sorted(
            ({"code": c, "name": regions.get(c, c), "value": v,
              "rank": rank(values, c, direction), "home": c == home_code}
             for c, v in values.items()),
            key=lambda r: (r["rank"], r["name"]))
    org = dataset.get("organization") or {}
    return {
        "id": dataset.get("id", ""),
        "name": dataset.get("name", ""),
        "title": dataset.get("title") or dataset.get("name", ""),
        "unit": dataset.get("satuan") or "",
        "organization": org.get("title") or org.get("name") or "",
        "organization_name": org.get("name") or "",
        "direction": direction,
        "series": [{"year": p.year, "value": p.value, "target": targets.get(p.year)}
                   for p in series],
        "latest": {"year": latest.year, "value": latest.value} if latest else None,
        "change": describe_change(series, dataset.get("satuan")),
        "target": target,
        "target_year": latest.year if latest else None,
        "target_status": target_status(latest.value, target, direction) if latest else None,
        "next_target": _next_target(targets, latest.year if latest else None),
        "rank": last_rank,
        "rank_history": history,
        "ranking": ranking,
        "ranking_year": max(comparison) if comparison else None,
        "problems": [p.as_dict() for p in (problems or [])],
        "data_modified": data_modified,
    }


def _next_target(targets: dict[int, float], year: int | None) -> dict[str, Any] | None:
    later = sorted(y for y in targets if year is None or y > year)
    return {"year": later[0], "value": targets[later[0]]} if later else None


def new_achievements(cards: list[dict[str, Any]], limit: int = 20) -> list[dict[str, Any]]:
    """The "new achievements" of a set of indicator cards (for feeds): each indicator's
    latest year of data is one achievement, identified by ``<dataset id>:<year>`` so that a
    new year of data is a new entry, dated by when the data last changed. Newest first.

    :returns: ``[{"id", "dataset_id", "name", "title", "year", "value", "unit",
        "target", "target_status", "rank", "organization", "updated"}]``
    """
    found = []
    for card in cards:
        latest = card.get("latest")
        if not latest:
            continue
        found.append({
            "id": f"{card['id']}:{latest['year']}",
            "dataset_id": card["id"], "name": card["name"], "title": card["title"],
            "year": latest["year"], "value": latest["value"], "unit": card.get("unit", ""),
            "target": card.get("target"), "target_status": card.get("target_status"),
            "rank": card.get("rank"), "organization": card.get("organization", ""),
            "updated": card.get("data_modified") or "",
        })
    found.sort(key=lambda a: (a["updated"], a["year"]), reverse=True)
    return found[:limit]


def column_label(name: str) -> str:
    """A column name as a label: ``laki_laki`` → "Laki-laki", ``apm_smp`` → "Apm smp"."""
    words = str(name).strip().replace("-", "_").split("_")
    text = " ".join(w for w in words if w)
    if words[:2] == ["laki", "laki"]:
        text = "laki-laki" + text[len("laki laki"):]
    return text[:1].upper() + text[1:]


def table_series(csv_text: str, max_columns: int = 3) -> list[dict[str, Any]]:
    """Chart rows ``{tahun, nilai, seri}`` of a CSV with one row per ``tahun`` and numeric
    columns (codes and the year left out; at most ``max_columns``, named by their labels);
    ``[]`` when the table is not such a time series."""
    fields, rows = _rows(csv_text)
    if YEAR_COLUMN not in fields or not rows or len(rows) > 200:
        return []
    years = [_year(r.get(YEAR_COLUMN)) for r in rows]
    if None in years or len(set(years)) != len(years):
        return []
    columns = [f for f in fields if f != YEAR_COLUMN and not f.startswith("kode")
               and all(_number(r.get(f)) is not None for r in rows)][:max_columns]
    return [{"tahun": str(y), "nilai": _number(r.get(c)), "seri": column_label(c)}
            for c in columns for y, r in zip(years, rows, strict=True)]
