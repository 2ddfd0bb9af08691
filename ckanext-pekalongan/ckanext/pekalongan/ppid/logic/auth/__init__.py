"""Auth functions of the PPID actions (one per action, same name).

Roles, mapped onto CKAN organizations (an administrator assigns them in the
organization's *Members* page, or with ``organization_member_create``):

=================  ==========================================================
Role               Who
=================  ==========================================================
sysadmin           CKAN sysadmins: everything (holidays included).
PPID Utama         ``editor`` or ``admin`` of the organization named by
                   ``ckanext.pekalongan.ppid.utama_organization`` (default
                   ``dinas-komunikasi-dan-informatika``): sees every request,
                   routes, extends, decides, attaches documents, withdraws on
                   the requester's behalf, registers written objections,
                   corrects a wrong receipt date (with a reason, audited).
PPID Pelaksana     ``editor`` or ``admin`` of any other OPD organization: sees
                   the requests routed to that OPD (or, before routing,
                   addressed to it); extends, decides, attaches documents and
                   withdraws the requests *routed* to it. Cannot route.
Atasan PPID        Member in any capacity of the organization named by
                   ``ckanext.pekalongan.ppid.atasan_organization`` (default
                   ``atasan-ppid``): decides objections, reads every request
                   and objection, registers written objections; cannot
                   route, extend or decide requests.
requester          Anyone holding the ticket *and* its tracking code: sees
                   their own request with personal data, its timeline,
                   released documents and objections; withdraws it; files
                   objections.
anyone             Files requests (rate-limited per client address), reads
                   the holiday table, explains a date from a start and a
                   number of days, reads the public registers and the annual
                   report (no personal data in any of them).
=================  ==========================================================

PPID Utama may *not* decide objections (the Atasan PPID answers objections
against the PPID's own responses, Pasal 36), unless the same user is also a
member of the Atasan organization. ``member`` capacity in an OPD gives no
PPID role.

For the actions a requester may call with a tracking code, a refusal is
turned by the action into the one "not found" answer (same message for an
unknown ticket and a wrong code).
"""
from ckanext.pekalongan.ppid.logic.auth.create import (
    ppid_document_create,
    ppid_holiday_create,
    ppid_objection_create,
    ppid_request_create,
)
from ckanext.pekalongan.ppid.logic.auth.delete import (
    ppid_holiday_delete,
)
from ckanext.pekalongan.ppid.logic.auth.get import (
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
from ckanext.pekalongan.ppid.logic.auth.notice_link import (  # the decision link (15B)
    ppid_notice_link_show,
)
from ckanext.pekalongan.ppid.logic.auth.registers import (  # DIP and DIK (#15)
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
from ckanext.pekalongan.ppid.logic.auth.service import (
    ppid_annual_report_update,
    ppid_dispute_bundle_show,
    ppid_dispute_record,
    ppid_dispute_show,
    ppid_service_standard_show,
    ppid_service_standard_update,
)
from ckanext.pekalongan.ppid.logic.auth.update import (
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
