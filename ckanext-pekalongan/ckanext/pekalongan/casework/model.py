"""Tables and column types shared by the services with cases and clocks.

* :class:`PersonalText`: personal data (names, NIK, addresses, phones, e-mails)
  stored as Fernet tokens (keys ``ckanext.pekalongan.personal_data.keys``), with
  :func:`lookup_hash` for the keyed hashes compared instead of the clear value
  (e.g. ``ppid_request.phone_hash``, ``suara_report.phone_hash``).
* :class:`CalendarHoliday` and :class:`CalendarVersion`: the editable holiday
  table and a snapshot of every calendar version a stored date was computed
  with. The tables keep the names they were created with by the ppid
  migrations (``ppid_holiday``, ``ppid_calendar_version``); PPID and Suara
  Masyarakat read the same rows through ``casework/calendar.py``.
"""
from __future__ import annotations

import datetime as dt
import uuid

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.pekalongan.casework import personal_data


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    """Aware UTC now (freezegun-friendly: reads ``datetime.now``)."""
    return dt.datetime.now(dt.timezone.utc)


TZ = sa.types.DateTime(timezone=True)

KEYS_OPTION = "ckanext.pekalongan.personal_data.keys"
HASH_KEY_OPTION = "ckanext.pekalongan.personal_data.hash_key"
_boxes: dict = {}


class PersonalDataKeyError(RuntimeError):
    """Personal data cannot be encrypted or decrypted with the configured keys."""


def personal_box():
    """The MultiFernet of ``ckanext.pekalongan.personal_data.keys`` (cached per
    value, so a rotated config is picked up)."""
    raw = tk.config.get(KEYS_OPTION)
    cache_key = tuple(raw) if isinstance(raw, (list, tuple)) else raw
    box = _boxes.get(("box", cache_key))
    if box is None:
        try:
            box = personal_data.multifernet(personal_data.parse_keys(raw))
        except personal_data.KeyError_ as e:
            raise PersonalDataKeyError(str(e)) from None
        _boxes[("box", cache_key)] = box
    return box


def hash_key() -> bytes:
    try:
        return personal_data.parse_hash_key(tk.config.get(HASH_KEY_OPTION))
    except personal_data.KeyError_ as e:
        raise PersonalDataKeyError(str(e)) from None


def lookup_hash(kind: str, value: str | None) -> str | None:
    """The keyed hash to compare with ``nik_hash``/``phone_hash``/``email_hash``
    (e.g. the SMS center: ``PpidRequest.phone_hash == lookup_hash("phone", sender)``)."""
    return personal_data.hash_of(hash_key(), kind, value)


class PersonalText(sa.types.TypeDecorator):
    """Text stored as a Fernet token, read back in clear: the ORM and the
    actions see plain strings, the database (and any dump of it) only tokens.
    Never compare such a column with a value in SQL (tokens are randomised):
    use its ``*_hash`` column."""

    impl = sa.types.UnicodeText
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return personal_data.encrypt(personal_box(), str(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return personal_data.decrypt(personal_box(), value)
        except (personal_data.InvalidToken, UnicodeEncodeError):
            raise PersonalDataKeyError(
                f"personal data cannot be decrypted: is the key that encrypted it still in "
                f"{KEYS_OPTION}?"
            ) from None


class CalendarHoliday(tk.BaseModel):
    __tablename__ = "ppid_holiday"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=new_id)
    date = sa.Column(sa.types.Date, nullable=False, index=True)
    name = sa.Column(sa.types.UnicodeText, nullable=False)
    kind = sa.Column(sa.types.UnicodeText, nullable=False)  # national | cuti_bersama
    active = sa.Column(sa.types.Boolean, nullable=False, default=True)
    source = sa.Column(sa.types.UnicodeText, nullable=False, default="manual")  # seed | manual
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)
    deleted_at = sa.Column(TZ)
    deleted_by = sa.Column(sa.types.UnicodeText)


class CalendarVersion(tk.BaseModel):
    """A snapshot of the calendar (holidays + cuti bersama policy) that produced
    at least one stored date, so a due date can always be explained with the
    very calendar that computed it."""

    __tablename__ = "ppid_calendar_version"

    version = sa.Column(sa.types.UnicodeText, primary_key=True)
    fingerprint = sa.Column(sa.types.UnicodeText, nullable=False)
    count_cuti_bersama = sa.Column(sa.types.Boolean, nullable=False)
    holidays = sa.Column(JSONB, nullable=False)  # [[date, name, kind], ...]
    created = sa.Column(TZ, nullable=False, default=utcnow)


def locked(cls, row_id: str):
    """The row ``row_id`` of ``cls``, locked (``SELECT ... FOR UPDATE``) until the
    caller's transaction ends and reloaded from the database, so two clicks at
    once apply one after the other on fresh state. Raises ``NoResultFound``."""
    import ckan.model as model

    return (
        model.Session.query(cls)
        .filter_by(id=row_id)
        .with_for_update()
        .populate_existing()
        .one()
    )
