"""The ``pekalongan_harvest`` plugin: what the harvesters need from the portal.

- withdrawn datasets are left out of every dataset search (``before_dataset_search``) and
  their page says that the OPD withdrew them (template ``package/read.html``);
- the harvest dashboard ``/harvest-dashboard`` (``views.py``, action and auth in
  ``logic/``);
- the failure e-mail to an OPD's admins (chained ``harvest_jobs_run``, ``notify.py``);
- ``ckan pekalongan-harvest run|template`` (``cli.py``).

The harvesters themselves are separate plugins (``opd_workbook_harvester``,
``pekalongan_ckan_harvester``, ``pekalongan_dcat_rdf_harvester``), one entry point each,
as ckanext-dcat does; they need this plugin and ckanext-harvest's ``harvest``.
"""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.pekalongan_harvesters import withdrawal


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.helpers
@tk.blanket.config_declarations
class PekalonganHarvestPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IPackageController
    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return withdrawal.add_search_filter(search_params)

    # ITranslation: the catalogues of this distribution (English msgids, id and en)
    def i18n_directory(self) -> str:
        return os.path.join(os.path.dirname(__file__), "i18n")

    def i18n_domain(self) -> str:
        return "ckanext-pekalongan-harvesters"
