"""Harvesters that keep each OPD's datasets in sync (see the Harvest issue).

The distribution is installed next to ckanext-pekalongan; harvesters are added here as
``harvesters/ckanext/pekalongan_harvesters/<source>.py`` with one ``ckan.plugins`` entry point
each.
"""
