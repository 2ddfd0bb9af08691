"""Properties of the working-day engine on random calendars.

The oracle below decides working days straight from the raw holiday rows,
independently of ``Calendar``'s own lookup.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.pekalongan.casework import workdays as wd
from ckanext.pekalongan.casework.holiday_seed import load_seed_csv
from ckanext.pekalongan.casework.workdays import Calendar, Holiday

LOW, HIGH = date(2025, 1, 1), date(2027, 12, 31)

holiday_rows = st.lists(
    st.builds(
        Holiday,
        date=st.dates(LOW, HIGH),
        name=st.sampled_from(["Libur A", "Libur B", "Cuti C"]),
        kind=st.sampled_from(["national", "cuti_bersama"]),
    ),
    max_size=80,
)


@st.composite
def calendars(draw):
    rows = draw(holiday_rows)
    policy = draw(st.booleans())
    return rows, Calendar("random", rows, count_cuti_bersama_as_working_day=policy)


starts = st.dates(date(2025, 6, 1), date(2027, 6, 30))
counts = st.integers(min_value=0, max_value=40)


def oracle_is_working(rows, count_cuti: bool, day: date) -> bool:
    if day.weekday() >= 5:
        return False
    for h in rows:
        if h.date == day and (h.kind == "national" or not count_cuti):
            return False
    return True


def oracle_reason(rows, count_cuti: bool, day: date) -> str:
    """Documented precedence: national holiday, skipped cuti bersama, weekend."""
    kinds = {h.kind for h in rows if h.date == day}
    if "national" in kinds:
        return "national_holiday"
    if "cuti_bersama" in kinds and not count_cuti:
        return "cuti_bersama"
    return "weekend"


def oracle_count(rows, count_cuti, a: date, b: date) -> int:
    """Working days d with a < d <= b, by brute force."""
    total, day = 0, a
    while day < b:
        day += timedelta(days=1)
        total += oracle_is_working(rows, count_cuti, day)
    return total


@given(calendars(), starts, st.integers(min_value=1, max_value=40))
def test_due_date_is_always_a_working_day(cal_rows, start, n):
    rows, cal = cal_rows
    due = wd.add_working_days(cal, start, n)
    assert oracle_is_working(rows, cal.count_cuti_bersama_as_working_day, due)


@given(calendars(), starts, counts)
def test_exactly_n_working_days_lie_after_receipt_up_to_the_due_date(cal_rows, start, n):
    rows, cal = cal_rows
    due = wd.add_working_days(cal, start, n)
    assert due >= start
    assert oracle_count(rows, cal.count_cuti_bersama_as_working_day, start, due) == n
    assert wd.working_days_between(cal, start, due) == n


@given(calendars(), starts, starts, counts)
def test_a_later_receipt_never_gives_an_earlier_due_date(cal_rows, a, b, n):
    _, cal = cal_rows
    first, second = min(a, b), max(a, b)
    assert wd.add_working_days(cal, first, n) <= wd.add_working_days(cal, second, n)


@given(calendars(), starts, counts, counts)
def test_more_days_give_a_strictly_later_due_date(cal_rows, start, n, m):
    _, cal = cal_rows
    if n < m:
        assert wd.add_working_days(cal, start, n) < wd.add_working_days(cal, start, m)


@given(calendars(), starts, counts, counts)
def test_counting_in_two_steps_equals_counting_at_once(cal_rows, start, n, m):
    # e.g. 10 HK then a 7 HK extension from the original due date == 17 HK
    _, cal = cal_rows
    assert wd.add_working_days(cal, wd.add_working_days(cal, start, n), m) == (
        wd.add_working_days(cal, start, n + m)
    )


@given(calendars(), starts, counts)
def test_skipping_cuti_bersama_never_gives_an_earlier_date(cal_rows, start, n):
    _, cal = cal_rows
    both = wd.due_under_both_policies(cal, start, n)
    assert both.counting_cuti_bersama <= both.skipping_cuti_bersama


@given(calendars(), starts, counts)
def test_explanation_accounts_for_every_day(cal_rows, start, n):
    rows, cal = cal_rows
    e = wd.explain(cal, start, n)
    assert e.due == wd.add_working_days(cal, start, n)
    assert [day.date for day in e.days] == [
        start + timedelta(days=i) for i in range(1, (e.due - start).days + 1)
    ]
    assert [day.working_day_number for day in e.counted_days] == list(range(1, n + 1))
    for day in e.days:
        working = oracle_is_working(rows, cal.count_cuti_bersama_as_working_day, day.date)
        assert day.counted == working
        assert (day.reason is None) == working
        if not working:
            assert day.reason.code == oracle_reason(
                rows, cal.count_cuti_bersama_as_working_day, day.date
            )


@given(calendars(), starts, starts)
def test_working_days_between_is_antisymmetric_and_matches_brute_force(cal_rows, a, b):
    rows, cal = cal_rows
    forward = wd.working_days_between(cal, a, b)
    assert forward == -wd.working_days_between(cal, b, a)
    if a <= b:
        assert forward == oracle_count(rows, cal.count_cuti_bersama_as_working_day, a, b)


@given(calendars(), starts, starts)
def test_overdue_exactly_when_today_is_after_the_due_date(cal_rows, due, today):
    _, cal = cal_rows
    assert (wd.urgency(cal, due, today) == "overdue") == (today > due)


SEED = load_seed_csv()
SEED_COUNT = Calendar("seed", SEED, count_cuti_bersama_as_working_day=True)
SEED_SKIP = Calendar("seed", SEED, count_cuti_bersama_as_working_day=False)


@settings(max_examples=300)
@given(st.dates(date(2020, 1, 1), date(2030, 10, 31)), st.integers(1, 30), st.booleans())
def test_properties_hold_on_the_committed_seed(start, n, count_cuti):
    cal = SEED_COUNT if count_cuti else SEED_SKIP
    due = wd.add_working_days(cal, start, n)
    assert oracle_is_working(SEED, count_cuti, due)
    assert oracle_count(SEED, count_cuti, start, due) == n
    assert wd.add_working_days(cal, start + timedelta(days=1), n) >= due


@given(
    st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_local_date_is_the_date_at_utc_plus_seven(naive, offset_minutes):
    # Asia/Jakarta has been UTC+7 without DST since 1964.
    aware = naive.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    utc = aware.astimezone(timezone.utc).replace(tzinfo=None)
    assert wd.local_date(aware) == (utc + timedelta(hours=7)).date()
