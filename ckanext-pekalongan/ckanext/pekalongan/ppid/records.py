"""Database-side helpers shared by the actions, the sweep and the notices:
settings, "today" in Jakarta, numbering, lookups, the audit trail, the
objection grounds of a request, and the dict forms the API returns.

Nothing here commits: the caller owns the transaction.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.casework.model import utcnow
from ckanext.pekalongan.ppid import deadlines, roles, security, states
from ckanext.pekalongan.ppid.model import (
    PpidCounter,
    PpidDocument,
    PpidEvent,
    PpidObjection,
    PpidRequest,
)

OPEN_STATES = (states.RECEIVED, states.ROUTED, states.EXTENDED)
ACCESS_OFFICER = "officer"
ACCESS_REQUESTER = "requester"
ACTOR_REQUESTER = "requester"
ACTOR_SYSTEM = "system"
ACTOR_OFFICER = "officer"

# Grounds that arise when the written notice is given (any decision).
GROUNDS_ON_NOTICE = ("35_1_d", "35_1_e", "35_1_f")
GROUND_REFUSAL = "35_1_a"
GROUND_PERIODIC = "35_1_b"


# --- settings and clock -------------------------------------------------------------


def setting(name: str) -> Any:
    return tk.config.get(f"ckanext.pekalongan.ppid.{name}")


def days(name: str) -> int:
    """A statutory day count from config: notice, extension, objection_window,
    objection_answer, dispute."""
    return int(setting(f"{name}_days"))


def service_start() -> dt.date:
    """The day the portal's PPID service started (``service_start``): no
    request can have been received before it."""
    value = setting("service_start") or "2024-01-01"
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())


def timezone() -> ZoneInfo:
    return ZoneInfo(setting("timezone") or workdays.JAKARTA)


def now() -> dt.datetime:
    return utcnow()


def today() -> dt.date:
    """Today's date in Asia/Jakarta (the law counts in Jakarta time)."""
    return workdays.local_date(utcnow(), str(timezone()))


def local_day(moment: dt.datetime) -> dt.date:
    return workdays.local_date(moment, str(timezone()))


def not_found() -> tk.ObjectNotFound:
    """The one answer for an unknown ticket, a wrong tracking code, or a
    request the caller may not see: identical, so nobody can probe."""
    return tk.ObjectNotFound(tk._("No request matches this ticket and tracking code."))


# --- numbering ----------------------------------------------------------------------


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
    prefix = (setting("ticket_prefix") or "PPID").upper()
    return f"{prefix}-{received.year}-{next_number('request', received.year):06d}"


def new_objection_number(filed: dt.date) -> str:
    prefix = (setting("objection_prefix") or "KEB").upper()
    return f"{prefix}-{filed.year}-{next_number('objection', filed.year):04d}"


# --- lookups ------------------------------------------------------------------------


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
        .order_by(PpidObjection.filed_at, PpidObjection.number)
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


# --- access -------------------------------------------------------------------------


def access_level(context: dict, req: PpidRequest | None, data_dict: dict) -> str | None:
    """``"officer"`` when the user's role lets them see ``req``, ``"requester"``
    when the tracking code matches, else None. The code is always hashed, even
    for an unknown ticket, so both paths cost the same."""
    if req is not None and (context.get("ignore_auth") or roles.roles_for(context).can_see(req)):
        return ACCESS_OFFICER
    code = data_dict.get("tracking_code")
    ok = security.verify_code(code, req.tracking_code_hash if req is not None else None)
    return ACCESS_REQUESTER if ok and req is not None else None


def actor_for(context: dict, access: str | None) -> str:
    """Audit actor: the officer's user name, or "requester"."""
    if access == ACCESS_REQUESTER:
        return ACTOR_REQUESTER
    user = context.get("user")
    return user or ACTOR_SYSTEM


# --- audit trail --------------------------------------------------------------------


