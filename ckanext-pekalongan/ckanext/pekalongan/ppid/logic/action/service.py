"""Actions of issue #15 items 6-8: the dispute bundle for the Komisi Informasi and the
record of the dispute, the Standar Layanan texts, the annual report's narrative parts.

Same order as every PPID action: screen -> ``tk.check_access`` -> navl schema ->
``tk.ValidationError`` -> rules (``dispute.py``, ``service_standard.py``) -> one
transaction with its audit event -> a plain dict.
"""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.ppid import (
    clock,
    dictization,
    dispute,
    files,
    service_standard,
    service_store,
    states,
    store,
    visibility,
)
from ckanext.pekalongan.ppid.logic import validators as v
from ckanext.pekalongan.ppid.logic.common import (
    access_or_404,
    check_request_access,
    raise_errors,
    request_or_404,
    screen,
    transaction,
    translated,
    validate,
)
from ckanext.pekalongan.ppid.service_model import (
    PpidAnnualReport,
    PpidDispute,
    PpidServiceStandard,
)
from ckanext.pekalongan.text import N_

# --- schemas ---------------------------------------------------------------------------


def _std():
    return (tk.get_validator("ignore_missing"), tk.get_validator("not_empty"))


def _extras():
    ignore = tk.get_validator("ignore")
    return {"__extras": [ignore], "__junk": [ignore]}


def _ref_schema():
    ignore_missing, _not_empty = _std()
    return {
        "ticket": [ignore_missing, v.text(100)],
        "id": [ignore_missing, v.text(100)],
        "tracking_code": [ignore_missing, v.text(100)],
        **_extras(),
    }


def dispute_record_schema():
    ignore_missing, not_empty = _std()
    date = [ignore_missing, v.iso_date]
    return {
        **_ref_schema(),
        "status": [not_empty, v.text(50), v.choice(dispute.STATUSES)],
        "registered_on": [not_empty, v.iso_date],
        "register_number": [not_empty, v.text(dispute.NUMBER_MAX), not_empty],
        "mediation_on": list(date),
        "adjudication_on": list(date),
        "outcome": [ignore_missing, v.text(50), v.choice(dispute.OUTCOMES)],
        "decided_on": list(date),
        "decision_number": [ignore_missing, v.text(dispute.NUMBER_MAX)],
        "notes": [ignore_missing, v.text(dispute.NOTES_MAX, multiline=True)],
    }


def _long_text():
    return [tk.get_validator("ignore_missing"),
            v.text(service_standard.TEXT_MAX, multiline=True)]


def service_standard_update_schema():
    return {s: _long_text() for s in service_standard.STANDARD_SECTIONS} | _extras()


def annual_report_update_schema():
    ignore_missing, not_empty = _std()
    return {
        "year": [not_empty, v.integer(2000, 2100)],
        "submitted": [ignore_missing, v.boolean],
        "submitted_on": [ignore_missing, v.iso_date],
        **{s: _long_text() for s in service_standard.REPORT_SECTIONS},
        **_extras(),
    }


# --- the dispute bundle ------------------------------------------------------------------

STEP_LABELS = {
    "received": N_("Request received"),
    "notice_due": N_("Written notice due"),
    "extended_due": N_("Extended due date"),
    "decided": N_("Written notice given"),
    "not_answered": N_("Request not answered by the due date"),
    "objection_window": N_("Last day to file an objection"),
    "objection_filed": N_("Objection filed"),
    "answer_due": N_("Atasan PPID's answer due"),
    "answered": N_("Atasan PPID's answer"),
    "no_answer": N_("No answer from the Atasan PPID"),
    "dispute_window": N_("Last day to bring the dispute to the Komisi Informasi"),
}


def _days() -> dict[str, int]:
    return {name: clock.days(name) for name in
            ("notice", "extension", "objection_window", "objection_answer", "dispute")}


def _not_eligible() -> tk.ObjectNotFound:
    return tk.ObjectNotFound(tk._(
        "There is no dispute bundle for this request: no objection to it was rejected or "
        "left unanswered past its due date."
    ))


