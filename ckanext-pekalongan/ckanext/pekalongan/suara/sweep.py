"""The daily sweep of Suara Masyarakat (``ckan suara sweep``), idempotent.

For each open report, as seen on ``today`` (Asia/Jakarta):

* with the pengelola (received, verified): before the verification due date,
  a reminder to the pengelola when the working days left reach one of
  ``reminder_days`` (default 1); after it, one escalation to the pengelola;
* with the OPDs (routed): for each routed OPD that has not answered yet, a
  reminder to its officers before the answer due date, and after it one
  escalation to the pengelola (and an ``escalate`` event in the audit trail,
  once per OPD and due date).

Every message is keyed in ``suara_notification`` (report, clock, OPD, due
date, step) and queued as a job (``notify.enqueue``): running the sweep twice,
or twice a day, queues and sends nothing twice. Days left are counted with
the calendar in force today; the due dates are the stored ones.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import calendar as case_calendar
from ckanext.pekalongan.suara import clocks, notify, records, states
from ckanext.pekalongan.suara.model import SuaraAssignment, SuaraNotification, SuaraReport

log = logging.getLogger(__name__)


def reminder_days() -> list[int]:
    return clocks.parse_steps(tk.aslist(records.setting("reminder_days") or []))


def _queue(spec: dict, number: str) -> int:
    if notify.is_pending(spec) or not notify.pending_count(spec):
        return 0
    return 1 if notify.enqueue(spec, number) else 0


def _escalation_event(report: SuaraReport, clock: str, org_id: str | None, due) -> bool:
    """Record the escalation in the audit trail once (keyed like a notification)."""
    key = f"suara:{report.id}:escalate-event:{clock}:{org_id or 'pengelola'}:{due}"
    stmt = (pg_insert(SuaraNotification.__table__)
            .values(key=key, kind="escalate_event", channel="event", report_id=report.id,
                    sent_at=records.now())
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(SuaraNotification.__table__.c.id))
    if model.Session.execute(stmt).scalar() is None:
        return False
    records.add_event(report, states.Event.ESCALATE, records.ACTOR_SYSTEM,
                      from_state=report.status, to_state=report.status, org_id=org_id,
                      data={"due": due, "step": clock})
    return True


def run(today: dt.date | None = None) -> dict[str, int]:
    """Run the sweep for ``today``; commits as it goes; returns counts."""
    today = today or records.today()
    calendar = case_calendar.current_calendar()
    steps = reminder_days()
    summary: Counter[str] = Counter()
    notify.release_due_retries()

    intake = (model.Session.query(SuaraReport.id)
              .filter(SuaraReport.status.in_(states.INTAKE_STATES))
              .order_by(SuaraReport.verify_due, SuaraReport.number))
    for (rid,) in intake.all():
        _sweep_intake(rid, today, calendar, steps, summary)

    routed = (model.Session.query(SuaraAssignment.id)
              .join(SuaraReport, SuaraReport.id == SuaraAssignment.report_id)
              .filter(SuaraReport.status == states.ROUTED, SuaraAssignment.active.is_(True),
                      SuaraAssignment.first_answer_at.is_(None))
              .order_by(SuaraAssignment.due))
    for (aid,) in routed.all():
        _sweep_assignment(aid, today, calendar, steps, summary)
    return {k: v for k, v in summary.items() if v}


def _sweep_intake(rid, today, calendar, steps, summary) -> None:
    report = records.locked(rid)
    if report.status not in states.INTAKE_STATES:
        model.Session.rollback()
        return
    due = report.verify_due
    if clocks.is_late(due, today):
        if _escalation_event(report, "verify", None, due):
            summary["escalation_events"] += 1
        model.repo.commit()
        spec = {"kind": "overdue", "report_id": report.id, "clock": "verify", "due": due}
        summary["escalations"] += _queue(spec, report.number)
        return
    model.Session.rollback()
    step = clocks.reminder_due(calendar, due, today, steps)
    if step is not None:
        spec = {"kind": "reminder", "report_id": report.id, "clock": "verify", "due": due,
                "step": step}
        summary["reminders"] += _queue(spec, report.number)


def _sweep_assignment(aid, today, calendar, steps, summary) -> None:
    a = model.Session.get(SuaraAssignment, aid)
    report = records.locked(a.report_id)
    model.Session.refresh(a)
    if report.status != states.ROUTED or not a.active or a.first_answer_at is not None:
        model.Session.rollback()
        return
    due = a.due
    if clocks.is_late(due, today):
        if _escalation_event(report, "answer", a.org_id, due):
            summary["escalation_events"] += 1
        model.repo.commit()
        spec = {"kind": "overdue", "report_id": report.id, "clock": "answer",
                "org_id": a.org_id, "due": due}
        summary["escalations"] += _queue(spec, report.number)
        return
    model.Session.rollback()
    step = clocks.reminder_due(calendar, due, today, steps)
    if step is not None:
        spec = {"kind": "reminder", "report_id": report.id, "clock": "answer",
                "org_id": a.org_id, "due": due, "step": step}
        summary["reminders"] += _queue(spec, report.number)
