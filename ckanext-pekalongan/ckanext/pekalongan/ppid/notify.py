"""E-mails of the PPID service, sent through CKAN's mailer (``smtp.*``).

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
import logging
import re
from collections.abc import Iterable
from typing import NamedTuple

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.mailer import MailerException
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.ppid import records, roles, security, states
from ckanext.pekalongan.ppid.model import PpidNotification, PpidObjection, PpidRequest, utcnow

log = logging.getLogger(__name__)

SIGNATURE = "PPID Kabupaten Pekalongan"
_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


class RedactAddresses(logging.Filter):
    """CKAN's mailer logs every recipient address ("Sent email to ...") and
    SMTP errors with the address in them. Requesters' addresses are personal
    data: mask them (``b***@mail.com``) and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _ADDRESS.sub(lambda m: security.mask_email(m.group(0)) or "", message)
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True


def install_log_filter() -> None:
    logger = logging.getLogger("ckan.lib.mailer")
    if not any(isinstance(f, RedactAddresses) for f in logger.filters):
        logger.addFilter(RedactAddresses())


install_log_filter()


class Recipient(NamedTuple):
    key: str  # user id, or "requester"
    name: str
    email: str


class Mail(NamedTuple):
    subject: str
    body: str


# --- formatting ---------------------------------------------------------------------


def _locale() -> str:
    try:
        return tk.h.lang() or tk.config.get("ckan.locale_default") or "id"
    except (RuntimeError, AttributeError):
        return tk.config.get("ckan.locale_default") or "id"


