"""The SMS center's tables in CKAN's database (``suara_sms_*``).

Created only by the migration ``c3f8a05e7d12`` (``migration/suara``); see its
docstring for what each table is for. Phones are stored only as keyed hashes
(``casework.model.lookup_hash("phone", e164)``), except in
``suara_sms_outgoing`` where the number and text a message goes to are needed
until it is handed to Gammu (encrypted at rest; the text is emptied then).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.casework.model import TZ, PersonalText, utcnow

PENDING = "pending"
QUEUED = "queued"
DROPPED = "dropped"  # opted out, or not a phone we may write to


class SmsProcessed(tk.BaseModel):
    __tablename__ = "suara_sms_processed"

    inbox_id = sa.Column(sa.types.BigInteger, primary_key=True)
    fingerprint = sa.Column(sa.types.UnicodeText, primary_key=True)
    phone_hash = sa.Column(sa.types.UnicodeText)
    text_hash = sa.Column(sa.types.UnicodeText)
    received_at = sa.Column(TZ)
    processed_at = sa.Column(TZ, nullable=False, default=utcnow)
    outcome = sa.Column(sa.types.UnicodeText, nullable=False)
    report_id = sa.Column(sa.types.UnicodeText)
    reply_key = sa.Column(sa.types.UnicodeText)


class SmsOutgoing(tk.BaseModel):
    __tablename__ = "suara_sms_outgoing"

    key = sa.Column(sa.types.UnicodeText, primary_key=True)
    phone = sa.Column(PersonalText, nullable=False)
    phone_hash = sa.Column(sa.types.UnicodeText, nullable=False)
    text = sa.Column(PersonalText)
    status = sa.Column(sa.types.UnicodeText, nullable=False, default=PENDING)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    queued_at = sa.Column(TZ)
    gammu_id = sa.Column(sa.types.BigInteger)


class SmsOptout(tk.BaseModel):
    __tablename__ = "suara_sms_optout"

    phone_hash = sa.Column(sa.types.UnicodeText, primary_key=True)
    created = sa.Column(TZ, nullable=False, default=utcnow)


class SmsBlock(tk.BaseModel):
    __tablename__ = "suara_sms_blocklist"

    phone_hash = sa.Column(sa.types.UnicodeText, primary_key=True)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)
    reason = sa.Column(sa.types.UnicodeText)
