"""WCAG 2.1 AA on the public pages, checked by axe-core in headless Chromium.

The live portal (gunicorn on the test site) serves the demo catalogue; every public page a
citizen meets — home (desktop and phone), dataset search (with results and with none),
dataset, resource, organization list and page, the OPD scorecard, the developers' page, the
development indicators, the PPID landing page, request form (empty and with its validation
errors) and tracking form, log-in, and the English home and dataset pages — is checked with
axe-core (bundled in the ``axe-playwright-python`` wheel, injected into the page: nothing is
fetched from the internet) for the WCAG 2.0/2.1 A and AA rules. A violation of impact
*serious* or *critical* fails the test, naming the rule, its impact and the elements; so does
text on a background image or gradient, whose contrast axe cannot measure.

Screenshots of the home, search and dataset pages (desktop, and the home page on a phone)
are saved in var/screenshots/ for review.
"""
from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# (case, language, path or a key of ``demo_urls``)
PAGES = [
    ("home", "id", "/"),
    ("search", "id", "/dataset/"),
    ("search-no-results", "id", "/dataset/?q=zzqxwvyy"),
    ("dataset", "id", "{dataset}"),
    ("resource", "id", "{resource}"),
    ("organizations", "id", "/organization/"),
    ("organization", "id", "{organization}"),
    ("opd-scorecard", "id", "/skor-opd"),
    ("developers", "id", "/pengembang"),
    ("indicators", "id", "/capaian-pembangunan"),
    ("ppid", "id", "/ppid/"),
    ("ppid-request-form", "id", "/ppid/permohonan/baru"),
    ("ppid-track", "id", "/ppid/lacak"),
    ("login", "id", "/user/login"),
    ("home-phone", "id", "/"),
    ("home", "en", "/en/"),
    ("dataset", "en", "/en{dataset}"),
]


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


@pytest.fixture(scope="module")
def demo_urls(demo_site):
    """Paths of one demo dataset, its CSV resource and its OPD."""
    import ckan.plugins.toolkit as tk

    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": DATASET})
    resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    return {
        "dataset": f"/dataset/{DATASET}",
        "resource": f"/dataset/{DATASET}/resource/{resource['id']}",
        "organization": f"/organization/{dataset['organization']['name']}",
    }


def module_page(browser, **context_options):
    """Generator for a module fixture: one page in a browser context of its own, for the
    module's tests one after the other (see ``fresh``). A new context and page per test
    cost Chromium a renderer process and about 0.4 s of CPU each."""
    context = browser.new_context(**context_options)
    yield context.new_page()
    context.close()


def fresh(page, viewport: dict):
    """The module's page as a new browser context would give it: no cookies, ``viewport``.
    The context's HTTP cache keeps the site's scripts and styles, as a browser does."""
    page.context.clear_cookies()
    page.set_viewport_size(viewport)
    return page


@pytest.fixture(scope="module")
def visitor_page(browser):
    yield from module_page(browser, viewport=DESKTOP, bypass_csp=True)


@pytest.fixture
def visitor(visitor_page):
    """An anonymous visitor's page (no cookies), desktop sized."""
    return fresh(visitor_page, DESKTOP)


def _unmeasured_contrast(incomplete: list[dict]) -> list[dict]:
    """Text whose contrast axe could not measure because it sits on a background image or
    gradient (axe reports it as "incomplete", not as a violation): our theme puts text on
    solid colours only, so that a brand colour too light for its text is caught. Selects
    keep Bootstrap's arrow image; their text is on white."""
    found = []
    for rule in incomplete:
        if rule["id"] != "color-contrast":
            continue
        nodes = [
            n for n in rule["nodes"]
            if not n["html"].startswith("<select")
            and any(word in c.get("message", "") for c in n.get("any", [])
                    for word in ("background image", "background gradient"))
        ]
        if nodes:
            found.append(dict(rule, impact="serious", nodes=nodes,
                              help="Text on a background image or gradient: contrast unmeasurable"))
    return found


# axe-core's run for the WCAG tags. Only the violations and what it could not decide are
# detailed (the passed and inapplicable rules are not read); frames are not asked (axe is
# injected into the page only, so a frame never answers: it was waited for in vain); of the
# undecided results only the colour contrast (``_unmeasured_contrast``) comes back.
# ``selectors``: the CSS selector of each element found, for a failure's message only.
AXE_RUN = """([tags, selectors]) => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete'],
    selectors, iframes: false,
}).then(r => ({violations: r.violations,
               incomplete: r.incomplete.filter(rule => rule.id === 'color-contrast')}))"""


def axe_results(page, selectors: bool = False) -> dict:
    """axe-core's violations and undecided colour contrast on the page (AXE_RUN),
    injecting axe-core into it first if it is not there yet."""
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.add_script_tag(content=_axe_script())
    return page.evaluate(AXE_RUN, [WCAG_TAGS, selectors])


def _found(page, pick) -> list[dict]:
    """``pick(results)`` of axe-core's run on the page; found any, axe runs again with the
    elements' selectors (``target``), which the failure's message names."""
    for selectors in (False, True):
        found = pick(axe_results(page, selectors))
        if not found:
            break
    return found


def _serious(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def serious_violations(page) -> list[dict]:
    """Run axe-core on the page for the WCAG 2.x A/AA rules; the serious and critical
    violations (for the tests that do not check the unmeasured contrast)."""
    return _found(page, _serious)


def blocking_violations(page) -> list[dict]:
    """Run axe-core on the page for the WCAG 2.x A/AA rules; the serious and critical
    violations, and text whose contrast cannot be measured."""
    return _found(page, lambda r: _serious(r) + _unmeasured_contrast(r["incomplete"]))


def describe(case: str, url: str, violations: list[dict]) -> str:
    lines = [f"{case} ({url}): {len(violations)} serious/critical WCAG 2.1 AA violation(s)"]
    for v in violations:
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"]]
        more = f" (+{len(targets) - 6} more)" if len(targets) > 6 else ""
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']}: "
                     f"{'; '.join(targets[:6])}{more}")
    return "\n".join(lines)


