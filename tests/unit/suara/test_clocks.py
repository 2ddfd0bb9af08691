"""The clocks of a report (suara/clocks.py) on the shared working-day engine:
examples from the 2026 calendar and properties on random calendars."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.pekalongan.casework.workdays import Calendar, Holiday, working_days_between
from ckanext.pekalongan.suara import clocks, states

NYEPI = Holiday(date(2026, 3, 19), "Hari Suci Nyepi", "national")
CUTI = Holiday(date(2026, 3, 18), "Cuti Bersama Nyepi", "cuti_bersama")
CAL = Calendar("t", [NYEPI, CUTI], count_cuti_bersama_as_working_day=True)
CAL_SKIP = CAL.with_policy(False)


def test_verify_due_three_working_days_over_a_holiday():
    # Mon 16 Mar 2026 received; Tue 17, Wed 18 (cuti bersama counted), Thu 19 Nyepi, Fri 20
    assert clocks.verify_due(CAL, date(2026, 3, 16), 3) == date(2026, 3, 20)
    # skipping cuti bersama: Tue 17, Fri 20, Mon 23
    assert clocks.verify_due(CAL_SKIP, date(2026, 3, 16), 3) == date(2026, 3, 23)


def test_received_on_a_saturday_counts_from_monday():
    assert clocks.verify_due(CAL, date(2026, 3, 7), 3) == date(2026, 3, 11)


def test_answer_days_by_complexity():
    days = {"sederhana": 5, "tanpa_lapangan": 14, "lapangan": 60}
    assert clocks.answer_days("sederhana", days) == 5
    assert clocks.answer_days("lapangan", days) == 60
    with pytest.raises(KeyError):
        clocks.answer_days("sulit", days)
    assert clocks.answer_due(CAL, date(2026, 3, 2), 5) == date(2026, 3, 9)


def test_running_clock_by_status():
    today = date(2026, 3, 25)
    v, a = date(2026, 3, 20), date(2026, 4, 1)
    assert clocks.running_clock(states.RECEIVED, v, None, today) == clocks.ClockView(
        "verify", v, True)
    assert clocks.running_clock(states.ROUTED, v, a, today) == clocks.ClockView("answer", a, False)
    assert clocks.running_clock(states.ROUTED, v, a, date(2026, 4, 2)).overdue
    for status in (states.AWAITING_REPORTER, states.ANSWERED, states.CLOSED, states.WITHDRAWN):
        assert clocks.running_clock(status, v, a, date(2030, 1, 1)).overdue is False


def test_deadline_is_the_end_of_the_due_day():
    due = date(2026, 3, 20)
    assert not clocks.is_late(due, due)
    assert clocks.is_late(due, due + timedelta(days=1))
    assert not clocks.is_late(None, date(2099, 1, 1))


def test_answered_in_time():
    due = date(2026, 3, 20)
    assert clocks.answered_in_time(due, None) is None
    assert clocks.answered_in_time(due, due) is True
    assert clocks.answered_in_time(due, date(2026, 3, 23)) is False


def test_reminder_steps():
    assert clocks.reminder_step(1, [1]) == 1
    assert clocks.reminder_step(0, [3, 1, 0]) == 0
    assert clocks.reminder_step(2, [3, 1, 0]) == 3
    assert clocks.reminder_step(5, [3, 1]) is None
    # Friday deadline seen on Thursday: one working day left
    assert clocks.reminder_due(CAL, date(2026, 3, 27), date(2026, 3, 26), [1]) == 1
    assert clocks.reminder_due(CAL, date(2026, 3, 27), date(2026, 3, 30), [1]) is None


def test_parse_steps_drops_garbage():
    assert clocks.parse_steps(["3", " 1", "x", "-1", "999", "1"]) == [1, 3]


def test_reopen_window():
    answered = date(2026, 3, 2)
    assert clocks.reopen_allowed(CAL, answered, date(2026, 3, 16), 10)
    assert not clocks.reopen_allowed(CAL, answered, date(2026, 3, 17), 10)
    assert not clocks.reopen_allowed(CAL, None, date(2026, 3, 3), 10)


# --- properties ----------------------------------------------------------------------

LOW, HIGH = date(2025, 1, 1), date(2027, 12, 31)
holiday_rows = st.lists(
    st.builds(Holiday, date=st.dates(LOW, HIGH), name=st.just("Libur"),
              kind=st.sampled_from(["national", "cuti_bersama"])),
    max_size=60,
)
calendars = st.builds(
    lambda rows, policy: Calendar("random", rows, count_cuti_bersama_as_working_day=policy),
    holiday_rows, st.booleans(),
)
starts = st.dates(date(2025, 6, 1), date(2027, 6, 30))
day_counts = st.integers(min_value=1, max_value=60)


@settings(max_examples=200, deadline=None)
@given(calendars, starts, day_counts)
def test_due_is_a_working_day_exactly_n_working_days_later(cal, start, n):
    due = clocks.answer_due(cal, start, n)
    assert due > start
    assert cal.is_working_day(due)
    assert working_days_between(cal, start, due) == n


@settings(max_examples=200, deadline=None)
@given(calendars, starts, st.sampled_from(["sederhana", "tanpa_lapangan", "lapangan"]))
def test_more_complex_reports_never_get_an_earlier_due_date(cal, start, complexity):
    days = dict(clocks.DEFAULT_DAYS)
    due = clocks.answer_due(cal, start, clocks.answer_days(complexity, days))
    simple = clocks.answer_due(cal, start, clocks.answer_days("sederhana", days))
    assert due >= simple


@settings(max_examples=200, deadline=None)
@given(calendars, starts, day_counts, st.integers(min_value=0, max_value=90))
def test_overdue_exactly_after_the_due_day(cal, start, n, offset):
    due = clocks.answer_due(cal, start, n)
    today = start + timedelta(days=offset)
    view = clocks.running_clock(states.ROUTED, None, due, today)
    assert view.overdue == (today > due)
    if view.overdue:
        assert clocks.reminder_due(cal, due, today, [3, 1, 0]) is None


@settings(max_examples=200, deadline=None)
@given(calendars, starts, day_counts, st.integers(min_value=0, max_value=90))
def test_a_reminder_is_due_only_within_its_window(cal, start, n, offset):
    due = clocks.answer_due(cal, start, n)
    today = start + timedelta(days=offset)
    step = clocks.reminder_due(cal, due, today, [1])
    if step is not None:
        assert today <= due
        assert working_days_between(cal, today, due) <= 1


@settings(max_examples=100, deadline=None)
@given(calendars, starts, st.integers(min_value=0, max_value=30))
def test_skipping_cuti_bersama_never_gives_an_earlier_date(cal, start, n):
    counted = clocks.verify_due(cal.with_policy(True), start, n)
    skipped = clocks.verify_due(cal.with_policy(False), start, n)
    assert skipped >= counted
