"""Short-lived UI state of the Suara Masyarakat pages, kept server-side in
Redis and never in a URL or a readable cookie (the PPID pages' pattern):

* the tracking code shown once on the receipt (read and deleted in one step);
* the code a browser session proved on /suara/cek, reusable for a while;
* the one-time id of each report form, so a second click on "Kirim laporan"
  makes no second report but leads to the first one's receipt;
* the text handed over to the PPID form (under the PPID's own key space).

The signed session cookie only holds random keys to these values.
"""
from __future__ import annotations

import json
import time

from ckan.common import session

from ckanext.pekalongan.casework import ui_state

RECEIPT_CODE_TTL = 30 * 60  # the receipt must be opened within 30 minutes to show the code
TRACK_TTL = 30 * 60  # a tracked report stays open in this browser session for 30 minutes
SUBMIT_TTL = 10 * 60  # how long a form's one-time id guards against a second submission
FORM_ID_MAX = 64


AREA = "suara"  # this service's key space in Redis (casework/ui_state.py)
redis = ui_state.redis


def key(name: str, area: str = AREA) -> str:
    return ui_state.key(name, area)


def stash(value: str, ttl: int, area: str = AREA) -> str:
    return ui_state.stash(value, ttl, area)


def take(nonce: str | None) -> str | None:
    return ui_state.take(nonce, AREA)


def peek(nonce: str | None, ttl: int) -> str | None:
    return ui_state.peek(nonce, ttl, AREA)


session_map = ui_state.session_map
session_put = ui_state.session_put


def claim_submission(form_id: str) -> tuple[bool, dict | None]:
    """Guard against a second click: the first post of a form id goes on;
    a later one waits (briefly) for the first one's receipt."""
    if not form_id or len(form_id) > FORM_ID_MAX:
        return True, None
    name = key(f"submit:{form_id}")
    conn = redis()
    if conn.set(name, "", nx=True, ex=SUBMIT_TTL):
        return True, None
    for _attempt in range(50):
        raw = ui_state.as_text(conn.get(name))
        if raw:
            return False, json.loads(raw)
        if raw is None and conn.set(name, "", nx=True, ex=SUBMIT_TTL):
            return True, None  # the first post failed and released the id
        time.sleep(0.1)
    return False, None


def release_submission(form_id: str) -> None:
    if form_id and len(form_id) <= FORM_ID_MAX:
        redis().delete(key(f"submit:{form_id}"))


def finish_submission(form_id: str, entry: dict) -> None:
    if form_id and len(form_id) <= FORM_ID_MAX:
        redis().set(key(f"submit:{form_id}"), json.dumps(entry), ex=SUBMIT_TTL)


def grant_tracking(number: str, code: str) -> None:
    ui_state.grant_tracking(AREA, number, code, TRACK_TTL)


def tracking_code(number: str) -> str | None:
    return ui_state.tracking_code(AREA, number, TRACK_TTL)


def forget_tracking(number: str) -> None:
    ui_state.forget_tracking(AREA, number)


def hand_to_ppid(text: str) -> None:
    """Keep ``text`` for the PPID request form: under the PPID's own UI key
    (what ``ppid.views`` stashes and takes), its key in ``ppid_prefill``."""
    session["ppid_prefill"] = stash(json.dumps({"information": text[:4000]}),
                                    RECEIPT_CODE_TTL, area="ppid")
    session.modified = True
