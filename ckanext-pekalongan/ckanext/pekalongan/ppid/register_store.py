"""Rows of the DIP and DIK registers and the "Sudah tersedia?" counters: look-ups, numbering,
the dict forms the actions return, the audit events, the anonymous counters and the
deflection figure of the annual report. Nothing here commits: the caller owns the
transaction (except :func:`count`, which runs alone)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.pekalongan.ppid import clock, registers, roles, store
from ckanext.pekalongan.ppid.model import PpidDikEntry, PpidDipEntry, PpidSuggestionStat

KIND_DIP = "dip"
KIND_DIK = "dik"
MODELS = {KIND_DIP: PpidDipEntry, KIND_DIK: PpidDikEntry}


def berkala_months() -> int:
    return int(clock.setting("dip_berkala_months") or registers.BERKALA_MONTHS)


def expiry_notice_days() -> int:
    value = clock.setting("dik_expiry_notice_days")
    return 30 if value is None else int(value)


def can_manage(context: dict, org_id: str | None) -> bool:
    """PPID Utama and sysadmins for every OPD; a PPID Pelaksana for their own OPDs."""
    if context.get("ignore_auth"):
        return True
    who = roles.roles_for(context)
    return who.sysadmin or who.utama or (org_id is not None and org_id in who.pelaksana_org_ids)


def may_edit_some(context: dict) -> bool:
    who = roles.roles_for(context)
    return bool(context.get("ignore_auth") or who.sysadmin or who.utama or who.pelaksana_org_ids)


def managed_org_ids(context: dict) -> set[str] | None:
    """The OPDs whose registers the caller edits; None = all."""
    who = roles.roles_for(context)
    if context.get("ignore_auth") or who.sysadmin or who.utama:
        return None
    return set(who.pelaksana_org_ids)


def find(kind: str, data: dict):
    """The entry named by ``id`` or ``number`` (deleted ones too), or None."""
    cls = MODELS[kind]
    ident = str(data.get("id") or "").strip()
    number = str(data.get("number") or "").strip()
    if ident:
        return model.Session.query(cls).filter(sa.or_(cls.id == ident,
                                                       cls.number == ident.upper())).first()
    if number:
        return model.Session.query(cls).filter(cls.number == number.upper()).first()
    return None


def new_number(kind: str, today: dt.date) -> str:
    return f"{kind.upper()}-{today.year}-{store.next_number(kind, today.year):04d}"


def add_event(event, context: dict, entry, kind: str, from_status: str | None) -> None:
    """The audit row of a change of an entry (ids, codes and dates only)."""
    store.add_event(
        event,
        context.get("user") or "system",
        from_state=from_status,
        to_state=entry.status,
        data={f"{kind}_entry_id": entry.id, "number": entry.number, "org_id": entry.org_id,
              "version": entry.version},
    )


# --- dict forms -----------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _org(org_id: str | None) -> dict | None:
    if not org_id:
        return None
    group = model.Group.get(org_id)
    if group is None:
        return {"id": org_id, "name": None, "title": None}
    return {"id": group.id, "name": group.name, "title": group.title or group.name}


def _link(entry: PpidDipEntry) -> dict | None:
    if entry.link_type == registers.LINK_DOCUMENT and entry.document_path:
        return {"type": "document", "filename": entry.document_filename,
                "content_type": entry.document_content_type, "size": entry.document_size,
                "url": _url("ppid_registers.dip_document", number=entry.number)}
    if entry.link_type in (registers.LINK_DATASET, registers.LINK_RESOURCE) and entry.dataset_id:
        pkg = model.Package.get(entry.dataset_id)
        if pkg is None or pkg.state != "active" or pkg.private:
            return None
        out = {"type": entry.link_type, "dataset": {"id": pkg.id, "name": pkg.name,
                                                     "title": pkg.title or pkg.name}}
        out["url"] = _url("dataset.read", id=pkg.name)
        if entry.link_type == registers.LINK_RESOURCE and entry.resource_id:
            res = model.Resource.get(entry.resource_id)
            if res is None or res.state != "active":
                return None
            out["resource"] = {"id": res.id, "name": res.name or res.id}
            out["url"] = _url("resource.read", id=pkg.name, resource_id=res.id)
        return out
    return None


def _url(endpoint: str, **kw) -> str | None:
    try:
        return tk.url_for(endpoint, **kw)
    except Exception:  # outside a web request without a server name
        return None


def dip_dict(entry: PpidDipEntry, today: dt.date, officer: bool = False) -> dict:
    months = berkala_months()
    out = {
        "id": entry.id,
        "number": entry.number,
        "org": _org(entry.org_id),
        "status": entry.status,
        "category": entry.category,
        "summary": entry.summary,
        "holder": entry.holder,
        "responsible": entry.responsible,
        "made_on": _iso(entry.made_on),
        "made_place": entry.made_place,
        "formats": list(entry.formats or []),
        "retention": entry.retention,
        "link": _link(entry),
        "updated": _iso(entry.updated),
        "published_at": _iso(entry.published_at),
        "stale": registers.is_stale(entry.category, entry.made_on, today, months),
        "berkala_due": (_iso(registers.berkala_due(entry.made_on, months))
                        if entry.category == registers.BERKALA and entry.made_on else None),
        "version": entry.version,
    }
    if officer:
        out.update(link_type=entry.link_type, dataset_id=entry.dataset_id,
                   resource_id=entry.resource_id, created=_iso(entry.created))
    return out


def dik_dict(entry: PpidDikEntry, today: dt.date, officer: bool = False) -> dict:
    out = {
        "id": entry.id,
        "number": entry.number,
        "org": _org(entry.org_id),
        "status": entry.status,
        "summary": entry.summary,
        "grounds": list(entry.grounds or []),
        "legal_basis": entry.legal_basis,
        "consequence": entry.consequence,
        "public_interest": entry.public_interest,
        "exempt_until": _iso(entry.exempt_until),
        "decided_by_name": entry.decided_by_name,
        "decided_by_position": entry.decided_by_position,
        "decided_on": _iso(entry.decided_on),
        "exemption_state": registers.exemption_state(entry.exempt_until, today,
                                                     expiry_notice_days()),
        "updated": _iso(entry.updated),
        "published_at": _iso(entry.published_at),
        "version": entry.version,
    }
    if officer:
        out.update(internal_notes=entry.internal_notes, created=_iso(entry.created))
    return out


def last_updated(kind: str) -> dict[str, str]:
    """``{org id: ISO time}`` of the latest change of a published entry per OPD."""
    cls = MODELS[kind]
    rows = (model.Session.query(cls.org_id, sa.func.max(cls.updated))
            .filter(cls.status == registers.PUBLISHED).group_by(cls.org_id))
    return {org_id: _iso(when) for org_id, when in rows}


# --- the anonymous counters of "Sudah tersedia?" ---------------------------------------------


def count(metric: str, day: dt.date | None = None) -> None:
    """Add one to a counter of today (its own short transaction: a page view)."""
    if metric not in registers.METRICS:
        raise ValueError(metric)
    table = PpidSuggestionStat.__table__
    stmt = (pg_insert(table).values(day=day or clock.today(), metric=metric, count=1)
            .on_conflict_do_update(index_elements=["day", "metric"],
                                   set_={"count": table.c.count + 1}))
    model.Session.execute(stmt)
    model.Session.commit()


def deflection_figures(year: int) -> dict[str, int]:
    """The "Sudah tersedia?" figures of ``year`` for the annual report: ``opened_sessions``
    (browser sessions of the request form that opened at least one suggested DIP entry or
    dataset), ``opens``, ``filed_after_opening`` (of those sessions, the ones that filed a
    request afterwards) and ``deflected`` (opened one and did not file). Anonymous counters:
    no person, no text is stored."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (model.Session.query(PpidSuggestionStat.metric, sa.func.sum(PpidSuggestionStat.count))
            .filter(PpidSuggestionStat.day.between(start, end))
            .group_by(PpidSuggestionStat.metric))
    return registers.deflection({metric: int(total or 0) for metric, total in rows})
