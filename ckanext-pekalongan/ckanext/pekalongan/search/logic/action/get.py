"""Read actions of the ``pekalongan_search`` plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search import query
from ckanext.pekalongan.search.logic import schema as search_schema


@tk.side_effect_free
def pekalongan_suggest(context, data_dict) -> list[dict[str, Any]]:
    """Titles of datasets whose title has words starting with the words typed so far, for
    search-as-you-type: ``GET /api/3/action/pekalongan_suggest?q=keseh``.

    :param q: the words typed so far (2-200 characters); the last may be unfinished
    :type q: string
    :param rows: how many suggestions (1-20, default
        ``ckanext.pekalongan.search.suggest_rows``)
    :type rows: int

    :returns: the best matches first, each ``{"name": ..., "title": ...}``; only datasets
        the user may see
    :rtype: list of dictionaries
    """
    tk.check_access("pekalongan_suggest", context, data_dict)
    data, errors = tk.navl_validate(
        data_dict, context.get("schema") or search_schema.suggest_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    rows = data.get("rows") or tk.config.get("ckanext.pekalongan.search.suggest_rows")
    found = tk.get_action("package_search")(
        tk.fresh_context(context), query.suggest_params(data["q"], rows))
    return [{"name": r["name"], "title": r.get("title") or r["name"]} for r in found["results"]]


@tk.side_effect_free
def pekalongan_did_you_mean(context, data_dict) -> dict[str, Any]:
    """A corrected spelling of a search, from the words of the catalogue ("did you mean"):
    ``GET /api/3/action/pekalongan_did_you_mean?q=kesehatn``.

    :param q: the search text
    :type q: string
    :param type: dataset type searched (default ``dataset``)
    :type type: string

    :returns: ``{"q": the search, "suggestion": corrected search or null, "count": how
        many datasets the suggestion finds}``; the count covers only datasets the user
        may see
    :rtype: dictionary
    """
    tk.check_access("pekalongan_did_you_mean", context, data_dict)
    data, errors = tk.navl_validate(
        data_dict, context.get("schema") or search_schema.did_you_mean_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    user = context.get("auth_user_obj")  # None, a User, or Flask-Login's AnonymousUser
    if context.get("ignore_auth") or getattr(user, "sysadmin", False):
        labels = None
    else:
        from ckan.lib.plugins import get_permission_labels

        labels = get_permission_labels().get_user_dataset_labels(user)
    found = query.did_you_mean(data["q"], labels, data.get("type") or "dataset")
    suggestion, count = found if found else (None, 0)
    if suggestion is not None and suggestion.strip().lower() == data["q"].lower():
        suggestion, count = None, 0
    return {"q": data["q"], "suggestion": suggestion, "count": count}


@tk.side_effect_free
def pekalongan_search_synonym_list(context, data_dict) -> list[dict[str, Any]]:
    """The walidata's concept pairs (sysadmins only):
    ``GET /api/3/action/pekalongan_search_synonym_list``.

    :returns: every pair, ``{"id", "term_a", "term_b", "created"}``, by first term
    :rtype: list of dictionaries
    """
    tk.check_access("pekalongan_search_synonym_list", context, data_dict)
    from ckanext.pekalongan.search import store

    return [p.as_dict() for p in store.pairs()]


@tk.side_effect_free
def pekalongan_search_synonym_status(context, data_dict) -> dict[str, Any]:
    """Whether Solr's managed synonyms equal the stored pairs (sysadmins only).

    :returns: ``{"in_sync": bool or null when Solr could not be asked, "error": message
        or null, "terms": how many terms the pairs give}``
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_synonym_status", context, data_dict)
    from ckanext.pekalongan.search import solr_synonyms, store, synonyms

    wanted = solr_synonyms.wanted_map(store.pair_tuples())
    try:
        delete, put = synonyms.map_diff(solr_synonyms.current_map(), wanted)
    except solr_synonyms.SolrSyncError as e:
        return {"in_sync": None, "error": str(e), "terms": len(wanted)}
    return {"in_sync": not delete and not put, "error": None, "terms": len(wanted)}


@tk.side_effect_free
def pekalongan_search_missed_queries(context, data_dict) -> dict[str, Any]:
    """The most frequent searches of the search page that found nothing or after which
    no result was opened (sysadmins only), from the anonymous query log.

    :param days: how many days back (1 to the retention period; default 30)
    :type days: int
    :param limit: how many texts (1-500, default 100)
    :type limit: int

    :returns: ``{"since": date, "queries": [{"query", "searches", "zero_results",
        "no_click", "fuzzy", "last_day"}]}``
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_missed_queries", context, data_dict)
    data, errors = tk.navl_validate(
        data_dict, context.get("schema") or search_schema.missed_queries_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    import datetime as dt

    from ckanext.pekalongan.search import store

    since = store.today() - dt.timedelta(days=(data.get("days") or 30) - 1)
    return {"since": since.isoformat(),
            "queries": store.missed_queries(since, data.get("limit") or 100)}
