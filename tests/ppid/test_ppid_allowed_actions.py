"""``ppid_request_show`` says which actions the caller may take now (``allowed_actions``): the
state rule and the caller's role together, so the pages never decide it themselves."""
from __future__ import annotations

import pytest


@pytest.mark.usefixtures("with_plugins")
class TestAllowedActions:
    def test_each_role_gets_its_own_actions(self, people, kit):
        receipt = kit.new_request()
        ticket = receipt["ticket"]

        def allowed(user, **extra):
            return set(kit.act("ppid_request_show", user, ticket=ticket, **extra)
                       ["allowed_actions"])

        utama = allowed(people.utama)
        assert {"ppid_request_route", "ppid_request_extend", "ppid_request_decide",
                "ppid_request_correct_receipt", "ppid_request_withdraw",
                "ppid_document_create", "ppid_objection_create"} == utama
        requester = allowed(None, tracking_code=receipt["tracking_code"])
        assert requester == {"ppid_request_withdraw", "ppid_objection_create"}
        atasan = allowed(people.atasan)
        assert "ppid_request_decide" not in atasan and "ppid_request_route" not in atasan
        assert "ppid_objection_create" in atasan

        kit.act("ppid_request_route", people.utama, ticket=ticket, org=people.opd["id"])
        pelaksana = allowed(people.pelaksana)
        assert "ppid_request_decide" in pelaksana and "ppid_request_route" not in pelaksana

        kit.act("ppid_request_withdraw", people.utama, ticket=ticket, reason="Dicabut pemohon")
        assert allowed(people.utama) == set()
        assert allowed(None, tracking_code=receipt["tracking_code"]) == set()
