"""Read actions of the PPID service (``@tk.side_effect_free``: callable with GET)."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from sqlalchemy.orm import defer

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import textsearch, workdays
from ckanext.pekalongan.ppid import (
    annual_report,
    clock,
    dictization,
    files,
    grounds,
    officer_register,
    register_store,
    roles,
    service_store,
    states,
    store,
    visibility,
)
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic.common import (
    access_or_404,
    check_request_access,
    objection_or_404,
    raise_errors,
    request_or_404,
    screen,
    validate,
)
from ckanext.pekalongan.ppid.model import PpidDocument, PpidObjection, PpidRequest


def _deadline_for_show(req: PpidRequest, on: dt.date) -> dict:
    calendar = calendar_store.current_calendar()
    summary = dictization.deadline_summary(req, on, calendar)
    summary["objection_windows"] = grounds.objection_windows(
        req, on, calendar, clock.days("objection_window")
    )
    # what the objection form offers: open grounds not yet cited against the decision now
    # standing (an overturned decision invites no objection; the new one may be contested)
    from ckanext.pekalongan.ppid.logic.action.create import cited_grounds

    summary["offered_grounds"] = grounds.offered_grounds(
        summary["objection_windows"], cited_grounds(req))
    return summary


@tk.side_effect_free
def ppid_request_show(context: Context, data_dict: DataDict) -> dict:
    """One request in full, for an officer who may see it or for its requester.

    :param ticket: the registration number (or ``id``)
    :param tracking_code: the requester's secret code (not needed by officers)
    :returns: the request (personal data included) plus ``timeline`` (audit
        events, no personal data), ``documents`` (officers: all; requester:
        released responses), ``objections``, ``deadline`` (stored dates, days
        left, urgency, open objection windows) and ``allowed_actions`` (the API
        actions on this request the caller may take now)
    :raises: ObjectNotFound, the same for an unknown ticket and a wrong code
    """
    screen(context, data_dict, ppid_schema.request_show_schema)
    check_request_access("ppid_request_show", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_show_schema)
    raise_errors(errors)
    req = request_or_404(context, data)
    access = access_or_404(context, req, data)
    today = clock.today()
    out = dictization.request_dict(req, access)
    out["access"] = access
    out["timeline"] = [dictization.event_dict(e, access) for e in store.events_of(req)]
    docs = store.documents_of(req)
    if access != visibility.ACCESS_OFFICER:
        docs = [d for d in docs if d.released and d.kind == "response"]
    out["documents"] = [dictization.document_dict(d, req.ticket) for d in docs]
    out["objections"] = [
        dictization.objection_dict(o, req.ticket, today, access) for o in store.objections_of(req)
    ]
    out["deadline"] = _deadline_for_show(req, today)
    out["allowed_actions"] = _allowed_actions(context, req, data, today)
    return out


def _allowed_actions(context: Context, req: PpidRequest, data: dict, today) -> list[str]:
    """The actions on this request the caller may take now: allowed by its state
    (``states.request_actions_allowed``) and by the caller's role (the auth functions), so
    pages show exactly the forms that will be accepted and never decide it themselves."""
    ref = {"ticket": req.ticket}
    if data.get("tracking_code"):
        ref["tracking_code"] = data["tracking_code"]
    allowed = []
    for action in states.request_actions_allowed(
        req.status, bool(req.extended), req.original_due_date, today
    ):
        try:
            tk.check_access(action, {"user": context.get("user"),
                                     "ignore_auth": context.get("ignore_auth", False)}, ref)
        except tk.NotAuthorized:
            continue
        allowed.append(action)
    return allowed


@tk.side_effect_free
def ppid_request_list(context: Context, data_dict: DataDict) -> dict:
    """The officers' queue. PPID Utama, Atasan PPID and sysadmins see every
    request; a PPID Pelaksana only those routed to (or, before routing,
    addressed to) their OPDs. Personal data is masked (NIK ``3326********0001``,
    e-mail ``b***@mail.com``, phone ``0812*****890``; no address).

    :param status: state code(s): received, routed, extended, decided, withdrawn
    :param org: OPD id or name (the OPD holding the request)
    :param channel: channel code(s)
    :param overdue: true = open and past the due date; false = not overdue
    :param closed: false = leave out closed requests (withdrawn, or decided and past the
        objection window with no objection waiting for the Atasan PPID): the officers'
        default queue; true = only those; absent = all
    :param q: text in the ticket or the information requested
    :param received_from: YYYY-MM-DD (inclusive)
    :param received_to: YYYY-MM-DD (inclusive)
    :param sort: ``due_date asc`` (default), ``due_date desc``, ``received_on
        asc|desc``, ``ticket asc|desc``, ``created asc|desc``
    :param limit: default 20, at most 1000
    :param offset: default 0
    :returns: ``{"count": n, "results": [...]}``, each with ``days_left``,
        ``urgency`` (on_time, due_soon, overdue) and ``overdue``
    """
    screen(context, data_dict, ppid_schema.request_list_schema)
    tk.check_access("ppid_request_list", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_list_schema)
    raise_errors(errors)
    who = roles.roles_for(context)
    today = clock.today()
    R = PpidRequest
    handling = sa.func.coalesce(R.routed_org_id, R.target_org_id)
    where = []
    if not (who.sees_all or context.get("ignore_auth")):
        where.append(handling.in_(sorted(who.pelaksana_org_ids)))
    if data.get("status"):
        where.append(R.status.in_(data["status"]))
    if data.get("org"):
        where.append(handling == data["org"])
    if data.get("channel"):
        where.append(R.channel.in_(data["channel"]))
    if "overdue" in data:
        is_overdue = sa.and_(R.status.in_(states.OPEN_STATES), R.due_date < today)
        where.append(is_overdue if data["overdue"] else sa.not_(is_overdue))
    if "closed" in data:
        closed = _closed(R, today)
        where.append(closed if data["closed"] else sa.not_(closed))
    if data.get("q"):
        # ticket or information, any case: search_text is both in lower case, served by the
        # trigram index ppid_request_search_trgm_idx (casework/textsearch.py)
        pattern = sa.func.lower(textsearch.contains_pattern(data["q"]))
        where.append(R.search_text.like(pattern))
    if data.get("received_from"):
        where.append(R.received_on >= data["received_from"])
    if data.get("received_to"):
        where.append(R.received_on <= data["received_to"])
    # every filter and sort has an index (ppid/model.py): the count reads an index, the page
    # walks one in order and stops after `limit` rows
    count = model.Session.query(sa.func.count()).select_from(R).filter(*where).scalar()
    field, direction = data["sort"].split()
    column = getattr(R, field)
    order = column.asc() if direction == "asc" else column.desc()
    rows = (
        model.Session.query(R)
        .options(defer(R.address), defer(R.legal_entity_decree))  # not in a queue row
        .filter(*where)
        .order_by(order, R.ticket.asc())
        .offset(data["offset"])
        .limit(data["limit"])
        .all()
    )
    calendar = calendar_store.current_calendar()
    return {
        "count": count,
        "results": [dictization.masked_request_dict(r, today, calendar) for r in rows],
    }


def _closed(R, today: dt.date):
    """SQL: the request is closed (``officer_register``): withdrawn, or decided on or before
    the last notice date whose objection window has ended, with no objection pending."""
    cutoff = officer_register.closed_decision_cutoff(
        calendar_store.current_calendar(), today, clock.days("objection_window")
    )
    pending = sa.exists().where(
        PpidObjection.request_id == R.id, PpidObjection.status == states.FILED
    )
    return sa.or_(
        R.status == states.WITHDRAWN,
        sa.and_(R.status == states.DECIDED, R.decided_on <= cutoff, sa.not_(pending)),
    )


@tk.side_effect_free
def ppid_request_export(context: Context, data_dict: DataDict) -> dict:
    """The register of requests *with* personal data, for officers (the web UI offers it
    as CSV and XLSX). PPID Utama, Atasan PPID and sysadmins get every request; a PPID
    Pelaksana only those of their own OPDs (routed to it, or addressed to it before
    routing). Never public: the personal data goes only to officers.

    :param year: year of receipt (default: this year)
    :param org: only this OPD (id or name; the OPD holding the request)
    :param status: state code(s)
    :param limit: at most this many rows (default 10000, at most 50000)
    :returns: ``{"year", "count", "columns": [{"key", "label"}], "results": [...]}``; each
        row has the keys of ``columns`` (codes untranslated; dates ISO)
    """
    screen(context, data_dict, ppid_schema.request_export_schema)
    tk.check_access("ppid_request_export", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_export_schema)
    raise_errors(errors)
    who = roles.roles_for(context)
    year = data.get("year") or clock.today().year
    R = PpidRequest
    handling = sa.func.coalesce(R.routed_org_id, R.target_org_id)
    where = [R.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))]
    if not (who.sees_all or context.get("ignore_auth")):
        where.append(handling.in_(sorted(who.pelaksana_org_ids)))
    if data.get("org"):
        where.append(handling == data["org"])
    if data.get("status"):
        where.append(R.status.in_(data["status"]))
    count = model.Session.query(sa.func.count()).select_from(R).filter(*where).scalar()
    rows = (
        model.Session.query(R).filter(*where).order_by(R.received_on, R.ticket)
        .limit(data["limit"]).all()
    )
    titles: dict[str, str] = {}
    return {
        "year": year,
        "count": count,
        "columns": [{"key": k, "label": tk._(label)} for k, label in officer_register.COLUMNS],
        "results": [_export_row(r, titles) for r in rows],
    }


def _export_row(r: PpidRequest, titles: dict[str, str]) -> dict:
    org_id = r.routed_org_id or r.target_org_id
    if org_id and org_id not in titles:
        group = model.Group.get(org_id)
        titles[org_id] = group.title if group is not None else org_id
    return {
        "ticket": r.ticket,
        "received_on": r.received_on.isoformat(),
        "channel": r.channel,
        "requester_type": r.requester_type,
        "name": r.name,
        "nik": r.nik,
        "legal_entity_decree": r.legal_entity_decree,
        "representative_name": r.representative_name,
        "representative_position": r.representative_position,
        "address": r.address,
        "phone": r.phone,
        "email": r.email,
        "information": r.information,
        "purpose": r.purpose,
        "how_to_obtain": list(r.how_to_obtain or []),
        "how_to_receive": r.how_to_receive,
        "opd": titles.get(org_id) if org_id else None,
        "status": r.status,
        "decision": r.decision,
        "exemption_grounds": list(r.exemption_grounds or []),
        "due_date": r.due_date.isoformat(),
        "notice_date": r.decided_on.isoformat() if r.decided_on else None,
        "cost": float(r.cost) if r.cost is not None else None,
        "withdrawn_on": r.withdrawn_at.date().isoformat() if r.withdrawn_at else None,
    }


@tk.side_effect_free
def ppid_document_show(context: Context, data_dict: DataDict) -> dict:
    """Metadata of one document, to download it. Officers who may see the
    request: any document; the requester (tracking code): released response
    documents only.

    :param ticket: registration number (or ``id``) of the request
    :param tracking_code: requester only
    :param document_id: the document
    :returns: the document dict; Python callers (the download view) that set
        ``context["ppid_file_path"] = True`` also get ``file_path``, the
        absolute path of the stored bytes
    """
    screen(context, data_dict, ppid_schema.document_show_schema)
    check_request_access("ppid_document_show", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.document_show_schema)
    raise_errors(errors)
    req = request_or_404(context, data)
    access = access_or_404(context, req, data)
    doc = model.Session.get(PpidDocument, data["document_id"])
    visible = doc is not None and doc.request_id == req.id
    if visible and access != visibility.ACCESS_OFFICER:
        visible = doc.released and doc.kind == "response"
    if not visible:
        raise tk.ObjectNotFound(tk._("Document not found."))
    out = dictization.document_dict(doc, req.ticket)
    if context.get("ppid_file_path"):
        out["file_path"] = files.absolute_path(doc.storage_path)
    return out


@tk.side_effect_free
def ppid_objection_show(context: Context, data_dict: DataDict) -> dict:
    """One objection. Officers who may see its request, or the requester
    with the request's tracking code.

    :param number: objection number (or ``id``)
    :param tracking_code: requester only
    :returns: the objection (``due_date``, ``status``, ``outcome``,
        ``dispute_until``...)
    """
    screen(context, data_dict, ppid_schema.objection_ref_schema)
    try:
        tk.check_access("ppid_objection_show", context, data_dict)
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(
            tk._("No objection matches this number and tracking code.")
        ) from None
    data, errors = validate(context, data_dict, ppid_schema.objection_ref_schema)
    raise_errors(errors)
    obj, req = objection_or_404(context, data)
    access = visibility.access_level(context, req, data)
    if access is None:
        raise tk.ObjectNotFound(tk._("No objection matches this number and tracking code."))
    return dictization.objection_dict(obj, req.ticket, clock.today(), access)


@tk.side_effect_free
def ppid_holiday_list(context: Context, data_dict: DataDict) -> dict:
    """The holiday table (public).

    :param year: only this year (optional)
    :param include_deleted: also deleted rows (sysadmins only)
    :returns: ``{"calendar_version", "count_cuti_bersama_as_working_day",
        "results": [{id, date, name, kind (national|cuti_bersama), active,
        source}]}``
    """
    screen(context, data_dict, ppid_schema.holiday_list_schema)
    tk.check_access("ppid_holiday_list", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.holiday_list_schema)
    raise_errors(errors)
    include_deleted = bool(data.get("include_deleted")) and roles.roles_for(context).sysadmin
    calendar = calendar_store.current_calendar()
    rows = calendar_store.list_holidays(data.get("year"), include_deleted)
    return {
        "calendar_version": calendar.version,
        "count_cuti_bersama_as_working_day": calendar.count_cuti_bersama_as_working_day,
        "results": [dictization.holiday_dict(r) for r in rows],
    }


@tk.side_effect_free
def ppid_deadline_explain(context: Context, data_dict: DataDict) -> dict:
    """Explain a due date day by day (which days counted, which were skipped
    and why), under the stored calendar of a request, or for any start date.

    Either
    :param ticket: a request (officers, or the requester with ``tracking_code``):
        explains its notice due date and, if extended, the extension, with the
        calendar version stored for it
    or (anyone)
    :param start: day 0, YYYY-MM-DD
    :param days: working days to add (1-366)
    :param count_cuti_bersama_as_working_day: policy (default: the setting)
    :returns: ``explanation`` (``workdays.explain(...).to_dict()``: start, n,
        due, calendar_version, days [{date, counted, working_day_number,
        reason {code, name}, note}], uncovered_years), ``both_policies``
        (the due date counting and skipping cuti bersama); for a ticket also
        ``extension`` (or null), ``due_date``, ``latest_due_date``
    """
    screen(context, data_dict, ppid_schema.deadline_explain_schema)
    if data_dict.get("ticket") or data_dict.get("id"):
        check_request_access("ppid_deadline_explain", context, data_dict)
    else:
        tk.check_access("ppid_deadline_explain", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.deadline_explain_schema)
    if data.get("ticket") or data.get("id"):
        raise_errors(errors)
        req = request_or_404(context, data)
        access_or_404(context, req, data)
        calendar = calendar_store.calendar_for(req.calendar_version)
        notice = workdays.explain(calendar, req.received_on, req.notice_days)
        both = workdays.due_under_both_policies(calendar, req.received_on, req.notice_days)
        extension = None
        if req.extended and req.extension_days:
            extension = workdays.explain(
                calendar, req.original_due_date, req.extension_days
            ).to_dict()
        return {
            "ticket": req.ticket,
            "explanation": notice.to_dict(),
            "extension": extension,
            "both_policies": {
                "counting_cuti_bersama": both.counting_cuti_bersama.isoformat(),
                "skipping_cuti_bersama": both.skipping_cuti_bersama.isoformat(),
            },
            "due_date": req.due_date.isoformat(),
            "original_due_date": req.original_due_date.isoformat(),
            "latest_due_date": req.latest_due_date.isoformat(),
            "calendar_version": req.calendar_version,
        }
    for key in ("start", "days"):
        if key not in data and key not in errors:
            errors[key] = [tk._("Missing value")]
    raise_errors(errors)
    calendar = calendar_store.current_calendar(data.get("count_cuti_bersama_as_working_day"))
    both = workdays.due_under_both_policies(calendar, data["start"], data["days"])
    return {
        "explanation": workdays.explain(calendar, data["start"], data["days"]).to_dict(),
        "both_policies": {
            "counting_cuti_bersama": both.counting_cuti_bersama.isoformat(),
            "skipping_cuti_bersama": both.skipping_cuti_bersama.isoformat(),
        },
        "calendar_version": calendar.version,
    }


@tk.side_effect_free
def ppid_register_list(context: Context, data_dict: DataDict) -> dict:
    """The public registers (public; no personal data: the requester is shown
    as ``requester_type`` only).

    :param kind: ``request`` (default) or ``objection`` (the Indonesian ``permohonan`` and
        ``keberatan`` are accepted too)
    :param year: year of receipt (default: this year)
    :param limit: default 100, at most 1000
    :param offset: default 0
    :returns: ``{"kind", "year", "count", "results"}`` (``kind``: request or objection).
        Request rows:
        ticket, received_on, requester_type, information, purpose,
        information_held (null until decided), how_to_obtain, format, medium,
        status, decision, exemption_grounds, notice_date, cost. ``information`` and
        ``purpose`` are the text an officer reviewed (``ppid_request_publish``), null until
        then (``reviewed`` false): the requester's own words are never published unreviewed;
        ``register_status`` is ``pending``, ``decision`` or ``withdrawn``. Objection rows:
        number, filed_on, requester_type, ticket, information, purpose,
        grounds, status, outcome, answer_date, atasan_name, atasan_position,
        requester_response.
    """
    screen(context, data_dict, ppid_schema.register_list_schema)
    tk.check_access("ppid_register_list", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.register_list_schema)
    raise_errors(errors)
    year = data.get("year") or clock.today().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if data["kind"] == states.KIND_REQUEST:
        q = model.Session.query(PpidRequest).filter(PpidRequest.received_on.between(start, end))
        count = q.count()
        rows = (
            q.order_by(PpidRequest.received_on, PpidRequest.ticket)
            .offset(data["offset"])
            .limit(data["limit"])
            .all()
        )
        results = [dictization.register_request_row(r) for r in rows]
    else:
        q = (
            model.Session.query(PpidObjection, PpidRequest)
            .join(PpidRequest, PpidRequest.id == PpidObjection.request_id)
            .filter(PpidObjection.filed_on.between(start, end))
        )
        count = q.count()
        rows = (
            q.order_by(PpidObjection.filed_on, PpidObjection.number)
            .offset(data["offset"])
            .limit(data["limit"])
            .all()
        )
        results = [dictization.register_objection_row(o, r) for o, r in rows]
    return {"kind": data["kind"], "year": year, "count": count, "results": results}


@tk.side_effect_free
def ppid_annual_report(context: Context, data_dict: DataDict) -> dict:
    """Figures of the annual PPID service report (UU 14/2008 Pasal 12;
    Perki 1/2021 Pasal 56), for requests received in ``year`` (public).

    :param year: the report year
    :returns: ``requests`` (received, by_channel, by_status, by_decision,
        pending), ``time_to_fulfil`` per decision (count, average / median /
        max working days from receipt to notice, on_time, late),
        ``refusals_by_ground`` (Pasal 17 code -> count), ``extended``,
        ``objections`` (filed, by_ground, by_outcome, pending, answered_late),
        ``disputes`` (registered at the Komisi Informasi in the year: registered,
        by_status, by_outcome, pending), ``narrative`` (the parts PPID Utama writes:
        ``sections``, ``submitted_on``, ``submission_due``), ``deflection`` (the
        "Sudah tersedia?" counts: opened_sessions, opens, filed_after_opening, deflected)
    """
    screen(context, data_dict, ppid_schema.annual_report_schema)
    tk.check_access("ppid_annual_report", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.annual_report_schema)
    raise_errors(errors)
    year = data["year"]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    reqs = (
        model.Session.query(PpidRequest).filter(PpidRequest.received_on.between(start, end)).all()
    )
    objs = (
        model.Session.query(PpidObjection).filter(PpidObjection.filed_on.between(start, end)).all()
    )

    def working_days(r: PpidRequest) -> int:
        calendar = calendar_store.calendar_for(r.calendar_version)
        return workdays.working_days_between(calendar, r.received_on, r.decided_on)

    out = annual_report.figures(year, reqs, objs, working_days)
    # disputes at the Komisi Informasi, as recorded per request (ppid_dispute_record);
    # the narrative parts PPID Utama writes (ppid_annual_report_update)
    out["disputes"] = service_store.dispute_figures(year)
    out["narrative"] = service_store.narrative(year)
    # the "Sudah tersedia?" figure: anonymous counts of the request form's suggestions
    out["deflection"] = register_store.deflection_figures(year)
    return out
