"""Request and objection state machines, decisions and identity checks.

The expected transitions are written out here independently of
``states.TRANSITIONS``; every (kind, state, action) combination is checked.
"""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from ckanext.pekalongan.ppid import requester as rq
from ckanext.pekalongan.ppid import states as s
from ckanext.pekalongan.ppid import vocabulary as voc
from ckanext.pekalongan.ppid.states import TransitionError

REQUEST_STATES = ["received", "routed", "extended", "decided", "withdrawn", "reopened"]
REQUEST_ACTIONS = ["route", "extend", "decide", "withdraw", "reopen"]
OBJECTION_STATES = ["filed", "decided"]
OBJECTION_ACTIONS = ["decide"]

EXPECTED_REQUEST = {
    ("received", "route"): "routed",
    ("routed", "route"): "routed",  # re-routed to another OPD
    ("extended", "route"): "extended",  # re-routing keeps the extension
    ("received", "extend"): "extended",
    ("routed", "extend"): "extended",
    ("received", "decide"): "decided",
    ("routed", "decide"): "decided",
    ("extended", "decide"): "decided",
    ("received", "withdraw"): "withdrawn",
    ("routed", "withdraw"): "withdrawn",
    ("extended", "withdraw"): "withdrawn",
    # an accepted objection reopens the request (from a decision or an unanswered request);
    # a reopened request is routed, decided or withdrawn, never extended
    ("decided", "reopen"): "reopened",
    ("received", "reopen"): "reopened",
    ("routed", "reopen"): "reopened",
    ("extended", "reopen"): "reopened",
    ("reopened", "route"): "reopened",
    ("reopened", "decide"): "decided",
    ("reopened", "withdraw"): "withdrawn",
}
EXPECTED_OBJECTION = {("filed", "decide"): "decided"}

CASES = [
    ("request", state, action, EXPECTED_REQUEST.get((state, action)))
    for state, action in product(REQUEST_STATES, REQUEST_ACTIONS)
] + [
    ("objection", state, action, EXPECTED_OBJECTION.get((state, action)))
    for state, action in product(OBJECTION_STATES, OBJECTION_ACTIONS)
]


def test_vocabulary_of_states_and_actions():
    assert list(s.REQUEST_STATES) == REQUEST_STATES
    assert list(s.OBJECTION_STATES) == OBJECTION_STATES
    assert list(s.ACTIONS["request"]) == REQUEST_ACTIONS
    assert list(s.ACTIONS["objection"]) == OBJECTION_ACTIONS


@pytest.mark.parametrize(("kind", "state", "action", "expected"), CASES)
def test_every_transition_is_allowed_or_refused_as_specified(kind, state, action, expected):
    assert s.can_transition(kind, state, action) is (expected is not None)
    if expected is None:
        with pytest.raises(TransitionError):
            s.next_state(kind, state, action)
    else:
        assert s.next_state(kind, state, action) == expected


def test_the_table_has_no_rows_beyond_the_specification():
    expected = {("request", *k): v for k, v in EXPECTED_REQUEST.items()}
    expected |= {("objection", *k): v for k, v in EXPECTED_OBJECTION.items()}
    assert dict(s.TRANSITIONS) == expected


def test_extension_is_refused_after_the_first():
    state = s.next_state("request", "received", "route")
    state = s.next_state("request", state, "extend")
    assert state == "extended"
    state = s.next_state("request", state, "route")  # re-routing after extending
    assert state == "extended"
    with pytest.raises(TransitionError) as err:
        s.next_state("request", state, "extend")
    assert err.value.code == "extension_already_used"
    assert err.value.message_key == "The deadline can be extended only once."
    assert s.next_state("request", state, "decide") == "decided"


@pytest.mark.parametrize(
    ("kind", "state", "action"),
    [
        ("request", "decided", "decide"),
        ("request", "decided", "extend"),
        ("request", "withdrawn", "route"),
        ("request", "withdrawn", "withdraw"),
        ("objection", "decided", "decide"),
    ],
)
def test_closed_records_cannot_change(kind, state, action):
    assert s.is_terminal(kind, state)
    with pytest.raises(TransitionError) as err:
        s.next_state(kind, state, action)
    assert err.value.code == "terminal_state"


@pytest.mark.parametrize(
    ("kind", "state", "action", "code"),
    [
        ("appeal", "received", "route", "unknown_kind"),
        ("request", "filed", "decide", "unknown_state"),
        ("objection", "received", "decide", "unknown_state"),
        ("request", "received", "close", "unknown_action"),
        ("objection", "filed", "extend", "unknown_action"),
    ],
)
def test_unknown_inputs_are_refused_with_their_own_code(kind, state, action, code):
    assert not s.can_transition(kind, state, action)
    with pytest.raises(TransitionError) as err:
        s.next_state(kind, state, action)
    assert err.value.code == code
    assert isinstance(err.value.message_key, str) and err.value.message_key


