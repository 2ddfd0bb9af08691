"""Auth of the update actions."""
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search.logic.auth.get import _sysadmin_only


def pekalongan_search_synonym_sync(context, data_dict):
    return _sysadmin_only(context, data_dict)


@tk.auth_allow_anonymous_access
def pekalongan_search_query_clicked(context, data_dict):
    """Anyone: the token itself (an HMAC of the row id) is the permission."""
    return {"success": True}
