"""Accountability figures of Suara Masyarakat (issue #18, part 5): per OPD, how quickly and
how well it answers the reports routed to it.

Pure module: no CKAN, no database, no config, no clock. The caller passes plain rows
(:class:`Report`, :class:`Assignment`, :class:`Response`, the ratings by report id), the
working-day :class:`~ckanext.pekalongan.casework.workdays.Calendar`, ``today`` (Asia/Jakarta)
and the period. Every date here is a local (Asia/Jakarta) calendar date.

Definitions (the README and the statistics page say the same in words):

* An **assignment** is one routing of a report to one OPD; it belongs to the period of its
  routing date. A report routed to two OPDs counts once for each.
* Its **first answer** is the earliest response of kind ``answer`` by that OPD on or after the
  routing date (a request for more information from the reporter is not an answer).
* **Days to first answer**: working days from the routing date (day 0) to the first answer,
  :func:`workdays.working_days_between`; answered on the day of routing = 0.
* **Answered in time**: the first answer on or before the answer due date. The **share in
  time** is ``in time / (answered + overdue)``: an open assignment past its due date counts
  against the OPD; open assignments still inside their clock do not count yet.
* **Open**: no answer from that OPD yet while the report is with the OPDs (``routed``, or
  ``awaiting_reporter``: the OPD asked the reporter for more). **Overdue**: open, the answer
  clock runs (``routed``; it stops while the OPD waits for the reporter, as in
  ``clocks.running_clock``) and ``today`` is after the due date. An assignment left
  unanswered by one OPD after another OPD answered (or after the report was closed or
  withdrawn) is neither open nor answered.
* **Mean rating**: the mean of the reporters' ratings (1-5) of the OPD's reports of the period.
* Shares are percent with one decimal, medians and means are rounded to one and two decimals;
  ``None`` when there is nothing to measure.
"""
from __future__ import annotations

import calendar as _cal
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ckanext.pekalongan.casework import workdays

# report states (contract, suara/states.py)
OPEN_STATES = frozenset({"routed", "awaiting_reporter"})
CLOCK_STATES = frozenset({"routed"})
ANSWER = "answer"


@dataclass(frozen=True)
class Report:
    """One report, as far as the figures need it (no text, no identity)."""

    id: str
    status: str
    received: date
    kind: str = ""
    channel: str = ""
    privacy: str = "public"
    verify_due: date | None = None
    verified: date | None = None  # day of the verification decision (accept or reject)


@dataclass(frozen=True)
class Assignment:
    report_id: str
    organization: str
    routed: date
    due: date | None


