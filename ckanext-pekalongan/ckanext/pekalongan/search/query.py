"""How the portal asks Solr: the query fields of a free-text search, the prefix query of the
search-as-you-type suggestions, and the spell-check request of "did you mean".

CKAN's ``package_search`` passes only a fixed set of Solr parameters (q, fq, qf, defType,
mm, ...; ``ckan.lib.search.query.VALID_SOLR_PARAMETERS``): spell checking is not among
them, so :func:`did_you_mean` asks Solr itself, with the same visibility filters CKAN
applies to a search.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["is_free_text", "tune_search", "suggest_params", "did_you_mean",
           "parse_collation", "MM"]

# CKAN's minimum-should-match: up to 2 words all, 3-5 all but one, more 80%.
MM = "2<-1 5<80%"


def query_fields() -> str:
    return tk.config.get("ckanext.pekalongan.search.query_fields")


def is_free_text(q: Any) -> bool:
    """A user's words, as opposed to match-all or a fielded Solr query (``tags:x``)."""
    if not isinstance(q, str):
        return False
    text = q.strip()
    return bool(text) and text not in ('*:*', '""', "''") and ":" not in text


def tune_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_search``: free-text searches use the extended DisMax parser over
    our query fields (titles first, then OPD and kecamatan names, word prefixes of the
    title, then everything). A caller's own ``defType`` or ``qf`` wins."""
    if is_free_text(search_params.get("q")) and "defType" not in search_params:
        search_params["defType"] = "edismax"
        search_params.setdefault("qf", query_fields())
    return search_params


def suggest_params(q: str, rows: int) -> dict[str, Any]:
    """``package_search`` parameters of the suggestions: every word is the start of a word
    of the title ("jumlah pend" finds "Jumlah Penduduk ...")."""
    return {
        "q": q,
        "defType": "edismax",
        "qf": "title_prefix",
        "mm": "100%",
        "fl": ["name", "title"],
        "rows": rows,
        "sort": "score desc, title_string asc",
        "facet": "false",
        "include_private": True,
    }


def parse_collation(spellcheck: dict[str, Any]) -> tuple[str, int] | None:
    """The best collation with hits of a Solr spellcheck response section (JSON with
    ``json.nl=flat``, Solr's default: named lists as [name, value, name, value, ...])."""
    collations = spellcheck.get("collations") or []
    if isinstance(collations, dict):
        collations = [item for pair in collations.items() for item in pair]
    for name, value in zip(collations[0::2], collations[1::2], strict=False):
        if name != "collation":
            continue
        if isinstance(value, dict):
            text, hits = value.get("collationQuery"), int(value.get("hits") or 0)
        else:
            text, hits = value, 1
        if text and hits > 0:
            return str(text), hits
    return None


def did_you_mean(q: str, labels: list[str] | None,
                 dataset_type: str = "dataset") -> tuple[str, int] | None:
    """A spelling of ``q`` that finds datasets, with its hit count, or None.

    :param labels: the user's dataset permission labels, as CKAN's ``package_search``
        filters by them; None for no filter (sysadmins)

    Collations are re-run by Solr with this request's filters (site, state, labels), so a
    suggestion never comes from a dataset the user cannot see.
    """
    from ckan.lib.search import make_connection

    fq = [
        '+site_id:"{}"'.format(tk.config.get("ckan.site_id").replace('"', "")),
        "+state:active",
        '+dataset_type:"{}"'.format(dataset_type.replace('"', "")),
    ]
    if labels is not None:
        fq.append("+permission_labels:({})".format(
            " OR ".join('"{}"'.format(label.replace('"', "")) for label in labels)))
    params = {
        # as package_search sends a free-text search (see tune_search)
        "defType": "edismax", "qf": query_fields(), "mm": MM, "tie": "0.1", "q.op": "AND",
        "df": "text", "fq": fq, "rows": 0,
        "spellcheck": "true", "spellcheck.q": q, "wt": "json",
    }
    results = make_connection(decode_dates=False).search(q, **params)
    return parse_collation(getattr(results, "spellcheck", None) or {})
