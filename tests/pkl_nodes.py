"""Two web nodes of the test site behind nginx, for tests (config/stacklib/webnodes.py):
the module fixture ``web_nodes`` and ``NodeClient``, an HTTP client that keeps its cookies
like one browser and records which node answered each request (nginx's
``X-Pekalongan-Node`` header, the node's address), in one ``Trail`` shared by every client
of a test so that the order of all requests through nginx is known."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "config") not in sys.path:
    sys.path.insert(0, str(ROOT / "config"))

from stacklib import webnodes  # noqa: E402 - after the path above

NODE_HEADER = webnodes.NODE_HEADER
_CSRF = re.compile(r'name="_csrf_token"\s+value="([^"]+)"|'
                   r'<meta name="_csrf_token" content="([^"]+)"')


@pytest.fixture(scope="module")
def web_nodes(pytestconfig):
    """Two gunicorn nodes of the test site (``--ckan-ini``) behind nginx: the started
    ``WebNodes`` (``.url`` is nginx, ``.nodes`` the gunicorns). Stopped after the module.
    One worker per node (each worker loads CKAN): the tests are about which node answers,
    and send one request at a time."""
    site_ini = Path(pytestconfig.option.ckan_ini).resolve()
    web = webnodes.WebNodes(site_ini, f"{site_ini.stem}-web", count=2, workers=1)
    web.start()
    yield web
    web.stop()


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def node_of(response: requests.Response) -> str:
    """The node that answered (the last address when nginx had to try the next one)."""
    value = response.headers.get(NODE_HEADER)
    assert value, f"no {NODE_HEADER} on {response.url} ({response.status_code})"
    return value.split(",")[-1].strip()


class Trail:
    """Every request that went through nginx, in order: (method, path, node)."""

    def __init__(self, base: str):
        self.base = base
        self.hops: list[tuple[str, str, str]] = []

    @property
    def last_node(self) -> str | None:
        return self.hops[-1][2] if self.hops else None

    def land_next_on(self, node: str) -> None:
        """Make the next request land on ``node``: round robin over two nodes sends it to
        the other one than the last, so send one cheap request first when needed."""
        if self.last_node == node:
            response = requests.get(self.base + "/api/3/action/status_show", timeout=30)
            self.hops.append(("GET", "/api/3/action/status_show", node_of(response)))
            assert node_of(response) != node

    def assert_round_robin(self) -> None:
        """No two consecutive requests landed on the same node."""
        nodes = [hop[2] for hop in self.hops]
        assert len(set(nodes)) == 2, nodes
        for (m1, p1, n1), (m2, p2, n2) in zip(self.hops, self.hops[1:], strict=False):
            assert n1 != n2, f"{m1} {p1} and {m2} {p2} both on {n1}"


class NodeClient:
    """One browser (its own cookies) talking to nginx; redirects are followed by hand so
    that every hop is recorded in the trail."""

    def __init__(self, trail: Trail):
        self.trail = trail
        self.session = requests.Session()

    def request(self, method: str, path: str, follow: bool = True, **kw) -> requests.Response:
        url = path if path.startswith("http") else self.trail.base + path
        response = self.session.request(method, url, allow_redirects=False, timeout=120, **kw)
        self.trail.hops.append((method, url.replace(self.trail.base, ""), node_of(response)))
        history = [response]
        while follow and response.is_redirect:
            location = response.headers["Location"]
            assert location.startswith(self.trail.base), location  # site_url = nginx
            response = self.session.get(location, allow_redirects=False, timeout=120)
            self.trail.hops.append(("GET", location.replace(self.trail.base, ""),
                                    node_of(response)))
            history.append(response)
        response.hops = history  # type: ignore[attr-defined]
        return response

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict, token_from: requests.Response, **kw):
        """Post ``data`` with the CSRF token of the page ``token_from``."""
        data = dict(data, _csrf_token=csrf_token(token_from.text))
        return self.request("POST", path, data=data, **kw)

    def login(self, name: str, password: str) -> requests.Response:
        """CKAN's login form: the form from one node, the post to the other."""
        form = self.get("/user/login")
        sent = self.post("/user/login", {"login": name, "password": password}, form,
                         follow=False)
        assert sent.status_code == 302, f"login of {name} failed"
        assert node_of(sent) != node_of(form)
        return sent
