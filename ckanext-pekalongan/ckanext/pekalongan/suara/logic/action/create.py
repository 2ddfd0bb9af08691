"""Filing a report (``suara_report_create``)."""
from __future__ import annotations

import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import calendar as case_calendar
from ckanext.pekalongan.casework.names import with_old_names
from ckanext.pekalongan.ppid import ratelimit
from ckanext.pekalongan.suara import attachments, clocks, notify, records, roles, states
from ckanext.pekalongan.suara import vocabulary as voc
from ckanext.pekalongan.suara.logic import schema
from ckanext.pekalongan.suara.logic.action import _base as b
from ckanext.pekalongan.suara.model import SuaraAttachment, SuaraReport

__all__ = ["suara_report_create"]


def store_attachments(report: SuaraReport, uploads: list, user_id: str | None,
                      stored: list[str]) -> None:
    """Write checked uploads and their rows (``stored`` collects the files, so a
    rolled-back transaction removes them)."""
    existing = model.Session.query(SuaraAttachment).filter_by(report_id=report.id).count()
    if existing + len(uploads) > attachments.max_files():
        raise tk.ValidationError({"attachments": [
            tk._("Paling banyak %(n)s lampiran.") % {"n": attachments.max_files()}]})
    for upload in uploads:
        att_id = str(uuid.uuid4())
        relative = attachments.store(upload, report.id, att_id)
        stored.append(relative)
        model.Session.add(SuaraAttachment(
            id=att_id, report_id=report.id, filename=upload.filename, storage_path=relative,
            content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
            created=records.now(), created_by=user_id,
        ))


def suara_report_create(context: dict, data_dict: dict) -> dict:
    """File an aspiration or a complaint (no account needed).

    :param kind: ``aspirasi`` or ``pengaduan`` (``permintaan_informasi`` is
        refused with a pointer to the PPID form ``/ppid/ajukan``)
    :param text: the report, at most 4000 characters
    :param topic: one of the portal's topics (the dataset ``topik`` codes);
        optional for ``channel=sms`` (set at verification)
    :param kecamatan: Kemendagri code of the kecamatan (``33.26.01`` ...);
        optional for ``channel=sms``
    :param desa: village, free text (optional)
    :param privacy: ``public`` (default), ``anonim`` (identity hidden from the
        OPD and the public) or ``rahasia`` (report hidden from the public)
    :param channel: officers (and the SMS worker) only: ``web``, ``sms``,
        ``walk_in``, ``letter``, ``phone``, ``social_media``; default ``web``
    :param name: the reporter's name (optional)
    :param phone: phone (optional; normalised to E.164, region ID); status
        changes are sent to it by SMS
    :param email: e-mail (optional); status changes are sent to it
    :param attachments: photos/PDFs (multipart uploads; optional)
    :returns: ``id``, ``number``, ``tracking_code`` (shown only here: only a
        keyed hash is stored), ``status``, ``verify_due``, ``answer_due`` (null)
    :raises: ValidationError (field errors; ``rate_limit`` with HTTP 429 when
        one client address filed too many reports)
    """
    default_schema = (schema.report_create_sms_schema if data_dict.get("channel") == voc.SMS
                      else schema.report_create_schema)
    b.screen(context, data_dict, default_schema)
    tk.check_access("suara_report_create", context, data_dict)
    r = roles.roles_for(context)
    limited = not r.officer and not context.get("ignore_auth")
    if limited:
        ratelimit.check(b.FILING, context.get("client_address"))
    data, errors = b.validate(context, data_dict, default_schema)
    if data.get("website"):
        raise tk.ValidationError({"website": [tk._("Biarkan isian ini kosong.")]})
    channel = data.get("channel") or voc.WEB
    if channel != voc.WEB and not (r.officer or context.get("ignore_auth")):
        b.add(errors, "channel",
              tk._("Hanya petugas yang dapat mencatat laporan dari saluran selain situs web."))
    b.raise_errors(errors)
    if limited:
        ratelimit.consume(b.FILING, context.get("client_address"))

    received = records.today()
    calendar = case_calendar.current_calendar()
    verify_days = records.days("verify")
    due = clocks.verify_due(calendar, received, verify_days)
    code = records.new_tracking_code()
    stored: list[str] = []
    with b.transaction(context, stored):
        case_calendar.record_version(calendar)
        report = SuaraReport(
            id=str(uuid.uuid4()),
            number=records.next_number(received.year),
            year=received.year,
            tracking_code_hash=records.hash_code(code),
            kind=data["kind"],
            channel=channel,
            privacy=data.get("privacy") or voc.PUBLIC,
            status=states.RECEIVED,
            topic=data.get("topic") or None,
            kecamatan=data.get("kecamatan") or None,
            desa=data.get("desa") or None,
            received_on=received,
            created=records.now(),
            created_by=roles.user_id(context) if r.officer else None,
            text=data["text"],
            name=data.get("name") or None,
            phone=data.get("phone") or None,
            email=data.get("email") or None,
            verify_due=due,
            verify_days=verify_days,
            calendar_version=calendar.version,
            reopen_count=0,
        )
        model.Session.add(report)
        model.Session.flush()
        uploads = data.get("attachments") or []
        store_attachments(report, uploads, roles.user_id(context) if r.officer else None,
                          stored)
        records.add_event(
            report, states.Event.CREATE,
            b.actor(context) if r.officer else records.ACTOR_REPORTER,
            to_state=states.RECEIVED,
            data={"channel": channel, "kind": report.kind, "privacy": report.privacy,
                  "topic": report.topic, "kecamatan": report.kecamatan,
                  "received_on": received, "verify_due": due,
                  "calendar_version": calendar.version, "attachments": len(uploads)},
        )
        model.Session.flush()
    if not context.get("defer_commit"):
        notify.status_changed(report, states.RECEIVED)
    return with_old_names({
        "id": report.id,
        "number": report.number,
        "tracking_code": code,
        "status": report.status,
        "received_on": received.isoformat(),
        "verify_due": due.isoformat(),
        "answer_due": None,
    })
