"""Auth of the PPID delete actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid.logic.auth.common import (
    refuse,
)


def ppid_holiday_delete(context, data_dict):
    return refuse(tk._("Only sysadmins manage the holiday calendar."))
