"""Solr commits of a harvest: one per batch of datasets, not one per dataset.

CKAN indexes a dataset synchronously when its transaction commits, and with
``ckan.search.solr_commit`` on (the default) every index update asks Solr for a hard
commit that opens a new searcher. A new dataset with resources is indexed twice in its
commit (as new, then as changed through its resources), so a harvest of N datasets asks
for 2N commits, each of which waits for Solr to flush and reopen the whole core: the
largest cost of a first harvest (see the README, "Performance").

Inside ``deferred_commit()`` our harvesters still index every dataset they write at once
(the same documents, the same validation), but without a commit; ``commit_pending()``
commits them all, at most every ``COMMIT_EVERY_SECONDS`` during a job (datasets show up in
search while a long job runs) and always at the end of the job (``runner.run_source``, and
the chained ``harvest_jobs_run`` that finishes jobs run by the queue consumers). A site that
turned ``ckan.search.solr_commit`` off (committing by Solr's own autoSoftCommit) is left
alone: nothing is committed here either.

The switch is the process-wide config key that CKAN's indexer reads; harvest imports run
in the fetch consumer, the CLI runner or the tests, one object at a time in one thread.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

SOLR_COMMIT = "ckan.search.solr_commit"
COMMIT_EVERY_SECONDS = 10.0


class _State:
    pending = 0  # datasets indexed without a commit by this process
    since = 0.0  # monotonic time of the first of them


@contextlib.contextmanager
def deferred_commit() -> Iterator[None]:
    """Index what is written inside without a Solr commit (nested use is harmless)."""
    previous = tk.config.get(SOLR_COMMIT)
    if not tk.asbool(previous):
        yield  # the site does not commit per dataset anyway (or we are nested)
        return
    tk.config[SOLR_COMMIT] = False
    try:
        yield
    finally:
        tk.config[SOLR_COMMIT] = previous
    if not _State.pending:
        _State.since = time.monotonic()
    _State.pending += 1
    if time.monotonic() - _State.since >= COMMIT_EVERY_SECONDS:
        commit_pending()


def commit_pending(force: bool = False) -> None:
    """Commit what ``deferred_commit`` left uncommitted (or, with ``force``, whatever is
    uncommitted in the core, e.g. by another process's job); waits for the new searcher,
    so that the datasets are found as soon as this returns."""
    if not (_State.pending or force) or not tk.asbool(tk.config.get(SOLR_COMMIT)):
        return
    from ckan.lib.search.common import make_connection

    started = time.monotonic()
    make_connection().commit(waitSearcher=True)
    log.debug("Solr commit of %d harvested datasets in %.2fs", _State.pending,
              time.monotonic() - started)
    _State.pending = 0
