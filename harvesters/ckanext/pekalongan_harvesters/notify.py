"""The e-mail an OPD's organization admins get when a harvest of one of its sources fails.

Hook: ckanext-harvest 1.6.3 marks a job "Finished" in one place, the ``harvest_jobs_run``
action (run by ``ckan harvester run`` from the scheduler, by our foreground CLI and by the
test helper ``run_harvest``). The ``pekalongan_harvest`` plugin chains that action
(``logic/action.py``): it notes the jobs that were running, lets the action finish them,
and calls ``job_finished`` for each one that it finished. A job therefore mails at most
once, whichever process finishes it.

The stock notification (``ckan.harvest.status_mail.errored``) writes to every sysadmin, in
English, only when objects errored (not when the source itself failed) and lists at most
20 errors. Ours goes to the admins of the source's organization, in the site's language,
also for source failures, with every error.
"""
from __future__ import annotations

import html
import logging
from urllib.parse import urljoin

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.harvest.model import HarvestJob
from ckanext.pekalongan_harvesters import reports

log = logging.getLogger(__name__)

NOTIFY_OPTION = "ckanext.pekalongan.harvest.notify_failures"
CC_OPTION = "ckanext.pekalongan.harvest.notify_cc"


def organization_admins(organization_id: str) -> list[model.User]:
    """Active users with an e-mail address who are admins of the organization."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(model.Member.group_id == organization_id)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.capacity == "admin")
        .filter(model.Member.state == "active")
        .filter(model.User.state == "active")
        .filter(model.User.email.isnot(None))
        .filter(model.User.email != "")
        .order_by(model.User.name)
        .all()
    )


def job_finished(job: HarvestJob) -> int:
    """Mail the organization admins if ``job`` failed or had errors; returns mails sent."""
    if not tk.asbool(tk.config.get(NOTIFY_OPTION, True)):
        return 0
    summary = reports.job_summary(job)
    if summary.outcome not in (reports.FAILED, reports.ROW_ERRORS):
        return 0
    source_package = model.Package.get(job.source_id)
    organization = model.Group.get(source_package.owner_org) if source_package else None
    recipients = [(u.display_name, u.email) for u in
                  (organization_admins(organization.id) if organization else [])]
    recipients += [(address, address) for address in tk.aslist(tk.config.get(CC_OPTION))]
    if not recipients:
        log.warning("harvest job %s had errors but its OPD has no admin with an e-mail",
                    job.id)
        return 0
    site_url = tk.config.get("ckan.site_url")
    extra_vars = {
        "summary": summary,
        "source_title": job.source.title or job.source.url,
        "source_url": job.source.url,
        "organization": organization.display_name if organization else "",
        "site_title": tk.config.get("ckan.site_title"),
        "dashboard_url": urljoin(site_url, tk.url_for("pekalongan_harvest.dashboard")),
        "job_url": urljoin(site_url, tk.url_for(
            "harvester.job_show", source=job.source_id, id=job.id)),
    }
    if summary.failed:
        subject = tk._("Harvest failed: {source}")
    else:
        subject = tk._("Harvest finished with errors: {source}")
    subject = f"[{extra_vars['site_title']}] " + subject.format(source=extra_vars["source_title"])
    body = html.unescape(tk.render("pekalongan_harvest/emails/job_failed.txt", extra_vars))
    sent = 0
    for name, address in recipients:
        try:
            mailer.mail_recipient(name, address, subject, body)
            sent += 1
        except mailer.MailerException:
            log.exception("harvest failure mail to %s failed", address)
    return sent
