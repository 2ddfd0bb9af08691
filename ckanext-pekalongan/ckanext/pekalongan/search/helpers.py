"""Template helpers of the search plugin (names carry the ``pekalongan_`` prefix)."""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["pekalongan_did_you_mean", "pekalongan_search_click_url",
           "pekalongan_search_fuzzy"]

log = logging.getLogger(__name__)


def pekalongan_did_you_mean(q: str | None, dataset_type: str = "dataset") -> dict[str, Any] | None:
    """For a search that found nothing: ``{"suggestion", "count"}`` of a corrected
    spelling that finds datasets, or None. Never breaks the search page."""
    if not q or not tk.asbool(tk.config.get("ckanext.pekalongan.search.did_you_mean")):
        return None
    try:
        result = tk.get_action("pekalongan_did_you_mean")(
            {"user": tk.current_user.name if tk.current_user.is_authenticated else ""},
            {"q": q, "type": dataset_type},
        )
    except (tk.ValidationError, tk.NotAuthorized):
        return None
    except Exception:  # a Solr hiccup must not turn an empty result page into an error
        log.exception("did you mean failed for %r", q)
        return None
    return result if result.get("suggestion") else None


def pekalongan_search_fuzzy() -> dict[str, Any] | None:
    """``{"q", "count"}`` when the results shown come from the typo retry, else None."""
    from ckanext.pekalongan.search.page import FUZZY

    return getattr(tk.g, FUZZY, None)


def pekalongan_search_click_url() -> str | None:
    """The click address of this page's logged search (its result links go through it,
    to count that a result was opened), or None when the search was not logged."""
    from ckanext.pekalongan.search import querylog
    from ckanext.pekalongan.search.page import LOG_ID, click_key

    row_id = getattr(tk.g, LOG_ID, None)
    if row_id is None:
        return None
    return tk.url_for("pekalongan_search.click",
                      token=querylog.click_token(click_key(), row_id))
