"""The English strings of ckanext-harvest's pages that an OPD's officers see, listed here so
that our catalogue translates them (ckanext-harvest ships no Indonesian catalogue; its
``_()`` calls find these translations in the merged catalogues). The frequency names are
``h.harvest_frequencies()``'s ``_(name.title())``; the job statuses and the counts of a job
(``added``, ``updated``, ...) are ``_(job.status)`` and ``_(action)`` of its templates."""
from __future__ import annotations

from ckanext.pekalongan.text import N_

HARVEST_STRINGS = (
    N_("Harvest Sources"),
    N_("Create Harvest Source"),
    N_("Create harvest source"),
    N_("Add Harvest Source"),
    N_("Search harvest sources..."),
    N_("Manual"),
    N_("Monthly"),
    N_("Weekly"),
    N_("Biweekly"),
    N_("Daily"),
    N_("Always"),
    # a source's pages: about, admin, edit, jobs, job report (templates/source/...)
    N_("There is no description for this harvest source"),
    N_("There are no datasets associated to this harvest source."),
    N_("Harvest"),
    N_("Last Harvest Job"),
    N_("View full job report"),
    N_("No jobs yet for this source"),
    N_("Edit harvest source"),
    N_("Harvest Jobs"),
    N_("Jobs"),
    N_("Job: "),
    N_("Started:"),
    N_("Finished:"),
    N_("Not yet"),
    N_("Job Report"),
    N_("Back to job list"),
    N_("Error Summary"),
    N_("No errors for this job"),
    N_("Only the 20 most frequent errors are shown"),
    N_("Job Errors"),
    N_("Document Errors"),
    N_("Error Report"),
    N_("Remote content"),
    N_("Local content"),
    N_("documents with errors"),
    N_("Details"),
    N_("Id"),
    N_("Started"),
    N_("Finished"),
    N_("Message"),
    N_("errors"),
    N_("added"),
    N_("updated"),
    N_("deleted"),
    N_("not modified"),
    N_("errored"),
    N_("New"),
    N_("Running"),
    N_("Aborted"),
)
