"""Kabar Pembangunan in headless Chromium on a phone (390x844): the list and a post page
pass axe-core (no serious or critical WCAG 2.1 AA violation) and fit the screen; the post
appears on the home page. One post of a demo OPD is written for the test and deleted after."""
from __future__ import annotations

import pytest
from test_accessibility import PHONE, blocking_violations, describe, fresh, module_page, open_page

POST = "kabar-uji-peramban"


@pytest.fixture(scope="module")
def post(demo_site):
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories
    from pkl_search import commit_index

    admin = factories.Sysadmin()
    dataset = next(iter(demo_site.values()))
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["name"]})
    created = tk.get_action("package_create")(
        {"user": admin["name"]},
        {"type": "kabar", "name": POST, "owner_org": shown["owner_org"],
         "title": "Pelayanan Data Terpadu Dibuka di Setiap Kecamatan",
         "notes": "Mulai bulan ini warga dapat meminta data di **kantor kecamatan**. "
                  "Jadwal lengkap ada di [laman resmi](https://pekalongankab.go.id/).\n\n"
                  "- Senin sampai Jumat\n- pukul 08.00-15.00",
         "dataset_terkait": [shown["name"]]})
    commit_index()
    yield created
    tk.get_action("dataset_purge")({"user": admin["name"]}, {"id": created["id"]})
    commit_index()


@pytest.fixture(scope="module")
def phone_page(browser):
    yield from module_page(browser, viewport=PHONE, is_mobile=True, has_touch=True,
                           bypass_csp=True)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/kabar", f"/kabar/{POST}"])
def test_kabar_pages_pass_axe_and_fit_a_phone(live_portal, phone_page, post, path):
    page = fresh(phone_page, PHONE)
    url = live_portal + path
    open_page(page, url)
    assert page.get_attribute("html", "lang") == "id"
    assert "Pelayanan Data Terpadu" in page.inner_text("main, [role=main]")
    scroll, width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= width + 1, f"{url} scrolls sideways ({scroll} > {width})"
    violations = blocking_violations(page)
    assert not violations, describe("kabar", url, violations)


@pytest.mark.browser
def test_post_is_on_the_home_page_with_a_working_link(live_portal, browser, post):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        open_page(page, live_portal + "/")
        link = page.locator("#pkl-kabar-title ~ ul a", has_text="Pelayanan Data Terpadu")
        assert link.count() == 1
        with page.expect_navigation():
            link.click()
        assert page.url.endswith(f"/kabar/{POST}")
        assert page.locator("h1", has_text="Pelayanan Data Terpadu").count() == 1
    finally:
        context.close()
