"""Changing reports: verify, update, route, respond, add_info, close, reopen,
rate, withdraw. Each locks and reloads the row (two clicks at once: the second
waits, then meets the new state and is refused or finds nothing left to do),
asks the transition table, appends its ``suara_event`` rows in the same
transaction, commits, then queues the notifications."""
from __future__ import annotations

import datetime as dt
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import calendar as case_calendar
from ckanext.pekalongan.suara import clocks, dictization, notify, records, roles, states
from ckanext.pekalongan.suara import vocabulary as voc
from ckanext.pekalongan.suara.logic import schema
from ckanext.pekalongan.suara.logic.action import _base as b
from ckanext.pekalongan.suara.model import SuaraAssignment, SuaraReport, SuaraResponse
from ckanext.pekalongan.suara.states import Event

DOUBLE_SUBMIT = dt.timedelta(minutes=10)

__all__ = [
    "suara_report_verify", "suara_report_update", "suara_report_route",
    "suara_report_respond", "suara_report_add_info", "suara_report_close",
    "suara_report_reopen", "suara_report_rate", "suara_report_withdraw",
]


def _officer_start(action: str, context: dict, data_dict: dict, default_schema):
    b.screen(context, data_dict, default_schema)
    data, errors = b.validate(context, data_dict, default_schema)
    ref_errors = {k: v for k, v in errors.items() if k in ("number", "id")}
    b.raise_errors(ref_errors)
    report = b.find_or_404(context, data)
    tk.check_access(action, context, data)
    b.raise_errors(errors)
    return data, report


def _reporter_start(action: str, context: dict, data_dict: dict, default_schema):
    b.screen(context, data_dict, default_schema)
    data, errors = b.validate(context, data_dict, default_schema)
    b.raise_errors({k: v for k, v in errors.items() if k in ("number", "id")})
    report = b.find_or_404(context, data)
    b.check_reporter_access(action, context, data)
    b.raise_errors(errors)
    return data, report


def _result(report: SuaraReport, context: dict, view: str | None = None) -> dict:
    if view is None:
        view = dictization.view_for(roles.roles_for(context), report, False) or \
            dictization.PUBLIC
    return dictization.report_dict(report, view, records.today())


def _response(report, kind, text, context, org_id=None, reporter=False) -> SuaraResponse:
    row = SuaraResponse(
        id=str(uuid.uuid4()), report_id=report.id, kind=kind, org_id=org_id, text=text,
        created=records.now(), created_by=None if reporter else roles.user_id(context),
    )
    model.Session.add(row)
    return row


def _same_as_last(report, kind: str, text: str, org_id, context: dict) -> bool:
    """Whether the latest response of ``report`` is this very one (same kind,
    text, OPD and author, in the last minutes): read under the row lock, so a
    double submit posts once."""
    last = (model.Session.query(SuaraResponse)
            .filter(SuaraResponse.report_id == report.id)
            .order_by(SuaraResponse.created.desc(), SuaraResponse.id.desc()).first())
    return (last is not None and last.kind == kind and last.org_id == org_id
            and last.created_by == roles.user_id(context)
            and last.created >= records.now() - DOUBLE_SUBMIT and last.text == text)


def _other_report(number: str) -> SuaraReport | None:
    return records.find({"number": number})


