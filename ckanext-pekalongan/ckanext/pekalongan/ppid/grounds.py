"""The objection grounds of a request (UU 14/2008 Pasal 35(1)) and their
windows (Pasal 36(1)): which grounds have arisen, since when, and until when an
objection may be filed on each. Pure: no CKAN, no database, no config — the
caller passes the request (any object with the request's fields), the date,
the calendar and the window length from config."""
from __future__ import annotations

import datetime as dt

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid import deadlines, states
from ckanext.pekalongan.text import N_

# Grounds that arise when the written notice is given (any decision).
GROUNDS_ON_NOTICE = ("35_1_d", "35_1_e", "35_1_f")
GROUND_REFUSAL = "35_1_a"
GROUND_PERIODIC = "35_1_b"


def arisen_grounds(req, on: dt.date) -> dict[str, dt.date]:
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
    out.setdefault(GROUND_PERIODIC, req.received_on)
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
    req, on: dt.date, calendar: workdays.Calendar, window: int
) -> dict[str, dict[str, str]]:
    """For each ground open on ``on``: when it arose and the last filing day
    (``window`` working days after it arose)."""
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


def filing_problems(
    grounds: list[str],
    arisen: dict[str, dt.date],
    cited: set[str],
    filed: dt.date,
    calendar: workdays.Calendar,
    window: int,
) -> list[tuple[str, dict[str, str]]]:
    """Why an objection filed on ``filed`` may not cite ``grounds``: each problem
    is ``(message, params)`` — already cited by an earlier objection, not arisen
    (yet), or its window ended. ``arisen`` comes from :func:`arisen_grounds`."""
    problems: list[tuple[str, dict[str, str]]] = []
    for ground in grounds:
        arose = arisen.get(ground)
        if ground in cited:
            problems.append((ALREADY_CITED, {"ground": ground}))
        elif arose is None or filed < first_filing_day(ground, arose):
            problems.append((NOT_ARISEN, {"ground": ground}))
        else:
            until = deadlines.objection_window_end(calendar, arose, window)
            if filed > until:
                problems.append((WINDOW_ENDED, {"ground": ground, "date": until.isoformat()}))
    return problems


def offered_grounds(windows: dict[str, dict[str, str]], cited: set[str]) -> list[str]:
    """The grounds the objection form offers: those open now (:func:`objection_windows`)
    that no objection against the decision now standing has cited yet, in Pasal 35(1)
    order. Empty: nothing to object to (the form says so instead of offering grounds)."""
    return [g for g in states.PASAL_35_1_GROUNDS if g in windows and g not in cited]


# ``%(ground)s`` is the ground's words (vocabulary.PASAL_35_1_LABELS), never its code
ALREADY_CITED = N_("An objection on the ground “%(ground)s” was already filed against this "
                   "decision.")
NOT_ARISEN = N_("The ground “%(ground)s” has not arisen for this request, so it cannot be "
                "cited now.")
WINDOW_ENDED = N_("The objection period for the ground “%(ground)s” ended on %(date)s.")
