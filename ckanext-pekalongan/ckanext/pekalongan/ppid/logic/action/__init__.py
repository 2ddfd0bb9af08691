"""Actions of the PPID service (CKAN Action API, ``/api/3/action/<name>``).

Every action follows the same order: ``tk.check_access`` -> navl schema ->
``tk.ValidationError`` -> domain rules (``states.py``, ``workdays.py``) ->
one transaction (rolled back on any error) -> a plain dict. Every state change
appends a ``ppid_event`` row in that same transaction.

Errors:

* ``tk.ValidationError`` (HTTP 409) with field-level messages, e.g.
  ``{"nik": ["A NIK has exactly 16 digits."]}``; a refused state change is
  reported under ``"status"``; the anonymous rate limit under ``"rate_limit"``.
  Parameters of the wrong shape (a list or a number where text is expected,
  NUL and other control or invisible characters) are refused first, before
  the auth function looks anything up (``validators.screen``).
* ``tk.NotAuthorized`` (403) when a role may not do something.
* ``tk.ObjectNotFound`` (404) when a ticket is unknown *or* the tracking code
  is wrong: both give the very same message, so nobody can probe.

Personal data (NIK, name, address, phone, e-mail) never reaches the audit
trail, the logs or an error message.
"""
from ckanext.pekalongan.ppid.logic.action.create import (
    ppid_document_create,
    ppid_holiday_create,
    ppid_objection_create,
    ppid_request_create,
)
from ckanext.pekalongan.ppid.logic.action.delete import ppid_holiday_delete
from ckanext.pekalongan.ppid.logic.action.get import (
    ppid_annual_report,
    ppid_deadline_explain,
    ppid_document_show,
    ppid_holiday_list,
    ppid_objection_show,
    ppid_register_list,
    ppid_request_export,
    ppid_request_list,
    ppid_request_show,
)
from ckanext.pekalongan.ppid.logic.action.notice_link import (  # the decision link (15B)
    ppid_notice_link_show,
)
from ckanext.pekalongan.ppid.logic.action.registers import (  # DIP and DIK (#15)
    ppid_dik_entry_create,
    ppid_dik_entry_delete,
    ppid_dik_entry_list,
    ppid_dik_entry_show,
    ppid_dik_entry_update,
    ppid_dip_entry_create,
    ppid_dip_entry_delete,
    ppid_dip_entry_list,
    ppid_dip_entry_show,
    ppid_dip_entry_update,
    ppid_dip_suggest,
)
from ckanext.pekalongan.ppid.logic.action.service import (
    ppid_annual_report_update,
    ppid_dispute_bundle_show,
    ppid_dispute_record,
    ppid_dispute_show,
    ppid_service_standard_show,
    ppid_service_standard_update,
)
from ckanext.pekalongan.ppid.logic.action.update import (
    ppid_objection_decide,
    ppid_request_correct_receipt,
    ppid_request_decide,
    ppid_request_extend,
    ppid_request_publish,
    ppid_request_route,
    ppid_request_withdraw,
)

__all__ = [
    "ppid_notice_link_show",
    "ppid_request_publish",
    "ppid_request_export",
    "ppid_dispute_bundle_show",
    "ppid_dispute_show",
    "ppid_dispute_record",
    "ppid_service_standard_show",
    "ppid_service_standard_update",
    "ppid_annual_report_update",
    "ppid_request_show",
    "ppid_request_list",
    "ppid_document_show",
    "ppid_objection_show",
    "ppid_holiday_list",
    "ppid_deadline_explain",
    "ppid_register_list",
    "ppid_annual_report",
    "ppid_request_create",
    "ppid_document_create",
    "ppid_objection_create",
    "ppid_holiday_create",
    "ppid_request_route",
    "ppid_request_extend",
    "ppid_request_decide",
    "ppid_request_correct_receipt",
    "ppid_request_withdraw",
    "ppid_objection_decide",
    "ppid_holiday_delete",
    "ppid_dip_entry_create",
    "ppid_dip_entry_update",
    "ppid_dip_entry_delete",
    "ppid_dip_entry_show",
    "ppid_dip_entry_list",
    "ppid_dik_entry_create",
    "ppid_dik_entry_update",
    "ppid_dik_entry_delete",
    "ppid_dik_entry_show",
    "ppid_dik_entry_list",
    "ppid_dip_suggest",
]
