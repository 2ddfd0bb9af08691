"""Actions of the ``pekalongan_search`` plugin (GET, read-only)."""
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
