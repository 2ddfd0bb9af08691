"""Actions that remove PPID records (a holiday: a soft delete)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.pekalongan.casework import calendar as calendar_store
from ckanext.pekalongan.casework.model import CalendarHoliday
from ckanext.pekalongan.ppid import (
    dictization,
    roles,
    states,
)
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic.common import (
    raise_errors,
    record_calendar_change,
    screen,
    transaction,
    validate,
)


def ppid_holiday_delete(context: Context, data_dict: DataDict) -> dict:
    """Remove a holiday (sysadmins; a soft delete). Stored due dates never move.

    :param id: the holiday's id
    :returns: the holiday (``active`` false) plus the new ``calendar_version``
    """
    screen(context, data_dict, ppid_schema.holiday_delete_schema)
    tk.check_access("ppid_holiday_delete", context, data_dict)
    data, errors = validate(context, data_dict, ppid_schema.holiday_delete_schema)
    raise_errors(errors)
    row = model.Session.get(CalendarHoliday, data["id"])
    if row is None or not row.active:
        raise tk.ObjectNotFound(tk._("Holiday not found."))
    with transaction(context):
        calendar_store.remove_holiday(row, roles.user_id(context))
        version = record_calendar_change(context, states.Event.HOLIDAY_DELETE, row)
    return {**dictization.holiday_dict(row), "calendar_version": version}
