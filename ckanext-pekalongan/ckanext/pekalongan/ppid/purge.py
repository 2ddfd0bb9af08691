"""Erasing and re-keying requesters' personal data (``ckan ppid purge-personal-data``,
``ckan ppid rotate-personal-data-key``). The rule of *when* is in ``retention.py``.

Erasure empties the requester's name and address, clears NIK, deed number,
phone, e-mail and their look-up hashes, the free text the requester typed into
objections (reasons, response) and the withdrawal reason, and deletes the
power-of-attorney file. Ticket, dates, statuses, decision, the information
asked for (the public register), the annual report's figures and the audit
trail stay; one ``personal_data_erased`` event (no personal data) is appended
per request.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ckan.model as model
import sqlalchemy as sa

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework.model import utcnow
from ckanext.pekalongan.ppid import clock, files, grounds, retention, states, store, visibility
from ckanext.pekalongan.ppid.model import (
    ENCRYPTED_FIELDS,
    PpidDocument,
    PpidObjection,
    PpidRequest,
)

RETENTION_OPTION = "ckanext.pekalongan.personal_data.retention_days"


@dataclass(frozen=True)
class Due:
    ticket: str
    status: str
    closed_on: dt.date
    last_window: dt.date
    erase_on: dt.date


def retention_days() -> int:
    import ckan.plugins.toolkit as tk

    return int(tk.config.get(RETENTION_OPTION, retention.DEFAULT_RETENTION_DAYS))


def windows() -> retention.Windows:
    return retention.Windows(
        objection_days=clock.days("objection_window"),
        dispute_days=clock.days("dispute"),
        retention_days=retention_days(),
    )


def facts_of(req: PpidRequest, on: dt.date) -> retention.RequestFacts:
    closed = req.decided_on
    if req.status == "withdrawn" and req.withdrawn_at is not None:
        closed = clock.local_day(req.withdrawn_at)
    objections = [
        retention.ObjectionFacts(due_date=o.due_date, decided_on=o.decided_on)
        for o in store.objections_of(req)
    ]
    return retention.RequestFacts(
        ticket=req.ticket,
        status=req.status,
        closed_on=closed,
        grounds=grounds.arisen_grounds(req, on),
        objections=objections,
        erased=req.personal_data_erased_at is not None,
    )


def due_requests(today: dt.date | None = None) -> list[tuple[PpidRequest, Due]]:
    """Closed requests whose personal data is due for erasure on ``today``."""
    today = today or clock.today()
    calendar = calendar_store.current_calendar()
    win = windows()
    out = []
    q = (
        model.Session.query(PpidRequest)
        .filter(PpidRequest.status.in_(retention.CLOSED_STATES))
        .filter(PpidRequest.personal_data_erased_at.is_(None))
        .order_by(PpidRequest.received_on, PpidRequest.ticket)
    )
    for req in q:
        facts = facts_of(req, today)
        if retention.is_due(facts, today, calendar, win):
            last = retention.last_window_closes(facts, calendar, win)
            out.append((req, Due(req.ticket, req.status, facts.closed_on, last,
                                 retention.erase_on(facts, calendar, win))))
    return out


def erase(req: PpidRequest, days: int) -> list[str]:
    """Erase the personal data of one request in the caller's transaction;
    returns the stored files to delete once it commits."""
    req.name = ""
    req.address = ""
    for field in ENCRYPTED_FIELDS:
        if field not in ("name", "address"):
            setattr(req, field, None)
    req.withdraw_reason = None
    req.personal_data_erased_at = utcnow()
    for obj in model.Session.query(PpidObjection).filter_by(request_id=req.id):
        obj.reasons = ""
        obj.requester_response = None
    paths = []
    for doc in model.Session.query(PpidDocument).filter_by(
        request_id=req.id, kind="power_of_attorney"
    ):
        paths.append(doc.storage_path)
        doc.filename = ""
        doc.size = 0
    store.add_event(
        states.Event.PERSONAL_DATA_ERASED,
        visibility.ACTOR_SYSTEM,
        request=req,
        from_state=req.status,
        to_state=req.status,
        data={"retention_days": days},
    )
    return paths


def run(today: dt.date | None = None, dry_run: bool = False) -> list[Due]:
    """Erase (or only list, ``dry_run``) what is due; one commit per request."""
    found = due_requests(today)
    if dry_run:
        model.Session.rollback()
        return [d for _, d in found]
    days = retention_days()
    done = []
    for req, due in found:
        paths = erase(req, days)
        model.Session.commit()
        for path in paths:
            files.discard(path)
        done.append(due)
    return done


def rotate_keys(batch: int = 200) -> int:
    """Re-encrypt every request's personal fields with the first configured key
    and recompute the look-up hashes with the current hash key."""
    ids = [i for (i,) in model.Session.query(PpidRequest.id).order_by(PpidRequest.id)]
    for n, rid in enumerate(ids, 1):
        req = model.Session.get(PpidRequest, rid)
        for field in ENCRYPTED_FIELDS:
            sa.orm.attributes.flag_modified(req, field)
        if n % batch == 0:
            model.Session.commit()
    model.Session.commit()
    return len(ids)
