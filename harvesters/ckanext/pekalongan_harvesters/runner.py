"""Running one harvest source in the foreground: gather, fetch and import in this process.

The same three calls the queue consumers make (``ckanext.harvest.queue.gather_stage`` and
``fetch_and_import_stages``), in the order ``ckanext.harvest.tests.lib.run_harvest_job``
makes them, then ``harvest_jobs_run`` for the source, which finishes the job (and, through
our chained action, mails the OPD if it failed). The job is started with a conditional
New → Running update and gathered under the job's lock (``jobs.py``), so the scheduler and
the queue consumers never process it at the same time. Used by ``ckan pekalongan-harvest run``,
by the tests and by the benchmark.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.harvest import queue
from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestSource,
)
from ckanext.pekalongan_harvesters import indexing, jobs, reports

log = logging.getLogger(__name__)


class RunError(Exception):
    """The source cannot be run (unknown, inactive, already running, no harvester)."""


def find_source(name_or_id: str) -> HarvestSource:
    source = HarvestSource.get(name_or_id)
    if source is None:
        package = model.Package.get(name_or_id)
        if package is not None and package.type == "harvest":
            source = HarvestSource.get(package.id)
    if source is None:
        raise RunError(tk._("Harvest source not found: {source}").format(source=name_or_id))
    return source


def run_source(name_or_id: str,
               on_objects: Callable[[int], None] | None = None,
               on_object: Callable[[HarvestObject], None] | None = None,
               ) -> reports.JobSummary:
    """Harvest one source now; returns the finished job's summary.

    :param on_objects: called once with the number of objects to fetch and import
    :param on_object: called after each object
    """
    source = find_source(name_or_id)
    if not source.active:
        raise RunError(tk._("Harvest source is not active: {source}").format(
            source=source.title or source.url))
    harvester = queue.get_harvester(source.type)
    if harvester is None:
        raise RunError(tk._("No harvester is enabled for source type {type}").format(
            type=source.type))
    context = {"model": model, "session": model.Session, "ignore_auth": True,
               "user": _site_user()}
    try:
        job_dict = tk.get_action("harvest_job_create")(
            dict(context), {"source_id": source.id, "run": False})
    except Exception as error:  # HarvestJobExists and friends
        raise RunError(tk._("A job of this source is already waiting or running ({error})")
                       .format(error=error)) from None
    if not jobs.claim_start(job_dict["id"]):
        raise RunError(tk._("A job of this source is already waiting or running ({error})")
                       .format(error=job_dict["id"]))
    model.Session.expire_all()
    job = HarvestJob.get(job_dict["id"])
    try:
        object_ids = queue.gather_stage(harvester, job)
    except Exception as error:
        model.Session.rollback()
        log.exception("gather stage of %s crashed", source.url)
        job = HarvestJob.get(job_dict["id"])
        HarvestGatherError(message=f"{error}", job=job).save()
        object_ids = []
    if not isinstance(object_ids, list):
        object_ids = []
    if on_objects:
        on_objects(len(object_ids))
    for object_id in object_ids:
        harvest_object = HarvestObject.get(object_id)
        try:
            queue.fetch_and_import_stages(harvester, harvest_object)
        except Exception as error:
            model.Session.rollback()
            log.exception("harvest object %s crashed", object_id)
            harvest_object = HarvestObject.get(object_id)
            HarvestObjectError(message=f"{error}", object=harvest_object,
                               stage="Import").save()
            harvest_object.state = "ERROR"
            harvest_object.report_status = "errored"
            harvest_object.save()
        if on_object:
            on_object(harvest_object)
    indexing.commit_pending()  # the datasets are found in search when the job finishes
    tk.get_action("harvest_jobs_run")(dict(context), {"source_id": source.id})
    return reports.job_summary(job_dict["id"])


def _site_user() -> str:
    return jobs.harvest_user_name()
