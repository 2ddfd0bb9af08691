"""The OPD scorecard (issue #6): how well each agency publishes its data.

Pure module: no CKAN import, no clock. The caller passes the public datasets (as
``package_search`` returns them), the organizations, the download totals per dataset and
``today``.

Per dataset:

* ``mutakhir``: its freshness state is ``mutakhir`` (see ``freshness.py``); datasets with
  no schedule (irregular frequency) count in neither numerator nor denominator;
* ``terverifikasi``: ``status_verifikasi == "terverifikasi"`` (set only by the walidata);
* ``lengkap`` (complete metadata): every field of ``COMPLETE_FIELDS`` is filled, it has at
  least one tag and at least one resource. These are the Satu Data fields the form asks
  for (required and recommended); ``periode_awal``/``periode_akhir`` are left out because
  they apply only to time series;
* ``format_terbuka`` (open format): at least one resource in a machine-readable,
  non-proprietary format (``OPEN_FORMATS``, the third star of 5-star open data: CSV, JSON,
  XML, ODS, GeoJSON, ...). XLS/XLSX, PDF, DOC and images do not count.

Per OPD: the number of datasets, the shares (percent, one decimal; ``None`` when there is
nothing to divide by) and the sum of the datasets' downloads.

Suara Masyarakat columns (when the ``suara`` plugin runs): the OPD's median working days to
the first answer, share answered in time and mean rating of the year, taken from the lines
of ``suara_stats`` (``suara/stats.py`` defines them) by :func:`with_suara`.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlparse

from ckanext.pekalongan import satudata
from ckanext.pekalongan.theme import freshness

# the schema marks them (`satudata_complete: true` in schemas/satudata_dataset.yaml)
COMPLETE_FIELDS = satudata.completeness_fields()

OPEN_FORMATS = frozenset({
    "CSV", "TSV", "JSON", "JSONL", "NDJSON", "JSON-LD", "JSONLD", "GEOJSON", "XML", "RDF",
    "RDF/XML", "TTL", "TURTLE", "N3", "NT", "ODS", "KML", "GPX", "GML", "GEOPACKAGE",
    "GPKG", "PARQUET", "TXT",
})

# sort keys of the OPD table and of the dataset table, with their first (default) order
OPD_SORTS = {
    "nama": "asc",
    "dataset": "desc",
    "mutakhir": "desc",
    "terverifikasi": "desc",
    "lengkap": "desc",
    "terbuka": "desc",
    "unduhan": "desc",
    # Suara Masyarakat (only when its figures are there)
    "suara_hari": "asc",
    "suara_tepat": "desc",
    "suara_nilai": "desc",
}
SUARA_SORTS = ("suara_hari", "suara_tepat", "suara_nilai")
SUARA_FIELDS = {
    "suara_median_days": "median_days_to_first_answer",
    "suara_in_time": "in_time_share",
    "suara_mean_rating": "mean_rating",
}
DATASET_SORTS = {
    "nama": "asc",
    "status": "asc",
    "terverifikasi": "desc",
    "lengkap": "desc",
    "terbuka": "desc",
    "unduhan": "desc",
}
DEFAULT_SORT = "nama"

CSV_HEADER = (
    "OPD",
    "ID OPD",
    "Jumlah Dataset",
    "Mutakhir (%)",
    "Terverifikasi Walidata (%)",
    "Metadata Lengkap (%)",
    "Format Terbuka (%)",
    "Jumlah Unduhan",
)
SUARA_CSV_HEADER = (
    "Suara: Median Hari Kerja sampai Jawaban Pertama",
    "Suara: Dijawab Tepat Waktu (%)",
    "Suara: Rata-rata Penilaian (1-5)",
)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, set, dict)):
        return any(_filled(v) for v in value)
    return True


def missing_fields(pkg: Mapping[str, Any]) -> list[str]:
    """The names of the recommended fields a dataset leaves empty (``tags``, ``resources``
    included)."""
    missing = [f for f in COMPLETE_FIELDS if not _filled(pkg.get(f))]
    if not pkg.get("tags") and not _filled(pkg.get("tag_string")):
        missing.append("tags")
    if not _active(pkg.get("resources")):
        missing.append("resources")
    return missing


def is_complete(pkg: Mapping[str, Any]) -> bool:
    return not missing_fields(pkg)


def _active(resources: Iterable[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    return [r for r in resources or () if r.get("state", "active") == "active"]


def resource_format(res: Mapping[str, Any]) -> str:
    """The resource's format, upper-case; guessed from the URL's extension when empty."""
    fmt = (res.get("format") or "").strip().lstrip(".").upper()
    if fmt:
        return fmt
    ext = posixpath.splitext(urlparse(res.get("url") or "").path)[1]
    return ext.lstrip(".").upper()


def is_open_format(fmt: str) -> bool:
    return fmt.strip().lstrip(".").upper() in OPEN_FORMATS


def has_open_format(pkg: Mapping[str, Any]) -> bool:
    return any(is_open_format(resource_format(r)) for r in _active(pkg.get("resources")))


def dataset_row(pkg: Mapping[str, Any], today: dt.date, downloads: int = 0) -> dict[str, Any]:
    """One dataset's scorecard facts."""
    fresh = freshness.dataset_freshness(pkg, today)
    org = pkg.get("organization") or {}
    return {
        "name": pkg.get("name"),
        "title": pkg.get("title") or pkg.get("name"),
        "organization": org.get("name") or pkg.get("owner_org"),
        "freshness": fresh.state,
        "last_update": fresh.last_update.isoformat() if fresh.last_update else None,
        "due": fresh.due.isoformat() if fresh.due else None,
        "terverifikasi": pkg.get("status_verifikasi") == "terverifikasi",
        "lengkap": is_complete(pkg),
        "missing_fields": missing_fields(pkg),
        "format_terbuka": has_open_format(pkg),
        "downloads": int(downloads or 0),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def opd_row(org: Mapping[str, Any], rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The scorecard line of one OPD from the dataset rows of its public datasets."""
    scheduled = [r for r in rows if r["freshness"] != freshness.TIDAK_TERJADWAL]
    n = len(rows)
    return {
        "name": org.get("name"),
        "title": org.get("title") or org.get("display_name") or org.get("name"),
        "datasets": n,
        "scheduled": len(scheduled),
        "mutakhir": _share(sum(r["freshness"] == freshness.MUTAKHIR for r in scheduled),
                           len(scheduled)),
        "terverifikasi": _share(sum(bool(r["terverifikasi"]) for r in rows), n),
        "lengkap": _share(sum(bool(r["lengkap"]) for r in rows), n),
        "format_terbuka": _share(sum(bool(r["format_terbuka"]) for r in rows), n),
        "downloads": sum(int(r["downloads"]) for r in rows),
    }


def opd_rows(
    organizations: Iterable[Mapping[str, Any]], dataset_rows: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One line per organization (also those without a public dataset), by name."""
    by_org: dict[str, list[Mapping[str, Any]]] = {}
    for row in dataset_rows:
        by_org.setdefault(row["organization"], []).append(row)
    return [opd_row(org, by_org.get(org.get("name"), [])) for org in organizations]


def normalise_sort(
    sort: str | None, order: str | None, allowed: Mapping[str, str]
) -> tuple[str, str]:
    """A valid ``(key, order)``: unknown keys fall back to ``nama``, the order to the key's
    default."""
    key = sort if sort in allowed else DEFAULT_SORT
    direction = order if order in ("asc", "desc") else allowed[key]
    return key, direction


_OPD_KEYS = {
    "nama": "title",
    "dataset": "datasets",
    "mutakhir": "mutakhir",
    "terverifikasi": "terverifikasi",
    "lengkap": "lengkap",
    "terbuka": "format_terbuka",
    "unduhan": "downloads",
    "suara_hari": "suara_median_days",
    "suara_tepat": "suara_in_time",
    "suara_nilai": "suara_mean_rating",
}
_DATASET_KEYS = {
    "nama": "title",
    "status": "freshness",
    "terverifikasi": "terverifikasi",
    "lengkap": "lengkap",
    "terbuka": "format_terbuka",
    "unduhan": "downloads",
}
_STATE_ORDER = {s: i for i, s in enumerate(
    (freshness.TERLAMBAT, freshness.PERLU_DIPERBARUI, freshness.MUTAKHIR,
     freshness.TIDAK_TERJADWAL))}


def sort_rows(
    rows: Iterable[Mapping[str, Any]], sort: str, order: str, datasets: bool = False
) -> list[Mapping[str, Any]]:
    """Rows sorted by a scorecard key; empty values (``None``) always last, ties by title."""
    field = (_DATASET_KEYS if datasets else _OPD_KEYS)[sort]

    def value(row: Mapping[str, Any]) -> Any:
        v = row.get(field)
        if field == "title":
            return (v or "").casefold()
        if field == "freshness":
            return _STATE_ORDER.get(v, len(_STATE_ORDER))
        return float(v)

    present = [r for r in rows if r.get(field) is not None]
    empty = [r for r in rows if r.get(field) is None]
    by_title = sorted(present, key=lambda r: (r.get("title") or "").casefold())
    ordered = sorted(by_title, key=value, reverse=order == "desc")
    return ordered + sorted(empty, key=lambda r: (r.get("title") or "").casefold())


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def with_suara(rows: Iterable[Mapping[str, Any]],
               lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The OPD rows with the Suara Masyarakat figures of ``lines`` (``suara_stats``
    organizations, matched by OPD name); ``None`` for an OPD without reports."""
    by_name = {line["organization"]: line for line in lines}
    out = []
    for row in rows:
        line = by_name.get(row["name"]) or {}
        out.append({**row, **{key: line.get(field) for key, field in SUARA_FIELDS.items()}})
    return out


def to_csv(rows: Iterable[Mapping[str, Any]], suara: bool = False) -> str:
    """The OPD table as CSV (RFC 4180: comma separated, CRLF; Indonesian headers; shares
    in percent with a decimal point, empty when the OPD has nothing to measure). With
    ``suara``, the three Suara Masyarakat columns follow."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER + (SUARA_CSV_HEADER if suara else ()))
    for r in rows:
        line = [
            r["title"], r["name"], r["datasets"], _pct(r["mutakhir"]),
            _pct(r["terverifikasi"]), _pct(r["lengkap"]), _pct(r["format_terbuka"]),
            r["downloads"],
        ]
        if suara:
            days, rating = r.get("suara_median_days"), r.get("suara_mean_rating")
            line += ["" if days is None else f"{days:.1f}", _pct(r.get("suara_in_time")),
                     "" if rating is None else f"{rating:.2f}"]
        writer.writerow(line)
    return out.getvalue()


def summary(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The regency's line: the same figures over every dataset row."""
    return opd_row({"name": "", "title": ""}, list(rows))
