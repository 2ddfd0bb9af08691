"""The load test's scenario, quickly (the load test itself, `make loadtest`, is not part of
`make test`): the locustfile imports, every path its citizens take answers 200 through
nginx in front of a node of the test site, filings give their receipts, each citizen's
X-Forwarded-For address is its own for the filing limits, and a few seconds of locust
against it end without a failure."""
from __future__ import annotations

import csv
import random
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from pkl_cases import clean_db  # noqa: F401 - fixture (+ holidays, empty Redis)
from pkl_factories import SatuDataset
from pkl_nodes import webnodes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import scenario  # noqa: E402 - after the path above


@pytest.fixture(scope="module")
def load_site(pytestconfig):
    """nginx (believing the citizens' X-Forwarded-For, as the load test does) over one node
    of the test site, with one worker (each loads CKAN; a few citizens for a few seconds
    only wait in nginx's queue a little longer)."""
    site_ini = Path(pytestconfig.option.ckan_ini).resolve()
    web = webnodes.WebNodes(site_ini, f"{site_ini.stem}-load", count=1, workers=1,
                            behind_balancer=True)
    web.start()
    yield web
    web.stop()


@pytest.fixture
def catalogue(clean_db, clean_index):
    """A dataset with an uploaded file in the test site's own storage (the node's)."""
    import io

    from ckan.tests import factories, helpers
    from werkzeug.datastructures import FileStorage

    dataset = SatuDataset()
    helpers.call_action("resource_create", {"user": factories.Sysadmin()["name"]},
                        package_id=dataset["id"], url="", name="Data",
                        upload=FileStorage(io.BytesIO(b"tahun,jumlah\n2024,1\n"), "data.csv"))
    return dataset


def test_the_locustfile_imports():
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c",
         "import locustfile; assert locustfile.Citizen.tasks"],
        cwd=HERE, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.usefixtures("with_plugins")
def test_every_path_answers_200_and_filings_get_receipts(load_site, catalogue):
    base = load_site.url
    found = scenario.discover(base)
    assert found["datasets"] == [f"/dataset/{catalogue['name']}"]
    assert len(found["downloads"]) == 1
    rng = random.Random(12)
    paths = [scenario.HOME, scenario.search_path(rng), *found["datasets"],
             *found["downloads"], scenario.PPID_FORM, scenario.SUARA_FORM]
    citizen = requests.Session()
    for path in paths:
        response = citizen.get(base + path, timeout=120)
        assert response.status_code == 200, path
    assert citizen.get(base + found["downloads"][0]).content == b"tahun,jumlah\n2024,1\n"

    # more filings than one address may make (rate_limit 5 an hour), each from its own
    # citizen address: none is throttled
    for _ in range(6):
        headers = {"X-Forwarded-For": scenario.citizen_address(rng)}
        form = citizen.get(base + scenario.PPID_FORM, headers=headers, timeout=120)
        filed = citizen.post(base + scenario.PPID_FORM, headers=headers, timeout=120,
                             data=scenario.ppid_request(scenario.csrf_token(form.text)))
        assert filed.status_code == 200 and scenario.TRACKING_CODE in filed.text
    for _ in range(6):
        headers = {"X-Forwarded-For": scenario.citizen_address(rng)}
        form = citizen.get(base + scenario.SUARA_FORM, headers=headers, timeout=120)
        filed = citizen.post(base + scenario.SUARA_FORM, headers=headers, timeout=120,
                             data=scenario.suara_report(scenario.csrf_token(form.text),
                                                        scenario.form_id(form.text)))
        assert filed.status_code == 200 and scenario.TRACKING_CODE in filed.text
    # ... while one address is held to the limit: the filing limit still works
    headers = {"X-Forwarded-For": scenario.citizen_address(rng)}
    answers = []
    for _ in range(6):
        form = citizen.get(base + scenario.PPID_FORM, headers=headers, timeout=120)
        answers.append(citizen.post(base + scenario.PPID_FORM, headers=headers, timeout=120,
                                    data=scenario.ppid_request(scenario.csrf_token(form.text)),
                                    allow_redirects=False).status_code)
    assert answers == [302] * 5 + [429]


@pytest.mark.usefixtures("with_plugins")
def test_a_short_locust_run_has_no_failure(load_site, catalogue, tmp_path):
    prefix = tmp_path / "quick"
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(HERE / "locustfile.py"),
         "--headless", "--host", load_site.url, "--users", "3", "--spawn-rate", "3",
         "--run-time", "8s", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=HERE, capture_output=True, text=True, timeout=180)
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    assert int(rows["Aggregated"]["Request Count"]) > 5
    assert rows["Aggregated"]["Failure Count"] == "0", done.stderr[-3000:]
    assert done.returncode == 0
