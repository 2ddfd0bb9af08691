"""Working-day (hari kerja, HK) arithmetic shared by every service with a clock
(PPID requests and objections, Suara Masyarakat reports).

Pure functions only: no CKAN, no database, no config. Callers load a
:class:`Calendar` from the editable holiday table, pass the statutory day
counts read from config, and store the dates computed here together with
``Calendar.version`` so that a later calendar edit never silently moves a
stored deadline.

Counting rule (UU 14/2008, DESIGN.md §3): the receipt date is day 0, whatever
kind of day it is; the deadline is the end of the N-th working day after it,
in Asia/Jakarta time. Working days are Monday to Friday minus national
holidays. Cuti bersama (collective leave, SKB 3 Menteri) counts as a working
day unless the calendar says otherwise (``count_cuti_bersama_as_working_day``);
counting it gives the earlier, safer date.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ckanext.pekalongan.text import N_

JAKARTA = "Asia/Jakarta"
ONE_DAY = timedelta(days=1)

HolidayKind = Literal["national", "cuti_bersama"]
KIND_NATIONAL: HolidayKind = "national"
KIND_CUTI_BERSAMA: HolidayKind = "cuti_bersama"
HOLIDAY_KINDS: tuple[str, ...] = (KIND_NATIONAL, KIND_CUTI_BERSAMA)

ReasonCode = Literal["weekend", "national_holiday", "cuti_bersama"]
REASON_WEEKEND: ReasonCode = "weekend"
REASON_NATIONAL_HOLIDAY: ReasonCode = "national_holiday"
REASON_CUTI_BERSAMA: ReasonCode = "cuti_bersama"
REASON_LABELS: Mapping[str, str] = {
    REASON_WEEKEND: N_("Weekend"),
    REASON_NATIONAL_HOLIDAY: N_("National holiday"),
    REASON_CUTI_BERSAMA: N_("Cuti bersama (collective leave)"),
}

Urgency = Literal["on_time", "due_soon", "overdue"]
URGENCY_ON_TIME: Urgency = "on_time"
URGENCY_DUE_SOON: Urgency = "due_soon"
URGENCY_OVERDUE: Urgency = "overdue"

_KIND_ORDER = {KIND_NATIONAL: 0, KIND_CUTI_BERSAMA: 1}


@dataclass(frozen=True, order=True)
class Holiday:
    """One non-working day from the holiday table.

    ``kind`` is ``"national"`` (hari libur nasional) or ``"cuti_bersama"``.
    ``name`` is the official name as seeded (Indonesian); it is data, not a
    msgid.
    """

    date: date
    name: str
    kind: HolidayKind

    def __post_init__(self) -> None:
        if not isinstance(self.date, date) or isinstance(self.date, datetime):
            raise TypeError(f"Holiday.date must be a date, got {self.date!r}")
        if self.kind not in HOLIDAY_KINDS:
            raise ValueError(f"unknown holiday kind {self.kind!r}")
        if not self.name or not self.name.strip():
            raise ValueError("Holiday.name must not be empty")


@dataclass(frozen=True)
class NonWorkingReason:
    """Why a day is not a working day, in a form a UI can translate.

    ``code`` is one of ``REASON_LABELS`` (translate it with that label);
    ``name`` is the holiday's own name, ``None`` for a weekend.
    ``str()`` gives an English fallback for logs.
    """

    code: ReasonCode
    name: str | None = None

    def __str__(self) -> str:
        if self.code == REASON_WEEKEND:
            return "weekend"
        prefix = "national holiday" if self.code == REASON_NATIONAL_HOLIDAY else "cuti bersama"
        return f"{prefix}: {self.name}"


@dataclass(frozen=True)
class Calendar:
    """A versioned set of holidays plus the cuti bersama policy.

    ``holidays`` may be given as any iterable of :class:`Holiday`; it is
    stored as a frozenset. When several rows share a date, a national
    holiday wins over cuti bersama (a national holiday is never a working
    day, whatever the policy).

    A calendar knows nothing about years it has no rows for: dates there are
    treated as Monday-Friday working days. Use :meth:`covers` to detect that.
    """

    version: str
    holidays: frozenset[Holiday] = frozenset()
    count_cuti_bersama_as_working_day: bool = True
    _by_date: Mapping[date, tuple[Holiday, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # the Monday-Friday dates that are not working days under this policy, sorted: counting
    # the working days of a span is then arithmetic plus two bisections (queues count the
    # days left of every row, often across years)
    _closed_weekdays: tuple[date, ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        holidays = self.holidays
        if not isinstance(holidays, frozenset):
            holidays = frozenset(holidays)
            object.__setattr__(self, "holidays", holidays)
        by_date: dict[date, list[Holiday]] = {}
        for h in holidays:
            if not isinstance(h, Holiday):
                raise TypeError(f"expected Holiday, got {h!r}")
            by_date.setdefault(h.date, []).append(h)
        object.__setattr__(
            self,
            "_by_date",
            {
                d: tuple(sorted(hs, key=lambda h: (_KIND_ORDER[h.kind], h.name)))
                for d, hs in by_date.items()
            },
        )
        object.__setattr__(
            self,
            "_closed_weekdays",
            tuple(sorted(d for d in by_date if d.isoweekday() < 6 and not self.is_working_day(d))),
        )

    @property
    def years(self) -> frozenset[int]:
        """Years for which the calendar holds at least one holiday."""
        return frozenset(d.year for d in self._by_date)

    def covers(self, d: date) -> bool:
        """True if the calendar has holiday data for ``d``'s year."""
        return d.year in self.years

    def holidays_on(self, d: date) -> tuple[Holiday, ...]:
        """The holiday rows on ``d`` (national first), whatever the policy."""
        return self._by_date.get(d, ())

    def non_working_reason(self, d: date) -> NonWorkingReason | None:
        """Why ``d`` is not a working day, or ``None`` if it is one.

        Precedence: a national holiday, then cuti bersama (only when the
        policy skips it), then the weekend. So Eid al-Fitr on a Saturday is
        reported as the holiday, which is what a requester wants to read.
        """
        rows = self.holidays_on(d)
        national = [h.name for h in rows if h.kind == KIND_NATIONAL]
        if national:
            return NonWorkingReason(REASON_NATIONAL_HOLIDAY, "; ".join(national))
        if not self.count_cuti_bersama_as_working_day:
            cuti = [h.name for h in rows if h.kind == KIND_CUTI_BERSAMA]
            if cuti:
                return NonWorkingReason(REASON_CUTI_BERSAMA, "; ".join(cuti))
        if d.isoweekday() >= 6:
            return NonWorkingReason(REASON_WEEKEND)
        return None

    def is_working_day(self, d: date) -> bool:
        """Monday-Friday, not a national holiday, and not cuti bersama when
        the policy skips cuti bersama."""
        return self.non_working_reason(d) is None

    def cuti_bersama_counted(self, d: date) -> NonWorkingReason | None:
        """For a working day that is cuti bersama counted by policy, the
        cuti bersama reason (so a UI can say "counted although cuti
        bersama"); otherwise ``None``."""
        if not self.count_cuti_bersama_as_working_day or not self.is_working_day(d):
            return None
        cuti = [h.name for h in self.holidays_on(d) if h.kind == KIND_CUTI_BERSAMA]
        return NonWorkingReason(REASON_CUTI_BERSAMA, "; ".join(cuti)) if cuti else None

    def with_policy(self, count_cuti_bersama_as_working_day: bool) -> Calendar:
        """The same calendar under the other (or same) cuti bersama policy."""
        return dataclasses.replace(
            self, count_cuti_bersama_as_working_day=count_cuti_bersama_as_working_day
        )


