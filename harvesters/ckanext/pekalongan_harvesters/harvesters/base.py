"""What every Pekalongan harvester shares, on top of ckanext-harvest's ``HarvesterBase``.

``PekalonganHarvesterMixin`` is mixed in front of a ckanext-harvest/ckanext-dcat harvester
class (``HarvesterBase``, ``CKANHarvester``, ``DCATRDFHarvester``) and adds:

- **the source's OPD**: every dataset lands in the organization of its harvest source;
  a source without one fails.
- **source-level failure**: ``_fail`` records the reasons as gather errors followed by
  ``HARVEST_ABORTED`` and the gather stage returns None, so that nothing is fetched,
  imported or withdrawn (the gather consumer must not crash, so we never raise).
- **incremental runs**: the content hash of each dataset is stored as its extra
  ``sumber_hash``. Datasets whose hash is already known when the gather stage runs get a
  harvest object that is COMPLETE / "not modified" from the start (inserted in one
  statement, never queued), so an unchanged source writes no dataset and re-indexes
  nothing; the others are compared again in the import stage.
- **withdrawal, not deletion**: ids whose dataset is published and that the source no
  longer lists get a harvest object with the extra ``status = withdraw``; importing it flags the
  dataset as withdrawn (``withdrawal.withdraw``) and leaves no object of that id current,
  so the job report counts it as "deleted". When the id is listed again the dataset is
  found through the source's earlier harvest objects and restored.
- **stable ids**: ``stable_id(source id, remote id)`` is the same on every run and
  never equal to the remote's own id (harvesting a portal's own API must not touch its
  datasets).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestObjectExtra,
)
from ckanext.pekalongan_harvesters import indexing, jobs, withdrawal
from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters.download import Budget
from ckanext.pekalongan_harvesters.mapping import mapped_hash
from ckanext.pekalongan_harvesters.package import HASH_FIELD, dataset_name, slugify

log = logging.getLogger(__name__)

# uuid5 namespace of the datasets our harvesters create (fixed forever).
ID_NAMESPACE = uuid.UUID("6f1c3f0e-55a5-4d8b-9a57-3326a1b2c0de")
STATUS_EXTRA = "status"
WITHDRAW = "withdraw"
ACTION_EXTRA = "pekalongan_action"  # created / updated / restored / withdrawn
TIMEOUT_OPTION = "ckanext.pekalongan.harvest.timeout"
DEADLINE_OPTION = "ckanext.pekalongan.harvest.deadline"
MAX_MB_OPTION = "ckanext.pekalongan.harvest.max_mb"
VERIFICATION_FIELD = "status_verifikasi"  # set by the walidata only, never by a harvest
BATCH_SIZE = 25  # datasets per transaction when the gather stage imports (_import_in_gather)


def stable_id(source_id: str, guid: str) -> str:
    """The local id of the dataset ``guid`` of harvest source ``source_id``."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{source_id}\x00{guid}"))


def owns(source_id: str, guid: str, package_id: str | None) -> bool:
    """Whether ``package_id`` is the dataset that source ``source_id`` created for ``guid``.

    Every dataset our harvesters create has the id ``stable_id(source, guid)`` (and only
    a sysadmin may choose a dataset's id), so a harvest object pointing at any other
    dataset (another OPD's, say, recorded by a stock harvester that took the remote's id)
    is never updated, withdrawn or deleted through this source.
    """
    return bool(package_id) and package_id == stable_id(source_id, guid)


@dataclass(frozen=True)
class StoredState:
    """What the portal holds for a harvested dataset, read without ``package_show``."""

    package_id: str
    name: str
    state: str
    content_hash: str | None
    withdrawn: bool

    @property
    def active(self) -> bool:
        return self.state == "active"


def keep_verification(package: dict[str, Any], current: dict[str, Any]) -> None:
    """``package`` (about to be written over ``current``) keeps the walidata's
    verification status: a harvest never writes ``status_verifikasi``."""
    if current.get(VERIFICATION_FIELD):
        package[VERIFICATION_FIELD] = current[VERIFICATION_FIELD]
    else:
        package.pop(VERIFICATION_FIELD, None)


