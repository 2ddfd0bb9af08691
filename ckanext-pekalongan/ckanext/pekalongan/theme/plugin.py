"""The ``pekalongan`` plugin: the regency's theme, home page and demo catalogue CLI, and the
security of the site's answers (``web_security``: CSP, upload headers, CSRF)."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.translation import PekalonganTranslation


def helpers() -> dict:
    from ckanext.pekalongan.theme import helpers as theme_helpers

    return theme_helpers.get_helpers()


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers(helpers)
@tk.blanket.validators
@tk.blanket.cli
@tk.blanket.blueprints
@tk.blanket.config_declarations
class PekalonganThemePlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IConfigurable)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IFeed, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "pekalongan")
        # CKAN's vendor scripts with moment's locales cut to the site's (page weight)
        from ckanext.pekalongan.theme import light_assets

        light_assets.register(tk.aslist(config.get("ckan.locales_offered")) or ["id", "en"])
        # avatars are served by the site or not at all: CKAN's fallback for a user without a
        # picture is an <img> from gravatar.com, a third party; its placeholder is local
        config["ckan.gravatar_default"] = "disabled"

    # IFeed: CKAN's dataset feeds with absolute links, page links, no personal data
    def get_feed_class(self):
        from ckanext.pekalongan.theme.feeds import PekalonganFeed

        return PekalonganFeed

    def get_item_additional_fields(self, dataset_dict):
        from ckanext.pekalongan.theme.feeds import dataset_item_fields

        return dataset_item_fields(dataset_dict)

    # IPackageController: Kabar Pembangunan posts only where a search asks for them
    def before_dataset_search(self, search_params):
        from ckanext.pekalongan.theme.kabar import exclude_posts

        search_params["fq"] = exclude_posts(search_params.get("fq") or "")
        return search_params

    # IResourceController: a post's picture is an uploaded raster image
    def before_resource_create(self, context, resource):
        from ckanext.pekalongan.theme.kabar_files import refuse_bad_picture

        refuse_bad_picture(context, resource)

    def before_resource_update(self, context, current, resource):
        from ckanext.pekalongan.theme.kabar_files import refuse_bad_picture

        refuse_bad_picture(context, resource, current)

    # IMiddleware
    def make_middleware(self, app, config):
        from ckanext.pekalongan.theme import activity_links, web_security

        web_security.install(app)
        activity_links.install(app)
        if hasattr(app, "view_functions"):  # the Flask app: its home page without a search
            from ckanext.pekalongan.theme import home_view

            home_view.install(app)
        return app

    # IConfigurable
    def configure(self, config):
        # what anonymous pages show is kept until the data changes (page_cache)
        from ckanext.pekalongan.theme import page_cache

        page_cache.install()
        # a built bundle's URL is not recomputed (stat of every source file) on each page
        from ckanext.pekalongan.theme import light_assets

        light_assets.remember_bundle_urls()
        # CKAN's scripts read their strings from /api/i18n/<lang> (see js_translations)
        from ckanext.pekalongan.theme import js_translations

        try:
            js_translations.build(tk.aslist(config.get("ckan.locales_offered")) or ["id", "en"])
        except OSError as err:  # never keep the site from starting
            import logging

            logging.getLogger(__name__).warning("JavaScript translations not written: %s", err)
