"""Actions that move a PPID request or objection along (each appends its audit event)."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.ppid import (
    clock,
    deadlines,
    dictization,
    notify,
    public_entry,
    roles,
    states,
    store,
    visibility,
)
from ckanext.pekalongan.ppid.logic import refusal
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic.common import (
    access_or_404,
    add_error,
    check_request_access,
    objection_or_404,
    officer_request,
    raise_errors,
    receipt_date_errors,
    request_or_404,
    screen,
    transaction,
    transition,
    translated,
    validate,
)


def ppid_request_route(context: Context, data_dict: DataDict) -> dict:
    """Route (forward) a request to the PPID Pelaksana of an OPD. PPID Utama
    only. The clock is unchanged (an extended request stays extended).

    :param ticket: registration number (or ``id``)
    :param org: id or name of the OPD organization
    :returns: the request (as ``ppid_request_show`` for an officer, without
        timeline)
    """
    screen(context, data_dict, ppid_schema.request_route_schema)
    tk.check_access("ppid_request_route", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_route_schema)
    raise_errors(errors)
    with transaction(context):
        req = officer_request(context, data)
        to_state = transition(states.KIND_REQUEST, req.status, states.ACTION_ROUTE)
        if req.routed_org_id == data["org"]:
            raise tk.ValidationError({"org": [tk._("The request is already routed to this OPD.")]})
        previous, from_state = req.routed_org_id, req.status
        req.routed_org_id = data["org"]
        req.status = to_state
        routed = store.add_event(
            states.Event.ROUTE,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={"org_id": data["org"], "previous_org_id": previous},
        )
        model.Session.flush()
    if not context.get("defer_commit"):
        # the OPD's PPID Pelaksana are told now, not at the first reminder (15B)
        notify.queue_routed(req, routed.id)
    return dictization.request_dict(req, visibility.ACCESS_OFFICER)


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
    screen(context, data_dict, ppid_schema.request_extend_schema)
    tk.check_access("ppid_request_extend", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_extend_schema)
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        req = officer_request(context, data)
        to_state = transition(states.KIND_REQUEST, req.status, states.ACTION_EXTEND)
        if today > req.original_due_date:
            raise tk.ValidationError(
                {"status": [tk._("The deadline has passed: it can no longer be extended.")]}
            )
        calendar = calendar_store.calendar_for(req.calendar_version)
        extension_days = clock.days("extension")
        new_due = deadlines.extended_due(calendar, req.original_due_date, extension_days)
        from_state = req.status
        req.status = to_state
        req.extended = True
        req.extension_days = extension_days
        req.extension_reason = data["reason"]
        req.extended_at = clock.now()
        req.extended_by = roles.user_id(context)
        req.due_date = new_due
        req.latest_due_date = new_due
        store.add_event(
            states.Event.EXTEND,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
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
        # Pasal 22(8): the requester is told in writing, with the reasons and the new date
        notify.record_paper_notices(
            req, "extended", visibility.actor_for(context, visibility.ACCESS_OFFICER))
    if not context.get("defer_commit"):
        notify.queue_extended(req)
    return dictization.request_dict(req, visibility.ACCESS_OFFICER)


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
    screen(context, data_dict, ppid_schema.request_decide_schema)
    tk.check_access("ppid_request_decide", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_decide_schema)
    decision = data.get("decision")
    dik_plan = None
    if "decision" not in errors:
        # a refusal cites a DIK entry or creates one (logic/refusal.py); fills the grounds
        dik_plan, dik_errors = refusal.plan(context, data, decision, clock.today())
        for key, msgs in dik_errors.items():
            errors.setdefault(key, []).extend(msgs)
        for key, msgs in translated(
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
            add_error(errors, "info_given", tk._("Say what information is given."))
    if data.get("blacked_out") and not data.get("blackout_reason"):
        add_error(errors, "blackout_reason", tk._("Give the reason for blacking out."))
    if data.get("cost") and not data.get("payment_method"):
        add_error(errors, "payment_method", tk._("Say how the cost is to be paid."))
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        req = officer_request(context, data)
        to_state = transition(states.KIND_REQUEST, req.status, states.ACTION_DECIDE)
        from_state = req.status
        withholding = decision in states.WITHHOLDING_DECISIONS
        req.status = to_state
        req.decision = decision
        req.exemption_grounds = list(data.get("exemption_grounds") or []) if withholding else []
        req.consequence_test_ref = data.get("consequence_test_ref") if withholding else None
        refusal.attach(dik_plan, context, req)
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
        req.decided_at = clock.now()
        req.decided_on = today
        req.decided_by = roles.user_id(context)
        late = today > req.due_date
        store.add_event(
            states.Event.DECIDE,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
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
            store.record_ground(
                req, states.GROUND_NOT_ANSWERED, req.due_date, visibility.ACTOR_SYSTEM
            )
            store.record_ground(req, states.GROUND_DELIVERED_LATE, today, visibility.ACTOR_SYSTEM)
        notify.record_paper_notices(
            req, "decided", visibility.actor_for(context, visibility.ACCESS_OFFICER))
    if not context.get("defer_commit"):
        notify.queue_decided(req)
    return dictization.request_dict(req, visibility.ACCESS_OFFICER)


def ppid_request_publish(context: Context, data_dict: DataDict) -> dict:
    """Review the request's entry in the public register (PPID Utama or the Pelaksana of
    the routed OPD): the information requested and the purpose as the register may show
    them, rewritten without anything personal. Until a review the register shows a
    placeholder, never the requester's own text. Can be done again (the last review
    counts); every review is an audit event (without the text).

    :param ticket: registration number (or ``id``)
    :param information: the information requested, as published
    :param purpose: the purpose of use, as published
    :returns: the request (as ``ppid_request_show`` for an officer, without timeline), with
        ``public_entry`` (``information``, ``purpose``, ``reviewed_at``, ``reviewed_by``)
    :raises: ValidationError ``information`` / ``purpose`` when missing or when they hold
        the requester's name, NIK, phone, e-mail or address, or anything shaped like a NIK,
        an e-mail address or a mobile number
    """
    screen(context, data_dict, ppid_schema.request_publish_schema)
    tk.check_access("ppid_request_publish", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_publish_schema)
    raise_errors(errors)
    with transaction(context):
        req = officer_request(context, data)
        personal = {k: getattr(req, k) for k in ("name", "nik", "phone", "email", "address")}
        for field in ("information", "purpose"):
            found = public_entry.personal_data_found(data[field], personal)
            if found:
                what = ", ".join(tk._(public_entry.WHAT_LABELS[k]) for k in found)
                add_error(errors, field, tk._(public_entry.PERSONAL_IN_TEXT) % {"what": what})
        raise_errors(errors)
        first = not (req.public_entry or {}).get("reviewed_at")
        req.public_entry = {
            "information": data["information"],
            "purpose": data["purpose"],
            "reviewed_at": clock.now().isoformat(),
            "reviewed_by": roles.user_id(context),
        }
        store.add_event(
            states.Event.PUBLIC_ENTRY,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            request=req,
            from_state=req.status,
            to_state=req.status,
            data={"first_review": first},
        )
    return dictization.request_dict(req, visibility.ACCESS_OFFICER)


def ppid_request_correct_receipt(context: Context, data_dict: DataDict) -> dict:
    """Correct a wrong receipt date (PPID Utama and sysadmins), while the
    request is open. The due dates are computed again from the corrected
    date with the calendar in force now (an extended request keeps its
    extension, counted from the new original due date); the ticket number
    does not change. An audit event records the old and new dates, the
    reason and who corrected it.

    :param ticket: registration number (or ``id``)
    :param received_on: the right receipt date, YYYY-MM-DD (not in the
        future, not before the service started)
    :param reason: why the date is corrected (required)
    :returns: the request (as ``ppid_request_show`` for an officer, without
        timeline)
    :raises: ValidationError ``received_on``, ``reason``, or ``status`` for
        a decided or withdrawn request
    """
    screen(context, data_dict, ppid_schema.request_correct_receipt_schema)
    tk.check_access("ppid_request_correct_receipt", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.request_correct_receipt_schema)
    received = data.get("received_on")
    if "received_on" not in errors and isinstance(received, dt.date):
        for message in receipt_date_errors(received, clock.today()):
            add_error(errors, "received_on", message)
    raise_errors(errors)
    with transaction(context):
        req = officer_request(context, data)
        if req.status not in states.OPEN_STATES or req.status == states.REOPENED:
            raise tk.ValidationError({"status": [
                tk._("The receipt date can only be corrected while the request is open.")
            ]})
        if received == req.received_on:
            raise tk.ValidationError({"received_on": [tk._("This is already the receipt date.")]})
        calendar = calendar_store.current_calendar()
        calendar_store.record_version(calendar)
        before = {
            "received_on": req.received_on,
            "due_date": req.due_date,
            "original_due_date": req.original_due_date,
            "latest_due_date": req.latest_due_date,
            "calendar_version": req.calendar_version,
        }
        original = deadlines.notice_due(calendar, received, req.notice_days)
        extension_days = req.extension_days if req.extended else clock.days("extension")
        latest = deadlines.extended_due(calendar, original, extension_days)
        req.received_on = received
        req.original_due_date = original
        req.latest_due_date = latest
        req.due_date = latest if req.extended else original
        req.calendar_version = calendar.version
        req.count_cuti_bersama = calendar.count_cuti_bersama_as_working_day
        store.add_event(
            states.Event.RECEIPT_CORRECT,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            request=req,
            from_state=req.status,
            to_state=req.status,
            data={
                **{f"old_{k}": value for k, value in before.items()},
                "received_on": received,
                "due_date": req.due_date,
                "original_due_date": original,
                "latest_due_date": latest,
                "calendar_version": calendar.version,
                "reason": data["reason"],
            },
        )
    return dictization.request_dict(req, visibility.ACCESS_OFFICER)


def ppid_request_withdraw(context: Context, data_dict: DataDict) -> dict:
    """Withdraw an open request: by the requester (with the tracking code) or
    by PPID Utama / the routed Pelaksana on the requester's behalf.

    :param ticket: registration number (or ``id``)
    :param tracking_code: the requester's code (requester only)
    :param reason: why (required)
    :returns: the request
    """
    screen(context, data_dict, ppid_schema.request_withdraw_schema)
    check_request_access("ppid_request_withdraw", context, data_dict, officer_refusal=True)
    data, errors = validate(context, data_dict, ppid_schema.request_withdraw_schema)
    raise_errors(errors)
    with transaction(context):
        req = request_or_404(context, data, for_update=True)
        who = roles.roles_for(context)
        if context.get("ignore_auth") or who.can_handle(req):
            access = visibility.ACCESS_OFFICER
        else:
            access = access_or_404(context, req, data)
            if access == visibility.ACCESS_OFFICER:  # may see, but not act
                raise tk.NotAuthorized(tk._("Only PPID Utama or the PPID of the routed OPD."))
        to_state = transition(states.KIND_REQUEST, req.status, states.ACTION_WITHDRAW)
        from_state = req.status
        req.status = to_state
        req.withdrawn_at = clock.now()
        req.withdraw_reason = data["reason"]
        req.withdrawn_by = (
            roles.user_id(context)
            if access == visibility.ACCESS_OFFICER
            else visibility.ACTOR_REQUESTER
        )
        store.add_event(
            states.Event.WITHDRAW,
            visibility.actor_for(context, access),
            request=req,
            from_state=from_state,
            to_state=to_state,
            data={"by": "officer" if access == visibility.ACCESS_OFFICER else "requester"},
        )
    return dictization.request_dict(req, access)


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
    screen(context, data_dict, ppid_schema.objection_decide_schema)
    tk.check_access("ppid_objection_decide", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.objection_decide_schema)
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        obj, req = objection_or_404(context, data, for_update=True)
        to_state = transition(states.KIND_OBJECTION, obj.status, states.ACTION_DECIDE)
        from_state = obj.status
        obj.status = to_state
        obj.outcome = data["outcome"]
        obj.decision_reasons = data["reasons"]
        obj.atasan_name = data["atasan_name"]
        obj.atasan_position = data["atasan_position"]
        obj.decided_at = clock.now()
        obj.decided_on = today
        obj.decided_by = roles.user_id(context)
        store.add_event(
            states.Event.OBJECTION_DECIDE,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
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
        actor = visibility.actor_for(context, visibility.ACCESS_OFFICER)
        if states.objection_reopens(obj.outcome, obj.decision_round or 1,
                                    req.decision_round or 1, req.status):
            _reopen(req, obj, today, actor)
        notify.record_paper_notices(req, "objection_decided", actor, obj)
    if not context.get("defer_commit"):
        notify.queue_objection_decided(req, obj)
    return dictization.objection_dict(obj, req.ticket, today, visibility.ACCESS_OFFICER)


def _reopen(req, obj, today: dt.date, actor: str) -> None:
    """The Atasan accepted ``obj``: the decision it contests no longer stands. The request
    goes back to the PPID for a new written notice within ``reopen_days`` HK of the answer
    (its own clock, on the calendar in force today); the overturned decision is kept in the
    audit row, and the grounds it gave rise to lapse with it (the new decision gives its
    own)."""
    to_state = transition(states.KIND_REQUEST, req.status, states.ACTION_REOPEN)
    calendar = calendar_store.current_calendar()
    calendar_store.record_version(calendar)
    days = clock.days("reopen")
    new_due = deadlines.reopened_due(calendar, today, days)
    overturned = {
        "decision": req.decision,
        "decided_on": req.decided_on,
        "due_date": req.due_date,
        "exemption_grounds": list(req.exemption_grounds or []),
        "decision_round": req.decision_round or 1,
        "objection_grounds_arisen": dict(req.objection_grounds_arisen or {}),
    }
    from_state = req.status
    req.status = to_state
    req.decision_round = (req.decision_round or 1) + 1
    req.reopened_on = today
    req.reopen_objection_id = obj.id
    req.decision = None
    req.decided_on = None
    req.decided_at = None
    req.decided_by = None
    req.objection_grounds_arisen = {}
    req.due_date = new_due
    req.latest_due_date = new_due
    req.calendar_version = calendar.version
    req.count_cuti_bersama = calendar.count_cuti_bersama_as_working_day
    store.add_event(
        states.Event.REOPEN, actor, request=req, objection=obj,
        from_state=from_state, to_state=to_state,
        data={"number": obj.number, "reopened_on": today, "due_date": new_due,
              "reopen_days": days, "calendar_version": calendar.version,
              "decision_round": req.decision_round, "overturned": overturned},
    )
