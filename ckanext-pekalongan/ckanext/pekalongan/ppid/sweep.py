"""The daily deadline sweep (``ckan ppid sweep``). Idempotent: every e-mail is
keyed in ``ppid_notification`` and every recorded ground is recorded once, so
running it twice (or twice a day) sends and records nothing twice.

For each open request (received, routed, extended), as seen on ``today``:

* before or on the due date: a reminder to the responsible officers (the
  PPID Pelaksana of the routed OPD, else PPID Utama) when the working days
  left reach one of ``reminder_days`` (default 3, 1 and 0 = the due day).
  Only the most urgent reminder not yet sent goes out, so a sweep that
  missed a day does not send two at once;
* after the due date: objection ground 35(1)c "not answered" is recorded
  (arisen on the due date, event by ``system``), and the request is escalated
  once to PPID Utama and the Atasan PPID.

Decided requests decided after their due date get 35(1)c and g recorded if
the decision did not already do so. Receipts that could not be mailed at
filing are retried. Filed objections get the same reminders, sent to the
Atasan PPID, and one notice to the Atasan PPID and PPID Utama once their
answer due date has passed.

Days left are counted with the calendar in force today; the due dates
themselves are the stored ones and never move.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.ppid import calendar_store, deadlines, notify, records, states
from ckanext.pekalongan.ppid.model import PpidNotification, PpidObjection, PpidRequest

log = logging.getLogger(__name__)


def reminder_days() -> list[int]:
    values = tk.aslist(records.setting("reminder_days") or [])
    return sorted({int(v) for v in values if int(v) >= 0})


def _reminder_step(left: int, steps: list[int]) -> int | None:
    """The most urgent reminder step due with ``left`` working days left."""
    due_steps = [n for n in steps if left <= n]
    return min(due_steps) if due_steps else None


def run(today: dt.date | None = None) -> dict[str, int]:
    """Run every step for ``today`` (default: today in Jakarta). Commits as it
    goes; returns counts of what it did."""
    today = today or records.today()
    summary: Counter[str] = Counter()
    calendar = calendar_store.current_calendar()
    steps = reminder_days()

    open_ids = [
        rid
        for (rid,) in model.Session.query(PpidRequest.id)
        .filter(PpidRequest.status.in_(records.OPEN_STATES))
        .order_by(PpidRequest.due_date, PpidRequest.ticket)
    ]
    for rid in open_ids:
        _sweep_open_request(rid, today, calendar, steps, summary)

    late_ids = [
        rid
        for (rid,) in model.Session.query(PpidRequest.id).filter(
            PpidRequest.status == states.DECIDED,
            PpidRequest.decided_on > PpidRequest.due_date,
            _not_all_recorded(),
        )
    ]
    for rid in late_ids:
        req = _locked(rid)
        added = records.record_ground(
            req, states.GROUND_NOT_ANSWERED, req.due_date, records.ACTOR_SYSTEM
        )
        added += records.record_ground(
            req, states.GROUND_DELIVERED_LATE, req.decided_on, records.ACTOR_SYSTEM
        )
        model.repo.commit()
        summary["grounds_recorded"] += added

    _retry_receipts(summary)

    objection_ids = [
        oid
        for (oid,) in model.Session.query(PpidObjection.id)
        .filter(PpidObjection.status == states.FILED)
        .order_by(PpidObjection.due_date, PpidObjection.number)
    ]
    for oid in objection_ids:
        _sweep_objection(oid, today, calendar, steps, summary)
    return {k: v for k, v in summary.items() if v}


def _not_all_recorded():
    column = PpidRequest.objection_grounds_arisen
    return sa.or_(
        sa.not_(column.has_key(states.GROUND_NOT_ANSWERED)),
        sa.not_(column.has_key(states.GROUND_DELIVERED_LATE)),
    )


def _locked(request_id: str) -> PpidRequest:
    return (
        model.Session.query(PpidRequest)
        .filter_by(id=request_id)
        .with_for_update()
        .populate_existing()
        .one()
    )


def _sweep_open_request(
    rid: str,
    today: dt.date,
    calendar: deadlines.Calendar,
    steps: list[int],
    summary: Counter,
) -> None:
    req = _locked(rid)
    if req.status not in records.OPEN_STATES:
        model.Session.rollback()
        return
    if today > req.due_date:
        if records.record_ground(
            req, states.GROUND_NOT_ANSWERED, req.due_date, records.ACTOR_SYSTEM
        ):
            summary["grounds_recorded"] += 1
        model.repo.commit()
        summary["escalations"] += notify.deliver(
            f"request:{req.id}:overdue:{req.due_date.isoformat()}",
            "overdue",
            notify.escalation_recipients(),
            notify.overdue_mail(req),
            req.ticket,
            request=req,
            due=req.due_date,
            officers=True,
        )
        return
    model.Session.rollback()  # release the row lock; nothing to record
    left = deadlines.days_left(calendar, req.due_date, today)
    step = _reminder_step(left, steps)
    if step is None:
        return
    summary["reminders"] += notify.deliver(
        f"request:{req.id}:reminder-{step}:{req.due_date.isoformat()}",
        f"reminder_{step}",
        notify.responsible_officers(req),
        notify.reminder_mail(req, left),
        req.ticket,
        request=req,
        due=req.due_date,
        officers=True,
    )


def _retry_receipts(summary: Counter) -> None:
    sent_ids = model.Session.query(PpidNotification.request_id).filter(
        PpidNotification.kind == "receipt"
    )
    pending = (
        model.Session.query(PpidRequest)
        .filter(PpidRequest.email.isnot(None))
        .filter(PpidRequest.status.in_(records.OPEN_STATES))
        .filter(PpidRequest.id.notin_(sent_ids))
        .all()
    )
    for req in pending:
        summary["receipts"] += notify.send_receipt(req)


def _sweep_objection(
    oid: str,
    today: dt.date,
    calendar: deadlines.Calendar,
    steps: list[int],
    summary: Counter,
) -> None:
    obj = model.Session.get(PpidObjection, oid)
    req = model.Session.get(PpidRequest, obj.request_id)
    if today > obj.due_date:
        summary["objection_escalations"] += notify.deliver(
            f"objection:{obj.id}:lapsed:{obj.due_date.isoformat()}",
            "objection_lapsed",
            notify.escalation_recipients(),
            notify.objection_reminder_mail(obj, req.ticket, 0, lapsed=True),
            req.ticket,
            request=req,
            objection=obj,
            due=obj.due_date,
            officers=True,
        )
        return
    left = deadlines.days_left(calendar, obj.due_date, today)
    step = _reminder_step(left, steps)
    if step is None:
        return
    summary["objection_reminders"] += notify.deliver(
        f"objection:{obj.id}:reminder-{step}:{obj.due_date.isoformat()}",
        f"objection_reminder_{step}",
        notify.atasan_recipients(),
        notify.objection_reminder_mail(obj, req.ticket, left, lapsed=False),
        req.ticket,
        request=req,
        objection=obj,
        due=obj.due_date,
        officers=True,
    )
