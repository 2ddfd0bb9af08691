"""Reports as plain dicts, by who is asking.

Four views (``VIEWS``), decided by :func:`view_for`:

* ``pengelola`` (sysadmin, pengelola): everything.
* ``opd`` (officer of an OPD the report is routed to): the report, its
  attachments and every response; the reporter's name, phone and e-mail and
  the original text only when the privacy is not ``anonim`` (an anonymous
  reporter's own words may name them: the OPD works from the moderated
  ``public_text``).
* ``reporter`` (holds the tracking code): their report, identity included.
* ``public``: only reports the board shows (not ``rahasia``, moderated
  states), with ``public_text`` and the officers' answers; never a name,
  phone, e-mail, the original text, the attachments or the reporter's words.

``allowed_actions`` lists the action names the caller may take now (role,
transition table, once-only rating, the reopen window).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import calendar as case_calendar
from ckanext.pekalongan.casework.names import with_old_names
from ckanext.pekalongan.suara import clocks, records, states
from ckanext.pekalongan.suara import vocabulary as voc
from ckanext.pekalongan.suara.model import (
    SuaraAssignment,
    SuaraAttachment,
    SuaraReport,
    SuaraResponse,
)
from ckanext.pekalongan.suara.roles import Roles

PENGELOLA, OPD, REPORTER, PUBLIC = "pengelola", "opd", "reporter", "public"
VIEWS = (PENGELOLA, OPD, REPORTER, PUBLIC)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    PENGELOLA: frozenset({
        "suara_report_verify", "suara_report_update", "suara_report_route",
        "suara_report_respond", "suara_report_close", "suara_report_withdraw",
    }),
    OPD: frozenset({"suara_report_respond", "suara_report_close"}),
    REPORTER: frozenset({
        "suara_report_add_info", "suara_report_reopen", "suara_report_rate",
        "suara_report_withdraw",
    }),
    PUBLIC: frozenset(),
}
# responses the public board shows (written by officers)
PUBLIC_RESPONSES = (voc.ANSWER, voc.REQUEST_INFO, voc.FOLLOWUP, voc.CLOSE_NOTE)


def active_org_ids(report: SuaraReport) -> set[str]:
    return {
        org_id for (org_id,) in model.Session.query(SuaraAssignment.org_id).filter(
            SuaraAssignment.report_id == report.id, SuaraAssignment.active.is_(True)
        )
    }


def view_for(roles: Roles, report: SuaraReport, code_ok: bool) -> str | None:
    """The view the caller gets, or None (then the report does not exist for them)."""
    if roles.manager:
        return PENGELOLA
    if roles.opd_ids and roles.handles(active_org_ids(report)):
        return OPD
    if code_ok:
        return REPORTER
    if states.is_public(report.status, report.privacy):
        return PUBLIC
    return None


def allowed_actions(view: str, report: SuaraReport, today: dt.date) -> list[str]:
    possible = set(ROLE_ACTIONS.get(view, ())) & set(states.actions_from(report.status))
    if report.rating is not None:
        possible.discard("suara_report_rate")
    if "suara_report_reopen" in possible:
        cal = case_calendar.current_calendar()
        if not clocks.reopen_allowed(cal, records.local_day(report.answered_at), today,
                                     records.days("reopen")):
            possible.discard("suara_report_reopen")
    return [a for a in states.ACTION_EVENTS if a in possible]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _label(mapping, code) -> str | None:
    return tk._(mapping[code]) if code in mapping else None


def _lang() -> str:
    try:
        return tk.h.lang() or "id"
    except (RuntimeError, AttributeError, TypeError):
        return tk.config.get("ckan.locale_default") or "id"


def summary(report: SuaraReport, today: dt.date, orgs: dict[str, dict] | None = None,
            assignments: list[SuaraAssignment] | None = None) -> dict[str, Any]:
    """The fields every view shows (no personal data, no original text)."""
    clock = clocks.running_clock(report.status, report.verify_due, report.answer_due, today)
    out = {
        "id": report.id,
        "number": report.number,
        "kind": report.kind,
        "kind_label": _label(voc.KIND_LABELS, report.kind),
        "status": report.status,
        "status_label": _label(states.STATUS_LABELS, report.status),
        "topic": report.topic,
        "topic_label": voc.topic_label(report.topic, _lang()),
        "kecamatan": report.kecamatan,
        "kecamatan_name": voc.kecamatan_names().get(report.kecamatan or ""),
        "desa": report.desa,
        "channel": report.channel,
        "channel_label": _label(voc.CHANNEL_LABELS, report.channel),
        "received_on": _date(report.received_on),
        "public_text": report.public_text,
        "verify_due": _date(report.verify_due),
        "answer_due": _date(report.answer_due),
        "complexity": report.complexity,
        "clock": clock.clock,
        "due": _date(clock.due),
        "overdue": clock.overdue,
        "rating": report.rating,
    }
    if assignments is not None:
        orgs = orgs if orgs is not None else records.org_titles(a.org_id for a in assignments)
        out["assignments"] = [
            {
                "organization": orgs.get(a.org_id, {"id": a.org_id, "name": None,
                                                     "title": None}),
                "due": _date(a.due),
                "answered": a.first_answer_at is not None,
                "first_answer_at": _moment(a.first_answer_at),
                "answered_in_time": clocks.answered_in_time(
                    a.due, records.local_day(a.first_answer_at)),
                "active": a.active,
            }
            for a in assignments
        ]
    return with_old_names(out)


def report_dict(report: SuaraReport, view: str, today: dt.date) -> dict[str, Any]:
    assignments = (
        model.Session.query(SuaraAssignment)
        .filter(SuaraAssignment.report_id == report.id)
        .order_by(SuaraAssignment.assigned_at)
        .all()
    )
    if view == PUBLIC:
        assignments = [a for a in assignments if a.active]
    responses = (
        model.Session.query(SuaraResponse)
        .filter(SuaraResponse.report_id == report.id)
        .order_by(SuaraResponse.created, SuaraResponse.id)
        .all()
    )
    orgs = records.org_titles([a.org_id for a in assignments] + [r.org_id for r in responses])
    out = summary(report, today, orgs, assignments)
    out["view"] = view
    out["privacy"] = report.privacy if view != PUBLIC else None
    if view != PUBLIC:
        out["privacy_label"] = _label(voc.PRIVACY_LABELS, report.privacy)
        out["reject_reason"] = report.reject_reason
        out["reject_reason_label"] = _label(voc.REJECT_REASON_LABELS, report.reject_reason)
        out["duplicate_of"] = report.duplicate_of
        out["rating_comment"] = report.rating_comment
        out["reopen_count"] = report.reopen_count
    identity = view in (PENGELOLA, REPORTER) or (view == OPD and report.privacy != voc.ANONIM)
    if identity:
        out["text"] = report.text
        out["name"] = report.name
        out["phone"] = report.phone
        out["email"] = report.email
    if view != PUBLIC:
        out["attachments"] = [
            {"id": a.id, "filename": a.filename, "content_type": a.content_type,
             "size": a.size}
            for a in model.Session.query(SuaraAttachment)
            .filter(SuaraAttachment.report_id == report.id)
            .order_by(SuaraAttachment.created)
        ]
    shown = responses if view != PUBLIC else [r for r in responses
                                               if r.kind in PUBLIC_RESPONSES]
    out["responses"] = [response_dict(r, orgs) for r in shown]
    out["timeline"] = timeline(report, view, orgs)
    out["allowed_actions"] = allowed_actions(view, report, today)
    return out


def response_dict(r: SuaraResponse, orgs: dict[str, dict]) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "kind_label": _label(voc.RESPONSE_KIND_LABELS, r.kind),
        "organization": orgs.get(r.org_id) if r.org_id else None,
        "text": r.text,
        "created": _moment(r.created),
    }


def event_dict(e, view: str, orgs: dict[str, dict]) -> dict[str, Any] | None:
    """One timeline item as ``view`` may see it, or None (not shown)."""
    try:
        event = states.Event(e.event)
    except ValueError:
        return None
    if view == PUBLIC and event not in states.PUBLIC_EVENTS:
        return None
    if view == REPORTER and event in (states.Event.REMINDER, states.Event.ESCALATE):
        return None
    item = {
        "event": e.event,
        "label": tk._(states.EVENT_LABELS[event]),
        "at": _moment(e.at),
        "from_state": e.from_state,
        "to_state": e.to_state,
        "organization": orgs.get(e.org_id) if e.org_id else None,
    }
    if view in (PENGELOLA, OPD):
        item["actor"] = _actor_name(e.actor)
        item["data"] = e.data
    return item


def timeline(report: SuaraReport, view: str, orgs: dict[str, dict]) -> list[dict]:
    items = (event_dict(e, view, orgs) for e in records.events_of(report))
    return [item for item in items if item is not None]


def add_public_details(results: list[dict], orgs: dict[str, dict]) -> None:
    """The public ``responses`` and ``timeline`` of each board result, in two
    queries for the whole page (no query per report)."""
    from ckanext.pekalongan.suara.model import SuaraEvent

    ids = [r["id"] for r in results]
    if not ids:
        return
    responses: dict[str, list] = {i: [] for i in ids}
    rows = (model.Session.query(SuaraResponse)
            .filter(SuaraResponse.report_id.in_(ids), SuaraResponse.kind.in_(PUBLIC_RESPONSES))
            .order_by(SuaraResponse.created, SuaraResponse.id).all())
    events: dict[str, list] = {i: [] for i in ids}
    event_rows = (model.Session.query(SuaraEvent)
                  .filter(SuaraEvent.report_id.in_(ids),
                          SuaraEvent.event.in_([e.value for e in states.PUBLIC_EVENTS]))
                  .order_by(SuaraEvent.at, SuaraEvent.id).all())
    more = {r.org_id for r in rows if r.org_id} | {e.org_id for e in event_rows if e.org_id}
    orgs.update(records.org_titles(more - set(orgs)))
    for r in rows:
        responses[r.report_id].append(response_dict(r, orgs))
    for e in event_rows:
        item = event_dict(e, PUBLIC, orgs)
        if item is not None:
            events[e.report_id].append(item)
    for result in results:
        result["responses"] = responses[result["id"]]
        result["timeline"] = events[result["id"]]


def _actor_name(actor: str) -> str:
    if actor in (records.ACTOR_REPORTER, records.ACTOR_SYSTEM):
        return actor
    user = model.User.get(actor)
    return user.name if user is not None else actor
