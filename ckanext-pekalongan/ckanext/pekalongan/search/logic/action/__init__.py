"""Actions of the ``pekalongan_search`` plugin (CKAN Action API), one module per verb.

Errors: ``tk.ValidationError`` (HTTP 409) with field messages, ``tk.NotAuthorized`` (403)
for anyone but a sysadmin on the walidata's actions, ``tk.ObjectNotFound`` (404)."""
from ckanext.pekalongan.search.logic.action.create import pekalongan_search_synonym_create
from ckanext.pekalongan.search.logic.action.delete import (
    pekalongan_search_query_log_purge,
    pekalongan_search_synonym_delete,
)
from ckanext.pekalongan.search.logic.action.get import (
    pekalongan_did_you_mean,
    pekalongan_search_missed_queries,
    pekalongan_search_synonym_list,
    pekalongan_search_synonym_status,
    pekalongan_suggest,
)
from ckanext.pekalongan.search.logic.action.update import (
    pekalongan_search_query_clicked,
    pekalongan_search_synonym_sync,
)

__all__ = [
    "pekalongan_did_you_mean",
    "pekalongan_search_missed_queries",
    "pekalongan_search_query_clicked",
    "pekalongan_search_query_log_purge",
    "pekalongan_search_synonym_create",
    "pekalongan_search_synonym_delete",
    "pekalongan_search_synonym_list",
    "pekalongan_search_synonym_status",
    "pekalongan_search_synonym_sync",
    "pekalongan_suggest",
]
