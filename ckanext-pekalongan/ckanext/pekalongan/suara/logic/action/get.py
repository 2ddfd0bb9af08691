"""Reading reports: ``suara_report_show`` and ``suara_report_list``.

Reports are never indexed in Solr: the board and the queues are SQL queries
on ``suara_report`` (``public_text`` is the only text searched).
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.suara import dictization, records, roles, states
from ckanext.pekalongan.suara.logic import schema
from ckanext.pekalongan.suara.logic.action import _base as b
from ckanext.pekalongan.suara.model import SuaraAssignment, SuaraReport

__all__ = ["suara_report_show", "suara_report_list"]


@tk.side_effect_free
def suara_report_show(context: dict, data_dict: dict) -> dict:
    """One report, as the caller may see it.

    :param number: the report number (``SM-2026-000042``), or ``id``
    :param tracking_code: the reporter's code (the reporter's view)
    :returns: the report with ``view`` (``public``, ``reporter``, ``opd`` or
        ``pengelola``), ``allowed_actions``, ``timeline``, ``responses``,
        ``assignments``, ``verify_due``, ``answer_due``, ``overdue``,
        ``rating``; the reporter's identity and original text only in the
        views that may see them
    :raises: ObjectNotFound, the same for an unknown number, a wrong code and
        a report the caller may not see
    """
    b.screen(context, data_dict, schema.report_show_schema)
    data, errors = b.validate(context, data_dict, schema.report_show_schema)
    b.raise_errors(errors)
    b.count_lookup(data, context.get("client_address"))
    report = b.find_or_404(context, data)
    tk.check_access("suara_report_show", context, data)
    code_ok = bool(data.get("tracking_code")) and records.code_matches(
        report, data.get("tracking_code"))
    if data.get("tracking_code") and not code_ok and not roles.roles_for(context).officer:
        raise records.not_found()
    view = dictization.view_for(roles.roles_for(context), report, code_ok)
    if view is None:
        raise records.not_found()
    return dictization.report_dict(report, view, records.today())


def _words(text: str) -> list[str]:
    """The distinct words of ``q`` (at most 8, longest first)."""
    words = [w for w in text.split() if w]
    return sorted(dict.fromkeys(w.lower() for w in words), key=len, reverse=True)[:8]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _overdue_clause(today):
    return sa.or_(
        sa.and_(SuaraReport.status.in_(states.INTAKE_STATES), SuaraReport.verify_due < today),
        sa.and_(SuaraReport.status == states.ROUTED, SuaraReport.answer_due < today),
    )


@tk.side_effect_free
def suara_report_list(context: dict, data_dict: dict) -> dict:
    """The public board, or an officer's queue.

    :param scope: ``public`` (default: reports not ``rahasia``, verified or
        later, not rejected or withdrawn) or ``queue`` (officers: the
        pengelola every report, an OPD officer those routed to their OPDs)
    :param status: a status code
    :param org: an OPD (id or name) the report is routed to
    :param topic: a topic code
    :param kecamatan: a Kemendagri code
    :param kind: ``aspirasi`` or ``pengaduan``
    :param year: year of receipt
    :param q: words searched in the public text, any of them, reports matching
        more words first (or a report number)
    :param overdue: true: only reports whose running clock has passed its due date
    :param limit: 1..100 (default 20)
    :param offset: default 0
    :returns: ``{"count": n, "results": [...]}``; each result carries no
        personal data and no original text; on the board (``scope=public``)
        each also carries its public ``responses`` and ``timeline``
    """
    b.screen(context, data_dict, schema.report_list_schema)
    data, errors = b.validate(context, data_dict, schema.report_list_schema)
    b.raise_errors(errors)
    tk.check_access("suara_report_list", context, data)
    today = records.today()
    r = roles.roles_for(context)
    q = model.Session.query(SuaraReport)
    if data["scope"] == "public":
        q = q.filter(SuaraReport.privacy != "rahasia",
                     SuaraReport.status.in_(states.PUBLIC_STATES))
    elif not r.manager:
        mine = model.Session.query(SuaraAssignment.report_id).filter(
            SuaraAssignment.org_id.in_(list(r.opd_ids)), SuaraAssignment.active.is_(True))
        q = q.filter(SuaraReport.id.in_(mine))
    if data.get("status"):
        q = q.filter(SuaraReport.status == data["status"])
    if data.get("org"):
        routed = model.Session.query(SuaraAssignment.report_id).filter(
            SuaraAssignment.org_id == data["org"], SuaraAssignment.active.is_(True))
        q = q.filter(SuaraReport.id.in_(routed))
    for key in ("topic", "kecamatan", "kind"):
        if data.get(key):
            q = q.filter(getattr(SuaraReport, key) == data[key])
    if data.get("year"):
        q = q.filter(SuaraReport.year == data["year"])
    rank = None
    if data.get("q"):
        words = _words(data["q"])
        matches = [SuaraReport.public_text.ilike(_like(w), escape="\\") for w in words]
        q = q.filter(sa.or_(SuaraReport.number == data["q"].strip().upper(), *matches))
        rank = sum((sa.case((m, 1), else_=0) for m in matches), sa.literal(0))
    if data.get("overdue") is True:
        q = q.filter(_overdue_clause(today))
    elif data.get("overdue") is False:
        q = q.filter(sa.not_(_overdue_clause(today)))
    count = q.count()
    if data["scope"] == "queue":
        order = (sa.func.coalesce(SuaraReport.answer_due, SuaraReport.verify_due),
                 SuaraReport.number)
    else:
        order = (SuaraReport.received_on.desc(), SuaraReport.number.desc())
    if rank is not None:
        order = (rank.desc(), *order)
    rows = q.order_by(*order).limit(data["limit"]).offset(data["offset"]).all()
    assignments: dict[str, list] = {}
    if rows:
        for a in (model.Session.query(SuaraAssignment)
                  .filter(SuaraAssignment.report_id.in_([x.id for x in rows]),
                          SuaraAssignment.active.is_(True))
                  .order_by(SuaraAssignment.assigned_at)):
            assignments.setdefault(a.report_id, []).append(a)
    orgs = records.org_titles(a.org_id for found in assignments.values() for a in found)
    results = []
    for report in rows:
        item = dictization.summary(report, today, orgs, assignments.get(report.id, []))
        if data["scope"] == "queue":
            item["privacy"] = report.privacy
        results.append(item)
    if data["scope"] == "public":
        dictization.add_public_details(results, orgs)
    return {"count": count, "results": results}
