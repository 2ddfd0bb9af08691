"""Pages of the theme plugin: Capaian Pembangunan (development indicators)."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

pekalongan = Blueprint("pekalongan", __name__)


@pekalongan.route("/capaian-pembangunan")
def indicators():
    return tk.render("pekalongan/indicators.html",
                     {"indicators": tk.h.pekalongan_indicators(limit=50)})
