"""Actions of the PPID service (CKAN Action API, ``/api/3/action/<name>``).

Every action follows the same order: ``tk.check_access`` -> navl schema ->
``tk.ValidationError`` -> domain rules (``states.py``, ``workdays.py``) ->
one transaction (rolled back on any error) -> a plain dict. Every state change
appends a ``ppid_event`` row in that same transaction.

Errors:

* ``tk.ValidationError`` (HTTP 409) with field-level messages, e.g.
  ``{"nik": ["A NIK has exactly 16 digits."]}``; a refused state change is
  reported under ``"status"``; the anonymous rate limit under ``"rate_limit"``.
  Parameters of the wrong shape (a list or a number where text is expected,
  NUL and other control or invisible characters) are refused first, before
  the auth function looks anything up (``validators.screen``).
* ``tk.NotAuthorized`` (403) when a role may not do something.
* ``tk.ObjectNotFound`` (404) when a ticket is unknown *or* the tracking code
  is wrong: both give the very same message, so nobody can probe.

Personal data (NIK, name, address, phone, e-mail) never reaches the audit
trail, the logs or an error message.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.casework.model import CalendarHoliday
from ckanext.pekalongan.ppid import (
    deadlines,
    files,
    notify,
    ratelimit,
    records,
    roles,
    security,
    states,
)
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic import validators as v
from ckanext.pekalongan.ppid.model import (
    PpidDocument,
    PpidObjection,
    PpidRequest,
)

log = logging.getLogger(__name__)
Context = dict
DataDict = dict


# --- helpers (private: not actions) ---------------------------------------------------


@contextlib.contextmanager
def _transaction(context: Context, stored_files: list[str] | None = None):
    """Commit at the end (unless ``defer_commit``); roll back, and remove any
    file written, on any error."""
    try:
        yield
        if not context.get("defer_commit"):
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        for relative in stored_files or ():
            files.discard(relative)
        raise


def _screen(context: Context, data_dict: DataDict, default_schema) -> None:
    """Refuse parameters of the wrong shape before anything else runs (the
    auth functions look the request up by the raw ``ticket``/``id``). The
    answer lists the other fields' errors too, so a form shows them all."""
    schema = context.get("schema") or default_schema()
    errors = v.screen(data_dict, schema)
    if errors:
        _data, others = _validate(context, data_dict, default_schema)
        _raise({**others, **errors})


def _receipt_date_errors(received: dt.date, today: dt.date) -> list[str]:
    problem = states.receipt_date_problem(received, today, records.service_start())
    if problem == states.RECEIPT_IN_FUTURE:
        return [tk._("The receipt date cannot be in the future.")]
    if problem == states.RECEIPT_BEFORE_SERVICE:
        return [
            tk._("The receipt date cannot be before the PPID service started (%(date)s).")
            % {"date": records.service_start().isoformat()}
        ]
    return []


def _validate(context: Context, data_dict: DataDict, default_schema) -> tuple[dict, dict]:
    schema = context.get("schema") or default_schema()
    data, errors = tk.navl_validate(data_dict, schema, context)
    return data, {k: v for k, v in errors.items() if v}


def _raise(errors: dict) -> None:
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise tk.ValidationError(errors)


def _add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _translated(errors: states.Errors) -> dict[str, list[str]]:
    return {k: [tk._(m) for m in msgs] for k, msgs in errors.items()}


def _transition(kind: str, from_state: str, action: str) -> str:
    try:
        return states.next_state(kind, from_state, action)
    except states.TransitionError as e:
        raise tk.ValidationError({"status": [tk._(e.message_key)]}) from None


def _check_request_access(
    action: str, context: Context, data_dict: DataDict, officer_refusal: bool = False
) -> None:
    """For actions the requester may call with a tracking code, an auth
    failure is the one not-found answer (unknown ticket or wrong code alike).
    With ``officer_refusal``, an officer without a code who lacks the right
    on an existing request gets NotAuthorized instead."""
    ratelimit.count_lookup(data_dict)
    try:
        tk.check_access(action, context, data_dict)
    except tk.NotAuthorized:
        if (
            officer_refusal
            and roles.roles_for(context).officer
            and not data_dict.get("tracking_code")
            and records.find_request(data_dict) is not None
        ):
            raise
        raise records.not_found() from None


def _request_or_404(context: Context, data: dict, for_update: bool = False) -> PpidRequest:
    req = records.find_request(data, for_update=False)
    if req is None:
        security.verify_code(data.get("tracking_code"), None)  # same cost as a real lookup
        raise records.not_found()
    if for_update:
        req = (
            model.Session.query(PpidRequest)
            .filter_by(id=req.id)
            .with_for_update()
            .populate_existing()
            .one()
        )
    return req


def _access_or_404(context: Context, req: PpidRequest, data: dict) -> str:
    access = records.access_level(context, req, data)
    if access is None:
        raise records.not_found()
    return access


def _officer_request(context: Context, data: dict) -> PpidRequest:
    """The request, locked for update, for an officer action."""
    return _request_or_404(context, data, for_update=True)


def _receipt_reply(req: PpidRequest, calendar: workdays.Calendar) -> dict:
    window = records.days("objection_window")
    return {
        "id": req.id,
        "ticket": req.ticket,
        "status": req.status,
        "channel": req.channel,
        "received_at": req.received_at.isoformat(),
        "due_date": req.due_date.isoformat(),
        "original_due_date": req.original_due_date.isoformat(),
        "latest_due_date": req.latest_due_date.isoformat(),
        "notice_days": req.notice_days,
        "extension_days": records.days("extension"),
        "calendar_version": req.calendar_version,
        "count_cuti_bersama_as_working_day": bool(req.count_cuti_bersama),
        "objection_window": {
            "ground": states.GROUND_NOT_ANSWERED,
            "days": window,
            "from": (req.due_date + workdays.ONE_DAY).isoformat(),
            "until": deadlines.objection_window_end(calendar, req.due_date, window).isoformat(),
        },
    }


