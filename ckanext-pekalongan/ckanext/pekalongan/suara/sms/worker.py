"""The SMS worker: Gammu's inbox -> Suara reports and replies -> Gammu's outbox.

One round (:func:`run_once`): read the unprocessed inbox rows, join multipart
messages (``gateway.assemble``), and handle each message in ONE transaction of
CKAN's database: the report it creates (``suara_report_create`` with
``defer_commit``), the reply it queues (``suara_sms_outgoing``) and one
``suara_sms_processed`` row per inbox row commit together or not at all. Then
the inbox rows are marked ``Processed`` in Gammu's database and the reply is
handed to Gammu's outbox. A crash anywhere in between is harmless: a message
already recorded as processed is only marked again (never answered twice),
one not recorded is handled again (never lost), a reply not yet handed over
is handed over by the next round (``outbox.flush``, idempotent by key).
An advisory lock per message keeps two workers from handling it at once.

Replies: every accepted message gets exactly one. No reply (and no report) to
senders that are not phones (alphanumeric senders, short codes, our own
numbers: no loops with operators or other robots), to blocked numbers, to a
number over its flood limit, or to the same report text sent again within the
window (``duplicate``).
"""
from __future__ import annotations

import hashlib
import logging
import signal
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.casework.model import utcnow
from ckanext.pekalongan.suara.sms import gateway, outbox, parser
from ckanext.pekalongan.suara.sms.model import SmsBlock, SmsOptout, SmsProcessed

log = logging.getLogger(__name__)

OPT = "ckanext.pekalongan.suara.sms."
LOCK_CLASS = 0x5355  # "SU": pg_advisory_xact_lock(LOCK_CLASS, inbox id)
SMS_PRIVACY = "anonim"  # an SMS reporter chose nothing: identity hidden from the OPD

PPID_STATUS_LABELS = {
    "received": "Terdaftar, sedang diproses",  # not "Diterima": it reads as granted
    "routed": "Diteruskan ke PPID Pelaksana",
    "reopened": "Dibuka kembali, keberatan diterima",
    "extended": "Waktu jawab diperpanjang",
    "decided": "Sudah dijawab (pemberitahuan tertulis)",
    "withdrawn": "Dicabut",
}


def _int(name: str, default: int) -> int:
    try:
        return int(tk.config.get(OPT + name) or default)
    except (TypeError, ValueError):
        return default


def own_numbers() -> set[str]:
    raw = tk.config.get(OPT + "own_numbers") or ""
    if isinstance(raw, (list, tuple)):
        raw = " ".join(raw)
    return {outbox.normalize_phone(n) or n for n in str(raw).split()}


def replyable(sender: str) -> bool:
    """A phone we may answer: not an alphanumeric sender (operators, banks), not a short
    code, not one of our own numbers."""
    s = sender.strip()
    if not s or any(c.isalpha() for c in s):
        return False
    digits = "".join(c for c in s if c.isdigit())
    if len(digits) < 8:
        return False
    return (outbox.normalize_phone(s) or s) not in own_numbers()


def text_hash(text: str) -> str:
    norm = " ".join(parser.clean_text(text).casefold().split())
    return hashlib.sha256(norm.encode()).hexdigest()


# --- one message ----------------------------------------------------------------------------


