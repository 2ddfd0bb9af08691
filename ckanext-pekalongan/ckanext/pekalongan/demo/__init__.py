"""Demo catalogue of the portal: OPDs, topic groups and Satu Data datasets.

``catalogue`` is pure data (no CKAN import); ``loader`` writes it into CKAN.
"""
