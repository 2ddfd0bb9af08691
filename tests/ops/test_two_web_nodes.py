"""Two web nodes behind nginx (issue 12, item 2): a citizen's PPID request, an officer's
decision and a resource upload, with consecutive requests landing on different nodes
(round robin, no stickiness; nginx names the node of each answer). The CSRF token of a
form comes from one node and is posted to the other, the one-time tracking code shown by
one node opens the request on the other, the officer's session cookie works on both, an
uploaded file lands in the shared storage and downloads through the other node. Then one
node stops and nginx keeps answering through the other."""
from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from pkl_factories import PASSWORD, SatuDataset
from pkl_nodes import NodeClient, Trail, csrf_token, node_of, web_nodes  # noqa: F401 - fixture
from pkl_ppid import kit, people  # noqa: F401 - fixtures

CSV = b"kecamatan,jumlah\nKajen,1204\nBojong,987\n"


def form_of(kit) -> dict:
    data = kit.data()
    data["how_to_obtain"] = list(data["how_to_obtain"])
    return data


def text_of(page: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}">\s*([^<]+?)\s*<', page)
    assert match, f"no {name} on the page"
    return match.group(1)


def test_the_nginx_config_spreads_round_robin_and_sets_the_proxy_headers(tmp_path):
    from pkl_nodes import webnodes

    edge = webnodes.render_nginx_conf(tmp_path, 8080, [5001, 5002])
    assert "server 127.0.0.1:5001 " in edge and "server 127.0.0.1:5002 " in edge
    directives = "\n".join(line.split("#")[0] for line in edge.splitlines())
    for sticky in ("ip_hash", "hash ", "sticky", "least_conn"):
        assert sticky not in directives
    for header in ("Host $http_host", "X-Forwarded-Host $http_host", "X-Real-IP $remote_addr",
                   "X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme"):
        assert f"proxy_set_header {header};" in edge
    assert "proxy_next_upstream error timeout http_502 http_503;" in edge
    assert "add_header X-Pekalongan-Node $upstream_addr always;" in edge
    assert "listen 127.0.0.1:8080;" in edge and f"pid {tmp_path}/nginx.pid;" in edge
    balanced = webnodes.render_nginx_conf(tmp_path, 8080, [5001], behind_balancer=True)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in balanced


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_request_decision_and_upload_across_two_nodes(web_nodes, people, kit):
    from ckan.plugins import toolkit as tk

    trail = Trail(web_nodes.url)
    nodes = {node.address for node in web_nodes.nodes}

    # 1. The citizen files through the web form: the form (and its CSRF token) from one
    # node, the post to the other, the receipt (ticket + one-time code) from the first.
    citizen = NodeClient(trail)
    form = citizen.get("/ppid/permohonan/baru")
    assert form.status_code == 200 and 'name="website"' in form.text  # the honeypot
    sent = citizen.post("/ppid/permohonan/baru", form_of(kit), form)
    posted, receipt = sent.hops[0], sent
    assert posted.status_code == 302, posted.text[:500]
    assert node_of(posted) != node_of(form)
    assert node_of(receipt) != node_of(posted)
    ticket = text_of(receipt.text, "ticket")
    code = text_of(receipt.text, "tracking-code")
    assert ticket.startswith("PPID-") and len(code.replace("-", "")) == 16
    assert code not in receipt.url
    # shown once: the next look at the receipt (on the other node) has no code
    again = citizen.get(urllib.parse.urlsplit(receipt.url).path)
    assert node_of(again) != node_of(receipt)
    assert ticket in again.text and 'data-testid="tracking-code"' not in again.text

    # 2. The code, shown by one node, opens the request on the other, in another browser
    # (no session of the filing): the look-up form from the node that showed the code.
    reader = NodeClient(trail)
    trail.land_next_on(node_of(receipt))
    lookup = reader.get("/ppid/lacak")
    assert node_of(lookup) == node_of(receipt)
    tracked = reader.post("/ppid/lacak", {"ticket": ticket, "tracking_code": code.lower()},
                          lookup)
    assert node_of(tracked.hops[0]) != node_of(receipt)
    assert tracked.status_code == 200
    assert f"{ticket}" in tracked.text and text_of(tracked.text, "status")
    assert kit.NIK not in tracked.text and code not in tracked.url

    # 3. An officer logs in (form on one node, post on the other) and the session cookie
    # opens the officers' pages on both nodes.
    officer = NodeClient(trail)
    officer.login(people.utama["name"], PASSWORD)
    queue_a = officer.get("/ppid/admin")
    queue_b = officer.get("/ppid/admin")
    assert {node_of(queue_a), node_of(queue_b)} == nodes
    for queue in (queue_a, queue_b):
        assert queue.status_code == 200 and ticket in queue.text

    # 4. The officer decides through the officer UI: the request page from one node, the
    # decision posted to the other.
    page = officer.get(f"/ppid/admin/{ticket}")
    assert 'id="form-decide"' in page.text
    decided = officer.post(f"/ppid/admin/{ticket}", {
        "form": "decide", "decision": "granted",
        "info_given": "Daftar penerima bansos 2025 (PDF, 12 halaman)",
        "format": "PDF", "medium": "Surel",
    }, page)
    assert node_of(decided.hops[0]) != node_of(page)
    assert decided.status_code == 200, decided.text[:500]
    shown = kit.act("ppid_request_show", people.utama, ticket=ticket)
    assert shown["decision"] == "granted"
    # the citizen's code still works, on whichever node comes next, and shows the answer
    lookup = reader.get("/ppid/lacak")
    tracked = reader.post("/ppid/lacak", {"ticket": ticket, "tracking_code": code}, lookup)
    assert node_of(tracked.hops[0]) != node_of(lookup)
    assert "Ditanggapi" in text_of(tracked.text, "status")

    # 5. A resource upload through the dataset's resource form: the form from one node, the
    # file posted to the other; it lands in the shared storage and downloads via the other.
    dataset = SatuDataset(owner_org=people.utama_org["id"])
    uploader = NodeClient(trail)
    uploader.login(people.sysadmin["name"], PASSWORD)
    form = uploader.get(f"/dataset/{dataset['name']}/resource/new")
    assert form.status_code == 200
    created = uploader.request(
        "POST", f"/dataset/{dataset['name']}/resource/new", follow=False,
        data={"_csrf_token": csrf_token(form.text), "id": "", "url": "",
              "name": "Penduduk per kecamatan", "format": "CSV",
              "description": "Unggahan uji dua node", "save": "go-metadata"},
        files={"upload": ("penduduk.csv", CSV, "text/csv")},
    )
    assert created.status_code == 302, created.text[:1000]
    assert node_of(created) != node_of(form)
    resources = tk.get_action("package_show")({"ignore_auth": True},
                                              {"id": dataset["id"]})["resources"]
    assert len(resources) == 1 and resources[0]["url_type"] == "upload"
    resource = resources[0]
    storage = Path(tk.config["ckan.storage_path"]) / "resources"
    rid = resource["id"]
    stored = storage / rid[:3] / rid[3:6] / rid[6:]
    assert stored.read_bytes() == CSV  # in the storage directory both nodes share
    path = f"/dataset/{dataset['id']}/resource/{rid}/download/penduduk.csv"
    anonymous = NodeClient(trail)
    trail.land_next_on(node_of(created))
    first = anonymous.get(path)
    second = anonymous.get(path)
    assert {node_of(first), node_of(second)} == nodes
    assert node_of(first) == node_of(created) and node_of(second) != node_of(created)
    for download in (first, second):
        assert download.status_code == 200 and download.content == CSV

    # every request of the walk went to the other node than the one before it
    trail.assert_round_robin()
    assert len(trail.hops) >= 20


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_one_node_stopped_nginx_answers_through_the_other(web_nodes, people, kit):
    """Runs last in this module: it leaves the first node stopped."""
    trail = Trail(web_nodes.url)
    stopped, alive = web_nodes.nodes
    stopped.stop()
    client = NodeClient(trail)
    answers = [client.get("/api/3/action/status_show") for _ in range(4)]
    answers += [client.get("/dataset/"), client.get("/ppid/")]
    for response in answers:
        assert response.status_code == 200, response.status_code
        assert node_of(response) == alive.address
    # a form post too: the dead node refuses the connection, so nothing reached it and
    # nginx passes the post on
    form = client.get("/ppid/permohonan/baru")
    sent = client.post("/ppid/permohonan/baru", form_of(kit), form)
    assert sent.hops[0].status_code == 302
    assert sent.status_code == 200 and 'data-testid="tracking-code"' in sent.text
    assert all(node_of(hop) == alive.address for hop in sent.hops)
    assert {hop[2] for hop in trail.hops} == {alive.address}
