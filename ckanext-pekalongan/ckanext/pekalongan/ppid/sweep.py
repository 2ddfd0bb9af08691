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
the decision did not already do so. Letters to requesters still unsent
(receipts of open requests; decision notices and objection receipts of the
last ``RESEND_DAYS`` days) are queued again. Filed objections get the same
reminders, sent to the Atasan PPID, and one notice to the Atasan PPID and
PPID Utama once their answer due date has passed.

The sweep sends nothing itself: it queues the letters (``notify.enqueue``)
for ``ckan jobs worker``; its counts are the e-mails queued. A letter already
sent, or already waiting in the queue, is not queued again.

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

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.casework.model import locked
from ckanext.pekalongan.ppid import clock, notify, report_reminder, states, store, visibility
from ckanext.pekalongan.ppid.model import PpidNotification, PpidObjection, PpidRequest

log = logging.getLogger(__name__)


RESEND_DAYS = 30


def _queue(spec: dict, ticket: str) -> int:
    """Queue a letter unless it is waiting already; the recipients queued."""
    if notify.is_pending(spec):
        return 0
    pending = notify.pending_recipients(spec)
    if not pending or not notify.enqueue(spec, ticket):
        return 0
    return pending


def reminder_days() -> list[int]:
    values = tk.aslist(clock.setting("reminder_days") or [])
    return sorted({int(v) for v in values if int(v) >= 0})


def _reminder_step(left: int, steps: list[int]) -> int | None:
    """The most urgent reminder step due with ``left`` working days left."""
    due_steps = [n for n in steps if left <= n]
    return min(due_steps) if due_steps else None


