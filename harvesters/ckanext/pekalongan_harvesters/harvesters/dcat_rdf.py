"""``pekalongan_dcat_rdf``: a DCAT catalogue (RDF/XML, Turtle, JSON-LD) → our schema.

ckanext-dcat's ``DCATRDFHarvester`` does the gathering: downloading every page, parsing with
the configured RDF profiles, the ``IDCATRDFHarvester`` hooks, one object per dataset with its
guid (the dataset URI, else ``dct:identifier``). On top of it:

- downloads are bounded in time and size (the stock one has no timeout), refuse HTML pages
  and non-UTF-8 text, and a catalogue that does not parse is refused before the stock code
  runs, all with the reason in Indonesian;
- any failure of the catalogue as a whole (or a catalogue with no dataset at all) ends the
  job with nothing imported and nothing withdrawn;
- datasets that leave the catalogue are **withdrawn**, not deleted, and restored when they
  come back;
- each dataset is mapped onto the Satu Data schema like the CKAN harvester's
  (``mapping.map_remote_dataset``) and lands in the source's organization, with a stable
  local id; an unchanged dataset (same content hash) is not written again.
"""
from __future__ import annotations

import json
import logging

import ckan.model as model
from ckan.lib.munge import munge_title_to_name

from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.dcat.processors import RDFParser, RDFParserException
from ckanext.harvest.model import HarvestGatherError, HarvestObject
from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters.download import DownloadError, download
from ckanext.pekalongan_harvesters.file_kind import looks_like_html
from ckanext.pekalongan_harvesters.harvesters.base import (
    MappedDatasetMixin,
    parse_config,
    validate_budget_config,
)
from ckanext.pekalongan_harvesters.mapping import defaults_from_config, map_remote_dataset

log = logging.getLogger(__name__)

ACCEPT = ("text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, "
          "application/n-triples;q=0.8, */*;q=0.1")


class PekalonganDcatRdfHarvester(MappedDatasetMixin, DCATRDFHarvester):
    """Harvests a DCAT RDF catalogue (``source_type = pekalongan_dcat_rdf``)."""

    def info(self) -> dict[str, str]:
        return {
            "name": "pekalongan_dcat_rdf",
            "title": "DCAT RDF (skema Satu Data Pekalongan)",
            "description": (
                "Katalog DCAT (RDF/XML, Turtle, JSON-LD): dataset dipetakan ke skema Satu "
                "Data, masuk ke organisasi sumber, dan ditarik bila hilang di sumber."
            ),
        }

    def validate_config(self, source_config: str | None) -> str | None:
        values = parse_config(source_config)
        validate_budget_config(values)
        defaults_from_config(values)
        return super().validate_config(source_config)

    # --- gather ---------------------------------------------------------------------------
    def _gather(self, harvest_job) -> list[str] | None:
        try:
            config = parse_config(harvest_job.source.config)
            defaults_from_config(config)
        except ValueError as error:
            return self._fail(harvest_job, str(error))
        if self._source_organization(harvest_job.source) is None:
            return self._fail(harvest_job, m.render(m.SOURCE_NO_ORGANIZATION))
        errors_before = self._gather_error_count(harvest_job)
        object_ids = DCATRDFHarvester.gather_stage(self, harvest_job)
        if object_ids:
            return object_ids
        if self._gather_error_count(harvest_job) > errors_before:
            return self._fail(harvest_job)  # the reasons are recorded already
        return self._fail(harvest_job, m.render(m.SOURCE_EMPTY, url=harvest_job.source.url))

    @staticmethod
    def _gather_error_count(harvest_job) -> int:
        return model.Session.query(HarvestGatherError).filter(
            HarvestGatherError.harvest_job_id == harvest_job.id).count()

    def _get_content_and_type(self, url, harvest_job, page=1, content_type=None):
        """The page's text and RDF format, or (None, None) after recording why not."""
        if page > 1:
            url = url + ("&" if "?" in url else "?") + f"page={page}"
        config = parse_config(harvest_job.source.config)
        try:
            got = download(url, self._budget(config), accept=ACCEPT)
        except DownloadError as error:
            self._save_gather_error(m.render(m.SOURCE_READ_FAILED, url=url, pesan=error),
                                    harvest_job)
            return None, None
        if looks_like_html(got.content):
            self._save_gather_error(m.render(
                m.SOURCE_RDF_BROKEN, url=url, detail=m.render(m.KIND_HTML)), harvest_job)
            return None, None
        try:
            text = got.content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self._save_gather_error(m.render(
                m.SOURCE_NOT_UTF8, url=url, bita=f"{got.content[error.start]:02X}",
                posisi=error.start), harvest_job)
            return None, None
        rdf_format = content_type or got.content_type or None
        try:
            RDFParser().parse(text, _format=rdf_format)
        except RDFParserException as error:
            self._save_gather_error(m.render(
                m.SOURCE_RDF_BROKEN, url=url, detail=str(error)[:300]), harvest_job)
            return None, None
        return text, rdf_format

    def _mark_datasets_for_deletion(self, guids_in_source, harvest_job) -> list[str]:
        """Withdrawal objects instead of ckanext-dcat's deletion objects."""
        if not guids_in_source:
            return []  # an empty catalogue fails the job: see gather_stage
        return self._add_withdraw_objects(harvest_job, guids_in_source)

    # --- fetch and import -----------------------------------------------------------------
    def fetch_stage(self, harvest_object) -> bool:
        return True

    def import_stage(self, harvest_object) -> bool | str:
        if self._is_withdrawal(harvest_object):
            return self._import_withdrawal(harvest_object)
        organization = self._source_organization(harvest_object.source)
        if organization is None:
            self._save_object_error(m.render(m.SOURCE_NO_ORGANIZATION), harvest_object,
                                    "Import")
            return False
        try:
            dataset = json.loads(harvest_object.content or "")
        except ValueError:
            self._save_object_error(f"isi objek panen {harvest_object.id} bukan JSON",
                                    harvest_object, "Import")
            return False
        config = parse_config(harvest_object.source.config)
        mapped = map_remote_dataset(
            dataset, source_id=harvest_object.guid, defaults=defaults_from_config(config),
            owner_org=organization.id, source_url=_landing_page(dataset, harvest_object.guid),
        )
        mapped = self.modify_package_dict(mapped, dataset, harvest_object)
        return self._save_mapped(harvest_object, mapped,
                                 munge_title_to_name(mapped.get("title") or harvest_object.guid))

    def get_original_url(self, harvest_object_id: str) -> str | None:
        obj = HarvestObject.get(harvest_object_id)
        return obj.source.url if obj else None


def _landing_page(dataset: dict, guid: str) -> str | None:
    for extra in dataset.get("extras") or []:
        if extra.get("key") in ("landing_page", "uri") and extra.get("value"):
            return extra["value"]
    return guid if guid.startswith(("http://", "https://")) else None
