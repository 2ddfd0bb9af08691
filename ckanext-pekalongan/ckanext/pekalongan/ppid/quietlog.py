"""Bounded logging of refused anonymous requests.

CKAN writes INFO lines per request — every Action API validation error (with
its error dict), every HTTP error page (CSRF refusals, 404s, 429s), the render
time of every request with its path — so a robot hammering the PPID form or
the API could fill the disk, and the log would carry what the robot typed
(the path of a made-up URL included). For anonymous requests the INFO lines of
those loggers are dropped and only counted; at most one summary line per
interval and process says how many (by logger, never with request data).
Warnings and errors, and everything about logged-in users, are logged as
before; the access log (one line per request, no body) is bounded by rotation.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter

# The loggers that write one line per refused request.
REFUSAL_LOGGERS = (
    "ckan.views.api",  # "Validation error (Action API): {...}", bad JSON, unknown action
    "ckan.config.middleware.flask_app",  # error pages (HTTPException), render times
    "flask_wtf.csrf",  # "The CSRF token is missing."
)
SUMMARY_LOGGER = "ckanext.pekalongan.refused"
INTERVAL = 60.0


def _anonymous_request() -> bool:
    from flask import has_request_context

    if not has_request_context():
        return False
    try:
        from flask_login import current_user

        return not current_user.is_authenticated
    except Exception:  # noqa: BLE001 - a log filter must never raise
        return True


class RefusalFilter(logging.Filter):
    """Drops INFO-and-below records of anonymous requests; counts them."""

    def __init__(self, interval: float = INTERVAL):
        super().__init__()
        self.interval = interval
        self.counts: Counter[str] = Counter()
        self.since = time.monotonic()
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO or not _anonymous_request():
            return True
        now = time.monotonic()
        with self.lock:
            self.counts[record.name] += 1
            if now - self.since < self.interval:
                return False
            counts, self.counts = self.counts, Counter()
            elapsed, self.since = now - self.since, now
        summary = ", ".join(f"{name}: {n}" for name, n in sorted(counts.items()))
        logging.getLogger(SUMMARY_LOGGER).info(
            "%d refused anonymous requests in the last %d s (not logged one by one; %s)",
            sum(counts.values()), elapsed, summary,
        )
        return False


_FILTER = RefusalFilter()


def install() -> None:
    """Attach the filter to the loggers that log refusals (idempotent)."""
    for name in REFUSAL_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
