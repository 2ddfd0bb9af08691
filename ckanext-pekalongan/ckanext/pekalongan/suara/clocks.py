"""The clocks of a Suara Masyarakat report, in working days (hari kerja, HK).

Pure module: the working-day engine is ``casework.workdays`` (the one engine
the PPID deadlines use too), the calendar and the day counts are passed in
(read from the holiday table and from config by the callers). Dates computed
here are stored when a clock starts, with the calendar version; overdue is a
comparison of stored dates with today.

The counts follow the SP4N-LAPOR! service practice (Permenpan-RB 62/2018 on
the national complaint management system): the report is verified and routed
within 3 HK of receipt; the OPD answers within 5 HK (simple complaints and
aspirations), 14 HK (no field inspection needed) or 60 HK (field inspection).

Counting rule (as for the PPID clocks): the start date is day 0; the due date
is the N-th working day after it; the deadline is the end of the due day.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.casework.workdays import Calendar, add_working_days, days_left
from ckanext.pekalongan.suara import states, vocabulary

DEFAULT_DAYS: Mapping[str, int] = {
    "verify": 3,
    vocabulary.SEDERHANA: 5,
    vocabulary.TANPA_LAPANGAN: 14,
    vocabulary.LAPANGAN: 60,
}
MAX_DAYS = 365


def verify_due(calendar: Calendar, received: date, days: int) -> date:
    """When the pengelola must have verified and routed a report received on
    ``received`` (``days`` HK later)."""
    return add_working_days(calendar, received, days)


def answer_days(complexity: str, days_by_complexity: Mapping[str, int]) -> int:
    """The answer clock of ``complexity`` (``KeyError`` for an unknown one)."""
    if complexity not in vocabulary.COMPLEXITIES:
        raise KeyError(complexity)
    return int(days_by_complexity[complexity])


def answer_due(calendar: Calendar, started: date, days: int) -> date:
    """When the OPDs must answer, for a clock started (routed or reopened) on ``started``."""
    return add_working_days(calendar, started, days)


def is_late(due: date | None, today: date) -> bool:
    """The deadline is the end of the due day: late from the next day on."""
    return due is not None and today > due


@dataclass(frozen=True)
class ClockView:
    """Which clock runs for a report and whether it is late."""

    clock: str | None  # "verify" | "answer" | None (no clock running)
    due: date | None
    overdue: bool


def running_clock(
    status: str, verify_due_on: date | None, answer_due_on: date | None, today: date
) -> ClockView:
    """The clock that runs in ``status``: verification/routing while with the
    pengelola (received, verified), the answer clock while with the OPDs
    (routed). While the OPD waits for the reporter (awaiting_reporter), and
    once answered or final, no clock runs (never overdue)."""
    if status in states.INTAKE_STATES:
        return ClockView("verify", verify_due_on, is_late(verify_due_on, today))
    if status == states.ROUTED:
        return ClockView("answer", answer_due_on, is_late(answer_due_on, today))
    return ClockView(None, None, False)


def answered_in_time(due: date | None, answered_on: date | None) -> bool | None:
    """None while unanswered; else whether the first answer came by the due day."""
    if answered_on is None or due is None:
        return None
    return answered_on <= due


def reminder_step(left: int, steps: Iterable[int]) -> int | None:
    """The most urgent reminder step due with ``left`` HK left (steps are the
    configured ``reminder_days``, e.g. ``[1]`` or ``[3, 1, 0]``), or None."""
    due_steps = [n for n in steps if left <= n]
    return min(due_steps) if due_steps else None


def reminder_due(calendar: Calendar, due: date, today: date, steps: Iterable[int]) -> int | None:
    """The reminder step to send on ``today`` for a deadline ``due`` that has
    not passed yet; None when none is due (or the deadline passed: that is an
    escalation, not a reminder)."""
    if today > due:
        return None
    return reminder_step(days_left(calendar, due, today), steps)


def reopen_allowed(
    calendar: Calendar, answered_on: date | None, today: date, reopen_days: int
) -> bool:
    """A reporter may reopen within ``reopen_days`` HK of the (last) answer."""
    if answered_on is None:
        return False
    return today <= add_working_days(calendar, answered_on, reopen_days)


def parse_steps(values: Iterable[object]) -> list[int]:
    """The ``reminder_days`` option (``"1"``, ``"3 1 0"``) -> sorted steps;
    values that are not whole numbers from 0 to 365 are dropped."""
    out: set[int] = set()
    for v in values:
        try:
            n = int(str(v).strip())
        except ValueError:
            continue
        if 0 <= n <= MAX_DAYS:
            out.add(n)
    return sorted(out)


__all__ = [
    "ClockView", "DEFAULT_DAYS", "answer_days", "answer_due", "answered_in_time", "is_late",
    "parse_steps", "reminder_due", "reminder_step", "reopen_allowed", "running_clock",
    "verify_due", "workdays",
]
