"""Create actions of the ``pekalongan_search`` plugin."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search.logic.action.common import push_synonyms


def pekalongan_search_synonym_create(context, data_dict) -> dict[str, Any]:
    """Add a concept pair (sysadmins only): a search for either term also finds the
    other, once Solr has the pair (pushed at once, then the core reloaded):
    ``POST /api/3/action/pekalongan_search_synonym_create``.

    :param term_a: one term, e.g. ``buta aksara`` (1-100 characters: letters, digits,
        spaces, hyphens, apostrophes, full stops)
    :type term_a: string
    :param term_b: the other term, e.g. ``melek huruf``
    :type term_b: string

    :returns: the pair ``{"id", "term_a", "term_b", "created"}`` with ``applied`` (Solr
        took it), ``apply_error`` (why not) and ``queued`` (a retry is queued); the pair
        is stored even when Solr is slow or down
    :rtype: dictionary
    """
    tk.check_access("pekalongan_search_synonym_create", context, data_dict)
    from ckanext.pekalongan.search import solr_synonyms, store, synonyms

    store.lock_synonyms()
    errors = synonyms.pair_errors(data_dict.get("term_a"), data_dict.get("term_b"),
                                  store.pair_tuples(), solr_synonyms.stopwords())
    if errors:
        model.Session.rollback()
        raise tk.ValidationError({k: [tk._(m) for m in v] for k, v in errors.items()})
    row = store.add_pair(" ".join(data_dict["term_a"].split()),
                         " ".join(data_dict["term_b"].split()))
    pair = row.as_dict()
    model.Session.commit()
    return {**pair, **push_synonyms()}
