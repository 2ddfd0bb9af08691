"""CSRF (issue 17, defect 6): every state-changing request of a browser session needs a
valid token, in every plugin of the site.

A person logs in through CKAN's login form (a real session cookie). Posts without the
token are refused (400) — on the PPID pages even with an ``Authorization`` header next to
the cookie, on the DataStore and xloader pages, on the log-in form; ckanext-harvest's
delete / clear / re-run links change nothing on GET (a confirmation form is shown); and
the same forms with their token still work, as does the API with a token and no cookie.
"""
from __future__ import annotations

import re

import pytest
from pkl_web import alerts, csrf_token

PASSWORD = "Rahasia-123"


class Browser:
    """A Flask test client that keeps its cookies, like one browser."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, url: str, **kw):
        return self.client.get(url, follow_redirects=False, **kw)

    def post(self, url: str, **kw):
        return self.client.post(url, follow_redirects=False, **kw)

    def token(self, url: str = "/dataset/") -> str:
        return csrf_token(self.get(url).get_data(as_text=True))

    def login(self, user: dict) -> Browser:
        response = self.post("/user/login", data={
            "login": user["name"], "password": PASSWORD,
            "_csrf_token": self.token("/user/login")})
        assert response.status_code == 302, alerts(response.get_data(as_text=True))
        return self


@pytest.fixture
def admin(clean_db, with_plugins):
    from ckan.tests import factories

    return factories.SysadminWithToken(password=PASSWORD)


@pytest.fixture
def session(app, admin):
    return Browser(app).login(admin)


def _action(action: str, /, **data):
    from ckan.tests import helpers

    return helpers.call_action(action, **data)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestPpidForms:
    def _holidays(self, year: str = "2031") -> list:
        return _action("ppid_holiday_list", year=year)["results"]

    def test_cookie_plus_any_authorization_header_needs_the_token(self, session):
        before = len(self._holidays())
        for header in ("bogus", "Bearer x.y.z"):
            response = session.post(
                "/ppid/admin/hari-libur", headers={"Authorization": header},
                data={"date": "2031-05-05", "name": "Libur uji", "kind": "national"})
            assert response.status_code == 400, header
        assert len(self._holidays()) == before

    def test_the_form_with_its_token_still_works(self, session):
        before = len(self._holidays())
        response = session.post(
            "/ppid/admin/hari-libur",
            data={"date": "2031-05-06", "name": "Libur uji", "kind": "national",
                  "_csrf_token": session.token("/ppid/admin/hari-libur")})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        assert len(self._holidays()) == before + 1

    def test_the_api_with_a_valid_token_and_no_cookie_still_works(self, app, admin):
        response = Browser(app).post(
            "/api/3/action/ppid_holiday_create", headers={"Authorization": admin["token"]},
            json={"date": "2031-05-07", "name": "Libur API", "kind": "national"})
        assert response.status_code == 200, response.get_data(as_text=True)[:500]


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_anonymous_cookie_plus_bogus_authorization_cannot_post_the_login_form(app, admin):
    """CKAN skips the check whenever its token loader ran, even for a header that logs
    nobody in: a forged log-in (into the attacker's account) must still be refused."""
    visitor = Browser(app)
    visitor.token("/user/login")  # the visitor has a session cookie
    response = visitor.post("/user/login", headers={"Authorization": "bogus"},
                                   data={"login": admin["name"], "password": PASSWORD})
    assert response.status_code == 400
    assert "_user_id" not in response.headers.get("Set-Cookie", "")
    dashboard = visitor.get("/dashboard/datasets")
    assert dashboard.status_code in (302, 403)


# --------------------------------------------------------------------------- harvest

@pytest.fixture
def harvest_source(admin):
    from pkl_factories import Opd

    opd = Opd()
    return _action("harvest_source_create", context={"user": admin["name"]},
                   name="sumber-csrf", title="Sumber CSRF", url="http://example.com/catalog",
                   source_type="pekalongan_dcat_rdf", owner_org=opd["id"],
                   frequency="MANUAL")


def _source_state(source_id: str) -> str:
    import ckan.model as model

    model.Session.remove()
    return model.Package.get(source_id).state


def _jobs(source_id: str) -> list:
    return _action("harvest_job_list", source_id=source_id)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestHarvestLinks:
    @pytest.mark.parametrize("path", ["/harvest/delete/{id}?clear=true",
                                      "/harvest/delete/{id}", "/harvest/clear/{id}",
                                      "/harvest/refresh/{id}"])
    def test_get_changes_nothing_and_asks_for_confirmation(self, session, harvest_source,
                                                           path):
        response = session.get(path.format(id=harvest_source["id"]))
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'id="pekalongan-confirm-action"' in page and 'method="post"' in page
        assert _source_state(harvest_source["id"]) == "active"
        assert _jobs(harvest_source["id"]) == []

    def test_post_without_token_is_refused(self, session, harvest_source):
        for path in ("/harvest/delete/{id}?clear=true", "/harvest/clear/{id}",
                     "/harvest/refresh/{id}"):
            response = session.post(path.format(id=harvest_source["id"]))
            assert response.status_code == 400, path
        assert _source_state(harvest_source["id"]) == "active"
        assert _jobs(harvest_source["id"]) == []

    def test_confirmed_post_with_token_deletes(self, session, harvest_source):
        url = f"/harvest/delete/{harvest_source['id']}?clear=true"
        page = session.get(url).get_data(as_text=True)
        action = re.search(r'id="pekalongan-confirm-action" action="([^"]+)"', page).group(1)
        assert action.replace("&amp;", "&") == url
        response = session.post(url, data={"_csrf_token": csrf_token(page)})
        assert response.status_code == 302
        assert _source_state(harvest_source["id"]) == "deleted"

    def test_stop_job_link_needs_a_post(self, session, harvest_source):
        job = _action("harvest_job_create", source_id=harvest_source["id"], run=False)
        url = f"/harvest/{harvest_source['name']}/job/{job['id']}/abort"
        assert session.get(url).status_code == 200
        assert session.post(url).status_code == 400
        assert _action("harvest_job_show", id=job["id"])["status"] == "New"
        page = session.get(url).get_data(as_text=True)
        assert session.post(url, data={"_csrf_token": csrf_token(page)}) \
            .status_code == 302
        assert _action("harvest_job_show", id=job["id"])["status"] != "New"


# --------------------------------------------------------------------------- DataStore

@pytest.fixture
def table(admin):
    from pkl_factories import SatuDataset

    dataset = SatuDataset()
    resource = _action("resource_create", context={"user": admin["name"]},
                       package_id=dataset["id"], name="tabel",
                       url="http://example.com/tabel.csv", format="CSV")
    _action("datastore_create", context={"user": admin["name"]},
            resource_id=resource["id"], force=True,
            fields=[{"id": "tahun", "type": "int"}], records=[{"tahun": 2024}])
    return dataset, resource


def _datastore_exists(resource_id: str) -> bool:
    import ckan.plugins.toolkit as tk

    try:
        _action("datastore_search", resource_id=resource_id)
        return True
    except tk.ObjectNotFound:
        return False


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestDataStorePages:
    def test_dictionary_post_without_token_is_refused(self, session, table):
        dataset, resource = table
        url = f"/dataset/{dataset['name']}/dictionary/{resource['id']}"
        response = session.post(url, data={"info__0__label": "Tahun Dicuri"})
        assert response.status_code == 400
        info = _action("datastore_info", id=resource["id"])
        assert not any(f.get("info", {}).get("label") for f in info["fields"])
        page = session.get(url).get_data(as_text=True)
        ok = session.post(url, data={"info__0__label": "Tahun",
                                            "_csrf_token": csrf_token(page)})
        assert ok.status_code == 302

    def test_xloader_delete_and_upload_without_token_are_refused(self, session, table):
        dataset, resource = table
        delete = f"/dataset/{dataset['id']}/delete-datastore/{resource['id']}"
        assert session.post(delete).status_code == 400
        upload = f"/dataset/{dataset['id']}/resource_data/{resource['id']}"
        assert session.post(upload).status_code == 400
        assert _datastore_exists(resource["id"])
        page = session.get(delete).get_data(as_text=True)
        response = session.post(delete, data={"_csrf_token": csrf_token(page)})
        assert response.status_code == 302
        assert not _datastore_exists(resource["id"])
