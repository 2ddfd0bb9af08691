"""ckanext-harvest's pages of one harvest source are in Bahasa Indonesia (#11).

The list of sources and the new-source form are checked in test_core_strings_id.py; here
the pages of one source an OPD's officer works with: the source page, its "about" page,
its admin page (last job), the edit form, the job list, a job report and the last job's
report. The source has one finished job with a dataset added, a document error and a
gather error, so that every part of those pages (counts, details, error summary, error
report) is rendered. Each page is rendered in English (``/en/...``, which must show the
expected phrases) and in Indonesian (which must show none of the English phrases found).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from test_core_strings_id import (  # noqa: F401 (fixtures)
    _PHRASE_RE,
    ALL_PHRASES,
    assert_translated,
    officer,
    portal,
    render_as,
    visible_text,
)

ALLOWED_HOSTS = "ckanext.pekalongan.fetch.allowed_hosts"

HARVEST_PHRASES = [
    "Admin", "Edit", "Jobs", "Dashboard", "Clear", "Reharvest", "Stop", "Details", "Id",
    "Started", "Finished", "Status", "errors", "added", "updated", "deleted", "not modified",
    "Job Report", "Back to job list", "Error Summary", "Job Errors", "Document Errors",
    "Error Report", "Local content", "Remote content", "documents with errors",
    "Only the 20 most frequent errors are shown", "No errors for this job",
    "Last Harvest Job", "View full job report", "No jobs yet for this source",
    "Harvest Jobs", "Job:", "Started:", "Finished:", "Not yet", "View harvest source",
    "read more", "There is no description for this harvest source", "Count", "Message",
    "Edit harvest source", "Update Harvest Source", "Delete", "Datasets", "About", "line",
    "New", "Running", "Harvest Sources", "Harvest", "There are no datasets associated",
    "Start a new harvesting job for this harvest source now",
    "Delete all harvest jobs and existing datasets from this source",
    "There already is an unrun job for this source", "Stop this Job", "URL", "Name",
    "Description", "Source type", "Update frequency", "Configuration", "Organization",
    "Additional Info", "Field", "Value", "Source", "Author", "Maintainer", "Version",
    "State", "Last Updated", "Created", "This should include the http:// part of the URL",
    "Fetch", "Import", "Gather",
]
# words Indonesian uses as they are (KBBI: admin, status, URL)
SAME_IN_INDONESIAN = {"Admin", "Status", "URL"}
PHRASES = [p for p in dict.fromkeys(ALL_PHRASES + HARVEST_PHRASES)
           if p not in SAME_IN_INDONESIAN]
for _phrase in HARVEST_PHRASES:
    _PHRASE_RE.setdefault(
        _phrase, re.compile(r"(?<![\w-])" + re.escape(_phrase) + r"(?![\w-])"))

# (case, path, phrases that the English page must show)
SOURCE_PAGES = [
    ("source", "/harvest/{source}", ["Datasets", "About",
                                      "There are no datasets associated"]),
    ("source-about", "/harvest/about/{source}",
     ["There is no description for this harvest source"]),
    ("source-admin", "/harvest/admin/{source}", [
        "Last Harvest Job", "View full job report", "Reharvest", "Clear", "Dashboard",
        "Jobs", "Edit", "errors", "added", "not modified", "Finished", "Started", "Id"]),
    ("source-edit", "/harvest/edit/{source}", ["Source type", "Update frequency", "Delete"]),
    ("job-list", "/harvest/{source}/job", ["Harvest Jobs", "Job:", "Started:", "Finished:",
                                            "errors", "added"]),
    ("job-report", "/harvest/{source}/job/{job}", [
        "Job Report", "Back to job list", "Error Summary", "Job Errors", "Document Errors",
        "Error Report", "Local content", "documents with errors", "Count", "Message",
        "line"]),
    ("job-last", "/harvest/{source}/job/last", ["Job Report", "Error Report"]),
]


@pytest.fixture(scope="module")
def harvest_source(officer):
    """A workbook source of the officer's OPD with one finished job: one dataset added, one
    document that failed to import, one gather error."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    from ckanext.harvest.model import (
        HarvestGatherError,
        HarvestJob,
        HarvestObject,
        HarvestObjectError,
    )

    app, names, tokens = officer
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    allowed = tk.config.get(ALLOWED_HOSTS)
    tk.config[ALLOWED_HOSTS] = f"{allowed or ''} 127.0.0.1:9".strip()  # never fetched
    try:
        source = tk.get_action("harvest_source_create")({"user": site_user}, {
            "name": "sumber-uji-bahasa", "title": "Sumber Uji Bahasa",
            "url": "http://127.0.0.1:9/daftar.xlsx", "source_type": "opd_workbook",
            "owner_org": names["organization"], "frequency": "MANUAL", "config": ""})
    finally:
        tk.config[ALLOWED_HOSTS] = allowed
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": names["dataset"]})
    start = dt.datetime(2026, 12, 1, 8, 0)
    job = HarvestJob(source_id=source["id"], status="Finished", created=start,
                     gather_started=start, gather_finished=start + dt.timedelta(minutes=1),
                     finished=start + dt.timedelta(minutes=2))
    job.save()
    HarvestObject(guid="baris-2", job=job, source=job.source, package_id=dataset["id"],
                  current=False, state="COMPLETE", report_status="added",
                  import_finished=start + dt.timedelta(minutes=2)).save()
    failed = HarvestObject(guid="baris-3", job=job, source=job.source, state="ERROR",
                           report_status="errored")
    failed.save()
    HarvestObjectError(message="Kolom topik kosong", object=failed, stage="Import",
                       line=3).save()
    HarvestGatherError(message="Lembar Metadata tidak ditemukan", job=job).save()
    model.Session.commit()
    return app, dict(names, source=source["name"], job=job.id), tokens


@pytest.mark.parametrize(("case", "path", "expected"), SOURCE_PAGES,
                         ids=[p[0] for p in SOURCE_PAGES])
def test_harvest_source_pages_are_in_indonesian(harvest_source, case, path, expected):
    app, names, tokens = harvest_source
    path = path.format(**names)
    english_html, english_lang = render_as(app, "/en" + path, tokens["admin"], 200)
    indonesian_html, indonesian_lang = render_as(app, path, tokens["admin"], 200)
    assert (english_lang, indonesian_lang) == ("en", "id")
    assert_translated(case, path, english_html, indonesian_html, expected, PHRASES)
