"""The ``pekalongan`` plugin: the regency's theme, home page and demo catalogue CLI, and the
security of the site's answers (``web_security``: CSP, upload headers, CSRF)."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.translation import PekalonganTranslation


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
@tk.blanket.blueprints
@tk.blanket.config_declarations
class PekalonganThemePlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IConfigurable)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "pekalongan")

    # IMiddleware
    def make_middleware(self, app, config):
        from ckanext.pekalongan.theme import web_security

        web_security.install(app)
        return app

    # IConfigurable
    def configure(self, config):
        # CKAN's scripts read their strings from /api/i18n/<lang> (see js_translations)
        from ckanext.pekalongan.theme import js_translations

        try:
            js_translations.build(tk.aslist(config.get("ckan.locales_offered")) or ["id", "en"])
        except OSError as err:  # never keep the site from starting
            import logging

            logging.getLogger(__name__).warning("JavaScript translations not written: %s", err)
