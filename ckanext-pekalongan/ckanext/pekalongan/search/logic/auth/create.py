"""Auth of the create actions (sysadmins only)."""
from ckanext.pekalongan.search.logic.auth.get import _sysadmin_only


def pekalongan_search_synonym_create(context, data_dict):
    return _sysadmin_only(context, data_dict)
