"""A local HTTP server for the web tests: the fixture pages and feeds of tests/data/web,
and endpoints that misbehave. Bound to 127.0.0.1 only; no test reaches outside.

Endpoints (besides every file of tests/data/web, ``{{BASE}}`` replaced by the
server's base URL):

- ``/slow``: accepts the connection and never answers (until the server stops);
- ``/loop``: redirects to itself, forever; ``/redirect/N``: N redirects, then a page;
- ``/missing``: 404; ``/doc.pdf``: a PDF content type; ``/photo.png``: an image;
- ``/big``: a 1 MB HTML body without Content-Length; ``/big-declared``: one with it;
- ``/cond/<file>``: the file with an ETag (a hash of the body) and Last-Modified,
  answering 304 to a matching ``If-None-Match`` (else ``If-Modified-Since``);
- ``/feed/N.xml`` with pages ``/feed/item/K.html``: a generated N-item feed
  (the bench uses it too);
- ``/gated/<file>``: the file, once ``server.gate`` is set (it is unless a test
  clears it): an answer that waits for the test, not for a clock.

``server.requests`` counts the requests per path, ``server.log`` lists them.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "web"
LAST_MODIFIED = "Sat, 14 Mar 2026 10:00:00 GMT"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/json",
}


class WebServer:
    """The running server: ``url(path)``, request counters, and files it can change."""

    def __init__(self, httpd: ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.requests: Counter[str] = Counter()
        self.log: list[tuple[str, dict[str, str]]] = []
        self.overrides: dict[str, bytes] = {}  # path -> body served instead of the file
        self.stop = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")


def etag_of(body: bytes) -> str:
    """The ETag the server gives a body (it changes when the body does)."""
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _generated_feed(base: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>Story number {k}</title><link>{base}/feed/item/{k}.html</link>"
        f"<guid>story-{k}</guid><pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"
        f"<description>Summary of story {k}.</description></item>"
        for k in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Generated feed</title>'
        f"<link>{base}/</link><description>{count} items</description>{items}</channel></rss>"
    ).encode()


def _generated_page(k: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {p} of story {k}: the council said on Monday that the plan for the "
        f"district would cost {k + p} million euros, and work would start next year.</p>"
        for p in range(6)
    )
    return (
        f"<!doctype html><html><head><title>Story number {k} - Generated News</title>"
        f'<meta property="og:site_name" content="Generated News">'
        f'<meta property="og:title" content="Story number {k}"></head><body>'
        f'<nav><a href="/">Home</a></nav><article><h1>Story number {k}</h1>{paragraphs}'
        f"<h2>What comes next</h2><p>The vote on story {k} is expected in spring.</p>"
        f"</article><footer>Copyright Generated News</footer></body></html>"
    ).encode()


def _handler(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            server.requests[path] += 1
            server.log.append((path, dict(self.headers.items())))
            if path == "/slow":
                server.stop.wait(60)
                return
            if path == "/loop":
                return self._redirect("/loop")
            if path.startswith("/redirect/"):
                n = int(path.rsplit("/", 1)[1])
                return self._redirect(f"/redirect/{n - 1}" if n > 1 else "/wordpress.html")
            if path == "/doc.pdf":
                return self._send(200, b"%PDF-1.4\n%\xe2\xe3", "application/pdf")
            if path == "/photo.png":
                return self._send(200, b"\x89PNG\r\n\x1a\n", "image/png")
            if path == "/big":
                return self._stream_big()
            if path == "/big-declared":
                return self._send(200, b"<p>" + b"x" * 1_000_000 + b"</p>", "text/html")
            if path.startswith("/feed/") and path.endswith(".xml"):
                count = int(path.rsplit("/", 1)[1].removesuffix(".xml"))
                return self._send(200, _generated_feed(server.base, count), _TYPES[".xml"])
            if path.startswith("/feed/item/"):
                k = int(path.rsplit("/", 1)[1].removesuffix(".html"))
                return self._send(200, _generated_page(k), _TYPES[".html"])
            if path.startswith("/cond/"):
                return self._conditional(path.removeprefix("/cond"))
            if path.startswith("/gated/"):
                while not server.gate.wait(0.05):
                    if server.stop.is_set():
                        return None
                path = path.removeprefix("/gated")
            body = self._file(path)
            if body is None:
                return self._send(404, b"<h1>Not Found</h1>", "text/html")
            return self._send(200, body, _TYPES.get(Path(path).suffix, "text/plain"))

        def _file(self, path: str) -> bytes | None:
            if path in server.overrides:
                return server.overrides[path]
            name = path.lstrip("/")
            file = DATA / name
            if "/" in name or ".." in name or not file.is_file():
                return None
            return file.read_bytes().replace(b"{{BASE}}", server.base.encode())

        def _conditional(self, path: str) -> None:
            body = self._file(path)
            if body is None:
                return self._send(404, b"", "text/html")
            etag = etag_of(body)
            given = self.headers.get("If-None-Match")
            if given == etag or (
                given is None and self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            extra = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            self._send(200, body, _TYPES.get(Path(path).suffix, "text/plain"), extra)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _stream_big(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x" * 10_000)
            except OSError:
                pass
            self.close_connection = True

        def _send(
            self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve() -> Iterator[WebServer]:
    """Run a server on 127.0.0.1 (a free port) in a thread for the block."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server = WebServer(httpd)
    httpd.RequestHandlerClass = _handler(server)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        time.sleep(0)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"