def calendar_fingerprint(holidays: Iterable[Holiday]) -> str:
    """A short, order-independent content hash of a holiday set.

    Suitable as (part of) ``Calendar.version``: any added, removed or renamed
    row changes it.
    """
    lines = sorted(f"{h.date.isoformat()}|{h.kind}|{h.name}" for h in holidays)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def check_count(n: int, *, minimum: int, what: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be an int, got {n!r}")
    if n < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {n}")


def add_working_days(calendar: Calendar, start: date, n: int) -> date:
    """The N-th working day after ``start``.

    ``start`` is day 0 and is never counted, even if it is a working day;
    if it is a weekend or holiday the count simply begins after it.
    ``n == 0`` returns ``start`` unchanged (no working days to add).
    Negative ``n`` raises ``ValueError``.
    """
    check_count(n, minimum=0, what="n")
    d = start
    remaining = n
    while remaining:
        d += ONE_DAY
        if calendar.is_working_day(d):
            remaining -= 1
    return d


@dataclass(frozen=True)
class PolicyDueDates:
    """The same deadline under both cuti bersama policies."""

    counting_cuti_bersama: date
    skipping_cuti_bersama: date


def due_under_both_policies(calendar: Calendar, start: date, n: int) -> PolicyDueDates:
    """:func:`add_working_days` under each cuti bersama policy, for display."""
    return PolicyDueDates(
        counting_cuti_bersama=add_working_days(calendar.with_policy(True), start, n),
        skipping_cuti_bersama=add_working_days(calendar.with_policy(False), start, n),
    )


@dataclass(frozen=True)
class ExplainedDay:
    """One calendar day in a deadline explanation.

    ``counted`` days carry their ``working_day_number`` (1..N) and no
    ``reason``; skipped days carry the ``reason`` and no number. ``note`` is
    set on counted days that are cuti bersama (counted by policy).
    """

    date: date
    counted: bool
    working_day_number: int | None
    reason: NonWorkingReason | None
    note: NonWorkingReason | None = None


@dataclass(frozen=True)
class Explanation:
    """Day-by-day account of how a due date was reached."""

    start: date
    n: int
    due: date
    calendar_version: str
    count_cuti_bersama_as_working_day: bool
    start_reason: NonWorkingReason | None
    days: tuple[ExplainedDay, ...]
    uncovered_years: tuple[int, ...]

    @property
    def counted_days(self) -> tuple[ExplainedDay, ...]:
        return tuple(day for day in self.days if day.counted)

    @property
    def skipped_days(self) -> tuple[ExplainedDay, ...]:
        return tuple(day for day in self.days if not day.counted)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (ISO dates, reasons as {code, name})."""

        def reason(r: NonWorkingReason | None) -> dict[str, Any] | None:
            return None if r is None else {"code": r.code, "name": r.name}

        return {
            "start": self.start.isoformat(),
            "n": self.n,
            "due": self.due.isoformat(),
            "calendar_version": self.calendar_version,
            "count_cuti_bersama_as_working_day": self.count_cuti_bersama_as_working_day,
            "start_reason": reason(self.start_reason),
            "uncovered_years": list(self.uncovered_years),
            "days": [
                {
                    "date": day.date.isoformat(),
                    "counted": day.counted,
                    "working_day_number": day.working_day_number,
                    "reason": reason(day.reason),
                    "note": reason(day.note),
                }
                for day in self.days
            ],
        }


def explain(calendar: Calendar, start: date, n: int) -> Explanation:
    """Every calendar day from ``start + 1`` to the due date, counted or
    skipped with its reason. ``days`` is empty when ``n == 0``.

    ``start_reason`` tells whether the receipt day itself was a non-working
    day (it is day 0 either way). ``uncovered_years`` lists years in the span
    for which the calendar has no holiday rows at all: the dates there
    assume no holidays and should be flagged to the officer.
    """
    check_count(n, minimum=0, what="n")
    days: list[ExplainedDay] = []
    d = start
    number = 0
    while number < n:
        d += ONE_DAY
        reason = calendar.non_working_reason(d)
        if reason is None:
            number += 1
            days.append(ExplainedDay(d, True, number, None, calendar.cuti_bersama_counted(d)))
        else:
            days.append(ExplainedDay(d, False, None, reason))
    span_years = range(start.year, d.year + 1)
    return Explanation(
        start=start,
        n=n,
        due=d,
        calendar_version=calendar.version,
        count_cuti_bersama_as_working_day=calendar.count_cuti_bersama_as_working_day,
        start_reason=calendar.non_working_reason(start),
        days=tuple(days),
        uncovered_years=tuple(y for y in span_years if y not in calendar.years),
    )


def working_days_between(calendar: Calendar, a: date, b: date) -> int:
    """Number of working days ``d`` with ``a < d <= b``.

    Zero when ``a == b``. When ``b < a`` the result is the negated count of
    working days in ``(b, a]``, so the function is antisymmetric:
    ``working_days_between(c, a, b) == -working_days_between(c, b, a)``.
    """
    if b < a:
        return -working_days_between(calendar, b, a)
    closed = calendar._closed_weekdays
    return (
        _weekdays_up_to(b) - _weekdays_up_to(a)
        - (bisect.bisect_right(closed, b) - bisect.bisect_right(closed, a))
    )


def _weekdays_up_to(d: date) -> int:
    """Monday-Friday days from 0001-01-01 (a Monday, ordinal 1) to ``d`` inclusive."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def days_left(calendar: Calendar, due: date, today: date) -> int:
    """Working days left before the deadline, as seen on ``today``.

    ``working_days_between(calendar, today, due)``: positive = working days
    after today up to and including the due day; 0 = due today (or, after the
    due date, no working day has passed since); negative = working days
    elapsed since the due date. Do not derive "overdue" from this number
    (a Saturday after a Friday deadline gives 0): use :func:`urgency`.
    """
    return working_days_between(calendar, today, due)


def urgency(calendar: Calendar, due: date, today: date, warn_days: int = 3) -> Urgency:
    """``"overdue"`` once ``today`` is after ``due`` (the deadline is the end
    of the due day); ``"due_soon"`` when at most ``warn_days`` working days
    are left (including on the due day itself); otherwise ``"on_time"``."""
    check_count(warn_days, minimum=0, what="warn_days")
    if today > due:
        return URGENCY_OVERDUE
    if days_left(calendar, due, today) <= warn_days:
        return URGENCY_DUE_SOON
    return URGENCY_ON_TIME


def local_date(dt: datetime, tz: str = JAKARTA) -> date:
    """The calendar date of an aware datetime in ``tz`` (Asia/Jakarta).

    Naive datetimes are refused (``ValueError``): guessing their zone is how
    a request received at 00:30 WIB ends up dated the previous day.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("local_date() needs a timezone-aware datetime")
    return dt.astimezone(ZoneInfo(tz)).date()