def suara_report_verify(context: dict, data_dict: dict) -> dict:
    """Verify a received report (pengelola).

    :param number: the report (or ``id``)
    :param decision: ``accept`` or ``reject``
    :param public_text: required on accept: the text the public board shows,
        with personal data removed
    :param topic: correction of the topic (required on accept when the report
        has none, e.g. one that came by SMS)
    :param kecamatan: optional correction (or the kecamatan of an SMS report)
    :param kind: optional correction (``aspirasi``/``pengaduan``)
    :param reason: required on reject: ``unclear``, ``not_public_service`` or
        ``duplicate`` (then ``duplicate_of``: the original report's number)
    :returns: the report (pengelola view)
    """
    data, report = _officer_start("suara_report_verify", context, data_dict,
                                  schema.report_verify_schema)
    errors: dict = {}
    accept = data["decision"] == "accept"
    if accept and not (data.get("topic") or report.topic):
        b.add(errors, "topic", tk._("Pilih topik laporan sebelum verifikasi."))
    if accept and not data.get("public_text"):
        b.add(errors, "public_text",
              tk._("Tuliskan teks publik laporan (tanpa data pribadi) sebelum verifikasi."))
    if not accept:
        if not data.get("reason"):
            b.add(errors, "reason", tk._("Pilih alasan penolakan."))
        elif data["reason"] == voc.DUPLICATE:
            original = _other_report(data["duplicate_of"]) if data.get("duplicate_of") else None
            if not data.get("duplicate_of"):
                b.add(errors, "duplicate_of", tk._("Sebutkan nomor laporan aslinya."))
            elif original is None or original.id == report.id:
                b.add(errors, "duplicate_of", tk._("Laporan asli tidak ditemukan."))
    b.raise_errors(errors)
    with b.transaction(context):
        report = b.lock(context, report)
        event = Event.VERIFY if accept else Event.REJECT
        before, after = report.status, b.transition(report, event)
        report.status = after
        report.verified_at = records.now()
        report.verified_by = roles.user_id(context)
        fields = []
        if accept:
            report.public_text = data["public_text"]
            for key in ("topic", "kind", "kecamatan"):
                if data.get(key) and data[key] != getattr(report, key):
                    setattr(report, key, data[key])
                    fields.append(key)
        else:
            report.reject_reason = data["reason"]
            report.duplicate_of = data.get("duplicate_of") if data["reason"] == voc.DUPLICATE \
                else None
        records.add_event(report, event, b.actor(context), from_state=before, to_state=after,
                          data={"reason": report.reject_reason,
                                "duplicate_of": report.duplicate_of,
                                "fields": fields or None})
    notify.status_changed(report, after)
    return _result(report, context)


def suara_report_update(context: dict, data_dict: dict) -> dict:
    """Edit the moderated fields (pengelola): ``public_text``, ``topic``,
    ``kecamatan``, ``desa``. The original text never changes.

    :returns: the report (pengelola view)
    """
    data, report = _officer_start("suara_report_update", context, data_dict,
                                  schema.report_update_schema)
    if "public_text" in data and not data["public_text"] and report.status != states.RECEIVED:
        raise tk.ValidationError({"public_text": [tk._("Teks publik tidak boleh kosong.")]})
    with b.transaction(context):
        report = b.lock(context, report)
        b.transition(report, Event.UPDATE)
        fields = []
        for key in ("public_text", "topic", "kecamatan", "desa"):
            if key in data and data[key] != getattr(report, key):
                setattr(report, key, data[key] or None)
                fields.append(key)
        if fields:
            records.add_event(report, Event.UPDATE, b.actor(context),
                              from_state=report.status, to_state=report.status,
                              data={"fields": fields})
    return _result(report, context)


def suara_report_route(context: dict, data_dict: dict) -> dict:
    """Route a verified report to one or more OPDs (pengelola) and start the
    answer clock; routing again replaces the OPDs (an OPD removed keeps its
    history; an OPD kept keeps its due date).

    :param organizations: list of OPD ids or names
    :param complexity: ``sederhana`` (5 HK), ``tanpa_lapangan`` (14 HK) or
        ``lapangan`` (60 HK)
    :returns: the report (pengelola view) with ``answer_due``
    """
    data, report = _officer_start("suara_report_route", context, data_dict,
                                  schema.report_route_schema)
    calendar = case_calendar.current_calendar()
    today = records.today()
    with b.transaction(context):
        report = b.lock(context, report)
        before, after = report.status, b.transition(report, Event.ROUTE)
        wanted = list(data["organizations"])
        existing = {a.org_id: a for a in model.Session.query(SuaraAssignment).filter(
            SuaraAssignment.report_id == report.id)}
        active = {o for o, a in existing.items() if a.active}
        if before != states.VERIFIED and active == set(wanted) \
                and report.complexity == data["complexity"]:
            # the same routing again (a second click): nothing to apply
            return _result(report, context)
        days = clocks.answer_days(data["complexity"], records.days_by_complexity())
        if before == states.VERIFIED or report.complexity != data["complexity"] \
                or report.answer_due is None:
            due = clocks.answer_due(calendar, today, days)
            case_calendar.record_version(calendar)
            report.answer_due, report.answer_days = due, days
            report.answer_calendar_version = calendar.version
        due = report.answer_due
        report.complexity = data["complexity"]
        report.routed_at = report.routed_at or records.now()
        added = []
        for org_id in wanted:
            row = existing.get(org_id)
            if row is None:
                model.Session.add(SuaraAssignment(
                    id=str(uuid.uuid4()), report_id=report.id, org_id=org_id,
                    assigned_at=records.now(), assigned_by=roles.user_id(context), due=due,
                    active=True))
                added.append(org_id)
            elif not row.active:
                row.active, row.due = True, due
                row.assigned_at = records.now()
                added.append(org_id)
            else:
                row.due = due
        removed = [o for o, a in existing.items() if a.active and o not in wanted]
        for org_id in removed:
            existing[org_id].active = False
        report.status = after
        records.add_event(report, Event.ROUTE, b.actor(context), from_state=before,
                          to_state=after,
                          data={"org_ids": wanted, "removed_org_ids": removed or None,
                                "complexity": data["complexity"], "answer_due": due,
                                "calendar_version": report.answer_calendar_version})
    notify.routed(report, added)
    if before != after:
        notify.status_changed(report, after)
    return _result(report, context)