def add_event(
    action: str,
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
    event = PpidEvent(
        request_id=request.id if request is not None else None,
        objection_id=objection.id if objection is not None else None,
        action=action,
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


# --- objection grounds --------------------------------------------------------------


def arisen_grounds(req: PpidRequest, on: dt.date) -> dict[str, dt.date]:
    """Pasal 35(1) grounds open to the requester of ``req`` as seen on ``on``,
    with the date each arose (the objection window runs from that date):

    * recorded grounds (``objection_grounds_arisen``, written by the sweep and
      by the decision) keep their recorded date;
    * c "not answered" arises when the (possibly extended) due date passes
      without a decision: it arose on the due date (Pasal 36(1) counts from
      there); it is computed here too, so an objection filed before the sweep
      ran is accepted;
    * g "delivered late" arises on the day a late decision is given;
    * a (refusal under Pasal 17) arises on the day of a refusal or partial
      grant; d, e, f arise on the day of any written notice;
    * b (periodic information not provided) is open from the receipt date.

    A withdrawn request has no grounds.
    """
    if req.status == states.WITHDRAWN:
        return {}
    out = {k: dt.date.fromisoformat(v) for k, v in (req.objection_grounds_arisen or {}).items()}
    for ground in states.lapsed_objection_grounds(req.due_date, req.decided_on, on):
        out.setdefault(
            ground, req.due_date if ground == states.GROUND_NOT_ANSWERED else req.decided_on
        )
    if req.decided_on is not None and req.decided_on > req.due_date:
        out.setdefault(states.GROUND_NOT_ANSWERED, req.due_date)
    out.setdefault(GROUND_PERIODIC, req.received_at)
    if req.status == states.DECIDED and req.decided_on is not None:
        if req.decision in states.WITHHOLDING_DECISIONS:
            out.setdefault(GROUND_REFUSAL, req.decided_on)
        for ground in GROUNDS_ON_NOTICE:
            out.setdefault(ground, req.decided_on)
    return {k: v for k, v in out.items() if v <= on}


def first_filing_day(ground: str, arose: dt.date) -> dt.date:
    """Ground c exists only once the due date has fully passed."""
    if ground == states.GROUND_NOT_ANSWERED:
        return arose + workdays.ONE_DAY
    return arose


def objection_windows(
    req: PpidRequest, on: dt.date, calendar: workdays.Calendar
) -> dict[str, dict[str, str]]:
    """For each ground open on ``on``: when it arose and the last filing day."""
    window = days("objection_window")
    out = {}
    for ground, arose in sorted(arisen_grounds(req, on).items()):
        if ground == states.GROUND_NOT_ANSWERED and on <= req.due_date:
            continue
        out[ground] = {
            "arose": arose.isoformat(),
            "from": first_filing_day(ground, arose).isoformat(),
            "until": deadlines.objection_window_end(calendar, arose, window).isoformat(),
        }
    return out


def record_ground(req: PpidRequest, ground: str, arose: dt.date, actor: str) -> bool:
    """Record that ``ground`` arose on ``arose`` (once) with its audit event."""
    recorded = dict(req.objection_grounds_arisen or {})
    if ground in recorded:
        return False
    recorded[ground] = arose.isoformat()
    req.objection_grounds_arisen = recorded
    add_event(
        "ground_arisen",
        actor,
        request=req,
        from_state=req.status,
        to_state=req.status,
        data={"ground": ground, "arose": arose},
    )
    return True


# --- dict forms ---------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _org(org_id: str | None) -> dict | None:
    if not org_id:
        return None
    group = model.Group.get(org_id)
    if group is None:
        return {"id": org_id, "name": None, "title": None}
    return {"id": group.id, "name": group.name, "title": group.title}


def deadline_summary(req: PpidRequest, on: dt.date, calendar: workdays.Calendar) -> dict:
    """The stored dates plus, while the request is open, the working days
    left and the urgency (counted with the calendar in force today)."""
    is_open = req.status in OPEN_STATES
    return {
        "received_at": req.received_at.isoformat(),
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "latest_due_date": req.latest_due_date.isoformat(),
        "extended": bool(req.extended),
        "notice_days": req.notice_days,
        "extension_days": req.extension_days,
        "calendar_version": req.calendar_version,
        "count_cuti_bersama_as_working_day": bool(req.count_cuti_bersama),
        "days_left": workdays.days_left(calendar, req.due_date, on) if is_open else None,
        "urgency": workdays.urgency(calendar, req.due_date, on) if is_open else None,
        "overdue": bool(is_open and on > req.due_date),
        "decided_on": _iso(req.decided_on),
        "decided_late": bool(req.decided_on and req.decided_on > req.due_date),
    }


PERSONAL_FIELDS = ("name", "nik", "legal_entity_decree", "address", "phone", "email")


def request_dict(req: PpidRequest, access: str) -> dict:
    """The full request for an officer or its requester (personal data
    included: the caller has checked ``access``)."""
    out = {
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_at": req.received_at.isoformat(),
        "created": req.created.isoformat(),
        "requester_type": req.requester_type,
        "name": req.name,
        "nik": req.nik,
        "legal_entity_decree": req.legal_entity_decree,
        "address": req.address,
        "phone": req.phone,
        "email": req.email,
        "has_power_of_attorney": bool(req.power_of_attorney),
        "information": req.information,
        "purpose": req.purpose,
        "how_to_obtain": list(req.how_to_obtain or []),
        "how_to_receive": req.how_to_receive,
        "target_org": _org(req.target_org_id),
        "routed_org": _org(req.routed_org_id),
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "latest_due_date": req.latest_due_date.isoformat(),
        "calendar_version": req.calendar_version,
        "count_cuti_bersama_as_working_day": bool(req.count_cuti_bersama),
        "extended": bool(req.extended),
        "extension_reason": req.extension_reason,
        "extended_at": _iso(req.extended_at),
        "decision": req.decision,
        "exemption_grounds": list(req.exemption_grounds or []),
        "consequence_test_ref": req.consequence_test_ref,
        "holding_body": req.holding_body,
        "holding_body_unknown": bool(req.holding_body_unknown),
        "info_given": req.info_given,
        "blacked_out": req.blacked_out,
        "blackout_reason": req.blackout_reason,
        "format": req.format,
        "medium": req.medium,
        "cost": float(req.cost) if req.cost is not None else None,
        "payment_method": req.payment_method,
        "notes": req.notes,
        "decided_at": _iso(req.decided_at),
        "decided_on": _iso(req.decided_on),
        "withdrawn_at": _iso(req.withdrawn_at),
        "withdraw_reason": req.withdraw_reason,
        "objection_grounds_arisen": dict(req.objection_grounds_arisen or {}),
    }
    if access == ACCESS_OFFICER:
        out.update(
            created_by=req.created_by,
            extended_by=req.extended_by,
            decided_by=req.decided_by,
            withdrawn_by=req.withdrawn_by,
            version=req.version,
        )
    return out


def masked_request_dict(req: PpidRequest, on: dt.date, calendar: workdays.Calendar) -> dict:
    """A queue row: personal data masked, no address."""
    return {
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_at": req.received_at.isoformat(),
        "requester_type": req.requester_type,
        "name": req.name,
        "nik": security.mask_nik(req.nik),
        "email": security.mask_email(req.email),
        "phone": security.mask_phone(req.phone),
        "information": req.information,
        "target_org_id": req.target_org_id,
        "routed_org_id": req.routed_org_id,
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "extended": bool(req.extended),
        "decision": req.decision,
        "decided_on": _iso(req.decided_on),
        **{
            k: v
            for k, v in deadline_summary(req, on, calendar).items()
            if k in ("days_left", "urgency", "overdue")
        },
    }


def event_dict(event: PpidEvent, access: str) -> dict:
    actor = event.actor
    if access != ACCESS_OFFICER and actor not in (ACTOR_REQUESTER, ACTOR_SYSTEM):
        actor = ACTOR_OFFICER
    return {
        "id": event.id,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor": actor,
        "at": event.at.isoformat(),
        "objection_id": event.objection_id,
        "data": dict(event.data or {}),
    }


def document_dict(doc: PpidDocument, ticket: str | None = None) -> dict:
    return {
        "id": doc.id,
        "request_id": doc.request_id,
        "ticket": ticket,
        "kind": doc.kind,
        "filename": doc.filename,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "created": doc.created.isoformat(),
        "released": bool(doc.released),
    }


def objection_dict(obj: PpidObjection, ticket: str, on: dt.date, access: str) -> dict:
    calendar = calendar_store.calendar_for(obj.calendar_version)
    is_open = obj.status == states.FILED
    dispute_from = obj.decided_on or (obj.due_date if on > obj.due_date else None)
    out = {
        "id": obj.id,
        "number": obj.number,
        "request_id": obj.request_id,
        "ticket": ticket,
        "grounds": list(obj.grounds or []),
        "reasons": obj.reasons,
        "channel": obj.channel,
        "filed_at": obj.filed_at.isoformat(),
        "due_date": obj.due_date.isoformat(),
        "answer_days": obj.answer_days,
        "calendar_version": obj.calendar_version,
        "status": obj.status,
        "outcome": obj.outcome,
        "decision_reasons": obj.decision_reasons,
        "atasan_name": obj.atasan_name,
        "atasan_position": obj.atasan_position,
        "decided_at": _iso(obj.decided_at),
        "decided_on": _iso(obj.decided_on),
        "requester_response": obj.requester_response,
        "days_left": workdays.days_left(calendar, obj.due_date, on) if is_open else None,
        "urgency": workdays.urgency(calendar, obj.due_date, on) if is_open else None,
        "overdue": bool(is_open and on > obj.due_date),
        "dispute_until": (
            deadlines.dispute_window_end(calendar, dispute_from, days("dispute")).isoformat()
            if dispute_from
            else None
        ),
    }
    if access == ACCESS_OFFICER:
        out.update(created_by=obj.created_by, decided_by=obj.decided_by)
    return out
