"""States, transitions and codes of PPID requests and objections.

Pure domain rules: no CKAN, no database, no config. Every allowed transition
is one row of :data:`TRANSITIONS`; anything not listed there is refused.

The labels of every code live in ``vocabulary.py``; the requester's identity
rules (NIK) in ``requester.py``. Validation messages are English msgids marked
with :func:`N_`, as in CKAN core, translated at display time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import Enum

from ckanext.pekalongan.text import N_

Errors = dict[str, list[str]]

# --- audit events ------------------------------------------------------------


class Event(str, Enum):
    """The action of every row of the audit trail (``ppid_event.action``). A str
    enum: stored and compared as its value; an unknown action cannot be written."""

    CREATE = "create"
    ROUTE = "route"
    EXTEND = "extend"
    RECEIPT_CORRECT = "receipt_correct"
    DECIDE = "decide"
    WITHDRAW = "withdraw"
    DOCUMENT_ATTACH = "document_attach"
    GROUND_ARISEN = "ground_arisen"
    OBJECTION_CREATE = "objection_create"
    OBJECTION_DECIDE = "objection_decide"
    HOLIDAY_CREATE = "holiday_create"
    HOLIDAY_DELETE = "holiday_delete"
    PERSONAL_DATA_ERASED = "personal_data_erased"
    PUBLIC_ENTRY = "public_entry"  # 15D: an officer reviewed the public register entry
    DIP_ENTRY_CREATE = "dip_entry_create"  # the DIP and DIK registers (registers.py)
    DIP_ENTRY_UPDATE = "dip_entry_update"
    DIP_ENTRY_DELETE = "dip_entry_delete"
    DIK_ENTRY_CREATE = "dik_entry_create"
    DIK_ENTRY_UPDATE = "dik_entry_update"
    DIK_ENTRY_DELETE = "dik_entry_delete"
    # 15B: a notice given to the requester or an officer (data: kind, channel, sent/to_send)
    NOTICE = "notice"
    REOPEN = "reopen"  # an accepted objection reopened the request for a new decision
    DISPUTE_RECORD = "dispute_record"  # the Komisi Informasi dispute (dispute.py)
    REPORT_UPDATE = "report_update"  # annual report narrative or submission
    SERVICE_STANDARD_UPDATE = "service_standard_update"


# --- kinds, states, actions -------------------------------------------------

KIND_REQUEST = "request"
KIND_OBJECTION = "objection"
KINDS: tuple[str, ...] = (KIND_REQUEST, KIND_OBJECTION)

# Request (permohonan informasi) states.
RECEIVED = "received"  # registered with a number; the 10 HK clock runs
ROUTED = "routed"  # forwarded to the PPID Pelaksana of an OPD
EXTENDED = "extended"  # the one extension (Pasal 22(8)) has been used
DECIDED = "decided"  # written notice given; see DECISIONS
WITHDRAWN = "withdrawn"  # withdrawn by the requester
# The Atasan PPID accepted an objection: the PPID must decide again, on a clock of its own
# (``reopen_days`` HK from the Atasan's answer); the overturned decision no longer stands.
REOPENED = "reopened"
REQUEST_STATES: tuple[str, ...] = (RECEIVED, ROUTED, EXTENDED, DECIDED, WITHDRAWN, REOPENED)
# Open: the clock runs (the sweep, the queue's overdue filter and receipt corrections).
OPEN_STATES: tuple[str, ...] = (RECEIVED, ROUTED, EXTENDED, REOPENED)

# Objection (keberatan) states.
FILED = "filed"  # registered; the Atasan PPID's 30 HK clock runs
OBJECTION_DECIDED = "decided"  # the Atasan PPID answered; see OBJECTION_OUTCOMES
OBJECTION_STATES: tuple[str, ...] = (FILED, OBJECTION_DECIDED)

STATES: Mapping[str, tuple[str, ...]] = {
    KIND_REQUEST: REQUEST_STATES,
    KIND_OBJECTION: OBJECTION_STATES,
}

ACTION_ROUTE = "route"
ACTION_EXTEND = "extend"
ACTION_DECIDE = "decide"
ACTION_WITHDRAW = "withdraw"
ACTION_REOPEN = "reopen"  # by an accepted objection only, never an officer's own act
ACTIONS: Mapping[str, tuple[str, ...]] = {
    KIND_REQUEST: (ACTION_ROUTE, ACTION_EXTEND, ACTION_DECIDE, ACTION_WITHDRAW, ACTION_REOPEN),
    KIND_OBJECTION: (ACTION_DECIDE,),
}

# THE transition table: (kind, from_state, action) -> to_state.
# Which OPD holds a request is a separate column; the state says where the
# clock stands. Re-routing keeps the state, so an extended request stays
# extended (and so can never be extended twice). decided and withdrawn are
# terminal: a wrong decision is corrected through an objection.
TRANSITIONS: Mapping[tuple[str, str, str], str] = {
    (KIND_REQUEST, RECEIVED, ACTION_ROUTE): ROUTED,
    (KIND_REQUEST, ROUTED, ACTION_ROUTE): ROUTED,
    (KIND_REQUEST, EXTENDED, ACTION_ROUTE): EXTENDED,
    (KIND_REQUEST, RECEIVED, ACTION_EXTEND): EXTENDED,
    (KIND_REQUEST, ROUTED, ACTION_EXTEND): EXTENDED,
    (KIND_REQUEST, RECEIVED, ACTION_DECIDE): DECIDED,
    (KIND_REQUEST, ROUTED, ACTION_DECIDE): DECIDED,
    (KIND_REQUEST, EXTENDED, ACTION_DECIDE): DECIDED,
    (KIND_REQUEST, RECEIVED, ACTION_WITHDRAW): WITHDRAWN,
    (KIND_REQUEST, ROUTED, ACTION_WITHDRAW): WITHDRAWN,
    (KIND_REQUEST, EXTENDED, ACTION_WITHDRAW): WITHDRAWN,
    (KIND_OBJECTION, FILED, ACTION_DECIDE): OBJECTION_DECIDED,
    # an accepted objection: from a decision (overturned) or from an unanswered request
    # (the Atasan orders an answer); a reopened request is routed, decided or withdrawn,
    # never extended (the Atasan's order sets its clock)
    (KIND_REQUEST, DECIDED, ACTION_REOPEN): REOPENED,
    (KIND_REQUEST, RECEIVED, ACTION_REOPEN): REOPENED,
    (KIND_REQUEST, ROUTED, ACTION_REOPEN): REOPENED,
    (KIND_REQUEST, EXTENDED, ACTION_REOPEN): REOPENED,
    (KIND_REQUEST, REOPENED, ACTION_ROUTE): REOPENED,
    (KIND_REQUEST, REOPENED, ACTION_DECIDE): DECIDED,
    (KIND_REQUEST, REOPENED, ACTION_WITHDRAW): WITHDRAWN,
}


class TransitionError(Exception):
    """A refused transition.

    ``code`` is stable and machine-readable; ``message_key`` is an English
    msgid to translate for display.
    """

    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_STATE = "unknown_state"
    UNKNOWN_ACTION = "unknown_action"
    TERMINAL_STATE = "terminal_state"
    EXTENSION_ALREADY_USED = "extension_already_used"
    NOT_ALLOWED = "transition_not_allowed"

    def __init__(self, code: str, message_key: str) -> None:
        super().__init__(f"{code}: {message_key}")
        self.code = code
        self.message_key = message_key


def is_terminal(kind: str, state: str) -> bool:
    """True for a known state no officer's action can leave (a decided request is closed:
    only an accepted objection reopens it)."""
    return state in STATES.get(kind, ()) and not allowed_actions(kind, state)


def allowed_actions(kind: str, state: str) -> tuple[str, ...]:
    """Officers' actions allowed from ``state``, in the order of :data:`ACTIONS` (reopening
    is the effect of an accepted objection, never an action of its own)."""
    return tuple(
        a for a in ACTIONS.get(kind, ())
        if (kind, state, a) in TRANSITIONS and a != ACTION_REOPEN
    )


def can_transition(kind: str, from_state: str, action: str) -> bool:
    """Whether ``action`` is allowed from ``from_state``; False for unknown
    kinds, states or actions."""
    return (kind, from_state, action) in TRANSITIONS


def next_state(kind: str, from_state: str, action: str) -> str:
    """The state after ``action``, or :class:`TransitionError`."""
    if kind not in KINDS:
        raise TransitionError(TransitionError.UNKNOWN_KIND, N_("Unknown record kind."))
    if from_state not in STATES[kind]:
        raise TransitionError(TransitionError.UNKNOWN_STATE, N_("Unknown state."))
    if action not in ACTIONS[kind]:
        raise TransitionError(TransitionError.UNKNOWN_ACTION, N_("Unknown action."))
    to_state = TRANSITIONS.get((kind, from_state, action))
    if to_state is not None:
        return to_state
    if kind == KIND_REQUEST and action == ACTION_EXTEND and from_state == EXTENDED:
        raise TransitionError(
            TransitionError.EXTENSION_ALREADY_USED,
            N_("The deadline can be extended only once."),
        )
    if is_terminal(kind, from_state):
        raise TransitionError(
            TransitionError.TERMINAL_STATE,
            N_("This record is closed and can no longer change."),
        )
    raise TransitionError(
        TransitionError.NOT_ALLOWED, N_("This action is not allowed in the current state.")
    )


# --- outcomes ------------------------------------------------------------------

GRANTED = "granted"
PARTLY_GRANTED = "partly_granted"
REFUSED = "refused"
NOT_HELD = "not_held"
DECISIONS: tuple[str, ...] = (GRANTED, PARTLY_GRANTED, REFUSED, NOT_HELD)
# Decisions that withhold something and so must cite Pasal 17 and a consequence test.
WITHHOLDING_DECISIONS: frozenset[str] = frozenset({PARTLY_GRANTED, REFUSED})

# Objection outcomes, named from the objection's point of view:
OBJECTION_ACCEPTED = "accepted"
"""The Atasan PPID accepts the objection ("menerima keberatan"): the
requester is right, the PPID's response is overturned and the Atasan orders
the PPID to act (give the information, answer, correct the cost...)."""
OBJECTION_REJECTED = "rejected"
"""The Atasan PPID rejects the objection ("menolak keberatan" /
"menguatkan putusan PPID"): the PPID's response stands. The requester may
then take the dispute to the Komisi Informasi."""
OBJECTION_OUTCOMES: tuple[str, ...] = (OBJECTION_ACCEPTED, OBJECTION_REJECTED)

# --- vocabularies ----------------------------------------------------------------

CHANNELS: tuple[str, ...] = (
    "web",
    "walk_in",
    "letter",
    "phone",
    "email",
    "sms",
)

HOW_TO_OBTAIN: tuple[str, ...] = (
    "melihat",
    "membaca",
    "mendengarkan",
    "mencatat",
    "salinan_softcopy",
    "salinan_hardcopy",
)

HOW_TO_RECEIVE: tuple[str, ...] = (
    "ambil_langsung",
    "kurir",
    "pos",
    "faksimili",
    "email",
)

PERSON = "person"
LEGAL_ENTITY = "legal_entity"
REQUESTER_TYPES: tuple[str, ...] = (
    PERSON,
    LEGAL_ENTITY,
)

# UU 14/2008 Pasal 17 a-j: information exempt because opening it could...
PASAL_17_GROUNDS: tuple[str, ...] = (
    "17a",
    "17b",
    "17c",
    "17d",
    "17e",
    "17f",
    "17g",
    "17h",
    "17i",
    "17j",
)

# UU 14/2008 Pasal 35(1) a-g: grounds for an objection.
PASAL_35_1_GROUNDS: tuple[str, ...] = (
    "35_1_a",
    "35_1_b",
    "35_1_c",
    "35_1_d",
    "35_1_e",
    "35_1_f",
    "35_1_g",
)
GROUND_NOT_ANSWERED = "35_1_c"
GROUND_DELIVERED_LATE = "35_1_g"
# Grounds that arise by themselves when a deadline passes (no officer act).
AUTOMATIC_OBJECTION_GROUNDS: frozenset[str] = frozenset(
    {GROUND_NOT_ANSWERED, GROUND_DELIVERED_LATE}
)


def lapsed_objection_grounds(due: date, answered_on: date | None, today: date) -> frozenset[str]:
    """Automatic Pasal 35(1) grounds for a request whose (possibly extended)
    notice deadline is ``due``, answered on ``answered_on`` (``None`` if not
    yet), as seen on ``today``. The deadline is the end of ``due``:

    * not answered and ``today > due`` -> 35(1)c (not answered);
    * answered after ``due`` -> 35(1)g (delivered late).
    """
    if answered_on is None:
        return frozenset({GROUND_NOT_ANSWERED}) if today > due else frozenset()
    return frozenset({GROUND_DELIVERED_LATE}) if answered_on > due else frozenset()


# --- validation ------------------------------------------------------------------


def _blank(value: str | None) -> bool:
    return value is None or not str(value).strip()


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_codes(errors: Errors, field: str, codes: Sequence[str], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    if any(code not in allowed for code in codes):
        _add(errors, field, N_("Unknown ground."))
    if len(set(codes)) != len(codes):
        _add(errors, field, N_("Each ground may be cited only once."))


def validate_decision(
    decision: str,
    exemption_grounds: Sequence[str] = (),
    consequence_test_ref: str | None = None,
    holding_body: str | None = None,
    holding_body_unknown: bool = False,
) -> Errors:
    """Field-level errors of a request decision (written notice); ``{}`` if valid.

    * ``refused`` and ``partly_granted`` withhold information, so they must
      cite at least one Pasal 17 ground (``17a``..``17j``) and the recorded
      consequence test they rest on (Pasal 19; Pasal 22(7)b, d).
    * ``granted`` and ``not_held`` must cite neither.
    * ``not_held`` must name the public body that holds the information
      (Pasal 22(7)a), unless ``holding_body_unknown`` is set; not both.
      ``holding_body`` is ignored for other decisions.
    """
    errors: Errors = {}
    if decision not in DECISIONS:
        _add(errors, "decision", N_("Unknown decision."))
        return errors
    grounds = list(exemption_grounds or ())
    if decision in WITHHOLDING_DECISIONS:
        if not grounds:
            _add(errors, "exemption_grounds", N_("Cite at least one Pasal 17 exemption ground."))
        _check_codes(errors, "exemption_grounds", grounds, PASAL_17_GROUNDS)
        if _blank(consequence_test_ref):
            _add(
                errors,
                "consequence_test_ref",
                N_("Cite the consequence test (uji konsekuensi) behind the exemption."),
            )
    else:
        if grounds:
            _add(
                errors,
                "exemption_grounds",
                N_("Exemption grounds apply only to a refusal or a partial grant."),
            )
        if not _blank(consequence_test_ref):
            _add(
                errors,
                "consequence_test_ref",
                N_("A consequence test applies only to a refusal or a partial grant."),
            )
    if decision == NOT_HELD:
        if _blank(holding_body) and not holding_body_unknown:
            _add(
                errors,
                "holding_body",
                N_("Name the public body that holds the information, or mark it unknown."),
            )
        elif not _blank(holding_body) and holding_body_unknown:
            _add(
                errors,
                "holding_body",
                N_("Either name the holding body or mark it unknown, not both."),
            )
    return errors


def validate_extension(reason: str | None, extensions_used: int) -> Errors:
    """Errors of an extension request: only one extension (Pasal 22(8)), and
    it needs written reasons."""
    errors: Errors = {}
    if extensions_used >= 1:
        _add(errors, "extension", N_("The deadline can be extended only once."))
    if _blank(reason):
        _add(errors, "reason", N_("An extension needs written reasons."))
    return errors


def validate_objection_grounds(grounds: Sequence[str]) -> Errors:
    """At least one known Pasal 35(1) ground, each cited once."""
    errors: Errors = {}
    grounds = list(grounds or ())
    if not grounds:
        _add(errors, "grounds", N_("Cite at least one Pasal 35(1) objection ground."))
    _check_codes(errors, "grounds", grounds, PASAL_35_1_GROUNDS)
    return errors


def validate_objection_decision(outcome: str) -> Errors:
    """The Atasan PPID's outcome must be ``accepted`` or ``rejected``."""
    if outcome not in OBJECTION_OUTCOMES:
        return {"outcome": [N_("Unknown objection outcome.")]}
    return {}