def suara_report_respond(context: dict, data_dict: dict) -> dict:
    """Answer, ask the reporter for more, or record a follow-up (an officer of
    a routed OPD, or the pengelola).

    :param text: the response (shown on the public board unless the report is
        rahasia: no personal data in it)
    :param kind: ``answer`` (default), ``request_info`` or ``followup``
    :param organization: the answering OPD, when the officer serves several
        routed OPDs (the pengelola may leave it out)
    :returns: the report (the caller's view)
    """
    data, report = _officer_start("suara_report_respond", context, data_dict,
                                  schema.report_respond_schema)
    r = roles.roles_for(context)
    routed = dictization.active_org_ids(report)
    mine = r.handles(routed)
    org_id = data.get("organization")
    if org_id is not None and org_id not in routed:
        raise tk.ValidationError({"organization": [
            tk._("Laporan ini tidak diteruskan ke OPD tersebut.")]})
    if org_id is not None and not r.manager and org_id not in mine:
        raise tk.NotAuthorized(tk._("Anda bukan petugas OPD tersebut."))
    if org_id is None and not r.manager:
        if len(mine) > 1:
            raise tk.ValidationError({"organization": [
                tk._("Pilih OPD yang memberi tanggapan.")]})
        org_id = next(iter(mine))
    event = {voc.ANSWER: Event.ANSWER, voc.REQUEST_INFO: Event.REQUEST_INFO,
             voc.FOLLOWUP: Event.FOLLOWUP}[data["kind"]]
    with b.transaction(context):
        report = b.lock(context, report)
        if _same_as_last(report, data["kind"], data["text"], org_id, context):
            return _result(report, context)  # a second click on the same response
        before, after = report.status, b.transition(report, event)
        row = _response(report, data["kind"], data["text"], context, org_id=org_id)
        now = records.now()
        if event == Event.ANSWER:
            report.first_answer_at = report.first_answer_at or now
            report.answered_at = now
            if org_id is not None:
                assignment = model.Session.query(SuaraAssignment).filter_by(
                    report_id=report.id, org_id=org_id).one_or_none()
                if assignment is not None and assignment.first_answer_at is None:
                    assignment.first_answer_at = now
        report.status = after
        model.Session.flush()
        records.add_event(report, event, b.actor(context), from_state=before, to_state=after,
                          org_id=org_id, data={"response_kind": data["kind"],
                                               "response_id": row.id})
    if before != after or event == Event.ANSWER:
        notify.status_changed(report, after, response_kind=data["kind"])
    return _result(report, context)


def suara_report_add_info(context: dict, data_dict: dict) -> dict:
    """The reporter answers a request for more information (with the code);
    the report goes back to the OPDs.

    :param number: the report
    :param tracking_code: the reporter's code
    :param text: the added information
    :param attachments: photos/PDFs (optional; at most ``upload_max_files``
        per report in all)
    :returns: the report (reporter view)
    """
    data, report = _reporter_start("suara_report_add_info", context, data_dict,
                                   schema.report_add_info_schema)
    from ckanext.pekalongan.suara.logic.action.create import store_attachments

    stored: list[str] = []
    with b.transaction(context, stored):
        report = b.lock(context, report)
        before, after = report.status, b.transition(report, Event.ADD_INFO)
        row = _response(report, voc.REPORTER_INFO, data["text"], context, reporter=True)
        uploads = data.get("attachments") or []
        store_attachments(report, uploads, None, stored)
        report.status = after
        model.Session.flush()
        records.add_event(report, Event.ADD_INFO, records.ACTOR_REPORTER, from_state=before,
                          to_state=after, data={"response_id": row.id,
                                                "attachments": len(uploads) or None})
    notify.routed(report, sorted(dictization.active_org_ids(report)), reason="add_info")
    return _result(report, context, dictization.REPORTER)


