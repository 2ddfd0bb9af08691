"""Objection grounds and their windows (ppid/grounds.py): pure."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace as Row

from ckanext.pekalongan.casework.workdays import Calendar
from ckanext.pekalongan.ppid import grounds

CAL = Calendar(version="t", holidays=[])


def request(**kw):
    base = dict(status="received", objection_grounds_arisen={}, due_date=date(2026, 3, 13),
                decided_on=None, received_on=date(2026, 3, 2), decision=None)
    return Row(**{**base, **kw})


def test_not_answered_arises_on_the_due_date_and_is_filed_from_the_next_day():
    r = request()
    assert "35_1_c" not in grounds.arisen_grounds(r, date(2026, 3, 13))
    arisen = grounds.arisen_grounds(r, date(2026, 3, 16))
    assert arisen["35_1_c"] == date(2026, 3, 13)
    assert grounds.first_filing_day("35_1_c", arisen["35_1_c"]) == date(2026, 3, 14)


def test_a_refusal_opens_a_and_the_notice_grounds():
    r = request(status="decided", decision="refused", decided_on=date(2026, 3, 10))
    arisen = grounds.arisen_grounds(r, date(2026, 3, 11))
    assert {"35_1_a", "35_1_b", "35_1_d", "35_1_e", "35_1_f"} <= set(arisen)
    assert "35_1_c" not in arisen and "35_1_g" not in arisen


def test_filing_problems_name_each_ground_and_reason():
    r = request(status="decided", decision="granted", decided_on=date(2026, 3, 10))
    arisen = grounds.arisen_grounds(r, date(2026, 6, 1))
    problems = grounds.filing_problems(["35_1_a", "35_1_d", "35_1_e"], arisen, {"35_1_e"},
                                       date(2026, 6, 1), CAL, 30)
    assert problems[0] == (grounds.NOT_ARISEN, {"ground": "35_1_a"})
    assert problems[1][0] == grounds.WINDOW_ENDED and problems[1][1]["ground"] == "35_1_d"
    assert problems[2] == (grounds.ALREADY_CITED, {"ground": "35_1_e"})
    assert grounds.filing_problems(["35_1_d"], arisen, set(), date(2026, 3, 11), CAL, 30) == []


def test_windows_are_listed_only_for_grounds_that_can_be_filed():
    r = request()
    windows = grounds.objection_windows(r, date(2026, 3, 13), CAL, 30)
    assert "35_1_c" not in windows and "35_1_b" in windows
    later = grounds.objection_windows(r, date(2026, 3, 16), CAL, 30)
    assert later["35_1_c"]["from"] == "2026-03-14"
