"""The load test's citizens (``make loadtest``; run by tests/load/run.py): they open the home
page, search, read dataset pages, download files, open and file a PPID information request
and a Suara Masyarakat complaint. Each citizen has its own address in X-Forwarded-For (the
load generator plays a trusted balancer in front of nginx; see scenario.citizen_address);
a filing takes a new address, as the next citizen at the counter. A throttled answer (429)
is counted as a failure named ``throttled: ...``, so it can never hide in the figures.

By hand: ``.venv/bin/locust -f tests/load/locustfile.py --host http://127.0.0.1:PORT``."""
from __future__ import annotations

import random
import sys
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenario  # noqa: E402 - after the path above

CATALOGUE: dict[str, list[str]] = {"datasets": [], "downloads": []}


@events.test_start.add_listener
def _discover(environment, **_kw) -> None:
    """Read the catalogue once per run (not counted in the figures)."""
    CATALOGUE.update(scenario.discover(environment.host))
    if not CATALOGUE["datasets"] or not CATALOGUE["downloads"]:
        raise RuntimeError(f"{environment.host}: no datasets with uploaded files to read "
                           "(load the demo catalogue: make up)")


class Citizen(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.address = scenario.citizen_address(self.rng)

    def _headers(self) -> dict[str, str]:
        return {"X-Forwarded-For": self.address}

    def _get(self, path: str, name: str, must_contain: str | None = None):
        with self.client.get(path, name=name, headers=self._headers(),
                             catch_response=True) as response:
            self._check(response, name, must_contain)
            return response

    def _check(self, response, name: str, must_contain: str | None = None) -> None:
        if response.status_code == 429:
            response.failure(f"throttled: {name}")
        elif response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
        elif must_contain and must_contain not in response.text:
            response.failure(f"the answer lacks {must_contain}")
        else:
            response.success()

    @task(4)
    def home(self) -> None:
        self._get(scenario.HOME, "/")

    @task(4)
    def search(self) -> None:
        self._get(scenario.search_path(self.rng), "/dataset/?q=[term]")

    @task(6)
    def dataset_page(self) -> None:
        self._get(self.rng.choice(CATALOGUE["datasets"]), "/dataset/[name]")

    @task(3)
    def download(self) -> None:
        self._get(self.rng.choice(CATALOGUE["downloads"]), "/dataset/[id]/resource/[id]/download")

    @task(2)
    def ppid_form(self) -> None:
        self._get(scenario.PPID_FORM, scenario.PPID_FORM)

    @task(1)
    def ppid_request(self) -> None:
        form = self._get(scenario.PPID_FORM, scenario.PPID_FORM, "_csrf_token")
        token = scenario.csrf_token(form.text or "")
        if not token:
            return
        with self.client.post(scenario.PPID_FORM, data=scenario.ppid_request(token),
                              name=scenario.PPID_FORM, headers=self._headers(),
                              catch_response=True) as response:
            self._check(response, f"POST {scenario.PPID_FORM}", scenario.TRACKING_CODE)
        self.address = scenario.citizen_address(self.rng)  # the next citizen

    @task(2)
    def suara_form(self) -> None:
        self._get(scenario.SUARA_FORM, scenario.SUARA_FORM)

    @task(1)
    def suara_report(self) -> None:
        form = self._get(scenario.SUARA_FORM, scenario.SUARA_FORM, 'name="form_id"')
        token, form_id = scenario.csrf_token(form.text or ""), scenario.form_id(form.text or "")
        if not token or not form_id:
            return
        with self.client.post(scenario.SUARA_FORM, data=scenario.suara_report(token, form_id),
                              name=scenario.SUARA_FORM, headers=self._headers(),
                              catch_response=True) as response:
            self._check(response, f"POST {scenario.SUARA_FORM}", scenario.TRACKING_CODE)
        self.address = scenario.citizen_address(self.rng)
