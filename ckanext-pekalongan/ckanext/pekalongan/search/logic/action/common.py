"""Steps the synonym actions share: pushing the pairs to Solr after a change."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def push_synonyms(force_reload: bool = False, queue_on_failure: bool = True) -> dict[str, Any]:
    """Push the stored pairs to Solr (serialized by an advisory lock). Never raises for
    Solr's sake: ``{"applied": bool, "apply_error": message or None, "queued": bool}``.
    When Solr fails, a retry goes to the background job queue (the jobs worker runs it
    with the same timeout), if Redis takes it."""
    from ckanext.pekalongan.search import solr_synonyms, store

    try:
        store.lock_synonyms()
        result = solr_synonyms.sync(store.pair_tuples(), force_reload=force_reload)
    except solr_synonyms.SolrSyncError as e:
        model.Session.rollback()
        log.warning("synonyms not pushed to Solr: %s", e)
        queued = False
        if queue_on_failure:
            try:
                tk.enqueue_job(sync_synonyms_job, title="pekalongan_search sync synonyms")
                queued = True
            except Exception:  # Redis down: the page says so, the CLI can do it later
                log.exception("could not queue the synonym push")
        return {"applied": False, "apply_error": str(e), "queued": queued}
    model.Session.commit()
    return {"applied": True, "apply_error": None, "queued": False, **result}


def sync_synonyms_job() -> None:
    """Background job: push the pairs again (a retry of a push Solr refused)."""
    result = push_synonyms(force_reload=True, queue_on_failure=False)
    if not result["applied"]:
        raise RuntimeError(result["apply_error"])
