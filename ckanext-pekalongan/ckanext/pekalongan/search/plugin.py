"""The ``pekalongan_search`` plugin: the catalogue findable in Bahasa Indonesia.

Needs the Solr configset of config/solr/conf (Indonesian analysis, ``title_prefix``,
``spell``, the Satu Data fields, the managed synonyms ``walidata``) and the tables of
migration/pekalongan_search (``ckan db upgrade -p pekalongan_search``); see the README
section "Search".
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.search import facets, indexing, page, query
from ckanext.pekalongan.translation import PekalonganTranslation


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.config_declarations
class PekalonganSearchPlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "pekalongan_search")

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return indexing.index_fields(pkg_dict, indexing.opd_names)

    def before_dataset_search(self, search_params):
        page.before_search(search_params)
        return query.tune_search(search_params)

    def after_dataset_search(self, search_results, search_params):
        search_results = page.after_search(search_results, search_params)
        facets.label_facets(search_results)
        return search_results

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        return facets.facet_titles()

    def group_facets(self, facets_dict, group_type, package_type):
        return facets.facet_titles()

    def organization_facets(self, facets_dict, organization_type, package_type):
        return facets.facet_titles()
