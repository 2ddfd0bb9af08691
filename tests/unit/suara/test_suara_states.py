"""The report life cycle: one transition table (suara/states.py), no database."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.suara import states
from ckanext.pekalongan.suara.states import Event


def test_the_happy_path_reaches_closed():
    s = states.RECEIVED
    for event, expected in [
        (Event.VERIFY, states.VERIFIED),
        (Event.ROUTE, states.ROUTED),
        (Event.REQUEST_INFO, states.AWAITING_REPORTER),
        (Event.ADD_INFO, states.ROUTED),
        (Event.ANSWER, states.ANSWERED),
        (Event.CLOSE, states.CLOSED),
        (Event.REOPEN, states.ROUTED),
    ]:
        s = states.next_state(s, event)
        assert s == expected


@pytest.mark.parametrize("state", states.OPEN_STATES)
def test_withdraw_from_every_non_final_state(state):
    assert states.next_state(state, Event.WITHDRAW) == states.WITHDRAWN


@pytest.mark.parametrize("state", sorted(states.FINAL_STATES))
def test_final_states_cannot_be_withdrawn(state):
    with pytest.raises(states.TransitionError):
        states.next_state(state, Event.WITHDRAW)


def test_rejected_and_withdrawn_are_dead_ends():
    for state in (states.REJECTED, states.WITHDRAWN):
        assert states.events_from(state) == ()
        with pytest.raises(states.TransitionError) as e:
            states.next_state(state, Event.UPDATE)
        assert e.value.code == states.TransitionError.FINAL_STATE


def test_closed_can_still_be_reopened_and_rated_but_not_answered():
    assert states.can(states.CLOSED, Event.REOPEN)
    assert states.can(states.CLOSED, Event.RATE)
    with pytest.raises(states.TransitionError) as e:
        states.next_state(states.CLOSED, Event.ANSWER)
    assert e.value.code == states.TransitionError.NOT_ALLOWED


def test_a_report_cannot_skip_verification():
    for event in (Event.ROUTE, Event.ANSWER, Event.CLOSE, Event.RATE, Event.REOPEN):
        assert not states.can(states.RECEIVED, event)


def test_unknown_state_is_refused():
    with pytest.raises(states.TransitionError) as e:
        states.next_state("hacked", Event.VERIFY)
    assert e.value.code == states.TransitionError.UNKNOWN_STATE


def test_unknown_event_is_a_value_error():
    with pytest.raises(ValueError):
        states.next_state(states.RECEIVED, "explode")


def test_every_event_has_a_label_and_the_enum_is_closed():
    assert set(states.EVENT_LABELS) == set(Event)
    with pytest.raises(AttributeError):
        Event.VERIFY.value = "x"  # members are read-only


def test_every_target_state_is_known():
    for (from_state, _event), to_state in states.TRANSITIONS.items():
        assert from_state in states.STATES and to_state in states.STATES


def test_actions_from_names_only_allowed_actions():
    assert states.actions_from(states.RECEIVED) == (
        "suara_report_verify", "suara_report_update", "suara_report_withdraw")
    assert "suara_report_rate" in states.actions_from(states.CLOSED)
    assert states.actions_from(states.WITHDRAWN) == ()


@pytest.mark.parametrize("state", states.STATES)
def test_public_board_never_shows_rahasia(state):
    assert not states.is_public(state, "rahasia")


def test_public_board_shows_only_moderated_states():
    assert not states.is_public(states.RECEIVED, "public")
    assert not states.is_public(states.REJECTED, "public")
    assert states.is_public(states.ANSWERED, "anonim")
