"""Actions of the ``pekalongan_harvest`` plugin (registered by ``@tk.blanket.actions``)."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.harvest.model import HarvestJob, HarvestObject
from ckanext.pekalongan import netguard
from ckanext.pekalongan_harvesters import indexing, jobs, notify, reports
from ckanext.pekalongan_harvesters.harvesters.base import owns

log = logging.getLogger(__name__)

__all__ = ["pekalongan_harvest_dashboard", "pekalongan_harvest_workbook_upload",
           "harvest_jobs_run", "harvest_job_create",
           "harvest_send_job_to_gather_queue", "harvest_source_clear", "package_create",
           "package_update"]


@tk.side_effect_free
def pekalongan_harvest_dashboard(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The harvest state of each OPD the user works for as editor or admin (every OPD for
    sysadmins).

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
        {"user": user, "ignore_auth": True},
        {"permission": "create_dataset", "include_dataset_count": False}
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


def pekalongan_harvest_workbook_upload(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Upload an OPD's daftar data workbook: the file is checked and stored, the OPD's upload
    source (type ``opd_workbook``) is created when missing, and a harvest job is queued.

    :param organization: the OPD (id or name); its editors, its admins and sysadmins may upload
    :type organization: string
    :param upload: the workbook (.xlsx, at most ``ckanext.pekalongan.harvest.upload_max_mb``)
    :type upload: file
    :returns: ``{"source_id", "source_name", "job_id", "queued"}``; ``queued`` is false when a
        job of the source was already waiting or running (it reads the new file)
    :rtype: dictionary
    """
    from ckanext.harvest.logic import HarvestJobExists
    from ckanext.pekalongan_harvesters import uploads

    wanted = data_dict.get("organization")
    if not isinstance(wanted, str) or not wanted.strip() or "\x00" in wanted:
        raise tk.ValidationError({"organization": [tk._("Choose the OPD")]})
    group = model.Group.get(wanted.strip())
    if group is None or not group.is_organization or group.state != "active":
        raise tk.ValidationError({"organization": [tk._("Organization not found")]})
    tk.check_access("pekalongan_harvest_workbook_upload", context, {"organization": group.id})
    upload = data_dict.get("upload")
    filename = getattr(upload, "filename", None)
    if upload is None or not hasattr(upload, "read") or not filename:
        raise tk.ValidationError({"upload": [tk._("Choose the workbook to upload")]})
    limit = uploads.max_bytes()
    data = upload.read(limit + 1)
    try:
        uploads.check(data, filename, limit)
    except uploads.UploadError as error:
        raise tk.ValidationError({"upload": [str(error)]}) from None

    url = uploads.source_url(group.name)
    package = (model.Session.query(model.Package)
               .filter(model.Package.type == "harvest", model.Package.owner_org == group.id,
                       model.Package.url == url, model.Package.state == "active").first())
    uploads.store(group.id, data)
    internal = {"model": model, "session": model.Session, "ignore_auth": True,
                "user": jobs.harvest_user_name()}
    if package is None:
        source = tk.get_action("harvest_source_create")(dict(internal), {
            "name": f"unggahan-{group.name}"[:100],
            "title": tk._("Uploaded workbook of {organization}").format(
                organization=group.title or group.name),
            "url": url, "source_type": "opd_workbook", "owner_org": group.id,
            "frequency": "MANUAL", "config": "",
        })
        source_id, source_name = source["id"], source["name"]
    else:
        source_id, source_name = package.id, package.name
    try:
        job = tk.get_action("harvest_job_create")(dict(internal), {"source_id": source_id})
    except HarvestJobExists:
        return {"source_id": source_id, "source_name": source_name, "job_id": None,
                "queued": False}
    log.info("workbook of %s uploaded by %s; harvest job %s queued", group.name,
             context.get("user"), job["id"])
    return {"source_id": source_id, "source_name": source_name, "job_id": job["id"],
            "queued": True}


