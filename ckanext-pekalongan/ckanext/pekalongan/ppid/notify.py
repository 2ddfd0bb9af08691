"""E-mails of the PPID service, sent through CKAN's mailer (``smtp.*``) by
background jobs (CKAN's job queue on Redis, run by ``ckan jobs worker``).

No e-mail is sent inside a web request: the actions commit, then
:func:`enqueue` queues one job per letter; a slow, hanging or broken mail
server can neither block a web worker nor turn a committed request into an
error page. The job names the letter only (kind, request and objection ids,
due date): it loads the addresses from the database when it runs, so Redis
never holds personal data. Each job has RQ retries with a back-off
(``mail_retry_intervals``), the SMTP connection a timeout (``smtp_timeout``);
what is still unsent after the last retry is queued again by the daily sweep.

Plain text, Indonesian first: the msgids of these official letters are the
Indonesian wording (like the vocabulary labels of ``states.py``); the ``en``
catalogue translates them. The tracking code is never e-mailed: it is shown
once, on screen, with the receipt.

Every e-mail is claimed first in ``ppid_notification`` under a unique key
(per request or objection, kind, due date and recipient), then sent, then
committed, one by one: a second run of the sweep sends nothing twice, and a
failed send is rolled back and retried by the next run. Logs name the ticket
and the kind only, never an address or a name.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Iterable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework import mail as mailer
from ckanext.pekalongan.casework.model import utcnow
from ckanext.pekalongan.ppid import clock, roles, vocabulary
from ckanext.pekalongan.ppid.model import PpidNotification, PpidObjection, PpidRequest

log = logging.getLogger(__name__)

SIGNATURE = "PPID Kabupaten Pekalongan"


# --- formatting ---------------------------------------------------------------------


def site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def request_url(ticket: str) -> str:
    """Where a requester tracks a request: the web UI's tracking page when it
    exists (endpoint ``ppid.track``), else the PPID home."""
    try:
        return tk.url_for("ppid.track", ticket=ticket, _external=True)
    except Exception:
        return site_url() + "/ppid"


def officer_url(ticket: str) -> str:
    try:
        return tk.url_for("ppid_admin.request_read", ticket=ticket, _external=True)
    except Exception:
        return site_url() + "/ppid"


# --- recipients ---------------------------------------------------------------------


def _users(users: Iterable[model.User]) -> list[mailer.Recipient]:
    seen, out = set(), []
    for user in users:
        if user.email and user.id not in seen:
            seen.add(user.id)
            out.append(mailer.Recipient(user.id, user.display_name or user.name, user.email))
    return out


def responsible_officers(req: PpidRequest) -> list[mailer.Recipient]:
    """The PPID Pelaksana of the OPD the request is routed to; PPID Utama when
    it is not routed (or that OPD has no officer with an e-mail address)."""
    if req.routed_org_id:
        found = _users(roles.officers_of(req.routed_org_id))
        if found:
            return found
    return _users(roles.utama_officers())


def escalation_recipients() -> list[mailer.Recipient]:
    return _users([*roles.utama_officers(), *roles.atasan_members()])


def atasan_recipients() -> list[mailer.Recipient]:
    return _users(roles.atasan_members())


def requester(req: PpidRequest) -> list[mailer.Recipient]:
    return [mailer.Recipient("requester", req.name, req.email)] if req.email else []


# --- sending ------------------------------------------------------------------------


def claim(
    key: str,
    kind: str,
    request: PpidRequest | None = None,
    objection: PpidObjection | None = None,
    due: dt.date | None = None,
) -> bool:
    """Insert the notification row; False if ``key`` was sent before."""
    stmt = (
        pg_insert(PpidNotification.__table__)
        .values(
            key=key,
            kind=kind,
            request_id=request.id if request is not None else None,
            objection_id=objection.id if objection is not None else None,
            due_date=due,
            recipients=1,
            sent_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(PpidNotification.__table__.c.id)
    )
    return model.Session.execute(stmt).scalar() is not None


def deliver(
    base_key: str,
    kind: str,
    recipients: Iterable[mailer.Recipient],
    mail: mailer.Mail,
    ticket: str,
    request: PpidRequest | None = None,
    objection: PpidObjection | None = None,
    due: dt.date | None = None,
    officers: bool = False,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> tuple[int, int]:
    """Claim, send and commit once per recipient; returns (sent now, failed).
    Commits the session (runs in the mail job, never in a web request). A
    failure rolls the claim back, so a retry sends it. ``officers``: warn
    when nobody can be reached (no officer with an e-mail address is assigned
    the role). Logs name the kind and the ticket, never an address."""
    recipients = list(recipients)
    if officers and not recipients:
        log.warning("ppid: nobody to send the %s e-mail for %s to (assign PPID roles)",
                    kind, ticket)
    sent = failed = 0
    for rcpt in recipients:
        key = f"{base_key}:{rcpt.key}"
        try:
            if not claim(key, kind, request, objection, due):
                model.Session.rollback()
                continue
            files = [(n, io.BytesIO(b), t) for n, b, t in attachments or ()]
            tk.mail_recipient(mailer.header_safe(rcpt.name), rcpt.email, mail.subject, mail.body,
                              attachments=files or None)
            if kind in NOTICE_KINDS and request is not None:
                _record_sent(kind, rcpt, request, objection, len(files))
            model.Session.commit()
            sent += 1
        except Exception as e:  # the mail server, the address, the message: never fatal
            model.Session.rollback()
            failed += 1
            log.warning("ppid: %s e-mail for %s not sent (%s; will retry)",
                        kind, ticket, type(e).__name__)
    return sent, failed


# --- the letters --------------------------------------------------------------------


def _objection_right() -> str:
    return tk._(
        "Hak Anda: bila permohonan tidak ditanggapi sampai batas waktu, ditolak, ditanggapi "
        "tidak sebagaimana diminta, tidak dipenuhi, dikenai biaya tidak wajar, atau "
        "disampaikan melebihi waktu, Anda dapat mengajukan keberatan kepada Atasan PPID "
        "paling lambat %(days)s hari kerja sejak alasan itu timbul (UU 14/2008 Pasal 35-36)."
    ) % {"days": clock.days("objection_window")}


def receipt_mail(req: PpidRequest) -> mailer.Mail:
    subject = tk._("[PPID] Tanda terima permohonan informasi %(ticket)s") % {
        "ticket": req.ticket
    }
    body = "\n".join(
        [
            tk._("Yth. %(name)s,") % {"name": req.name},
            "",
            tk._("Permohonan informasi publik Anda telah kami terima dan dicatat."),
            "",
            tk._("Nomor pendaftaran: %(ticket)s") % {"ticket": req.ticket},
            tk._("Tanggal diterima: %(date)s") % {"date": mailer.fmt_date(req.received_on)},
            tk._("Batas waktu pemberitahuan tertulis (%(days)s hari kerja): %(date)s")
            % {"days": req.notice_days, "date": mailer.fmt_date(req.original_due_date)},
            tk._("Paling lambat bila diperpanjang (%(days)s hari kerja, dengan alasan tertulis): "
                 "%(date)s")
            % {"days": clock.days("extension"), "date": mailer.fmt_date(req.latest_due_date)},
            "",
            tk._(
                "Lacak permohonan Anda di %(url)s dengan nomor pendaftaran dan kode pelacakan. "
                "Kode pelacakan hanya ditampilkan sekali saat permohonan diajukan dan tidak "
                "dikirim lewat surel."
            )
            % {"url": request_url(req.ticket)},
            "",
            _objection_right(),
            "",
            SIGNATURE,
        ]
    )
    return mailer.Mail(subject, body)


def objection_receipt_mail(req: PpidRequest, obj: PpidObjection) -> mailer.Mail:
    subject = tk._("[PPID] Tanda terima keberatan %(number)s") % {"number": obj.number}
    body = "\n".join(
        [
            tk._("Yth. %(name)s,") % {"name": req.name},
            "",
            tk._("Keberatan Anda atas permohonan %(ticket)s telah kami terima.")
            % {"ticket": req.ticket},
            tk._("Nomor keberatan: %(number)s") % {"number": obj.number},
            tk._("Tanggal diterima: %(date)s") % {"date": mailer.fmt_date(obj.filed_on)},
            tk._("Atasan PPID wajib menanggapi paling lambat %(date)s (%(days)s hari kerja).")
            % {"date": mailer.fmt_date(obj.due_date), "days": obj.answer_days},
            tk._(
                "Bila Anda tidak puas dengan tanggapan Atasan PPID, atau tidak ditanggapi, Anda "
                "dapat mengajukan sengketa informasi ke Komisi Informasi Provinsi Jawa Tengah "
                "paling lambat %(days)s hari kerja setelahnya (Pasal 37)."
            )
            % {"days": clock.days("dispute")},
            "",
            SIGNATURE,
        ]
    )
    return mailer.Mail(subject, body)


def reminder_mail(req: PpidRequest, left: int) -> mailer.Mail:
    if left <= 0:
        subject = tk._("[PPID] Batas waktu hari ini: %(ticket)s") % {"ticket": req.ticket}
        when = tk._("Batas waktu pemberitahuan tertulis adalah HARI INI, %(date)s.") % {
            "date": mailer.fmt_date(req.due_date)
        }
    else:
        subject = tk._("[PPID] Pengingat: %(ticket)s jatuh tempo %(date)s") % {
            "ticket": req.ticket,
            "date": req.due_date.isoformat(),
        }
        when = tk._("Batas waktu pemberitahuan tertulis: %(date)s (%(n)s hari kerja lagi).") % {
            "date": mailer.fmt_date(req.due_date),
            "n": left,
        }
    return mailer.Mail(subject, _officer_body(req, when))


def overdue_mail(req: PpidRequest) -> mailer.Mail:
    subject = tk._("[PPID] Terlambat: %(ticket)s melewati batas waktu %(date)s") % {
        "ticket": req.ticket,
        "date": req.due_date.isoformat(),
    }
    when = tk._(
        "Permohonan ini belum diputus dan batas waktunya (%(date)s) telah lewat. Pemohon "
        "kini berhak mengajukan keberatan karena permohonan tidak ditanggapi (Pasal 35 ayat 1 "
        "huruf c)."
    ) % {"date": mailer.fmt_date(req.due_date)}
    return mailer.Mail(subject, _officer_body(req, when))


def _officer_body(req: PpidRequest, when: str) -> str:
    return "\n".join(
        [
            tk._("Permohonan informasi %(ticket)s (diterima %(received)s, status: %(status)s).")
            % {
                "ticket": req.ticket,
                "received": mailer.fmt_date(req.received_on),
                "status": req.status,
            },
            when,
            tk._("Buka permohonan: %(url)s") % {"url": officer_url(req.ticket)},
            "",
            SIGNATURE,
        ]
    )


def objection_reminder_mail(
    obj: PpidObjection, ticket: str, left: int, lapsed: bool
) -> mailer.Mail:
    if lapsed:
        subject = tk._("[PPID] Keberatan %(number)s belum ditanggapi (batas %(date)s)") % {
            "number": obj.number,
            "date": obj.due_date.isoformat(),
        }
        when = tk._(
            "Batas waktu tanggapan Atasan PPID (%(date)s) telah lewat; pemohon dapat "
            "mengajukan sengketa ke Komisi Informasi."
        ) % {"date": mailer.fmt_date(obj.due_date)}
    else:
        subject = tk._(
            "[PPID] Pengingat keberatan %(number)s: tanggapan paling lambat %(date)s"
        ) % {"number": obj.number, "date": obj.due_date.isoformat()}
        when = tk._("Tanggapan Atasan PPID paling lambat %(date)s (%(n)s hari kerja lagi).") % {
            "date": mailer.fmt_date(obj.due_date),
            "n": left,
        }
    body = "\n".join(
        [
            tk._("Keberatan %(number)s atas permohonan %(ticket)s (diterima %(filed)s).")
            % {"number": obj.number, "ticket": ticket, "filed": mailer.fmt_date(obj.filed_on)},
            when,
            tk._("Buka permohonan: %(url)s") % {"url": officer_url(ticket)},
            "",
            SIGNATURE,
        ]
    )
    return mailer.Mail(subject, body)


# --- the queue: letters are named, jobs send them ------------------------------------


class MailNotSent(Exception):
    """Raised by :func:`send_job` so that RQ retries it. Its message names the
    letter and the ticket only (RQ logs it)."""


JOB_PREFIX = "ppid-mail-"
_PENDING = ("queued", "scheduled", "started", "deferred")


def _setting(name: str) -> Any:
    return tk.config.get(f"ckanext.pekalongan.ppid.{name}")


def base_key(spec: dict) -> str:
    """The ``ppid_notification`` key of a letter (one row per recipient is
    ``<base_key>:<recipient>``)."""
    spec = _plain(spec)
    kind, rid, due = spec["kind"], spec["request_id"], spec.get("due")
    oid = spec.get("objection_id")
    key = {
        "receipt": f"request:{rid}:receipt",
        "decided": f"request:{rid}:decided",
        "objection_receipt": f"objection:{oid}:receipt",
        "reminder": f"request:{rid}:reminder-{spec.get('step')}:{due}",
        "overdue": f"request:{rid}:overdue:{due}",
        "objection_reminder": f"objection:{oid}:reminder-{spec.get('step')}:{due}",
        "objection_lapsed": f"objection:{oid}:lapsed:{due}",
        "extended": f"request:{rid}:extended",
        "routed": f"request:{rid}:routed:{spec.get('step')}",
        "reopened": f"objection:{oid}:reopened",
        "objection_decided": f"objection:{oid}:decided",
    }[kind]
    if kind == "decided" and int(spec.get("step") or 1) > 1:  # a decision given again
        key = f"{key}-{spec['step']}"
    return key


def _letter(
    spec: dict,
) -> tuple[str, list[mailer.Recipient], mailer.Mail, PpidRequest, PpidObjection | None]:
    """(notification kind, recipients, mail, request, objection) of ``spec``."""
    kind = spec["kind"]
    req = model.Session.get(PpidRequest, spec["request_id"])
    obj = model.Session.get(PpidObjection, spec["objection_id"]) if spec.get(
        "objection_id"
    ) else None
    if req is None or (spec.get("objection_id") and obj is None):
        raise LookupError(kind)
    step, left = spec.get("step"), int(spec.get("left") or 0)
    if kind == "receipt":
        return "receipt", requester(req), receipt_mail(req), req, None
    if kind == "decided":
        return "decided", requester(req), decided_mail(req), req, None
    if kind == "objection_receipt":
        return "objection_receipt", requester(req), objection_receipt_mail(req, obj), req, obj
    if kind == "reminder":
        return f"reminder_{step}", responsible_officers(req), reminder_mail(req, left), req, None
    if kind == "overdue":
        return "overdue", escalation_recipients(), overdue_mail(req), req, None
    if kind == "objection_reminder":
        mail = objection_reminder_mail(obj, req.ticket, left, lapsed=False)
        return f"objection_reminder_{step}", atasan_recipients(), mail, req, obj
    if kind == "objection_lapsed":
        mail = objection_reminder_mail(obj, req.ticket, 0, lapsed=True)
        return "objection_lapsed", escalation_recipients(), mail, req, obj
    if kind == "extended":
        return "extended", requester(req), extended_mail(req), req, None
    if kind == "routed":
        return "routed", routed_officers(req), routed_mail(req), req, None
    if kind == "reopened":
        return "reopened", responsible_officers(req), reopened_mail(req, obj), req, obj
    if kind == "objection_decided":
        return ("objection_decided", requester(req), objection_decided_mail(req, obj), req,
                obj)
    raise LookupError(kind)


def pending_recipients(spec: dict) -> int:
    """How many recipients of the letter have not been sent it yet."""
    _kind, recipients, _mail, _req, _obj = _letter(spec)
    key = base_key(spec)
    done = {
        k
        for (k,) in model.Session.query(PpidNotification.key).filter(
            PpidNotification.key.in_([f"{key}:{r.key}" for r in recipients] or [""])
        )
    }
    return sum(1 for r in recipients if f"{key}:{r.key}" not in done)


def _plain(spec: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in spec.items()}


def _job_id(spec: dict) -> str:
    return JOB_PREFIX + hashlib.sha256(base_key(_plain(spec)).encode()).hexdigest()[:32]


def is_pending(spec: dict) -> bool:
    """Whether the letter is already waiting in the queue (or being sent)."""
    from ckan.lib import jobs

    job = jobs.get_queue().fetch_job(_job_id(spec))
    return job is not None and job.get_status(refresh=False) in _PENDING


def _retry():
    from rq import Retry

    intervals = [int(v) for v in tk.aslist(_setting("mail_retry_intervals") or [])]
    return Retry(max=max(1, len(intervals)), interval=intervals or 0)


def enqueue(spec: dict, ticket: str) -> bool:
    """Queue the letter ``spec`` (``kind``, ``request_id``, optional
    ``objection_id``, ``due``, ``step``, ``left``), once: a letter already
    waiting in the queue is not queued twice. Call it after the commit.
    False when the queue cannot be reached (logged; nothing raised: the
    sweep queues what is still unsent)."""
    spec = _plain(spec)
    try:
        release_due_retries()
        if is_pending(spec):
            return True
        tk.enqueue_job(
            send_job,
            [spec],
            title=f"ppid {spec['kind']} {ticket}",
            rq_kwargs={
                "job_id": _job_id(spec),
                "retry": _retry(),
                "timeout": mailer.job_timeout(),
                "failure_ttl": 30 * 24 * 3600,
            },
        )
    except Exception as e:  # Redis down: the request stays committed; the sweep retries
        log.warning("ppid: %s e-mail for %s not queued (%s)", spec["kind"], ticket,
                    type(e).__name__)
        return False
    return True


def release_due_retries() -> int:
    """Move PPID mail jobs whose retry time has come back to the queue.
    RQ schedules retries with a back-off, but ``ckan jobs worker`` runs no RQ
    scheduler: every new mail job and the sweep release them instead."""
    from ckan.lib import jobs
    from rq.registry import ScheduledJobRegistry

    queue = jobs.get_queue()
    registry = ScheduledJobRegistry(queue=queue)
    released = 0
    for job_id in registry.get_jobs_to_schedule():
        if not job_id.startswith(JOB_PREFIX):
            continue
        job = queue.fetch_job(job_id)
        registry.remove(job_id)
        if job is not None:
            queue.enqueue_job(job)
            released += 1
    return released


def send_job(spec: dict) -> int:
    """The background job: send the letter ``spec`` to every recipient not
    sent it yet. Raises :class:`MailNotSent` (RQ retries) if one failed."""
    mailer.install_log_filter()
    with mailer.request_context():
        try:
            kind, recipients, mail, req, obj = _letter(spec)
        except LookupError:
            model.Session.rollback()
            log.warning("ppid: %s e-mail dropped: its request or objection is gone", spec["kind"])
            return 0
        ticket = req.ticket
        due = dt.date.fromisoformat(spec["due"]) if spec.get("due") else None
        officers = spec["kind"] not in REQUESTER_KINDS
        files = decision_attachments(req) if spec["kind"] == "decided" else None
        with mailer.socket_timeout(mailer.smtp_timeout()):
            sent, failed = deliver(
                base_key(spec), kind, recipients, mail, ticket,
                request=req, objection=obj, due=due, officers=officers, attachments=files,
            )
    if failed:
        raise MailNotSent(f"{spec['kind']} e-mail for {ticket}: {failed} not sent")
    return sent


# --- entry points used by the actions (after their commit) ----------------------------


def queue_receipt(req: PpidRequest) -> bool:
    return bool(req.email) and enqueue({"kind": "receipt", "request_id": req.id}, req.ticket)


def queue_decided(req: PpidRequest) -> bool:
    spec = {"kind": "decided", "request_id": req.id, "step": req.decision_round or 1}
    return bool(req.email) and enqueue(spec, req.ticket)


def queue_objection_receipt(req: PpidRequest, obj: PpidObjection) -> bool:
    spec = {"kind": "objection_receipt", "request_id": req.id, "objection_id": obj.id}
    return bool(req.email) and enqueue(spec, req.ticket)


# --- the notices of issue #15 (15B): extension, decision with its files, objection answer,
# routing, reopening; each recorded in the audit trail -------------------------------------

# letters to the requester (no warning when nobody can be reached: no address, no letter)
REQUESTER_KINDS = ("receipt", "decided", "objection_receipt", "extended", "objection_decided")
# notices the law requires: each send (or each paper notice to hand over) is an audit event
NOTICE_KINDS = frozenset({*REQUESTER_KINDS, "routed", "reopened"})


def _record_sent(kind: str, rcpt: mailer.Recipient, req: PpidRequest,
                 obj: PpidObjection | None, attached: int) -> None:
    """The audit row of one e-mail sent (in the job's transaction, with its claim). Names
    the recipient by role or user id, never by address."""
    from ckanext.pekalongan.ppid import states, store, visibility

    store.add_event(
        states.Event.NOTICE, visibility.ACTOR_SYSTEM, request=req, objection=obj,
        data={"kind": kind, "channel": states.NOTICE_EMAIL, "status": "sent",
              "to": "requester" if rcpt.key == "requester" else rcpt.key,
              "attachments": attached},
    )


def record_paper_notices(req: PpidRequest, kind: str, actor: str,
                         obj: PpidObjection | None = None) -> list[str]:
    """In the action's transaction: for each channel other than e-mail by which the
    requester is to be told (``states.notice_channels``: post/courier, SMS), an audit row
    ``notice`` with ``status: to_send``: the officer prints or sends it (the request page
    lists them). Returns those channels."""
    from ckanext.pekalongan.ppid import states, store

    channels = [
        ch for ch in states.notice_channels(bool(req.email), req.how_to_receive, req.channel,
                                            bool(req.phone))
        if ch != states.NOTICE_EMAIL
    ]
    for ch in channels:
        store.add_event(states.Event.NOTICE, actor, request=req, objection=obj,
                        data={"kind": kind, "channel": ch, "status": "to_send"})
    return channels


def routed_officers(req: PpidRequest) -> list[mailer.Recipient]:
    """The PPID Pelaksana of the OPD the request was routed to (PPID Utama when that OPD
    has nobody with an e-mail address: somebody must know)."""
    return responsible_officers(req)


def extended_mail(req: PpidRequest) -> mailer.Mail:
    subject = tk._("[PPID] Perpanjangan waktu permohonan %(ticket)s") % {"ticket": req.ticket}
    body = "\n".join([
        tk._("Yth. %(name)s,") % {"name": req.name},
        "",
        tk._("Dengan ini kami beritahukan bahwa jangka waktu pemberitahuan tertulis atas "
             "permohonan %(ticket)s diperpanjang %(days)s hari kerja (UU 14/2008 Pasal 22 "
             "ayat 8).") % {"ticket": req.ticket, "days": req.extension_days},
        tk._("Alasan perpanjangan: %(reason)s") % {"reason": req.extension_reason or "-"},
        tk._("Batas waktu semula: %(date)s") % {"date": mailer.fmt_date(req.original_due_date)},
        tk._("Batas waktu baru: %(date)s") % {"date": mailer.fmt_date(req.due_date)},
        "",
        tk._("Lacak permohonan Anda di %(url)s.") % {"url": request_url(req.ticket)},
        "",
        SIGNATURE,
    ])
    return mailer.Mail(subject, body)


def _attachment_cap() -> int:
    return int(_setting("mail_attachment_max_bytes") or 5_000_000)


def released_documents(req: PpidRequest) -> list:
    from ckanext.pekalongan.ppid.model import PpidDocument

    return (
        model.Session.query(PpidDocument)
        .filter_by(request_id=req.id, kind="response", released=True)
        .order_by(PpidDocument.created)
        .all()
    )


def documents_fit(req: PpidRequest) -> bool:
    """Whether the released documents go with the decision e-mail (their total size within
    ``mail_attachment_max_bytes``); above it the e-mail gives the link only."""
    return sum(d.size or 0 for d in released_documents(req)) <= _attachment_cap()


def decision_attachments(req: PpidRequest) -> list[tuple[str, bytes, str]]:
    """The notice PDF, then the released documents when they fit under the cap."""
    from ckanext.pekalongan.ppid import files, notice, notice_pdf

    out: list[tuple[str, bytes, str]] = []
    if req.status == "decided":
        data = tk.get_action("ppid_request_show")({"ignore_auth": True, "user": ""},
                                                  {"ticket": req.ticket})
        out.append((f"pemberitahuan-{req.ticket}.pdf", notice_pdf.render(notice.build(data)),
                    "application/pdf"))
    if documents_fit(req):
        for doc in released_documents(req):
            with open(files.absolute_path(doc.storage_path), "rb") as fh:
                out.append((doc.filename, fh.read(), doc.content_type))
    return out


def decided_mail(req: PpidRequest) -> mailer.Mail:
    from ckanext.pekalongan.ppid import notice_link

    label = tk._(vocabulary.DECISION_LABELS.get(req.decision or "", req.decision or ""))
    subject = tk._("[PPID] Pemberitahuan tertulis atas permohonan %(ticket)s") % {
        "ticket": req.ticket
    }
    docs = released_documents(req)
    if not docs:
        files_line = tk._("Pemberitahuan tertulis terlampir (PDF).")
    elif documents_fit(req):
        files_line = tk._("Pemberitahuan tertulis (PDF) dan %(n)s dokumen yang diberikan "
                          "terlampir.") % {"n": len(docs)}
    else:
        files_line = tk._("Pemberitahuan tertulis terlampir (PDF). Dokumen yang diberikan "
                          "terlalu besar untuk surel: unduh lewat tautan di bawah.")
    lines = [
        tk._("Yth. %(name)s,") % {"name": req.name},
        "",
        tk._("Permohonan %(ticket)s telah diputus pada %(date)s: %(decision)s.")
        % {"ticket": req.ticket, "date": mailer.fmt_date(req.decided_on), "decision": label},
    ]
    if (req.decision_round or 1) > 1:
        lines.append(tk._("Ini adalah putusan baru setelah keberatan Anda diterima oleh Atasan "
                          "PPID."))
    lines += [
        files_line,
        tk._("Tanpa kode pelacakan, pemberitahuan dan dokumen dapat dibuka selama %(days)s "
             "hari di %(url)s") % {"days": notice_link.lifetime_days(),
                                   "url": notice_link.url(req.id, req.decision_round or 1)},
        tk._("Setelah itu, buka %(url)s dengan nomor pendaftaran dan kode pelacakan.")
        % {"url": request_url(req.ticket)},
        "",
        _objection_right(),
        "",
        SIGNATURE,
    ]
    return mailer.Mail(subject, "\n".join(lines))


def ki_deadline(obj: PpidObjection) -> dt.date:
    """Last day to bring the dispute to the Komisi Informasi: ``dispute_days`` HK after the
    Atasan's answer (Pasal 37(2)), on the calendar the objection was counted with."""
    from ckanext.pekalongan.casework import calendar as calendar_store
    from ckanext.pekalongan.ppid import deadlines

    return deadlines.dispute_window_end(
        calendar_store.calendar_for(obj.calendar_version), obj.decided_on,
        clock.days("dispute"))


def objection_decided_mail(req: PpidRequest, obj: PpidObjection) -> mailer.Mail:
    accepted = obj.outcome == "accepted"
    subject = tk._("[PPID] Tanggapan Atasan PPID atas keberatan %(number)s") % {
        "number": obj.number}
    outcome = (tk._("keberatan Anda DITERIMA") if accepted
               else tk._("keberatan Anda DITOLAK (tanggapan PPID dikuatkan)"))
    lines = [
        tk._("Yth. %(name)s,") % {"name": req.name},
        "",
        tk._("Atasan PPID telah menanggapi keberatan %(number)s atas permohonan %(ticket)s "
             "pada %(date)s: %(outcome)s.") % {
            "number": obj.number, "ticket": req.ticket,
            "date": mailer.fmt_date(obj.decided_on), "outcome": outcome},
        tk._("Alasan: %(reasons)s") % {"reasons": obj.decision_reasons or "-"},
        tk._("Ditandatangani: %(name)s, %(position)s") % {
            "name": obj.atasan_name or "-", "position": obj.atasan_position or "-"},
        "",
    ]
    if accepted and req.status == "reopened":
        lines.append(tk._("Permohonan Anda dibuka kembali. PPID wajib memberikan pemberitahuan "
                          "tertulis yang baru paling lambat %(date)s.")
                     % {"date": mailer.fmt_date(req.due_date)})
    lines += [
        tk._("Bila Anda tidak puas dengan tanggapan ini, Anda dapat mengajukan sengketa "
             "informasi ke Komisi Informasi Provinsi Jawa Tengah dalam %(days)s hari kerja, "
             "paling lambat %(date)s (UU 14/2008 Pasal 37 ayat 2).")
        % {"days": clock.days("dispute"), "date": mailer.fmt_date(ki_deadline(obj))},
        "",
        tk._("Lacak permohonan Anda di %(url)s.") % {"url": request_url(req.ticket)},
        "",
        SIGNATURE,
    ]
    return mailer.Mail(subject, "\n".join(lines))


def routed_mail(req: PpidRequest) -> mailer.Mail:
    subject = tk._("[PPID] Permohonan %(ticket)s diteruskan ke OPD Anda (batas %(date)s)") % {
        "ticket": req.ticket, "date": req.due_date.isoformat()}
    when = tk._("Permohonan ini diteruskan kepada PPID Pelaksana OPD Anda. Batas waktu "
                "pemberitahuan tertulis: %(date)s.") % {"date": mailer.fmt_date(req.due_date)}
    return mailer.Mail(subject, _officer_body(req, when))


def reopened_mail(req: PpidRequest, obj: PpidObjection) -> mailer.Mail:
    subject = tk._("[PPID] Keberatan diterima: %(ticket)s harus diputus ulang paling lambat "
                   "%(date)s") % {"ticket": req.ticket, "date": req.due_date.isoformat()}
    when = tk._("Atasan PPID menerima keberatan %(number)s. Permohonan dibuka kembali: berikan "
                "pemberitahuan tertulis yang baru paling lambat %(date)s.") % {
        "number": obj.number, "date": mailer.fmt_date(req.due_date)}
    return mailer.Mail(subject, _officer_body(req, when))


def queue_extended(req: PpidRequest) -> bool:
    return bool(req.email) and enqueue({"kind": "extended", "request_id": req.id}, req.ticket)


def queue_routed(req: PpidRequest, event_id: int) -> bool:
    return enqueue({"kind": "routed", "request_id": req.id, "step": event_id}, req.ticket)


def queue_objection_decided(req: PpidRequest, obj: PpidObjection) -> bool:
    queued = False
    if req.status == "reopened" and req.reopen_objection_id == obj.id:
        queued = enqueue({"kind": "reopened", "request_id": req.id, "objection_id": obj.id},
                         req.ticket)
    spec = {"kind": "objection_decided", "request_id": req.id, "objection_id": obj.id}
    return (bool(req.email) and enqueue(spec, req.ticket)) or queued
