"""Outgoing SMS: our own queue (``suara_sms_outgoing``) in front of Gammu's outbox.

:func:`send_sms` is the API for the rest of Suara Masyarakat (status messages
to a reporter, from a job, never inside a web request)::

    from ckanext.pekalongan.suara.sms import outbox
    outbox.send_sms("+6281234567890", "Laporan SM-2026-000042: Ditanggapi.",
                    key="suara:SM-2026-000042:answered")

A message is written once per ``key`` (a second call with the same key does
nothing), in CKAN's database, in the caller's transaction; :func:`flush` then
hands pending messages to Gammu (``gateway.queue``, itself idempotent by the
same key, kept as Gammu's ``CreatorID``), so a crash between the two
databases neither loses nor doubles a message. Numbers that sent BERHENTI get
no status messages (their messages are recorded as ``dropped``); replies to a
citizen's own SMS (the worker) are sent regardless.
"""
from __future__ import annotations

import logging

import ckan.model as model
import phonenumbers
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.casework.model import lookup_hash, utcnow
from ckanext.pekalongan.suara.sms import gateway
from ckanext.pekalongan.suara.sms.model import (
    DROPPED,
    PENDING,
    QUEUED,
    SmsOptout,
    SmsOutgoing,
)

log = logging.getLogger(__name__)
KEY_MAX = 200


def normalize_phone(raw: str | None) -> str | None:
    """E.164 (``+6281234567890``) of a valid number, region ID (0812..., 62812... and
    +62812... are one number); None when ``phonenumbers`` does not accept it."""
    if not raw or not isinstance(raw, str):
        return None
    digits = "".join(c for c in raw if c.isdigit() or c == "+")
    if digits.startswith("62") and 10 <= len(digits) <= 15:
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_hash(phone: str) -> str:
    """The keyed hash of a phone (E.164 when valid, else as received)."""
    return lookup_hash("phone", normalize_phone(phone) or phone)


def opted_out(hashed: str) -> bool:
    return model.Session.get(SmsOptout, hashed) is not None


def enqueue(phone: str, text: str, key: str, *, honour_optout: bool = True) -> bool:
    """Record a message to send in the current transaction (no commit). Returns True
    when a new pending message was recorded (False: the key exists, or the number opted
    out, which records it as dropped)."""
    if not isinstance(key, str) or not key.strip() or len(key) > KEY_MAX:
        raise ValueError("send_sms: key must be a non-empty string of at most 200 characters")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("send_sms: empty text")
    hashed = phone_hash(phone)
    status = DROPPED if honour_optout and opted_out(hashed) else PENDING
    row = SmsOutgoing.__table__
    # PersonalText encrypts through the ORM type: bind the values through the column types
    stmt = pg_insert(row).values(
        key=key, phone=phone, phone_hash=hashed, text=text if status == PENDING else None,
        status=status, created=utcnow(),
    ).on_conflict_do_nothing(index_elements=["key"])
    res = model.Session.execute(stmt)
    return bool(res.rowcount) and status == PENDING


def send_sms(phone_e164: str, text: str, *, key: str) -> None:
    """Send ``text`` to ``phone_e164`` once per ``key`` (see the module docstring).
    Commits the current session; Gammu gets it at once, or from the worker's next
    round if its database is down."""
    phone = normalize_phone(phone_e164)
    if phone is None:
        log.warning("send_sms %s: not a valid phone number, not sent", key)
        return
    if enqueue(phone, text, key):
        model.Session.commit()
        try:
            flush(keys=[key])
        except (gateway.GatewayNotConfigured, sa.exc.DBAPIError) as e:
            model.Session.rollback()
            log.warning("send_sms %s: left pending for the SMS worker (%s)", key,
                        type(e).__name__)
    else:
        model.Session.commit()


def flush(limit: int = 200, keys: list[str] | None = None) -> int:
    """Hand pending messages to Gammu's outbox (oldest first). Each one: locked
    (SKIP LOCKED, so two workers share the work), queued in Gammu, marked queued with
    its text erased, committed. Returns how many were queued."""
    done = 0
    while done < limit:
        q = model.Session.query(SmsOutgoing).filter(SmsOutgoing.status == PENDING)
        if keys is not None:
            q = q.filter(SmsOutgoing.key.in_(keys))
        row = (q.order_by(SmsOutgoing.created, SmsOutgoing.key)
               .with_for_update(skip_locked=True).first())
        if row is None:
            model.Session.rollback()
            return done
        gammu_id = gateway.queue(row.phone, row.text or "", row.key)
        row.status, row.gammu_id, row.queued_at, row.text = QUEUED, gammu_id, utcnow(), None
        model.Session.commit()
        done += 1
    return done
