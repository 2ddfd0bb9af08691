"""Update actions of the ``pekalongan_search`` plugin."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search.logic.action.common import push_synonyms


def pekalongan_search_synonym_sync(context, data_dict) -> dict[str, Any]:
    """Push the stored concept pairs to Solr's managed synonyms and reload the core
    (sysadmins only): after Solr lost them (a new configset, a new core) or a failed push.

    :returns: ``{"applied", "apply_error", "queued", "changed", "deleted", "put",
        "terms"}`` (the last four only when applied)
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_synonym_sync", context, data_dict)
    force = tk.asbool(data_dict.get("force", True))
    return push_synonyms(force_reload=force, queue_on_failure=False)


def pekalongan_search_query_clicked(context, data_dict) -> dict[str, Any]:
    """Mark a logged search as followed by a click on one of its results (anyone: the
    search page's result links carry the token).

    :param token: the click token of the search page (row id and its HMAC)
    :type token: string

    :returns: ``{"marked": bool}`` (false for an unknown or forged token)
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_query_clicked", context, data_dict)
    from ckanext.pekalongan.search import querylog, store

    row_id = querylog.token_row_id(_click_key(), data_dict.get("token"))
    if row_id is None:
        return {"marked": False}
    marked = store.mark_clicked(row_id)
    model.Session.commit()
    return {"marked": marked}


def _click_key() -> bytes:
    from ckanext.pekalongan.search.page import click_key

    return click_key()