# --- receipt dates ---------------------------------------------------------

RECEIPT_IN_FUTURE = "in_future"
RECEIPT_BEFORE_SERVICE = "before_service"


def receipt_date_problem(received: date, today: date, service_start: date) -> str | None:
    """Why ``received`` cannot be a receipt date (a request cannot be received
    after today, nor before the PPID service existed), or None."""
    if received > today:
        return RECEIPT_IN_FUTURE
    if received < service_start:
        return RECEIPT_BEFORE_SERVICE
    return None


# --- the public registers ------------------------------------------------------------

# ``ppid_register_list`` kinds; the Indonesian words of the first API version are accepted
# as aliases (and are the words of the register page's address, ``?jenis=permohonan``).
REGISTER_KINDS: Mapping[str, str] = {
    KIND_REQUEST: KIND_REQUEST,
    KIND_OBJECTION: KIND_OBJECTION,
    "permohonan": KIND_REQUEST,
    "keberatan": KIND_OBJECTION,
}


# --- what may be done next --------------------------------------------------------

def request_actions_allowed(
    status: str, extended: bool, original_due: date, today: date
) -> tuple[str, ...]:
    """The API actions on a request that its state allows on ``today`` (the caller's role
    is for the auth functions to judge). Extending needs the one extension unused and the
    original due date not passed; correcting the receipt date needs an open request."""
    out = []
    if can_transition(KIND_REQUEST, status, ACTION_ROUTE):
        out.append("ppid_request_route")
    extendable = not extended and today <= original_due
    if can_transition(KIND_REQUEST, status, ACTION_EXTEND) and extendable:
        out.append("ppid_request_extend")
    if can_transition(KIND_REQUEST, status, ACTION_DECIDE):
        out.append("ppid_request_decide")
    if status in OPEN_STATES and status != REOPENED:  # a reopened clock runs from the answer
        out.append("ppid_request_correct_receipt")
    if can_transition(KIND_REQUEST, status, ACTION_WITHDRAW):
        out.append("ppid_request_withdraw")
    if status != WITHDRAWN:
        out += ["ppid_document_create", "ppid_objection_create"]
    return tuple(out)


