"""States, transitions and vocabularies of PPID requests and objections.

Pure domain rules: no CKAN, no database, no config. Every allowed transition
is one row of :data:`TRANSITIONS`; anything not listed there is refused.

Labels are marked with the no-op :func:`N_` so gettext can extract them;
translate at display time (``tk._(label)``). Vocabulary labels (channels,
forms, Pasal 17 and 35 grounds...) are Indonesian, the wording of the law and
of the Perki 1/2021 forms; the ``en`` catalogue translates them. Validation
messages are English msgids, as in CKAN core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date


def N_(message: str) -> str:
    """Mark a string for translation without translating it (gettext no-op)."""
    return message


Errors = dict[str, list[str]]

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
REQUEST_STATES: tuple[str, ...] = (RECEIVED, ROUTED, EXTENDED, DECIDED, WITHDRAWN)

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
ACTIONS: Mapping[str, tuple[str, ...]] = {
    KIND_REQUEST: (ACTION_ROUTE, ACTION_EXTEND, ACTION_DECIDE, ACTION_WITHDRAW),
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
    """True for a known state with no outgoing transition."""
    return state in STATES.get(kind, ()) and not allowed_actions(kind, state)


def allowed_actions(kind: str, state: str) -> tuple[str, ...]:
    """Actions allowed from ``state``, in the order of :data:`ACTIONS`."""
    return tuple(a for a in ACTIONS.get(kind, ()) if (kind, state, a) in TRANSITIONS)


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
DECISION_LABELS: Mapping[str, str] = {
    GRANTED: N_("Diberikan seluruhnya"),
    PARTLY_GRANTED: N_("Diberikan sebagian"),
    REFUSED: N_("Ditolak (informasi dikecualikan)"),
    NOT_HELD: N_("Informasi tidak dikuasai"),
}
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
OBJECTION_OUTCOME_LABELS: Mapping[str, str] = {
    OBJECTION_ACCEPTED: N_("Keberatan diterima (tanggapan PPID dibatalkan)"),
    OBJECTION_REJECTED: N_("Keberatan ditolak (tanggapan PPID dikuatkan)"),
}

# --- vocabularies ----------------------------------------------------------------

CHANNEL_LABELS: Mapping[str, str] = {
    "web": N_("Situs web"),
    "walk_in": N_("Datang langsung"),
    "letter": N_("Surat"),
    "phone": N_("Telepon"),
    "email": N_("Surel"),
    "sms": N_("SMS"),
}
CHANNELS: tuple[str, ...] = tuple(CHANNEL_LABELS)

HOW_TO_OBTAIN_LABELS: Mapping[str, str] = {
    "melihat": N_("Melihat"),
    "membaca": N_("Membaca"),
    "mendengarkan": N_("Mendengarkan"),
    "mencatat": N_("Mencatat"),
    "salinan_softcopy": N_("Mendapatkan salinan (softcopy)"),
    "salinan_hardcopy": N_("Mendapatkan salinan (hardcopy)"),
}
HOW_TO_OBTAIN: tuple[str, ...] = tuple(HOW_TO_OBTAIN_LABELS)

HOW_TO_RECEIVE_LABELS: Mapping[str, str] = {
    "ambil_langsung": N_("Mengambil langsung"),
    "kurir": N_("Kurir"),
    "pos": N_("Pos"),
    "faksimili": N_("Faksimili"),
    "email": N_("Surel"),
}
HOW_TO_RECEIVE: tuple[str, ...] = tuple(HOW_TO_RECEIVE_LABELS)

PERSON = "person"
LEGAL_ENTITY = "legal_entity"
REQUESTER_TYPE_LABELS: Mapping[str, str] = {
    PERSON: N_("Perorangan"),
    LEGAL_ENTITY: N_("Badan hukum"),
}
REQUESTER_TYPES: tuple[str, ...] = tuple(REQUESTER_TYPE_LABELS)

# UU 14/2008 Pasal 17 a-j: information exempt because opening it could...
PASAL_17_LABELS: Mapping[str, str] = {
    "17a": N_("Menghambat proses penegakan hukum"),
    "17b": N_("Mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha sehat"),
    "17c": N_("Membahayakan pertahanan dan keamanan negara"),
    "17d": N_("Mengungkapkan kekayaan alam Indonesia"),
    "17e": N_("Merugikan ketahanan ekonomi nasional"),
    "17f": N_("Merugikan kepentingan hubungan luar negeri"),
    "17g": N_("Mengungkapkan isi akta otentik yang bersifat pribadi atau wasiat seseorang"),
    "17h": N_("Mengungkap rahasia pribadi"),
    "17i": N_("Memorandum atau surat antar/intra Badan Publik yang menurut sifatnya dirahasiakan"),
    "17j": N_("Informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}
PASAL_17_GROUNDS: tuple[str, ...] = tuple(PASAL_17_LABELS)

# UU 14/2008 Pasal 35(1) a-g: grounds for an objection.
PASAL_35_1_LABELS: Mapping[str, str] = {
    "35_1_a": N_("Penolakan permohonan berdasarkan alasan pengecualian Pasal 17"),
    "35_1_b": N_("Tidak disediakannya informasi berkala"),
    "35_1_c": N_("Tidak ditanggapinya permohonan informasi"),
    "35_1_d": N_("Permohonan informasi ditanggapi tidak sebagaimana yang diminta"),
    "35_1_e": N_("Tidak dipenuhinya permohonan informasi"),
    "35_1_f": N_("Pengenaan biaya yang tidak wajar"),
    "35_1_g": N_("Penyampaian informasi melebihi waktu yang diatur undang-undang"),
}
PASAL_35_1_GROUNDS: tuple[str, ...] = tuple(PASAL_35_1_LABELS)
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


_NIK_RE = re.compile(r"[0-9]{16}")
_NIK_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_nik(value: str) -> str:
    """Drop spaces, dots and dashes people type inside a NIK."""
    return _NIK_SEPARATORS.sub("", value)


def validate_nik(value: str | None) -> list[str]:
    """Messages for an invalid NIK, ``[]`` if valid: exactly 16 ASCII digits,
    not all zeros. No normalisation here; see :func:`normalize_nik`."""
    if value is None or not _NIK_RE.fullmatch(value):
        return [N_("A NIK has exactly 16 digits.")]
    if set(value) == {"0"}:
        return [N_("This is not a valid NIK.")]
    return []


def is_valid_nik(value: str | None) -> bool:
    return not validate_nik(value)


def validate_requester(
    requester_type: str, nik: str | None = None, legal_entity_decree: str | None = None
) -> Errors:
    """A person gives a valid NIK; a legal entity gives its deed/decree number."""
    errors: Errors = {}
    if requester_type == PERSON:
        messages = validate_nik(nik)
        if messages:
            errors["nik"] = messages
    elif requester_type == LEGAL_ENTITY:
        if _blank(legal_entity_decree):
            _add(
                errors,
                "legal_entity_decree",
                N_("A legal entity must give its deed or decree number."),
            )
    else:
        _add(errors, "requester_type", N_("Unknown requester type."))
    return errors


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
