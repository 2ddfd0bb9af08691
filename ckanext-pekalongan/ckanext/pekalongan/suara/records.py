"""Reading and writing reports: numbers, tracking codes, the lock-and-reload
helper and the audit trail.

* :func:`locked` is THE way an action changes a report: ``SELECT ... FOR
  UPDATE`` on the row, reloaded from the database, so two clicks at once are
  serialised and the second one sees the state the first one left (and is
  refused by the transition table instead of applying twice).
* :func:`add_event` appends a ``suara_event`` row in the caller's transaction.
  Its data never holds personal data (checked: only codes, dates, ids, counts).
* Tracking codes: 10 characters from an alphabet without look-alikes, shown
  once; only a keyed hash (HMAC with ``personal_data.hash_key``) is stored.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import tracking, workdays
from ckanext.pekalongan.casework.model import hash_key, utcnow
from ckanext.pekalongan.suara import vocabulary
from ckanext.pekalongan.suara.model import SuaraCounter, SuaraEvent, SuaraReport

PREFIX = "ckanext.pekalongan.suara."
ACTOR_REPORTER = "reporter"
ACTOR_SYSTEM = "system"
CODE_LENGTH = 10

# keys an event's data may hold (anything else is a programming error)
EVENT_DATA_KEYS = frozenset({
    "channel", "kind", "privacy", "topic", "kecamatan", "received_on", "verify_due",
    "answer_due", "complexity", "reason", "duplicate_of", "org_ids", "removed_org_ids",
    "response_kind", "response_id", "rating", "fields", "attachments", "step", "due",
    "calendar_version", "by", "reopen_count",
})


def setting(name: str) -> Any:
    return tk.config.get(PREFIX + name)


def days(name: str) -> int:
    """A day count from config: verify, sederhana, tanpa_lapangan, lapangan, reopen."""
    key = "reopen_days" if name == "reopen" else f"days.{name}"
    return int(setting(key))


def days_by_complexity() -> dict[str, int]:
    return {c: days(c) for c in vocabulary.COMPLEXITIES}


def now() -> dt.datetime:
    return utcnow()


def today() -> dt.date:
    """Today in Asia/Jakarta."""
    return workdays.local_date(utcnow())


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return workdays.local_date(moment) if moment is not None else None


# --- tracking codes --------------------------------------------------------------


def new_tracking_code() -> str:
    return tracking.new_code(CODE_LENGTH)


def hash_code(code: str) -> str:
    return tracking.keyed_hash(hash_key(), code, "suara_code")


def code_matches(report: SuaraReport | None, code: Any) -> bool:
    """Constant-time check of a typed code (the same cost for an unknown report)."""
    stored = report.tracking_code_hash if report is not None else None
    return tracking.verify_keyed(hash_key(), code, stored, "suara_code")


# --- numbers ------------------------------------------------------------------------


def next_number(year: int) -> str:
    """The next ``SM-<year>-<6 digits>``: one atomic upsert of the counter row
    (concurrent filings get distinct numbers; a rolled-back filing leaves a gap)."""
    table = SuaraCounter.__table__
    stmt = (
        pg_insert(table)
        .values(year=year, value=1)
        .on_conflict_do_update(index_elements=["year"], set_={"value": table.c.value + 1})
        .returning(table.c.value)
    )
    value = model.Session.execute(stmt).scalar()
    return vocabulary.number_for(year, value)


# --- finding and locking -----------------------------------------------------------


def find(ref: dict) -> SuaraReport | None:
    """The report named by ``number`` or ``id`` of ``ref`` (no lock)."""
    q = model.Session.query(SuaraReport)
    number, rid = ref.get("number"), ref.get("id")
    if isinstance(number, str) and number:
        return q.filter(SuaraReport.number == number.strip().upper()).one_or_none()
    if isinstance(rid, str) and rid:
        return q.filter(SuaraReport.id == rid.strip()).one_or_none()
    return None


def locked(report_id: str) -> SuaraReport:
    """The report row locked FOR UPDATE and reloaded (see the module docstring)."""
    return (
        model.Session.query(SuaraReport)
        .filter(SuaraReport.id == report_id)
        .with_for_update()
        .populate_existing()
        .one()
    )


def not_found() -> tk.ObjectNotFound:
    return tk.ObjectNotFound(
        tk._("Laporan tidak ditemukan, atau nomor dan kode pelacakan tidak cocok.")
    )


# --- the audit trail -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def add_event(
    report: SuaraReport,
    event: Any,
    actor: str,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    org_id: str | None = None,
    data: dict | None = None,
) -> SuaraEvent:
    data = {k: _plain(v) for k, v in (data or {}).items() if v is not None}
    unknown = set(data) - EVENT_DATA_KEYS
    if unknown:  # a guard for developers: personal data never goes in here
        raise ValueError(f"suara_event data keys not allowed: {sorted(unknown)}")
    row = SuaraEvent(
        report_id=report.id,
        event=str(event),
        from_state=from_state,
        to_state=to_state,
        actor=actor or ACTOR_SYSTEM,
        org_id=org_id,
        at=now(),
        data=data,
    )
    model.Session.add(row)
    return row


def events_of(report: SuaraReport) -> list[SuaraEvent]:
    return (
        model.Session.query(SuaraEvent)
        .filter(SuaraEvent.report_id == report.id)
        .order_by(SuaraEvent.at, SuaraEvent.id)
        .all()
    )


def org_titles(org_ids) -> dict[str, dict]:
    """id -> {id, name, title} of organizations (any state)."""
    ids = [i for i in set(org_ids) if i]
    if not ids:
        return {}
    rows = model.Session.query(model.Group.id, model.Group.name, model.Group.title).filter(
        model.Group.id.in_(ids)
    )
    return {gid: {"id": gid, "name": name, "title": title} for gid, name, title in rows}


def year_range_filter(column, year: int):
    return sa.and_(column >= dt.date(year, 1, 1), column <= dt.date(year, 12, 31))
