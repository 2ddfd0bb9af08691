"""Seed data for the editable holiday table.

The ``holidays`` package is read only here, by the seeding command or
migration, never at request time: the yearly SKB 3 Menteri changes mid-year,
so officers edit the table after seeding. ``holidays`` is imported lazily, so
:func:`load_seed_csv` works without it.

Regenerate the committed CSV with::

    python -m ckanext.pekalongan.casework.holiday_seed 2020 2030 > data/holidays_id.csv

Notes on the package's Indonesian data (holidays 0.109):

* ``categories=("public",)`` gives national holidays, ``("government",)``
  gives cuti bersama; no date is in both for 2019-2031.
* Two holidays on one date come back as one entry with names joined by
  ``"; "`` (2021-05-13: Idul Fitri and Ascension). It is kept as one row.
* Islamic and lunar dates not yet fixed by an SKB carry the suffix
  ``"(perkiraan)"`` (estimated); years without an SKB have no cuti bersama
  at all (2028 onwards in 0.109). Officers must review those years.
* Without an explicit ``language`` the package returns English names;
  the seed asks for Indonesian (``"id"``).
* The package spells "Pengganti" (replacement) as "Pegangti" in its
  Indonesian "observed" label (2020-12-31); :data:`NAME_CORRECTIONS` fixes it.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TextIO

from ckanext.pekalongan.casework.workdays import (
    KIND_CUTI_BERSAMA,
    KIND_NATIONAL,
    Holiday,
)

SEED_CSV_PATH = Path(__file__).parent / "data" / "holidays_id.csv"
CSV_COLUMNS = ("date", "name", "kind")
SEED_LANGUAGE = "id"

# Spelling errors in the package's Indonesian labels: (wrong, right).
NAME_CORRECTIONS: tuple[tuple[str, str], ...] = (("Pegangti ", "Pengganti "),)


def _corrected(name: str) -> str:
    for wrong, right in NAME_CORRECTIONS:
        name = name.replace(wrong, right)
    return name


def seed_holidays(years: Iterable[int], language: str = SEED_LANGUAGE) -> list[Holiday]:
    """National holidays and cuti bersama for ``years``, sorted by date.

    One row per date; if a date were both a national holiday and cuti
    bersama, the national holiday is kept.
    """
    import holidays as holidays_pkg  # seeding-time dependency only

    years = sorted(set(years))
    by_date: dict[date, Holiday] = {}
    for category, kind in (("government", KIND_CUTI_BERSAMA), ("public", KIND_NATIONAL)):
        entries = holidays_pkg.country_holidays(
            "ID", years=years, categories=(category,), language=language
        )
        for d, name in entries.items():
            if d.year in years:  # national (second pass) overwrites cuti bersama
                by_date[d] = Holiday(date=d, name=_corrected(name), kind=kind)
    return [by_date[d] for d in sorted(by_date)]


def write_seed_csv(holidays: Iterable[Holiday], out: TextIO) -> None:
    """Write ``holidays`` as CSV (date,name,kind), sorted by date then kind."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for h in sorted(holidays, key=lambda h: (h.date, h.kind, h.name)):
        writer.writerow((h.date.isoformat(), h.name, h.kind))


def read_seed_csv(source: TextIO) -> list[Holiday]:
    """Parse CSV text with the columns date,name,kind."""
    reader = csv.DictReader(source)
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ValueError(f"expected columns {CSV_COLUMNS}, got {reader.fieldnames}")
    return [
        Holiday(date=date.fromisoformat(row["date"]), name=row["name"], kind=row["kind"])
        for row in reader
    ]


def load_seed_csv(path: str | Path | None = None) -> list[Holiday]:
    """The committed seed (``data/holidays_id.csv``), or the CSV at ``path``."""
    with open(path or SEED_CSV_PATH, encoding="utf-8", newline="") as f:
        return read_seed_csv(f)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: holiday_seed FIRST_YEAR LAST_YEAR", file=sys.stderr)
        return 2
    first, last = int(args[0]), int(args[1])
    buf = io.StringIO()
    write_seed_csv(seed_holidays(range(first, last + 1)), buf)
    sys.stdout.write(buf.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