def run(today: dt.date | None = None) -> dict[str, int]:
    """Run every step for ``today`` (default: today in Jakarta). Commits as it
    goes; returns counts of what it did."""
    today = today or clock.today()
    summary: Counter[str] = Counter()
    calendar = calendar_store.current_calendar()
    steps = reminder_days()
    notify.release_due_retries()

    open_ids = [
        rid
        for (rid,) in model.Session.query(PpidRequest.id)
        .filter(PpidRequest.status.in_(states.OPEN_STATES))
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
        req = locked(PpidRequest, rid)
        added = store.record_ground(
            req, states.GROUND_NOT_ANSWERED, req.due_date, visibility.ACTOR_SYSTEM
        )
        added += store.record_ground(
            req, states.GROUND_DELIVERED_LATE, req.decided_on, visibility.ACTOR_SYSTEM
        )
        model.repo.commit()
        summary["grounds_recorded"] += added

    _retry_letters(today, summary)

    objection_ids = [
        oid
        for (oid,) in model.Session.query(PpidObjection.id)
        .filter(PpidObjection.status == states.FILED)
        .order_by(PpidObjection.due_date, PpidObjection.number)
    ]
    for oid in objection_ids:
        _sweep_objection(oid, today, calendar, steps, summary)
    summary["report_reminders"] += report_reminder.queue_if_due(today)
    from ckanext.pekalongan.ppid import register_sweep

    register_sweep.run(today, summary)  # DIP berkala stale, DIK exemptions ending (#15)
    return {k: v for k, v in summary.items() if v}


def _not_all_recorded():
    column = PpidRequest.objection_grounds_arisen
    return sa.or_(
        sa.not_(column.has_key(states.GROUND_NOT_ANSWERED)),
        sa.not_(column.has_key(states.GROUND_DELIVERED_LATE)),
    )


def _sweep_open_request(
    rid: str,
    today: dt.date,
    calendar: workdays.Calendar,
    steps: list[int],
    summary: Counter,
) -> None:
    req = locked(PpidRequest, rid)
    if req.status not in states.OPEN_STATES:
        model.Session.rollback()
        return
    if today > req.due_date:
        if store.record_ground(
            req, states.GROUND_NOT_ANSWERED, req.due_date, visibility.ACTOR_SYSTEM
        ):
            summary["grounds_recorded"] += 1
        model.repo.commit()
        summary["escalations"] += _queue(
            {"kind": "overdue", "request_id": req.id, "due": req.due_date}, req.ticket
        )
        if not notify.escalation_recipients():
            log.warning("ppid: nobody to send the overdue e-mail for %s to (assign PPID roles)",
                        req.ticket)
        return
    model.Session.rollback()  # release the row lock; nothing to record
    left = workdays.days_left(calendar, req.due_date, today)
    step = _reminder_step(left, steps)
    if step is None:
        return
    spec = {"kind": "reminder", "request_id": req.id, "due": req.due_date, "step": step,
            "left": left}
    summary["reminders"] += _queue(spec, req.ticket)


def _retry_letters(today: dt.date, summary: Counter) -> None:
    def sent(kind: str, column):
        return model.Session.query(column).filter(PpidNotification.kind == kind,
                                                  column.isnot(None))

    R, Obj = PpidRequest, PpidObjection
    since = today - dt.timedelta(days=RESEND_DAYS)
    receipts = (
        model.Session.query(R)
        .filter(R.email.isnot(None), R.status.in_(states.OPEN_STATES))
        .filter(R.id.notin_(sent("receipt", PpidNotification.request_id)))
    )
    for req in receipts.order_by(R.ticket).all():
        summary["receipts"] += _queue({"kind": "receipt", "request_id": req.id}, req.ticket)
    decided = (
        model.Session.query(R)
        .filter(R.email.isnot(None), R.status == states.DECIDED, R.decided_on >= since)
        .filter(R.id.notin_(sent("decided", PpidNotification.request_id)))
    )
    for req in decided.order_by(R.ticket).all():
        summary["decision_notices"] += _queue({"kind": "decided", "request_id": req.id},
                                              req.ticket)
    objections = (
        model.Session.query(Obj, R)
        .join(R, R.id == Obj.request_id)
        .filter(R.email.isnot(None), Obj.filed_on >= since)
        .filter(Obj.id.notin_(sent("objection_receipt", PpidNotification.objection_id)))
    )
    for obj, req in objections.order_by(Obj.number).all():
        spec = {"kind": "objection_receipt", "request_id": req.id, "objection_id": obj.id}
        summary["objection_receipts"] += _queue(spec, req.ticket)
    # 15B: the extension notice and the Atasan's answer, when their job was lost
    extended = (
        model.Session.query(R)
        .filter(R.email.isnot(None), R.extended.is_(True), R.status.in_(states.OPEN_STATES))
        .filter(R.id.notin_(sent("extended", PpidNotification.request_id)))
    )
    for req in extended.order_by(R.ticket).all():
        summary["extension_notices"] += _queue({"kind": "extended", "request_id": req.id},
                                               req.ticket)
    answered = (
        model.Session.query(Obj, R)
        .join(R, R.id == Obj.request_id)
        .filter(R.email.isnot(None), Obj.decided_on >= since)
        .filter(Obj.id.notin_(sent("objection_decided", PpidNotification.objection_id)))
    )
    for obj, req in answered.order_by(Obj.number).all():
        spec = {"kind": "objection_decided", "request_id": req.id, "objection_id": obj.id}
        summary["objection_answers"] += _queue(spec, req.ticket)


def _sweep_objection(
    oid: str,
    today: dt.date,
    calendar: workdays.Calendar,
    steps: list[int],
    summary: Counter,
) -> None:
    obj = model.Session.get(PpidObjection, oid)
    req = model.Session.get(PpidRequest, obj.request_id)
    if today > obj.due_date:
        spec = {"kind": "objection_lapsed", "request_id": req.id, "objection_id": obj.id,
                "due": obj.due_date}
        summary["objection_escalations"] += _queue(spec, req.ticket)
        return
    left = workdays.days_left(calendar, obj.due_date, today)
    step = _reminder_step(left, steps)
    if step is None:
        return
    spec = {"kind": "objection_reminder", "request_id": req.id, "objection_id": obj.id,
            "due": obj.due_date, "step": step, "left": left}
    summary["objection_reminders"] += _queue(spec, req.ticket)