def _step_dict(step: dispute.Step) -> dict:
    params = {k: (val.isoformat() if isinstance(val, dt.date) else val)
              for k, val in step.params.items()}
    return {
        "code": step.code,
        "date": step.date.isoformat(),
        "label": tk._(STEP_LABELS[step.code]),
        "article": step.article,
        "explanation": tk._(step.explain) % params,
        "late": step.late,
    }


@tk.side_effect_free
def ppid_dispute_bundle_show(context: Context, data_dict: DataDict) -> dict:
    """Everything the dispute bundle for the Komisi Informasi Provinsi Jawa Tengah holds,
    for a request whose objection the Atasan PPID rejected or left unanswered past its due
    date (UU 14/2008 Pasal 37). Officers who may see the request, or the requester with the
    tracking code; anyone else gets the one not-found answer.

    :param ticket: the registration number (or ``id``)
    :param tracking_code: the requester's code (not needed by officers)
    :returns: ``request`` (personal data included), ``objection`` (the one the dispute
        rests on), ``objections``, ``unanswered`` (true when the Atasan never answered:
        the proof is the lapsed due date), ``steps`` (the dated timeline, each with its
        article and how the date was computed), ``documents`` (officers: all;
        requester: released responses), ``events`` (the audit trail), ``dispute`` (the
        record at the Komisi, or null), ``generated_on``. Python callers setting
        ``context["ppid_file_path"]`` also get each document's ``file_path``.
    :raises: ObjectNotFound (unknown ticket, wrong code, or no objection rejected or
        lapsed)
    """
    screen(context, data_dict, _ref_schema)
    check_request_access("ppid_dispute_bundle_show", context, data_dict)
    data, errors = validate(context, data_dict, _ref_schema)
    raise_errors(errors)
    req = request_or_404(context, data)
    access = access_or_404(context, req, data)
    today = clock.today()
    objections = store.objections_of(req)
    obj = dispute.basis_objection(objections, today)
    if obj is None:
        raise _not_eligible()
    steps = dispute.timeline(
        req, obj,
        calendar_store.calendar_for(req.calendar_version),
        calendar_store.calendar_for(obj.calendar_version),
        _days(), today,
    )
    docs = store.documents_of(req)
    if access != visibility.ACCESS_OFFICER:
        docs = [d for d in docs if d.released and d.kind == "response"]
    documents = []
    for doc in docs:
        entry = dictization.document_dict(doc, req.ticket)
        if context.get("ppid_file_path"):
            entry["file_path"] = files.absolute_path(doc.storage_path)
        documents.append(entry)
    return {
        "access": access,
        "request": dictization.request_dict(req, access),
        "objection": dictization.objection_dict(obj, req.ticket, today, access),
        "objections": [dictization.objection_dict(o, req.ticket, today, access)
                       for o in objections],
        "unanswered": dispute.unanswered(obj, today),
        "steps": [_step_dict(s) for s in steps],
        "documents": documents,
        "events": [dictization.event_dict(e, access) for e in store.events_of(req)],
        "dispute": service_store.dispute_dict(service_store.dispute_of(req.id)),
        "generated_on": today.isoformat(),
    }


@tk.side_effect_free
def ppid_dispute_show(context: Context, data_dict: DataDict) -> dict:
    """The record of a request's dispute at the Komisi Informasi, and whether one may be
    recorded (officers who may see the request, or its requester).

    :param ticket: the registration number (or ``id``)
    :param tracking_code: requester only
    :returns: ``{"ticket", "eligible", "dispute"}`` (``dispute`` null until recorded)
    """
    screen(context, data_dict, _ref_schema)
    check_request_access("ppid_dispute_show", context, data_dict)
    data, errors = validate(context, data_dict, _ref_schema)
    raise_errors(errors)
    req = request_or_404(context, data)
    access_or_404(context, req, data)
    eligible = dispute.basis_objection(store.objections_of(req), clock.today()) is not None
    return {
        "ticket": req.ticket,
        "eligible": eligible,
        "dispute": service_store.dispute_dict(service_store.dispute_of(req.id)),
    }


