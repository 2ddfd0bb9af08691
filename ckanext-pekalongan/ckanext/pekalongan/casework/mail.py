"""Mail mechanics shared by the services that write to citizens and officers (the PPID desk,
Suara Masyarakat): letters are sent by jobs of ``ckan jobs worker``, never in a web request.

* :class:`RedactAddresses`: CKAN's mailer logs recipients' addresses; personal data, so
  masked (``b***@mail.com``) and the traceback dropped.
* :func:`socket_timeout`: CKAN's mailer opens SMTP without a timeout; a server that accepts
  and never answers would hang the job for ever.
* :func:`request_context`: ``tk._`` and ``url_for`` in the worker.
* ``smtp_timeout``/``job_timeout``: ``ckanext.pekalongan.ppid.smtp_timeout`` (declared by the
  PPID plugin, which Suara Masyarakat requires) for every service's mail.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import socket
import unicodedata
from typing import NamedTuple

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import personal_data

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


class RedactAddresses(logging.Filter):
    """CKAN's mailer logs every recipient address ("Sent email to ...") and
    SMTP errors with the address in them. Requesters' addresses are personal
    data: mask them (``b***@mail.com``) and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _ADDRESS.sub(lambda m: personal_data.mask_email(m.group(0)) or "", message)
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True


def install_log_filter() -> None:
    logger = logging.getLogger("ckan.lib.mailer")
    if not any(isinstance(f, RedactAddresses) for f in logger.filters):
        logger.addFilter(RedactAddresses())


install_log_filter()


class Recipient(NamedTuple):
    key: str  # user id, or "requester"
    name: str
    email: str


class Mail(NamedTuple):
    subject: str
    body: str


def locale() -> str:
    try:
        return tk.h.lang() or tk.config.get("ckan.locale_default") or "id"
    except (RuntimeError, AttributeError):
        return tk.config.get("ckan.locale_default") or "id"


def fmt_date(value: dt.date | str | None) -> str:
    """``Selasa, 31 Maret 2026`` (in the current language)."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    from babel.dates import format_date

    try:
        return format_date(value, format="full", locale=locale())
    except Exception:  # unknown locale: ISO is still unambiguous
        return value.isoformat()


def header_safe(name: str) -> str:
    """A display name fit for a ``To:`` header: control and invisible
    characters (refused at input; older rows may hold them) become spaces."""
    return " ".join(
        "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in name)
        .split()
    )


def smtp_timeout() -> float:
    return float(tk.config.get("ckanext.pekalongan.ppid.smtp_timeout") or 10)


def job_timeout() -> int:
    """RQ's limit for one run of a mail job: every recipient may wait the
    SMTP timeout at each step of the conversation."""
    return int(smtp_timeout() * 6 * 5 + 60)


@contextlib.contextmanager
def request_context():
    """A request context for ``tk._`` and ``url_for`` in the worker (CKAN's
    CLI app has one ready)."""
    from flask import has_request_context

    if has_request_context():
        yield
        return
    from ckan.lib.helpers import _get_auto_flask_context

    ctx = _get_auto_flask_context()
    if ctx is None:
        yield
        return
    with ctx:
        yield


@contextlib.contextmanager
def socket_timeout(seconds: float):
    """CKAN's mailer opens ``smtplib.SMTP(host, port)`` without a timeout: a
    server that accepts and never answers would hang the job for ever. Give
    every socket opened meanwhile a timeout (the job runs in its own work
    horse process)."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


