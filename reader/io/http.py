"""HTTP as a careful client: the one place ``reader`` reads from the network (httpx).

Every request names ``reader`` and its version in the User-Agent, has a connect
timeout and a total deadline (a server that never answers, or sends a byte a
minute, fails within ``HttpSettings.timeout`` seconds), follows at most
``max_redirects`` redirects, stops reading past ``max_bytes`` and checks the
content type before the body is read (a PDF or an image is refused, saying what
it is). Conditional requests (ETag / Last-Modified) give ``Response.not_modified``
on a 304. Every failure is a :class:`FetchError` whose one-line message names
the URL and the cause.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self
from urllib.parse import urlsplit, urlunsplit

from reader import __version__

if TYPE_CHECKING:  # imported where used: httpx costs start-up (issue 12)
    import httpx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FetchError",
    "HttpClient",
    "HttpSettings",
    "Kind",
    "Response",
    "is_url",
    "normalise_url",
]

DEFAULT_TIMEOUT = 30.0  # seconds, the whole request: connect, headers and body
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = f"reader/{__version__} (a terminal news reader)"
_CHUNK = 64 * 1024

#: What a request expects: a web page or a feed.
Kind = Literal["page", "feed"]

_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+xml",
        "text/plain",  # many servers send feeds as plain text
        "application/octet-stream",  # and some as bytes: feedparser decides
    }
)
_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/rdf+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
}
# What a refused content type is, in words.
_DESCRIPTIONS = {
    "application/pdf": "a PDF document",
    "application/zip": "a ZIP archive",
    "application/json": "JSON data",
    "application/msword": "a Word document",
    "application/octet-stream": "binary data",
}


class FetchError(Exception):
    """A URL could not be fetched; the message is one line naming the URL and the cause."""


@dataclass(frozen=True)
class HttpSettings:
    """Limits of every request (tests make them small)."""

    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Response:
    """A fetched body. ``url`` is the final URL (after redirects); ``not_modified`` is a 304
    (``body`` is then empty and the validators are the ones sent)."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` URL (what ``reader`` fetches)."""
    return text[:8].lower().startswith(("http://", "https://"))


def normalise_url(url: str) -> str:
    """``url`` with a lower-case scheme and host and no ``#fragment``: the form the store
    compares (a page's identity is its canonical URL)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    if not parts.scheme or not parts.netloc:
        return url.strip()
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def describe_content_type(content_type: str) -> str:
    """A refused content type in words: "a PDF document (application/pdf)"."""
    if content_type in _DESCRIPTIONS:
        return f"{_DESCRIPTIONS[content_type]} ({content_type})"
    major = content_type.split("/", 1)[0]
    article = {"image": "an image", "video": "a video", "audio": "an audio file"}.get(major)
    return f"{article} ({content_type})" if article else f"of type {content_type}"


class HttpClient:
    """A connection pool with the limits of ``settings``; use as a context manager."""

    def __init__(self, settings: HttpSettings | None = None) -> None:
        import httpx

        self.settings = settings or HttpSettings()
        s = self.settings
        self._client = httpx.Client(
            headers={"User-Agent": s.user_agent},
            timeout=_timeouts(s),
            follow_redirects=True,
            max_redirects=s.max_redirects,
            trust_env=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def get(
        self,
        url: str,
        kind: Kind,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """GET ``url`` expecting a ``kind`` body; ``FetchError`` on any failure."""
        import httpx

        if not is_url(url):
            raise FetchError(f"{url}: not an http or https URL")
        headers = {"Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.settings.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, kind, response, deadline, etag, last_modified)
        except FetchError:
            raise
        except httpx.TooManyRedirects as exc:
            raise FetchError(
                f"{url}: too many redirects (more than {self.settings.max_redirects}; "
                "a redirect loop?)"
            ) from exc
        except httpx.TimeoutException as exc:
            connecting = isinstance(exc, httpx.ConnectTimeout)
            what = "connecting" if connecting else "waiting for an answer"
            raise FetchError(
                f"{url}: timed out after {self.settings.timeout:g} s ({what})"
            ) from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"{url}: cannot connect ({_connect_reason(exc)})") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise FetchError(f"{url}: {detail}") from exc

    def _read(
        self,
        url: str,
        kind: Kind,
        response: httpx.Response,
        deadline: float,
        etag: str | None,
        last_modified: str | None,
    ) -> Response:
        final = str(response.url)
        if response.status_code == 304:
            return Response(
                final,
                304,
                "",
                None,
                b"",
                response.headers.get("etag") or etag,
                response.headers.get("last-modified") or last_modified,
                not_modified=True,
            )
        if response.status_code >= 400:
            reason = response.reason_phrase or "error"
            raise FetchError(f"{url}: HTTP {response.status_code} {reason}")
        content_type, charset = _content_type(response.headers.get("content-type", ""))
        allowed = _PAGE_TYPES if kind == "page" else _FEED_TYPES | _PAGE_TYPES
        if content_type and content_type not in allowed and not content_type.endswith("+xml"):
            expected = "a web page" if kind == "page" else "a feed"
            raise FetchError(f"{url}: is {describe_content_type(content_type)}, not {expected}")
        cap = self.settings.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(f"{url}: too large ({int(length)} bytes; the limit is {cap})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > cap:
                raise FetchError(f"{url}: too large (more than {cap} bytes, the limit)")
            if time.monotonic() > deadline:
                raise FetchError(
                    f"{url}: timed out after {self.settings.timeout:g} s (the body came too slowly)"
                )
            chunks.append(chunk)
        return Response(
            final,
            response.status_code,
            content_type,
            charset,
            b"".join(chunks),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )


def _timeouts(settings: HttpSettings) -> httpx.Timeout:
    """httpx's per-step timeouts within the total: connecting takes at most a third of it,
    each wait for bytes at most the rest (the deadline in ``_read`` bounds the sum)."""
    import httpx

    connect = min(settings.connect_timeout, settings.timeout / 3)
    return httpx.Timeout(settings.timeout - connect, connect=connect)


def _content_type(header: str) -> tuple[str, str | None]:
    """(media type in lower case, charset or None) of a Content-Type header."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _connect_reason(exc: httpx.ConnectError) -> str:
    """A short cause of a failed connection: refused, unknown host (offline?), or as given."""
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if any(
        words in lowered
        for words in ("name or service", "nodename", "getaddrinfo", "name resolution")
    ):
        return "unknown host, or no network (offline?)"
    if "unreachable" in lowered:
        return "network unreachable (offline?)"
    return " ".join(text.split()) or "connection failed"