def handle(msg: gateway.Message) -> str:
    """Handle one message in its own transaction; returns its outcome (``skipped`` when
    another round or worker already did)."""
    session = model.Session
    first = msg.rows[0]
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:c, :i)"),
                    {"c": LOCK_CLASS, "i": first.id % 2**31})
    done = session.query(SmsProcessed).filter(
        sa.tuple_(SmsProcessed.inbox_id, SmsProcessed.fingerprint).in_(
            [(r.id, r.fingerprint) for r in msg.rows])).count()
    if done:
        session.rollback()
        return "skipped"

    sender = msg.sender
    e164 = outbox.normalize_phone(sender)
    hashed = outbox.phone_hash(sender)
    thash = text_hash(msg.text)
    command = parser.parse(msg.text)
    outcome, reply, report_id = _decide(msg, command, e164, hashed, thash)
    # (a refused report rolled back: take the lock again for what follows)
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:c, :i)"),
                    {"c": LOCK_CLASS, "i": first.id % 2**31})

    reply_key = None
    if reply is not None:
        reply_key = f"reply:{first.id}:{first.fingerprint}"
        outbox.enqueue(e164 or sender, reply, reply_key, honour_optout=False)
    for i, row in enumerate(msg.rows):
        session.add(SmsProcessed(
            inbox_id=row.id, fingerprint=row.fingerprint, phone_hash=hashed,
            text_hash=thash if i == 0 else None, received_at=_aware(row.received),
            outcome=outcome if i == 0 else "part", report_id=report_id if i == 0 else None,
            reply_key=reply_key if i == 0 else None))
    try:
        session.commit()
    except sa.exc.IntegrityError:  # another worker recorded it first: its reply stands
        session.rollback()
        return "skipped"
    log.info("sms inbox %s: %s", ",".join(map(str, msg.ids)), outcome)
    return outcome


def _aware(value):
    if value is not None and value.tzinfo is None:
        import datetime as dt

        return value.replace(tzinfo=dt.timezone.utc)
    return value


def _recent(hashed: str):
    import datetime as dt

    since = utcnow() - dt.timedelta(minutes=_int("flood_window_minutes", 60))
    return model.Session.query(SmsProcessed).filter(
        SmsProcessed.phone_hash == hashed, SmsProcessed.processed_at >= since,
        SmsProcessed.outcome != "part")


def _decide(msg, command: parser.Command, e164, hashed, thash):
    """(outcome, reply text or None, report id or None)."""
    if not replyable(msg.sender):
        return "ignored", None, None
    if model.Session.get(SmsBlock, hashed) is not None:
        return "blocked", None, None
    recent = _recent(hashed)
    if recent.count() >= _int("flood_max", 5):
        return "flood", None, None
    c = command.command
    if c in (parser.EMPTY, parser.BANTUAN):
        return "help", parser.HELP, None
    if c == parser.BERHENTI:
        model.Session.merge(SmsOptout(phone_hash=hashed))
        return "optout", parser.STOPPED, None
    if c == parser.MULAI:
        model.Session.query(SmsOptout).filter(SmsOptout.phone_hash == hashed).delete()
        return "optin", parser.STARTED, None
    if c == parser.CEK:
        return "status", _report_status(command.argument, e164), None
    if c == parser.PPID:
        return "status", _ppid_status(command.argument, e164), None
    # LAPOR / ASPIRASI (explicit or not)
    if not command.argument:
        return "invalid", parser.EMPTY_REPORT, None
    if recent.filter(SmsProcessed.text_hash == thash,
                     SmsProcessed.outcome == "report").count():
        return "duplicate", None, None
    return _create_report(command, e164)


def _create_report(command: parser.Command, e164: str | None):
    kind = "aspirasi" if command.command == parser.ASPIRASI else "pengaduan"
    data = {"kind": kind, "text": command.argument, "channel": "sms", "privacy": SMS_PRIVACY}
    if e164:
        data["phone"] = e164
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context = {"ignore_auth": True, "defer_commit": True, "user": site_user,
               "model": model, "session": model.Session, "schema": _sms_schema()}
    try:
        created = tk.get_action("suara_report_create")(context, data)
    except tk.ValidationError as e:
        model.Session.rollback()
        return "invalid", parser.reply(parser.NOT_SAVED, reason=_first_error(e)), None
    template = (parser.ASPIRATION_RECEIVED if kind == "aspirasi" else
                parser.RECEIVED_IMPLICIT if command.implicit else parser.RECEIVED)
    text = template.format(number=created["number"], code=created["tracking_code"])
    return "report", text, created["id"]


def _sms_schema() -> dict:
    """The web form's schema, minus what an SMS cannot carry: topic and kecamatan are
    left empty for the pengelola to set at verification."""
    from ckanext.pekalongan.suara.logic import schema

    s = schema.report_create_schema()
    empty = tk.get_validator("default")(None)
    for key in ("topic", "kecamatan"):
        s[key] = [empty]
    return s


