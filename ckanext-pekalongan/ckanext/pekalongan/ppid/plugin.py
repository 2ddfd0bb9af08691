"""The ``ppid`` plugin: public information requests and objections (UU 14/2008).

Thin on purpose: actions, auth functions, CLI and config come from ``logic/``,
``cli.py`` and ``config_declaration.yaml`` through the toolkit blankets; tables
come from the alembic migrations in ``ckanext/pekalongan/migration/ppid/``
(``ckan db upgrade -p ppid``; CKAN derives that path from this module's
location, so nothing has to be declared here).
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.translation import PekalonganTranslation


@tk.blanket.blueprints
@tk.blanket.helpers
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.cli
@tk.blanket.config_declarations
class PpidPlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "pekalongan_ppid")

    # IMiddleware
    def make_middleware(self, app, config):
        """The client address behind the trusted proxies, the per-client rate
        limits of the anonymous channels, bounded logs of refused requests."""
        from ckan.exceptions import CkanConfigurationException

        from ckanext.pekalongan.ppid import proxies, quietlog, ratelimit

        try:
            networks = proxies.parse_networks(config.get("ckanext.pekalongan.trusted_proxies"))
        except ValueError as e:
            raise CkanConfigurationException(
                f"ckanext.pekalongan.trusted_proxies: {e}"
            ) from None
        app.wsgi_app = proxies.TrustedProxies(app.wsgi_app, networks)
        ratelimit.init_app(app)
        quietlog.install()
        return app
