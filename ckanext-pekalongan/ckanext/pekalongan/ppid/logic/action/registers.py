"""Actions of the two standing registers: the Daftar Informasi Publik (DIP) and the register
of exempted information (DIK) with its consequence test, and the request form's
"Sudah tersedia?" suggestions.

Who may do what (``logic/auth/registers.py``): PPID Utama (and sysadmins) edit the registers
of every OPD, a PPID Pelaksana (editor or admin of an OPD) only their own OPD's; anyone reads
the published entries (a draft or deleted entry of another OPD is "not found").
An entry is kept as a ``draft`` with columns missing; ``status=published`` needs every
required column (``registers.DIP_REQUIRED``, ``registers.DIK_REQUIRED``) and is refused with
one message per missing column. Every change appends an audit event (``ppid_event``).
"""
from __future__ import annotations

import uuid

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.pekalongan.casework.model import locked
from ckanext.pekalongan.ppid import clock, files, registers, roles, states
from ckanext.pekalongan.ppid import register_store as rs
from ckanext.pekalongan.ppid.logic import register_schema as schema
from ckanext.pekalongan.ppid.logic.common import (
    raise_errors,
    screen,
    transaction,
    validate,
)
from ckanext.pekalongan.ppid.model import PpidDipEntry

DIP_COLUMNS = ("category", "summary", "holder", "responsible", "made_on", "made_place",
               "formats", "retention")
DIK_COLUMNS = ("summary", "grounds", "legal_basis", "consequence", "public_interest",
               "exempt_until", "decided_by_name", "decided_by_position", "decided_on",
               "internal_notes")
EVENTS = {
    (rs.KIND_DIP, "create"): states.Event.DIP_ENTRY_CREATE,
    (rs.KIND_DIP, "update"): states.Event.DIP_ENTRY_UPDATE,
    (rs.KIND_DIP, "delete"): states.Event.DIP_ENTRY_DELETE,
    (rs.KIND_DIK, "create"): states.Event.DIK_ENTRY_CREATE,
    (rs.KIND_DIK, "update"): states.Event.DIK_ENTRY_UPDATE,
    (rs.KIND_DIK, "delete"): states.Event.DIK_ENTRY_DELETE,
}


def _not_found(kind: str) -> tk.ObjectNotFound:
    if kind == rs.KIND_DIP:
        return tk.ObjectNotFound(tk._("No DIP entry has this number."))
    return tk.ObjectNotFound(tk._("No DIK entry has this number."))


def _translated(errors: dict) -> dict[str, list[str]]:
    return {k: [tk._(m) for m in msgs] for k, msgs in errors.items()}


def _value(v):
    """Empty text is no value."""
    return None if isinstance(v, str) and not v.strip() else v


# --- DIP links ------------------------------------------------------------------------------


def _resolve_link(data: dict, errors: dict) -> dict:
    """The dataset/resource of the link, checked: active and public."""
    out: dict = {}
    if "link_type" not in data:
        return out
    link = data.get("link_type")
    out["link_type"] = link
    out["dataset_id"] = out["resource_id"] = None
    if link == registers.LINK_DATASET:
        pkg = model.Package.get(data.get("dataset") or "") if data.get("dataset") else None
        if pkg is None or pkg.state != "active" or pkg.private or pkg.type != "dataset":
            errors.setdefault("dataset", []).append(
                tk._("No public dataset has this name or id."))
        else:
            out["dataset_id"] = pkg.id
    elif link == registers.LINK_RESOURCE:
        res = model.Resource.get(data.get("resource") or "") if data.get("resource") else None
        pkg = res.package if res is not None else None
        if res is None or res.state != "active" or pkg is None or pkg.state != "active" \
                or pkg.private:
            errors.setdefault("resource", []).append(
                tk._("No resource of a public dataset has this id."))
        else:
            out["dataset_id"], out["resource_id"] = pkg.id, res.id
    elif link == registers.LINK_DOCUMENT and data.get("upload") is None:
        out["keep_document"] = True
    return out


# --- save -----------------------------------------------------------------------------------


