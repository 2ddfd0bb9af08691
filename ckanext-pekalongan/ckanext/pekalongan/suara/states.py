"""The life of a Suara Masyarakat report: one stored state, one transition table.

Pure module (no CKAN, no database). The actions ask :func:`next_state` for the
state after an event; a refused event raises :class:`TransitionError` with a
stable ``code`` and an Indonesian msgid to translate.

::

    received --verify--> verified --route--> routed --answer--> answered --close--> closed
       |  \\--reject--> rejected              |   ^                 |   ^              |
       |                                     |   |                 |   |              |
       |                request_info: awaiting_reporter --add_info-/   |              |
       |                                                      reopen (reporter) <------/
       \\-- withdraw (reporter or pengelola) from any non-final state --> withdrawn

Events that do not move the state (``update`` of the public text,
``followup``, ``rate``, another OPD's ``answer`` on an answered report) are
rows of the table too, so that every event is allowed or refused in one place.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping

from ckanext.pekalongan.text import N_

RECEIVED = "received"
VERIFIED = "verified"
REJECTED = "rejected"
ROUTED = "routed"
AWAITING_REPORTER = "awaiting_reporter"
ANSWERED = "answered"
CLOSED = "closed"
WITHDRAWN = "withdrawn"

STATUS_LABELS: Mapping[str, str] = {
    RECEIVED: N_("Diterima"),
    VERIFIED: N_("Terverifikasi"),
    REJECTED: N_("Ditolak"),
    ROUTED: N_("Diteruskan ke OPD"),
    AWAITING_REPORTER: N_("Menunggu keterangan pelapor"),
    ANSWERED: N_("Ditanggapi"),
    CLOSED: N_("Selesai"),
    WITHDRAWN: N_("Dicabut"),
}
STATES: tuple[str, ...] = tuple(STATUS_LABELS)

# No further state change (closed may still be reopened or rated: see the table).
FINAL_STATES: frozenset[str] = frozenset({REJECTED, CLOSED, WITHDRAWN})
OPEN_STATES: tuple[str, ...] = (RECEIVED, VERIFIED, ROUTED, AWAITING_REPORTER, ANSWERED)
# Waiting for the pengelola (verification / routing clock).
INTAKE_STATES: tuple[str, ...] = (RECEIVED, VERIFIED)
# With the OPDs (answer clock).
WITH_OPD_STATES: tuple[str, ...] = (ROUTED, AWAITING_REPORTER)
# What the public board shows (unless the report is rahasia).
PUBLIC_STATES: tuple[str, ...] = (VERIFIED, ROUTED, AWAITING_REPORTER, ANSWERED, CLOSED)


class Event(str, enum.Enum):
    """Every event of the audit trail (``suara_event.event``). An Enum, so the
    set is closed and its members cannot be changed at run time."""

    CREATE = "create"
    VERIFY = "verify"
    REJECT = "reject"
    UPDATE = "update"
    ROUTE = "route"
    ANSWER = "answer"
    REQUEST_INFO = "request_info"
    FOLLOWUP = "followup"
    ADD_INFO = "add_info"
    CLOSE = "close"
    REOPEN = "reopen"
    RATE = "rate"
    WITHDRAW = "withdraw"
    # written by the sweep (no state change, not in the transition table)
    REMINDER = "reminder"
    ESCALATE = "escalate"

    def __str__(self) -> str:
        return self.value


EVENT_LABELS: Mapping[Event, str] = {
    Event.CREATE: N_("Laporan diterima"),
    Event.VERIFY: N_("Laporan diverifikasi"),
    Event.REJECT: N_("Laporan ditolak"),
    Event.UPDATE: N_("Teks publik diperbarui"),
    Event.ROUTE: N_("Diteruskan ke OPD"),
    Event.ANSWER: N_("OPD memberi tanggapan"),
    Event.REQUEST_INFO: N_("OPD meminta keterangan tambahan"),
    Event.FOLLOWUP: N_("Tindak lanjut dicatat"),
    Event.ADD_INFO: N_("Pelapor menambahkan keterangan"),
    Event.CLOSE: N_("Laporan ditutup"),
    Event.REOPEN: N_("Pelapor membuka kembali laporan"),
    Event.RATE: N_("Pelapor memberi penilaian"),
    Event.WITHDRAW: N_("Laporan dicabut"),
    Event.REMINDER: N_("Pengingat batas waktu dikirim"),
    Event.ESCALATE: N_("Keterlambatan dilaporkan ke pengelola"),
}
# Events shown on the public board's timeline (no internal reminders).
PUBLIC_EVENTS: frozenset[Event] = frozenset(
    {Event.CREATE, Event.VERIFY, Event.ROUTE, Event.ANSWER, Event.REQUEST_INFO,
     Event.FOLLOWUP, Event.ADD_INFO, Event.CLOSE, Event.REOPEN, Event.RATE, Event.WITHDRAW}
)

_EDITABLE = (RECEIVED, VERIFIED, ROUTED, AWAITING_REPORTER, ANSWERED, CLOSED)

# THE transition table: (from_state, event) -> to_state.
TRANSITIONS: Mapping[tuple[str, Event], str] = {
    (RECEIVED, Event.VERIFY): VERIFIED,
    (RECEIVED, Event.REJECT): REJECTED,
    (VERIFIED, Event.ROUTE): ROUTED,
    (ROUTED, Event.ROUTE): ROUTED,  # re-routing: other or more OPDs
    (AWAITING_REPORTER, Event.ROUTE): AWAITING_REPORTER,
    (ROUTED, Event.ANSWER): ANSWERED,
    (AWAITING_REPORTER, Event.ANSWER): ANSWERED,
    (ANSWERED, Event.ANSWER): ANSWERED,  # a second OPD answers its part
    (ROUTED, Event.REQUEST_INFO): AWAITING_REPORTER,
    (ANSWERED, Event.REQUEST_INFO): AWAITING_REPORTER,
    (AWAITING_REPORTER, Event.ADD_INFO): ROUTED,
    (ROUTED, Event.FOLLOWUP): ROUTED,
    (AWAITING_REPORTER, Event.FOLLOWUP): AWAITING_REPORTER,
    (ANSWERED, Event.FOLLOWUP): ANSWERED,
    (CLOSED, Event.FOLLOWUP): CLOSED,
    (ANSWERED, Event.CLOSE): CLOSED,
    (ANSWERED, Event.REOPEN): ROUTED,
    (CLOSED, Event.REOPEN): ROUTED,
    (ANSWERED, Event.RATE): ANSWERED,
    (CLOSED, Event.RATE): CLOSED,
    **{(s, Event.UPDATE): s for s in _EDITABLE},
    **{(s, Event.WITHDRAW): WITHDRAWN for s in OPEN_STATES},
}

# The action names that carry each event (for ``allowed_actions``).
ACTION_EVENTS: Mapping[str, tuple[Event, ...]] = {
    "suara_report_verify": (Event.VERIFY, Event.REJECT),
    "suara_report_update": (Event.UPDATE,),
    "suara_report_route": (Event.ROUTE,),
    "suara_report_respond": (Event.ANSWER, Event.REQUEST_INFO, Event.FOLLOWUP),
    "suara_report_add_info": (Event.ADD_INFO,),
    "suara_report_close": (Event.CLOSE,),
    "suara_report_reopen": (Event.REOPEN,),
    "suara_report_rate": (Event.RATE,),
    "suara_report_withdraw": (Event.WITHDRAW,),
}


class TransitionError(Exception):
    """A refused event. ``code`` is stable; ``message_key`` an Indonesian msgid."""

    UNKNOWN_STATE = "unknown_state"
    FINAL_STATE = "final_state"
    NOT_ALLOWED = "transition_not_allowed"

    def __init__(self, code: str, message_key: str) -> None:
        super().__init__(f"{code}: {message_key}")
        self.code = code
        self.message_key = message_key


def can(state: str, event: Event) -> bool:
    return (state, Event(event)) in TRANSITIONS


def next_state(state: str, event: Event | str) -> str:
    """The state after ``event`` from ``state``, or :class:`TransitionError`."""
    if state not in STATES:
        raise TransitionError(TransitionError.UNKNOWN_STATE, N_("Status laporan tidak dikenal."))
    to_state = TRANSITIONS.get((state, Event(event)))
    if to_state is not None:
        return to_state
    if state in FINAL_STATES and not any(s == state for s, _e in TRANSITIONS):
        raise TransitionError(
            TransitionError.FINAL_STATE, N_("Laporan ini sudah selesai dan tidak dapat diubah.")
        )
    raise TransitionError(
        TransitionError.NOT_ALLOWED,
        N_("Tindakan ini tidak dapat dilakukan pada status laporan saat ini."),
    )


def events_from(state: str) -> tuple[Event, ...]:
    """Events allowed from ``state``, in the order of :class:`Event`."""
    return tuple(e for e in Event if (state, e) in TRANSITIONS)


def actions_from(state: str) -> tuple[str, ...]:
    """Action names with at least one event allowed from ``state``."""
    return tuple(
        name for name, events in ACTION_EVENTS.items() if any(can(state, e) for e in events)
    )


def is_final(state: str) -> bool:
    return state in FINAL_STATES


def is_public(state: str, privacy: str) -> bool:
    """Whether the public board shows a report in ``state`` with ``privacy``."""
    return privacy != "rahasia" and state in PUBLIC_STATES
