"""DCAT-AP profile for the Satu Data schema (ckanext-dcat ``ckan.rdf.profiles`` entry point
``pekalongan_satudata``) and its pure vocabulary tables (``vocab.py``)."""