@dataclass(frozen=True)
class Response:
    report_id: str
    organization: str | None
    kind: str
    created: date


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates: a month or a year."""

    start: date
    end: date

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end == date(
                self.start.year, 12, 31):
            return f"{self.start.year:04d}"
        return f"{self.start.year:04d}-{self.start.month:02d}"


def month_period(year: int, month: int) -> Period:
    last = _cal.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last))


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _median(values: list[int]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def first_answers(responses: Iterable[Response]) -> dict[tuple[str, str], date]:
    """``(report_id, organization) -> date`` of the earliest answer of that OPD."""
    first: dict[tuple[str, str], date] = {}
    for r in responses:
        if r.kind != ANSWER or not r.organization:
            continue
        key = (r.report_id, r.organization)
        if key not in first or r.created < first[key]:
            first[key] = r.created
    return first


@dataclass(frozen=True)
class AssignmentFacts:
    assignment: Assignment
    answered: date | None
    days: int | None
    in_time: bool | None  # None: not answered, or no due date
    open: bool
    overdue: bool


class WorkdayCounter:
    """:func:`workdays.working_days_between` with per-day prefix counts, memoised over the
    span of dates seen: the same answers, in constant time per pair (a year of reports asks
    for tens of thousands of spans)."""

    def __init__(self, cal: workdays.Calendar):
        self.cal = cal
        self.origin: date | None = None
        self.prefix: list[int] = []

    def _cover(self, low: date, high: date) -> None:
        if self.origin is not None and low >= self.origin and (
                (high - self.origin).days < len(self.prefix)):
            return
        if self.origin is not None:
            low = min(low, self.origin)
            high = max(high, self.origin + timedelta(days=len(self.prefix) - 1))
        self.origin, self.prefix, count = low, [0], 0
        d = low
        while d < high:
            d += timedelta(days=1)
            count += self.cal.is_working_day(d)
            self.prefix.append(count)

    def between(self, a: date, b: date) -> int:
        if b < a:
            return -self.between(b, a)
        self._cover(a, b)
        return self.prefix[(b - self.origin).days] - self.prefix[(a - self.origin).days]


def assignment_facts(
    assignment: Assignment,
    report: Report | None,
    answers: Mapping[tuple[str, str], date],
    cal: workdays.Calendar,
    today: date,
    counter: WorkdayCounter | None = None,
) -> AssignmentFacts:
    answered = answers.get((assignment.report_id, assignment.organization))
    if answered is not None and answered < assignment.routed:
        answered = None  # an answer before the routing belongs to an earlier routing
    between = counter.between if counter is not None else (
        lambda a, b: workdays.working_days_between(cal, a, b))
    days = between(assignment.routed, answered) if answered is not None else None
    in_time = (answered <= assignment.due
               if answered is not None and assignment.due is not None else None)
    status = report.status if report is not None else ""
    is_open = answered is None and status in OPEN_STATES
    overdue = (is_open and status in CLOCK_STATES and assignment.due is not None
               and today > assignment.due)
    return AssignmentFacts(assignment, answered, days, in_time, is_open, overdue)


def figures(facts: list[AssignmentFacts], ratings: Mapping[str, int]) -> dict[str, Any]:
    """The accountability line over a set of assignments."""
    answered = [f for f in facts if f.answered is not None]
    judged = [f for f in answered if f.in_time is not None]
    in_time = sum(1 for f in judged if f.in_time)
    overdue = sum(1 for f in facts if f.overdue)
    rated = [int(ratings[rid]) for rid in sorted({f.assignment.report_id for f in facts})
             if ratings.get(rid) is not None]
    return {
        "assigned": len(facts),
        "answered": len(answered),
        "answered_in_time": in_time,
        "answered_late": len(judged) - in_time,
        "open": sum(1 for f in facts if f.open),
        "overdue": overdue,
        "in_time_share": _share(in_time, len(judged) + overdue),
        "median_days_to_first_answer": _median([f.days for f in answered if f.days is not None]),
        "ratings": len(rated),
        "mean_rating": _mean(rated),
    }


def _received_figures(reports: list[Report]) -> dict[str, Any]:
    def count(attr: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in reports:
            key = getattr(r, attr) or ""
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    judged = [r for r in reports if r.verified is not None and r.verify_due is not None]
    return {
        "received": len(reports),
        "by_status": count("status"),
        "by_kind": count("kind"),
        "by_channel": count("channel"),
        "by_privacy": count("privacy"),
        "verified": sum(1 for r in reports if r.verified is not None),
        "verified_in_time_share": _share(
            sum(1 for r in judged if r.verified <= r.verify_due), len(judged)),
    }


def _facts(by_id, assignments, responses, cal, today, period, organization=None):
    answers = first_answers(responses)
    counter = WorkdayCounter(cal)
    return [assignment_facts(a, by_id.get(a.report_id), answers, cal, today, counter)
            for a in assignments
            if a.routed in period and (organization is None or a.organization == organization)]


def _result(by_id, facts, ratings, period, organizations=None) -> dict[str, Any]:
    per_org: dict[str, list[AssignmentFacts]] = {}
    for name in organizations or ():
        per_org.setdefault(name, [])
    for extra in sorted({f.assignment.organization for f in facts} - set(per_org)):
        per_org[extra] = []
    for f in facts:
        per_org[f.assignment.organization].append(f)
    received = [r for r in by_id.values() if r.received in period]
    totals = figures(facts, ratings)
    # a report routed to several OPDs is one report for the regency's rating
    totals.update(_received_figures(received))
    return {
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "totals": totals,
        "organizations": [dict(organization=name, **figures(rows, ratings))
                          for name, rows in per_org.items()],
    }


def _months(by_id, facts, ratings, today, year, organization=None) -> list[dict[str, Any]]:
    last = 12 if year < today.year else (today.month if year == today.year else 0)
    per_month: dict[int, list[AssignmentFacts]] = {m: [] for m in range(1, last + 1)}
    for f in facts:
        a = f.assignment
        if a.routed.year == year and a.routed.month in per_month and (
                organization is None or a.organization == organization):
            per_month[a.routed.month].append(f)
    received: dict[int, int] = {m: 0 for m in per_month}
    for r in by_id.values():
        if r.received.year == year and r.received.month in received:
            received[r.received.month] += 1
    out = []
    for month, rows in per_month.items():
        line = {k: v for k, v in figures(rows, ratings).items() if k != "answered_late"}
        if organization is None:
            line["received"] = received[month]
        out.append({"month": f"{year:04d}-{month:02d}", **line})
    return out


def compute(
    reports: Iterable[Report],
    assignments: Iterable[Assignment],
    responses: Iterable[Response],
    ratings: Mapping[str, int],
    cal: workdays.Calendar,
    today: date,
    period: Period,
    organizations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The figures of ``period``: ``{"period", "totals", "organizations": [...]}``.

    ``organizations`` (names) lists the OPDs to show even without a report (in that order);
    OPDs met in the assignments but not listed are added after them, by name. ``totals`` is
    the regency's line: the same figures over every assignment of the period, plus what
    was received in the period (by the receipt date), by status, kind, channel and privacy,
    and the share verified within the verification clock.
    """
    by_id = {r.id: r for r in reports}
    facts = _facts(by_id, assignments, responses, cal, today, period)
    return _result(by_id, facts, ratings, period, organizations)