# --- objections carried through (15B) ---------------------------------------------------


def objection_reopens(outcome: str, objection_round: int, request_round: int,
                      request_status: str) -> bool:
    """Whether the Atasan's answer reopens the request for a new decision: an accepted
    objection against the decision round now standing (an objection against a round an
    earlier acceptance already overturned changes nothing more), on a request that was not
    withdrawn."""
    return (
        outcome == OBJECTION_ACCEPTED
        and objection_round == request_round
        and can_transition(KIND_REQUEST, request_status, ACTION_REOPEN)
    )


# How the requester is told (``notice_channels``): by e-mail when they gave an address, and
# on paper (post, courier or at the desk, for the officer to print and hand over) when they
# asked to receive by post or courier or gave no address; by SMS (for the officer to send)
# when they filed by SMS without an e-mail address.
NOTICE_EMAIL = "email"
NOTICE_POST = "post"
NOTICE_SMS = "sms"
PAPER_DELIVERY: frozenset[str] = frozenset({"pos", "kurir", "ambil_langsung", "faksimili"})


def notice_channels(has_email: bool, how_to_receive: str | None, channel: str | None,
                    has_phone: bool) -> tuple[str, ...]:
    """The channels by which the requester receives a notice (first is the main one)."""
    out: list[str] = []
    if has_email:
        out.append(NOTICE_EMAIL)
    if not has_email and channel == "sms" and has_phone:
        out.append(NOTICE_SMS)
    if how_to_receive in PAPER_DELIVERY - {"ambil_langsung"} or not out:
        out.append(NOTICE_POST)
    return tuple(out)
