"""Avatars served by the site or not at all.

A user without a picture gets CKAN's local placeholder (``ckan.gravatar_default`` is set to
``disabled`` by the theme plugin: CKAN's fallback is an image from gravatar.com). A picture
given as a URL on another host (the profile form accepts any URL) is not shown either: the
page would make each visitor's browser ask that host. ``user_image`` and ``linked_user`` are
CKAN's helpers, chained: their ``<img>`` from another host becomes the placeholder.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from markupsafe import Markup

PLACEHOLDER = "/base/images/placeholder-user.png"
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.IGNORECASE)


def is_foreign(src: str, site_url: str) -> bool:
    """An absolute (or protocol-relative) URL on a host other than the site's."""
    parts = urlsplit(src.strip())
    if not parts.netloc:
        return parts.scheme not in ("", "data")
    return parts.netloc.lower() != urlsplit(site_url).netloc.lower()


def localise_images(html: str, site_url: str, placeholder: str) -> str:
    """``html`` with the ``src`` of every ``<img>`` from another host replaced by
    ``placeholder``."""
    return _IMG_SRC.sub(
        lambda m: m.group(1) + (placeholder if is_foreign(m.group(2), site_url)
                                else m.group(2)) + m.group(3), html)


def _local(markup):
    if not markup:
        return markup
    site = tk.config.get("ckan.site_url") or ""
    return Markup(localise_images(str(markup), site, tk.h.url_for_static(PLACEHOLDER)))


@tk.chained_helper
def user_image(next_helper, user_id, size=100):
    return _local(next_helper(user_id, size))


@tk.chained_helper
def linked_user(next_helper, user, maxlength=0, avatar=20):
    return _local(next_helper(user, maxlength, avatar))


def pekalongan_local_image(url: str | None, placeholder: str) -> str:
    """The address to show for an organization's or group's picture: ``url`` when the site
    serves it, else the local ``placeholder`` (a static path): a logo given as a URL on
    another host is never loaded by a visitor's browser."""
    site = tk.config.get("ckan.site_url") or ""
    if url and not is_foreign(url, site):
        return url
    return tk.h.url_for_static(placeholder)
