"""What every Suara action shares (private: not an action module).

Order of every action: screen the raw parameters (wrong shapes, control
characters, NUL: field errors before anything touches the database) -> find
the report (404) -> ``tk.check_access`` -> schema -> ``tk.ValidationError`` ->
lock and reload the row -> transition table -> one transaction with its
``suara_event`` rows -> commit -> queue the notifications -> a plain dict.
"""
from __future__ import annotations

import contextlib
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import ratelimit
from ckanext.pekalongan.suara import attachments, records, states
from ckanext.pekalongan.suara.logic import validators as v
from ckanext.pekalongan.suara.model import SuaraReport
from ckanext.pekalongan.text import N_

log = logging.getLogger("ckanext.pekalongan.suara")

FILING = ratelimit.Bucket(
    "suara_filing",
    "ckanext.pekalongan.suara.rate_limit",
    "ckanext.pekalongan.suara.rate_limit_window",
    N_("Terlalu banyak laporan dari alamat Anda. Silakan coba lagi nanti."),
)
TRACKING = ratelimit.Bucket(
    "suara_tracking",
    "ckanext.pekalongan.suara.track_rate_limit",
    "ckanext.pekalongan.suara.track_rate_limit_window",
    N_("Terlalu banyak pencarian dari alamat Anda. Tunggu beberapa menit lalu coba lagi."),
)


@contextlib.contextmanager
def transaction(context: dict, stored_files: list[str] | None = None):
    """Commit at the end (unless ``defer_commit``); on any error roll back and
    remove the files written meanwhile."""
    try:
        yield
        if not context.get("defer_commit"):
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        for relative in stored_files or ():
            attachments.discard(relative)
        raise


def validate(context: dict, data_dict: dict, default_schema) -> tuple[dict, dict]:
    schema = context.get("schema") or default_schema()
    data, errors = tk.navl_validate(data_dict, schema, context)
    return data, {k: msgs for k, msgs in errors.items() if msgs}


def raise_errors(errors: dict) -> None:
    errors = {k: msgs for k, msgs in errors.items() if msgs}
    if errors:
        raise tk.ValidationError(errors)


def screen(context: dict, data_dict: dict, default_schema) -> None:
    """Refuse parameters of the wrong shape first; the answer lists the other
    fields' errors too, so a form shows them all."""
    schema = context.get("schema") or default_schema()
    errors = v.screen(data_dict, schema)
    if errors:
        _data, others = validate(context, data_dict, default_schema)
        raise_errors({**others, **errors})


def add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def count_lookup(data_dict: dict, client: str | None = None) -> None:
    """A look-up with a tracking code counts against the tracking bucket (once
    per web request)."""
    from flask import g, has_request_context

    if not data_dict.get("tracking_code") or not has_request_context():
        return
    if g.get("suara_tracking_counted"):
        return
    g.suara_tracking_counted = True
    ratelimit.consume(TRACKING, client)


def find_or_404(context: dict, data_dict: dict) -> SuaraReport:
    """The report of ``number``/``id`` (kept in ``context["suara_report"]`` for
    the auth functions), or the one not-found answer."""
    if not data_dict.get("number") and not data_dict.get("id"):
        raise tk.ValidationError({"number": [tk._("Sebutkan nomor laporan.")]})
    report = records.find(data_dict)
    if report is None:
        records.code_matches(None, data_dict.get("tracking_code"))  # same cost
        raise records.not_found()
    context["suara_report"] = report
    return report


def check_reporter_access(action: str, context: dict, data_dict: dict) -> None:
    """For actions a reporter may take with a code: a refusal is "not found"
    (except for an officer without a code, who gets the 403)."""
    count_lookup(data_dict, context.get("client_address"))
    try:
        tk.check_access(action, context, data_dict)
    except tk.NotAuthorized:
        from ckanext.pekalongan.suara import roles

        if roles.roles_for(context).officer and not data_dict.get("tracking_code"):
            raise
        raise records.not_found() from None


def lock(context: dict, report: SuaraReport) -> SuaraReport:
    """Lock and reload (``SELECT ... FOR UPDATE``): a second click waits for
    the first and then sees its result."""
    locked = records.locked(report.id)
    context["suara_report"] = locked
    return locked


def transition(report: SuaraReport, event: states.Event) -> str:
    try:
        return states.next_state(report.status, event)
    except states.TransitionError as e:
        raise tk.ValidationError({"status": [tk._(e.message_key)]}) from None


def actor(context: dict, reporter: bool = False) -> str:
    if reporter:
        return records.ACTOR_REPORTER
    from ckanext.pekalongan.suara import roles

    return roles.user_id(context) or records.ACTOR_SYSTEM
