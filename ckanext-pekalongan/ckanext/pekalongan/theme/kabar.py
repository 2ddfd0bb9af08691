"""Kabar Pembangunan: short news posts of the OPDs, stored as CKAN datasets of type
``kabar`` (``schemas/kabar.yaml``), so that search, activity and the OPD permissions of
datasets apply to them. This module holds the pure rules (no database, no config):

- :func:`body_problem`: why a post body is refused (raw HTML, ``javascript:`` links,
  control characters, too long);
- :func:`linked_names`: the dataset names a post links to, from a form or API value;
- :func:`exclude_posts`: the Solr filter that keeps posts out of every dataset search that
  did not ask for them (the way ckanext-showcase keeps showcases out).
"""
from __future__ import annotations

import re
from typing import Any

DATASET_TYPE = "kabar"
BODY_MAX_CHARS = 5000
LINKS_MAX = 20

# Any HTML-looking tag or comment: markdown only (the renderer strips HTML too).
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<!--", re.S)
# Targets of markdown links and images ``[t](target)`` and of reference definitions
# ``[t]: target``; only web and mail links are allowed there. Entities, backslashes and
# whitespace can hide a scheme ("java&#115;cript:", "java\tscript:").
_LINK_TARGET = re.compile(r"\]\s*\(([^)]*)\)|^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.M)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
SAFE_SCHEMES = ("http", "https", "mailto")
_ENTITY = re.compile(r"&#?[0-9a-zA-Z]+;?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEPARATORS = re.compile(r"[\s,\[\]\"']+")
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _(text: str) -> str:  # marks msgids for extraction; translated by the validator
    return text


def body_problem(text: str) -> str | None:
    """Why a post body (markdown) must be refused, as an untranslated message, or None."""
    if _CONTROL.search(text):
        return _("The text contains control characters. Remove them and save again.")
    if len(text) > BODY_MAX_CHARS:
        return _("The news is too long: at most {max} characters.")
    if _HTML_TAG.search(text):
        return _("HTML is not allowed: write the news in plain text or markdown.")
    for match in _LINK_TARGET.finditer(text):
        target = _ENTITY.sub("", re.sub(r"[\s\\]+", "", match.group(1) or match.group(2)))
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            return _("Links must start with http:// or https://.")
    return None


def linked_names(value: Any) -> list[str] | None:
    """The dataset names (or ids) of a ``dataset_terkait``-like value: a list, a JSON list
    or a comma/space/newline separated string. None when the value is of the wrong type.
    Duplicates are dropped, order kept."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        # "a, b", "a b", a JSON list, or a list as a form shows it again ("['a', 'b']")
        value = [v for v in _SEPARATORS.split(value) if v]
    if not isinstance(value, (list, tuple)):
        return None
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            return None
        item = item.strip()
        if item and item not in names:
            names.append(item)
    return names


def valid_name(name: str) -> bool:
    """A dataset name or id as CKAN makes them (lower case, digits, ``-`` and ``_``)."""
    return bool(_NAME.match(name))


def exclude_posts(fq: str) -> str:
    """``fq`` with posts left out, unless it already filters on the ``kabar`` type (either
    way): the dataset search, DCAT catalogue, counts, Skor OPD and dataset feeds never ask
    for posts, the post list does."""
    term = f"dataset_type:{DATASET_TYPE}"
    if term in (fq or ""):
        return fq
    return f"{fq} -{term}".strip()
