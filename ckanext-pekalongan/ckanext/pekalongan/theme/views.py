"""Pages of the theme plugin: Capaian Pembangunan (development indicators)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.pekalongan.theme.developer_views import pekalongan_developer  # noqa: F401 (registered)
from ckanext.pekalongan.theme.feed_views import pekalongan_feeds  # noqa: F401 (registered)
from ckanext.pekalongan.theme.kabar_views import pekalongan_kabar  # noqa: F401 (registered)
from ckanext.pekalongan.theme.resonansi_views import pekalongan_resonansi  # noqa: F401 (registered)
from ckanext.pekalongan.theme.stats_views import pekalongan_stats  # noqa: F401 (registered)
from ckanext.pekalongan.theme.topics import pekalongan_topik  # noqa: F401 (registered)

pekalongan = Blueprint("pekalongan", __name__)


@pekalongan.route("/capaian-pembangunan")
def indicators():
    return tk.render("pekalongan/indicators.html",
                     {"indicators": tk.h.pekalongan_indicators(limit=50)})
