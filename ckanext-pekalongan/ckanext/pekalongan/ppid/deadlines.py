"""Statutory deadlines of the PPID service (UU 14/2008, Perki 1/2021).

Pure functions only, on the shared working-day engine
(:mod:`ckanext.pekalongan.casework.workdays`): the day counts come from config
and are passed in; each must be >= 1. The counting rule (receipt day is day 0)
is the engine's.
"""

from __future__ import annotations

from datetime import date

from ckanext.pekalongan.casework.workdays import Calendar, add_working_days, check_count


def notice_due(calendar: Calendar, received: date, days: int) -> date:
    """Written notice due date: ``days`` HK after receipt (Pasal 22(7))."""
    check_count(days, minimum=1, what="days")
    return add_working_days(calendar, received, days)


def extended_due(calendar: Calendar, original_due: date, extension_days: int) -> date:
    """Extended due date: ``extension_days`` HK after the *original* due date
    (Pasal 22(8)), not after the day the extension was decided."""
    check_count(extension_days, minimum=1, what="extension_days")
    return add_working_days(calendar, original_due, extension_days)


def objection_window_end(calendar: Calendar, ground_arose: date, days: int) -> date:
    """Last day to file an objection: ``days`` HK after the ground arose
    (Pasal 36(1)). For grounds that arise by a deadline passing (35(1)c, g)
    pass the lapsed due date."""
    check_count(days, minimum=1, what="days")
    return add_working_days(calendar, ground_arose, days)


def objection_answer_due(calendar: Calendar, objection_received: date, days: int) -> date:
    """Atasan PPID's answer due date: ``days`` HK after the objection's
    written receipt (Pasal 36(2))."""
    check_count(days, minimum=1, what="days")
    return add_working_days(calendar, objection_received, days)


def dispute_window_end(calendar: Calendar, answer_or_lapse_date: date, days: int) -> date:
    """Last day to bring a dispute to the Komisi Informasi: ``days`` HK after
    the Atasan's answer, or after the answer due date lapsed unanswered
    (Pasal 37(2)). Pass the answer date or the lapsed answer due date."""
    check_count(days, minimum=1, what="days")
    return add_working_days(calendar, answer_or_lapse_date, days)


def reopened_due(calendar: Calendar, answered_on: date, days: int) -> date:
    """Due date of the new decision after the Atasan PPID accepted an objection: ``days`` HK
    after the Atasan's answer (``reopen_days``; the answer is day 0, as for a receipt)."""
    check_count(days, minimum=1, what="days")
    return add_working_days(calendar, answered_on, days)
