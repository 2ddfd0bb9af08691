"""``pekalongan_ckan``: another CKAN (an OPD's own portal, the province's) → our schema.

Built on ckanext-harvest's ``CKANHarvester`` (its config validation, organization and group
filters, API paths), with what this portal needs on top:

- **the whole remote list on every run** (``package_search`` sorted by id, 1 000 per page,
  bounded in time and size): a dataset removed, made private or moved out of the filtered
  organizations at the source is **withdrawn** here (the stock harvester never notices
  removals, and asks only for datasets modified since its last run);
- **source failure withdraws nothing**: an unreachable remote, a timeout, an HTML page,
  a broken page of results or an empty list fails the job with the reason;
- **our schema**: ``mapping.map_remote_dataset`` fills the required Satu Data fields
  (from the remote when it uses the same schema, else from the source's ``default_*``
  config), maps the licence and keeps the remote's files as links;
- **the source's OPD**: datasets always land in the harvest source's organization;
- **stable local ids** (``stable_id``), never the remote's (so the portal can harvest its
  own API, and two sources cannot collide);
- **incremental**: the mapped dataset's hash is compared with the stored ``sumber_hash``
  during gather; unchanged datasets are not fetched, imported, written or re-indexed.

Source config (JSON): the stock keys ``api_key``, ``user_agent``,
``organizations_filter_include``/``_exclude``, ``groups_filter_include``/``_exclude``,
``default_tags``, ``default_extras``; ours ``default_topik``, ``default_satuan``,
``default_frekuensi``, ``default_tahun``, ``timeout``, ``deadline``, ``max_mb``, ``rows``.
"""
from __future__ import annotations

import json
import logging
import uuid
from typing import Any
from urllib.parse import urlencode

import ckan.model as model

from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, SearchError
from ckanext.harvest.model import HarvestObject
from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters.download import DownloadError, download
from ckanext.pekalongan_harvesters.file_kind import looks_like_html
from ckanext.pekalongan_harvesters.harvesters.base import (
    MappedDatasetMixin,
    parse_config,
    validate_budget_config,
)
from ckanext.pekalongan_harvesters.mapping import (
    defaults_from_config,
    map_remote_dataset,
    mapped_hash,
)

log = logging.getLogger(__name__)

UNSUPPORTED_KEYS = ("remote_orgs", "remote_groups", "default_groups", "force_all")
MAX_PAGES = 10_000


