"""Actions that create PPID records: requests, documents, objections, holidays."""
from __future__ import annotations

import datetime as dt
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import tracking
from ckanext.pekalongan.ppid import (
    clock,
    deadlines,
    dictization,
    grounds,
    notify,
    ratelimit,
    requester,
    roles,
    states,
    store,
    visibility,
)
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic.common import (
    access_or_404,
    add_error,
    check_request_access,
    officer_request,
    raise_errors,
    receipt_date_errors,
    record_calendar_change,
    request_or_404,
    screen,
    store_document,
    transaction,
    translated,
    validate,
)
from ckanext.pekalongan.ppid.model import PpidObjection, PpidRequest


def ppid_request_create(context: Context, data_dict: DataDict) -> dict:
    """File a request for public information (permohonan informasi publik).

    Anyone may file; officers register walk-in, letter, phone and e-mail
    requests with their real receipt date.

    :param requester_type: ``person`` or ``legal_entity``
    :param name: the requester's (or legal entity's) name
    :param nik: 16-digit NIK (required for a person; spaces, dots, dashes ignored)
    :param legal_entity_decree: deed/decree number (required for a legal entity)
    :param representative_name: a legal entity: the person filing for it (optional)
    :param representative_position: a legal entity: that person's position (optional)
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
    :param received_on: officers only: receipt date YYYY-MM-DD, not in the
        future nor before the service started (``service_start``; default
        today in Asia/Jakarta)
    :param channel: officers only: web, walk_in, letter, phone, email, sms
        (default web)
    :returns: ``id``, ``ticket``, ``tracking_code`` (the only time it is
        returned: only its hash is stored), ``status``, ``received_on``,
        ``due_date``, ``original_due_date``, ``latest_due_date`` (the latest
        possible date if extended), ``objection_window``, the calendar used
        and ``email_queued`` (the receipt e-mail is queued for the mail worker)
    :raises: ValidationError (field errors; ``rate_limit`` when one client
        address filed too many requests: HTTP 429 with Retry-After)
    """
    screen(context, data_dict, ppid_schema.request_create_schema)
    data_dict = _only_own_identity_fields(data_dict)
    tk.check_access("ppid_request_create", context, data_dict)
    officer = roles.roles_for(context).officer
    if not officer:
        ratelimit.check(ratelimit.FILING, context.get("client_address"))

    data, errors = validate(context, data_dict, ppid_schema.request_create_schema)
    if "website" in errors:
        # The hidden field was filled in: a robot. Store nothing, and take no
        # place from the citizens who may share its address.
        raise tk.ValidationError({"website": errors["website"]})

    requester_type = data.get("requester_type")
    if "requester_type" not in errors:
        nik = data.get("nik")
        for key, msgs in translated(
            requester.validate_requester(requester_type, nik, data.get("legal_entity_decree"))
        ).items():
            errors.setdefault(key, []).extend(msgs)
    if not data.get("phone") and not data.get("email"):
        message = tk._("Give a phone number or an e-mail address (or both).")
        if "phone" not in errors and "email" not in errors:
            errors["phone"] = [message]
            errors["email"] = [message]

    today = clock.today()
    received = today
    channel = "web"
    if officer:
        received = data.get("received_on") or today
        channel = data.get("channel") or "web"
        if isinstance(received, dt.date):
            for message in receipt_date_errors(received, today):
                add_error(errors, "received_on", message)
    raise_errors(errors)

    if not officer:
        # atomic: a burst cannot overshoot
        ratelimit.consume(ratelimit.FILING, context.get("client_address"))
    calendar = calendar_store.current_calendar()
    notice_days = clock.days("notice")
    due = deadlines.notice_due(calendar, received, notice_days)
    latest = deadlines.extended_due(calendar, due, clock.days("extension"))
    code = tracking.new_code(16, group=4)
    actor = context.get("user") if officer else visibility.ACTOR_REQUESTER
    user_id = roles.user_id(context)
    stored: list[str] = []
    with transaction(context, stored):
        calendar_store.record_version(calendar)
        req = PpidRequest(
            id=str(uuid.uuid4()),
            ticket=store.new_ticket(received),
            tracking_code_hash=tracking.salted_hash(code),
            status=states.RECEIVED,
            channel=channel,
            received_on=received,
            created=clock.now(),
            created_by=user_id,
            requester_type=requester_type,
            name=data["name"],
            nik=data.get("nik") or None,
            legal_entity_decree=(
                data.get("legal_entity_decree") if requester_type == states.LEGAL_ENTITY else None
            ),
            representative_name=data.get("representative_name") or None,
            representative_position=data.get("representative_position") or None,
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
            doc = store_document(req, upload, "power_of_attorney", False, user_id, stored)
            req.power_of_attorney = doc.id
        store.add_event(
            states.Event.CREATE,
            actor,
            request=req,
            to_state=states.RECEIVED,
            data={
                "channel": channel,
                "received_on": received,
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
    reply = dictization.receipt_dict(req, calendar)
    reply["tracking_code"] = code
    reply["email_queued"] = False
    if not context.get("defer_commit"):
        reply["email_queued"] = notify.queue_receipt(req)
    return reply


def _only_own_identity_fields(data_dict: DataDict) -> DataDict:
    """The request without the identity fields of the other kind of requester: the NIK of
    a legal entity (a field the form hid after *Perorangan -> Badan hukum*) is neither
    checked nor stored, nor a person's decree or representative (``requester.py``). Its
    *shape* is screened first like every parameter (a NUL byte or a list is refused)."""
    kind = data_dict.get("requester_type")
    drop = requester.fields_to_ignore(kind.strip()) if isinstance(kind, str) else ()
    if not any(key in data_dict for key in drop):
        return data_dict
    return {k: v for k, v in data_dict.items() if k not in drop}


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
    screen(context, data_dict, ppid_schema.document_create_schema)
    tk.check_access("ppid_document_create", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.document_create_schema)
    raise_errors(errors)
    stored: list[str] = []
    with transaction(context, stored):
        req = officer_request(context, data)
        if req.status == states.WITHDRAWN:
            raise tk.ValidationError({"status": [tk._("The request has been withdrawn.")]})
        user_id = roles.user_id(context)
        doc = store_document(req, data["upload"], data["kind"], data["released"], user_id, stored)
        if data["kind"] == "power_of_attorney":
            req.power_of_attorney = doc.id
        store.add_event(
            states.Event.DOCUMENT_ATTACH,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
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
    return dictization.document_dict(doc, req.ticket)


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
    :param filed_on: officers only: date the written objection was received
        (YYYY-MM-DD, default today)
    :param channel: officers only (default web for the requester, letter for
        officers)
    :returns: the objection: ``number`` (e.g. KEB-2026-0007), ``due_date``
        (the Atasan's answer due, ``objection_answer_days`` HK after filing),
        ...
    """
    screen(context, data_dict, ppid_schema.objection_create_schema)
    check_request_access("ppid_objection_create", context, data_dict, officer_refusal=True)
    data, errors = validate(context, data_dict, ppid_schema.objection_create_schema)
    if "grounds" not in errors:
        errors.update(translated(states.validate_objection_grounds(data["grounds"])))
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        req = request_or_404(context, data, for_update=True)
        who = roles.roles_for(context)
        if context.get("ignore_auth") or who.can_register_objections or who.can_handle(req):
            access = visibility.ACCESS_OFFICER
        else:
            access = access_or_404(context, req, data)
            if access == visibility.ACCESS_OFFICER:
                raise tk.NotAuthorized(tk._("You may not register objections for this request."))
        filed = today
        channel = "web"
        if access == visibility.ACCESS_OFFICER:
            filed = data.get("filed_on") or today
            channel = data.get("channel") or "letter"
            if filed > today:
                raise tk.ValidationError(
                    {"filed_on": [tk._("The filing date cannot be in the future.")]}
                )
            if filed < req.received_on:
                raise tk.ValidationError(
                    {"filed_on": [tk._("The filing date cannot be before the request was "
                                       "received.")]}
                )
        if req.status == states.WITHDRAWN:
            raise tk.ValidationError({"status": [tk._("The request has been withdrawn.")]})
        errors = _objection_ground_errors(req, data["grounds"], filed)
        raise_errors(errors)
        calendar = calendar_store.current_calendar()
        calendar_store.record_version(calendar)
        answer_days = clock.days("objection_answer")
        obj = PpidObjection(
            id=str(uuid.uuid4()),
            number=store.new_objection_number(filed),
            request_id=req.id,
            grounds=list(data["grounds"]),
            reasons=data["reasons"],
            channel=channel,
            filed_on=filed,
            due_date=deadlines.objection_answer_due(calendar, filed, answer_days),
            answer_days=answer_days,
            calendar_version=calendar.version,
            count_cuti_bersama=calendar.count_cuti_bersama_as_working_day,
            status=states.FILED,
            decision_round=req.decision_round or 1,
            created=clock.now(),
            created_by=roles.user_id(context),
        )
        model.Session.add(obj)
        model.Session.flush()
        store.add_event(
            states.Event.OBJECTION_CREATE,
            visibility.actor_for(context, access),
            request=req,
            objection=obj,
            to_state=states.FILED,
            data={
                "number": obj.number,
                "grounds": obj.grounds,
                "filed_on": filed,
                "due_date": obj.due_date,
                "calendar_version": obj.calendar_version,
            },
        )
        notify.record_paper_notices(
            req, "objection_receipt", visibility.actor_for(context, access), obj)
    if not context.get("defer_commit"):
        notify.queue_objection_receipt(req, obj)
    return dictization.objection_dict(obj, req.ticket, today, access)


def ppid_holiday_create(context: Context, data_dict: DataDict) -> dict:
    """Add a holiday (sysadmins). Creates a new calendar version for dates
    computed from now on; stored due dates never move.

    :param date: YYYY-MM-DD
    :param name: official name
    :param kind: ``national`` or ``cuti_bersama``
    :returns: the holiday plus the new ``calendar_version``
    """
    screen(context, data_dict, ppid_schema.holiday_create_schema)
    tk.check_access("ppid_holiday_create", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.holiday_create_schema)
    raise_errors(errors)
    if calendar_store.find_active(data["date"], data["kind"]) is not None:
        raise tk.ValidationError(
            {"date": [tk._("There is already a holiday of this kind on this date.")]}
        )
    with transaction(context):
        row = calendar_store.add_holiday(
            data["date"], data["name"], data["kind"], roles.user_id(context)
        )
        version = record_calendar_change(context, states.Event.HOLIDAY_CREATE, row)
    return {**dictization.holiday_dict(row), "calendar_version": version}


def cited_grounds(req: PpidRequest) -> set[str]:
    """Grounds already cited against the decision now standing (an accepted objection
    reopened the request: the new decision may be objected to on any ground again)."""
    return {
        g
        for (gs,) in model.Session.query(PpidObjection.grounds).filter_by(
            request_id=req.id, decision_round=req.decision_round or 1
        )
        for g in gs or ()
    }


def _objection_ground_errors(req: PpidRequest, cited: list[str], filed: dt.date) -> dict:
    from ckanext.pekalongan.ppid import vocabulary
    from ckanext.pekalongan.ppid.helpers import pekalongan_ppid_date

    problems = grounds.filing_problems(
        cited,
        grounds.arisen_grounds(req, filed),
        cited_grounds(req),
        filed,
        calendar_store.current_calendar(),
        clock.days("objection_window"),
    )

    def words(params: dict) -> dict:
        label = vocabulary.PASAL_35_1_LABELS.get(params["ground"], params["ground"])
        out = {**params, "ground": tk._(label)}
        if "date" in params:
            out["date"] = pekalongan_ppid_date(params["date"], "long")
        return out

    return {"grounds": [tk._(message) % words(params) for message, params in problems]} \
        if problems else {}
