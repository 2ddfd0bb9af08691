"""The annual report's arithmetic (ppid/annual_report.py): pure, on plain rows."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace as Row

from ckanext.pekalongan.ppid import annual_report


def req(channel="web", status="decided", decision=None, grounds=(), decided_on=None,
        due=date(2026, 3, 13), extended=False, days=0):
    return Row(channel=channel, status=status, decision=decision, exemption_grounds=list(grounds),
               decided_on=decided_on, due_date=due, extended=extended, days=days)


def obj(grounds=("35_1_c",), status="filed", outcome=None, decided_on=None, due=date(2026, 5, 1)):
    return Row(grounds=list(grounds), status=status, outcome=outcome, decided_on=decided_on,
               due_date=due)


def test_counts_medians_and_lateness():
    reqs = [
        req(decision="granted", decided_on=date(2026, 3, 10), days=7),
        req(decision="granted", decided_on=date(2026, 3, 20), days=12, channel="letter"),
        req(decision="refused", grounds=("17a", "17h"), decided_on=date(2026, 3, 2), days=3),
        req(status="received"),
        req(status="extended", extended=True),
    ]
    objs = [obj(), obj(("35_1_a", "35_1_c"), status="decided", outcome="rejected",
                       decided_on=date(2026, 5, 4))]
    out = annual_report.figures(2026, reqs, objs, lambda r: r.days)
    assert out["requests"] == {
        "received": 5, "by_channel": {"web": 4, "letter": 1},
        "by_status": {"decided": 3, "received": 1, "extended": 1},
        "by_decision": {"granted": 2, "refused": 1}, "pending": 2, "extended": 1,
    }
    assert out["time_to_fulfil"]["granted"] == {
        "count": 2, "average_working_days": 9.5, "median_working_days": 9.5,
        "max_working_days": 12, "on_time": 1, "late": 1,
    }
    assert out["time_to_fulfil"]["refused"]["median_working_days"] == 3
    assert out["refusals_by_ground"] == {"17a": 1, "17h": 1}
    assert out["objections"] == {
        "filed": 2, "by_ground": {"35_1_c": 2, "35_1_a": 1}, "by_outcome": {"rejected": 1},
        "pending": 1, "answered_late": 1,
    }
    assert out["disputes"] is None


def test_an_empty_year_has_zeros_not_errors():
    out = annual_report.figures(2030, [], [], lambda r: 0)
    assert out["requests"]["received"] == 0 and out["time_to_fulfil"] == {}
    assert out["objections"]["filed"] == 0