def parse_config(config_str: str | None) -> dict[str, Any]:
    """The harvest source's JSON config as a dict (``{}`` when empty)."""
    if not config_str or not config_str.strip():
        return {}
    try:
        value = json.loads(config_str)
    except ValueError as error:
        raise ValueError(f"konfigurasi sumber panen bukan JSON yang sah ({error})") from None
    if not isinstance(value, dict):
        raise ValueError("konfigurasi harus berupa objek JSON, mis. {\"timeout\": 30}")
    return value


def validate_budget_config(config: dict[str, Any]) -> None:
    """Check the optional ``timeout`` (seconds), ``deadline`` and ``max_mb`` keys."""
    for key, low, high in (("timeout", 1, 600), ("deadline", 1, 3600), ("max_mb", 1, 200)):
        if key in config:
            value = config[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{key} harus berupa angka")
            if not low <= value <= high:
                raise ValueError(f"{key} harus di antara {low} dan {high}")


class PekalonganHarvesterMixin:
    """Shared behaviour; put it first in the bases of a harvester class."""

    # ``ckan harvester import`` sets it: re-import even when the content hash is equal
    force_import = False

    def __new__(cls, *args: Any, **kwargs: Any):
        # CKAN's SingletonPlugin.__new__ tests ``hasattr(cls, "_instance")``, which is
        # true for a subclass of a plugin already loaded (CKANHarvester is, as
        # ``ckan_harvester``): it would hand out the parent's instance instead of ours.
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)
        return cls._instance

    # --- one runner per job (see jobs.py) -------------------------------------------------
    def gather_stage(self, harvest_job: HarvestJob) -> list[str] | None:
        """The harvester's ``_gather``, by exactly one runner per job."""
        # the harvest user exists before any stage writes (creating it commits)
        jobs.harvest_user_name()
        with jobs.gather_claim(harvest_job.id) as won:
            if not won:
                return []
            object_ids = self._gather(harvest_job)
            jobs.keep_out_of_resubmission(harvest_job.id)
            return object_ids

    def _gather(self, harvest_job: HarvestJob) -> list[str] | None:
        raise NotImplementedError

    def _get_user_name(self) -> str:
        """Harvests write as the harvest user, whose activities are shown."""
        return jobs.harvest_user_name()

    # --- configuration -------------------------------------------------------------------
    def _budget(self, config: dict[str, Any]) -> Budget:
        """Time and size limits: the source's config, else the site's config."""
        timeout = float(config.get("timeout") or tk.config.get(TIMEOUT_OPTION) or 30)
        deadline = float(config.get("deadline") or tk.config.get(DEADLINE_OPTION) or 300)
        max_mb = float(config.get("max_mb") or tk.config.get(MAX_MB_OPTION) or 20)
        return Budget(timeout=timeout, deadline=max(deadline, timeout),
                      max_bytes=int(max_mb * 1024 * 1024))

    def _context(self, **extra: Any) -> dict[str, Any]:
        context = {"model": model, "session": model.Session, "ignore_auth": True}
        context.update(extra)
        if not context.get("user"):
            context["user"] = self._get_user_name()
        return context

    # --- the source and its organization ---------------------------------------------------
    def _source_organization(self, source) -> model.Group | None:
        package = model.Package.get(source.id)
        if package is None or not package.owner_org:
            return None
        group = model.Group.get(package.owner_org)
        if group is None or group.state != "active":
            return None
        return group

    def _fail(self, job: HarvestJob, *reasons: str) -> None:
        """Record a source-level failure: the reasons, then HARVEST_ABORTED.

        Objects this job already created are deleted: nothing of this run is imported.
        Returns None, which the gather stage returns to end the job.
        """
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_job_id == job.id
        ).delete(synchronize_session=False)
        for reason in reasons:
            HarvestGatherError(message=reason, job=job).save()
        HarvestGatherError(message=m.render(m.HARVEST_ABORTED), job=job).save()
        log.warning("harvest job %s of %s failed: %s", job.id, job.source.url,
                    " | ".join(reasons))
        return None

    # --- what the portal holds for this source ---------------------------------------------
    def _known_packages(self, source_id: str, guids: Iterable[str] | None = None
                        ) -> dict[str, str]:
        """guid → package id of the latest object of each guid that had a dataset,
        current or not (a withdrawn dataset keeps its id here)."""
        query = (
            model.Session.query(HarvestObject.guid, HarvestObject.package_id)
            .filter(HarvestObject.harvest_source_id == source_id)
            .filter(HarvestObject.package_id.isnot(None))
        )
        if guids is not None:
            query = query.filter(HarvestObject.guid.in_(list(guids)))
        query = query.distinct(HarvestObject.guid).order_by(
            HarvestObject.guid, HarvestObject.gathered.desc()
        )
        return {guid: package_id for guid, package_id in query
                if owns(source_id, guid, package_id)}

    def _known_package(self, source_id: str, guid: str) -> str | None:
        return self._known_packages(source_id, [guid]).get(guid)

    def _stored_states(self, package_ids: Iterable[str]) -> dict[str, StoredState]:
        """package id → ``StoredState`` in two queries, whatever the number of ids."""
        ids = list(set(package_ids))
        if not ids:
            return {}
        packages = {
            pid: (name, state)
            for pid, name, state in model.Session.query(
                model.Package.id, model.Package.name, model.Package.state
            ).filter(model.Package.id.in_(ids))
        }
        extras: dict[str, dict[str, str]] = {pid: {} for pid in packages}
        rows = (
            model.Session.query(model.PackageExtra.package_id, model.PackageExtra.key,
                                model.PackageExtra.value)
            .filter(model.PackageExtra.package_id.in_(list(packages)))
            .filter(model.PackageExtra.key.in_([HASH_FIELD, withdrawal.STATUS_FIELD]))
            .filter(model.PackageExtra.state == "active")
        )
        for pid, key, value in rows:
            extras[pid][key] = value
        return {
            pid: StoredState(
                package_id=pid, name=name, state=state,
                content_hash=extras[pid].get(HASH_FIELD),
                withdrawn=extras[pid].get(withdrawal.STATUS_FIELD) == withdrawal.WITHDRAWN,
            )
            for pid, (name, state) in packages.items()
        }

    def _stored_state(self, package_id: str | None) -> StoredState | None:
        if not package_id:
            return None
        return self._stored_states([package_id]).get(package_id)

    # --- harvest objects -------------------------------------------------------------------
    def _add_unchanged_objects(self, job: HarvestJob, unchanged: dict[str, str]) -> None:
        """One COMPLETE / "not modified" object per guid (→ package id), in one INSERT.

        They are never queued: the fetch and import stages have nothing to do for them.
        """
        if not unchanged:
            return
        now = dt.datetime.utcnow()
        rows = [
            {"id": str(uuid.uuid4()), "guid": guid, "current": False, "gathered": now,
             "fetch_started": now, "fetch_finished": now, "import_started": now,
             "import_finished": now, "state": "COMPLETE", "report_status": "not modified",
             "retry_times": 0, "harvest_job_id": job.id, "harvest_source_id": job.source.id,
             "package_id": package_id}
            for guid, package_id in unchanged.items()
        ]
        model.Session.execute(HarvestObject.__table__.insert(), rows)
        model.Session.commit()

    def _add_withdraw_objects(self, job: HarvestJob, listed: Iterable[str]) -> list[str]:
        """Objects flagged ``status = withdraw`` for the ids of the source's published
        datasets that are not in ``listed``; returns their ids (fetched and imported like
        the others).

        Published: active and not withdrawn. That is the source's current objects, and
        also a withdrawn dataset whose flag an edit in the web form dropped (CKAN's form
        does not keep extras it does not show).
        """
        listed = set(listed)
        missing = {guid: package_id
                   for guid, package_id in self._known_packages(job.source.id).items()
                   if guid not in listed}
        states = self._stored_states(missing.values())
        ids = []
        for guid, package_id in sorted(missing.items()):
            state = states.get(package_id)
            if state is None or not state.active or state.withdrawn:
                continue
            obj = HarvestObject(guid=guid, job=job, package_id=package_id,
                                extras=[HarvestObjectExtra(key=STATUS_EXTRA, value=WITHDRAW)])
            obj.save()
            ids.append(obj.id)
        return ids

    @staticmethod
    def _object_extra(harvest_object: HarvestObject, key: str) -> str | None:
        for extra in harvest_object.extras:
            if extra.key == key:
                return extra.value
        return None

    def _is_withdrawal(self, harvest_object: HarvestObject) -> bool:
        return self._object_extra(harvest_object, STATUS_EXTRA) == WITHDRAW

    def _note_action(self, harvest_object: HarvestObject, action: str) -> None:
        HarvestObjectExtra(object=harvest_object, key=ACTION_EXTRA, value=action).add()

    def _make_current(self, harvest_object: HarvestObject, package_id: str) -> None:
        """This object is now the one that holds ``package_id`` for its source and guid."""
        self._make_current_all([(harvest_object, package_id)])

    def _make_current_all(self, holders: list[tuple[HarvestObject, str]]) -> None:
        """``_make_current`` of each (object, package id) of ``holders`` (one source), in
        one UPDATE."""
        objects = [obj for obj, _ in holders]
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == objects[0].harvest_source_id,
            sa.or_(HarvestObject.package_id.in_([package_id for _, package_id in holders]),
                   HarvestObject.guid.in_([obj.guid for obj in objects])),
        ).filter(HarvestObject.id.notin_([obj.id for obj in objects])).update(
            {"current": False}, synchronize_session=False
        )
        for obj, package_id in holders:
            obj.package_id = package_id
            obj.current = True
            obj.add()

    def _import_withdrawal(self, harvest_object: HarvestObject) -> bool:
        """Withdraw the dataset of a ``status = withdraw`` object (import stage)."""
        package_id = harvest_object.package_id
        if not owns(harvest_object.harvest_source_id, harvest_object.guid, package_id):
            HarvestObjectError.create(m.render(m.NOT_OURS, id=harvest_object.guid),
                                      harvest_object, "Import")
            return False
        state = self._stored_state(package_id)
        try:
            if state is not None and state.active:
                withdrawal.withdraw(self._context(), package_id)
        except Exception as error:  # keep the job going; report on this object
            log.exception("withdrawing %s failed", package_id)
            model.Session.rollback()
            HarvestObjectError.create(f"{error}", harvest_object, "Import")
            return False
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == harvest_object.harvest_source_id,
            HarvestObject.guid == harvest_object.guid,
        ).update({"current": False}, synchronize_session=False)
        harvest_object.current = False
        self._note_action(harvest_object, "withdrawn")
        harvest_object.save()
        log.info("withdrew dataset %s (%s)", package_id, harvest_object.guid)
        return True

    def _restore(self, harvest_object: HarvestObject, package_id: str) -> bool:
        """An unchanged dataset that was withdrawn and is listed again: only the flag goes."""
        withdrawal.restore(self._context(), package_id)
        self._make_current(harvest_object, package_id)
        self._note_action(harvest_object, "restored")
        model.Session.commit()
        return True