def ppid_dispute_record(context: Context, data_dict: DataDict) -> dict:
    """Record (or update) the course of a request's dispute at the Komisi Informasi:
    registered, mediation, adjudication, decided (granted / refused / partly), with its
    dates and numbers. PPID Utama, the PPID Pelaksana handling the request, the Atasan
    PPID. Only for a request whose objection was rejected or left unanswered.

    :param ticket: the registration number (or ``id``)
    :param status: registered, mediation, adjudication or decided
    :param registered_on: YYYY-MM-DD, the Komisi's registration date
    :param register_number: the Komisi's register (case) number
    :param mediation_on: YYYY-MM-DD (required for ``mediation``)
    :param adjudication_on: YYYY-MM-DD (required for ``adjudication``)
    :param outcome: granted, refused or partly (only and always with ``decided``)
    :param decided_on: YYYY-MM-DD (with ``decided``)
    :param decision_number: the decision's number (with ``decided``)
    :param notes: optional
    :returns: ``ppid_dispute_show``'s answer
    """
    screen(context, data_dict, dispute_record_schema)
    tk.check_access("ppid_dispute_record", context, data_dict)
    data, errors = validate(context, data_dict, dispute_record_schema)
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        req = request_or_404(context, data, for_update=True)
        access_or_404(context, req, {})
        obj = dispute.basis_objection(store.objections_of(req), today)
        if obj is None:
            raise tk.ValidationError({"status": [tk._(
                "A dispute can be recorded only after an objection was rejected or left "
                "unanswered past its due date."
            )]})
        raise_errors(translated(dispute.validate_record(data, obj.filed_on, today)))
        row = service_store.dispute_of(req.id, for_update=True)
        before = row.status if row is not None else None
        if row is None:
            row = PpidDispute(request_id=req.id, created=clock.now())
            model.Session.add(row)
        for key in ("status", "registered_on", "register_number", "mediation_on",
                    "adjudication_on", "outcome", "decided_on", "decision_number", "notes"):
            setattr(row, key, data.get(key) or None)
        row.updated = clock.now()
        row.updated_by = context.get("user")
        store.add_event(
            states.Event.DISPUTE_RECORD,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            request=req,
            objection=obj,
            from_state=before,
            to_state=row.status,
            data={"status": row.status, "registered_on": row.registered_on,
                  "outcome": row.outcome, "decided_on": row.decided_on},
        )
    return {"ticket": req.ticket, "eligible": True,
            "dispute": service_store.dispute_dict(row)}


# --- Standar Layanan -----------------------------------------------------------------------


@tk.side_effect_free
def ppid_service_standard_show(context: Context, data_dict: DataDict) -> dict:
    """The Standar Layanan page's sections (public): maklumat, sop, fees, hours,
    addresses. A section never edited shows its default text.

    :returns: ``{"sections": {name: {"body", "default", "updated"}}}``
    """
    tk.check_access("ppid_service_standard_show", context, data_dict)
    return {"sections": service_store.standard_sections()}


def _checked_texts(data: dict, keys: tuple[str, ...]) -> dict[str, str]:
    texts, errors = {}, {}
    for key in keys:
        if key not in data:
            continue
        text, problem = service_standard.clean_text(data[key])
        if problem:
            errors[key] = [tk._(problem)]
        texts[key] = text
    raise_errors(errors)
    return texts


