"""Delete actions of the ``pekalongan_search`` plugin."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search.logic import schema as search_schema
from ckanext.pekalongan.search.logic.action.common import push_synonyms


def pekalongan_search_synonym_delete(context, data_dict) -> dict[str, Any]:
    """Remove a concept pair (sysadmins only), then push the pairs to Solr.

    :param id: the pair's id
    :type id: int

    :returns: ``{"id", "applied", "apply_error", "queued"}``
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_synonym_delete", context, data_dict)
    data, errors = tk.navl_validate(data_dict, search_schema.id_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    from ckanext.pekalongan.search import store

    store.lock_synonyms()
    row = store.get_pair(data["id"])
    if row is None:
        model.Session.rollback()
        raise tk.ObjectNotFound(tk._("Concept pair not found"))
    model.Session.delete(row)
    model.Session.commit()
    return {"id": data["id"], **push_synonyms()}


def pekalongan_search_query_log_purge(context, data_dict) -> dict[str, Any]:
    """Delete the query log rows older than the retention period (sysadmins only; the
    scheduler runs ``ckan pekalongan-search purge-query-log`` daily).

    :param days: keep this many days (default
        ``ckanext.pekalongan.search.query_log.retention_days``)
    :type days: int

    :returns: ``{"deleted": n, "before": first day kept}``
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_query_log_purge", context, data_dict)
    data, errors = tk.navl_validate(data_dict, search_schema.purge_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    import datetime as dt

    from ckanext.pekalongan.search import store

    days = data.get("days") or tk.config.get(
        "ckanext.pekalongan.search.query_log.retention_days")
    before = store.today() - dt.timedelta(days=int(days) - 1)
    deleted = store.purge_queries(before)
    model.Session.commit()
    return {"deleted": deleted, "before": before.isoformat()}