def _deadline_for_show(req: PpidRequest, on: dt.date) -> dict:
    calendar = calendar_store.current_calendar()
    summary = records.deadline_summary(req, on, calendar)
    summary["objection_windows"] = records.objection_windows(req, on, calendar)
    return summary


# --- requests -------------------------------------------------------------------------


def ppid_request_create(context: Context, data_dict: DataDict) -> dict:
    """File a request for public information (permohonan informasi publik).

    Anyone may file; officers register walk-in, letter, phone and e-mail
    requests with their real receipt date.

    :param requester_type: ``person`` or ``legal_entity``
    :param name: the requester's (or legal entity's) name
    :param nik: 16-digit NIK (required for a person; spaces, dots, dashes ignored)
    :param legal_entity_decree: deed/decree number (required for a legal entity)
    :param address: postal address
    :param phone: phone number (phone and/or e-mail required)
    :param email: e-mail address (a receipt is sent to it)
    :param information: the information requested
    :param purpose: purpose of use
    :param how_to_obtain: list (or comma-separated string) of codes: melihat,
        membaca, mendengarkan, mencatat, salinan_softcopy, salinan_hardcopy
    :param how_to_receive: ambil_langsung, kurir, pos, faksimili or email
    :param target_org: id or name of the OPD the requester addresses (optional)
    :param power_of_attorney: optional upload (multipart file; types and size
        from ``upload_types`` / ``upload_max_mb``)
    :param website: honeypot, must be empty (hidden in the form)
    :param received_at: officers only: receipt date YYYY-MM-DD, not in the
        future nor before the service started (``service_start``; default
        today in Asia/Jakarta)
    :param channel: officers only: web, walk_in, letter, phone, email, sms
        (default web)
    :returns: ``id``, ``ticket``, ``tracking_code`` (the only time it is
        returned: only its hash is stored), ``status``, ``received_at``,
        ``due_date``, ``original_due_date``, ``latest_due_date`` (the latest
        possible date if extended), ``objection_window``, the calendar used
        and ``email_queued`` (the receipt e-mail is queued for the mail worker)
    :raises: ValidationError (field errors; ``rate_limit`` when one client
        address filed too many requests: HTTP 429 with Retry-After)
    """
    _screen(context, data_dict, ppid_schema.request_create_schema)
    tk.check_access("ppid_request_create", context, data_dict)
    officer = roles.roles_for(context).officer
    if not officer:
        ratelimit.check(ratelimit.FILING)

    data, errors = _validate(context, data_dict, ppid_schema.request_create_schema)
    if "website" in errors:
        # The hidden field was filled in: a robot. Store nothing, and take no
        # place from the citizens who may share its address.
        raise tk.ValidationError({"website": errors["website"]})

    requester_type = data.get("requester_type")
    if "requester_type" not in errors:
        nik = data.get("nik")
        for key, msgs in _translated(
            states.validate_requester(requester_type, nik, data.get("legal_entity_decree"))
        ).items():
            errors.setdefault(key, []).extend(msgs)
        if requester_type == states.LEGAL_ENTITY and nik and "nik" not in errors:
            errors.update(_translated({"nik": states.validate_nik(nik)}))
    if not data.get("phone") and not data.get("email"):
        message = tk._("Give a phone number or an e-mail address (or both).")
        if "phone" not in errors and "email" not in errors:
            errors["phone"] = [message]
            errors["email"] = [message]

    today = records.today()
    received = today
    channel = "web"
    if officer:
        received = data.get("received_at") or today
        channel = data.get("channel") or "web"
        if isinstance(received, dt.date):
            for message in _receipt_date_errors(received, today):
                _add(errors, "received_at", message)
    _raise(errors)

    if not officer:
        ratelimit.consume(ratelimit.FILING)  # atomic: a burst cannot overshoot
    calendar = calendar_store.current_calendar()
    notice_days = records.days("notice")
    due = deadlines.notice_due(calendar, received, notice_days)
    latest = deadlines.extended_due(calendar, due, records.days("extension"))
    code = security.new_tracking_code()
    actor = context.get("user") if officer else records.ACTOR_REQUESTER
    user_id = roles.user_id(context)
    stored: list[str] = []
    with _transaction(context, stored):
        calendar_store.record_version(calendar)
        req = PpidRequest(
            id=str(uuid.uuid4()),
            ticket=records.new_ticket(received),
            tracking_code_hash=security.hash_code(code),
            status=states.RECEIVED,
            channel=channel,
            received_at=received,
            created=records.now(),
            created_by=user_id,
            requester_type=requester_type,
            name=data["name"],
            nik=data.get("nik") or None,
            legal_entity_decree=(
                data.get("legal_entity_decree") if requester_type == states.LEGAL_ENTITY else None
            ),
            address=data["address"],
            phone=data.get("phone") or None,
            email=data.get("email") or None,
            information=data["information"],
            purpose=data["purpose"],
            how_to_obtain=data["how_to_obtain"],
            how_to_receive=data["how_to_receive"],
            target_org_id=data.get("target_org"),
            due_date=due,
            original_due_date=due,
            latest_due_date=latest,
            notice_days=notice_days,
            calendar_version=calendar.version,
            count_cuti_bersama=calendar.count_cuti_bersama_as_working_day,
            extended=False,
            exemption_grounds=[],
            objection_grounds_arisen={},
        )
        model.Session.add(req)
        model.Session.flush()  # rows that refer to it are inserted after it
        upload = data.get("power_of_attorney")
        if upload:
            doc = _store_document(req, upload, "power_of_attorney", False, user_id, stored)
            req.power_of_attorney = doc.id
        records.add_event(
            "create",
            actor,
            request=req,
            to_state=states.RECEIVED,
            data={
                "channel": channel,
                "received_at": received,
                "due_date": due,
                "latest_due_date": latest,
                "notice_days": notice_days,
                "calendar_version": calendar.version,
                "requester_type": requester_type,
                "target_org_id": req.target_org_id,
                "power_of_attorney": bool(upload),
            },
        )
        model.Session.flush()
    reply = _receipt_reply(req, calendar)
    reply["tracking_code"] = code
    reply["email_queued"] = False
    if not context.get("defer_commit"):
        reply["email_queued"] = notify.queue_receipt(req)
    return reply


