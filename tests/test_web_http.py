"""The careful HTTP client (issue 11), against a local server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_server import LAST_MODIFIED, WebServer, closed_port_url, serve

from reader import __version__
from reader.io.http import FetchError, HttpClient, HttpSettings, normalise_url


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(HttpSettings(timeout=1.0, max_bytes=100_000)) as http:
        yield http


def test_user_agent_names_reader_and_its_version(server: WebServer, client: HttpClient) -> None:
    response = client.get(server.url("wordpress.html"), "page")
    assert response.status == 200
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert b"Harbour plan approved" in response.body
    headers = server.log[-1][1]
    assert headers["User-Agent"].startswith(f"reader/{__version__}")


def test_server_that_never_answers_times_out(server: WebServer, client: HttpClient) -> None:
    with pytest.raises(FetchError, match=r"/slow: timed out after 1 s"):
        client.get(server.url("slow"), "page")


def test_redirect_loop_is_an_error(server: WebServer, client: HttpClient) -> None:
    with pytest.raises(FetchError, match=r"/loop: too many redirects \(more than 5"):
        client.get(server.url("loop"), "page")


def test_five_redirects_are_followed_six_are_not(server: WebServer, client: HttpClient) -> None:
    response = client.get(server.url("redirect/5"), "page")
    assert response.url == server.url("wordpress.html")
    with pytest.raises(FetchError, match="too many redirects"):
        client.get(server.url("redirect/6"), "page")


def test_404_is_an_error(server: WebServer, client: HttpClient) -> None:
    with pytest.raises(FetchError, match=r"/missing: HTTP 404 Not Found"):
        client.get(server.url("missing"), "page")


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("doc.pdf", r"is a PDF document \(application/pdf\)"),
        ("photo.png", r"is an image \(image/png\)"),
    ],
)
def test_pdf_and_image_are_refused_saying_what_they_are(
    server: WebServer, client: HttpClient, path: str, what: str
) -> None:
    with pytest.raises(FetchError, match=what + ", not a web page"):
        client.get(server.url(path), "page")


@pytest.mark.parametrize("path", ["big", "big-declared"])
def test_body_over_the_cap_is_refused(server: WebServer, client: HttpClient, path: str) -> None:
    with pytest.raises(FetchError, match=r"too large"):
        client.get(server.url(path), "page")


def test_refused_connection(client: HttpClient) -> None:
    url = closed_port_url()
    with pytest.raises(FetchError, match=r"/nothing: cannot connect \(connection refused\)"):
        client.get(url, "page")


def test_not_a_url_is_refused(client: HttpClient) -> None:
    with pytest.raises(FetchError, match="not an http or https URL"):
        client.get("ftp://127.0.0.1/x", "page")


def test_conditional_request_gets_304_and_keeps_the_validators(
    server: WebServer, client: HttpClient
) -> None:
    first = client.get(server.url("cond/rss20.xml"), "feed")
    assert first.etag and first.last_modified == LAST_MODIFIED
    again = client.get(server.url("cond/rss20.xml"), "feed", etag=first.etag)
    assert again.not_modified and again.body == b"" and again.etag == first.etag
    by_date = client.get(server.url("cond/rss20.xml"), "feed", last_modified=LAST_MODIFIED)
    assert by_date.not_modified
    assert server.log[-1][1]["If-Modified-Since"] == LAST_MODIFIED


def test_normalise_url() -> None:
    assert normalise_url("HTTPS://Example.COM/a/B?x=1#frag") == "https://example.com/a/B?x=1"
    assert normalise_url("http://example.com") == "http://example.com/"


@pytest.mark.parametrize(
    ("message", "cause"),
    [
        ("[Errno -3] Temporary failure in name resolution", "unknown host, or no network"),
        ("[Errno -2] Name or service not known", "unknown host, or no network"),
        ("[Errno 101] Network is unreachable", "network unreachable (offline?)"),
    ],
)
def test_offline_is_one_line_naming_the_cause(message: str, cause: str) -> None:
    """No network here to be offline from: the transport raises what httpx raises then."""
    import httpx

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(message, request=request)

    with HttpClient() as http:
        http._client = httpx.Client(transport=httpx.MockTransport(offline))
        with pytest.raises(FetchError) as caught:
            http.get("https://news.example/story", "page")
    assert str(caught.value).startswith("https://news.example/story: cannot connect (" + cause)


def test_default_limits_bound_a_silent_server_by_30_seconds() -> None:
    """The connect and read timeouts together stay within the 30 s total (the body is read
    against the same deadline), with 5 redirects and a 20 MB cap."""
    from reader.io.http import _timeouts

    settings = HttpSettings()
    timeouts = _timeouts(settings)
    assert timeouts.connect is not None and timeouts.read is not None
    assert timeouts.connect + timeouts.read <= 30
    assert (settings.max_redirects, settings.max_bytes) == (5, 20 * 1024 * 1024)