def test_allowed_actions_and_terminal_states():
    assert s.allowed_actions("request", "received") == ("route", "extend", "decide", "withdraw")
    assert s.allowed_actions("request", "extended") == ("route", "decide", "withdraw")
    assert s.allowed_actions("request", "decided") == ()
    assert s.allowed_actions("objection", "filed") == ("decide",)
    assert [st for st in REQUEST_STATES if s.is_terminal("request", st)] == [
        "decided",
        "withdrawn",
    ]
    assert not s.is_terminal("request", "nonsense")


# --- decisions ------------------------------------------------------------------


def test_decision_codes():
    assert set(s.DECISIONS) == {"granted", "partly_granted", "refused", "not_held"}
    assert set(voc.DECISION_LABELS) == set(s.DECISIONS)


def test_granted_needs_nothing_more():
    assert s.validate_decision("granted") == {}


def test_unknown_decision():
    assert set(s.validate_decision("maybe")) == {"decision"}


def test_refusal_requires_a_ground_and_a_consequence_test():
    errors = s.validate_decision("refused")
    assert set(errors) == {"exemption_grounds", "consequence_test_ref"}
    errors = s.validate_decision("refused", ["17h"])
    assert set(errors) == {"consequence_test_ref"}
    errors = s.validate_decision("refused", ["17h"], consequence_test_ref="   ")
    assert set(errors) == {"consequence_test_ref"}
    assert s.validate_decision("refused", ["17h", "17a"], consequence_test_ref="UK-2026-004") == {}


def test_partial_grant_also_requires_a_ground_and_a_consequence_test():
    assert set(s.validate_decision("partly_granted")) == {
        "exemption_grounds",
        "consequence_test_ref",
    }
    assert s.validate_decision("partly_granted", ["17h"], consequence_test_ref="UK-1") == {}


def test_refusal_grounds_must_be_known_and_distinct():
    errors = s.validate_decision("refused", ["17k"], consequence_test_ref="UK-1")
    assert list(errors) == ["exemption_grounds"]
    errors = s.validate_decision("refused", ["17h", "17h"], consequence_test_ref="UK-1")
    assert list(errors) == ["exemption_grounds"]
    errors = s.validate_decision("refused", ["35_1_a"], consequence_test_ref="UK-1")
    assert list(errors) == ["exemption_grounds"]


def test_grant_may_not_cite_exemptions():
    errors = s.validate_decision("granted", ["17a"], consequence_test_ref="UK-1")
    assert set(errors) == {"exemption_grounds", "consequence_test_ref"}


def test_not_held_requires_the_holding_body_or_the_unknown_flag():
    assert set(s.validate_decision("not_held")) == {"holding_body"}
    assert s.validate_decision("not_held", holding_body="BPS Kabupaten Pekalongan") == {}
    assert s.validate_decision("not_held", holding_body_unknown=True) == {}
    both = s.validate_decision("not_held", holding_body="BPS", holding_body_unknown=True)
    assert set(both) == {"holding_body"}
    assert set(s.validate_decision("not_held", ["17a"], holding_body="BPS")) == {
        "exemption_grounds"
    }


def test_errors_are_lists_of_messages():
    errors = s.validate_decision("refused")
    assert all(
        isinstance(v, list) and v and all(isinstance(m, str) for m in v) for v in errors.values()
    )


def test_extension_validation():
    assert s.validate_extension("Informasi tersebar di tiga OPD", 0) == {}
    assert set(s.validate_extension("", 0)) == {"reason"}
    assert set(s.validate_extension("alasan", 1)) == {"extension"}
    assert set(s.validate_extension(None, 1)) == {"extension", "reason"}


# --- objections -------------------------------------------------------------------


def test_objection_outcomes_are_named_from_the_objections_side():
    assert s.OBJECTION_OUTCOMES == ("accepted", "rejected")
    assert s.validate_objection_decision("accepted") == {}
    assert s.validate_objection_decision("rejected") == {}
    assert set(s.validate_objection_decision("upheld")) == {"outcome"}


def test_objection_grounds_validation():
    assert s.validate_objection_grounds(["35_1_c"]) == {}
    assert set(s.validate_objection_grounds([])) == {"grounds"}
    assert set(s.validate_objection_grounds(["35_1_h"])) == {"grounds"}
    assert set(s.validate_objection_grounds(["17a"])) == {"grounds"}
    assert set(s.validate_objection_grounds(["35_1_a", "35_1_a"])) == {"grounds"}


def test_lapsed_objection_grounds():
    due = date(2026, 3, 31)
    assert s.lapsed_objection_grounds(due, None, date(2026, 3, 31)) == frozenset()
    assert s.lapsed_objection_grounds(due, None, date(2026, 4, 1)) == {"35_1_c"}
    assert s.lapsed_objection_grounds(due, date(2026, 3, 31), date(2026, 5, 1)) == frozenset()
    assert s.lapsed_objection_grounds(due, date(2026, 4, 1), date(2026, 4, 1)) == {"35_1_g"}


# --- vocabularies -------------------------------------------------------------------