def _store_document(
    req: PpidRequest,
    upload: files.Upload,
    kind: str,
    released: bool,
    user_id: str | None,
    stored: list[str],
) -> PpidDocument:
    doc_id = str(uuid.uuid4())
    relative = files.store(upload, req.id, doc_id)
    stored.append(relative)
    doc = PpidDocument(
        id=doc_id,
        request_id=req.id,
        kind=kind,
        filename=upload.filename,
        storage_path=relative,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        created=records.now(),
        created_by=user_id,
        released=released,
    )
    model.Session.add(doc)
    return doc


@tk.side_effect_free
def ppid_request_show(context: Context, data_dict: DataDict) -> dict:
    """One request in full, for an officer who may see it or for its requester.

    :param ticket: the registration number (or ``id``)
    :param tracking_code: the requester's secret code (not needed by officers)
    :returns: the request (personal data included) plus ``timeline`` (audit
        events, no personal data), ``documents`` (officers: all; requester:
        released responses), ``objections``, ``deadline`` (stored dates, days
        left, urgency, open objection windows)
    :raises: ObjectNotFound, the same for an unknown ticket and a wrong code
    """
    _screen(context, data_dict, ppid_schema.request_show_schema)
    _check_request_access("ppid_request_show", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_show_schema)
    _raise(errors)
    req = _request_or_404(context, data)
    access = _access_or_404(context, req, data)
    today = records.today()
    out = records.request_dict(req, access)
    out["access"] = access
    out["timeline"] = [records.event_dict(e, access) for e in records.events_of(req)]
    docs = records.documents_of(req)
    if access != records.ACCESS_OFFICER:
        docs = [d for d in docs if d.released and d.kind == "response"]
    out["documents"] = [records.document_dict(d, req.ticket) for d in docs]
    out["objections"] = [
        records.objection_dict(o, req.ticket, today, access) for o in records.objections_of(req)
    ]
    out["deadline"] = _deadline_for_show(req, today)
    return out


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
    :param q: text in the ticket or the information requested
    :param received_from: YYYY-MM-DD (inclusive)
    :param received_to: YYYY-MM-DD (inclusive)
    :param sort: ``due_date asc`` (default), ``due_date desc``, ``received_at
        asc|desc``, ``ticket asc|desc``, ``created asc|desc``
    :param limit: default 20, at most 1000
    :param offset: default 0
    :returns: ``{"count": n, "results": [...]}``, each with ``days_left``,
        ``urgency`` (on_time, due_soon, overdue) and ``overdue``
    """
    _screen(context, data_dict, ppid_schema.request_list_schema)
    tk.check_access("ppid_request_list", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_list_schema)
    _raise(errors)
    who = roles.roles_for(context)
    today = records.today()
    R = PpidRequest
    handling = sa.func.coalesce(R.routed_org_id, R.target_org_id)
    q = model.Session.query(R)
    if not (who.sees_all or context.get("ignore_auth")):
        q = q.filter(handling.in_(sorted(who.pelaksana_org_ids)))
    if data.get("status"):
        q = q.filter(R.status.in_(data["status"]))
    if data.get("org"):
        q = q.filter(handling == data["org"])
    if data.get("channel"):
        q = q.filter(R.channel.in_(data["channel"]))
    if "overdue" in data:
        is_overdue = sa.and_(R.status.in_(records.OPEN_STATES), R.due_date < today)
        q = q.filter(is_overdue if data["overdue"] else sa.not_(is_overdue))
    if data.get("q"):
        escaped = data["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        q = q.filter(sa.or_(R.ticket.ilike(pattern), R.information.ilike(pattern)))
    if data.get("received_from"):
        q = q.filter(R.received_at >= data["received_from"])
    if data.get("received_to"):
        q = q.filter(R.received_at <= data["received_to"])
    count = q.order_by(None).count()
    field, direction = data["sort"].split()
    column = getattr(R, field)
    order = column.asc() if direction == "asc" else column.desc()
    rows = q.order_by(order, R.ticket.asc()).offset(data["offset"]).limit(data["limit"]).all()
    calendar = calendar_store.current_calendar()
    return {
        "count": count,
        "results": [records.masked_request_dict(r, today, calendar) for r in rows],
    }


def ppid_request_route(context: Context, data_dict: DataDict) -> dict:
    """Route (forward) a request to the PPID Pelaksana of an OPD. PPID Utama
    only. The clock is unchanged (an extended request stays extended).

    :param ticket: registration number (or ``id``)
    :param org: id or name of the OPD organization
    :returns: the request (as ``ppid_request_show`` for an officer, without
        timeline)
    """
    _screen(context, data_dict, ppid_schema.request_route_schema)
    tk.check_access("ppid_request_route", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_route_schema)
    _raise(errors)
    with _transaction(context):
        req = _officer_request(context, data)
        to_state = _transition(states.KIND_REQUEST, req.status, states.ACTION_ROUTE)
        if req.routed_org_id == data["org"]:
            raise tk.ValidationError({"org": [tk._("The request is already routed to this OPD.")]})
        previous, from_state = req.routed_org_id, req.status
        req.routed_org_id = data["org"]
        req.status = to_state
        records.add_event(
            "route",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={"org_id": data["org"], "previous_org_id": previous},
        )
    return records.request_dict(req, records.ACCESS_OFFICER)


def ppid_request_extend(context: Context, data_dict: DataDict) -> dict:
    """Extend the deadline once, by ``extension_days`` working days counted
    from the *original* due date with the calendar stored for the request
    (Pasal 22(8)). Only before the original due date has passed. PPID Utama or
    the Pelaksana of the routed OPD.

    :param ticket: registration number (or ``id``)
    :param reason: the written reasons (required)
    :returns: the request; ``due_date`` is now the extended date
    :raises: ValidationError ``status`` for a second extension or a closed
        request, ``reason`` when missing
    """
    _screen(context, data_dict, ppid_schema.request_extend_schema)
    tk.check_access("ppid_request_extend", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_extend_schema)
    _raise(errors)
    today = records.today()
    with _transaction(context):
        req = _officer_request(context, data)
        to_state = _transition(states.KIND_REQUEST, req.status, states.ACTION_EXTEND)
        if today > req.original_due_date:
            raise tk.ValidationError(
                {"status": [tk._("The deadline has passed: it can no longer be extended.")]}
            )
        calendar = calendar_store.calendar_for(req.calendar_version)
        extension_days = records.days("extension")
        new_due = deadlines.extended_due(calendar, req.original_due_date, extension_days)
        from_state = req.status
        req.status = to_state
        req.extended = True
        req.extension_days = extension_days
        req.extension_reason = data["reason"]
        req.extended_at = records.now()
        req.extended_by = roles.user_id(context)
        req.due_date = new_due
        req.latest_due_date = new_due
        records.add_event(
            "extend",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={
                "original_due_date": req.original_due_date,
                "due_date": new_due,
                "extension_days": extension_days,
                "calendar_version": req.calendar_version,
            },
        )
    return records.request_dict(req, records.ACCESS_OFFICER)


def ppid_request_decide(context: Context, data_dict: DataDict) -> dict:
    """Give the written notice (pemberitahuan tertulis, Pasal 22(7) a-g).
    PPID Utama or the Pelaksana of the routed OPD.

    :param ticket: registration number (or ``id``)
    :param decision: granted, partly_granted, refused or not_held
    :param exemption_grounds: Pasal 17 codes ``17a``..``17j`` (required for
        refused and partly_granted, refused otherwise)
    :param consequence_test_ref: reference of the consequence test (required
        for refused and partly_granted)
    :param holding_body: the body that holds the information (not_held), or
    :param holding_body_unknown: true when that body is unknown
    :param info_given: what is given (required for granted and partly_granted)
    :param blacked_out: what is blacked out; then ``blackout_reason`` is required
    :param blackout_reason: why
    :param format: format of the information (e.g. PDF)
    :param medium: medium (e.g. e-mail, CD, paper)
    :param cost: cost in rupiah (default 0); when > 0 ``payment_method`` is required
    :param payment_method: how to pay
    :param notes: other notes
    :returns: the request. A decision after the due date records the
        automatic objection grounds 35(1)c and 35(1)g.
    """
    _screen(context, data_dict, ppid_schema.request_decide_schema)
    tk.check_access("ppid_request_decide", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_decide_schema)
    decision = data.get("decision")
    if "decision" not in errors:
        for key, msgs in _translated(
            states.validate_decision(
                decision,
                data.get("exemption_grounds") or [],
                data.get("consequence_test_ref"),
                data.get("holding_body"),
                bool(data.get("holding_body_unknown")),
            )
        ).items():
            errors.setdefault(key, []).extend(msgs)
        if decision in (states.GRANTED, states.PARTLY_GRANTED) and not data.get("info_given"):
            _add(errors, "info_given", tk._("Say what information is given."))
    if data.get("blacked_out") and not data.get("blackout_reason"):
        _add(errors, "blackout_reason", tk._("Give the reason for blacking out."))
    if data.get("cost") and not data.get("payment_method"):
        _add(errors, "payment_method", tk._("Say how the cost is to be paid."))
    _raise(errors)
    today = records.today()
    with _transaction(context):
        req = _officer_request(context, data)
        to_state = _transition(states.KIND_REQUEST, req.status, states.ACTION_DECIDE)
        from_state = req.status
        withholding = decision in states.WITHHOLDING_DECISIONS
        req.status = to_state
        req.decision = decision
        req.exemption_grounds = list(data.get("exemption_grounds") or []) if withholding else []
        req.consequence_test_ref = data.get("consequence_test_ref") if withholding else None
        req.holding_body = data.get("holding_body") if decision == states.NOT_HELD else None
        req.holding_body_unknown = bool(
            data.get("holding_body_unknown") and decision == states.NOT_HELD
        )
        for field in (
            "info_given", "blacked_out", "blackout_reason", "format", "medium",
            "payment_method", "notes",
        ):
            setattr(req, field, data.get(field) or None)
        req.cost = data.get("cost") or 0
        req.decided_at = records.now()
        req.decided_on = today
        req.decided_by = roles.user_id(context)
        late = today > req.due_date
        records.add_event(
            "decide",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={
                "decision": decision,
                "exemption_grounds": req.exemption_grounds,
                "decided_on": today,
                "due_date": req.due_date,
                "late": late,
            },
        )
        if late:
            records.record_ground(
                req, states.GROUND_NOT_ANSWERED, req.due_date, records.ACTOR_SYSTEM
            )
            records.record_ground(req, states.GROUND_DELIVERED_LATE, today, records.ACTOR_SYSTEM)
    if not context.get("defer_commit"):
        notify.queue_decided(req)
    return records.request_dict(req, records.ACCESS_OFFICER)


def ppid_request_correct_receipt(context: Context, data_dict: DataDict) -> dict:
    """Correct a wrong receipt date (PPID Utama and sysadmins), while the
    request is open. The due dates are computed again from the corrected
    date with the calendar in force now (an extended request keeps its
    extension, counted from the new original due date); the ticket number
    does not change. An audit event records the old and new dates, the
    reason and who corrected it.

    :param ticket: registration number (or ``id``)
    :param received_at: the right receipt date, YYYY-MM-DD (not in the
        future, not before the service started)
    :param reason: why the date is corrected (required)
    :returns: the request (as ``ppid_request_show`` for an officer, without
        timeline)
    :raises: ValidationError ``received_at``, ``reason``, or ``status`` for
        a decided or withdrawn request
    """
    _screen(context, data_dict, ppid_schema.request_correct_receipt_schema)
    tk.check_access("ppid_request_correct_receipt", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.request_correct_receipt_schema)
    received = data.get("received_at")
    if "received_at" not in errors and isinstance(received, dt.date):
        for message in _receipt_date_errors(received, records.today()):
            _add(errors, "received_at", message)
    _raise(errors)
    with _transaction(context):
        req = _officer_request(context, data)
        if req.status not in records.OPEN_STATES:
            raise tk.ValidationError({"status": [
                tk._("The receipt date can only be corrected while the request is open.")
            ]})
        if received == req.received_at:
            raise tk.ValidationError({"received_at": [tk._("This is already the receipt date.")]})
        calendar = calendar_store.current_calendar()
        calendar_store.record_version(calendar)
        before = {
            "received_at": req.received_at,
            "due_date": req.due_date,
            "original_due_date": req.original_due_date,
            "latest_due_date": req.latest_due_date,
            "calendar_version": req.calendar_version,
        }
        original = deadlines.notice_due(calendar, received, req.notice_days)
        extension_days = req.extension_days if req.extended else records.days("extension")
        latest = deadlines.extended_due(calendar, original, extension_days)
        req.received_at = received
        req.original_due_date = original
        req.latest_due_date = latest
        req.due_date = latest if req.extended else original
        req.calendar_version = calendar.version
        req.count_cuti_bersama = calendar.count_cuti_bersama_as_working_day
        records.add_event(
            "receipt_correct",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            from_state=req.status,
            to_state=req.status,
            data={
                **{f"old_{k}": value for k, value in before.items()},
                "received_at": received,
                "due_date": req.due_date,
                "original_due_date": original,
                "latest_due_date": latest,
                "calendar_version": calendar.version,
                "reason": data["reason"],
            },
        )
    return records.request_dict(req, records.ACCESS_OFFICER)


def ppid_request_withdraw(context: Context, data_dict: DataDict) -> dict:
    """Withdraw an open request: by the requester (with the tracking code) or
    by PPID Utama / the routed Pelaksana on the requester's behalf.

    :param ticket: registration number (or ``id``)
    :param tracking_code: the requester's code (requester only)
    :param reason: why (required)
    :returns: the request
    """
    _screen(context, data_dict, ppid_schema.request_withdraw_schema)
    _check_request_access("ppid_request_withdraw", context, data_dict, officer_refusal=True)
    data, errors = _validate(context, data_dict, ppid_schema.request_withdraw_schema)
    _raise(errors)
    with _transaction(context):
        req = _request_or_404(context, data, for_update=True)
        who = roles.roles_for(context)
        if context.get("ignore_auth") or who.can_handle(req):
            access = records.ACCESS_OFFICER
        else:
            access = _access_or_404(context, req, data)
            if access == records.ACCESS_OFFICER:  # may see, but not act
                raise tk.NotAuthorized(tk._("Only PPID Utama or the PPID of the routed OPD."))
        to_state = _transition(states.KIND_REQUEST, req.status, states.ACTION_WITHDRAW)
        from_state = req.status
        req.status = to_state
        req.withdrawn_at = records.now()
        req.withdraw_reason = data["reason"]
        req.withdrawn_by = (
            roles.user_id(context)
            if access == records.ACCESS_OFFICER
            else records.ACTOR_REQUESTER
        )
        records.add_event(
            "withdraw",
            records.actor_for(context, access),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={"by": "officer" if access == records.ACCESS_OFFICER else "requester"},
        )
    return records.request_dict(req, access)


# --- documents ------------------------------------------------------------------------


def ppid_document_create(context: Context, data_dict: DataDict) -> dict:
    """Attach a document to a request (response documents; or a power of
    attorney received on paper). PPID Utama or the routed Pelaksana.

    :param ticket: registration number (or ``id``)
    :param upload: the file (multipart; ``upload_types``, ``upload_max_mb``)
    :param kind: ``response`` (default) or ``power_of_attorney``
    :param released: true to let the requester download it (default false)
    :returns: the document (id, kind, filename, content_type, size, sha256,
        created, released)
    """
    _screen(context, data_dict, ppid_schema.document_create_schema)
    tk.check_access("ppid_document_create", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.document_create_schema)
    _raise(errors)
    stored: list[str] = []
    with _transaction(context, stored):
        req = _officer_request(context, data)
        if req.status == states.WITHDRAWN:
            raise tk.ValidationError({"status": [tk._("The request has been withdrawn.")]})
        user_id = roles.user_id(context)
        doc = _store_document(req, data["upload"], data["kind"], data["released"], user_id, stored)
        if data["kind"] == "power_of_attorney":
            req.power_of_attorney = doc.id
        records.add_event(
            "document_attach",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            from_state=req.status,
            to_state=req.status,
            data={
                "document_id": doc.id,
                "kind": doc.kind,
                "released": doc.released,
                "content_type": doc.content_type,
                "size": doc.size,
            },
        )
        model.Session.flush()
    return records.document_dict(doc, req.ticket)


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
    _screen(context, data_dict, ppid_schema.document_show_schema)
    _check_request_access("ppid_document_show", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.document_show_schema)
    _raise(errors)
    req = _request_or_404(context, data)
    access = _access_or_404(context, req, data)
    doc = model.Session.get(PpidDocument, data["document_id"])
    visible = doc is not None and doc.request_id == req.id
    if visible and access != records.ACCESS_OFFICER:
        visible = doc.released and doc.kind == "response"
    if not visible:
        raise tk.ObjectNotFound(tk._("Document not found."))
    out = records.document_dict(doc, req.ticket)
    if context.get("ppid_file_path"):
        out["file_path"] = files.absolute_path(doc.storage_path)
    return out


# --- objections -----------------------------------------------------------------------


def ppid_objection_create(context: Context, data_dict: DataDict) -> dict:
    """File an objection (keberatan, Pasal 35-36) against a request: by the
    requester (ticket + tracking code), or registered by an officer (PPID
    Utama, Atasan PPID, the routed Pelaksana) when it arrives in writing.

    Each ground must have arisen and be inside its window of
    ``objection_window_days`` working days (see ``ppid_request_show``
    ``deadline.objection_windows``). 35(1)c (not answered) arises by itself
    once the due date passes; 35(1)g (late) on a late decision; 35(1)a on a
    refusal or partial grant; d, e, f on any written notice; b from receipt.

    :param ticket: registration number (or ``id``)
    :param tracking_code: requester only
    :param grounds: list of Pasal 35(1) codes ``35_1_a``..``35_1_g``
    :param reasons: the requester's reasons
    :param filed_at: officers only: date the written objection was received
        (YYYY-MM-DD, default today)
    :param channel: officers only (default web for the requester, letter for
        officers)
    :returns: the objection: ``number`` (e.g. KEB-2026-0007), ``due_date``
        (the Atasan's answer due, ``objection_answer_days`` HK after filing),
        ...
    """
    _screen(context, data_dict, ppid_schema.objection_create_schema)
    _check_request_access("ppid_objection_create", context, data_dict, officer_refusal=True)
    data, errors = _validate(context, data_dict, ppid_schema.objection_create_schema)
    if "grounds" not in errors:
        errors.update(_translated(states.validate_objection_grounds(data["grounds"])))
    _raise(errors)
    today = records.today()
    with _transaction(context):
        req = _request_or_404(context, data, for_update=True)
        who = roles.roles_for(context)
        if context.get("ignore_auth") or who.can_register_objections or who.can_handle(req):
            access = records.ACCESS_OFFICER
        else:
            access = _access_or_404(context, req, data)
            if access == records.ACCESS_OFFICER:
                raise tk.NotAuthorized(tk._("You may not register objections for this request."))
        filed = today
        channel = "web"
        if access == records.ACCESS_OFFICER:
            filed = data.get("filed_at") or today
            channel = data.get("channel") or "letter"
            if filed > today:
                raise tk.ValidationError(
                    {"filed_at": [tk._("The filing date cannot be in the future.")]}
                )
            if filed < req.received_at:
                raise tk.ValidationError(
                    {"filed_at": [tk._("The filing date cannot be before the request was "
                                       "received.")]}
                )
        if req.status == states.WITHDRAWN:
            raise tk.ValidationError({"status": [tk._("The request has been withdrawn.")]})
        errors = _objection_ground_errors(req, data["grounds"], filed)
        _raise(errors)
        calendar = calendar_store.current_calendar()
        calendar_store.record_version(calendar)
        answer_days = records.days("objection_answer")
        obj = PpidObjection(
            id=str(uuid.uuid4()),
            number=records.new_objection_number(filed),
            request_id=req.id,
            grounds=list(data["grounds"]),
            reasons=data["reasons"],
            channel=channel,
            filed_at=filed,
            due_date=deadlines.objection_answer_due(calendar, filed, answer_days),
            answer_days=answer_days,
            calendar_version=calendar.version,
            count_cuti_bersama=calendar.count_cuti_bersama_as_working_day,
            status=states.FILED,
            created=records.now(),
            created_by=roles.user_id(context),
        )
        model.Session.add(obj)
        model.Session.flush()
        records.add_event(
            "objection_create",
            records.actor_for(context, access),
            request=req,
            objection=obj,
            to_state=states.FILED,
            data={
                "number": obj.number,
                "grounds": obj.grounds,
                "filed_at": filed,
                "due_date": obj.due_date,
                "calendar_version": obj.calendar_version,
            },
        )
    if not context.get("defer_commit"):
        notify.queue_objection_receipt(req, obj)
    return records.objection_dict(obj, req.ticket, today, access)


def _objection_ground_errors(req: PpidRequest, grounds: list[str], filed: dt.date) -> dict:
    calendar = calendar_store.current_calendar()
    window = records.days("objection_window")
    arisen = records.arisen_grounds(req, filed)
    cited = {
        g
        for (gs,) in model.Session.query(PpidObjection.grounds).filter_by(request_id=req.id)
        for g in gs or ()
    }
    errors: dict[str, list[str]] = {}
    for ground in grounds:
        arose = arisen.get(ground)
        if ground in cited:
            _add(errors, "grounds", tk._("An objection on ground %(ground)s was already filed.")
                 % {"ground": ground})
        elif arose is None or filed < records.first_filing_day(ground, arose):
            _add(errors, "grounds", tk._("Ground %(ground)s has not arisen for this request.")
                 % {"ground": ground})
        else:
            until = deadlines.objection_window_end(calendar, arose, window)
            if filed > until:
                _add(
                    errors,
                    "grounds",
                    tk._("The objection period for ground %(ground)s ended on %(date)s.")
                    % {"ground": ground, "date": until.isoformat()},
                )
    return errors


def _objection_or_404(context: Context, data: dict, for_update: bool = False):
    obj = records.find_objection(data, for_update=False)
    if obj is None:
        raise tk.ObjectNotFound(tk._("No objection matches this number and tracking code."))
    if for_update:
        obj = (
            model.Session.query(PpidObjection)
            .filter_by(id=obj.id)
            .with_for_update()
            .populate_existing()
            .one()
        )
    req = model.Session.get(PpidRequest, obj.request_id)
    return obj, req


@tk.side_effect_free
def ppid_objection_show(context: Context, data_dict: DataDict) -> dict:
    """One objection. Officers who may see its request, or the requester
    with the request's tracking code.

    :param number: objection number (or ``id``)
    :param tracking_code: requester only
    :returns: the objection (``due_date``, ``status``, ``outcome``,
        ``dispute_until``...)
    """
    _screen(context, data_dict, ppid_schema.objection_ref_schema)
    try:
        tk.check_access("ppid_objection_show", context, data_dict)
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(
            tk._("No objection matches this number and tracking code.")
        ) from None
    data, errors = _validate(context, data_dict, ppid_schema.objection_ref_schema)
    _raise(errors)
    obj, req = _objection_or_404(context, data)
    access = records.access_level(context, req, data)
    if access is None:
        raise tk.ObjectNotFound(tk._("No objection matches this number and tracking code."))
    return records.objection_dict(obj, req.ticket, records.today(), access)


def ppid_objection_decide(context: Context, data_dict: DataDict) -> dict:
    """The Atasan PPID's written answer to an objection (Pasal 36(2)).
    Atasan PPID (and sysadmins) only: PPID Utama and Pelaksana may not.

    :param number: objection number (or ``id``)
    :param outcome: ``accepted`` (objection upheld: the PPID's response is
        overturned) or ``rejected`` (the PPID's response stands)
    :param reasons: the reasons (required)
    :param atasan_name: name of the Atasan PPID signing
    :param atasan_position: position (jabatan) of the Atasan PPID
    :returns: the objection, with ``dispute_until`` (last day to bring the
        dispute to the Komisi Informasi)
    """
    _screen(context, data_dict, ppid_schema.objection_decide_schema)
    tk.check_access("ppid_objection_decide", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.objection_decide_schema)
    _raise(errors)
    today = records.today()
    with _transaction(context):
        obj, req = _objection_or_404(context, data, for_update=True)
        to_state = _transition(states.KIND_OBJECTION, obj.status, states.ACTION_DECIDE)
        from_state = obj.status
        obj.status = to_state
        obj.outcome = data["outcome"]
        obj.decision_reasons = data["reasons"]
        obj.atasan_name = data["atasan_name"]
        obj.atasan_position = data["atasan_position"]
        obj.decided_at = records.now()
        obj.decided_on = today
        obj.decided_by = roles.user_id(context)
        records.add_event(
            "objection_decide",
            records.actor_for(context, records.ACCESS_OFFICER),
            request=req,
            objection=obj,
            from_state=from_state,
            to_state=to_state,
            data={
                "number": obj.number,
                "outcome": obj.outcome,
                "decided_on": today,
                "due_date": obj.due_date,
                "late": today > obj.due_date,
            },
        )
    return records.objection_dict(obj, req.ticket, today, records.ACCESS_OFFICER)


# --- holidays and deadlines -----------------------------------------------------------


def _holiday_dict(row: CalendarHoliday) -> dict:
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "name": row.name,
        "kind": row.kind,
        "active": bool(row.active),
        "source": row.source,
    }


@tk.side_effect_free
def ppid_holiday_list(context: Context, data_dict: DataDict) -> dict:
    """The holiday table (public).

    :param year: only this year (optional)
    :param include_deleted: also deleted rows (sysadmins only)
    :returns: ``{"calendar_version", "count_cuti_bersama_as_working_day",
        "results": [{id, date, name, kind (national|cuti_bersama), active,
        source}]}``
    """
    _screen(context, data_dict, ppid_schema.holiday_list_schema)
    tk.check_access("ppid_holiday_list", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.holiday_list_schema)
    _raise(errors)
    include_deleted = bool(data.get("include_deleted")) and roles.roles_for(context).sysadmin
    calendar = calendar_store.current_calendar()
    rows = calendar_store.list_holidays(data.get("year"), include_deleted)
    return {
        "calendar_version": calendar.version,
        "count_cuti_bersama_as_working_day": calendar.count_cuti_bersama_as_working_day,
        "results": [_holiday_dict(r) for r in rows],
    }


def ppid_holiday_create(context: Context, data_dict: DataDict) -> dict:
    """Add a holiday (sysadmins). Creates a new calendar version for dates
    computed from now on; stored due dates never move.

    :param date: YYYY-MM-DD
    :param name: official name
    :param kind: ``national`` or ``cuti_bersama``
    :returns: the holiday plus the new ``calendar_version``
    """
    _screen(context, data_dict, ppid_schema.holiday_create_schema)
    tk.check_access("ppid_holiday_create", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.holiday_create_schema)
    _raise(errors)
    if calendar_store.find_active(data["date"], data["kind"]) is not None:
        raise tk.ValidationError(
            {"date": [tk._("There is already a holiday of this kind on this date.")]}
        )
    with _transaction(context):
        row = calendar_store.add_holiday(
            data["date"], data["name"], data["kind"], roles.user_id(context)
        )
        version = _record_calendar_change(context, "holiday_create", row)
    return {**_holiday_dict(row), "calendar_version": version}


def ppid_holiday_delete(context: Context, data_dict: DataDict) -> dict:
    """Remove a holiday (sysadmins; a soft delete). Stored due dates never move.

    :param id: the holiday's id
    :returns: the holiday (``active`` false) plus the new ``calendar_version``
    """
    _screen(context, data_dict, ppid_schema.holiday_delete_schema)
    tk.check_access("ppid_holiday_delete", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.holiday_delete_schema)
    _raise(errors)
    row = model.Session.get(CalendarHoliday, data["id"])
    if row is None or not row.active:
        raise tk.ObjectNotFound(tk._("Holiday not found."))
    with _transaction(context):
        calendar_store.remove_holiday(row, roles.user_id(context))
        version = _record_calendar_change(context, "holiday_delete", row)
    return {**_holiday_dict(row), "calendar_version": version}


def _record_calendar_change(context: Context, event: str, row: CalendarHoliday) -> str:
    """After a holiday was added or removed: store the new calendar version and append the
    audit event (inside the caller's transaction). Returns the version."""
    version = calendar_store.record_version(calendar_store.current_calendar())
    records.add_event(
        event,
        records.actor_for(context, records.ACCESS_OFFICER),
        data={"holiday_id": row.id, "date": row.date, "kind": row.kind, "name": row.name,
              "calendar_version": version},
    )
    return version


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
    _screen(context, data_dict, ppid_schema.deadline_explain_schema)
    if data_dict.get("ticket") or data_dict.get("id"):
        _check_request_access("ppid_deadline_explain", context, data_dict)
    else:
        tk.check_access("ppid_deadline_explain", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.deadline_explain_schema)
    if data.get("ticket") or data.get("id"):
        _raise(errors)
        req = _request_or_404(context, data)
        _access_or_404(context, req, data)
        calendar = calendar_store.calendar_for(req.calendar_version)
        notice = workdays.explain(calendar, req.received_at, req.notice_days)
        both = workdays.due_under_both_policies(calendar, req.received_at, req.notice_days)
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
    _raise(errors)
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


# --- public register and annual report ------------------------------------------------


@tk.side_effect_free
def ppid_register_list(context: Context, data_dict: DataDict) -> dict:
    """The public registers (public; no personal data: the requester is shown
    as ``requester_type`` only).

    :param kind: ``permohonan`` (requests, default) or ``keberatan`` (objections)
    :param year: year of receipt (default: this year)
    :param limit: default 100, at most 1000
    :param offset: default 0
    :returns: ``{"kind", "year", "count", "results"}``. Permohonan rows:
        ticket, received_at, requester_type, information, purpose,
        information_held (null until decided), how_to_obtain, format, medium,
        status, decision, exemption_grounds, notice_date, cost. Keberatan rows:
        number, filed_at, requester_type, ticket, information, purpose,
        grounds, status, outcome, answer_date, atasan_name, atasan_position,
        requester_response.
    """
    _screen(context, data_dict, ppid_schema.register_list_schema)
    tk.check_access("ppid_register_list", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.register_list_schema)
    _raise(errors)
    year = data.get("year") or records.today().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if data["kind"] == "permohonan":
        q = model.Session.query(PpidRequest).filter(PpidRequest.received_at.between(start, end))
        count = q.count()
        rows = (
            q.order_by(PpidRequest.received_at, PpidRequest.ticket)
            .offset(data["offset"])
            .limit(data["limit"])
            .all()
        )
        results = [_register_request_row(r) for r in rows]
    else:
        q = (
            model.Session.query(PpidObjection, PpidRequest)
            .join(PpidRequest, PpidRequest.id == PpidObjection.request_id)
            .filter(PpidObjection.filed_at.between(start, end))
        )
        count = q.count()
        rows = (
            q.order_by(PpidObjection.filed_at, PpidObjection.number)
            .offset(data["offset"])
            .limit(data["limit"])
            .all()
        )
        results = [_register_objection_row(o, r) for o, r in rows]
    return {"kind": data["kind"], "year": year, "count": count, "results": results}


def _register_request_row(r: PpidRequest) -> dict:
    return {
        "ticket": r.ticket,
        "received_at": r.received_at.isoformat(),
        "channel": r.channel,
        "requester_type": r.requester_type,
        "information": r.information,
        "purpose": r.purpose,
        "information_held": None if r.decision is None else r.decision != states.NOT_HELD,
        "how_to_obtain": list(r.how_to_obtain or []),
        "format": r.format,
        "medium": r.medium,
        "status": r.status,
        "decision": r.decision,
        "exemption_grounds": list(r.exemption_grounds or []),
        "notice_date": r.decided_on.isoformat() if r.decided_on else None,
        "due_date": r.due_date.isoformat(),
        "cost": float(r.cost) if r.cost is not None else None,
    }


def _register_objection_row(o: PpidObjection, r: PpidRequest) -> dict:
    return {
        "number": o.number,
        "filed_at": o.filed_at.isoformat(),
        "requester_type": r.requester_type,
        "ticket": r.ticket,
        "information": r.information,
        "purpose": r.purpose,
        "grounds": list(o.grounds or []),
        "status": o.status,
        "outcome": o.outcome,
        "answer_date": o.decided_on.isoformat() if o.decided_on else None,
        "due_date": o.due_date.isoformat(),
        "atasan_name": o.atasan_name,
        "atasan_position": o.atasan_position,
        "requester_response": o.requester_response,
    }


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
        ``disputes`` (not recorded by this system: null)
    """
    _screen(context, data_dict, ppid_schema.annual_report_schema)
    tk.check_access("ppid_annual_report", context, data_dict)
    data, errors = _validate(context, data_dict, ppid_schema.annual_report_schema)
    _raise(errors)
    year = data["year"]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    reqs = (
        model.Session.query(PpidRequest).filter(PpidRequest.received_at.between(start, end)).all()
    )
    by_channel: dict[str, int] = {}
    by_status: dict[str, int] = {}
    by_decision: dict[str, int] = {}
    refusals: dict[str, int] = {}
    durations: dict[str, list[int]] = {}
    on_time: dict[str, int] = {}
    for r in reqs:
        by_channel[r.channel] = by_channel.get(r.channel, 0) + 1
        by_status[r.status] = by_status.get(r.status, 0) + 1
        if r.decision:
            by_decision[r.decision] = by_decision.get(r.decision, 0) + 1
            calendar = calendar_store.calendar_for(r.calendar_version)
            wd = workdays.working_days_between(calendar, r.received_at, r.decided_on)
            durations.setdefault(r.decision, []).append(wd)
            if r.decided_on <= r.due_date:
                on_time[r.decision] = on_time.get(r.decision, 0) + 1
            for g in r.exemption_grounds or ():
                refusals[g] = refusals.get(g, 0) + 1
    time_to_fulfil = {}
    for decision, values in durations.items():
        values.sort()
        mid = len(values) // 2
        median = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
        time_to_fulfil[decision] = {
            "count": len(values),
            "average_working_days": round(sum(values) / len(values), 1),
            "median_working_days": median,
            "max_working_days": values[-1],
            "on_time": on_time.get(decision, 0),
            "late": len(values) - on_time.get(decision, 0),
        }
    objs = (
        model.Session.query(PpidObjection).filter(PpidObjection.filed_at.between(start, end)).all()
    )
    by_ground: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    for o in objs:
        for g in o.grounds or ():
            by_ground[g] = by_ground.get(g, 0) + 1
        if o.outcome:
            by_outcome[o.outcome] = by_outcome.get(o.outcome, 0) + 1
    return {
        "year": year,
        "requests": {
            "received": len(reqs),
            "by_channel": by_channel,
            "by_status": by_status,
            "by_decision": by_decision,
            "pending": sum(by_status.get(s, 0) for s in records.OPEN_STATES),
            "extended": sum(1 for r in reqs if r.extended),
        },
        "time_to_fulfil": time_to_fulfil,
        "refusals_by_ground": refusals,
        "objections": {
            "filed": len(objs),
            "by_ground": by_ground,
            "by_outcome": by_outcome,
            "pending": sum(1 for o in objs if o.status == states.FILED),
            "answered_late": sum(
                1 for o in objs if o.decided_on is not None and o.decided_on > o.due_date
            ),
        },
        "disputes": None,
    }
