"""Solr's managed synonym resource ``walidata`` (schema.xml, fieldType ``text``, query
analyzer: ``solr.ManagedSynonymGraphFilterFactory managed="walidata"``), filled from the
``pekalongan_search_synonym`` table, the source of truth.

:func:`sync` makes Solr's map equal to the table's (GET the map, DELETE stale keys, PUT
new ones) and RELOADs the core, the only way Solr applies a changed managed resource.
It does nothing when the maps already agree, so it is cheap to run again: after a change,
from the CLI (``ckan pekalongan-search sync-synonyms``), daily from the scheduler, or from
the walidata's page. Solr keeps the map in the core's conf/ directory; when `make`
installs a changed configset there, config/solr/make-home.sh carries the map over, and a
core that lost it anyway (a new Solr, a restored backup) gets it back at the next sync.

Every HTTP call has a timeout (``ckanext.pekalongan.search.synonyms.solr_timeout``);
failures raise :class:`SolrSyncError` with a message fit for the walidata.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk
import requests

from ckanext.pekalongan.search import synonyms

__all__ = ["RESOURCE", "SolrSyncError", "stopwords", "sync", "wanted_map"]

log = logging.getLogger(__name__)

RESOURCE = "walidata"
STOPWORDS = (Path(__file__).resolve().parents[4] / "config" / "solr" / "conf" / "lang"
             / "stopwords_id.txt")


class SolrSyncError(RuntimeError):
    """Solr did not take the synonyms (message names the step; no secrets)."""


def stopwords() -> frozenset[str]:
    """The stop words of the query analyzer (empty when the configset is not beside the
    code, e.g. in a wheel: then terms keep their stop words, which only weakens rules)."""
    try:
        lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def wanted_map(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    return synonyms.managed_map(pairs, stopwords())


def _core_url() -> str:
    return tk.config.get("solr_url").rstrip("/")


def _session() -> requests.Session:
    s = requests.Session()
    user, password = tk.config.get("solr_user"), tk.config.get("solr_password")
    if user:
        s.auth = (user, password or "")
    return s


def _timeout() -> float:
    return float(tk.config.get("ckanext.pekalongan.search.synonyms.solr_timeout"))


def _call(s: requests.Session, method: str, url: str, step: str, **kw: Any) -> dict:
    try:
        r = s.request(method, url, timeout=_timeout(), **kw)
    except requests.Timeout:
        raise SolrSyncError(f"Solr did not answer within {_timeout():g} s ({step})") from None
    except requests.RequestException as e:
        raise SolrSyncError(f"Solr is not reachable ({step}): {type(e).__name__}") from None
    if r.status_code >= 400:
        raise SolrSyncError(f"Solr refused {step}: HTTP {r.status_code}")
    try:
        return r.json()
    except ValueError:
        raise SolrSyncError(f"Solr answered {step} with no JSON") from None


def current_map(s: requests.Session | None = None) -> dict[str, list[str]]:
    s = s or _session()
    body = _call(s, "GET", f"{_core_url()}/schema/analysis/synonyms/{RESOURCE}",
                 "reading the synonyms", params={"wt": "json"})
    return (body.get("synonymMappings") or {}).get("managedMap") or {}


def _reload(s: requests.Session) -> None:
    core_url = _core_url()
    base, core = core_url.rsplit("/", 1)
    try:
        _call(s, "GET", f"{base}/admin/cores", "reloading the core",
              params={"action": "RELOAD", "core": core, "wt": "json"})
    except SolrSyncError as refused:
        # SolrCloud (README "SolrCloud"): solr_url names a collection, whose cores have
        # other names; the Collections API reloads every replica
        try:
            _call(s, "GET", f"{base}/admin/collections", "reloading the collection",
                  params={"action": "RELOAD", "name": core, "wt": "json"})
        except SolrSyncError:
            raise refused from None


def sync(pairs: list[tuple[str, str]], force_reload: bool = False) -> dict[str, Any]:
    """Make Solr's ``walidata`` map that of ``pairs`` and reload the core if it changed.

    :returns: ``{"changed": bool, "deleted": n, "put": n, "terms": n}``
    :raises SolrSyncError: Solr slow, down or refusing
    """
    s = _session()
    wanted = wanted_map(pairs)
    delete, put = synonyms.map_diff(current_map(s), wanted)
    url = f"{_core_url()}/schema/analysis/synonyms/{RESOURCE}"
    for key in delete:
        _call(s, "DELETE", f"{url}/{quote(key, safe='')}", "deleting a synonym")
    if put:
        _call(s, "PUT", url, "storing the synonyms", json=put)
    changed = bool(delete or put)
    if changed or force_reload:
        _reload(s)
        log.info("synonyms pushed to Solr: %d deleted, %d stored", len(delete), len(put))
    return {"changed": changed, "deleted": len(delete), "put": len(put), "terms": len(wanted)}
