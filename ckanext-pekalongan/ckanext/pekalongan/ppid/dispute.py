"""Disputes at the Komisi Informasi (UU 14/2008 Pasal 37; Perki 1/2013 on dispute
settlement): when a request may go there, the dated timeline the bundle shows, and the
rules of the dispute record an officer keeps.

Pure: no database, no config. The caller passes the request and its objections (objects
with the fields of ``ppid_request`` / ``ppid_objection``), the calendar stored for them
and the statutory day counts (``clock.days``). Text is returned as message ids with
parameters; the caller translates.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ckanext.pekalongan.casework.workdays import Calendar, working_days_between
from ckanext.pekalongan.ppid import deadlines, states
from ckanext.pekalongan.text import N_

# the course of a dispute at the Komisi Informasi
REGISTERED = "registered"
MEDIATION = "mediation"
ADJUDICATION = "adjudication"
DECIDED = "decided"
STATUSES: tuple[str, ...] = (REGISTERED, MEDIATION, ADJUDICATION, DECIDED)
# the Komisi's decision for the requester: granted, refused, granted in part
OUTCOMES: tuple[str, ...] = ("granted", "refused", "partly")

NUMBER_MAX = 100
NOTES_MAX = 4000


def basis_objection(objections: Iterable[Any], today: dt.date) -> Any | None:
    """The objection a dispute rests on: the latest one the Atasan PPID rejected, or that
    was not answered by its due date (Pasal 37(1)); None when there is none (an accepted
    objection, or one still within its 30 HK, gives no ground for a dispute)."""
    found = None
    for obj in objections:
        rejected = obj.status == states.OBJECTION_DECIDED and (
            obj.outcome == states.OBJECTION_REJECTED
        )
        lapsed = obj.status == states.FILED and today > obj.due_date
        if rejected or lapsed:
            if found is None or (obj.filed_on, obj.number) > (found.filed_on, found.number):
                found = obj
    return found


def unanswered(obj: Any, today: dt.date) -> bool:
    """The Atasan gave no answer by the due date (the proof the bundle states)."""
    return obj.status == states.FILED and today > obj.due_date


@dataclass
class Step:
    """One dated line of the timeline: ``code`` names the event, ``article`` the rule,
    ``explain`` a message id with ``params`` that says how the date was computed."""

    code: str
    date: dt.date
    article: str
    explain: str
    params: dict[str, Any] = field(default_factory=dict)
    late: bool = False


def _ground_arose(req: Any, obj: Any) -> dt.date | None:
    arisen = req.objection_grounds_arisen or {}
    dates = [dt.date.fromisoformat(str(arisen[g])) for g in obj.grounds or () if g in arisen]
    if dates:
        return min(dates)
    return req.decided_on


def timeline(
    req: Any,
    obj: Any,
    calendar: Calendar,
    objection_calendar: Calendar,
    days: dict[str, int],
    today: dt.date,
) -> list[Step]:
    """The request's and objection's dates, each deadline recomputed from its start with
    the calendar stored for it (so the bundle shows how the stored date came about).
    ``days``: notice, extension, objection_window, objection_answer, dispute."""
    steps = [Step("received", req.received_on, "UU 14/2008 Pasal 22(4)-(6)",
                  N_("The request was registered with number %(ticket)s; this is day 0 of "
                  "every count."), {"ticket": req.ticket})]
    original = deadlines.notice_due(calendar, req.received_on, req.notice_days)
    steps.append(Step("notice_due", original, "UU 14/2008 Pasal 22(7)",
                      N_("%(days)s working days after receipt (%(start)s)."),
                      {"days": req.notice_days, "start": req.received_on}))
    if req.extended and req.extension_days:
        extended = deadlines.extended_due(calendar, req.original_due_date, req.extension_days)
        steps.append(Step("extended_due", extended, "UU 14/2008 Pasal 22(8)",
                          N_("Extended once by %(days)s working days after the first due date "
                          "(%(start)s)."),
                          {"days": req.extension_days, "start": req.original_due_date}))
    if req.decided_on is not None:
        late = req.decided_on > req.due_date
        steps.append(Step("decided", req.decided_on, "UU 14/2008 Pasal 22(7)",
                          N_("Written notice given: %(decision)s; %(n)s working days after "
                          "receipt."),
                          {"decision": req.decision,
                           "n": working_days_between(calendar, req.received_on,
                                                     req.decided_on)},
                          late=late))
    elif today > req.due_date:
        steps.append(Step("not_answered", req.due_date, "UU 14/2008 Pasal 35(1)c",
                          N_("No written notice by the due date: the request counts as not "
                          "answered from the end of this day."), late=True))
    arose = _ground_arose(req, obj)
    if arose is not None:
        window = deadlines.objection_window_end(calendar, arose, days["objection_window"])
        steps.append(Step("objection_window", window, "UU 14/2008 Pasal 36(1)",
                          N_("%(days)s working days after the ground of objection arose "
                          "(%(start)s)."),
                          {"days": days["objection_window"], "start": arose}))
    steps.append(Step("objection_filed", obj.filed_on, "UU 14/2008 Pasal 35-36",
                      N_("Objection %(number)s filed on the grounds %(grounds)s."),
                      {"number": obj.number, "grounds": ", ".join(obj.grounds or ())}))
    answer_due = deadlines.objection_answer_due(objection_calendar, obj.filed_on,
                                                obj.answer_days)
    steps.append(Step("answer_due", answer_due, "UU 14/2008 Pasal 36(2)",
                      N_("%(days)s working days after the objection was received (%(start)s)."),
                      {"days": obj.answer_days, "start": obj.filed_on}))
    if obj.status == states.OBJECTION_DECIDED and obj.decided_on is not None:
        steps.append(Step("answered", obj.decided_on, "UU 14/2008 Pasal 36(2)",
                          N_("The Atasan PPID answered: %(outcome)s."),
                          {"outcome": obj.outcome}, late=obj.decided_on > obj.due_date))
        dispute_start = obj.decided_on
    else:
        steps.append(Step("no_answer", obj.due_date, "UU 14/2008 Pasal 36(2), 37(2)",
                          N_("No answer of the Atasan PPID was recorded by the due date; as of "
                          "%(today)s there is still none."), {"today": today}, late=True))
        dispute_start = obj.due_date
    dispute_end = deadlines.dispute_window_end(objection_calendar, dispute_start,
                                               days["dispute"])
    steps.append(Step("dispute_window", dispute_end, "UU 14/2008 Pasal 37(2)",
                      N_("%(days)s working days after the Atasan's answer or the lapse of its "
                      "due date (%(start)s)."),
                      {"days": days["dispute"], "start": dispute_start}))
    return steps


def validate_record(data: dict, filed_on: dt.date, today: dt.date) -> states.Errors:
    """Rules of a dispute record across fields (the schema checked each field): dates in
    order, none in the future or before the objection; an outcome exactly when decided."""
    errors: states.Errors = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    status = data.get("status")
    dates: Sequence[str] = ("registered_on", "mediation_on", "adjudication_on", "decided_on")
    for key in dates:
        value = data.get(key)
        if value is None:
            continue
        if value > today:
            add(key, N_("The date cannot be in the future."))
        elif value < filed_on:
            add(key, N_("The date cannot be before the objection was filed."))
    registered = data.get("registered_on")
    for key in dates[1:]:
        value = data.get(key)
        if value is not None and registered is not None and value < registered:
            add(key, N_("The date cannot be before the dispute was registered."))
    if status == MEDIATION and not data.get("mediation_on"):
        add("mediation_on", N_("Missing value"))
    if status == ADJUDICATION and not data.get("adjudication_on"):
        add("adjudication_on", N_("Missing value"))
    if status == DECIDED:
        for key in ("outcome", "decided_on", "decision_number"):
            if not data.get(key):
                add(key, N_("Missing value"))
    elif data.get("outcome") or data.get("decided_on") or data.get("decision_number"):
        add("status", N_("An outcome, decision date or decision number needs the status "
                      "\"decided\"."))
    return errors


def figures(disputes: Iterable[Any]) -> dict[str, Any]:
    """The disputes part of the annual report: how many were registered, by stage and
    by outcome (Perki 1/2021 Pasal 56: "rincian penyelesaian sengketa")."""
    rows = list(disputes)
    by_status: dict[str, int] = {s: 0 for s in STATUSES}
    by_outcome: dict[str, int] = {o: 0 for o in OUTCOMES}
    for d in rows:
        by_status[d.status] = by_status.get(d.status, 0) + 1
        if d.status == DECIDED and d.outcome:
            by_outcome[d.outcome] = by_outcome.get(d.outcome, 0) + 1
    return {
        "registered": len(rows),
        "by_status": by_status,
        "by_outcome": by_outcome,
        "pending": len(rows) - by_status[DECIDED],
    }
