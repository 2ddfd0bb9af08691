"""Lighter versions of CKAN core's asset bundles (issue #14, page weight).

``vendor/vendor`` (jed, moment, select2, popper, DOMPurify) is loaded on every page before
CKAN's own scripts. CKAN lets a plugin replace a core bundle by registering the same name
first (``ckan.lib.webassets_tools.register_core_assets``): ``register`` does that from the
theme's ``update_config``, with the same files and dependencies, but moment carries only the
locales the site offers (``moment_locales``). The bundle is built, fingerprinted and
minified by webassets as CKAN's are.

``remember_bundle_urls`` (issue #14, render time): outside debug mode webassets checks the
timestamps of every source file of a bundle each time a page includes it (``auto_build``),
~20 bundles and a few hundred ``stat`` calls per page. The files of a running site do not
change (a deploy starts new processes), so once a bundle has been built and its URL computed,
that URL is kept on the bundle object and given again; the first request of each process still
builds what is missing. In debug mode (``debug = true``, development) nothing is kept and an
edited file is rebuilt at the next request, as before.
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


_original_urls = Bundle.urls


def _remembered_urls(self, *args, **kwargs):
    """``Bundle.urls`` kept per bundle after its first answer (see the module docstring)."""
    env = self._env
    if args or kwargs or env is None or env.debug:
        return _original_urls(self, *args, **kwargs)
    kept = self.__dict__.get("_pekalongan_urls")
    if kept is None or kept[0] is not env:
        kept = (env, tuple(_original_urls(self)))
        self.__dict__["_pekalongan_urls"] = kept
    return list(kept[1])


def remember_bundle_urls() -> None:
    """Install ``_remembered_urls`` (idempotent; from ``IConfigurable.configure``)."""
    Bundle.urls = _remembered_urls
