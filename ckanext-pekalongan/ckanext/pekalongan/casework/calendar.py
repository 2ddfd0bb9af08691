"""The holiday table in the database, as :class:`workdays.Calendar` objects.

* :func:`current_calendar` builds the calendar from the *active* holidays and
  the configured cuti bersama policy. Its version is
  ``<calendar_fingerprint>-cbw`` (cuti bersama counted as a working day) or
  ``-cbo`` (skipped), so the policy is part of the version.
* Every version that computed a stored date is snapshotted in
  ``ppid_calendar_version`` (:func:`record_version`); :func:`calendar_for`
  rebuilds that exact calendar later, so stored due dates are explained, and
  extended, with the calendar that produced them, whatever happened to the
  holiday table since.
* Holiday edits never touch stored dates: they only change what the *next*
  computation uses.

The ``holidays`` package is never read here (see ``holiday_seed.py``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import holiday_seed, workdays
from ckanext.pekalongan.casework.model import CalendarHoliday, CalendarVersion, utcnow

POLICY_SUFFIX = {True: "cbw", False: "cbo"}
_SNAPSHOTS: dict[str, workdays.Calendar] = {}  # immutable, so cached forever


def configured_policy() -> bool:
    """``count_cuti_bersama_as_working_day`` from config."""
    return tk.asbool(tk.config.get("ckanext.pekalongan.ppid.count_cuti_bersama_as_working_day"))


def version_of(holidays: Iterable[workdays.Holiday], policy: bool) -> str:
    return f"{workdays.calendar_fingerprint(holidays)}-{POLICY_SUFFIX[bool(policy)]}"


def active_holidays() -> list[workdays.Holiday]:
    rows = (
        model.Session.query(CalendarHoliday.date, CalendarHoliday.name, CalendarHoliday.kind)
        .filter(CalendarHoliday.active.is_(True))
        .all()
    )
    return [workdays.Holiday(date=d, name=name, kind=kind) for d, name, kind in rows]


def current_calendar(policy: bool | None = None) -> workdays.Calendar:
    """The calendar in force now (active holidays, configured policy unless
    ``policy`` is given)."""
    policy = configured_policy() if policy is None else bool(policy)
    holidays = active_holidays()
    return workdays.Calendar(
        version=version_of(holidays, policy),
        holidays=frozenset(holidays),
        count_cuti_bersama_as_working_day=policy,
    )


def record_version(calendar: workdays.Calendar) -> str:
    """Snapshot ``calendar`` in ``ppid_calendar_version`` (in the caller's
    transaction; a no-op when the version exists). Returns the version."""
    snapshot = sorted(
        [h.date.isoformat(), h.name, h.kind] for h in calendar.holidays
    )
    stmt = (
        pg_insert(CalendarVersion.__table__)
        .values(
            version=calendar.version,
            fingerprint=calendar.version.rsplit("-", 1)[0],
            count_cuti_bersama=calendar.count_cuti_bersama_as_working_day,
            holidays=snapshot,
            created=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["version"])
    )
    model.Session.execute(stmt)
    _SNAPSHOTS.setdefault(calendar.version, calendar)
    return calendar.version


def calendar_for(version: str, policy: bool | None = None) -> workdays.Calendar:
    """The calendar snapshotted as ``version`` (optionally under the other
    cuti bersama policy, e.g. to show both dates). Falls back to the current
    holidays if the snapshot is missing (it never is for stored dates)."""
    calendar = _SNAPSHOTS.get(version)
    if calendar is None:
        row = model.Session.get(CalendarVersion, version)
        if row is None:
            stored_policy = not version.endswith("-" + POLICY_SUFFIX[False])
            calendar = current_calendar(stored_policy)
        else:
            calendar = workdays.Calendar(
                version=row.version,
                holidays=frozenset(
                    workdays.Holiday(date=dt.date.fromisoformat(d), name=name, kind=kind)
                    for d, name, kind in row.holidays
                ),
                count_cuti_bersama_as_working_day=row.count_cuti_bersama,
            )
            _SNAPSHOTS[version] = calendar
    if policy is not None and bool(policy) != calendar.count_cuti_bersama_as_working_day:
        return calendar.with_policy(bool(policy))
    return calendar


# --- holiday CRUD (callers commit) -----------------------------------------------------


def list_holidays(
    year: int | None = None, include_deleted: bool = False
) -> list[CalendarHoliday]:
    q = model.Session.query(CalendarHoliday)
    if not include_deleted:
        q = q.filter(CalendarHoliday.active.is_(True))
    if year:
        q = q.filter(
            CalendarHoliday.date >= dt.date(year, 1, 1),
            CalendarHoliday.date <= dt.date(year, 12, 31),
        )
    return q.order_by(CalendarHoliday.date, CalendarHoliday.kind, CalendarHoliday.name).all()


def find_active(date: dt.date, kind: str) -> CalendarHoliday | None:
    return (
        model.Session.query(CalendarHoliday)
        .filter_by(date=date, kind=kind, active=True)
        .first()
    )


def add_holiday(
    date: dt.date, name: str, kind: str, user_id: str | None, source: str = "manual"
) -> CalendarHoliday:
    workdays.Holiday(date=date, name=name, kind=kind)  # same rules as the engine
    row = CalendarHoliday(
        date=date, name=name.strip(), kind=kind, active=True, source=source, created_by=user_id
    )
    model.Session.add(row)
    model.Session.flush()
    return row


def remove_holiday(row: CalendarHoliday, user_id: str | None) -> CalendarHoliday:
    """Soft delete: the row stays (older calendar snapshots still name it)."""
    row.active = False
    row.deleted_at = utcnow()
    row.deleted_by = user_id
    model.Session.flush()
    return row


def seed_holidays(path: str | None = None) -> int:
    """Insert the seed rows (``data/holidays_id.csv`` or ``path``) whose
    (date, kind) has no row yet, active or deleted, so a deleted holiday is
    not brought back and an edited one is not duplicated. Returns the number
    inserted; the caller commits."""
    existing = {(d, k) for d, k in model.Session.query(CalendarHoliday.date, CalendarHoliday.kind)}
    added = 0
    for h in holiday_seed.load_seed_csv(path):
        if (h.date, h.kind) in existing:
            continue
        model.Session.add(
            CalendarHoliday(date=h.date, name=h.name, kind=h.kind, active=True, source="seed")
        )
        existing.add((h.date, h.kind))
        added += 1
    model.Session.flush()
    return added
