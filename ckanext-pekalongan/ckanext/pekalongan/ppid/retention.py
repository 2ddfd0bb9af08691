"""Retention of requesters' personal data (pure rules: no CKAN, no database).

A request's personal data (name, NIK, deed number, address, phone, e-mail and
the power-of-attorney file) is kept while the request can still be acted on,
then for ``ckanext.pekalongan.personal_data.retention_days`` more, and then
erased by ``ckan ppid purge-personal-data`` (run daily by the scheduler).
What stays is anonymous: the ticket, dates, decision, the public register, the
annual report and the audit trail (which never held personal data).

A request is *closed* when it is decided or withdrawn; its last window closes
on the latest of:

* the day it was decided or withdrawn;
* the last filing day of every objection ground that arose (UU 14/2008
  Pasal 36(1): ``objection_window_days`` working days from the ground);
* for every objection, the last day to bring the dispute to the Komisi
  Informasi (Pasal 37(2): ``dispute_days`` working days from the Atasan's
  answer, or from the day the answer lapsed when there was none).

Erasure is due ``retention_days`` calendar days after that day. An open
request is never due.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid import deadlines, states

# Default: five years (5 x 365 + 1 leap day). README "Security" explains the choice.
DEFAULT_RETENTION_DAYS = 1826
CLOSED_STATES = (states.DECIDED, states.WITHDRAWN)


@dataclass(frozen=True)
class ObjectionFacts:
    due_date: dt.date  # the Atasan's answer was due (lapse day)
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class RequestFacts:
    ticket: str
    status: str
    closed_on: dt.date | None  # decided_on, or the (Jakarta) day of withdrawal
    grounds: Mapping[str, dt.date] = field(default_factory=dict)  # ground -> day it arose
    objections: Sequence[ObjectionFacts] = ()
    erased: bool = False


@dataclass(frozen=True)
class Windows:
    objection_days: int
    dispute_days: int
    retention_days: int = DEFAULT_RETENTION_DAYS


def last_window_closes(
    facts: RequestFacts, calendar: workdays.Calendar, windows: Windows
) -> dt.date | None:
    """The day the last objection or dispute window of a closed request
    closes; ``None`` while the request is open (or has no closing day)."""
    if facts.status not in CLOSED_STATES or facts.closed_on is None:
        return None
    ends = [facts.closed_on]
    for arose in facts.grounds.values():
        ends.append(deadlines.objection_window_end(calendar, arose, windows.objection_days))
    for obj in facts.objections:
        answered = obj.decided_on or obj.due_date
        ends.append(deadlines.dispute_window_end(calendar, answered, windows.dispute_days))
    return max(ends)


def erase_on(
    facts: RequestFacts, calendar: workdays.Calendar, windows: Windows
) -> dt.date | None:
    """The first day the personal data of the request may be erased."""
    if windows.retention_days < 0:
        raise ValueError("retention_days must not be negative")
    last = last_window_closes(facts, calendar, windows)
    if last is None:
        return None
    return last + dt.timedelta(days=windows.retention_days)


def is_due(
    facts: RequestFacts, today: dt.date, calendar: workdays.Calendar, windows: Windows
) -> bool:
    """Whether ``ckan ppid purge-personal-data`` erases this request on ``today``."""
    if facts.erased:
        return False
    when = erase_on(facts, calendar, windows)
    return when is not None and when <= today
