"""Web UI of the PPID service: two Blueprints under ``/ppid``, ``ppid`` (citizens,
``citizen.py``) and ``ppid_admin`` (officers, ``officer.py``; pages under ``/ppid/admin``).

Citizens (no account): the landing page, the request form and its printable
receipt, tracking with ticket + tracking code, the written notice, the
objection form, the public registers, the annual report and the deadline
explanation. Officers: the queue, walk-in registration, the request page with
its forms (route, extend, decide, documents, withdraw, written objections),
objections for the Atasan PPID and the holiday calendar.

Views call ``tk.get_action`` and render; every rule lives in the actions and
their auth functions. Two pieces of UI state are kept server-side in Redis,
never in a URL or a cookie: the tracking code shown once on the receipt (taken
with GETDEL, so a reload no longer shows it) and, after a successful tracking
form, the code that lets this browser session reopen its own request for a
while. The signed session cookie only holds random keys to them.
"""
from ckanext.pekalongan.ppid.views import notice_link as _notice_link  # noqa: F401 - routes
from ckanext.pekalongan.ppid.views.citizen import ppid
from ckanext.pekalongan.ppid.views.officer import ppid_admin
from ckanext.pekalongan.ppid.views.registers import ppid_registers
from ckanext.pekalongan.ppid.views.service import ppid_service

__all__ = ["ppid", "ppid_admin", "ppid_service", "ppid_registers"]
