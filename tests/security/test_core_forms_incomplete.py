"""A hand-made POST to CKAN core's forms without the hidden fields their views read
(``save``, the resource ``id``) gets a 400 with a translated message, never a 500, and
changes nothing; the same forms with their fields still work."""
from __future__ import annotations

import pytest
from pkl_factories import SatuDataset
from pkl_web import PASSWORD, Browser, alerts


@pytest.fixture
def admin(clean_db, with_plugins):
    from ckan.tests import factories

    return factories.Sysadmin(password=PASSWORD)


@pytest.fixture
def session(app, admin):
    return Browser(app).login(admin)


COMPLETE = {"save": "go-metadata", "id": "", "url": "http://example.org/data.csv",
            "name": "Data", "format": "CSV", "description": "Data uji"}


@pytest.mark.parametrize("drop", [("save",), ("id",), ("save", "id")])
def test_new_resource_without_hidden_fields_is_a_400(session, drop):
    from ckan.tests import helpers

    dataset = SatuDataset()
    url = f"/dataset/{dataset['name']}/resource/new"
    data = {key: value for key, value in COMPLETE.items() if key not in drop}
    response = session.post(url, data)
    assert response.status_code == 400
    assert "Muat ulang halaman" in response.get_data(as_text=True)
    assert helpers.call_action("package_show", id=dataset["id"])["resources"] == []
    # the complete form still adds the resource
    response = session.post(url, COMPLETE, follow_redirects=False)
    assert response.status_code == 302, alerts(response.get_data(as_text=True))
    assert len(helpers.call_action("package_show", id=dataset["id"])["resources"]) == 1


def test_edit_resource_and_site_config_without_save_are_400(session):
    from ckan.tests import factories, helpers

    resource = factories.Resource(name="Lama", package_id=SatuDataset()["id"])
    url = f"/dataset/{resource['package_id']}/resource/{resource['id']}/edit"
    assert session.post(url, {"name": "Baru"}).status_code == 400
    assert helpers.call_action("resource_show", id=resource["id"])["name"] == "Lama"
    assert session.post("/ckan-admin/config", {"ckan.site_title": "x"}).status_code == 400