def suara_report_close(context: dict, data_dict: dict) -> dict:
    """Close an answered report (pengelola or an officer of a routed OPD).

    :param note: optional closing note (public unless rahasia)
    :returns: the report
    """
    data, report = _officer_start("suara_report_close", context, data_dict,
                                  schema.report_close_schema)
    with b.transaction(context):
        report = b.lock(context, report)
        before, after = report.status, b.transition(report, Event.CLOSE)
        if data.get("note"):
            _response(report, voc.CLOSE_NOTE, data["note"], context)
        report.status = after
        report.closed_at = records.now()
        records.add_event(report, Event.CLOSE, b.actor(context), from_state=before,
                          to_state=after)
    notify.status_changed(report, after)
    return _result(report, context)


def suara_report_reopen(context: dict, data_dict: dict) -> dict:
    """The reporter disagrees with the answer (within ``reopen_days`` HK of
    it): the report goes back to the OPDs with a new answer clock.

    :param tracking_code: the reporter's code
    :param reason: why the answer does not settle it
    :returns: the report (reporter view)
    """
    data, report = _reporter_start("suara_report_reopen", context, data_dict,
                                   schema.report_reopen_schema)
    calendar = case_calendar.current_calendar()
    today = records.today()
    with b.transaction(context):
        report = b.lock(context, report)
        before, after = report.status, b.transition(report, Event.REOPEN)
        if not clocks.reopen_allowed(calendar, records.local_day(report.answered_at), today,
                                     records.days("reopen")):
            raise tk.ValidationError({"status": [
                tk._("Batas waktu untuk membuka kembali laporan (%(n)s hari kerja sejak "
                     "tanggapan) sudah lewat.") % {"n": records.days("reopen")}]})
        _response(report, voc.REPORTER_INFO, data["reason"], context, reporter=True)
        days = report.answer_days or records.days(voc.SEDERHANA)
        due = clocks.answer_due(calendar, today, days)
        case_calendar.record_version(calendar)
        report.answer_due, report.answer_calendar_version = due, calendar.version
        report.reopen_count = (report.reopen_count or 0) + 1
        report.closed_at = None
        report.status = after
        for a in model.Session.query(SuaraAssignment).filter_by(report_id=report.id,
                                                               active=True):
            a.due = due
        records.add_event(report, Event.REOPEN, records.ACTOR_REPORTER, from_state=before,
                          to_state=after, data={"answer_due": due,
                                                "reopen_count": report.reopen_count})
    notify.routed(report, sorted(dictization.active_org_ids(report)), reason="reopen")
    return _result(report, context, dictization.REPORTER)


def suara_report_rate(context: dict, data_dict: dict) -> dict:
    """The reporter rates the answer, once (answered or closed).

    :param tracking_code: the reporter's code
    :param rating: 1..5
    :param comment: optional
    :returns: the report (reporter view)
    """
    data, report = _reporter_start("suara_report_rate", context, data_dict,
                                   schema.report_rate_schema)
    with b.transaction(context):
        report = b.lock(context, report)
        b.transition(report, Event.RATE)
        if report.rating is not None:
            raise tk.ValidationError({"rating": [tk._("Laporan ini sudah dinilai.")]})
        report.rating = data["rating"]
        report.rating_comment = data.get("comment") or None
        report.rated_at = records.now()
        records.add_event(report, Event.RATE, records.ACTOR_REPORTER,
                          from_state=report.status, to_state=report.status,
                          data={"rating": report.rating})
    return _result(report, context, dictization.REPORTER)


def suara_report_withdraw(context: dict, data_dict: dict) -> dict:
    """Withdraw a report that is not final: the reporter (with the code) or
    the pengelola.

    :param tracking_code: the reporter's code (not needed by the pengelola)
    :param reason: optional
    :returns: the report
    """
    data, report = _reporter_start("suara_report_withdraw", context, data_dict,
                                   schema.report_withdraw_schema)
    manager = roles.roles_for(context).manager
    with b.transaction(context):
        report = b.lock(context, report)
        before, after = report.status, b.transition(report, Event.WITHDRAW)
        if data.get("reason"):
            _response(report, voc.REPORTER_INFO if not manager else voc.CLOSE_NOTE,
                      data["reason"], context, reporter=not manager)
        report.status = after
        report.withdrawn_at = records.now()
        records.add_event(report, Event.WITHDRAW,
                          b.actor(context) if manager else records.ACTOR_REPORTER,
                          from_state=before, to_state=after,
                          data={"by": "pengelola" if manager else "reporter"})
    notify.status_changed(report, after)
    view = dictization.PENGELOLA if manager else dictization.REPORTER
    return _result(report, context, view)
