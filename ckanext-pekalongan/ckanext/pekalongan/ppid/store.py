"""Rows of the PPID service: yearly numbering, look-ups, and the append-only
audit trail (``ppid_event``). Nothing here commits: the caller owns the
transaction."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework.model import utcnow
from ckanext.pekalongan.ppid import clock, states
from ckanext.pekalongan.ppid.model import (
    PpidCounter,
    PpidDocument,
    PpidEvent,
    PpidObjection,
    PpidRequest,
)


def next_number(name: str, year: int) -> int:
    """Atomically take the next number of the yearly sequence ``name``
    (row-locked until the caller's transaction ends, so numbers never repeat
    and, the transaction rolling back, leave no gap)."""
    table = PpidCounter.__table__
    stmt = (
        pg_insert(table)
        .values(name=name, year=year, value=1)
        .on_conflict_do_update(
            index_elements=["name", "year"], set_={"value": table.c.value + 1}
        )
        .returning(table.c.value)
    )
    return int(model.Session.execute(stmt).scalar())


def new_ticket(received: dt.date) -> str:
    prefix = (clock.setting("ticket_prefix") or "PPID").upper()
    return f"{prefix}-{received.year}-{next_number('request', received.year):06d}"


def new_objection_number(filed: dt.date) -> str:
    prefix = (clock.setting("objection_prefix") or "KEB").upper()
    return f"{prefix}-{filed.year}-{next_number('objection', filed.year):04d}"


def find_request(data_dict: dict, for_update: bool = False) -> PpidRequest | None:
    """The request named by ``ticket`` or ``id`` in ``data_dict``, or None."""
    ticket = str(data_dict.get("ticket") or "").strip()
    ident = str(data_dict.get("id") or "").strip()
    if not ticket and not ident:
        return None
    q = model.Session.query(PpidRequest)
    if ticket:
        q = q.filter(PpidRequest.ticket == ticket.upper())  # tickets are upper case
    else:
        q = q.filter(PpidRequest.id == ident)
    if for_update:
        q = q.with_for_update()
    return q.one_or_none()


def find_objection(data_dict: dict, for_update: bool = False) -> PpidObjection | None:
    number = str(data_dict.get("number") or "").strip()
    ident = str(data_dict.get("id") or "").strip()
    if not number and not ident:
        return None
    q = model.Session.query(PpidObjection)
    if number:
        q = q.filter(PpidObjection.number == number.upper())
    else:
        q = q.filter(PpidObjection.id == ident)
    if for_update:
        q = q.with_for_update()
    return q.one_or_none()


def objections_of(req: PpidRequest) -> list[PpidObjection]:
    return (
        model.Session.query(PpidObjection)
        .filter_by(request_id=req.id)
        .order_by(PpidObjection.filed_on, PpidObjection.number)
        .all()
    )


def documents_of(req: PpidRequest) -> list[PpidDocument]:
    return (
        model.Session.query(PpidDocument)
        .filter_by(request_id=req.id)
        .order_by(PpidDocument.created, PpidDocument.id)
        .all()
    )


def events_of(req: PpidRequest) -> list[PpidEvent]:
    return model.Session.query(PpidEvent).filter_by(request_id=req.id).order_by(PpidEvent.id).all()


def add_event(
    action: states.Event,
    actor: str,
    request: PpidRequest | None = None,
    objection: PpidObjection | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    data: dict | None = None,
) -> PpidEvent:
    """Append one audit row in the caller's transaction. ``data`` must hold
    codes, ids and dates only: never personal data or free text typed by the
    requester."""
    action = states.Event(action)  # an unknown action is refused (ValueError)
    event = PpidEvent(
        request_id=request.id if request is not None else None,
        objection_id=objection.id if objection is not None else None,
        action=action.value,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        at=utcnow(),
        data=_jsonable(data or {}),
    )
    model.Session.add(event)
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def record_ground(req: PpidRequest, ground: str, arose: dt.date, actor: str) -> bool:
    """Record that ``ground`` arose on ``arose`` (once) with its audit event."""
    recorded = dict(req.objection_grounds_arisen or {})
    if ground in recorded:
        return False
    recorded[ground] = arose.isoformat()
    req.objection_grounds_arisen = recorded
    add_event(
        states.Event.GROUND_ARISEN,
        actor,
        request=req,
        from_state=req.status,
        to_state=req.status,
        data={"ground": ground, "arose": arose},
    )
    return True
