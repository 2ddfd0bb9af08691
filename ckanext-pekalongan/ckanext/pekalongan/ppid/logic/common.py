"""The steps every PPID action shares: screen the parameters, validate, raise
field errors, one transaction, a state transition, the request or objection
looked up (and locked) or the one not-found answer."""
from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework import names, tracking
from ckanext.pekalongan.casework.model import CalendarHoliday, locked
from ckanext.pekalongan.ppid import (
    clock,
    files,
    ratelimit,
    roles,
    states,
    store,
    visibility,
)
from ckanext.pekalongan.ppid.logic import validators as v
from ckanext.pekalongan.ppid.model import PpidDocument, PpidObjection, PpidRequest


@contextlib.contextmanager
def transaction(context: Context, stored_files: list[str] | None = None):
    """Commit at the end (unless ``defer_commit``); roll back, and remove any
    file written, on any error."""
    try:
        yield
        if not context.get("defer_commit"):
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        for relative in stored_files or ():
            files.discard(relative)
        raise


def screen(context: Context, data_dict: DataDict, default_schema) -> None:
    """Refuse parameters of the wrong shape before anything else runs (the
    auth functions look the request up by the raw ``ticket``/``id``). The
    answer lists the other fields' errors too, so a form shows them all."""
    schema = context.get("schema") or default_schema()
    errors = v.screen(names.accept_old_names(data_dict), schema)
    if errors:
        _data, others = validate(context, data_dict, default_schema)
        raise_errors({**others, **errors})


def receipt_date_errors(received: dt.date, today: dt.date) -> list[str]:
    problem = states.receipt_date_problem(received, today, clock.service_start())
    if problem == states.RECEIPT_IN_FUTURE:
        return [tk._("The receipt date cannot be in the future.")]
    if problem == states.RECEIPT_BEFORE_SERVICE:
        return [
            tk._("The receipt date cannot be before the PPID service started (%(date)s).")
            % {"date": clock.service_start().isoformat()}
        ]
    return []


def validate(context: Context, data_dict: DataDict, default_schema) -> tuple[dict, dict]:
    schema = context.get("schema") or default_schema()
    data, errors = tk.navl_validate(names.accept_old_names(data_dict), schema, context)
    return data, {k: v for k, v in errors.items() if v}


def raise_errors(errors: dict) -> None:
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise tk.ValidationError(errors)


def add_error(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def translated(errors: states.Errors) -> dict[str, list[str]]:
    return {k: [tk._(m) for m in msgs] for k, msgs in errors.items()}


def transition(kind: str, from_state: str, action: str) -> str:
    try:
        return states.next_state(kind, from_state, action)
    except states.TransitionError as e:
        raise tk.ValidationError({"status": [tk._(e.message_key)]}) from None


def check_request_access(
    action: str, context: Context, data_dict: DataDict, officer_refusal: bool = False
) -> None:
    """For actions the requester may call with a tracking code, an auth
    failure is the one not-found answer (unknown ticket or wrong code alike).
    With ``officer_refusal``, an officer without a code who lacks the right
    on an existing request gets NotAuthorized instead."""
    ratelimit.count_lookup(data_dict, context.get("client_address"))
    try:
        tk.check_access(action, context, data_dict)
    except tk.NotAuthorized:
        if (
            officer_refusal
            and roles.roles_for(context).officer
            and not data_dict.get("tracking_code")
            and store.find_request(data_dict) is not None
        ):
            raise
        raise visibility.not_found() from None


def request_or_404(context: Context, data: dict, for_update: bool = False) -> PpidRequest:
    req = store.find_request(data, for_update=False)
    if req is None:
        tracking.verify_salted(data.get("tracking_code"), None)  # same cost as a real lookup
        raise visibility.not_found()
    return locked(PpidRequest, req.id) if for_update else req


def access_or_404(context: Context, req: PpidRequest, data: dict) -> str:
    access = visibility.access_level(context, req, data)
    if access is None:
        raise visibility.not_found()
    return access


def officer_request(context: Context, data: dict) -> PpidRequest:
    """The request, locked for update, for an officer action."""
    return request_or_404(context, data, for_update=True)


def store_document(
    req: PpidRequest,
    upload: files.Upload,
    kind: str,
    released: bool,
    user_id: str | None,
    stored: list[str],
) -> PpidDocument:
    doc_id = str(uuid.uuid4())
    relative = files.store(upload, req.id, doc_id)
    stored.append(relative)
    doc = PpidDocument(
        id=doc_id,
        request_id=req.id,
        kind=kind,
        filename=upload.filename,
        storage_path=relative,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        created=clock.now(),
        created_by=user_id,
        released=released,
    )
    model.Session.add(doc)
    return doc


def objection_or_404(context: Context, data: dict, for_update: bool = False):
    obj = store.find_objection(data, for_update=False)
    if obj is None:
        raise tk.ObjectNotFound(tk._("No objection matches this number and tracking code."))
    if for_update:
        obj = locked(PpidObjection, obj.id)
    req = model.Session.get(PpidRequest, obj.request_id)
    return obj, req


def record_calendar_change(context: Context, event: str, row: CalendarHoliday) -> str:
    """After a holiday was added or removed: store the new calendar version and append the
    audit event (inside the caller's transaction). Returns the version."""
    version = calendar_store.record_version(calendar_store.current_calendar())
    store.add_event(
        event,
        visibility.actor_for(context, visibility.ACCESS_OFFICER),
        data={"holiday_id": row.id, "date": row.date, "kind": row.kind, "name": row.name,
              "calendar_version": version},
    )
    return version
