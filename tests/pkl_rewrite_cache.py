"""Write pytest's cache of assertion-rewritten modules before the suite runs (issue #14).

pytest rewrites the ``assert`` statements of the test modules, the conftests and every
module of a distribution that registers a pytest plugin (CKAN, Faker, Hypothesis, ...:
~450 modules per test worker), and keeps the result in ``__pycache__/*-pytest-*.pyc``, but
only when Python may write bytecode. Where the environment forbids it
(``PYTHONDONTWRITEBYTECODE``), each of the three workers of `make test` rewrote them all
again: ~5 s of CPU per worker at collection alone. pytest still reads a cache it finds, and
a cached module older than its source is rewritten as before, so writing the cache once here
(config/stacklib/install.py ``write_rewrite_cache``, which `prepare` runs at set-up beside
the test databases' initialisation) changes nothing but the time.

Run with the virtualenv's Python: ``python tests/pkl_rewrite_cache.py [tests directory]``.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, _rewrite_test, _write_pyc, get_cache_dir
from _pytest.config import _iter_rewritable_modules

TEST_FILES = ("test_*.py", "*_test.py", "conftest.py")  # pytest's python_files + conftests
_STATE = types.SimpleNamespace(trace=lambda message: None)


def plugin_packages() -> set[str]:
    """The top-level modules pytest marks for rewriting: those of every installed
    distribution with a ``pytest11`` entry point (as ``_mark_plugins_for_rewrite``)."""
    names: set[str] = set()
    for dist in importlib.metadata.distributions():
        if any(ep.group == "pytest11" for ep in dist.entry_points):
            names.update(_iter_rewritable_modules([str(f) for f in dist.files or ()]))
    return names


def sources(tests: Path) -> list[Path]:
    files = {p for pattern in TEST_FILES for p in tests.rglob(pattern)}
    for name in plugin_packages():  # top-level names; a package covers its submodules
        spec = None if "." in name else importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        origin = Path(spec.origin)
        files.update(origin.parent.rglob("*.py") if spec.submodule_search_locations
                     else [origin])
    return sorted(files)


def write(fn: Path) -> bool:
    """The rewritten module's cache, unless an up-to-date one is there; False when the
    module cannot be rewritten (pytest would fail on it the same way, or never import it)."""
    pyc = get_cache_dir(fn) / (fn.name[:-3] + PYC_TAIL)
    if _read_pyc(fn, pyc) is not None:
        return True
    try:
        stat, code = _rewrite_test(fn, None)
        pyc.parent.mkdir(exist_ok=True)
    except (SyntaxError, ValueError, OSError):
        return False
    return _write_pyc(_STATE, code, stat, pyc)


def main(tests: Path) -> int:
    files = sources(tests)
    with ProcessPoolExecutor() as pool:
        written = sum(pool.map(write, files, chunksize=32))
    print(f"{written} of {len(files)} modules in pytest's rewrite cache")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)))
