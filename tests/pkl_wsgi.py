"""The tests' live portals (tests/pkl_live.py ``start_gunicorn``): config/wsgi.py's application,
built after ``pkl_speedups.install_boot``.

Each gunicorn worker loads CKAN and its ~20 plugins, and CKAN's toolkit finds the file of each
plugin that adds a template, public or WebAssets directory with ``inspect.stack()``, reading
the source of every frame of gunicorn's deep stack: ~30 % of a worker's boot, ~20 boots in one
`make test`. The shortcut takes the caller's file from its frame (same directories), and reads
the installed distributions' entry points once for all plugins. Nothing else differs: the
ini, the application and its configuration are config/wsgi.py's. The site itself always runs
config/wsgi.py as it is.

``start_gunicorn`` runs it with ``--preload``: gunicorn's master builds the application once and
forks its workers from it, instead of each worker loading CKAN again (~3 s of CPU per worker).
As CKAN's job worker does before it forks a job, the master then gives back its database
connections, so no worker inherits a connection another process uses (each opens its own on
its first query; Redis clients reconnect in a new process by themselves).
"""
import runpy
from pathlib import Path

import pkl_speedups

pkl_speedups.install_boot()
application = runpy.run_path(
    str(Path(__file__).resolve().parent.parent / "config" / "wsgi.py"))["application"]

from ckan.model import meta  # noqa: E402 - CKAN is configured by the line above

meta.Session.remove()
meta.engine.dispose()
