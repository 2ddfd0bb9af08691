"""Page weight: what a citizen's browser downloads on a first visit (issue #14).

``GzipFront`` is a small HTTP front for the live portal that compresses responses the way
production's nginx does: the ``gzip_types``, ``gzip_comp_level`` and ``gzip_min_length`` of
docker/nginx.conf are read from that file (nginx always adds ``text/html``), as is the
year-long caching of ``/webassets/``, so the figures follow the deployed configuration.
gunicorn itself does not compress.

``first_visit`` opens a page in a new browser context (empty cache, no cookies) and sums what
Chromium reports through the DevTools protocol: ``Network.loadingFinished``'s
``encodedDataLength`` (bytes on the wire, headers included, after compression) for every
request of the page and its frames, grouped by kind (HTML, JS, CSS, fonts, images, other).
"""
from __future__ import annotations

import gzip
import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "docker" / "nginx.conf"
KINDS = ("html", "js", "css", "font", "image", "other")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# Hop-by-hop headers a proxy does not pass on (RFC 9110 §7.6.1), and what it rewrites.
_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
        "upgrade", "content-length", "content-encoding"}


def nginx_gzip_settings(conf: Path = NGINX_CONF) -> dict:
    """The gzip settings of the production nginx site: ``types`` (a set of MIME types,
    ``text/html`` always among them, as in nginx), ``level`` and ``min_length``."""
    text = re.sub(r"#.*", "", conf.read_text())
    on = re.search(r"\bgzip\s+on\s*;", text)
    types = re.search(r"\bgzip_types\s+([^;]+);", text)
    level = re.search(r"\bgzip_comp_level\s+(\d+)\s*;", text)
    min_length = re.search(r"\bgzip_min_length\s+(\d+)\s*;", text)
    assets = re.search(r"location /webassets/ \{([^}]*)\}", text)
    return {
        "on": bool(on),
        # nginx's `expires 1y` on the fingerprinted assets: frames do not ask for them again
        "assets_max_age": 31536000 if assets and "expires 1y;" in assets.group(1) else 0,
        "types": {"text/html", *(types.group(1).split() if types else [])},
        "level": int(level.group(1)) if level else 1,
        "min_length": int(min_length.group(1)) if min_length else 20,
    }


class GzipFront:
    """An HTTP front on a free local port that passes every request to ``upstream`` and
    gzips the answer as docker/nginx.conf does. Use as a context manager; ``url`` is its
    base URL. CKAN writes its own address (``upstream``) into its pages, so the browser
    uses the front as its HTTP proxy (see ``first_visit``); requests for any other host
    are refused (502)."""

    def __init__(self, upstream: str, settings: dict | None = None):
        self.upstream = urlsplit(upstream)
        self.settings = settings or nginx_gzip_settings()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _proxy(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(front.upstream.hostname,
                                                  front.upstream.port, timeout=120)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in _HOP and k.lower() != "accept-encoding"}
                headers["Host"] = front.upstream.netloc
                target = urlsplit(self.path)
                if target.netloc and target.netloc != front.upstream.netloc:
                    self.send_error(502, "only the portal is served")
                    return
                path = target._replace(scheme="", netloc="").geturl() or "/"
                conn.request(self.command, path, body=body, headers=headers)
                upstream = conn.getresponse()
                data = upstream.read()
                conn.close()
                ctype = (upstream.getheader("Content-Type") or "").split(";")[0].strip()
                wants = "gzip" in (self.headers.get("Accept-Encoding") or "")
                s = front.settings
                squeeze = (s["on"] and wants and ctype in s["types"]
                           and len(data) >= s["min_length"] and self.command != "HEAD"
                           and upstream.status == 200)
                if squeeze:
                    data = gzip.compress(data, compresslevel=s["level"])
                self.send_response(upstream.status, upstream.reason)
                forever = s["assets_max_age"] and path.startswith("/webassets/")
                for key, value in upstream.getheaders():
                    if key.lower() not in _HOP and not (forever
                                                        and key.lower() == "cache-control"):
                        self.send_header(key, value)
                if forever:
                    self.send_header("Cache-Control",
                                     f"max-age={s['assets_max_age']}, public, immutable")
                if squeeze:
                    self.send_header("Content-Encoding", "gzip")
                    self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_HEAD = _proxy

        return Handler


def kind_of(resource_type: str, mime: str, url: str) -> str:
    """HTML, JS, CSS, font, image or other, from what Chromium says of a response."""
    mime = (mime or "").lower()
    path = urlsplit(url).path.lower()
    if resource_type == "Document" or mime == "text/html":
        return "html"
    if resource_type == "Script" or "javascript" in mime or path.endswith(".js"):
        return "js"
    if resource_type == "Stylesheet" or mime == "text/css" or path.endswith(".css"):
        return "css"
    if resource_type == "Font" or mime.startswith("font/") or re.search(
            r"\.(woff2?|ttf|otf|eot)$", path):
        return "font"
    if resource_type == "Image" or mime.startswith("image/"):
        return "image"
    return "other"


