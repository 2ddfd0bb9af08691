"""``opd_workbook``: an OPD's "daftar data" (XLSX or CSV at a URL) → its datasets.

The three stages, as ``ckanext/harvest/interfaces.py`` documents them:

- **gather** downloads the daftar data (bounded in time and size), reads it with the pure
  layer (``workbook.parse_daftar_data``) and creates one harvest object per row
  (guid = ``id_dataset``). Any failure of the file as a whole fails the job with its
  reasons and touches nothing. Rows whose dataset is already published with the same
  content hash are recorded as "not modified" at once. Ids published earlier and no
  longer listed get a withdrawal object (unless a row without ``id_dataset`` makes the
  list uncertain: then withdrawal waits, and that row says so).
- **fetch** records every error of a bad row on its object (all of them) and downloads
  the ``url_data`` table of the others.
- **import** creates or updates the dataset in the source's organization (stable id and
  name), with the table uploaded as a CSV resource so that xloader loads it into the
  DataStore for the preview; an unchanged dataset is left alone (no write, no re-index);
  a withdrawal object withdraws its dataset.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import uuid
from typing import Any

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestObject
from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters import uploads
from ckanext.pekalongan_harvesters.download import DownloadError, download
from ckanext.pekalongan_harvesters.file_kind import Limits
from ckanext.pekalongan_harvesters.harvesters.base import (
    ID_NAMESPACE,
    PekalonganHarvesterMixin,
    keep_verification,
    parse_config,
    stable_id,
    validate_budget_config,
    validation_detail,
)
from ckanext.pekalongan_harvesters.package import (
    HASH_FIELD,
    SOURCE_ID_FIELD,
    content_hash,
    resource_dict,
    source_id_of,
)
from ckanext.pekalongan_harvesters.workbook import RowResult, attach_data_file, parse_daftar_data

log = logging.getLogger(__name__)

ACCEPT = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, "
          "text/csv;q=0.9, */*;q=0.1")
TABLE_HASH_KEY = "sumber_hash_tabel"  # resource key: SHA-256 of the uploaded CSV


class OpdWorkbookHarvester(PekalonganHarvesterMixin, HarvesterBase):
    """Harvests an OPD's daftar data workbook (``source_type = opd_workbook``)."""

    def info(self) -> dict[str, str]:
        return {
            "name": "opd_workbook",
            "title": "Daftar data OPD (XLSX/CSV)",
            "description": (
                "Berkas daftar data OPD (XLSX atau CSV UTF-8) di sebuah URL: satu baris per "
                "dataset, tabel datanya di sheet lain atau di url_data. Templat: "
                "ckan pekalongan-harvest template templat.xlsx"
            ),
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str | None:
        validate_budget_config(parse_config(config))
        return config

    def get_original_url(self, harvest_object_id: str) -> str | None:
        obj = HarvestObject.get(harvest_object_id)
        return obj.source.url if obj else None

    # --- gather ---------------------------------------------------------------------------
    def _gather(self, harvest_job) -> list[str] | None:
        source = harvest_job.source
        try:
            config = parse_config(source.config)
        except ValueError as error:
            return self._fail(harvest_job, str(error))
        organization = self._source_organization(source)
        if organization is None:
            return self._fail(harvest_job, m.render(m.SOURCE_NO_ORGANIZATION))
        budget = self._budget(config)
        # a workbook uploaded on the portal ("Unggah buku kerja") is read from the storage
        content = uploads.read_if_uploaded(source.url, organization.id)
        if content is None:
            try:
                content = download(source.url, budget, accept=ACCEPT).content
            except DownloadError as error:
                return self._fail(harvest_job, m.render(
                    m.SOURCE_READ_FAILED, url=source.url, pesan=error))
        result = parse_daftar_data(content, org_name=organization.name,
                                   owner_org=organization.id,
                                   limits=Limits(max_bytes=budget.max_bytes))
        for warning in result.warnings:
            log.info("daftar data %s: %s", source.url, warning)
        if result.errors:
            return self._fail(harvest_job, *(
                m.render(m.SOURCE_READ_FAILED, url=source.url, pesan=error)
                for error in result.errors
            ))

        known = self._known_packages(source.id)
        states = self._stored_states(known.values())
        listed: set[str] = set()
        certain = all(row.source_id for row in result.rows)
        unchanged: dict[str, str] = {}
        object_ids: list[str] = []
        for row in result.rows:
            guid = row.source_id or f"baris-{row.row_number}"
            content = row.to_dict()
            if row.source_id:
                listed.add(row.source_id)
            elif not certain:
                content["errors"].append(m.render(m.ROW_WITHDRAWAL_DEFERRED,
                                                  baris=row.row_number))
            if row.ok and row.data_table is not None:
                digest = content_hash(row.package_dict, row.data_table.to_csv_bytes())
                state = states.get(known.get(guid, ""))
                if (state is not None and state.active and not state.withdrawn
                        and state.content_hash == digest and guid not in unchanged):
                    unchanged[guid] = state.package_id
                    continue
                content["content_hash"] = digest
            obj = HarvestObject(id=str(uuid.uuid4()), guid=guid, job=harvest_job,
                                content=json.dumps(content, ensure_ascii=False))
            obj.add()
            object_ids.append(obj.id)
        model.Session.commit()
        self._add_unchanged_objects(harvest_job, unchanged)
        if certain:
            object_ids += self._add_withdraw_objects(harvest_job, listed)
        log.info("daftar data %s: %d rows, %d unchanged, %d to process", source.url,
                 len(result.rows), len(unchanged), len(object_ids))
        return object_ids

    # --- fetch ----------------------------------------------------------------------------
    def fetch_stage(self, harvest_object) -> bool | str:
        if self._is_withdrawal(harvest_object):
            return True
        if harvest_object.content is None:
            # delivered again after a fetch that found the table already published (the
            # queue may redeliver a message): still unchanged, never a crash of the consumer
            return "unchanged"
        content = json.loads(harvest_object.content)
        row = RowResult.from_dict(content)
        if row.errors:
            for error in row.errors:
                self._save_object_error(error, harvest_object, "Fetch")
            return False
        if row.data_table is not None or not row.data_url:
            return True
        budget = self._budget(parse_config(harvest_object.source.config))
        try:
            got = download(row.data_url, budget)
        except DownloadError as error:
            self._save_object_error(m.render(
                m.TABLE_FILE, baris=row.row_number, sumber=m.render(m.SOURCE_URL),
                pesan=error), harvest_object, "Fetch")
            return False
        row = attach_data_file(row, got.content, Limits(max_bytes=budget.max_bytes))
        if row.errors:
            for error in row.errors:
                self._save_object_error(error, harvest_object, "Fetch")
            return False
        digest = content_hash(row.package_dict, row.data_table.to_csv_bytes())
        state = self._stored_state(
            self._known_package(harvest_object.harvest_source_id, harvest_object.guid))
        if (state is not None and state.active and not state.withdrawn
                and state.content_hash == digest):
            harvest_object.package_id = state.package_id
            harvest_object.content = None  # the table is published already
            harvest_object.save()
            return "unchanged"
        content = row.to_dict()
        content["content_hash"] = digest
        harvest_object.content = json.dumps(content, ensure_ascii=False)
        harvest_object.save()
        return True

    # --- import ---------------------------------------------------------------------------
    def import_stage(self, harvest_object) -> bool | str:
        if self._is_withdrawal(harvest_object):
            return self._import_withdrawal(harvest_object)
        if harvest_object.content is None:  # fetched as unchanged (see fetch_stage)
            return "unchanged"
        row = RowResult.from_dict(json.loads(harvest_object.content))
        organization = self._source_organization(harvest_object.source)
        if organization is None:
            self._save_object_error(m.render(m.SOURCE_NO_ORGANIZATION), harvest_object,
                                    "Import")
            return False
        package = dict(row.package_dict)
        package["owner_org"] = organization.id
        table = row.data_table.to_csv_bytes()
        digest = content_hash(package, table)

        source_id = harvest_object.harvest_source_id
        package_id = self._known_package(source_id, harvest_object.guid)
        if package_id is None and model.Package.get(stable_id(source_id, harvest_object.guid)):
            package_id = stable_id(source_id, harvest_object.guid)  # harvest tables cleared
        state = self._stored_state(package_id)
        if state is not None and not state.active:
            log.info("dataset %s was deleted on the portal; not harvested again", package_id)
            return "unchanged"
        if state is not None and state.content_hash == digest and not self.force_import:
            if state.withdrawn:
                return self._restore(harvest_object, state.package_id)
            return "unchanged"

        max_mb = tk.asint(tk.config.get("ckan.max_resource_size") or 10)
        if len(table) > max_mb * 1024 * 1024:
            self._save_object_error(m.render(
                m.ROW_TABLE_TOO_LARGE, baris=row.row_number, ukuran=m.megabytes(len(table)),
                batas=max_mb), harvest_object, "Import")
            return False
        try:
            if state is None:
                done = self._create(harvest_object, row, package, table, digest)
            else:
                done = self._update(harvest_object, row, package, table, digest, state)
        except tk.ValidationError as error:
            model.Session.rollback()
            self._save_object_error(m.render(
                m.ROW_REJECTED, baris=row.row_number, detail=validation_detail(error)),
                harvest_object, "Import")
            return False
        except Exception as error:
            model.Session.rollback()
            log.exception("importing row %s of %s failed", row.row_number,
                          harvest_object.source.url)
            self._save_object_error(m.render(
                m.ROW_REJECTED, baris=row.row_number, detail=error), harvest_object, "Import")
            return False
        return done

    def _create(self, harvest_object, row: RowResult, package: dict[str, Any], table: bytes,
                digest: str) -> bool:
        taken = model.Package.get(package["name"])
        if taken is not None:
            self._save_object_error(m.render(
                m.ROW_NAME_TAKEN, baris=row.row_number, nama=package["name"]),
                harvest_object, "Import")
            return False
        package_id = stable_id(harvest_object.harvest_source_id, harvest_object.guid)
        resource = resource_dict(package, row.data_url)
        resource.update(id=str(uuid.uuid5(ID_NAMESPACE, f"{package_id}\x00tabel")),
                        upload=_upload(package["name"], table),
                        **{TABLE_HASH_KEY: hashlib.sha256(table).hexdigest()})
        # One package_create with its resource (one write, one index), the file stored
        # first under the resource's known id: resource_create would update and
        # re-index the dataset a second time.
        upload = uploader.get_resource_uploader(resource)  # takes "upload" out of it
        resource.update(size=getattr(upload, "filesize", None) or len(table),
                        mimetype=getattr(upload, "mimetype", None) or "text/csv")
        upload.upload(resource["id"], uploader.get_max_resource_size())
        package.update(id=package_id, resources=[resource])
        package["extras"] = _with_hash(package.get("extras") or [], digest)
        # the object is current before the dataset is indexed, so that ckanext-harvest
        # indexes harvest_source_id with it (as HarvesterBase does)
        harvest_object.package_id = package_id
        harvest_object.current = True
        harvest_object.add()
        model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
        model.Session.flush()
        tk.get_action("package_create")(self._context(), package)
        self._note_action(harvest_object, "created")
        model.Session.commit()
        _load_into_datastore(self._context(), resource["id"])
        log.info("created dataset %s from row %s", package["name"], row.row_number)
        return True

    def _update(self, harvest_object, row: RowResult, package: dict[str, Any], table: bytes,
                digest: str, state) -> bool:
        current = tk.get_action("package_show")(self._context(), {"id": state.package_id})
        if source_id_of(current) not in (None, harvest_object.guid):
            self._save_object_error(m.render(
                m.ROW_NAME_TAKEN, baris=row.row_number, nama=current["name"]),
                harvest_object, "Import")
            return False
        package.update(id=current["id"], name=current["name"], private=current["private"],
                       groups=[{"id": g["id"]} for g in current.get("groups") or []])
        keep_verification(package, current)
        package["extras"] = _with_hash(package.get("extras") or [], digest)
        table_hash = hashlib.sha256(table).hexdigest()
        ours = [r for r in current["resources"] if r.get(TABLE_HASH_KEY)]
        others = [r for r in current["resources"] if not r.get(TABLE_HASH_KEY)]
        resource = dict(ours[0]) if ours else {}
        resource.update(resource_dict(package, row.data_url))
        if resource.get(TABLE_HASH_KEY) != table_hash:
            resource["upload"] = _upload(current["name"], table)
            resource[TABLE_HASH_KEY] = table_hash
        package["resources"] = [resource, *others]
        was_withdrawn = state.withdrawn
        tk.get_action("package_update")(self._context(), package)
        self._make_current(harvest_object, current["id"])
        self._note_action(harvest_object, "restored" if was_withdrawn else "updated")
        model.Session.commit()
        log.info("updated dataset %s from row %s", current["name"], row.row_number)
        return True


def _with_hash(extras: list[dict[str, Any]], digest: str) -> list[dict[str, Any]]:
    kept = [e for e in extras if e.get("key") not in (HASH_FIELD,)]
    if not any(e.get("key") == SOURCE_ID_FIELD for e in kept):
        raise ValueError("package dict without sumber_id")
    return kept + [{"key": HASH_FIELD, "value": digest}]


def _load_into_datastore(context: dict[str, Any], resource_id: str) -> None:
    """Ask xloader to load a new table into the DataStore (for the preview).

    xloader starts by itself when a resource is created with ``resource_create`` or its
    file changes, not for resources created within ``package_create``.
    """
    try:
        submit = tk.get_action("xloader_submit")
    except KeyError:
        return  # xloader is not enabled
    try:
        submit(dict(context), {"resource_id": resource_id})
    except tk.ValidationError as error:  # e.g. no ckanext.xloader.api_token
        log.warning("xloader_submit %s: %s", resource_id, error.error_dict)


def _upload(name: str, table: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(table), filename=f"{name}.csv",
                       content_type="text/csv")
