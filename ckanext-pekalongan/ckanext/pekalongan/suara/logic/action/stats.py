"""Accountability actions of Suara Masyarakat: ``suara_stats`` (public figures per OPD)
and ``suara_report_export`` (officers: monthly CSV/XLSX, SP4N-LAPOR! JSON).

The figures are computed by the pure ``suara/stats.py`` from plain rows read here: no text
and no identity is read for ``suara_stats`` (counts only; a ``rahasia`` report is counted,
never listed).
"""
from __future__ import annotations

import base64
import copy
import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.suara import export, stats
from ckanext.pekalongan.suara.logic import auth_stats
from ckanext.pekalongan.suara.model import SuaraAssignment, SuaraReport, SuaraResponse
from ckanext.pekalongan.theme import page_cache

__all__ = ["suara_stats", "suara_report_export"]

JAKARTA = ZoneInfo(workdays.JAKARTA)
MIN_YEAR = 2000
MAX_YEAR = 2100
FORMATS = ("csv", "xlsx", "sp4n")
TABLES = ("opd", "reports")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sp4n": "application/json",
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NUMBER = re.compile(r"^SM-\d{4}-\d{6}$")


# --------------------------------------------------------------------------- validation

def _invalid(field: str, message: str) -> tk.ValidationError:
    return tk.ValidationError({field: [message]})


def _int_in(data: dict, field: str, low: int, high: int) -> int | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _invalid(field, tk._("Harus berupa bilangan bulat."))
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        raise _invalid(field, tk._("Harus berupa bilangan bulat."))
    number = int(text)
    if not low <= number <= high:
        raise _invalid(field, tk._("Harus antara {low} dan {high}.").format(low=low, high=high))
    return number


def _text(data: dict, field: str, max_len: int = 200) -> str | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > max_len or not value.isprintable():
        raise _invalid(field, tk._("Nilai tidak sah."))
    return value.strip() or None


def _flag(data: dict, field: str, default: bool) -> bool:
    value = data.get(field)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "false", "0",
                                                            "no"):
        return value.strip().lower() in ("true", "1", "yes")
    raise _invalid(field, tk._("Harus true atau false."))


def _organization(data: dict) -> model.Group | None:
    name = _text(data, "organization", 100)
    if name is None:
        return None
    group = model.Group.get(name)
    if group is None or not group.is_organization or group.state != "active":
        raise _invalid("organization", tk._("OPD tidak ditemukan."))
    return group


def _today() -> dt.date:
    return workdays.local_date(dt.datetime.now(dt.timezone.utc))


