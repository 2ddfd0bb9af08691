"""The Gammu SMS daemon's database: read its ``inbox``, write its ``outbox``.

The tables are Gammu's own (``pgsql.sql`` of the Debian package gammu-smsd,
schema version 17; see Gammu's "SMSD Database Structure" manual):

* ``inbox``: one row per received SMS *part*. ``Text`` is the part's text as
  hex UCS-2 (UTF-16BE) for the text codings, ``UDH`` the hex user data header
  (concatenation: IEI 00 with an 8-bit reference or IEI 08 with a 16-bit one),
  ``TextDecoded`` the decoded text (gammu-smsd 1.42 puts the whole linked text
  in the first part and leaves the others empty, so we decode ``Text``
  ourselves and join the parts in sequence order). ``Processed`` is ours to set.
* ``outbox`` (+ ``outbox_multipart`` for parts 2..n, same ``ID``): what the
  daemon sends; ``CreatorID`` carries our idempotency key, and the daemon
  keeps it when it moves the message to ``sentitems``.

The connection is ``ckanext.pekalongan.suara.sms.database_url`` (its own
engine, not CKAN's session: it is another database).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.suara.sms import parser

URL_OPTION = "ckanext.pekalongan.suara.sms.database_url"
TEXT_CODINGS = ("Default_No_Compression", "Unicode_No_Compression", "Default_Compression",
                "Unicode_Compression")

_engines: dict[str, sa.engine.Engine] = {}


class GatewayNotConfigured(RuntimeError):
    """No ``ckanext.pekalongan.suara.sms.database_url``."""


def database_url() -> str:
    return (tk.config.get(URL_OPTION) or "").strip()


def engine() -> sa.engine.Engine:
    url = database_url()
    if not url:
        raise GatewayNotConfigured(f"{URL_OPTION} is not set: the SMS center is off")
    eng = _engines.get(url)
    if eng is None:
        eng = _engines[url] = sa.create_engine(url, pool_pre_ping=True, pool_size=2,
                                               max_overflow=2)
    return eng


# --- inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    id: int
    sender: str
    received: dt.datetime | None
    udh: str
    coding: str
    text_hex: str
    text_decoded: str
    age: float = 0.0  # seconds since the daemon stored it (its database's clock)

    @property
    def fingerprint(self) -> str:
        """Stable identity of the row beyond its ID (a re-created Gammu database restarts
        the IDs): when it was received, from whom, its header and its text."""
        raw = "\x1f".join([str(self.received), self.sender, self.udh, self.text_hex,
                           self.text_decoded])
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass
class Message:
    """One incoming SMS, its parts joined."""

    rows: list[InboxRow] = field(default_factory=list)
    text: str = ""
    complete: bool = True

    @property
    def sender(self) -> str:
        return self.rows[0].sender

    @property
    def received(self) -> dt.datetime | None:
        return self.rows[0].received

    @property
    def ids(self) -> list[int]:
        return [r.id for r in self.rows]


def fetch_unprocessed(limit: int = 500) -> list[InboxRow]:
    q = sa.text(
        'SELECT "ID", "SenderNumber", "ReceivingDateTime", "UDH", "Coding", "Text", '
        # ("UpdatedInDB" is rounded to the second: never a negative age)
        '"TextDecoded", GREATEST(0, EXTRACT(EPOCH FROM LOCALTIMESTAMP - "UpdatedInDB")) '
        'FROM inbox WHERE NOT "Processed" ORDER BY "ID" LIMIT :limit'
    )
    with engine().connect() as conn:
        return [InboxRow(int(r[0]), r[1] or "", r[2], (r[3] or "").strip().upper(), r[4] or "",
                         (r[5] or "").strip(), r[6] or "", float(r[7] or 0))
                for r in conn.execute(q, {"limit": limit})]


def mark_processed(ids: list[int]) -> None:
    if not ids:
        return
    with engine().begin() as conn:
        conn.execute(sa.text('UPDATE inbox SET "Processed" = true WHERE "ID" = ANY(:ids)'),
                     {"ids": list(ids)})


def concatenation(udh_hex: str) -> tuple[int, int, int] | None:
    """(reference, total, sequence) of a concatenated-SMS header, or None."""
    try:
        udh = bytes.fromhex(udh_hex)
    except ValueError:
        return None
    if len(udh) < 2 or udh[0] != len(udh) - 1:
        return None
    i = 1
    while i + 1 < len(udh):
        iei, iel = udh[i], udh[i + 1]
        data = udh[i + 2:i + 2 + iel]
        if len(data) != iel:
            return None
        if iei == 0x00 and iel == 3 and data[1] and 1 <= data[2] <= data[1]:
            return data[0], data[1], data[2]
        if iei == 0x08 and iel == 4 and data[2] and 1 <= data[3] <= data[2]:
            return (data[0] << 8) | data[1], data[2], data[3]
        i += 2 + iel
    return None


def _part_bytes(row: InboxRow) -> bytes:
    """The UTF-16BE bytes of one part (b"" for binary parts)."""
    if row.coding not in TEXT_CODINGS:
        return b""
    try:
        raw = bytes.fromhex(row.text_hex)
    except ValueError:
        raw = b""
    if not raw and row.text_decoded:
        raw = row.text_decoded.encode("utf-16-be", errors="surrogatepass")
    return raw


def _decode(raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="replace")


def assemble(rows: list[InboxRow], timeout: int = 600) -> list[Message]:
    """Group inbox rows into messages: single-part rows alone; parts of a concatenated
    message (same sender, reference and total) joined in sequence order once all are
    there, or once the oldest waited ``timeout`` seconds (then what arrived, marked
    incomplete). Parts still waiting are left out (a later call takes them)."""
    singles: list[Message] = []
    groups: dict[tuple, dict[int, InboxRow]] = {}
    extra: list[InboxRow] = []  # a part seen twice: handled (and answered) with its group
    for row in rows:
        conc = concatenation(row.udh)
        if conc is None or conc[1] == 1:
            singles.append(Message([row], _decode(_part_bytes(row))))
            continue
        ref, total, seq = conc
        parts = groups.setdefault((row.sender, ref, total), {})
        if seq in parts:
            extra.append(row)
        else:
            parts[seq] = row
    out = singles
    for (_sender, _ref, total), parts in groups.items():
        complete = len(parts) == total
        waited = max(r.age for r in parts.values())
        if not complete and timeout > 0 and waited < timeout:
            continue
        ordered = [parts[s] for s in sorted(parts)]
        text = _decode(b"".join(_part_bytes(r) for r in ordered))
        dupes = [r for r in extra if (r.sender, *concatenation(r.udh)[:2]) ==
                 (ordered[0].sender, _ref, total)]
        out.append(Message(ordered + dupes, text, complete))
    out.sort(key=lambda m: m.rows[0].id)
    return out


# --- outbox ---------------------------------------------------------------------------------


def sent_or_queued(creator_id: str, conn=None) -> int | None:
    """The Gammu ID of the message carrying ``creator_id`` in outbox or sentitems."""
    q = sa.text('SELECT "ID" FROM outbox WHERE "CreatorID" = :c UNION ALL '
                'SELECT "ID" FROM sentitems WHERE "CreatorID" = :c LIMIT 1')
    if conn is not None:
        row = conn.execute(q, {"c": creator_id}).first()
    else:
        with engine().connect() as c:
            row = c.execute(q, {"c": creator_id}).first()
    return int(row[0]) if row else None


def queue(phone: str, text: str, creator_id: str) -> int:
    """Put one message into Gammu's outbox (parts 2..n in outbox_multipart), once per
    ``creator_id``: a second call returns the ID of the first. Returns the outbox ID."""
    coding, parts = parser.split_sms(text)
    with engine().begin() as conn:
        # two workers flushing the same key: the second waits and then finds the first
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:c))"), {"c": creator_id})
        existing = sent_or_queued(creator_id, conn)
        if existing is not None:
            return existing
        ref = secrets.randbelow(256)
        udh = [f"050003{ref:02X}{len(parts):02X}{i:02X}" if len(parts) > 1 else None
               for i in range(1, len(parts) + 1)]
        gammu_id = conn.execute(sa.text(
            'INSERT INTO outbox ("DestinationNumber", "TextDecoded", "Coding", "UDH", '
            '"MultiPart", "CreatorID", "DeliveryReport") '
            "VALUES (:dest, :text, :coding, :udh, :multi, :creator, 'default') "
            'RETURNING "ID"'),
            {"dest": phone, "text": parts[0], "coding": coding, "udh": udh[0],
             "multi": len(parts) > 1, "creator": creator_id}).scalar_one()
        for i, part in enumerate(parts[1:], start=2):
            conn.execute(sa.text(
                'INSERT INTO outbox_multipart ("ID", "SequencePosition", "TextDecoded", '
                '"Coding", "UDH") VALUES (:id, :seq, :text, :coding, :udh)'),
                {"id": gammu_id, "seq": i, "text": part, "coding": coding,
                 "udh": udh[i - 1]})
        return int(gammu_id)


def purge(days: int) -> tuple[int, int]:
    """Delete processed inbox rows and sent messages older than ``days`` days from Gammu's
    tables (they hold numbers and texts in clear: Gammu's spool, not our record).
    Returns (inbox rows, sentitems rows) deleted."""
    with engine().begin() as conn:
        inbox = conn.execute(sa.text(
            'DELETE FROM inbox WHERE "Processed" AND "UpdatedInDB" < '
            "LOCALTIMESTAMP - make_interval(days => :d)"), {"d": days}).rowcount
        sent = conn.execute(sa.text(
            'DELETE FROM sentitems WHERE "UpdatedInDB" < '
            "LOCALTIMESTAMP - make_interval(days => :d)"), {"d": days}).rowcount
    return inbox, sent