def _save(kind: str, context: Context, data_dict: DataDict, create: bool) -> dict:
    cls = rs.MODELS[kind]
    schema_fn = {
        (rs.KIND_DIP, True): schema.dip_entry_create_schema,
        (rs.KIND_DIP, False): schema.dip_entry_update_schema,
        (rs.KIND_DIK, True): schema.dik_entry_create_schema,
        (rs.KIND_DIK, False): schema.dik_entry_update_schema,
    }[(kind, create)]
    action = f"ppid_{kind}_entry_{'create' if create else 'update'}"
    screen(context, data_dict, schema_fn)
    tk.check_access(action, context, data_dict)
    data, errors = validate(context, data_dict, schema_fn)
    if create and not data.get("org") and "org" not in errors:
        errors["org"] = [tk._("Choose the OPD whose register this entry belongs to.")]
    if data.get("org") and not rs.can_manage(context, data["org"]):
        raise tk.NotAuthorized(tk._("Only PPID Utama or the PPID of this OPD edit its registers."))
    link = _resolve_link(data, errors) if kind == rs.KIND_DIP else {}
    raise_errors(errors)
    today = clock.today()
    columns = DIP_COLUMNS if kind == rs.KIND_DIP else DIK_COLUMNS
    stored: list[str] = []
    with transaction(context, stored):
        if create:
            entry = cls(id=str(uuid.uuid4()), number=rs.new_number(kind, today),
                        org_id=data["org"], status=registers.DRAFT, created=clock.now(),
                        created_by=roles.user_id(context), version=0)
            from_status = None
        else:
            found = rs.find(kind, data)
            if found is None or found.status == registers.DELETED or not rs.can_manage(
                    context, found.org_id):
                raise _not_found(kind)
            entry = locked(cls, found.id)
            if entry.status == registers.DELETED:
                raise _not_found(kind)
            if "version" in data and data["version"] != entry.version:
                raise tk.ValidationError({"version": [tk._(
                    "Someone changed this entry meanwhile: open it again and repeat your "
                    "change.")]})
            from_status = entry.status
            if data.get("org"):
                entry.org_id = data["org"]
        for key in columns:
            if key in data:
                value = _value(data[key])
                setattr(entry, key, value if value is not None or key not in (
                    "formats", "grounds") else [])
        if kind == rs.KIND_DIP:
            _apply_link(entry, data, link, stored)
        status = data.get("status") or entry.status
        as_dict = {key: getattr(entry, key) for key in columns}
        if kind == rs.KIND_DIP:
            as_dict.update(link_type=entry.link_type, dataset_id=entry.dataset_id,
                           resource_id=entry.resource_id, document_path=entry.document_path)
            problems = (registers.dip_publish_errors if status == registers.PUBLISHED
                        else registers.dip_errors)(as_dict, today)
        else:
            problems = (registers.dik_publish_errors if status == registers.PUBLISHED
                        else registers.dik_errors)(as_dict, today)
        if problems:
            raise tk.ValidationError(_translated(problems))
        if status == registers.PUBLISHED and entry.status != registers.PUBLISHED:
            entry.published_at = clock.now()
        entry.status = status
        entry.updated = clock.now()
        entry.updated_by = roles.user_id(context)
        entry.version = (entry.version or 0) + 1
        if create:
            model.Session.add(entry)
        model.Session.flush()
        rs.add_event(EVENTS[(kind, "create" if create else "update")], context, entry, kind,
                     from_status)
    return (rs.dip_dict if kind == rs.KIND_DIP else rs.dik_dict)(entry, today, officer=True)


def _apply_link(entry: PpidDipEntry, data: dict, link: dict, stored: list[str]) -> None:
    if not link:
        return
    entry.link_type = link["link_type"]
    entry.dataset_id = link.get("dataset_id")
    entry.resource_id = link.get("resource_id")
    if entry.link_type == registers.LINK_DOCUMENT and not link.get("keep_document"):
        upload: files.Upload = data["upload"]
        relative = files.store(upload, f"dip-{entry.id}", str(uuid.uuid4()))
        stored.append(relative)
        entry.document_filename = upload.filename
        entry.document_path = relative
        entry.document_content_type = upload.content_type
        entry.document_size = upload.size
        entry.document_sha256 = upload.sha256
    elif entry.link_type != registers.LINK_DOCUMENT:
        entry.document_filename = entry.document_path = entry.document_content_type = None
        entry.document_size = entry.document_sha256 = None


