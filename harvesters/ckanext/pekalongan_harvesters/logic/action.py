"""Actions of the ``pekalongan_harvest`` plugin (registered by ``@tk.blanket.actions``)."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.harvest.model import HarvestJob
from ckanext.pekalongan_harvesters import notify, reports

log = logging.getLogger(__name__)

__all__ = ["pekalongan_harvest_dashboard", "harvest_jobs_run"]


@tk.side_effect_free
def pekalongan_harvest_dashboard(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The harvest state of each OPD the user administers (every OPD for sysadmins).

    :param organization: limit to one organization (id or name) (optional)
    :type organization: string
    :returns: ``{"organizations": [{"id", "name", "title", "sources": [...]}]}``; each
        source has its type, URL, schedule (``frequency``, ``next_run``), ``outcome``
        (never / running / ok / errors / failed), ``datasets`` (published, withdrawn) and
        ``last_job`` (counts added / updated / restored / unchanged / withdrawn / errored
        and every error message)
    :rtype: dictionary
    """
    tk.check_access("pekalongan_harvest_dashboard", context, data_dict)
    user = context.get("user")
    organizations = tk.get_action("organization_list_for_user")(
        {"user": user, "ignore_auth": True}, {"permission": "admin", "include_dataset_count": False}
    )
    wanted = data_dict.get("organization")
    if wanted:
        organizations = [o for o in organizations if wanted in (o["id"], o["name"])]
        if not organizations:
            raise tk.ObjectNotFound(tk._("Organization not found"))
    sources = reports.sources_by_organization([o["id"] for o in organizations])
    result = []
    for org in sorted(organizations, key=lambda o: o.get("title") or o["name"]):
        result.append({
            "id": org["id"],
            "name": org["name"],
            "title": org.get("title") or org["name"],
            "sources": [reports.source_report(s) for s in sources.get(org["id"], [])],
        })
    return {"organizations": result}


@tk.chained_action
def harvest_jobs_run(original_action, context: Context, data_dict: DataDict):
    """ckanext-harvest's ``harvest_jobs_run``, then the failure e-mail for every job it
    finished (see ``notify``)."""
    query = model.Session.query(HarvestJob.id).filter(HarvestJob.status == "Running")
    if data_dict.get("source_id"):
        query = query.filter(HarvestJob.source_id == data_dict["source_id"])
    running = [job_id for (job_id,) in query]
    result = original_action(context, data_dict)
    for job_id in running:
        job = HarvestJob.get(job_id)
        if job is None or job.status != "Finished":
            continue
        try:
            notify.job_finished(job)
        except Exception:  # a mail problem must never stop the harvest scheduler
            log.exception("sending the failure mail of harvest job %s failed", job_id)
    return result