def monthly(
    reports: Iterable[Report],
    assignments: Iterable[Assignment],
    responses: Iterable[Response],
    ratings: Mapping[str, int],
    cal: workdays.Calendar,
    today: date,
    year: int,
    organization: str | None = None,
) -> list[dict[str, Any]]:
    """One line per month of ``year`` (up to ``today``'s month in the current year) with the
    regency's figures, or one OPD's with ``organization``: the same figures as
    :func:`compute` for each month, in one pass over the rows."""
    by_id = {r.id: r for r in reports}
    facts = _facts(by_id, assignments, responses, cal, today, year_period(year), organization)
    return _months(by_id, facts, ratings, today, year, organization)


def compute_year(
    reports: Iterable[Report],
    assignments: Iterable[Assignment],
    responses: Iterable[Response],
    ratings: Mapping[str, int],
    cal: workdays.Calendar,
    today: date,
    year: int,
    organization: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """:func:`compute` of the year and its :func:`monthly` lines, from one pass."""
    by_id = {r.id: r for r in reports}
    period = year_period(year)
    facts = _facts(by_id, assignments, responses, cal, today, period)
    return (_result(by_id, facts, ratings, period),
            _months(by_id, facts, ratings, today, year, organization))


SORT_KEYS = ("organization", "assigned", "answered", "open", "overdue", "in_time_share",
             "median_days_to_first_answer", "mean_rating")


def sort_lines(lines: Iterable[Mapping[str, Any]], key: str, titles: Mapping[str, str],
               descending: bool = False) -> list[Mapping[str, Any]]:
    """Lines sorted by a figure (``None`` last) or by the OPD title; ties by title."""
    def title(line: Mapping[str, Any]) -> str:
        return (titles.get(line["organization"]) or line["organization"]).casefold()

    if key == "organization" or key not in SORT_KEYS:
        return sorted(lines, key=title, reverse=descending)
    lines = sorted(lines, key=title)
    present = [ln for ln in lines if ln.get(key) is not None]
    empty = [ln for ln in lines if ln.get(key) is None]
    return sorted(present, key=lambda ln: float(ln[key]), reverse=descending) + empty
