"""Notifications of Suara Masyarakat: e-mail (CKAN's mailer) and SMS (the
SMS center's outbox), always from background jobs (``tk.enqueue_job``, run by
``ckan jobs worker``), never inside a web request.

* the reporter hears of every status change, by e-mail (if they gave one)
  and by SMS (if they gave a phone or wrote by SMS); the request for more
  information carries the OPD's question; the tracking code is never sent;
* the officers of an OPD are e-mailed when a report is routed to them (and
  when the reporter adds information or reopens it);
* the sweep's reminders go to the responsible officers, escalations to the
  pengelola (see ``sweep.py``).

A job names the letter only (kind, report id, status, organization, due
date): the addresses are read from the database when it runs, so Redis never
holds personal data. Every message is claimed in ``suara_notification``
under a unique key first, then sent, then committed: nothing is sent twice,
and a failed send is rolled back and retried (RQ retries). The SMS goes
through ``suara.sms.outbox.send_sms(phone, text, key=...)`` (idempotent by
key, honours BERHENTI); when the SMS center is not installed the SMS is
skipped with a log line. Logs name the report number and the kind only.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
from typing import Any, NamedTuple

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import mail as mailer
from ckanext.pekalongan.suara import records, roles, states
from ckanext.pekalongan.suara import vocabulary as voc
from ckanext.pekalongan.suara.model import SuaraEvent, SuaraNotification, SuaraReport

log = logging.getLogger(__name__)

SIGNATURE = "Suara Masyarakat - Pemerintah Kabupaten Pekalongan"
JOB_PREFIX = "suara-notify-"
OUTBOX = "ckanext.pekalongan.suara.sms.outbox"
_PENDING = ("queued", "scheduled", "started", "deferred")
fmt_date = mailer.fmt_date


class Recipient(NamedTuple):
    key: str
    name: str
    email: str


class Letter(NamedTuple):
    subject: str
    body: str
    sms: str | None  # the SMS to the reporter, or None


class NotSent(Exception):
    """Raised by :func:`send_job` so that RQ retries it (names no address)."""


# --- urls ------------------------------------------------------------------------------


def _url(endpoint: str, fallback: str, **kw) -> str:
    try:
        return tk.url_for(endpoint, _external=True, **kw)
    except Exception:
        return (tk.config.get("ckan.site_url") or "").rstrip("/") + fallback


def reporter_url(number: str) -> str:
    return _url("suara.track", "/suara/cek")


def officer_url(number: str) -> str:
    return _url("suara.admin_read", "/suara/admin", number=number)


# --- entry points of the actions (after their commit) -----------------------------------


def _last_event_id(report: SuaraReport) -> int:
    return model.Session.query(SuaraEvent.id).filter(
        SuaraEvent.report_id == report.id).order_by(SuaraEvent.id.desc()).limit(1).scalar() or 0


def status_changed(report: SuaraReport, status: str, response_kind: str | None = None) -> bool:
    """Tell the reporter (e-mail and/or SMS) that ``report`` is now ``status``."""
    if not (report.email or report.phone):
        return False
    spec = {"kind": "status", "report_id": report.id, "status": status,
            "event": _last_event_id(report), "response_kind": response_kind}
    return enqueue(spec, report.number)


def routed(report: SuaraReport, org_ids: list[str], reason: str = "route") -> int:
    """E-mail the officers of each OPD in ``org_ids`` about ``report``."""
    event = _last_event_id(report)
    return sum(
        enqueue({"kind": "routed", "report_id": report.id, "org_id": org_id, "event": event,
                 "reason": reason}, report.number)
        for org_id in org_ids
    )


# --- the queue ----------------------------------------------------------------------


def base_key(spec: dict) -> str:
    rid, kind = spec["report_id"], spec["kind"]
    if kind == "status":
        return f"suara:{rid}:status:{spec['status']}:{spec['event']}"
    if kind == "routed":
        return f"suara:{rid}:routed:{spec['org_id']}:{spec['event']}"
    if kind in ("reminder", "overdue"):
        target = spec.get("org_id") or "pengelola"
        step = f":{spec.get('step')}" if kind == "reminder" else ""
        return f"suara:{rid}:{kind}:{spec['clock']}:{target}:{spec['due']}{step}"
    raise LookupError(kind)


def _job_id(spec: dict) -> str:
    return JOB_PREFIX + hashlib.sha256(base_key(spec).encode()).hexdigest()[:32]


def is_pending(spec: dict) -> bool:
    from ckan.lib import jobs

    job = jobs.get_queue().fetch_job(_job_id(spec))
    return job is not None and job.get_status(refresh=False) in _PENDING


def _retry():
    from rq import Retry

    values = tk.aslist(tk.config.get("ckanext.pekalongan.suara.mail_retry_intervals") or [])
    intervals = [int(v) for v in values if str(v).isdigit()]
    return Retry(max=max(1, len(intervals)), interval=intervals or 0)


def enqueue(spec: dict, number: str) -> bool:
    """Queue the letter ``spec`` once (not if it is waiting already). False
    when the queue cannot be reached (logged; the action stays committed)."""
    spec = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in spec.items()}
    try:
        release_due_retries()
        if is_pending(spec):
            return True
        tk.enqueue_job(
            send_job, [spec], title=f"suara {spec['kind']} {number}",
            rq_kwargs={"job_id": _job_id(spec), "retry": _retry(),
                       "timeout": mailer.job_timeout(), "failure_ttl": 30 * 24 * 3600},
        )
    except Exception as e:  # Redis down
        log.warning("suara: %s notification for %s not queued (%s)", spec["kind"], number,
                    type(e).__name__)
        return False
    return True


def release_due_retries() -> int:
    """Move our jobs whose retry time has come back to the queue (``ckan jobs
    worker`` runs no RQ scheduler)."""
    from ckan.lib import jobs
    from rq.registry import ScheduledJobRegistry

    queue = jobs.get_queue()
    registry = ScheduledJobRegistry(queue=queue)
    released = 0
    for job_id in registry.get_jobs_to_schedule():
        if job_id.startswith(JOB_PREFIX):
            job = queue.fetch_job(job_id)
            registry.remove(job_id)
            if job is not None:
                queue.enqueue_job(job)
                released += 1
    return released


# --- recipients and letters -------------------------------------------------------------


def _users(users) -> list[Recipient]:
    seen, out = set(), []
    for user in users:
        if user.email and user.id not in seen:
            seen.add(user.id)
            out.append(Recipient(user.id, user.display_name or user.name, user.email))
    return out


def _status_letter(report: SuaraReport, spec: dict) -> Letter:
    status = spec["status"]
    label = tk._(states.STATUS_LABELS.get(status, status))
    n = report.number
    subject = tk._("[Suara Masyarakat] Laporan %(number)s: %(status)s") % {
        "number": n, "status": label}
    lines = [tk._("Laporan Anda %(number)s kini berstatus: %(status)s.") % {
        "number": n, "status": label}]
    if status == states.RECEIVED:
        lines.append(tk._("Laporan akan diverifikasi paling lambat %(date)s.") % {
            "date": fmt_date(report.verify_due)})
    elif status == states.REJECTED:
        lines.append(tk._("Alasan: %(reason)s") % {
            "reason": tk._(voc.REJECT_REASON_LABELS.get(report.reject_reason or "", "-"))})
    elif status == states.ROUTED and report.answer_due:
        lines.append(tk._("OPD wajib menanggapi paling lambat %(date)s.") % {
            "date": fmt_date(report.answer_due)})
    elif status == states.AWAITING_REPORTER:
        lines.append(tk._("OPD meminta keterangan tambahan:"))
        lines.append(_last_response_text(report, voc.REQUEST_INFO))
    elif status == states.ANSWERED:
        lines.append(tk._("Tanggapan OPD:"))
        lines.append(_last_response_text(report, voc.ANSWER))
    lines += ["", tk._("Lihat laporan Anda di %(url)s dengan nomor laporan dan kode pelacakan.")
              % {"url": reporter_url(n)}, "", SIGNATURE]
    sms = tk._("Laporan %(number)s: %(status)s. Cek: %(url)s") % {
        "number": n, "status": label, "url": reporter_url(n)}
    return Letter(subject, "\n".join(lines), sms)


def _last_response_text(report: SuaraReport, kind: str) -> str:
    from ckanext.pekalongan.suara.model import SuaraResponse

    row = (model.Session.query(SuaraResponse)
           .filter(SuaraResponse.report_id == report.id, SuaraResponse.kind == kind)
           .order_by(SuaraResponse.created.desc()).first())
    return row.text if row is not None else "-"


def _officer_letter(report: SuaraReport, spec: dict) -> Letter:
    n, kind = report.number, spec["kind"]
    if kind == "routed":
        why = {"add_info": tk._("Pelapor menambahkan keterangan pada laporan %(number)s."),
               "reopen": tk._("Pelapor membuka kembali laporan %(number)s.")}.get(
            spec.get("reason"), tk._("Laporan %(number)s diteruskan ke OPD Anda.")) % {
            "number": n}
        subject = tk._("[Suara Masyarakat] %(number)s untuk OPD Anda") % {"number": n}
        when = tk._("Batas waktu tanggapan: %(date)s.") % {"date": fmt_date(report.answer_due)}
    elif kind == "reminder":
        subject = tk._("[Suara Masyarakat] Pengingat: %(number)s jatuh tempo %(date)s") % {
            "number": n, "date": spec["due"]}
        why = tk._("Laporan %(number)s belum ditindaklanjuti.") % {"number": n}
        when = tk._("Batas waktu: %(date)s.") % {"date": fmt_date(spec["due"])}
    else:
        subject = tk._("[Suara Masyarakat] Terlambat: %(number)s melewati batas %(date)s") % {
            "number": n, "date": spec["due"]}
        why = tk._("Laporan %(number)s melewati batas waktunya tanpa tindak lanjut.") % {
            "number": n}
        when = tk._("Batas waktu: %(date)s.") % {"date": fmt_date(spec["due"])}
    body = "\n".join([why, when, tk._("Buka laporan: %(url)s") % {"url": officer_url(n)},
                      "", SIGNATURE])
    return Letter(subject, body, None)


def _letter(spec: dict) -> tuple[SuaraReport, list[Recipient], Letter, bool]:
    """(report, e-mail recipients, letter, to the reporter?)."""
    report = model.Session.get(SuaraReport, spec["report_id"])
    if report is None:
        raise LookupError(spec["kind"])
    if spec["kind"] == "status":
        rcpts = [Recipient("reporter", report.name or "", report.email)] if report.email else []
        return report, rcpts, _status_letter(report, spec), True
    if spec["kind"] in ("routed", "reminder") and spec.get("org_id"):
        rcpts = _users(roles.officers_of(spec["org_id"])) or _users(roles.pengelola_officers())
    else:
        rcpts = _users(roles.pengelola_officers())
    return report, rcpts, _officer_letter(report, spec), False


def claim(key: str, kind: str, report: SuaraReport, channel: str = "email") -> bool:
    stmt = (
        pg_insert(SuaraNotification.__table__)
        .values(key=key, kind=kind, channel=channel, report_id=report.id,
                sent_at=records.now())
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(SuaraNotification.__table__.c.id)
    )
    return model.Session.execute(stmt).scalar() is not None


def _sms_outbox():
    try:
        if importlib.util.find_spec(OUTBOX) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(OUTBOX)


def _send_sms(report: SuaraReport, key: str, kind: str, text: str) -> bool:
    outbox = _sms_outbox()
    if outbox is None:
        log.info("suara: SMS center not installed, %s SMS for %s skipped", kind, report.number)
        return True
    if not claim(key, kind, report, channel="sms"):
        model.Session.rollback()
        return True
    outbox.send_sms(report.phone, text, key=key)
    model.Session.commit()
    return True


def send_job(spec: dict) -> int:
    """The background job: send the letter ``spec`` to whoever has not had it."""
    mailer.install_log_filter()
    with mailer.request_context():
        try:
            report, rcpts, letter, to_reporter = _letter(spec)
        except LookupError:
            model.Session.rollback()
            log.warning("suara: %s notification dropped: its report is gone", spec["kind"])
            return 0
        key, number, sent, failed = base_key(spec), report.number, 0, 0
        if not rcpts and not to_reporter:
            log.warning("suara: nobody to e-mail the %s of %s to (assign officers)",
                        spec["kind"], number)
        with mailer.socket_timeout(mailer.smtp_timeout()):
            for r in rcpts:
                try:
                    if not claim(f"{key}:{r.key}", spec["kind"], report):
                        model.Session.rollback()
                        continue
                    tk.mail_recipient(mailer.header_safe(r.name), r.email,
                                      letter.subject, letter.body)
                    model.Session.commit()
                    sent += 1
                except Exception as e:
                    model.Session.rollback()
                    failed += 1
                    log.warning("suara: %s e-mail for %s not sent (%s; will retry)",
                                spec["kind"], number, type(e).__name__)
        if to_reporter and report.phone and letter.sms and not _sms_is_receipt(report, spec):
            try:
                _send_sms(report, f"{key}:sms", spec["kind"], letter.sms)
                sent += 1
            except Exception as e:
                model.Session.rollback()
                failed += 1
                log.warning("suara: %s SMS for %s not sent (%s; will retry)", spec["kind"],
                            number, type(e).__name__)
    if failed:
        raise NotSent(f"{spec['kind']} notification for {number}: {failed} not sent")
    return sent


def _sms_is_receipt(report: SuaraReport, spec: dict) -> bool:
    """A report that came by SMS is acknowledged by the SMS worker's own reply."""
    return spec.get("status") == states.RECEIVED and report.channel == voc.SMS


def pending_count(spec: dict) -> Any:
    """How many e-mail recipients of ``spec`` have not been sent it."""
    _report, rcpts, _letter_, _ = _letter(spec)
    key = base_key(spec)
    keys = [f"{key}:{r.key}" for r in rcpts] or [""]
    done = {k for (k,) in model.Session.query(SuaraNotification.key)
            .filter(SuaraNotification.key.in_(keys))}
    return sum(1 for r in rcpts if f"{key}:{r.key}" not in done)
