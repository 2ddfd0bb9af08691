"""One gettext domain, ``ckanext-pekalongan``, for every plugin of this distribution."""
from __future__ import annotations

import os

from ckan.lib.plugins import DefaultTranslation

I18N_DIR = os.path.join(os.path.dirname(__file__), "i18n")


class PekalonganTranslation(DefaultTranslation):
    def i18n_directory(self) -> str:
        return I18N_DIR

    def i18n_domain(self) -> str:
        return "ckanext-pekalongan"