def _first_error(e: tk.ValidationError) -> str:
    errors = e.error_dict if isinstance(e.error_dict, dict) else {}
    for messages in errors.values():
        if isinstance(messages, list) and messages and isinstance(messages[0], str):
            return messages[0].rstrip(".")
    return "isi tidak valid"


def _due(date) -> str:
    return date.strftime("%d-%m-%Y") if date else "-"


def _report_status(argument: str, e164: str | None) -> str:
    number = parser.report_number(argument)
    if number is None:
        return parser.BAD_REPORT_NUMBER
    from ckanext.pekalongan.suara.model import SuaraReport
    from ckanext.pekalongan.suara.states import STATUS_LABELS

    report = model.Session.query(SuaraReport).filter(SuaraReport.number == number).first()
    if report is None or not e164 or report.phone_hash != outbox.phone_hash(e164):
        return parser.reply(parser.REPORT_UNKNOWN, number=number)
    label = STATUS_LABELS.get(report.status, report.status)
    due = report.answer_due or (report.verify_due if report.status == "received" else None)
    if due and report.status not in ("rejected", "closed", "withdrawn", "answered"):
        return parser.reply(parser.REPORT_STATUS_DUE, number=number, status=label, due=_due(due))
    return parser.reply(parser.REPORT_STATUS, number=number, status=label)


def _ppid_status(argument: str, e164: str | None) -> str:
    from ckanext.pekalongan.ppid.model import PpidRequest

    prefix = tk.config.get("ckanext.pekalongan.ppid.ticket_prefix") or "PPID"
    ticket = parser.ppid_ticket(argument, prefix)
    if ticket is None:
        return parser.BAD_PPID_NUMBER
    req = model.Session.query(PpidRequest).filter(PpidRequest.ticket == ticket).first()
    if req is None or not e164 or req.phone_hash != outbox.phone_hash(e164):
        return parser.reply(parser.PPID_UNKNOWN, number=ticket)
    label = PPID_STATUS_LABELS.get(req.status, req.status)
    return parser.reply(parser.PPID_STATUS, number=ticket, status=label, due=_due(req.due_date))


# --- rounds ---------------------------------------------------------------------------------


FLUSH_EVERY = 50


def run_once(limit: int = 500) -> dict[str, int]:
    """One round: handle what is in the inbox, then hand pending replies to Gammu.
    Returns the count of each outcome (and ``sent`` for messages handed over)."""
    summary: dict[str, int] = {}
    sent = 0
    rows = gateway.fetch_unprocessed(limit)
    messages = gateway.assemble(rows, timeout=_int("multipart_timeout", 600))
    for handled, msg in enumerate(messages, 1):
        if handled % FLUSH_EVERY == 0:  # in a burst the first replies leave while the rest wait
            sent += outbox.flush(FLUSH_EVERY)
        try:
            outcome = handle(msg)
        except sa.exc.OperationalError:  # a database away: the whole round waits
            model.Session.rollback()
            raise
        except Exception:  # this message only: left unprocessed, tried again next round
            model.Session.rollback()
            log.exception("sms inbox %s: failed", ",".join(map(str, msg.ids)))
            summary["error"] = summary.get("error", 0) + 1
            continue
        summary[outcome] = summary.get(outcome, 0) + 1
        gateway.mark_processed(msg.ids)
    sent += outbox.flush(max(limit, FLUSH_EVERY))
    if sent:
        summary["sent"] = sent
    return summary


def run(poll: float = 1.0, once: bool = False) -> None:
    """Rounds until SIGTERM/SIGINT (the current message is finished first). A database
    that is away (PostgreSQL restarting) is waited for; nothing is lost meanwhile."""
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    while not stopping:
        try:
            summary = run_once()
        except sa.exc.OperationalError as e:
            model.Session.rollback()
            model.Session.remove()
            log.warning("sms worker: database unavailable (%s); retrying",
                        str(e).splitlines()[0][:200])
            summary = {}
            time.sleep(max(poll, 2.0))
        if summary:
            log.info("sms worker: %s", ", ".join(f"{k}={v}" for k, v in sorted(summary.items())))
        if once:
            return
        if not summary:
            time.sleep(poll)
