"""Write the demo catalogue (``catalogue.py``) into CKAN through its actions.

Idempotent: organizations, groups and datasets are created when missing and
patched only when a compared field differs, so a second run calls no write
action at all and leaves every ``metadata_modified`` untouched. Each dataset
has one CSV resource uploaded to the FileStore; its SHA-256 is kept in the
resource extra ``demo_sha256`` and the file is uploaded again only when the
bytes change.

Search index: CKAN indexes a dataset at every commit that touches it (a new dataset with its
resources twice in one commit), four to five times for each demo dataset created; here its
commits leave it alone and it is indexed once, as CKAN's commit would index it, after its
last write (``_indexed_once``, with ``ckanext.pekalongan.search.index_once``). The document
in Solr is the same.

Freshness: each demo resource's ``last_modified`` is set to ``data_age_days`` (from the
catalogue) before the day it is uploaded or its age changes, and the age applied is kept in
the resource extra ``demo_data_age_days``; a second run finds the same age and writes
nothing, so the demo data ages naturally from then on, like real data nobody updates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
from collections.abc import Iterator
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ckanext.pekalongan import satudata
from ckanext.pekalongan.demo import catalogue
from ckanext.pekalongan.search import index_once

log = logging.getLogger(__name__)

SHA_KEY = "demo_sha256"
AGE_KEY = "demo_data_age_days"

ORGANIZATION_FIELDS = satudata.organization_fields()
GROUP_FIELDS = ("title", "description")
DATASET_FIELDS = satudata.dataset_fields()
RESOURCE_FIELDS = ("name", *satudata.resource_fields())

SUMMARY_KEYS = tuple(
    f"{kind}_{outcome}"
    for kind in ("organizations", "groups", "datasets")
    for outcome in ("created", "updated", "unchanged")
) + ("views_created",)


def load_demo(sysadmin: str | None = None) -> dict[str, int]:
    """Create or refresh the demo catalogue.

    :param sysadmin: name of the sysadmin acting; ``None`` for the site user.
    :returns: counts ``{organizations,groups,datasets}_{created,updated,unchanged}``.
    """
    user = _acting_user(sysadmin)
    summary = dict.fromkeys(SUMMARY_KEYS, 0)

    for org in catalogue.organizations():
        summary["organizations_" + _ensure_group(user, org, ORGANIZATION_FIELDS, True)] += 1
    for group in catalogue.groups():
        summary["groups_" + _ensure_group(user, group, GROUP_FIELDS, False)] += 1
    for dataset in catalogue.datasets():
        with _indexed_once(dataset["name"]):
            outcome = _ensure_dataset(user, dataset)
        summary["datasets_" + outcome] += 1
        if outcome != "created":  # a new resource's views are xloader's, when it has loaded it
            summary["views_created"] += _ensure_datastore_views(user, dataset["name"])

    log.info("demo catalogue loaded: %s", summary)
    return summary


# --------------------------------------------------------------------------


def _context(user: str, **options: Any) -> dict[str, Any]:
    """A fresh dict per call (actions store state in it: package, group, ...).

    ``use_cache`` off: ``package_show`` reads the dataset from the database instead of
    asking Solr first for a copy that is stale after each write of the load (every show
    within the actions below is passed this context, and the load defers Solr's commit),
    one Solr query less per show, same result. ``options`` for one call, e.g.
    ``return_id_only`` where the loader needs only the new object's id (no show of it)."""
    return {"user": user, "ignore_auth": True, "use_cache": False, **options}


@contextlib.contextmanager
def _indexed_once(name: str) -> Iterator[None]:
    """The dataset ``name`` is left out of CKAN's commit-time indexing inside (its commits
    are noticed), then indexed once if one was, exactly as that indexing does it
    (``index_once.index_now``), also when an error interrupts its writes; inside,
    ``package_show`` does not look for its cached copy in Solr (``index_once.left_out``
    says why). Without CKAN's search plugin loaded (no automatic indexing), or inside
    another ``left_out``, nothing is changed."""
    if not index_once.can_take_over():
        yield
        return
    written: list[str] = []  # ids of its commits (new or changed)

    def loading(package: model.Package) -> bool:
        if package.name != name:
            return False
        written.append(package.id)
        return True

    try:
        with index_once.left_out(loading,
                                 lambda reference: reference == name or reference in written):
            yield
    finally:
        if written:
            try:
                index_once.index_now(written[-1])
            except tk.ObjectNotFound:  # its creation was rolled back: nothing to index
                pass


def _acting_user(sysadmin: str | None) -> str:
    if not sysadmin:
        return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    user = tk.get_action("user_show")({"ignore_auth": True}, {"id": sysadmin})
    if not user.get("sysadmin"):
        raise tk.NotAuthorized(f"user {sysadmin!r} is not a sysadmin")
    return user["name"]


def _norm(value: Any) -> Any:
    """Comparable form of a field value as sent or as returned by ``*_show``."""
    if value is None or value is tk.missing:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return tuple(sorted(str(_norm(v)) for v in value))
    return str(value)


def _differs(current: dict[str, Any], wanted: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if _norm(current.get(f)) != _norm(wanted.get(f))]


def _ensure_group(user: str, data: dict[str, Any], fields: tuple[str, ...], is_org: bool) -> str:
    kind = "organization" if is_org else "group"
    payload = {"name": data["name"], **{f: data[f] for f in fields if f in data}}
    try:
        current = tk.get_action(f"{kind}_show")(
            _context(user),
            {"id": data["name"], "include_datasets": False, "include_users": False},
        )
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(_context(user), payload)
        log.info("created %s %s", kind, data["name"])
        return "created"

    changed = _differs(current, payload, fields)
    if current.get("state") != "active":
        payload["state"] = "active"
        changed.append("state")
    if not changed:
        return "unchanged"
    tk.get_action(f"{kind}_patch")(_context(user), {**payload, "id": current["id"]})
    log.info("updated %s %s (%s)", kind, data["name"], ", ".join(changed))
    return "updated"


def _dataset_payload(data: dict[str, Any]) -> dict[str, Any]:
    payload = {f: data[f] for f in DATASET_FIELDS}
    payload.update(
        name=data["name"],
        owner_org=data["owner_org"],
        private=False,
        # tags, not tag_string: on a patch tag_string would be merged with the old tags
        tags=[{"name": t.strip()} for t in data["tag_string"].split(",") if t.strip()],
        groups=[{"name": g} for g in data["groups"]],
    )
    return payload


def _dataset_changes(current: dict[str, Any], payload: dict[str, Any]) -> list[str]:
    changed = _differs(current, payload, DATASET_FIELDS)
    if (current.get("organization") or {}).get("name") != payload["owner_org"]:
        changed.append("owner_org")
    if sorted(t["name"] for t in current.get("tags", [])) != sorted(
        t["name"] for t in payload["tags"]
    ):
        changed.append("tags")
    if sorted(g["name"] for g in current.get("groups", [])) != sorted(
        g["name"] for g in payload["groups"]
    ):
        changed.append("groups")
    if bool(current.get("private")) or current.get("state") != "active":
        changed.append("state")
    return changed


def _ensure_dataset(user: str, data: dict[str, Any]) -> str:
    payload = _dataset_payload(data)
    body = data["csv"].encode("utf-8")
    sha = hashlib.sha256(body).hexdigest()
    try:
        current = tk.get_action("package_show")(_context(user), {"id": data["name"]})
    except tk.ObjectNotFound:
        package_id = tk.get_action("package_create")(
            _context(user, return_id_only=True), payload)
        created = _upload(user, package_id, None, data, body, sha)
        _apply_age(user, created, data)
        _ensure_extra_resources(user, package_id, data, new=True)
        log.info("created dataset %s", data["name"])
        return "created"

    changed = _dataset_changes(current, payload)
    if changed:
        tk.get_action("package_patch")(
            _context(user), {**payload, "id": current["id"], "state": "active"}
        )
        log.info("updated dataset %s (%s)", data["name"], ", ".join(changed))

    resource = _demo_resource(current, data)
    wanted = {f: data["resource"][f] for f in RESOURCE_FIELDS}
    if resource is None or resource.get(SHA_KEY) != sha or resource.get("url_type") != "upload":
        resource = _upload(user, current["id"], resource, data, body, sha)
        changed.append("csv")
    elif _differs(resource, wanted, RESOURCE_FIELDS):
        tk.get_action("resource_patch")(_context(user), {**wanted, "id": resource["id"]})
        changed.append("resource")
    if _apply_age(user, resource, data):
        changed.append("last_modified")
    changed += _ensure_extra_resources(user, current["id"], data)
    return "updated" if changed else "unchanged"


def _ensure_extra_resources(user: str, package_id: str, data: dict[str, Any],
                            new: bool = False) -> list[str]:
    """The illustrative target and comparison tables of a demo indicator
    (``demo/resonansi.py``), found by their ``indikator_peran``; uploaded when their bytes
    change, dated like the data table. ``new``: the dataset was just created, none of them
    is there yet (nothing to look up)."""
    changed: list[str] = []
    for extra in data.get("extra_resources", []):
        current = None
        if not new:
            package = tk.get_action("package_show")(_context(user), {"id": package_id})
            current = next((r for r in package.get("resources", [])
                            if r.get("indikator_peran") == extra["indikator_peran"]), None)
        body = extra["csv"].encode("utf-8")
        sha = hashlib.sha256(body).hexdigest()
        if current is not None and current.get(SHA_KEY) == sha \
                and current.get("url_type") == "upload":
            resource = current
        else:
            spec = {**data, "resource": {
                **data["resource"], "name": extra["name"], "format": extra["format"],
                "description": extra["description"], "filename": extra["filename"]}}
            resource = _upload(user, package_id, current, spec, body, sha,
                               indikator_peran=extra["indikator_peran"])
            changed.append(extra["indikator_peran"])
        if _apply_age(user, resource, data):
            changed.append("last_modified")
    return changed


def _apply_age(user: str, resource: dict[str, Any], data: dict[str, Any]) -> bool:
    """Date the resource's data ``data_age_days`` back, unless that age is applied."""
    age = int(data["resource"].get("data_age_days", 0))
    if str(resource.get(AGE_KEY, "")) == str(age):
        return False
    stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=age)
    # return_id_only: package_update inside resource_update returns the id, not a show of
    # the dataset nobody reads (the format, which would create views, does not change here)
    tk.get_action("resource_patch")(
        _context(user, return_id_only=True),
        {"id": resource["id"], "last_modified": stamp.isoformat(), AGE_KEY: str(age)},
    )
    return True


