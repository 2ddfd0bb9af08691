"""When a request's personal data is due for erasure (ppid/retention.py): pure."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from ckanext.pekalongan.casework.workdays import Calendar, Holiday
from ckanext.pekalongan.ppid import retention as rt

CAL = Calendar(version="t", holidays=[Holiday(date(2026, 3, 20), "Nyepi", "national")])
WIN = rt.Windows(objection_days=30, dispute_days=14, retention_days=100)


def facts(**kw):
    base = dict(ticket="PPID-2026-000001", status="decided", closed_on=date(2026, 3, 2))
    base.update(kw)
    return rt.RequestFacts(**base)


def test_open_requests_are_never_due():
    for status in ("received", "routed", "extended"):
        f = facts(status=status, closed_on=None)
        assert rt.erase_on(f, CAL, WIN) is None
        assert not rt.is_due(f, date(2099, 1, 1), CAL, WIN)


def test_withdrawn_request_without_grounds_counts_from_withdrawal():
    f = facts(status="withdrawn", closed_on=date(2026, 3, 2))
    assert rt.last_window_closes(f, CAL, WIN) == date(2026, 3, 2)
    assert rt.erase_on(f, CAL, WIN) == date(2026, 3, 2) + timedelta(days=100)
    assert not rt.is_due(f, date(2026, 6, 9), CAL, WIN)
    assert rt.is_due(f, date(2026, 6, 10), CAL, WIN)


def test_objection_window_of_each_ground_counts_in_working_days():
    # ground arose Mon 2026-03-02; 30 HK (Nyepi Fri 03-20 skipped) -> Tue 2026-04-14
    f = facts(grounds={"35_1_d": date(2026, 3, 2)})
    assert rt.last_window_closes(f, CAL, WIN) == date(2026, 4, 14)
    assert rt.erase_on(f, CAL, WIN) == date(2026, 4, 14) + timedelta(days=100)


def test_objection_answer_or_lapse_opens_the_komisi_informasi_window():
    answered = rt.ObjectionFacts(due_date=date(2026, 5, 1), decided_on=date(2026, 5, 4))
    lapsed = rt.ObjectionFacts(due_date=date(2026, 6, 1))
    # 14 HK after Mon 05-04 -> Fri 05-22; after Mon 06-01 -> Fri 06-19
    assert rt.last_window_closes(facts(objections=[answered]), CAL, WIN) == date(2026, 5, 22)
    both = facts(objections=[answered, lapsed])
    assert rt.last_window_closes(both, CAL, WIN) == date(2026, 6, 19)


def test_erased_requests_are_not_due_again_and_zero_days_is_allowed():
    f = facts()
    zero = rt.Windows(30, 14, retention_days=0)
    assert rt.is_due(f, date(2026, 3, 2), CAL, zero)
    assert not rt.is_due(facts(erased=True), date(2099, 1, 1), CAL, zero)
    with pytest.raises(ValueError):
        rt.erase_on(f, CAL, rt.Windows(30, 14, retention_days=-1))


def test_default_is_five_years():
    assert rt.DEFAULT_RETENTION_DAYS == 5 * 365 + 1
    assert rt.Windows(30, 14).retention_days == rt.DEFAULT_RETENTION_DAYS
