"""Suara Masyarakat accountability figures (suara/stats.py): known answers on small data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.suara import stats as s

# March 2026: Monday 2 March; Thursday 5 March is a (test) national holiday
CAL = workdays.Calendar(
    version="t", holidays=[workdays.Holiday(date(2026, 3, 5), "Libur uji", "national")])
MARCH = s.month_period(2026, 3)
TODAY = date(2026, 3, 31)


def rep(rid, status="answered", received=date(2026, 3, 2), **kw):
    return s.Report(id=rid, status=status, received=received, **kw)


def test_days_to_first_answer_count_working_days_and_skip_holidays():
    reports = [rep("r1")]
    assignments = [s.Assignment("r1", "dinkes", date(2026, 3, 2), date(2026, 3, 10))]
    # routed Mon 2, answered Fri 6: Tue 3, Wed 4, (Thu 5 holiday), Fri 6 = 3 HK
    responses = [s.Response("r1", "dinkes", "answer", date(2026, 3, 6)),
                 s.Response("r1", "dinkes", "answer", date(2026, 3, 9))]
    out = s.compute(reports, assignments, responses, {}, CAL, TODAY, MARCH)
    (line,) = out["organizations"]
    assert line["organization"] == "dinkes"
    assert line["median_days_to_first_answer"] == 3.0
    assert line["answered"] == 1 and line["answered_in_time"] == 1
    assert line["in_time_share"] == 100.0


def test_request_info_and_other_opds_answers_are_not_a_first_answer():
    reports = [rep("r1", status="routed")]
    assignments = [s.Assignment("r1", "dinkes", date(2026, 3, 2), date(2026, 3, 10)),
                   s.Assignment("r1", "dpu", date(2026, 3, 2), date(2026, 3, 10))]
    responses = [s.Response("r1", "dinkes", "request_info", date(2026, 3, 3)),
                 s.Response("r1", "dpu", "answer", date(2026, 3, 4)),
                 s.Response("r1", None, "answer", date(2026, 3, 4))]
    out = s.compute(reports, assignments, responses, {}, CAL, TODAY, MARCH)
    lines = {ln["organization"]: ln for ln in out["organizations"]}
    assert lines["dinkes"]["answered"] == 0 and lines["dinkes"]["open"] == 1
    assert lines["dinkes"]["overdue"] == 1  # due 10 March, today 31 March
    assert lines["dinkes"]["in_time_share"] == 0.0
    assert lines["dinkes"]["median_days_to_first_answer"] is None
    assert lines["dpu"]["answered"] == 1 and lines["dpu"]["median_days_to_first_answer"] == 2.0


def test_shares_medians_open_overdue_and_ratings_on_a_known_mix():
    reports = [rep("a"), rep("b"), rep("c", status="routed"), rep("d", status="routed"),
               rep("e", status="withdrawn"), rep("f", status="closed")]
    due = date(2026, 3, 9)
    assignments = [s.Assignment(r, "dinkes", date(2026, 3, 2), due) for r in "abcdef"]
    assignments[3] = s.Assignment("d", "dinkes", date(2026, 3, 2), date(2026, 4, 30))
    responses = [s.Response("a", "dinkes", "answer", date(2026, 3, 3)),   # 1 HK, in time
                 s.Response("b", "dinkes", "answer", date(2026, 3, 16)),  # 9 HK, late
                 s.Response("f", "dinkes", "answer", date(2026, 3, 9))]   # 4 HK, in time
    ratings = {"a": 5, "b": 2, "f": 4}
    out = s.compute(reports, assignments, responses, ratings, CAL, TODAY, MARCH,
                    organizations=["dpu", "dinkes"])
    dpu, dinkes = out["organizations"]
    assert dpu == {"organization": "dpu", "assigned": 0, "answered": 0, "answered_in_time": 0,
                   "answered_late": 0, "open": 0, "overdue": 0, "in_time_share": None,
                   "median_days_to_first_answer": None, "ratings": 0, "mean_rating": None}
    assert dinkes["assigned"] == 6
    assert dinkes["answered"] == 3
    assert dinkes["answered_in_time"] == 2 and dinkes["answered_late"] == 1
    assert dinkes["open"] == 2          # c (overdue) and d (inside its clock); e withdrawn
    assert dinkes["overdue"] == 1
    assert dinkes["in_time_share"] == 50.0   # 2 in time / (3 answered + 1 overdue)
    assert dinkes["median_days_to_first_answer"] == 4.0   # 1, 4, 9 (Thursday 5 March is a holiday)
    assert dinkes["mean_rating"] == 3.67 and dinkes["ratings"] == 3
    assert out["totals"]["assigned"] == 6 and out["totals"]["received"] == 6
    assert out["totals"]["by_status"] == {"answered": 2, "closed": 1, "routed": 2,
                                          "withdrawn": 1}


def test_even_number_of_answers_gives_the_middle_mean():
    reports = [rep("a"), rep("b")]
    assignments = [s.Assignment(r, "x", date(2026, 3, 2), None) for r in "ab"]
    responses = [s.Response("a", "x", "answer", date(2026, 3, 3)),
                 s.Response("b", "x", "answer", date(2026, 3, 4))]
    (line,) = s.compute(reports, assignments, responses, {}, CAL, TODAY, MARCH)["organizations"]
    assert line["median_days_to_first_answer"] == 1.5
    assert line["in_time_share"] is None  # no due date: nothing to judge


def test_the_period_is_the_routing_date_and_receipt_date():
    reports = [rep("feb", received=date(2026, 2, 27)), rep("mar")]
    assignments = [s.Assignment("feb", "x", date(2026, 2, 27), date(2026, 3, 6)),
                   s.Assignment("mar", "x", date(2026, 3, 2), date(2026, 3, 9))]
    out = s.compute(reports, assignments, [], {}, CAL, TODAY, MARCH)
    assert out["period"] == "2026-03"
    assert out["totals"]["received"] == 1 and out["totals"]["assigned"] == 1
    year = s.compute(reports, assignments, [], {}, CAL, TODAY, s.year_period(2026))
    assert year["period"] == "2026" and year["totals"]["assigned"] == 2


def test_rahasia_reports_are_counted_by_privacy():
    reports = [rep("a", privacy="rahasia"), rep("b", privacy="anonim"), rep("c")]
    out = s.compute(reports, [], [], {}, CAL, TODAY, MARCH)
    assert out["totals"]["by_privacy"] == {"anonim": 1, "public": 1, "rahasia": 1}


def test_verification_share_compares_the_decision_with_its_due_date():
    reports = [rep("a", verify_due=date(2026, 3, 5), verified=date(2026, 3, 4)),
               rep("b", verify_due=date(2026, 3, 5), verified=date(2026, 3, 9)),
               rep("c", status="received", verify_due=date(2026, 3, 5))]
    totals = s.compute(reports, [], [], {}, CAL, TODAY, MARCH)["totals"]
    assert totals["verified"] == 2 and totals["verified_in_time_share"] == 50.0


def test_an_answer_before_the_routing_belongs_to_an_earlier_routing():
    reports = [rep("a", status="routed")]
    assignments = [s.Assignment("a", "x", date(2026, 3, 10), date(2026, 3, 17))]
    responses = [s.Response("a", "x", "answer", date(2026, 3, 3))]
    (line,) = s.compute(reports, assignments, responses, {}, CAL, TODAY, MARCH)["organizations"]
    assert line["answered"] == 0 and line["open"] == 1


def test_monthly_lines_stop_at_the_current_month():
    reports = [rep("a", received=date(2026, 1, 5)),
               rep("b", status="routed", received=date(2026, 3, 2))]
    assignments = [s.Assignment("a", "x", date(2026, 1, 6), date(2026, 1, 13)),
                   s.Assignment("b", "y", date(2026, 3, 2), date(2026, 3, 9))]
    responses = [s.Response("a", "x", "answer", date(2026, 1, 8))]
    months = s.monthly(reports, assignments, responses, {"a": 4}, CAL, date(2026, 3, 20), 2026)
    assert [m["month"] for m in months] == ["2026-01", "2026-02", "2026-03"]
    assert months[0]["answered"] == 1 and months[0]["median_days_to_first_answer"] == 2.0
    assert months[0]["mean_rating"] == 4.0 and months[0]["received"] == 1
    assert months[1]["assigned"] == 0 and months[1]["in_time_share"] is None
    assert months[2]["overdue"] == 1
    only_y = s.monthly(reports, assignments, responses, {}, CAL, date(2026, 3, 20), 2026, "y")
    assert [m["assigned"] for m in only_y] == [0, 0, 1] and "received" not in only_y[0]
    assert len(s.monthly([], [], [], {}, CAL, date(2026, 3, 20), 2025)) == 12
    assert s.monthly([], [], [], {}, CAL, date(2026, 3, 20), 2027) == []


@pytest.mark.parametrize("descending", [False, True])
def test_sort_puts_empty_figures_last(descending):
    lines = [{"organization": "a", "mean_rating": None}, {"organization": "b", "mean_rating": 3},
             {"organization": "c", "mean_rating": 4.5}]
    ordered = s.sort_lines(lines, "mean_rating", {"a": "Alpha"}, descending=descending)
    assert [ln["organization"] for ln in ordered] == (["c", "b", "a"] if descending
                                                      else ["b", "c", "a"])
    by_title = s.sort_lines(lines, "nonsense", {"a": "Zeta"})
    assert [ln["organization"] for ln in by_title] == ["b", "c", "a"]


def test_month_period_knows_leap_years():
    assert s.month_period(2028, 2).end == date(2028, 2, 29)
    assert date(2026, 3, 31) in MARCH and date(2026, 4, 1) not in MARCH
    assert "2026-03-01" not in MARCH


def test_no_clock_runs_while_waiting_for_the_reporter_or_after_another_opd_answered():
    reports = [rep("w", status="awaiting_reporter"), rep("x", status="answered")]
    due = date(2026, 3, 9)
    assignments = [s.Assignment("w", "dinkes", date(2026, 3, 2), due),
                   s.Assignment("x", "dinkes", date(2026, 3, 2), due),
                   s.Assignment("x", "dpu", date(2026, 3, 2), due)]
    responses = [s.Response("x", "dpu", "answer", date(2026, 3, 3))]
    out = s.compute(reports, assignments, responses, {}, CAL, TODAY, MARCH)
    lines = {ln["organization"]: ln for ln in out["organizations"]}
    assert lines["dinkes"]["open"] == 1 and lines["dinkes"]["overdue"] == 0
    assert lines["dinkes"]["answered"] == 0 and lines["dinkes"]["in_time_share"] is None
    assert lines["dpu"]["in_time_share"] == 100.0


def test_the_workday_counter_agrees_with_the_engine():
    counter = s.WorkdayCounter(CAL)
    days = [date(2026, 2, 20) + timedelta(days=i) for i in range(0, 60, 3)]
    for a in days:
        for b in days:
            assert counter.between(a, b) == workdays.working_days_between(CAL, a, b), (a, b)


def test_compute_year_equals_compute_and_monthly():
    reports = [rep("a", received=date(2026, 1, 5)), rep("b", status="routed")]
    assignments = [s.Assignment("a", "x", date(2026, 1, 6), date(2026, 1, 13)),
                   s.Assignment("b", "y", date(2026, 3, 2), date(2026, 3, 9))]
    responses = [s.Response("a", "x", "answer", date(2026, 1, 8))]
    today = date(2026, 3, 20)
    result, months = s.compute_year(reports, assignments, responses, {"a": 4}, CAL, today, 2026)
    assert result == s.compute(reports, assignments, responses, {"a": 4}, CAL, today,
                               s.year_period(2026))
    assert months == s.monthly(reports, assignments, responses, {"a": 4}, CAL, today, 2026)