def test_vocabulary_codes():
    assert s.CHANNELS == ("web", "walk_in", "letter", "phone", "email", "sms")
    assert s.HOW_TO_OBTAIN == (
        "melihat",
        "membaca",
        "mendengarkan",
        "mencatat",
        "salinan_softcopy",
        "salinan_hardcopy",
    )
    assert s.HOW_TO_RECEIVE == ("ambil_langsung", "kurir", "pos", "faksimili", "email")
    assert s.REQUESTER_TYPES == ("person", "legal_entity")
    assert s.PASAL_17_GROUNDS == tuple(f"17{c}" for c in "abcdefghij")
    assert s.PASAL_35_1_GROUNDS == tuple(f"35_1_{c}" for c in "abcdefg")
    assert s.AUTOMATIC_OBJECTION_GROUNDS == {"35_1_c", "35_1_g"}


@pytest.mark.parametrize(
    "labels",
    [
        voc.CHANNEL_LABELS,
        voc.HOW_TO_OBTAIN_LABELS,
        voc.HOW_TO_RECEIVE_LABELS,
        voc.REQUESTER_TYPE_LABELS,
        voc.PASAL_17_LABELS,
        voc.PASAL_35_1_LABELS,
        voc.DECISION_LABELS,
        voc.OBJECTION_OUTCOME_LABELS,
    ],
)
def test_every_code_has_a_label(labels):
    assert labels and all(isinstance(v, str) and v.strip() for v in labels.values())


def test_marker_is_a_no_op():
    assert s.N_("Mengungkap rahasia pribadi") == "Mengungkap rahasia pribadi"


# --- NIK and requester ------------------------------------------------------------------


@pytest.mark.parametrize("nik", ["3326011501900001", "1101010101010001"])
def test_valid_nik(nik):
    assert rq.validate_nik(nik) == [] and rq.is_valid_nik(nik)


@pytest.mark.parametrize(
    "nik",
    [
        None,
        "",
        "332601150190000",  # 15 digits
        "33260115019000011",  # 17 digits
        "33260115019000A1",
        "3326 0115 0190 0001",  # separators: normalise first
        " 3326011501900001",
        "0000000000000000",
        "\u0663" * 16,  # Arabic-Indic digits are digits to str.isdigit()
    ],
)
def test_invalid_nik(nik):
    assert rq.validate_nik(nik) and not rq.is_valid_nik(nik)


def test_normalize_nik():
    assert rq.normalize_nik("3326 0115.0190-0001") == "3326011501900001"
    assert rq.is_valid_nik(rq.normalize_nik(" 3326 0115 0190 0001 "))


def test_requester_validation():
    assert rq.validate_requester("person", nik="3326011501900001") == {}
    assert set(rq.validate_requester("person", nik="123")) == {"nik"}
    assert set(rq.validate_requester("person")) == {"nik"}
    assert rq.validate_requester("legal_entity", legal_entity_decree="AHU-0012345.AH.01.07") == {}
    assert set(rq.validate_requester("legal_entity")) == {"legal_entity_decree"}
    assert set(rq.validate_requester("group")) == {"requester_type"}


def test_every_code_of_the_law_has_exactly_one_label():
    pairs = [
        (s.CHANNELS, voc.CHANNEL_LABELS),
        (s.HOW_TO_OBTAIN, voc.HOW_TO_OBTAIN_LABELS),
        (s.HOW_TO_RECEIVE, voc.HOW_TO_RECEIVE_LABELS),
        (s.REQUESTER_TYPES, voc.REQUESTER_TYPE_LABELS),
        (s.PASAL_17_GROUNDS, voc.PASAL_17_LABELS),
        (s.PASAL_35_1_GROUNDS, voc.PASAL_35_1_LABELS),
        (s.DECISIONS, voc.DECISION_LABELS),
        (s.OBJECTION_OUTCOMES, voc.OBJECTION_OUTCOME_LABELS),
        (s.REQUEST_STATES, voc.STATUS_LABELS),
        (s.OBJECTION_STATES, voc.OBJECTION_STATUS_LABELS),
        (tuple(e.value for e in s.Event), voc.EVENT_LABELS),
    ]
    for codes, labels in pairs:
        assert list(codes) == list(labels), (codes, list(labels))


def test_event_types_are_a_closed_set():
    assert s.Event("route") is s.Event.ROUTE and s.Event.ROUTE == "route"
    with pytest.raises(ValueError):
        s.Event("rewrite_history")


def test_actions_allowed_follow_the_state_and_the_extension_rule():
    from datetime import date as d

    due = d(2026, 3, 13)
    received = s.request_actions_allowed("received", False, due, d(2026, 3, 10))
    assert received == ("ppid_request_route", "ppid_request_extend", "ppid_request_decide",
                        "ppid_request_correct_receipt", "ppid_request_withdraw",
                        "ppid_document_create", "ppid_objection_create")
    late = s.request_actions_allowed("routed", False, due, d(2026, 3, 16))
    assert "ppid_request_extend" not in late and "ppid_request_decide" in late
    assert "ppid_request_extend" not in s.request_actions_allowed("extended", True, due, due)
    decided = s.request_actions_allowed("decided", False, due, due)
    assert decided == ("ppid_document_create", "ppid_objection_create")
    assert s.request_actions_allowed("withdrawn", False, due, due) == ()