def fmt_date(value: dt.date | str | None) -> str:
    """``Selasa, 31 Maret 2026`` (in the current language)."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    from babel.dates import format_date

    try:
        return format_date(value, format="full", locale=_locale())
    except Exception:  # unknown locale: ISO is still unambiguous
        return value.isoformat()


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
        return tk.url_for("ppid.request_read", ticket=ticket, _external=True)
    except Exception:
        return site_url() + "/ppid"


# --- recipients ---------------------------------------------------------------------


def _users(users: Iterable[model.User]) -> list[Recipient]:
    seen, out = set(), []
    for user in users:
        if user.email and user.id not in seen:
            seen.add(user.id)
            out.append(Recipient(user.id, user.display_name or user.name, user.email))
    return out


def responsible_officers(req: PpidRequest) -> list[Recipient]:
    """The PPID Pelaksana of the OPD the request is routed to; PPID Utama when
    it is not routed (or that OPD has no officer with an e-mail address)."""
    if req.routed_org_id:
        found = _users(roles.officers_of(req.routed_org_id))
        if found:
            return found
    return _users(roles.utama_officers())


def escalation_recipients() -> list[Recipient]:
    return _users([*roles.utama_officers(), *roles.atasan_members()])


def atasan_recipients() -> list[Recipient]:
    return _users(roles.atasan_members())


def requester(req: PpidRequest) -> list[Recipient]:
    return [Recipient("requester", req.name, req.email)] if req.email else []


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
    recipients: Iterable[Recipient],
    mail: Mail,
    ticket: str,
    request: PpidRequest | None = None,
    objection: PpidObjection | None = None,
    due: dt.date | None = None,
    officers: bool = False,
) -> int:
    """Claim, send and commit once per recipient; returns how many were sent
    now. Commits the session (call it outside the caller's transaction).
    ``officers``: warn when nobody can be reached (no officer with an e-mail
    address is assigned the role)."""
    recipients = list(recipients)
    if officers and not recipients:
        log.warning("ppid: nobody to send the %s e-mail for %s to (assign PPID roles)",
                    kind, ticket)
    sent = 0
    for rcpt in recipients:
        key = f"{base_key}:{rcpt.key}"
        try:
            if not claim(key, kind, request, objection, due):
                model.Session.rollback()
                continue
            tk.mail_recipient(rcpt.name, rcpt.email, mail.subject, mail.body)
            model.Session.commit()
            sent += 1
        except MailerException:
            model.Session.rollback()
            log.warning("ppid: %s e-mail for %s not sent (will retry)", kind, ticket)
        except Exception:
            model.Session.rollback()
            raise
    return sent


# --- the letters --------------------------------------------------------------------


def _objection_right() -> str:
    return tk._(
        "Hak Anda: bila permohonan tidak ditanggapi sampai batas waktu, ditolak, ditanggapi "
        "tidak sebagaimana diminta, tidak dipenuhi, dikenai biaya tidak wajar, atau "
        "disampaikan melebihi waktu, Anda dapat mengajukan keberatan kepada Atasan PPID "
        "paling lambat %(days)s hari kerja sejak alasan itu timbul (UU 14/2008 Pasal 35-36)."
    ) % {"days": records.days("objection_window")}


def receipt_mail(req: PpidRequest) -> Mail:
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
            tk._("Tanggal diterima: %(date)s") % {"date": fmt_date(req.received_at)},
            tk._("Batas waktu pemberitahuan tertulis (%(days)s hari kerja): %(date)s")
            % {"days": req.notice_days, "date": fmt_date(req.original_due_date)},
            tk._("Paling lambat bila diperpanjang (%(days)s hari kerja, dengan alasan tertulis): "
                 "%(date)s")
            % {"days": records.days("extension"), "date": fmt_date(req.latest_due_date)},
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
    return Mail(subject, body)


def decided_mail(req: PpidRequest) -> Mail:
    label = tk._(states.DECISION_LABELS.get(req.decision or "", req.decision or ""))
    subject = tk._("[PPID] Pemberitahuan tertulis atas permohonan %(ticket)s") % {
        "ticket": req.ticket
    }
    body = "\n".join(
        [
            tk._("Yth. %(name)s,") % {"name": req.name},
            "",
            tk._("Permohonan %(ticket)s telah diputus pada %(date)s: %(decision)s.")
            % {"ticket": req.ticket, "date": fmt_date(req.decided_on), "decision": label},
            tk._("Baca pemberitahuan tertulis dan dokumen yang diberikan di %(url)s.")
            % {"url": request_url(req.ticket)},
            "",
            _objection_right(),
            "",
            SIGNATURE,
        ]
    )
    return Mail(subject, body)


def objection_receipt_mail(req: PpidRequest, obj: PpidObjection) -> Mail:
    subject = tk._("[PPID] Tanda terima keberatan %(number)s") % {"number": obj.number}
    body = "\n".join(
        [
            tk._("Yth. %(name)s,") % {"name": req.name},
            "",
            tk._("Keberatan Anda atas permohonan %(ticket)s telah kami terima.")
            % {"ticket": req.ticket},
            tk._("Nomor keberatan: %(number)s") % {"number": obj.number},
            tk._("Tanggal diterima: %(date)s") % {"date": fmt_date(obj.filed_at)},
            tk._("Atasan PPID wajib menanggapi paling lambat %(date)s (%(days)s hari kerja).")
            % {"date": fmt_date(obj.due_date), "days": obj.answer_days},
            tk._(
                "Bila Anda tidak puas dengan tanggapan Atasan PPID, atau tidak ditanggapi, Anda "
                "dapat mengajukan sengketa informasi ke Komisi Informasi Provinsi Jawa Tengah "
                "paling lambat %(days)s hari kerja setelahnya (Pasal 37)."
            )
            % {"days": records.days("dispute")},
            "",
            SIGNATURE,
        ]
    )
    return Mail(subject, body)


def reminder_mail(req: PpidRequest, left: int) -> Mail:
    if left <= 0:
        subject = tk._("[PPID] Batas waktu hari ini: %(ticket)s") % {"ticket": req.ticket}
        when = tk._("Batas waktu pemberitahuan tertulis adalah HARI INI, %(date)s.") % {
            "date": fmt_date(req.due_date)
        }
    else:
        subject = tk._("[PPID] Pengingat: %(ticket)s jatuh tempo %(date)s") % {
            "ticket": req.ticket,
            "date": req.due_date.isoformat(),
        }
        when = tk._("Batas waktu pemberitahuan tertulis: %(date)s (%(n)s hari kerja lagi).") % {
            "date": fmt_date(req.due_date),
            "n": left,
        }
    return Mail(subject, _officer_body(req, when))


def overdue_mail(req: PpidRequest) -> Mail:
    subject = tk._("[PPID] Terlambat: %(ticket)s melewati batas waktu %(date)s") % {
        "ticket": req.ticket,
        "date": req.due_date.isoformat(),
    }
    when = tk._(
        "Permohonan ini belum diputus dan batas waktunya (%(date)s) telah lewat. Pemohon "
        "kini berhak mengajukan keberatan karena permohonan tidak ditanggapi (Pasal 35 ayat 1 "
        "huruf c)."
    ) % {"date": fmt_date(req.due_date)}
    return Mail(subject, _officer_body(req, when))


def _officer_body(req: PpidRequest, when: str) -> str:
    return "\n".join(
        [
            tk._("Permohonan informasi %(ticket)s (diterima %(received)s, status: %(status)s).")
            % {
                "ticket": req.ticket,
                "received": fmt_date(req.received_at),
                "status": req.status,
            },
            when,
            tk._("Buka permohonan: %(url)s") % {"url": officer_url(req.ticket)},
            "",
            SIGNATURE,
        ]
    )


def objection_reminder_mail(obj: PpidObjection, ticket: str, left: int, lapsed: bool) -> Mail:
    if lapsed:
        subject = tk._("[PPID] Keberatan %(number)s belum ditanggapi (batas %(date)s)") % {
            "number": obj.number,
            "date": obj.due_date.isoformat(),
        }
        when = tk._(
            "Batas waktu tanggapan Atasan PPID (%(date)s) telah lewat; pemohon dapat "
            "mengajukan sengketa ke Komisi Informasi."
        ) % {"date": fmt_date(obj.due_date)}
    else:
        subject = tk._(
            "[PPID] Pengingat keberatan %(number)s: tanggapan paling lambat %(date)s"
        ) % {"number": obj.number, "date": obj.due_date.isoformat()}
        when = tk._("Tanggapan Atasan PPID paling lambat %(date)s (%(n)s hari kerja lagi).") % {
            "date": fmt_date(obj.due_date),
            "n": left,
        }
    body = "\n".join(
        [
            tk._("Keberatan %(number)s atas permohonan %(ticket)s (diterima %(filed)s).")
            % {"number": obj.number, "ticket": ticket, "filed": fmt_date(obj.filed_at)},
            when,
            tk._("Buka permohonan: %(url)s") % {"url": officer_url(ticket)},
            "",
            SIGNATURE,
        ]
    )
    return Mail(subject, body)


# --- entry points used by the actions (after their commit) ----------------------------


def send_receipt(req: PpidRequest) -> int:
    return deliver(
        f"request:{req.id}:receipt", "receipt", requester(req), receipt_mail(req), req.ticket,
        request=req,
    )


def send_decided(req: PpidRequest) -> int:
    return deliver(
        f"request:{req.id}:decided", "decided", requester(req), decided_mail(req), req.ticket,
        request=req,
    )


def send_objection_receipt(req: PpidRequest, obj: PpidObjection) -> int:
    return deliver(
        f"objection:{obj.id}:receipt", "objection_receipt", requester(req),
        objection_receipt_mail(req, obj), req.ticket, request=req, objection=obj,
    )
