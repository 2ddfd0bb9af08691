"""Freshness of a dataset (issue #6): is its data as recent as its publication frequency promises?

Pure module: no CKAN import, no clock, no config. The caller passes ``today``.

*Last data update* of a dataset is the newest ``last_modified`` of its resources, or a
resource's ``created`` when it has no ``last_modified`` (a link never re-uploaded); a
dataset without resources falls back to the dataset's ``metadata_modified``. Editing only
the metadata of a dataset that has resources does not make its data fresh.
Timestamps are CKAN's naive UTC; the date taken is the one in Asia/Jakarta (UTC+7).

From the frequency (schema field ``frekuensi``) comes a *period* and a *grace*:

* ``mutakhir`` (up to date): today is before ``last update + period``;
* ``perlu_diperbarui`` (due): the period has passed, but not the grace after it;
* ``terlambat`` (overdue): ``last update + period + grace`` has passed;
* ``tidak_terjadwal`` (not scheduled): ``tidak_tentu`` (irregular), an unknown or empty
  frequency, or no date at all. Such datasets get no freshness badge and are left out of
  the scorecard's share of up-to-date datasets.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

MUTAKHIR = "mutakhir"
PERLU_DIPERBARUI = "perlu_diperbarui"
TERLAMBAT = "terlambat"
TIDAK_TERJADWAL = "tidak_terjadwal"
STATES = (MUTAKHIR, PERLU_DIPERBARUI, TERLAMBAT, TIDAK_TERJADWAL)


class Schedule(NamedTuple):
    days: int = 0  # period or grace in days ...
    months: int = 0  # ... or in calendar months


# frekuensi -> (period, grace)
SCHEDULES: dict[str, tuple[Schedule, Schedule]] = {
    "harian": (Schedule(days=1), Schedule(days=2)),
    "mingguan": (Schedule(days=7), Schedule(days=7)),
    "bulanan": (Schedule(months=1), Schedule(months=1)),
    "triwulanan": (Schedule(months=3), Schedule(months=1)),
    "semesteran": (Schedule(months=6), Schedule(months=2)),
    "tahunan": (Schedule(months=12), Schedule(months=3)),
    "lima_tahunan": (Schedule(months=60), Schedule(months=12)),
}

JAKARTA = dt.timezone(dt.timedelta(hours=7))


class Freshness(NamedTuple):
    state: str
    last_update: dt.date | None = None
    due: dt.date | None = None  # from this day the dataset is "perlu diperbarui"
    overdue: dt.date | None = None  # from this day it is "terlambat"

    @property
    def scheduled(self) -> bool:
        return self.state != TIDAK_TERJADWAL


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(day: dt.date, by: Schedule) -> dt.date:
    return add_months(day, by.months) + dt.timedelta(days=by.days)


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A CKAN timestamp (ISO string, naive = UTC, or datetime) as an aware datetime."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str) and value.strip():
        try:
            stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp


def local_date(value: Any) -> dt.date | None:
    stamp = parse_timestamp(value)
    return stamp.astimezone(JAKARTA).date() if stamp else None


def last_update(
    resources: Iterable[Mapping[str, Any]] | None, metadata_modified: Any = None
) -> dt.date | None:
    """Date of the last data update (see the module docstring)."""
    dates = []
    for res in resources or ():
        if res.get("state", "active") != "active":
            continue
        day = local_date(res.get("last_modified")) or local_date(res.get("created"))
        if day:
            dates.append(day)
    if dates:
        return max(dates)
    return local_date(metadata_modified)


def freshness(frekuensi: str | None, updated: dt.date | None, today: dt.date) -> Freshness:
    """The freshness state of data last updated on ``updated`` with frequency ``frekuensi``."""
    schedule = SCHEDULES.get((frekuensi or "").strip())
    if schedule is None or updated is None:
        return Freshness(TIDAK_TERJADWAL, updated)
    period, grace = schedule
    due = _shift(updated, period)
    overdue = _shift(due, grace)
    if today < due:
        state = MUTAKHIR
    elif today < overdue:
        state = PERLU_DIPERBARUI
    else:
        state = TERLAMBAT
    return Freshness(state, updated, due, overdue)


def dataset_freshness(pkg: Mapping[str, Any], today: dt.date) -> Freshness:
    """Freshness of a dataset dict as returned by ``package_show`` / ``package_search``."""
    updated = last_update(pkg.get("resources"), pkg.get("metadata_modified"))
    return freshness(pkg.get("frekuensi"), updated, today)


def today_jakarta(now: dt.datetime) -> dt.date:
    """Today's date in Asia/Jakarta for an aware ``now``."""
    return now.astimezone(JAKARTA).date()