class PekalonganCkanHarvester(MappedDatasetMixin, CKANHarvester):
    """Harvests a remote CKAN onto the Satu Data schema (``source_type = pekalongan_ckan``)."""

    def info(self) -> dict[str, str]:
        return {
            "name": "pekalongan_ckan",
            "title": "CKAN (skema Satu Data Pekalongan)",
            "description": (
                "Portal CKAN lain (portal OPD, portal provinsi): dataset dipetakan ke skema "
                "Satu Data, masuk ke organisasi sumber, dan ditarik bila hilang di sumber."
            ),
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str | None:
        values = parse_config(config)
        for key in UNSUPPORTED_KEYS:
            if key in values:
                raise ValueError(
                    f"{key} tidak didukung: dataset selalu masuk ke organisasi sumber panen"
                )
        validate_budget_config(values)
        defaults_from_config(values)
        rows = values.get("rows", 1000)
        if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= 1000:
            raise ValueError("rows harus bilangan bulat 1–1000")
        return super().validate_config(config)

    # --- gather ---------------------------------------------------------------------------
    def _gather(self, harvest_job) -> list[str] | None:
        source = harvest_job.source
        try:
            self._set_config(source.config)
            defaults = defaults_from_config(self.config)
        except ValueError as error:
            return self._fail(harvest_job, str(error))
        organization = self._source_organization(source)
        if organization is None:
            return self._fail(harvest_job, m.render(m.SOURCE_NO_ORGANIZATION))
        base_url = source.url.rstrip("/")
        try:
            remote_datasets = self._search_for_datasets(base_url, self._filter_terms())
        except SearchError as error:
            return self._fail(harvest_job, str(error))
        remote_datasets = [d for d in remote_datasets if d.get("type") != "harvest"]
        if not remote_datasets:
            return self._fail(harvest_job, m.render(m.SOURCE_EMPTY, url=base_url))

        known = self._known_packages(source.id)
        states = self._stored_states(known.values())
        unchanged: dict[str, str] = {}
        objects: list[HarvestObject] = []
        for remote in remote_datasets:
            guid = remote["id"]
            state = states.get(known.get(guid, ""))
            if state is not None and state.active and not state.withdrawn:
                mapped = self._map(remote, base_url, organization.id, defaults)
                if state.content_hash == mapped_hash(mapped):
                    unchanged[guid] = state.package_id
                    continue
            obj = HarvestObject(id=str(uuid.uuid4()), guid=guid, job=harvest_job,
                                content=json.dumps(remote))
            obj.add()
            objects.append(obj)
        self._add_unchanged_objects(harvest_job, unchanged)  # committed with the others
        model.Session.commit()
        log.info("CKAN %s: %d datasets, %d unchanged, %d to import", base_url,
                 len(remote_datasets), len(unchanged), len(objects))
        self._import_in_gather(objects, organization.id)
        # only the withdrawals go through the fetch queue
        return self._add_withdraw_objects(harvest_job, (d["id"] for d in remote_datasets))

    def _filter_terms(self) -> list[str]:
        """The stock organization/group filters as Solr ``fq`` terms."""
        terms = []
        include = self.config.get("organizations_filter_include", [])
        exclude = self.config.get("organizations_filter_exclude", [])
        if include:
            terms.append(" OR ".join(f"organization:{name}" for name in include))
        elif exclude:
            terms.extend(f"-organization:{name}" for name in exclude)
        include = self.config.get("groups_filter_include", [])
        exclude = self.config.get("groups_filter_exclude", [])
        if include:
            terms.append(" OR ".join(f"groups:{name}" for name in include))
        elif exclude:
            terms.extend(f"-groups:{name}" for name in exclude)
        return terms

    def _search_for_datasets(self, remote_ckan_base_url: str,
                             fq_terms: list[str] | None = None) -> list[dict[str, Any]]:
        """Every dataset the remote lists (all pages), or ``SearchError`` with the reason.

        Pages of ``rows`` (default 1 000, CKAN's ``ckan.search.rows_max``) sorted by id;
        datasets seen on an earlier page are dropped (the list can shift while paging).
        """
        url = remote_ckan_base_url + self._get_search_api_offset()
        rows = int(self.config.get("rows", 1000))
        params: dict[str, Any] = {"rows": rows, "start": 0, "sort": "id asc"}
        if fq_terms:
            params["fq"] = " ".join(fq_terms)
        budget = self._budget(self.config)
        headers = {}
        if self.config.get("api_key"):
            headers["Authorization"] = str(self.config["api_key"])
        if self.config.get("user_agent"):
            headers["User-Agent"] = str(self.config["user_agent"])
        datasets: list[dict[str, Any]] = []
        seen: set[str] = set()
        previous_ids: list[str] | None = None
        for _page in range(MAX_PAGES):
            page_url = f"{url}?{urlencode(params)}"
            result = self._api_result(page_url, budget, headers)
            page = result.get("results")
            if not isinstance(page, list):
                raise SearchError(m.render(m.SOURCE_CKAN_ERROR, url=page_url,
                                           detail="result.results tidak ada"))
            ids = [d.get("id") for d in page]
            if page and ids == previous_ids:
                raise SearchError(m.render(m.SOURCE_PAGING, url=url))
            previous_ids = ids
            for dataset in page:
                if isinstance(dataset, dict) and dataset.get("id") not in seen:
                    seen.add(dataset["id"])
                    datasets.append(dataset)
            params["start"] += len(page)
            if not page or params["start"] >= int(result.get("count") or 0):
                return datasets
        raise SearchError(m.render(m.SOURCE_PAGING, url=url))

    def _api_result(self, url: str, budget, headers: dict[str, str]) -> dict[str, Any]:
        try:
            got = download(url, budget, accept="application/json", headers=headers)
        except DownloadError as error:
            raise SearchError(m.render(m.SOURCE_READ_FAILED, url=url, pesan=error)) from None
        try:
            body = json.loads(got.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            kind = m.render(m.KIND_HTML if looks_like_html(got.content) else m.KIND_OTHER)
            raise SearchError(m.render(m.SOURCE_NOT_JSON, url=url, jenis=kind)) from None
        if not isinstance(body, dict) or not body.get("success"):
            detail = body.get("error") if isinstance(body, dict) else body
            raise SearchError(m.render(m.SOURCE_CKAN_ERROR, url=url, detail=detail))
        return body.get("result") or {}

    # --- fetch and import -----------------------------------------------------------------
    def fetch_stage(self, harvest_object) -> bool:
        return True  # the gather stage stored the whole dataset dict

    def import_stage(self, harvest_object) -> bool | str:
        if self._is_withdrawal(harvest_object):
            return self._import_withdrawal(harvest_object)
        self._set_config(harvest_object.source.config)
        organization = self._source_organization(harvest_object.source)
        if organization is None:
            self._save_object_error(m.render(m.SOURCE_NO_ORGANIZATION), harvest_object,
                                    "Import")
            return False
        return self._save_mapped(harvest_object,
                                 *self._map_object(harvest_object, organization.id))

    def _map_object(self, harvest_object, owner_org: str) -> tuple[dict[str, Any], str]:
        remote = json.loads(harvest_object.content)
        mapped = self._map(remote, harvest_object.source.url.rstrip("/"), owner_org,
                           defaults_from_config(self.config))
        mapped = self.modify_package_dict(mapped, harvest_object)
        return mapped, remote.get("name") or remote["id"]

    def _map(self, remote: dict[str, Any], base_url: str, owner_org: str,
             defaults) -> dict[str, Any]:
        remote = dict(remote)
        tags = list(remote.get("tags") or [])
        for tag in self.config.get("default_tags", []):
            if tag not in tags:
                tags.append(tag)
        remote["tags"] = tags
        extras = list(remote.get("extras") or [])
        for key, value in (self.config.get("default_extras") or {}).items():
            extras.append({"key": key, "value": value})
        remote["extras"] = extras
        return map_remote_dataset(
            remote, source_id=remote["id"], defaults=defaults, owner_org=owner_org,
            source_url=f"{base_url}/dataset/{remote.get('name') or remote['id']}",
        )
