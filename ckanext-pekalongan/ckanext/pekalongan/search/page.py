"""The search page's extras around ``package_search``: the typo retry and the anonymous
query log. Both act only on the dataset search page itself (``dataset.search``, page 1
for the log), never on the API unless ``ckanext.pekalongan.search.fuzzy_api`` is on
(the retry only; the API is never logged).

``before_dataset_search`` keeps a copy of the page's parameters; when the search found
nothing, ``after_dataset_search`` re-runs them with the fuzzy query over the unstemmed
``spell`` field, then with all the words but one (fuzzy.py), shows the first that finds
something, then writes one log row. What the page must show goes to ``g``.
"""
from __future__ import annotations

import copy
import hashlib
import logging
import time
from typing import Any

import ckan.plugins.toolkit as tk
from flask import has_request_context

from ckanext.pekalongan.search import fuzzy, query, querylog

__all__ = ["after_search", "before_search", "click_key"]

log = logging.getLogger(__name__)

_PARAMS = "pekalongan_search_params"
_RUNNING = "pekalongan_search_retry"
_LOGGED = "pekalongan_search_logged"
FUZZY = "pekalongan_search_fuzzy"
# what a retry relaxed (g[FUZZY]["kind"]): the words required, or their spelling
WORDS, SPELLING = "words", "spelling"
LOG_ID = "pekalongan_search_log_id"


def click_key() -> bytes:
    """The HMAC key of the click tokens, derived from the site's secret."""
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")
    return hashlib.sha256(b"pekalongan-search-click\0" + secret.encode()).digest()


def _request_endpoint() -> str | None:
    return tk.request.endpoint if has_request_context() else None


def _on_search_page(search_params: dict[str, Any]) -> bool:
    if _request_endpoint() != "dataset.search":
        return False
    q = search_params.get("q")
    return isinstance(q, str) and q.strip() == (tk.request.args.get("q") or "").strip()


def _g_get(name: str, default: Any = None) -> Any:
    return getattr(tk.g, name, default)


def before_search(search_params: dict[str, Any]) -> None:
    """Keep the page's own search parameters (before any tuning) for a retry."""
    if (not has_request_context() or _g_get(_RUNNING)
            or not query.is_free_text(search_params.get("q"))):
        return
    if _on_search_page(search_params) or (
            _request_endpoint() == "api.action"
            and tk.asbool(tk.config.get("ckanext.pekalongan.search.fuzzy_api"))):
        setattr(tk.g, _PARAMS, copy.deepcopy(search_params))


def _retries(params: dict[str, Any]):
    """(kind, parameters) of each retry of a search that found nothing, in order: similar
    spellings of every word (closest to what was asked), then all the words but one
    through the usual query fields (stemming and synonyms included)."""
    typo = fuzzy.fuzzy_query(params.get("q"))
    if typo is not None:
        yield SPELLING, {**copy.deepcopy(params), "q": typo, "defType": "edismax",
                         "qf": "spell"}
    relaxed = fuzzy.relaxed_query(params.get("q"))
    if relaxed is not None:
        yield WORDS, {**copy.deepcopy(params), "q": relaxed}


def _retry(params: dict[str, Any]) -> dict[str, Any] | None:
    user = tk.current_user
    context = {"user": user.name if user.is_authenticated else "",
               "auth_user_obj": user, "for_view": _request_endpoint() == "dataset.search"}
    setattr(tk.g, _RUNNING, True)
    try:
        return tk.get_action("package_search")(context, params)
    except Exception:  # the retry is a bonus: a failure leaves the empty page as it was
        log.exception("search retry failed")
        return None
    finally:
        setattr(tk.g, _RUNNING, False)


def after_search(search_results: dict[str, Any], search_params: dict[str, Any]
                 ) -> dict[str, Any]:
    if not has_request_context() or _g_get(_RUNNING) or _g_get(_PARAMS) is None:
        return search_results
    original = search_params.get("q")
    count = int(search_results.get("count") or 0)
    shown = search_results
    params = _g_get(_PARAMS)
    if count == 0 and params and tk.asbool(tk.config.get("ckanext.pekalongan.search.fuzzy")):
        for kind, retry_params in _retries(params):
            retried = _retry(retry_params)
            if retried and retried.get("count"):
                shown = retried
                setattr(tk.g, FUZZY, {"q": original, "count": retried["count"], "kind": kind})
                break
    setattr(tk.g, _PARAMS, None)
    if _on_search_page(params) and not _g_get(_LOGGED):
        setattr(tk.g, _LOGGED, True)
        _log(original, count, shown is not search_results)
    return shown


def _log(q: Any, count: int, fuzzy_shown: bool) -> None:
    if not tk.asbool(tk.config.get("ckanext.pekalongan.search.query_log.enabled")):
        return
    if (tk.request.args.get("page") or "1").strip() != "1":
        return
    text = querylog.normalize(q)
    if text is None:
        return
    from ckanext.pekalongan.search import store

    started = time.perf_counter()
    try:
        row_id = store.log_query(text, count, fuzzy_shown)
    except Exception:  # the log must never break the search page
        log.exception("query log write failed")
        return
    log.debug("query logged in %.1f ms", (time.perf_counter() - started) * 1000)
    setattr(tk.g, LOG_ID, row_id)
