"""Lighter versions of CKAN core's asset bundles (issue #14, page weight).

``vendor/vendor`` (jed, moment, select2, popper, DOMPurify) is loaded on every page before
CKAN's own scripts. CKAN lets a plugin replace a core bundle by registering the same name
first (``ckan.lib.webassets_tools.register_core_assets``): ``register`` does that from the
theme's ``update_config``, with the same files and dependencies, but moment carries only the
locales the site offers (``moment_locales``). The bundle is built, fingerprinted and
minified by webassets as CKAN's are.
"""
from __future__ import annotations

import os

import ckan
from ckan.lib import webassets_tools
from webassets import Bundle
from webassets.filter import Filter
from webassets.loaders import YAMLLoader

from ckanext.pekalongan.theme.moment_locales import keep_locales

VENDOR = os.path.join(os.path.dirname(ckan.__file__), "public", "base", "vendor")
MOMENT = "moment-with-locales.js"


class MomentLocales(Filter):
    """A webassets input filter: moment-with-locales.js without the locales of other sites;
    every other file passes unchanged."""

    name = "pekalongan_moment_locales"

    def __init__(self, codes: tuple[str, ...] = ("id",)):
        super().__init__()
        self.codes = codes

    def id(self):  # part of webassets' cache key
        return (self.name, self.codes)

    def input(self, _in, out, source_path=None, **kw):
        text = _in.read()
        if source_path and os.path.basename(source_path) == MOMENT:
            text = keep_locales(text, self.codes)
        out.write(text)


def register(locales: list[str]) -> None:
    """Register the light ``vendor/vendor`` before CKAN registers its own (call from
    ``IConfigurer.update_config``): CKAN's definition of the bundle (its files, filters and
    dependencies, read from CKAN's webassets.yml), with moment's locales cut to
    ``locales`` (``ckan.locales_offered``)."""
    name = "vendor/vendor"
    if webassets_tools.is_registered(name):
        return
    core = YAMLLoader(os.path.join(VENDOR, "webassets.yml")).load_bundles()["vendor"]
    codes = tuple(sorted({c.replace("_", "-").lower() for c in locales} - {"en"}))
    bundle = Bundle(
        *(os.path.join(VENDOR, item) for item in core.contents),
        filters=[MomentLocales(codes), *core.filters],
        output="pekalongan/%(version)s_vendor.js",
        extra=dict(core.extra),
    )
    webassets_tools.env.register(name, bundle)