def _ensure_datastore_views(user: str, name: str) -> int:
    """The default views that need the DataStore (table, and chart for a time series) on
    each resource already loaded by xloader. xloader creates them itself when its job
    ends; this catches resources loaded before a view plugin was enabled. Creates only
    the missing ones, so a second run writes nothing."""
    package = tk.get_action("package_show")(_context(user), {"id": name})
    created = 0
    for resource in package.get("resources", []):
        if not resource.get("datastore_active"):
            continue
        created += len(tk.get_action("resource_create_default_resource_views")(
            _context(user),
            {"resource": resource, "package": package, "create_datastore_views": True},
        ))
    return created


def _demo_resource(package: dict[str, Any], data: dict[str, Any]) -> dict[str, Any] | None:
    resources = [r for r in package.get("resources", []) if not r.get("indikator_peran")]
    for res in resources:
        if res.get(SHA_KEY):
            return res
    for res in resources:
        if res.get("name") == data["resource"]["name"]:
            return res
    return None


def _upload(
    user: str,
    package_id: str,
    resource: dict[str, Any] | None,
    data: dict[str, Any],
    body: bytes,
    sha: str,
    **extras: str,
) -> dict[str, Any]:
    filename = data["resource"]["filename"]
    fields = {f: data["resource"][f] for f in RESOURCE_FIELDS}
    fields.update(extras)
    fields.update(
        {
            "url": filename,
            "mimetype": "text/csv",
            SHA_KEY: sha,
            AGE_KEY: "",  # the upload dates the file today: the age is applied again
            "upload": FileStorage(
                stream=io.BytesIO(body), filename=filename, content_type="text/csv"
            ),
        }
    )
    if resource is None:  # return_id_only: its package_update returns no show of the dataset
        return tk.get_action("resource_create")(
            _context(user, return_id_only=True), {**fields, "package_id": package_id})
    return tk.get_action("resource_patch")(_context(user), {**fields, "id": resource["id"]})
