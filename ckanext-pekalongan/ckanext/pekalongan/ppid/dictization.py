"""The dict forms the PPID actions return (``*_show``, queues, registers).

``request_dict`` holds personal data: callers give it only to an officer who
may see the request or to its requester (``visibility.access_level``);
``masked_request_dict`` masks it for the queue; the register rows hold none.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import personal_data, workdays
from ckanext.pekalongan.casework.model import CalendarHoliday
from ckanext.pekalongan.casework.names import with_old_names
from ckanext.pekalongan.ppid import clock, deadlines, public_entry, states
from ckanext.pekalongan.ppid.model import PpidDocument, PpidEvent, PpidObjection, PpidRequest
from ckanext.pekalongan.ppid.visibility import (
    ACCESS_OFFICER,
    ACTOR_OFFICER,
    ACTOR_REQUESTER,
    ACTOR_SYSTEM,
)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _org(org_id: str | None) -> dict | None:
    if not org_id:
        return None
    group = model.Group.get(org_id)
    if group is None:
        return {"id": org_id, "name": None, "title": None}
    return {"id": group.id, "name": group.name, "title": group.title}


def _dik_number(entry_id: str | None) -> str | None:
    if not entry_id:
        return None
    from ckanext.pekalongan.ppid.model import PpidDikEntry

    entry = model.Session.get(PpidDikEntry, entry_id)
    return entry.number if entry is not None else None


def deadline_summary(req: PpidRequest, on: dt.date, calendar: workdays.Calendar) -> dict:
    """The stored dates plus, while the request is open, the working days
    left and the urgency (counted with the calendar in force today)."""
    is_open = req.status in states.OPEN_STATES
    return with_old_names({
        "received_on": req.received_on.isoformat(),
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
    })


PERSONAL_FIELDS = (
    "name", "nik", "legal_entity_decree", "address", "phone", "email", "representative_name",
)


def request_dict(req: PpidRequest, access: str) -> dict:
    """The full request for an officer or its requester (personal data
    included: the caller has checked ``access``)."""
    out = {
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_on": req.received_on.isoformat(),
        "created": req.created.isoformat(),
        "requester_type": req.requester_type,
        "name": req.name,
        "nik": req.nik,
        "legal_entity_decree": req.legal_entity_decree,
        "representative_name": req.representative_name,
        "representative_position": req.representative_position,
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
        "dik_entry": _dik_number(req.dik_entry_id),  # the DIK entry a refusal cites
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
        # 15B: an accepted objection reopened the request (round 2, 3...)
        "decision_round": req.decision_round or 1,
        "reopened_on": _iso(req.reopened_on),
        "reopen_objection_id": req.reopen_objection_id,
    }
    if access == ACCESS_OFFICER:
        out["public_entry"] = dict(req.public_entry) if req.public_entry else None
        out.update(
            created_by=req.created_by,
            extended_by=req.extended_by,
            decided_by=req.decided_by,
            withdrawn_by=req.withdrawn_by,
            version=req.version,
        )
    return with_old_names(out)


def masked_request_dict(req: PpidRequest, on: dt.date, calendar: workdays.Calendar) -> dict:
    """A queue row: personal data masked, no address."""
    return with_old_names({
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_on": req.received_on.isoformat(),
        "requester_type": req.requester_type,
        "name": req.name,
        "nik": personal_data.mask_nik(req.nik),
        "email": personal_data.mask_email(req.email),
        "phone": personal_data.mask_phone(req.phone),
        "information": req.information,
        "target_org_id": req.target_org_id,
        "routed_org_id": req.routed_org_id,
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "extended": bool(req.extended),
        "decision": req.decision,
        "decided_on": _iso(req.decided_on),
        "reopened": req.status == states.REOPENED,  # the queue flags it (15B)
        **{
            k: v
            for k, v in deadline_summary(req, on, calendar).items()
            if k in ("days_left", "urgency", "overdue")
        },
    })


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
        "filed_on": obj.filed_on.isoformat(),
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
        "decision_round": obj.decision_round or 1,
        "days_left": workdays.days_left(calendar, obj.due_date, on) if is_open else None,
        "urgency": workdays.urgency(calendar, obj.due_date, on) if is_open else None,
        "overdue": bool(is_open and on > obj.due_date),
        "dispute_until": (
            deadlines.dispute_window_end(calendar, dispute_from, clock.days("dispute")).isoformat()
            if dispute_from
            else None
        ),
    }
    if access == ACCESS_OFFICER:
        out.update(created_by=obj.created_by, decided_by=obj.decided_by)
    return with_old_names(out)


def receipt_dict(req: PpidRequest, calendar: workdays.Calendar) -> dict:
    window = clock.days("objection_window")
    return with_old_names({
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_on": req.received_on.isoformat(),
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "latest_due_date": req.latest_due_date.isoformat(),
        "notice_days": req.notice_days,
        "extension_days": clock.days("extension"),
        "calendar_version": req.calendar_version,
        "count_cuti_bersama_as_working_day": bool(req.count_cuti_bersama),
        "objection_window": {
            "ground": states.GROUND_NOT_ANSWERED,
            "days": window,
            "from": (req.due_date + workdays.ONE_DAY).isoformat(),
            "until": deadlines.objection_window_end(calendar, req.due_date, window).isoformat(),
        },
    })


def holiday_dict(row: CalendarHoliday) -> dict:
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "name": row.name,
        "kind": row.kind,
        "active": bool(row.active),
        "source": row.source,
    }


def register_request_row(r: PpidRequest) -> dict:
    information, purpose = public_entry.public_text(r.public_entry)
    return with_old_names({
        "ticket": r.ticket,
        "received_on": r.received_on.isoformat(),
        "channel": r.channel,
        "requester_type": r.requester_type,
        # the requester's words only once an officer reviewed them (null until then)
        "information": information,
        "purpose": purpose,
        "reviewed": information is not None,
        "register_status": public_entry.register_status(r.status, r.decision)[0],
        "information_held": None if r.decision is None else r.decision != states.NOT_HELD,
        "how_to_obtain": list(r.how_to_obtain or []),
        "format": r.format,
        "medium": r.medium,
        "status": r.status,
        "decision": r.decision,
        "exemption_grounds": list(r.exemption_grounds or []),
        "notice_date": r.decided_on.isoformat() if r.decided_on else None,
        "due_date": r.due_date.isoformat(),
        "cost": float(r.cost) if r.cost is not None else None,
    })


def register_objection_row(o: PpidObjection, r: PpidRequest) -> dict:
    information, purpose = public_entry.public_text(r.public_entry)
    return with_old_names({
        "number": o.number,
        "filed_on": o.filed_on.isoformat(),
        "requester_type": r.requester_type,
        "ticket": r.ticket,
        "information": information,
        "purpose": purpose,
        "reviewed": information is not None,
        "grounds": list(o.grounds or []),
        "status": o.status,
        "outcome": o.outcome,
        "answer_date": o.decided_on.isoformat() if o.decided_on else None,
        "due_date": o.due_date.isoformat(),
        "atasan_name": o.atasan_name,
        "atasan_position": o.atasan_position,
        "requester_response": o.requester_response,
    })