def _bounds(period: stats.Period) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of the local (WIB) start of the period and of the day after its end."""
    start = dt.datetime.combine(period.start, dt.time(), JAKARTA)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), JAKARTA)
    return start, end


def _local(value: dt.datetime | None) -> dt.date | None:
    return workdays.local_date(value) if value is not None else None


def _calendar() -> workdays.Calendar:
    from ckanext.pekalongan.casework import calendar as casework_calendar

    return casework_calendar.current_calendar()


# --------------------------------------------------------------------------- reading rows

def _day(column):
    """The local (WIB) calendar date of a timestamptz column, computed by PostgreSQL."""
    return sa.cast(sa.func.timezone(workdays.JAKARTA, column), sa.Date)


def _rows(period: stats.Period, org_ids: frozenset[str] | None = None):
    """Reports received and assignments routed in the period, the first answers of those
    assignments and the ratings: plain rows for ``stats.compute`` (no text, no identity)."""
    start, end = _bounds(period)
    a = SuaraAssignment
    r = SuaraReport
    q = (model.Session.query(a.report_id, a.org_id, _day(a.assigned_at), a.due,
                             _day(a.first_answer_at), r.status, r.rating)
         .join(r, r.id == a.report_id)
         .filter(a.assigned_at >= start, a.assigned_at < end)
         .filter(sa.or_(a.active.is_(True), a.first_answer_at.isnot(None))))
    if org_ids is not None:
        q = q.filter(a.org_id.in_(list(org_ids)))
    assignments, responses, ratings, statuses = [], [], {}, {}
    for report_id, org_id, routed, due, first_answer, status, rating in q:
        assignments.append(stats.Assignment(report_id, org_id, routed, due))
        if first_answer is not None:
            responses.append(stats.Response(report_id, org_id, stats.ANSWER, first_answer))
        if rating is not None:
            ratings[report_id] = int(rating)
        statuses[report_id] = status
    # answers recorded only as responses (no ``first_answer_at`` on the assignment)
    s = SuaraResponse
    answer_q = (model.Session.query(s.report_id, s.org_id, _day(sa.func.min(s.created)))
                .join(a, sa.and_(a.report_id == s.report_id, a.org_id == s.org_id))
                .filter(s.kind == stats.ANSWER, s.org_id.isnot(None))
                .filter(a.assigned_at >= start, a.assigned_at < end)
                .filter(a.first_answer_at.is_(None))
                .group_by(s.report_id, s.org_id))
    if org_ids is not None:
        answer_q = answer_q.filter(a.org_id.in_(list(org_ids)))
    for report_id, org_id, created in answer_q:
        responses.append(stats.Response(report_id, org_id, stats.ANSWER, created))
    reports = [
        stats.Report(rid, status, received, kind, channel, privacy, verify_due, verified)
        for rid, status, received, kind, channel, privacy, verify_due, verified in
        model.Session.query(r.id, r.status, r.received_on, r.kind, r.channel, r.privacy,
                            r.verify_due, _day(r.verified_at))
        .filter(r.received_on >= period.start, r.received_on <= period.end)
    ]
    known = {rep.id for rep in reports}
    # reports routed in the period but received earlier: their state only
    reports += [stats.Report(id=rid, status=status, received=dt.date.min)
                for rid, status in statuses.items() if rid not in known]
    return reports, assignments, responses, ratings


def _org_titles(org_ids) -> dict[str, tuple[str, str]]:
    ids = list(set(org_ids))
    if not ids:
        return {}
    return {gid: (name, title or name) for gid, name, title in
            model.Session.query(model.Group.id, model.Group.name, model.Group.title)
            .filter(model.Group.id.in_(ids))}


def _named(lines: list[dict], titles: dict[str, tuple[str, str]]) -> list[dict]:
    out = []
    for line in lines:
        name, title = titles.get(line["organization"], (line["organization"], ""))
        out.append(dict(line, id=line["organization"], organization=name,
                        title=title or name))
    return sorted(out, key=lambda ln: ln["title"].casefold())


# --------------------------------------------------------------------------- suara_stats

@tk.side_effect_free
def suara_stats(context, data_dict) -> dict[str, Any]:
    """Accountability figures of Suara Masyarakat per OPD, for a year or one month: reports
    routed to each OPD, answered (in time / late), open and overdue, the share answered in
    time, the median working days to the first answer and the mean rating (1-5); the
    regency's totals (received by status, kind, channel and privacy; share verified in
    time) and, for a year, one line per month. Counts only: no report is listed.

    :param year: the year (default: this year, Asia/Jakarta)
    :type year: int
    :param month: 1-12 (optional: the whole year when omitted)
    :type month: int
    :param organization: name or id of one OPD: only its line and its monthly series
        (optional)
    :type organization: string
    :param months: for a year, also one line per month (default true)
    :type months: bool

    :returns: ``{"year", "month", "period", "start", "end", "today", "totals",
        "organizations": [{"id", "organization", "title", "assigned", "answered",
        "answered_in_time", "answered_late", "open", "overdue", "in_time_share",
        "median_days_to_first_answer", "ratings", "mean_rating"}], "months": [...]}``;
        shares in percent, ``null`` when there is nothing to measure
    :rtype: dictionary
    """
    tk.check_access("suara_stats", context, data_dict)
    data_dict = data_dict or {}
    today = _today()
    year = _int_in(data_dict, "year", MIN_YEAR, MAX_YEAR) or today.year
    month = _int_in(data_dict, "month", 1, 12)
    group = _organization(data_dict)
    with_months = _flag(data_dict, "months", True)
    # the same figures for every visitor (counts only); kept for anonymous visitors while no
    # report, assignment, response, holiday or OPD changes, and for the day (the clocks)
    key = ("suara_stats", year, month, group.id if group is not None else None, with_months,
           today.isoformat())
    out = page_cache.remember(key, lambda: _stats(today, year, month, group, with_months),
                              (page_cache.CATALOGUE, page_cache.SUARA))
    return copy.deepcopy(out)


def _stats(today: dt.date, year: int, month: int | None, group: model.Group | None,
           with_months: bool) -> dict[str, Any]:
    only = frozenset({group.id}) if group is not None else None
    period = stats.month_period(year, month) if month else stats.year_period(year)
    reports, assignments, responses, ratings = _rows(period, None)
    cal = _calendar()
    months = None
    if month:
        result = stats.compute(reports, assignments, responses, ratings, cal, today, period)
    elif with_months:
        result, months = stats.compute_year(reports, assignments, responses, ratings, cal,
                                            today, year, group.id if group is not None else None)
    else:
        result = stats.compute(reports, assignments, responses, ratings, cal, today, period)
    lines = [ln for ln in result["organizations"] if only is None or ln["organization"] in only]
    if group is not None and not lines:
        lines = stats.compute([], [], [], {}, cal, today, period,
                              organizations=[group.id])["organizations"]
    out = {
        "year": year, "month": month, "period": result["period"], "start": result["start"],
        "end": result["end"], "today": today.isoformat(), "totals": result["totals"],
        "organizations": _named(lines, _org_titles(ln["organization"] for ln in lines)),
    }
    if months is not None:
        out["months"] = months
    return out


# --------------------------------------------------------------------------- export

def _month(data: dict) -> stats.Period | None:
    value = data.get("month")
    if value is None or value == "":
        return None
    match = _MONTH.match(value) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12 or not (
            MIN_YEAR <= int(match.group(1)) <= MAX_YEAR):
        raise _invalid("month", tk._("Gunakan format TTTT-BB, misalnya 2026-03."))
    return stats.month_period(int(match.group(1)), int(match.group(2)))


def _report_rows(period: stats.Period | None, number: str | None,
                 org_ids: frozenset[str] | None) -> list[SuaraReport]:
    q = model.Session.query(SuaraReport)
    if number:
        q = q.filter(SuaraReport.number == number)
    else:
        q = q.filter(SuaraReport.received_on >= period.start,
                     SuaraReport.received_on <= period.end)
    if org_ids is not None:
        q = q.filter(SuaraReport.id.in_(
            model.Session.query(SuaraAssignment.report_id)
            .filter(SuaraAssignment.org_id.in_(list(org_ids)))))
    return q.order_by(SuaraReport.number).all()


def _assignments_of(report_ids: list[str]) -> dict[str, list[SuaraAssignment]]:
    out: dict[str, list[SuaraAssignment]] = {}
    if report_ids:
        for a in (model.Session.query(SuaraAssignment)
                  .filter(SuaraAssignment.report_id.in_(report_ids))
                  .order_by(SuaraAssignment.assigned_at)):
            out.setdefault(a.report_id, []).append(a)
    return out


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(JAKARTA).isoformat(timespec="seconds")
    return value.isoformat()


def _labels() -> tuple[Any, Any]:
    from ckanext.pekalongan.suara import vocabulary

    def topic(code):
        try:
            return vocabulary.topic_label(code) if code else None
        except Exception:  # a topic removed from the schema since
            return None

    names = vocabulary.kecamatan_names()
    return topic, names.get


def _export_reports(reports: list[SuaraReport], org_ids: frozenset[str] | None, cal,
                    titles: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    assignments = _assignments_of([r.id for r in reports])
    rows = []
    for r in reports:
        mine = [a for a in assignments.get(r.id, []) if org_ids is None or a.org_id in org_ids]
        firsts = [a.first_answer_at for a in mine if a.first_answer_at is not None]
        first = min(firsts) if firsts else None
        first_local = _local(first)
        routed = _local(r.routed_at) or (_local(mine[0].assigned_at) if mine else None)
        rows.append({
            "number": r.number, "received": _iso(r.received_on), "kind": r.kind,
            "channel": r.channel, "privacy": r.privacy, "topic": r.topic,
            "kecamatan": r.kecamatan, "status": r.status, "verify_due": _iso(r.verify_due),
            "complexity": r.complexity,
            "organizations": [titles.get(a.org_id, (a.org_id, a.org_id))[0] for a in mine],
            "answer_due": _iso(r.answer_due), "first_answer": _iso(first_local),
            "days_to_first_answer": (workdays.working_days_between(cal, routed, first_local)
                                     if routed and first_local else None),
            "in_time": (first_local <= r.answer_due
                        if first_local is not None and r.answer_due is not None else None),
            "rating": r.rating,
        })
    return rows


def _sp4n_rows(reports: list[SuaraReport], titles) -> list[dict[str, Any]]:
    topic_label, kecamatan_name = _labels()
    assignments = _assignments_of([r.id for r in reports])
    responses: dict[str, list[SuaraResponse]] = {}
    if reports:
        for x in (model.Session.query(SuaraResponse)
                  .filter(SuaraResponse.report_id.in_([r.id for r in reports]))
                  .order_by(SuaraResponse.created)):
            responses.setdefault(x.report_id, []).append(x)
    rows = []
    for r in reports:
        anonim = r.privacy == "anonim"
        rows.append({
            "number": r.number, "kind": r.kind, "channel": r.channel, "privacy": r.privacy,
            "topic": r.topic, "topic_label": topic_label(r.topic), "kecamatan": r.kecamatan,
            "kecamatan_label": kecamatan_name(r.kecamatan), "desa": r.desa,
            # an anonim report's identity and original text are never read for the export
            "text": None if anonim else r.text, "public_text": r.public_text,
            "name": None if anonim else r.name, "phone": None if anonim else r.phone,
            "email": None if anonim else r.email,
            "status": r.status, "received": _iso(r.received_on),
            "verify_due": _iso(r.verify_due), "complexity": r.complexity,
            "answer_due": _iso(r.answer_due),
            "assignments": [{"organization": titles.get(a.org_id, (a.org_id, ""))[0],
                             "title": titles.get(a.org_id, ("", a.org_id))[1],
                             "routed": _iso(_local(a.assigned_at)), "due": _iso(a.due),
                             "first_answer": _iso(_local(a.first_answer_at))}
                            for a in assignments.get(r.id, [])],
            # the reporter's own words (added information) stay out of an anonim export
            "responses": [{"created": _iso(x.created),
                           "organization": titles.get(x.org_id, (x.org_id, ""))[0]
                           if x.org_id else None,
                           "kind": x.kind, "text": x.text}
                          for x in responses.get(r.id, [])
                          if not (anonim and x.created_by is None)],
            "rating": r.rating, "rating_comment": r.rating_comment,
        })
    return rows


@tk.side_effect_free
def suara_report_export(context, data_dict) -> dict[str, Any]:
    """Export the reports of a month for officers.

    ``csv``: with ``table=opd`` (default) the month's accountability figures per OPD, with
    ``table=reports`` one line per report (number, dates, codes, OPDs, first answer, days,
    in time, rating: no text and no identity). ``xlsx``: both tables as two sheets.
    ``sp4n``: every report of the month (or the one ``number``) in the structure documented
    in the README for forwarding to SP4N-LAPOR! (pengelola only; an ``anonim`` report
    carries no identity). An OPD officer exports only the reports routed to their OPDs.

    :param month: ``YYYY-MM`` (required unless ``number`` is given with ``sp4n``)
    :type month: string
    :param format: ``csv``, ``xlsx`` or ``sp4n``
    :type format: string
    :param table: ``opd`` or ``reports`` (``csv`` only)
    :type table: string
    :param number: one report's number (``sp4n`` only, optional)
    :type number: string

    :returns: ``{"filename", "mimetype", "encoding", "content"}``: ``encoding`` is ``utf-8``
        (CSV text), ``base64`` (the XLSX bytes) or ``json`` (``content`` is the SP4N-LAPOR!
        document itself)
    :rtype: dictionary
    """
    data_dict = data_dict or {}
    fmt = data_dict.get("format") or "csv"
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise _invalid("format", tk._("Pilih salah satu: csv, xlsx, sp4n."))
    tk.check_access("suara_report_export", context, data_dict)
    table = data_dict.get("table") or "opd"
    if not isinstance(table, str) or table not in TABLES:
        raise _invalid("table", tk._("Pilih salah satu: opd, reports."))
    number = _text(data_dict, "number", 20)
    if number is not None and (fmt != "sp4n" or not _NUMBER.match(number)):
        raise _invalid("number", tk._("Nomor laporan tidak sah (contoh: SM-2026-000042)."))
    period = _month(data_dict)
    if period is None and number is None:
        raise _invalid("month", tk._("Wajib diisi (format TTTT-BB)."))

    who = auth_stats.roles(context)
    org_ids = None if who.manager else who.opd_ids
    cal = _calendar()
    stamp = period.label if period is not None else number
    if fmt == "sp4n":
        reports = _report_rows(period, number, None)
        if number is not None and not reports:
            raise tk.ObjectNotFound(tk._("Laporan tidak ditemukan."))
        titles = _org_titles(a for rs in _assignments_of([r.id for r in reports]).values()
                             for a in (x.org_id for x in rs))
        titles.update(_org_titles(x for (x,) in model.Session.query(SuaraResponse.org_id)
                                  .filter(SuaraResponse.report_id.in_(
                                      [r.id for r in reports]))
                                  .filter(SuaraResponse.org_id.isnot(None)).distinct()))
        document = export.sp4n_document(
            _sp4n_rows(reports, titles),
            generated_at=dt.datetime.now(JAKARTA).isoformat(timespec="seconds"),
            instansi={"nama": tk.config.get("ckanext.pekalongan.site_name")
                      or "Pemerintah Kabupaten Pekalongan",
                      "kode_wilayah": "33.26",
                      "portal": (tk.config.get("ckan.site_url") or "").rstrip("/")},
            periode=period.label if period is not None else None)
        return {"filename": f"suara-sp4n-{stamp}.json", "mimetype": MIMETYPES["sp4n"],
                "encoding": "json", "content": document}

    reports, assignments, responses, ratings = _rows(period, org_ids)
    figures = stats.compute(reports, assignments, responses, ratings, cal, _today(), period)
    titles = _org_titles(ln["organization"] for ln in figures["organizations"])
    lines = _named(figures["organizations"], titles)
    if fmt == "csv" and table == "opd":
        content = export.to_csv(lines, export.OPD_COLUMNS)
        return {"filename": f"suara-opd-{stamp}.csv", "mimetype": MIMETYPES["csv"],
                "encoding": "utf-8", "content": content}
    report_list = _report_rows(period, None, org_ids)
    titles.update(_org_titles(a.org_id for rs in _assignments_of(
        [r.id for r in report_list]).values() for a in rs))
    rows = _export_reports(report_list, org_ids, cal, titles)
    if fmt == "csv":
        return {"filename": f"suara-laporan-{stamp}.csv", "mimetype": MIMETYPES["csv"],
                "encoding": "utf-8", "content": export.to_csv(rows, export.REPORT_COLUMNS)}
    content = export.to_xlsx([("Ringkasan OPD", lines, export.OPD_COLUMNS),
                              ("Laporan", rows, export.REPORT_COLUMNS)])
    return {"filename": f"suara-{stamp}.xlsx", "mimetype": MIMETYPES["xlsx"],
            "encoding": "base64", "content": base64.b64encode(content).decode("ascii")}
