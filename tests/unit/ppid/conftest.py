"""Make ``ckanext.pekalongan`` importable from the source tree for the pure
domain tests, without installing the extension and without loading CKAN.

When CKAN is installed, its ``*-nspkg.pth`` files create the ``ckanext``
namespace at start-up from site-packages only, so ``PYTHONPATH`` alone does
not expose ``ckanext/pekalongan``; extend the namespace path here. Harmless
when the extension is installed (editable or not).
"""

from __future__ import annotations

import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parents[3] / "ckanext-pekalongan"


def _expose_source_tree() -> None:
    if str(_SRC) not in sys.path:
        sys.path.insert(0, str(_SRC))
    import ckanext

    package_dir = str(_SRC / "ckanext")
    if package_dir not in list(ckanext.__path__):
        ckanext.__path__.append(package_dir)


_expose_source_tree()