def open_page(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"


@pytest.mark.browser
@pytest.mark.parametrize(("case", "lang", "path"), PAGES,
                         ids=[f"{case}-{lang}" for case, lang, _ in PAGES])
def test_public_page_has_no_serious_wcag_21_aa_violation(
    live_portal, visitor, demo_urls, case, lang, path
):
    url = live_portal + path.format(**demo_urls)
    if case == "home-phone":
        visitor.set_viewport_size(PHONE)
    open_page(visitor, url)
    assert visitor.get_attribute("html", "lang") == lang
    violations = blocking_violations(visitor)
    assert not violations, describe(f"{case}-{lang}", url, violations)


@pytest.mark.browser
def test_ppid_request_form_with_its_errors_has_no_serious_violation(
    live_portal, visitor, demo_site
):
    """The request form sent empty comes back with its error summary and field errors."""
    url = live_portal + "/ppid/permohonan/baru"
    open_page(visitor, url)
    with visitor.expect_navigation():
        visitor.locator("form[data-pkl-conditional] button[type=submit]").click()
    assert visitor.locator(".error-explanation, .pkl-error-summary, [role=alert]").count() > 0
    assert visitor.locator(".error-block, .invalid-feedback, .pkl-field-error").count() > 0
    assert visitor.get_attribute("html", "lang") == "id"
    violations = blocking_violations(visitor)
    assert not violations, describe("ppid-request-form-errors", url, violations)


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.browser
def test_screenshots_of_home_search_and_dataset_are_saved(live_portal, visitor, demo_urls):
    saved = []
    for name, path in [("home", "/"), ("search", "/dataset/"), ("dataset", demo_urls["dataset"])]:
        open_page(visitor, live_portal + path)
        saved.append(_shot(visitor, f"portal-{name}-id"))
    visitor.set_viewport_size(PHONE)
    open_page(visitor, live_portal + "/")
    saved.append(_shot(visitor, "portal-home-id-phone"))
    for path in saved:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
        assert path.stat().st_size > 10_000, path


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "{dataset}", "/dataset/", "/ppid/permohonan/baru"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(
    live_portal, phone_page, demo_urls, path
):
    page = fresh(phone_page, PHONE)
    open_page(page, live_portal + path.format(**demo_urls))
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const over = [...document.querySelectorAll('body *')].filter(el => {
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.right > width + 1
                    && getComputedStyle(el).position !== 'fixed'
                    && !el.closest('.pkl-hp, .visually-hidden, .sr-only, [aria-hidden=true]')
                    && !el.closest('[style*="overflow"], .table-responsive, pre');
            });
            return {scroll: document.documentElement.scrollWidth, width,
                    over: over.slice(0, 5).map(el => el.outerHTML.slice(0, 120))};
        }"""
    )
    assert wide["scroll"] <= wide["width"], wide


# --- the officer's pages (signed in), desktop 1366x768, in both languages -------------------
OFFICE = {"width": 1366, "height": 768}
# (case, path); the 11B cases are the data officer's forms owned by helper 11B
OFFICER_PAGES = [
    ("dashboard", "/dashboard/"),
    ("user-edit", "/user/edit/{user}"),
    ("user-api-tokens", "/user/{user}/api-tokens"),
    ("organization-members", "/organization/manage_members/{organization_name}"),
    ("organization-bulk", "/organization/bulk_process/{organization_name}"),
    ("organization-activity", "/organization/activity/{organization_name}"),
    ("ckan-admin", "/ckan-admin/"),
    ("ckan-admin-config", "/ckan-admin/config"),
    ("ckan-admin-trash", "/ckan-admin/trash"),
    ("error-404", "/dataset/tidak-ada-dataset-ini"),
    ("dataset-new-11B", "/dataset/new"),
    ("harvest-new-11B", "/harvest/new"),
]


@pytest.fixture(scope="module")
def officer_urls(demo_urls):
    """A sysadmin with an API token who is admin of the demo dataset's OPD."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    admin = factories.SysadminWithToken()
    name = demo_urls["organization"].rsplit("/", 1)[1]
    tk.get_action("organization_member_create")(
        {"ignore_auth": True, "user": admin["name"]},
        {"id": name, "username": admin["name"], "role": "admin"})
    return {"user": admin["name"], "organization_name": name, "token": admin["token"]}


@pytest.fixture(scope="module")
def officer_page(browser, officer_urls):
    yield from module_page(browser, viewport=OFFICE, bypass_csp=True,
                           extra_http_headers={"Authorization": officer_urls["token"]})


@pytest.fixture
def officer(officer_page):
    """The signed-in officer's page (API token header, no cookies), desktop sized."""
    return fresh(officer_page, OFFICE)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("case", "path"), OFFICER_PAGES, ids=[c for c, _ in OFFICER_PAGES])
def test_officer_page_has_no_serious_wcag_21_aa_violation(
    live_portal, officer, officer_urls, case, path, lang
):
    url = live_portal + ("/en" if lang == "en" else "") + path.format(**officer_urls)
    response = officer.goto(url, wait_until="load")
    expected = 404 if case == "error-404" else 200
    assert response is not None and response.status == expected, f"{url}: {response.status}"
    assert officer.get_attribute("html", "lang") == lang
    # signed in: the account menu is there
    assert officer.locator(f"a[href$='/user/{officer_urls['user']}']").count() > 0
    violations = blocking_violations(officer)
    assert not violations, describe(f"{case}-{lang}", url, violations)