def _delete(kind: str, context: Context, data_dict: DataDict) -> dict:
    cls = rs.MODELS[kind]
    screen(context, data_dict, schema.entry_ref_schema)
    tk.check_access(f"ppid_{kind}_entry_delete", context, data_dict)
    data, errors = validate(context, data_dict, schema.entry_ref_schema)
    raise_errors(errors)
    today = clock.today()
    with transaction(context):
        found = rs.find(kind, data)
        if found is None or found.status == registers.DELETED or not rs.can_manage(
                context, found.org_id):
            raise _not_found(kind)
        entry = locked(cls, found.id)
        if entry.status == registers.DELETED:
            raise _not_found(kind)
        from_status = entry.status
        entry.status = registers.DELETED
        entry.updated = clock.now()
        entry.updated_by = roles.user_id(context)
        entry.version = (entry.version or 0) + 1
        rs.add_event(EVENTS[(kind, "delete")], context, entry, kind, from_status)
    return (rs.dip_dict if kind == rs.KIND_DIP else rs.dik_dict)(entry, today, officer=True)


def _show(kind: str, context: Context, data_dict: DataDict) -> dict:
    screen(context, data_dict, schema.entry_ref_schema)
    tk.check_access(f"ppid_{kind}_entry_show", context, data_dict)
    data, errors = validate(context, data_dict, schema.entry_ref_schema)
    raise_errors(errors)
    entry = rs.find(kind, data)
    if entry is None or entry.status == registers.DELETED:
        raise _not_found(kind)
    officer = rs.can_manage(context, entry.org_id)
    if entry.status != registers.PUBLISHED and not officer:
        raise _not_found(kind)
    out = (rs.dip_dict if kind == rs.KIND_DIP else rs.dik_dict)(entry, clock.today(), officer)
    if kind == rs.KIND_DIP and context.get("ppid_file_path") and entry.document_path:
        out["file_path"] = files.absolute_path(entry.document_path)
    return out


def _list(kind: str, context: Context, data_dict: DataDict) -> dict:
    screen(context, data_dict, schema.entry_list_schema)
    tk.check_access(f"ppid_{kind}_entry_list", context, data_dict)
    data, errors = validate(context, data_dict, schema.entry_list_schema)
    raise_errors(errors)
    cls = rs.MODELS[kind]
    today = clock.today()
    q = model.Session.query(cls)
    managed = rs.managed_org_ids(context)
    if data.get("include_drafts") and rs.may_edit_some(context):
        visible = cls.status.in_(registers.EDITABLE_STATUSES)
        if managed is not None:
            visible = sa.and_(visible, sa.or_(cls.status == registers.PUBLISHED,
                                              cls.org_id.in_(sorted(managed) or [""])))
        q = q.filter(visible)
    else:
        q = q.filter(cls.status == registers.PUBLISHED)
    if data.get("org"):
        q = q.filter(cls.org_id == data["org"])
    if kind == rs.KIND_DIP:
        if data.get("category"):
            q = q.filter(cls.category == data["category"])
        if data.get("year"):
            q = q.filter(sa.extract("year", cls.made_on) == data["year"])
        text_columns = (cls.number, cls.summary, cls.holder, cls.responsible)
    else:
        if data.get("ground"):
            q = q.filter(cls.grounds.contains([data["ground"]]))
        if data.get("year"):
            q = q.filter(sa.extract("year", cls.decided_on) == data["year"])
        text_columns = (cls.number, cls.summary, cls.legal_basis)
    for word in registers.search_words(data.get("q") or "", max_words=6):
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = q.filter(sa.or_(*[c.ilike(pattern, escape="\\") for c in text_columns]))
    total = q.count()
    rows = (q.order_by(cls.org_id, cls.number).offset(data["offset"]).limit(data["limit"]).all())
    to_dict = rs.dip_dict if kind == rs.KIND_DIP else rs.dik_dict
    return {
        "count": total,
        "results": [to_dict(r, today, rs.can_manage(context, r.org_id)) for r in rows],
        "last_updated": rs.last_updated(kind),
    }


