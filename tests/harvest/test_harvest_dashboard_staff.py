"""The harvest dashboard is open to an OPD's own staff (editors as well as admins), for the
sources of their own OPD only; managing a source stays with the OPD's admins."""
from __future__ import annotations

import pytest
from ckan.tests import factories, helpers
from pkl_harvest import PLUGINS, make_source


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestDashboardForOpdStaff:
    @pytest.fixture
    def editor(self, opd):
        user = factories.User()
        helpers.call_action("organization_member_create", id=opd["id"],
                            username=user["name"], role="editor")
        return user

    @pytest.fixture
    def source(self, source_server, opd):
        return make_source(opd["id"], source_server.url("/daftar.xlsx"), title="Sumber Dinkes")

    def test_an_editor_sees_the_sources_of_the_own_opd(self, app, editor, source, opd):
        data = helpers.call_action("pekalongan_harvest_dashboard",
                                   context={"user": editor["name"], "ignore_auth": False})
        [org] = data["organizations"]
        assert org["name"] == opd["name"]
        assert [s["title"] for s in org["sources"]] == ["Sumber Dinkes"]
        token = factories.APIToken(user=editor["name"])["token"]
        page = app.get("/harvest-dashboard", headers={"Authorization": token}, status=200)
        assert "Sumber Dinkes" in page.body

    def test_an_editor_of_another_opd_sees_none_of_them(self, app, source):
        from pkl_factories import Opd

        other = factories.User()
        Opd(users=[{"name": other["name"], "capacity": "editor"}])
        data = helpers.call_action("pekalongan_harvest_dashboard",
                                   context={"user": other["name"], "ignore_auth": False})
        assert [s for o in data["organizations"] for s in o["sources"]] == []
        token = factories.APIToken(user=other["name"])["token"]
        assert "Sumber Dinkes" not in app.get(
            "/harvest-dashboard", headers={"Authorization": token}, status=200).body
        with pytest.raises(helpers.logic.NotFound):
            helpers.call_action("pekalongan_harvest_dashboard",
                                context={"user": other["name"], "ignore_auth": False},
                                organization=source["owner_org"])

    def test_a_member_who_cannot_add_data_is_refused(self, app, opd, source):
        member = factories.User()
        helpers.call_action("organization_member_create", id=opd["id"],
                            username=member["name"], role="member")
        token = factories.APIToken(user=member["name"])["token"]
        page = app.get("/harvest-dashboard", headers={"Authorization": token}, status=403)
        assert "staf OPD" in page.body

    def test_an_editor_still_may_not_run_or_edit_the_source(self, editor, source):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("harvest_job_create",
                                context={"user": editor["name"], "ignore_auth": False},
                                source_id=source["id"])