def first_visit(browser, url: str, viewport: dict, through: str | None = None) -> dict:
    """Open ``url`` as a first visit (a new context: empty cache, no cookies) at
    ``viewport``, wait until the network is idle, and return ``{"total": bytes,
    "by_kind": {kind: bytes}, "files": [...], "status": int}``; each file a dict of
    ``kind``, ``path``, ``bytes``, ``encoding`` (Content-Encoding), ``status`` and
    ``document`` (the path of the page or frame that loaded it). What the browser took from
    its cache (a frame loading the page's own scripts again) costs nothing.

    ``through``: the base URL of a ``GzipFront``, used as the context's HTTP proxy (also
    for the loopback addresses, which Chromium otherwise reaches directly): the page keeps
    its own address, so its frames stay on its origin, and arrives compressed."""
    options = {"viewport": viewport, "is_mobile": viewport["width"] < 600,
               "has_touch": viewport["width"] < 600}
    if through:
        options["proxy"] = {"server": through, "bypass": "<-loopback>"}
    context = browser.new_context(**options)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    sent: dict[str, str] = {}
    seen: dict[str, dict] = {}
    done: dict[str, int] = {}
    cached: set[str] = set()
    cdp.on("Network.requestWillBeSent",
           lambda e: sent.__setitem__(e["requestId"], e.get("documentURL", "")))
    cdp.on("Network.responseReceived", lambda e: seen.__setitem__(e["requestId"], {
        "url": e["response"]["url"], "type": e.get("type", ""),
        "mime": e["response"].get("mimeType", ""), "status": e["response"].get("status", 0),
        "encoding": {k.lower(): v for k, v in e["response"].get("headers", {}).items()
                     }.get("content-encoding", "")}))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.loadingFinished",
           lambda e: done.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    cdp.send("Network.enable")
    try:
        response = page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)
        status = response.status if response else 0
    finally:
        context.close()
    by_kind = dict.fromkeys(KINDS, 0)
    files = []
    for rid, size in done.items():
        info = seen.get(rid)
        if not info or info["url"].startswith("data:") or rid in cached:
            continue
        kind = kind_of(info["type"], info["mime"], info["url"])
        by_kind[kind] += size
        files.append({"kind": kind, "path": urlsplit(info["url"]).path, "bytes": size,
                      "encoding": info["encoding"], "status": info["status"],
                      "document": urlsplit(sent.get(rid, "")).path})
    files.sort(key=lambda f: -f["bytes"])
    return {"total": sum(by_kind.values()), "by_kind": by_kind, "files": files,
            "status": status}


def table(rows: list[tuple[str, str, dict]]) -> str:
    """A Markdown table: one row per (page, viewport, measurement), kB (1000 bytes)."""
    head = ("| page | viewport | total kB | " + " | ".join(k.upper() if k in ("js", "css")
                                                       else k for k in KINDS)
            + " | requests |")
    lines = [head, "|" + "---|" * (len(KINDS) + 4)]
    for name, viewport, m in rows:
        lines.append(f"| {name} | {viewport} | **{m['total'] / 1000:.1f}** | "
                     + " | ".join(f"{m['by_kind'][k] / 1000:.1f}" for k in KINDS)
                     + f" | {len(m['files'])} |")
    return "\n".join(lines)


DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"


def preview_site(demo_site):
    """Generator for a module fixture: the demo catalogue with the CSV resource of
    ``DATASET`` in the DataStore (its rows, read from the uploaded file) and its default
    views (the DataTables preview), as the running portal shows it after xloader. Yields
    the paths of the pages measured; the DataStore table and the views it created are
    removed afterwards, so the demo stays as loaded for the next modules."""
    import csv

    import ckan.plugins.toolkit as tk
    from ckan.lib.uploader import get_resource_uploader

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    site = {"ignore_auth": True, "user": site_user}
    dataset = tk.get_action("package_show")(site, {"id": DATASET})
    resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    path = get_resource_uploader(resource).get_path(resource["id"])
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    before = {v["id"] for v in tk.get_action("resource_view_list")(site, {"id": resource["id"]})}
    tk.get_action("datastore_create")(site, {
        "resource_id": resource["id"], "force": True, "records": rows,
        "fields": [{"id": k, "type": "text"} for k in rows[0]]})
    resource = tk.get_action("resource_show")(site, {"id": resource["id"]})
    tk.get_action("resource_create_default_resource_views")(
        site, {"resource": resource, "package": dataset, "create_datastore_views": True})
    views = tk.get_action("resource_view_list")(site, {"id": resource["id"]})
    assert any(v["view_type"] == "datatables_view" for v in views), views
    try:
        yield {
            "home": "/",
            "dataset": f"/dataset/{DATASET}",
            "resource": f"/dataset/{DATASET}/resource/{resource['id']}",
            "search": "/dataset/?q=penduduk",
        }
    finally:
        for view in views:
            if view["id"] not in before:
                tk.get_action("resource_view_delete")(site, {"id": view["id"]})
        tk.get_action("datastore_delete")(site, {"resource_id": resource["id"], "force": True})