# --- the actions ----------------------------------------------------------------------------


def ppid_dip_entry_create(context: Context, data_dict: DataDict) -> dict:
    """Add an entry to an OPD's Daftar Informasi Publik (PPID Utama: any OPD; PPID
    Pelaksana: their own OPD).

    :param org: id or name of the OPD (required)
    :param category: ``berkala``, ``serta_merta`` or ``setiap_saat``
    :param summary: summary of the content (ringkasan isi informasi)
    :param holder: official or unit that holds the information
    :param responsible: person responsible for making or issuing it
    :param made_on: time of making of the current version, YYYY-MM-DD
    :param made_place: place of making
    :param formats: ``softcopy`` and/or ``hardcopy`` (list or comma-separated)
    :param retention: retention period (e.g. "5 tahun")
    :param link_type: ``dataset``, ``resource`` or ``document`` (optional)
    :param dataset: id or name of a public dataset (link_type dataset)
    :param resource: id of a resource of a public dataset (link_type resource)
    :param upload: the document (link_type document; multipart; PDF, JPG or PNG, checked by
        content; HTML and SVG are refused)
    :param status: ``draft`` (default) or ``published`` (needs every column above but the
        link)
    :returns: the entry, with its ``number`` (DIP-YYYY-NNNN) and ``version``
    """
    return _save(rs.KIND_DIP, context, data_dict, create=True)


def ppid_dip_entry_update(context: Context, data_dict: DataDict) -> dict:
    """Change a DIP entry: the parameters given replace the stored ones (an empty value
    clears a column); the others stay. Same parameters as ``ppid_dip_entry_create`` plus

    :param id: the entry's id or number (or ``number``)
    :param version: optional: the version read; a newer stored version is refused
    :returns: the entry
    """
    return _save(rs.KIND_DIP, context, data_dict, create=False)


def ppid_dip_entry_delete(context: Context, data_dict: DataDict) -> dict:
    """Delete a DIP entry (kept in the database, audited, no longer listed).

    :param id: the entry's id or number
    :returns: the entry (``status`` deleted)
    """
    return _delete(rs.KIND_DIP, context, data_dict)


@tk.side_effect_free
def ppid_dip_entry_show(context: Context, data_dict: DataDict) -> dict:
    """One DIP entry: published entries for anyone; drafts for the officers of its OPD.

    :param id: the entry's id or number
    :returns: the entry with ``link`` (dataset, resource or document), ``stale`` (a berkala
        item older than ``dip_berkala_months``) and ``berkala_due``
    """
    return _show(rs.KIND_DIP, context, data_dict)


@tk.side_effect_free
def ppid_dip_entry_list(context: Context, data_dict: DataDict) -> dict:
    """The Daftar Informasi Publik (public: published entries).

    :param q: words in the number, summary, holder or person responsible
    :param org: an OPD (id or name); without it, the whole regency
    :param category: berkala, serta_merta or setiap_saat
    :param year: year of making
    :param include_drafts: officers: also the drafts of their own OPDs
    :param limit: default 50, at most 5000
    :param offset: default 0
    :returns: ``{"count", "results", "last_updated": {org id: ISO time}}``
    """
    return _list(rs.KIND_DIP, context, data_dict)


def ppid_dik_entry_create(context: Context, data_dict: DataDict) -> dict:
    """Record exempted information and its consequence test (Pasal 17, 19, 20) in an OPD's
    DIK (PPID Utama: any OPD; PPID Pelaksana: their own OPD).

    :param org: id or name of the OPD (required)
    :param summary: what is exempted, in general terms (public: never the content itself)
    :param grounds: Pasal 17 codes ``17a``..``17j``
    :param legal_basis: the law or article relied on (optional)
    :param consequence: the consequence (harm) of opening it
    :param public_interest: the weighing of the public interest
    :param exempt_until: last day of the exemption, YYYY-MM-DD (after ``decided_on``)
    :param decided_by_name: who decided (name)
    :param decided_by_position: their position
    :param decided_on: when, YYYY-MM-DD (not in the future)
    :param internal_notes: officers only (never in the public list)
    :param status: ``draft`` (default) or ``published`` (needs every column but
        ``legal_basis`` and ``internal_notes``; consequence and weighing at least 30
        characters)
    :returns: the entry, with its ``number`` (DIK-YYYY-NNNN)
    """
    return _save(rs.KIND_DIK, context, data_dict, create=True)


