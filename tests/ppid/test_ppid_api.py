"""Through HTTP: the Action API as a web client sees it (status codes, the
anonymous rate limit per client address, the honeypot, multipart uploads)."""
from __future__ import annotations

import io

import pytest
from ckan.tests import factories

URL = "/api/3/action/ppid_request_create"


def form(kit, **overrides) -> dict:
    data = kit.data(**overrides)
    data["how_to_obtain"] = ",".join(data["how_to_obtain"])
    return data


@pytest.mark.usefixtures("with_plugins")
class TestHttp:
    def test_anonymous_creation_is_rate_limited_per_client_address(self, app, people, kit):
        for _ in range(5):
            ok = app.post(URL, json=form(kit), extra_environ={"REMOTE_ADDR": "10.0.0.7"})
            assert ok.json["result"]["ticket"]
        refused = app.post(URL, json=form(kit), extra_environ={"REMOTE_ADDR": "10.0.0.7"},
                           status=429)
        assert refused.json["error"]["rate_limit"]  # the message is in the site's language
        # another address is not affected
        app.post(URL, json=form(kit), extra_environ={"REMOTE_ADDR": "10.0.0.8"}, status=200)

    def test_the_address_is_only_kept_as_a_keyed_hash(self, app, people, kit):
        from ckan.lib.redis import connect_to_redis

        app.post(URL, json=form(kit), extra_environ={"REMOTE_ADDR": "10.0.0.9"})
        keys = [k.decode() for k in connect_to_redis().keys("*ppid*")]
        assert keys and not any("10.0.0.9" in k for k in keys)

    def test_officers_are_not_rate_limited(self, app, people, kit):
        token = factories.APIToken(user=people.utama["id"])["token"]
        for _ in range(7):
            app.post(URL, json=form(kit, channel="phone"), headers={"Authorization": token},
                     extra_environ={"REMOTE_ADDR": "10.0.0.10"}, status=200)

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_honeypot_hits_do_not_count_against_the_limit(self, app, people, kit):
        # a robot must not lock out the citizens who share its address (issue 17, D5)
        env = {"REMOTE_ADDR": "10.0.0.11"}
        res = app.post(URL, json=form(kit, website="x"), extra_environ=env, status=409)
        assert res.json["error"]["website"]
        app.post(URL, json=form(kit), extra_environ=env, status=200)
        app.post(URL, json=form(kit), extra_environ=env, status=200)
        app.post(URL, json=form(kit), extra_environ=env, status=429)

    def test_multipart_upload_of_a_power_of_attorney(self, app, people, kit):
        data = form(kit)
        data["power_of_attorney"] = (io.BytesIO(kit.PDF), "surat kuasa.pdf")
        res = app.post(URL, data=data, content_type="multipart/form-data",
                       extra_environ={"REMOTE_ADDR": "10.0.0.12"})
        ticket = res.json["result"]["ticket"]
        shown = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert shown["documents"][0]["filename"] == "surat_kuasa.pdf"

    def test_wrong_type_upload_over_http_is_a_409_with_the_field(self, app, people, kit):
        data = form(kit)
        data["power_of_attorney"] = (io.BytesIO(b"GIF89a"), "kuasa.gif")
        res = app.post(URL, data=data, content_type="multipart/form-data",
                       extra_environ={"REMOTE_ADDR": "10.0.0.13"}, status=409)
        assert "power_of_attorney" in res.json["error"]

    def test_officer_actions_need_a_login(self, app, people, kit):
        r = kit.new_request()
        res = app.post("/api/3/action/ppid_request_route",
                       json={"ticket": r["ticket"], "org": "dinas-kesehatan"}, status=403)
        assert res.json["success"] is False
