"""Per-client rate limits of the anonymous PPID channels (Flask-Limiter / limits).

Two buckets per client, counted in the site's Redis (``ckan.redis.url``) with
the moving-window strategy of ``limits``: every hit is one atomic Redis script,
so a burst of simultaneous posts on several workers cannot get past the limit.

* ``filing`` — requests filed anonymously: the web form and
  ``ppid_request_create`` over the API share it.
  ``ckanext.pekalongan.ppid.rate_limit`` per ``rate_limit_window`` seconds.
  Only a post that passed validation takes a place (a typing error never uses
  up a citizen's allowance); a post that fills the honeypot is refused before
  and never touches it, so robots on a shared address cannot lock out the
  citizens behind it.
* ``tracking`` — every look-up with a ticket and tracking code (``/ppid/lacak``
  and its pages, the objection form, and the actions given a
  ``tracking_code``: ``ppid_request_show``, ``ppid_objection_create``, ...).
  ``ckanext.pekalongan.ppid.track_rate_limit`` per ``track_rate_limit_window``
  seconds; a web page counts once however many actions it calls.

The client is the address after :mod:`proxies` (trusted proxies only); Redis
only ever sees an HMAC of it. Officers and calls outside a web request (CLI,
background jobs) are never limited.

Refusals: a ``RateLimited`` error (a ``ValidationError`` with a translated
``rate_limit`` message, so forms show it like any other error) and HTTP 429
with ``Retry-After`` on the API and the web alike.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import math
import time

import ckan.plugins.toolkit as tk
from flask import current_app, g, has_request_context, request
from flask_limiter import Limiter
from limits import RateLimitItemPerSecond

from ckanext.pekalongan.text import N_

EXTENSION = "pekalongan_ratelimit"


@dataclasses.dataclass(frozen=True)
class Bucket:
    name: str
    limit_option: str
    window_option: str
    message: str


FILING = Bucket(
    "filing",
    "ckanext.pekalongan.ppid.rate_limit",
    "ckanext.pekalongan.ppid.rate_limit_window",
    N_("Too many requests from your address. Please try again later."),
)
TRACKING = Bucket(
    "tracking",
    "ckanext.pekalongan.ppid.track_rate_limit",
    "ckanext.pekalongan.ppid.track_rate_limit_window",
    N_("Too many look-ups from your address. Please wait a few minutes and try again."),
)

# Citizen pages that look a request up with the code kept in the session, and
# the forms that check a typed code: each counts once against ``tracking``.
TRACKING_PAGES = frozenset({
    "ppid.track_result", "ppid.track_notice", "ppid.track_notice_pdf",
    "ppid.track_document", "ppid.track_deadline",
})
TRACKING_FORMS = frozenset({"ppid.track", "ppid.objection_new"})


class RateLimited(tk.ValidationError):
    """A client used up a bucket: HTTP 429 (see :func:`_answer_429`)."""

    def __init__(self, bucket: Bucket, retry_after: int):
        super().__init__({"rate_limit": [tk._(bucket.message)]})
        self.bucket = bucket
        self.retry_after = retry_after


# --- the client -------------------------------------------------------------------


def client_address() -> str | None:
    """The client address of the current web request (after the trusted
    proxies), or None outside a request (CLI, jobs)."""
    if not has_request_context():
        return None
    return request.remote_addr or None


def _client_key(address: str) -> str:
    # The address is personal data: only its keyed hash reaches Redis.
    secret = str(tk.config.get("SECRET_KEY") or "")
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _limiter_key() -> str:
    address = client_address()
    return _client_key(address) if address else "-"


# --- Flask-Limiter on the app --------------------------------------------------------


def init_app(app) -> Limiter:
    """Attach the limiter (storage = the site's Redis) and the 429 hooks."""
    limiter = Limiter(
        key_func=_limiter_key,
        app=app,
        storage_uri=tk.config.get("ckan.redis.url"),
        strategy="moving-window",
        key_prefix=site_prefix(),
        headers_enabled=False,
    )
    app.extensions[EXTENSION] = limiter
    app.before_request(_count_tracking_pages)
    app.after_request(_answer_429)
    return limiter


def site_prefix() -> str:
    return f"{tk.config.get('ckan.site_id') or 'ckan'}/ppid"


def _limiter() -> Limiter | None:
    return current_app.extensions.get(EXTENSION)


def _item(bucket: Bucket) -> RateLimitItemPerSecond | None:
    amount = int(tk.config.get(bucket.limit_option) or 0)
    window = int(tk.config.get(bucket.window_option) or 0)
    if amount <= 0 or window <= 0:
        return None
    return RateLimitItemPerSecond(amount, window)


def _refuse(limiter: Limiter, item, bucket: Bucket, ids: tuple[str, ...]) -> RateLimited:
    reset_at, _remaining = limiter.limiter.get_window_stats(item, *ids)
    retry_after = max(1, math.ceil(reset_at - time.time()))
    g.pekalongan_rate_limited = retry_after
    return RateLimited(bucket, retry_after)


def _target(bucket: Bucket, client: str | None = None):
    """(limiter, item, identifiers), or None when nothing is to be limited. ``client``: the
    address the caller passed in the action's context (the pages do); else the current
    web request's (an API call)."""
    address = client or client_address()
    if not address:
        return None
    item = _item(bucket)
    limiter = _limiter()
    if item is None or limiter is None:
        return None
    return limiter, item, (site_prefix(), bucket.name, _client_key(address))


def check(bucket: Bucket, client: str | None = None) -> None:
    """Refuse at once if the client has already used up ``bucket`` (takes
    nothing: use :func:`consume` when the request is really going through)."""
    target = _target(bucket, client)
    if target and not target[0].limiter.test(target[1], *target[2]):
        raise _refuse(*target[:2], bucket, target[2])


def consume(bucket: Bucket, client: str | None = None) -> None:
    """Take one place in ``bucket`` for the current client, atomically, or
    raise :class:`RateLimited`."""
    target = _target(bucket, client)
    if target and not target[0].limiter.hit(target[1], *target[2]):
        raise _refuse(*target[:2], bucket, target[2])


def count_lookup(data_dict: dict, client: str | None = None) -> None:
    """For actions: count a look-up made with a tracking code (once per web
    request: a citizen page that calls several actions counts once)."""
    if not data_dict.get("tracking_code") or not has_request_context():
        return
    if g.get("pekalongan_tracking_counted"):
        return
    g.pekalongan_tracking_counted = True
    consume(TRACKING, client)


# --- request hooks ------------------------------------------------------------------------


def _count_tracking_pages():
    endpoint = request.endpoint or ""
    if endpoint in TRACKING_PAGES or (request.method == "POST" and endpoint in TRACKING_FORMS):
        g.pekalongan_tracking_counted = True
        try:
            consume(TRACKING)
        except RateLimited as e:
            extra = {
                "code": 429,
                "name": tk._("Too many requests"),
                "content": e.error_dict["rate_limit"][0],
            }
            return tk.render("error_document_template.html", extra), 429
    return None


def _answer_429(response):
    retry_after = g.get("pekalongan_rate_limited")
    if retry_after and response.status_code >= 400:
        response.status_code = 429
        response.headers["Retry-After"] = str(retry_after)
    return response
