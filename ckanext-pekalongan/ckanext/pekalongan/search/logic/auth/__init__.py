"""Auth functions of the search actions (one per action, same name, same verb module)."""
from ckanext.pekalongan.search.logic.auth.create import pekalongan_search_synonym_create
from ckanext.pekalongan.search.logic.auth.delete import (
    pekalongan_search_query_log_purge,
    pekalongan_search_synonym_delete,
)
from ckanext.pekalongan.search.logic.auth.get import (
    pekalongan_did_you_mean,
    pekalongan_search_missed_queries,
    pekalongan_search_synonym_list,
    pekalongan_search_synonym_status,
    pekalongan_suggest,
)
from ckanext.pekalongan.search.logic.auth.update import (
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
