"""Auth of the delete actions (sysadmins only)."""
from ckanext.pekalongan.search.logic.auth.get import _sysadmin_only


def pekalongan_search_synonym_delete(context, data_dict):
    return _sysadmin_only(context, data_dict)


def pekalongan_search_query_log_purge(context, data_dict):
    return _sysadmin_only(context, data_dict)