def ppid_service_standard_update(context: Context, data_dict: DataDict) -> dict:
    """Edit sections of the Standar Layanan page (PPID Utama, sysadmins). Plain text or
    Markdown; HTML, ``javascript:`` links and control characters are refused. An empty
    section goes back to its default text.

    :param maklumat: the maklumat pelayanan
    :param sop: the steps of the service
    :param fees: costs
    :param hours: service hours
    :param addresses: addresses
    :returns: ``ppid_service_standard_show``'s answer
    """
    screen(context, data_dict, service_standard_update_schema)
    tk.check_access("ppid_service_standard_update", context, data_dict)
    data, errors = validate(context, data_dict, service_standard_update_schema)
    raise_errors(errors)
    texts = _checked_texts(data, service_standard.STANDARD_SECTIONS)
    if not texts:
        raise tk.ValidationError({"maklumat": [tk._("Missing value")]})
    with transaction(context):
        for section, body in texts.items():
            if not body:
                model.Session.query(PpidServiceStandard).filter(
                    PpidServiceStandard.section == section).delete()
                continue
            # two saves at once: one row per section (ON CONFLICT), then locked
            model.Session.execute(
                pg_insert(PpidServiceStandard.__table__)
                .values(section=section, body=body, updated=clock.now())
                .on_conflict_do_nothing(index_elements=["section"])
            )
            row = model.Session.get(PpidServiceStandard, section, with_for_update=True,
                                    populate_existing=True)
            row.body = body
            row.updated = clock.now()
            row.updated_by = context.get("user")
        store.add_event(
            states.Event.SERVICE_STANDARD_UPDATE,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            data={"sections": sorted(texts)},
        )
    return {"sections": service_store.standard_sections()}


# --- the annual report's narrative ----------------------------------------------------------


def ppid_annual_report_update(context: Context, data_dict: DataDict) -> dict:
    """Write the narrative parts of a year's report (Perki 1/2021 Pasal 56) and mark it
    submitted (PPID Utama, sysadmins).

    :param year: the report year (not after this year)
    :param policy: general service policy
    :param facilities: facilities (sarana dan prasarana)
    :param staff: staff (sumber daya manusia)
    :param budget: the service's budget
    :param obstacles: internal and external obstacles
    :param recommendations: recommendations and follow-up plan
    :param submitted: true to mark the report submitted (``submitted_on``, default
        today), false to clear it
    :param submitted_on: YYYY-MM-DD, not in the future nor before the year ended
    :returns: the narrative: ``sections``, ``submitted_on``, ``submission_due``
    """
    screen(context, data_dict, annual_report_update_schema)
    tk.check_access("ppid_annual_report_update", context, data_dict)
    data, errors = validate(context, data_dict, annual_report_update_schema)
    raise_errors(errors)
    today = clock.today()
    year = data["year"]
    if year > today.year:
        raise tk.ValidationError({"year": [tk._("The year cannot be in the future.")]})
    texts = _checked_texts(data, service_standard.REPORT_SECTIONS)
    submitted_on = data.get("submitted_on")
    if submitted_on is not None:
        if submitted_on > today:
            raise tk.ValidationError({"submitted_on": [
                tk._("The date cannot be in the future.")]})
        if submitted_on.year <= year:
            raise tk.ValidationError({"submitted_on": [
                tk._("A report is submitted after its year has ended.")]})
    elif data.get("submitted"):
        if today.year <= year:
            raise tk.ValidationError({"submitted": [
                tk._("A report is submitted after its year has ended.")]})
        submitted_on = today
    with transaction(context):
        # two saves at once: the row is created once (ON CONFLICT), then locked
        model.Session.execute(
            pg_insert(PpidAnnualReport.__table__)
            .values(year=year, sections={}, updated=clock.now(), version=1)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        row = service_store.report_row(year, for_update=True)
        row.sections = {**(row.sections or {}), **texts}
        if submitted_on is not None:
            row.submitted_on = submitted_on
            row.submitted_by = context.get("user")
        elif data.get("submitted") is False:
            row.submitted_on = None
            row.submitted_by = None
        row.updated = clock.now()
        row.updated_by = context.get("user")
        store.add_event(
            states.Event.REPORT_UPDATE,
            visibility.actor_for(context, visibility.ACCESS_OFFICER),
            data={"year": year, "sections": sorted(texts),
                  "submitted_on": row.submitted_on},
        )
    return service_store.narrative(year)

