"""The ``pekalongan_search`` plugin: Indonesian search, facets, suggestions, "did you mean"."""