@dataclass
class _Write:
    """A dataset to create or update in the import stage, with its harvest object."""

    harvest_object: HarvestObject
    package: dict[str, Any]  # for package_create / package_update, ``id`` set
    state: StoredState | None  # None: created now
    preferred_name: str
    action: str = ""  # once written: created, updated or restored


class MappedDatasetMixin(PekalonganHarvesterMixin):
    """Import of a dataset already mapped onto our schema (``mapping.map_remote_dataset``):
    shared by the CKAN and DCAT harvesters."""

    _importing_in_gather = False
    _finished_in_commit = False

    def _write_context(self, user: model.User | None = None) -> dict[str, Any]:
        """The context of the harvest's package_create/package_update: committed with the
        harvest object (``defer_commit``), and no ``package_show`` of the result, which
        nothing reads (``return_id_only``). With ``user`` (the harvest user, as a batch
        looks it up once) the user is not looked up again for the access check."""
        if user is None:
            return self._context(defer_commit=True, return_id_only=True)
        return self._context(defer_commit=True, return_id_only=True, user=user.name,
                             auth_user_obj=user)

    def _map_object(self, harvest_object: HarvestObject, owner_org: str
                    ) -> tuple[dict[str, Any], str]:
        """The mapped dataset of ``harvest_object`` and its preferred name (what
        ``import_stage`` passes to ``_save_mapped``): needed by ``_import_in_gather``."""
        raise NotImplementedError

    def _import_in_gather(self, objects: list[HarvestObject], owner_org: str) -> None:
        """The fetch and import stages of ``objects``, run right here in the gather stage.

        When the gather stage already holds every dataset (a CKAN ``package_search`` page
        carries the whole dataset dict, so the fetch stage has nothing to do), queueing an
        object per dataset only adds work: ckanext-harvest's ``fetch_and_import_stages``
        commits the object five times around an import that commits twice. Here the
        datasets are written by the same ``package_create`` / ``package_update`` as
        ``import_stage`` (our schema's validation, the activity, the resource views, the
        search index), ``BATCH_SIZE`` datasets and their harvest objects per transaction
        (``indexing.one_transaction``: each dataset indexed once, right before the commit,
        the batch's documents in one Solr update) and the Solr commit deferred to the end
        of the job (``indexing.deferred_commit``). When any dataset of a batch fails,
        nothing of the batch is kept: its datasets are imported again one at a time by
        ``import_stage`` (so the failing one gets its object error as it would there), and
        the next batch is half as large (twice as large again after one that succeeds).
        Datasets that are left alone or restored (``_save_mapped``) are imported one at a
        time, in their turn, so the datasets are written in the remote's order.

        The objects end as ``fetch_and_import_stages`` leaves them (state,
        ``report_status``, timestamps, object errors), so the job report and the job's end
        are unchanged. The gather stage runs under the job's gather lock
        (``jobs.gather_claim``): no other runner imports these objects meanwhile.
        """
        if not objects:
            return
        source_id = objects[0].harvest_source_id
        known = self._known_packages(source_id, [obj.guid for obj in objects])
        states = self._stored_states(known.get(obj.guid) or stable_id(source_id, obj.guid)
                                     for obj in objects)
        batch: list[_Write] = []
        size = BATCH_SIZE
        for obj in objects:
            write = self._planned_write(obj, owner_org, known, states)
            if write is None:
                size = self._write_in_batch(batch, size)
                batch = []
                self._import_one(obj)
                continue
            batch.append(write)
            if len(batch) >= size:
                size = self._write_in_batch(batch, size)
                batch = []
        self._write_in_batch(batch, size)

    def _planned_write(self, harvest_object: HarvestObject, owner_org: str,
                       known: dict[str, str], states: dict[str, StoredState]
                       ) -> _Write | None:
        """The dataset ``harvest_object`` creates or updates, or None when it takes
        ``import_stage`` (left alone, restored, or its mapping fails)."""
        try:
            mapped, preferred_name = self._map_object(harvest_object, owner_org)
        except Exception:  # import_stage reports it
            return None
        source_id, guid = harvest_object.harvest_source_id, harvest_object.guid
        package_id = known.get(guid) or stable_id(source_id, guid)
        state = states.get(package_id)
        if state is not None and (not state.active or state.withdrawn):
            return None
        digest = mapped_hash(mapped)
        if state is not None and state.content_hash == digest and not self.force_import:
            return None
        return _Write(harvest_object, self._package_dict(mapped, package_id, digest),
                      state, preferred_name)

    def _write_in_batch(self, batch: list[_Write], size: int) -> int:
        """Write ``batch`` in one transaction or, when that fails, one dataset at a time;
        returns the size of the next batch."""
        if not batch:
            return size
        try:
            if len(batch) > 1 and self._write_batch(batch):
                return min(size * 2, BATCH_SIZE)
            for write in batch:
                self._import_one(write.harvest_object)
            return max(1, size // 2)
        finally:
            _forget_shared_collections()

    def _write_batch(self, batch: list[_Write]) -> bool:
        """Create or update the datasets of ``batch`` and finish their objects, in one
        transaction; False when any of them failed (nothing is written then)."""
        user = model.User.get(self._get_user_name())
        try:
            with indexing.deferred_commit(len(batch)):
                _defer_object_check()
                with indexing.one_transaction() as transaction:
                    taken = self._names_taken(batch)
                    for write in batch:
                        _start_import(write.harvest_object)
                        self._write_package(write, transaction, finish=True, user=user,
                                            taken=taken)
                    self._make_current_all([(w.harvest_object, w.package["id"])
                                            for w in batch])
                    transaction.commit()
        except Exception as error:
            indexing.rollback()
            log.info("a batch of %d datasets failed (%s); importing them one at a time",
                     len(batch), error)
            return False
        for write in batch:
            log.info("%s dataset %s (%s)", write.action, write.package["name"],
                     write.harvest_object.guid)
        return True

    def _import_one(self, obj: HarvestObject) -> None:
        """``import_stage`` of one object, finished as ``fetch_and_import_stages`` would."""
        object_id = obj.id
        _start_import(obj)
        self._importing_in_gather, self._finished_in_commit = True, False
        try:
            result = self.import_stage(obj)
        except Exception as error:  # as the runner does: the job goes on
            model.Session.rollback()
            log.exception("harvest object %s crashed", object_id)
            HarvestObjectError(message=f"{error}", object=HarvestObject.get(object_id),
                               stage="Import").save()
            result = False
        finally:
            self._importing_in_gather = False
        if self._finished_in_commit and result is True:
            return  # created or updated: finished in the dataset's commit
        obj = HarvestObject.get(object_id)
        obj.import_finished = dt.datetime.utcnow()
        if result == "unchanged":
            obj.state, obj.report_status = "COMPLETE", "not modified"
        elif result:  # restored (its dataset existed already)
            obj.state, obj.report_status = "COMPLETE", "updated"
        else:
            obj.state, obj.report_status = "ERROR", "errored"
        obj.save()

    def _package_dict(self, mapped: dict[str, Any], package_id: str, digest: str
                      ) -> dict[str, Any]:
        """What package_create / package_update get for the mapped dataset."""
        package = dict(mapped, id=package_id)
        package.pop(VERIFICATION_FIELD, None)  # the walidata's, never the remote's
        package["extras"] = [e for e in mapped.get("extras") or []
                             if e["key"] != HASH_FIELD] + [{"key": HASH_FIELD, "value": digest}]
        resources = []
        for resource in mapped.get("resources") or []:
            resource = dict(resource)
            remote_id = resource.pop("remote_id", None) or resource["url"]
            resource["id"] = str(uuid.uuid5(ID_NAMESPACE, f"{package_id}\x00{remote_id}"))
            resources.append(resource)
        package["resources"] = resources
        return package

    def _write_package(self, write: _Write, transaction: indexing.OneTransaction,
                       finish: bool, user: model.User | None = None,
                       taken: set[str] | None = None) -> str:
        """package_create or package_update of ``write`` in the session's transaction
        (not committed), indexed when ``transaction`` commits; returns the action noted on
        the object. With ``finish`` the object is also COMPLETE, as
        ``fetch_and_import_stages`` would leave it.

        Without ``taken`` (names and ids known to be in use, see ``_names_taken``) the
        harvest object is made current here; with it, by the caller
        (``_make_current_all``), and the names taken here are added to it.
        """
        harvest_object, package, state = write.harvest_object, write.package, write.state
        package_id = package["id"]
        if state is None:
            transaction.expect(package_id, new=True)
            package["name"] = self._free_name(write.preferred_name, package, taken)
            if taken is not None:
                taken.update((package_id, package["name"]))
            harvest_object.package_id = package_id  # flushed with the dataset
            harvest_object.current = True
            harvest_object.add()
            tk.get_action("package_create")(self._write_context(user), package)
            action = "created"
        else:
            current = tk.get_action("package_show")(self._context(), {"id": package_id})
            transaction.expect(package_id, new=False)
            package.update(name=current["name"], private=current["private"],
                           groups=[{"id": g["id"]} for g in current.get("groups") or []])
            keep_verification(package, current)
            tk.get_action("package_update")(self._write_context(user), package)
            action = "restored" if state.withdrawn else "updated"
        if taken is None:
            self._make_current(harvest_object, package_id)
        self._note_action(harvest_object, action)
        write.action = action
        if finish:
            # what fetch_and_import_stages would record, in the dataset's commit
            harvest_object.state = "COMPLETE"
            harvest_object.report_status = "added" if action == "created" else "updated"
            harvest_object.import_finished = dt.datetime.utcnow()
        return action

    def _save_mapped(self, harvest_object: HarvestObject, mapped: dict[str, Any],
                     preferred_name: str) -> bool | str:
        """Create, update, restore or leave alone the dataset of ``harvest_object``.

        :returns: what ``import_stage`` returns (True, "unchanged" or False)
        """
        source_id, guid = harvest_object.harvest_source_id, harvest_object.guid
        package_id = self._known_package(source_id, guid) or stable_id(source_id, guid)
        state = self._stored_state(package_id)
        digest = mapped_hash(mapped)
        if state is not None and not state.active:
            log.info("dataset %s was deleted on the portal; not harvested again", package_id)
            return "unchanged"
        if state is not None and state.content_hash == digest and not self.force_import:
            if state.withdrawn:
                return self._restore(harvest_object, package_id)
            return "unchanged"

        write = _Write(harvest_object, self._package_dict(mapped, package_id, digest),
                       state, preferred_name)
        title = write.package.get("title") or guid
        # one transaction per dataset (dataset, activity, views, harvest object), one
        # index update for it, without a Solr commit of its own (indexing.py)
        try:
            with indexing.deferred_commit():
                if state is None:
                    _defer_object_check()
                with indexing.one_transaction() as transaction:
                    action = self._write_package(write, transaction,
                                                 finish=self._importing_in_gather)
                    transaction.commit()
                self._finished_in_commit = self._importing_in_gather
        except tk.ValidationError as error:
            indexing.rollback()
            self._save_object_error(m.render(
                m.DATASET_REJECTED, judul=title, id=guid, detail=validation_detail(error)),
                harvest_object, "Import")
            return False
        except Exception as error:
            indexing.rollback()
            log.exception("importing %s failed", guid)
            self._save_object_error(m.render(
                m.DATASET_FAILED, judul=title, id=guid, detail=error), harvest_object, "Import")
            return False
        log.info("%s dataset %s (%s)", action, write.package["name"], guid)
        return True

    def _names_taken(self, batch: list[_Write]) -> set[str]:
        """Which of the batch's ideal names (``_ideal_name``) a dataset has as its name or
        id, in one query (what ``_free_name`` would look up one by one)."""
        ideals = [_ideal_name(w.preferred_name, w.package) for w in batch if w.state is None]
        if not ideals:
            return set()
        taken = set()
        for package_id, name in model.Session.query(model.Package.id, model.Package.name)\
                .filter(sa.or_(model.Package.id.in_(ideals), model.Package.name.in_(ideals))):
            taken.update((package_id, name))
        return taken

    def _free_name(self, preferred: str, package: dict[str, Any],
                   taken: set[str] | None = None) -> str:
        """``preferred`` (slugified) if no dataset has it, else ``<organization>-<it>``,
        else that with a number (ckanext-harvest's ``_ensure_name_is_unique``). ``taken``:
        the names and ids in use among the ideal ones (``_names_taken``), if known."""
        ideal = _ideal_name(preferred, package)
        if taken is None:
            taken = set() if model.Package.get(ideal) is None else {ideal}
        if ideal not in taken:
            return ideal
        group = model.Group.get(package.get("owner_org") or "")
        if group is not None:
            ideal = dataset_name(group.name, preferred)
            if model.Package.get(ideal) is None:
                return ideal
        return self._ensure_name_is_unique(ideal[:96])


def _start_import(obj: HarvestObject) -> None:
    """The object's fetch and import begin now (the gather stage holds the whole dataset)."""
    obj.fetch_started = obj.fetch_finished = obj.import_started = dt.datetime.utcnow()
    obj.state = "IMPORT"


# Objects that many datasets of one harvest point at (a tag such as "kesehatan", the
# source's organization, a tag vocabulary).
_SHARED_BY_DATASETS = (model.Tag, model.Group, model.Vocabulary)


def _forget_shared_collections() -> None:
    """Expire the tags, organizations and vocabularies the session holds, after a batch.

    The gather stage writes every dataset of the job in one long session (CKAN's session
    does not expire on commit). A tag shared by the datasets keeps, in its loaded
    ``package_tags`` collection, one entry per dataset written so far, an organization
    likewise in ``member_all``; each later dataset's flush and save cascade walk those
    collections, so a dataset cost more the more came before it (at 5,000 datasets a
    third more CPU per dataset than at 1,000). Expired, they are read again from the
    database when next needed, with nothing loaded.
    """
    identity_map = model.Session.identity_map
    for key in list(identity_map.keys()):  # (class, primary key, token): no object built
        obj = identity_map.get(key) if issubclass(key[0], _SHARED_BY_DATASETS) else None
        if obj is not None:
            model.Session.expire(obj)


def _ideal_name(preferred: str, package: dict[str, Any]) -> str:
    return slugify(preferred)[:100] or slugify(package.get("title") or "") or "dataset"


def _defer_object_check() -> None:
    """The harvest object may point at its dataset before package_create inserts it: the
    foreign key is checked at the commit."""
    model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))


def validation_detail(error: tk.ValidationError) -> str:
    """``field: message; ...`` of a CKAN ValidationError, for an object error."""
    summary = getattr(error, "error_summary", None)
    if summary:
        return "; ".join(f"{k}: {v}" for k, v in summary.items())
    return str(error.error_dict)
