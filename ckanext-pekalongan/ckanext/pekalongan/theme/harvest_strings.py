"""The English strings of ckanext-harvest's pages that an OPD's officers see, listed here so
that our catalogue translates them (ckanext-harvest ships no Indonesian catalogue; its
``_()`` calls find these translations in the merged catalogues). The frequency names are
``h.harvest_frequencies()``'s ``_(name.title())``."""
from __future__ import annotations

from ckanext.pekalongan.text import N_

HARVEST_STRINGS = (
    N_("Harvest Sources"),
    N_("Create Harvest Source"),
    N_("Create harvest source"),
    N_("Add Harvest Source"),
    N_("Search harvest sources..."),
    N_("Manual"),
    N_("Monthly"),
    N_("Weekly"),
    N_("Biweekly"),
    N_("Daily"),
    N_("Always"),
)
