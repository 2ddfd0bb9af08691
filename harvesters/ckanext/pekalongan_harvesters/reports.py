"""What a harvest job did, and the state of each OPD's sources: read from ckanext-harvest's
tables, for the CLI summary, the failure e-mail and the harvest dashboard.

Counts follow the harvest objects' ``report_status`` (ckanext-harvest's own): ``added``,
``updated``, ``not modified`` (here "unchanged"), ``deleted`` (here "withdrawn": our
harvesters never delete) and ``errored``; "restored" are the updates that brought a
withdrawn dataset back. Every error is listed, gather errors first, then the errors of
each object in row order; none is dropped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestObjectExtra,
    HarvestSource,
)
from ckanext.pekalongan_harvesters import withdrawal
from ckanext.pekalongan_harvesters.harvesters.base import ACTION_EXTRA

# status of a source's last job, as the dashboard shows it
NEVER, RUNNING, OK, ROW_ERRORS, FAILED = "never", "running", "ok", "errors", "failed"


@dataclass
class JobSummary:
    job_id: str
    source_id: str
    status: str  # ckanext-harvest's job status: New, Running, Finished, Aborted
    created: dt.datetime | None
    started: dt.datetime | None
    finished: dt.datetime | None
    added: int = 0
    updated: int = 0
    restored: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    errored: int = 0
    gather_errors: list[str] = field(default_factory=list)
    object_errors: list[dict[str, Any]] = field(default_factory=list)  # guid, messages

    @property
    def failed(self) -> bool:
        """The source itself could not be harvested (nothing was changed)."""
        return bool(self.gather_errors)

    @property
    def error_count(self) -> int:
        return len(self.gather_errors) + sum(len(o["messages"]) for o in self.object_errors)

    @property
    def outcome(self) -> str:
        if self.status in ("New", "Running"):
            return RUNNING
        if self.failed:
            return FAILED
        if self.errored or self.object_errors:
            return ROW_ERRORS
        return OK

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("created", "started", "finished"):
            out[key] = out[key].isoformat() if out[key] else None
        out.update(failed=self.failed, error_count=self.error_count, outcome=self.outcome)
        return out


def job_summary(job: HarvestJob | str) -> JobSummary:
    """Counts and every error of one job."""
    if isinstance(job, str):
        job = HarvestJob.get(job)
    summary = JobSummary(job_id=job.id, source_id=job.source_id, status=job.status,
                         created=job.created, started=job.gather_started,
                         finished=job.finished)
    counts = dict(
        model.Session.query(HarvestObject.report_status, sa.func.count(HarvestObject.id))
        .filter(HarvestObject.harvest_job_id == job.id)
        .group_by(HarvestObject.report_status)
    )
    restored = (
        model.Session.query(sa.func.count(HarvestObjectExtra.id))
        .join(HarvestObject, HarvestObject.id == HarvestObjectExtra.harvest_object_id)
        .filter(HarvestObject.harvest_job_id == job.id)
        .filter(HarvestObjectExtra.key == ACTION_EXTRA)
        .filter(HarvestObjectExtra.value == "restored")
        .scalar()
    ) or 0
    summary.added = counts.get("added", 0)
    summary.restored = restored
    summary.updated = max(counts.get("updated", 0) - restored, 0)
    summary.unchanged = counts.get("not modified", 0)
    summary.withdrawn = counts.get("deleted", 0)
    summary.errored = counts.get("errored", 0)
    summary.gather_errors = [
        message for (message,) in model.Session.query(HarvestGatherError.message)
        .filter(HarvestGatherError.harvest_job_id == job.id)
        .order_by(HarvestGatherError.created, HarvestGatherError.id)
    ]
    by_object: dict[str, dict[str, Any]] = {}
    rows = (
        model.Session.query(HarvestObject.id, HarvestObject.guid, HarvestObjectError.message)
        .join(HarvestObjectError, HarvestObjectError.harvest_object_id == HarvestObject.id)
        .filter(HarvestObject.harvest_job_id == job.id)
        .order_by(HarvestObject.gathered, HarvestObject.id, HarvestObjectError.created)
    )
    for object_id, guid, message in rows:
        by_object.setdefault(object_id, {"guid": guid, "messages": []})["messages"].append(
            message)
    summary.object_errors = list(by_object.values())
    return summary


def last_job(source_id: str) -> HarvestJob | None:
    return (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == source_id)
        .order_by(HarvestJob.created.desc())
        .first()
    )


def source_counts(source_id: str) -> dict[str, int]:
    """Datasets the source holds now: published (in search) and withdrawn."""
    current = (
        model.Session.query(HarvestObject.package_id)
        .filter(HarvestObject.harvest_source_id == source_id)
        .filter(HarvestObject.current == sa.true())
        .filter(HarvestObject.package_id.isnot(None))
        .subquery()
    )
    published = (
        model.Session.query(sa.func.count(model.Package.id))
        .filter(model.Package.id.in_(sa.select(current.c.package_id)))
        .filter(model.Package.state == "active")
        .scalar()
    ) or 0
    withdrawn_ids = (
        model.Session.query(HarvestObject.package_id)
        .filter(HarvestObject.harvest_source_id == source_id)
        .filter(HarvestObject.package_id.isnot(None))
        .distinct()
        .subquery()
    )
    withdrawn = (
        model.Session.query(sa.func.count(sa.distinct(model.PackageExtra.package_id)))
        .filter(model.PackageExtra.package_id.in_(sa.select(withdrawn_ids.c.package_id)))
        .filter(model.PackageExtra.key == withdrawal.STATUS_FIELD)
        .filter(model.PackageExtra.value == withdrawal.WITHDRAWN)
        .filter(model.PackageExtra.state == "active")
        .scalar()
    ) or 0
    return {"published": published, "withdrawn": withdrawn}


def source_report(source: HarvestSource) -> dict[str, Any]:
    """One row of the dashboard: the source, its last job and its counts."""
    job = last_job(source.id)
    summary = job_summary(job) if job else None
    return {
        "id": source.id,
        "title": source.title or source.url,
        "url": source.url,
        "type": source.type,
        "frequency": source.frequency,
        "active": bool(source.active),
        "next_run": source.next_run.isoformat() if source.next_run else None,
        "last_job": summary.as_dict() if summary else None,
        "outcome": summary.outcome if summary else NEVER,
        "datasets": source_counts(source.id),
    }


def sources_by_organization(organization_ids: list[str] | None) -> dict[str, list[HarvestSource]]:
    """Harvest sources (active or not) per owner organization id; None: every organization."""
    query = (
        model.Session.query(HarvestSource, model.Package.owner_org)
        .join(model.Package, model.Package.id == HarvestSource.id)
        .filter(model.Package.state == "active")
        .order_by(HarvestSource.title)
    )
    if organization_ids is not None:
        query = query.filter(model.Package.owner_org.in_(organization_ids))
    out: dict[str, list[HarvestSource]] = {}
    for source, owner_org in query:
        out.setdefault(owner_org or "", []).append(source)
    return out