@tk.chained_action
def harvest_jobs_run(original_action, context: Context, data_dict: DataDict):
    """ckanext-harvest's ``harvest_jobs_run``, then the failure e-mail for every job it
    finished (see ``notify``)."""
    query = model.Session.query(HarvestJob.id).filter(HarvestJob.status == "Running")
    if data_dict.get("source_id"):
        query = query.filter(HarvestJob.source_id == data_dict["source_id"])
    running = [job_id for (job_id,) in query]
    result = original_action(context, data_dict)
    finished = False
    for job_id in running:
        job = HarvestJob.get(job_id)
        if job is None or job.status != "Finished":
            continue
        if not finished:
            finished = True
            # a fetch consumer indexed the job's datasets without a Solr commit of each
            # (indexing.py): when the job finishes they are committed, so found in search
            try:
                indexing.commit_pending(force=True)
            except Exception:  # Solr down: its autoCommit still keeps the documents
                log.exception("the Solr commit at the end of harvest job %s failed", job_id)
        try:
            notify.job_finished(job)
        except Exception:  # a mail problem must never stop the harvest scheduler
            log.exception("sending the failure mail of harvest job %s failed", job_id)
    return result


@tk.chained_action
def harvest_job_create(original_action, context: Context, data_dict: DataDict):
    """ckanext-harvest's ``harvest_job_create`` under a lock of the source: two concurrent
    calls cannot both find "no job waiting or running" and create two jobs."""
    source_id = data_dict.get("source_id")
    if isinstance(source_id, str) and source_id:
        session = context.get("session") or model.Session
        if session is model.Session:
            jobs.source_lock(source_id)
    return original_action(context, data_dict)


@tk.chained_action
def harvest_send_job_to_gather_queue(original_action, context: Context, data_dict: DataDict):
    """Only a New job is sent to the gather queue, once: a job that another runner
    (``pekalongan-harvest run``, a second call) has started is refused."""
    job = HarvestJob.get(data_dict.get("id") or "")
    if job is not None:
        tk.check_access("harvest_send_job_to_gather_queue", dict(context),
                        {"source_id": job.source_id, "id": job.id})
        if not jobs.claim_start(job.id):
            raise tk.ValidationError({"id": [tk._(
                "This harvest job has already been started")]})
        model.Session.expire_all()
    return original_action(context, data_dict)


@tk.chained_action
def harvest_source_clear(original_action, context: Context, data_dict: DataDict):
    """ckanext-harvest's clear deletes every dataset a harvest object of the source points
    at; first the objects that point at a dataset this source did not create (see
    ``base.owns``) let go of it, so that clearing never deletes another OPD's dataset."""
    source_id = data_dict.get("id")
    package = model.Package.get(source_id) if isinstance(source_id, str) else None
    if package is not None and package.type == "harvest":
        tk.check_access("harvest_source_clear", dict(context), data_dict)
        foreign = [
            object_id for object_id, guid, package_id in model.Session.query(
                HarvestObject.id, HarvestObject.guid, HarvestObject.package_id)
            .filter(HarvestObject.harvest_source_id == package.id)
            .filter(HarvestObject.package_id.isnot(None))
            if not owns(package.id, guid, package_id)
        ]
        if foreign:
            model.Session.query(HarvestObject).filter(HarvestObject.id.in_(foreign)).update(
                {"package_id": None}, synchronize_session=False)
            model.Session.commit()
            log.warning("clearing source %s: %d objects pointed at datasets it did not "
                        "create; those datasets are kept", package.id, len(foreign))
    return original_action(context, data_dict)


def _refuse_local_source_url(data_dict: DataDict) -> None:
    """A harvest source whose URL points into the local network (loopback, private,
    link-local, metadata) is refused when entered, with a field error on ``url``: the
    friendly answer to what the harvesters' fetch guard refuses again at every run (a name
    that resolves elsewhere later, a redirect). A name that does not resolve now is left
    to the run, which reports it."""
    if data_dict.get("type") != "harvest":
        return
    url = data_dict.get("url")
    if not isinstance(url, str) or not url.strip():
        return
    try:
        netguard.check_url(url.strip())
    except netguard.BlockedURL as refused:
        if refused.code != "unresolvable":
            raise tk.ValidationError({"url": [refused.render(tk._)]}) from None


@tk.chained_action
def package_create(original_action, context: Context, data_dict: DataDict):
    _refuse_local_source_url(data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_update(original_action, context: Context, data_dict: DataDict):
    _refuse_local_source_url(data_dict)
    return original_action(context, data_dict)
