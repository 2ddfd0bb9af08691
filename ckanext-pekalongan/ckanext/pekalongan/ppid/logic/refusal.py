"""A refusal rests on a DIK entry (issue #15 item 2): ``ppid_request_decide`` cites one
(``dik_entry``: its number or id) or creates one in the same step (``new_dik_entry`` = true
and the ``dik_*`` columns of ``ppid_dik_entry_create``). A partial grant may cite one; a
grant or "not held" may not.

The cited entry must be published, its exemption period not ended, and belong to the OPD
handling the request (or to PPID Utama's organization, the regency's register). The
decision's Pasal 17 grounds default to the entry's (and may only be some of them); its
consequence-test reference defaults to the entry's number."""
from __future__ import annotations

import datetime as dt
import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import clock, registers, roles, states, store
from ckanext.pekalongan.ppid import register_store as rs
from ckanext.pekalongan.ppid.model import PpidDikEntry, PpidRequest

NEW_FIELDS = ("summary", "grounds", "legal_basis", "consequence", "public_interest",
              "exempt_until", "decided_by_name", "decided_by_position", "decided_on",
              "internal_notes")


def _utama_org_id() -> str | None:
    org = roles.get_org(roles.utama_org_name())
    return org.id if org is not None else None


def _add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def plan(context: dict, data: dict, decision: str | None, today: dt.date) -> tuple[dict | None,
                                                                                   dict]:
    """Check the DIK part of a decision (before the transaction); fills ``data``'s
    ``exemption_grounds`` and ``consequence_test_ref`` from the entry. Returns
    ``(plan, errors)``: the plan is ``{"entry_id"}`` or ``{"new", "org_id"}`` or None."""
    errors: dict = {}
    wants_new = bool(data.get("new_dik_entry"))
    cited = data.get("dik_entry")
    if decision not in states.WITHHOLDING_DECISIONS:
        if wants_new or cited:
            _add(errors, "dik_entry",
                 tk._("A DIK entry applies only to a refusal or a partial grant."))
        return None, errors
    if not wants_new and not cited:
        if decision == states.REFUSED:
            _add(errors, "dik_entry", tk._(
                "A refusal must cite an entry of the DIK (the register of exempted "
                "information), or create one in this step."))
        return None, errors
    req = store.find_request(data)
    if req is None:
        return None, errors  # the action answers "not found"
    handling = roles.handling_org_id(req)
    utama = _utama_org_id()
    if wants_new:
        fields = {k: data.get(f"dik_{k}") for k in NEW_FIELDS}
        fields = {k: (None if isinstance(v, str) and not v.strip() else v)
                  for k, v in fields.items()}
        if not fields.get("grounds"):
            fields["grounds"] = list(data.get("exemption_grounds") or [])
        org_id = handling or utama
        if org_id is None:
            _add(errors, "dik_entry", tk._("Route the request to an OPD first."))
            return None, errors
        for key, msgs in registers.dik_publish_errors(fields, today).items():
            for m in msgs:
                _add(errors, f"dik_{key}", tk._(m))
        entry_grounds = list(fields.get("grounds") or [])
        result = {"new": fields, "org_id": org_id}
        number = None
    else:
        entry = rs.find(rs.KIND_DIK, {"id": cited})
        if entry is None or entry.status == registers.DELETED:
            _add(errors, "dik_entry", tk._("No DIK entry has this number."))
            return None, errors
        for message, params in registers.citation_errors(entry.status, entry.exempt_until,
                                                         today):
            _add(errors, "dik_entry", tk._(message) % params)
        if handling and entry.org_id not in (handling, utama):
            _add(errors, "dik_entry", tk._(registers.CITE_OTHER_OPD))
        entry_grounds = list(entry.grounds or [])
        result = {"entry_id": entry.id}
        number = entry.number
    given = list(data.get("exemption_grounds") or [])
    if not given:
        data["exemption_grounds"] = entry_grounds
    elif entry_grounds and any(g not in entry_grounds for g in given):
        _add(errors, "exemption_grounds", tk._(registers.CITE_GROUND_NOT_IN_ENTRY)
             % {"grounds": ", ".join(entry_grounds)})
    if not (data.get("consequence_test_ref") or "").strip():
        data["consequence_test_ref"] = number or "DIK"
        result["fill_ref"] = True
    return result, errors


def attach(the_plan: dict | None, context: dict, req: PpidRequest) -> PpidDikEntry | None:
    """Inside the decision's transaction: create the planned DIK entry (published, with its
    audit event) or take the cited one; sets ``req.dik_entry_id`` (and the reference)."""
    if the_plan is None:
        req.dik_entry_id = None
        return None
    if "entry_id" in the_plan:
        entry = model.Session.get(PpidDikEntry, the_plan["entry_id"])
    else:
        today, now = clock.today(), clock.now()
        entry = PpidDikEntry(
            id=str(uuid.uuid4()), number=rs.new_number(rs.KIND_DIK, today),
            org_id=the_plan["org_id"], status=registers.PUBLISHED, created=now,
            created_by=roles.user_id(context), updated=now, updated_by=roles.user_id(context),
            published_at=now, version=1, **the_plan["new"],
        )
        entry.grounds = list(entry.grounds or [])
        model.Session.add(entry)
        model.Session.flush()
        rs.add_event(states.Event.DIK_ENTRY_CREATE, context, entry, rs.KIND_DIK, None)
    req.dik_entry_id = entry.id
    if the_plan.get("fill_ref"):
        req.consequence_test_ref = entry.number
    return entry