def ppid_dik_entry_update(context: Context, data_dict: DataDict) -> dict:
    """Change a DIK entry (as ``ppid_dip_entry_update``).

    :param id: the entry's id or number
    :returns: the entry
    """
    return _save(rs.KIND_DIK, context, data_dict, create=False)


def ppid_dik_entry_delete(context: Context, data_dict: DataDict) -> dict:
    """Delete a DIK entry (kept, audited; refusals that cite it keep citing it).

    :param id: the entry's id or number
    :returns: the entry (``status`` deleted)
    """
    return _delete(rs.KIND_DIK, context, data_dict)


@tk.side_effect_free
def ppid_dik_entry_show(context: Context, data_dict: DataDict) -> dict:
    """One DIK entry: published entries for anyone (without ``internal_notes``); drafts and
    the notes for the officers of its OPD.

    :param id: the entry's id or number
    :returns: the entry with ``exemption_state`` (active, ending, ended)
    """
    return _show(rs.KIND_DIK, context, data_dict)


@tk.side_effect_free
def ppid_dik_entry_list(context: Context, data_dict: DataDict) -> dict:
    """The register of exempted information (public: published entries, no internal notes).

    :param q: words in the number, summary or legal basis
    :param org: an OPD (id or name)
    :param ground: a Pasal 17 code
    :param year: year of the decision
    :param include_drafts: officers: also the drafts of their own OPDs
    :returns: ``{"count", "results", "last_updated"}``
    """
    return _list(rs.KIND_DIK, context, data_dict)


@tk.side_effect_free
def ppid_dip_suggest(context: Context, data_dict: DataDict) -> dict:
    """"Sudah tersedia?": published DIP entries and public datasets matching what a citizen
    types as the information requested (public; nothing is stored or logged: call it with
    POST so the text stays out of addresses and access logs).

    :param q: the text typed
    :param limit: at most this many of each (default 5, at most 10)
    :returns: ``{"words": [...], "dip": [{number, summary, org, url, category}],
        "datasets": [{name, title, organization, url}]}``
    """
    screen(context, data_dict, schema.suggest_schema)
    tk.check_access("ppid_dip_suggest", context, data_dict)
    data, errors = validate(context, data_dict, schema.suggest_schema)
    raise_errors(errors)
    words = registers.search_words(data.get("q") or "")
    out: dict = {"words": words, "dip": [], "datasets": []}
    if not words:
        return out
    limit = data["limit"]
    E = PpidDipEntry
    patterns = ["%" + w.replace("%", "").replace("_", "") + "%" for w in words]
    rows = (model.Session.query(E).filter(E.status == registers.PUBLISHED)
            .filter(sa.or_(*[sa.or_(E.summary.ilike(p), E.number.ilike(p)) for p in patterns]))
            .limit(200).all())
    scored = sorted(rows, key=lambda e: (-registers.match_score(words, e.summary, e.number),
                                         e.number))
    today = clock.today()
    for entry in scored[:limit]:
        d = rs.dip_dict(entry, today)
        out["dip"].append({"number": d["number"], "summary": d["summary"], "org": d["org"],
                           "category": d["category"], "link": d["link"]})
    try:
        found = tk.get_action("package_search")(
            {"ignore_auth": True},
            {"q": " ".join(words), "rows": limit, "mm": "2<-1 4<50%",
             "include_private": False},
        )
        results = found.get("results", [])
    except Exception:  # Solr down or a query it refuses: the suggestions are a courtesy
        results = []
    for pkg in results[:limit]:
        org = pkg.get("organization")
        out["datasets"].append({
            "name": pkg.get("name"), "title": pkg.get("title") or pkg.get("name"),
            "organization": org.get("title") if isinstance(org, dict) else None,
        })
    return out
