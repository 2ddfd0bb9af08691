"""The PPID pages under hostile input and for privacy: control characters and
NUL bytes in forms are form errors (never a 500); the receipt date can be
corrected by PPID Utama from the request page; the tracking code never travels
in a URL (no Location header, no link, refused in an API query string); and
every page or API answer with personal data or a code is ``private, no-store``."""
from __future__ import annotations

import re

import ckan.model as model
import pytest
from ckan.tests import factories
from freezegun import freeze_time

from ckanext.pekalongan.ppid.model import PpidRequest


def html(response) -> str:
    return response.get_data(as_text=True)


def form_of(kit, **overrides) -> dict:
    data = kit.data(**overrides)
    data["how_to_obtain"] = list(data["how_to_obtain"])
    return data


def stored() -> int:
    return model.Session.query(PpidRequest).count()


def assert_private(response) -> None:
    cache = response.headers.get("Cache-Control", "")
    assert "private" in cache and "no-store" in cache, cache
    assert "public" not in cache and "max-age" not in cache, cache


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestFormsRefuseControlCharacters:
    @pytest.mark.parametrize("field,value", [
        ("name", "Budi\x00"), ("name", "Budi\nSantoso"), ("name", "Budi \u202eosotnaS"),
        ("information", "Data\x00"), ("purpose", "x\u200b"), ("email", "budi\x00@mail.id"),
        ("nik", "3326011203900001\x00"), ("email", "büdi@mail.example"),
    ])
    def test_the_citizen_form_shows_a_field_error(self, people, browser_factory, kit,
                                                  field, value):
        response = browser_factory().post("/ppid/permohonan/baru",
                                          form_of(kit, **{field: value}))
        assert response.status_code == 400
        assert f'id="field-{field}"' in html(response)
        assert stored() == 0

    def test_the_tracking_form_with_a_nul_byte(self, people, browser_factory):
        response = browser_factory().post("/ppid/lacak", {"ticket": "PPID\x00",
                                                          "tracking_code": "A\x00"})
        assert response.status_code == 400
        assert "U+0000" in html(response)

    def test_pages_with_hostile_query_arguments(self, people, browser_factory, kit):
        browser = browser_factory()
        assert browser.get("/ppid/register?halaman=" + "9" * 30).status_code == 200
        assert browser.get("/ppid/register?halaman=-1&tahun=%00").status_code == 200
        page = browser.get("/ppid/tenggat?mulai=9999-12-31&hari=10")
        assert page.status_code == 200 and "2100-12-31" in html(page)
        assert browser.get("/ppid/tenggat?mulai=2026-03-16&hari=" + "9" * 30).status_code == 200
        officer = browser_factory(people.utama)
        assert officer.get("/ppid/admin?q=%00&halaman=" + "9" * 30).status_code == 200
        assert officer.get("/ppid/admin/PPID%00").status_code == 403
        assert officer.get("/ppid/admin/keberatan/KEB%00").status_code == 403


@pytest.mark.usefixtures("with_plugins")
class TestCorrectReceiptForm:
    def test_utama_corrects_a_receipt_date_from_the_request_page(
            self, people, browser_factory, kit):
        with freeze_time(kit.MONDAY):
            r = kit.act("ppid_request_create", people.utama,
                        **kit.data(received_on="2026-03-16", channel="letter"))
            officer = browser_factory(people.utama)
            url = f"/en/ppid/admin/{r['ticket']}"
            assert 'value="correct_receipt"' in html(officer.get(url))
            bad = officer.post(url, {"form": "correct_receipt", "received_on": "2023-05-01",
                                     "reason": "Salah tanggal"})
            assert bad.status_code == 400 and "2024-01-01" in html(bad)
            done = officer.post(url, {"form": "correct_receipt", "received_on": "2026-03-09",
                                      "reason": "Salah tanggal"}, follow_redirects=True)
            page = html(done)
        assert "The receipt date was corrected" in page
        assert "Receipt date corrected" in page and "Salah tanggal" in page
        assert "March 9, 2026" in page

    def test_a_pelaksana_gets_no_correction_form(self, people, browser_factory, kit):
        r = kit.act("ppid_request_create", None, **kit.data(target_org="dinas-kesehatan"))
        kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        page = html(browser_factory(people.pelaksana).get(f"/ppid/admin/{r['ticket']}"))
        assert "ppid_admin.request_read" not in page and 'value="correct_receipt"' not in page


def urls_in(page: str) -> list[str]:
    return re.findall(r'(?:href|src|action|content)="([^"]*)"', page)


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestTrackingCodeNeverInUrls:
    def test_a_citizen_walk_leaves_the_code_in_no_url(self, people, browser_factory, kit):
        browser = browser_factory()
        seen_urls, locations = [], []

        def visit(response):
            if response.status_code in (301, 302, 303):
                locations.append(response.headers["Location"])
            else:
                seen_urls.extend(urls_in(html(response)))
            assert_private(response)
            return response

        filed = visit(browser.post("/ppid/permohonan/baru", form_of(kit),
                                   follow_redirects=False))
        receipt = visit(browser.get(filed.headers["Location"]))
        code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', html(receipt)).group(1)
        ticket = re.search(r'data-testid="ticket">([^<]+)<', html(receipt)).group(1)
        tracked = visit(browser.post("/ppid/lacak", {"ticket": ticket, "tracking_code": code},
                                     follow_redirects=False))
        visit(browser.get(tracked.headers["Location"]))
        visit(browser.get(f"/ppid/lacak/{ticket}/tenggat"))
        visit(browser.get(f"/ppid/keberatan/baru?ticket={ticket}"))
        for variant in (code, code.replace("-", ""), code.lower()):
            assert not [u for u in seen_urls + locations if variant in u]
        assert locations  # the walk did redirect

    def test_the_api_refuses_a_code_in_the_query_string(self, app, people, kit):
        r = kit.act("ppid_request_create", None, **kit.data())
        for method in (app.get, app.post):
            res = method("/api/3/action/ppid_request_show", status=409,
                         query_string={"ticket": r["ticket"], "tracking_code": r["tracking_code"]})
            assert res.json["error"]["tracking_code"]
            assert_private(res)
        ok = app.post("/api/3/action/ppid_request_show",
                      json={"ticket": r["ticket"], "tracking_code": r["tracking_code"]})
        assert ok.json["result"]["nik"] == kit.NIK
        assert_private(ok)


@pytest.mark.usefixtures("with_plugins")
class TestNoStore:
    def test_api_answers_with_personal_data_are_private_no_store(self, app, people, kit):
        r = kit.act("ppid_request_create", None, **kit.data())
        token = {"Authorization": factories.APIToken(user=people.utama["id"])["token"]}
        for action, body in (("ppid_request_show", {"ticket": r["ticket"]}),
                             ("ppid_request_list", {}),
                             ("ppid_deadline_explain", {"ticket": r["ticket"]})):
            assert_private(app.post(f"/api/3/action/{action}", json=body, headers=token))
            assert_private(app.get(f"/api/3/action/{action}", query_string=body,
                                   headers=token))
        assert_private(app.post("/api/3/action/ppid_request_create", json=kit.data()))

    def test_pages_are_private_no_store(self, people, browser_factory, kit):
        r = kit.act("ppid_request_create", None, **kit.data())
        for url in ("/ppid/", "/ppid/lacak", "/ppid/permohonan/baru"):
            assert_private(browser_factory().get(url))
        assert_private(browser_factory(people.utama).get(f"/ppid/admin/{r['ticket']}"))
