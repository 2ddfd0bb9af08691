"""The link of the decision e-mail: opens the written notice and the released documents
without the tracking code (shown once, on screen) for ``notice_link_days`` days.

The token is signed with the site's ``SECRET_KEY`` (itsdangerous, as Flask's own session)
and carries the request's random id and its decision round only: no name, no ticket, nothing
personal. It stops working when it expires, when the key changes, and when the decision it
was sent for no longer stands (an accepted objection reopened the request).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "ckanext.pekalongan.ppid.notice-link"


def lifetime_days() -> int:
    return int(tk.config.get("ckanext.pekalongan.ppid.notice_link_days") or 30)


def _serializer() -> URLSafeTimedSerializer:
    secret = tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret")
    if not secret:
        raise RuntimeError("SECRET_KEY is not set")
    return URLSafeTimedSerializer(secret, salt=SALT)


def make(request_id: str, decision_round: int) -> str:
    """A token for the decision ``decision_round`` of the request ``request_id``."""
    return _serializer().dumps([request_id, int(decision_round)])


def read(token: str) -> tuple[str, int] | None:
    """``(request_id, decision_round)`` of a valid, unexpired token; None otherwise (a
    forged, mangled or expired token are all the same answer)."""
    if not isinstance(token, str) or not token or len(token) > 512:
        return None
    try:
        value = _serializer().loads(token, max_age=lifetime_days() * 86400)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], str)
        or not isinstance(value[1], int)
    ):
        return None
    return value[0], value[1]


def url(request_id: str, decision_round: int) -> str:
    token = make(request_id, decision_round)
    try:
        return tk.url_for("ppid.notice_link", token=token, _external=True)
    except Exception:
        return (tk.config.get("ckan.site_url") or "").rstrip("/") + f"/ppid/surat/{token}"
