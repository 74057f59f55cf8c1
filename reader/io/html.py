"""Web pages as articles: the article found with trafilatura, its metadata, h2/h3 sections.

Parsing is static (lxml and trafilatura): scripts are never run. Before
trafilatura, elements whose class or id names them as boilerplate (cookie
banners, adverts, newsletter boxes, share buttons, related stories, comments)
are removed; trafilatura drops navigation, footers and the rest. The comparison
with readability-lxml that chose trafilatura is in docs/web.md.

The article text is one line per heading or paragraph (as for Markdown). The
title is the page's metadata headline (JSON-LD, OpenGraph, ``<title>``) without
the site name that ``<title>`` often carries; ``metadata`` holds ``author``,
``published`` (YYYY-MM-DD), ``site``, ``canonical_url``, ``url`` and ``format``
(``html``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from reader.io.http import HttpClient, normalise_url
from reader.model.article import Article, Span
from reader.model.build import Block, build_article, title_from_blocks
from reader.model.normalise import normalise_text

if TYPE_CHECKING:  # imported where used: lxml and trafilatura cost start-up (issue 12)
    import lxml.etree
    import lxml.html

__all__ = ["HtmlError", "fetch_article", "fragment_article", "parse_html"]

# A class or id token naming boilerplate: "cookie-banner", "ad-slot", "inline-ad", "share-tools".
_BOILERPLATE = re.compile(
    r"(?:^|[-_])(?:ad|ads|advert|advertisement|adslot|sponsored|promo|newsletter|subscribe|"
    r"signup|cookie|cookies|consent|gdpr|share|sharing|social|related|relatedposts|"
    r"popular|trending|mostread|most-read|comments?|respond|outbrain|taboola)(?:$|[-_])",
    re.IGNORECASE,
)
# Elements never part of an article, whatever their class.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button")
# "Headline - Site", "Headline | Section | Site", "Headline :: Site", "Headline — Site Live".
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|\u2013\u2014:·•»]|::)\s+")
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


class HtmlError(Exception):
    """A page holds no article text; the message is one line naming the source."""


def parse_html(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    charset: str | None = None,
) -> Article:
    """The article of a web page (``data``: its bytes, or text already decoded).

    ``url`` is where the page came from (the final URL after redirects); the page's
    canonical URL wins over it for ``metadata["canonical_url"]``. ``charset`` is the
    HTTP header's; otherwise the page's own ``<meta charset>`` (or a guess) is used.
    """
    import lxml.etree
    import trafilatura

    tree = _clean_tree(_decode(data, charset))
    if tree is None:
        raise HtmlError(f"{source}: not an HTML page (nothing to parse)")
    xml = trafilatura.extract(
        tree,
        url=url,
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        with_metadata=True,
        favor_precision=True,
    )
    if not xml:
        raise HtmlError(f"{source}: no article text found on the page")
    doc = lxml.etree.fromstring(xml.encode("utf-8"))
    meta = {str(k): " ".join(str(v).split()) for k, v in doc.attrib.items() if str(v).strip()}
    site = meta.get("sitename")
    title = _headline(meta.get("title", ""), site)
    lines, kinds = _blocks(doc.find("main"), title)
    if not any(kind == "paragraph" for kind in kinds):
        raise HtmlError(f"{source}: no article text found on the page")
    canonical = meta.get("url") or url
    metadata = {
        "author": meta.get("author"),
        "published": meta.get("date"),
        "site": site,
        "canonical_url": normalise_url(canonical) if canonical else None,
        "url": normalise_url(url) if url else None,
        "format": "html",
    }
    return _article(lines, kinds, title=title, source=source, metadata=metadata)


def fragment_article(
    html: str, *, title: str, source: str, metadata: Mapping[str, str | None]
) -> Article | None:
    """An article from an HTML fragment (a feed item's own content): its block elements'
    text as paragraphs, ``h2``-``h6`` as sections; ``None`` when it holds no text."""
    import lxml.etree
    import lxml.html

    lines: list[str] = []
    kinds: list[str] = []
    try:
        root = lxml.html.fragment_fromstring(html or " ", create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return None
    for bad in list(root.iter(*_DROP_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    blocks = [el for el in root.iter() if el.tag in {"p", "li", "blockquote", *_HEADINGS}]
    if not blocks:
        blocks = [root]
    for el in blocks:
        if el is not root and any(p.tag in {"p", "li"} for p in el.iterancestors()):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if text:
            lines.append(text)
            kinds.append("heading" if el.tag in _HEADINGS else "paragraph")
    if "paragraph" not in kinds:
        return None
    return _article(lines, kinds, title=title, source=source, metadata=metadata)


def fetch_article(client: HttpClient, url: str) -> Article:
    """Fetch ``url`` with ``client`` and extract its article (``FetchError``, ``HtmlError``)."""
    response = client.get(url, "page")
    return parse_html(response.body, source=url, url=response.url, charset=response.charset)


def _article(
    lines: list[str],
    kinds: list[str],
    *,
    title: str,
    source: str,
    metadata: Mapping[str, str | None],
) -> Article:
    text = normalise_text("\n".join(lines))
    blocks = list(_line_blocks(text))
    kept = {k: v for k, v in metadata.items() if v}
    typed = [
        Block("heading" if kind == "heading" else "paragraph", block.span)
        for block, kind in zip(blocks, kinds, strict=True)
    ]
    title = title or title_from_blocks(text, typed)
    return build_article(text, typed, title=title or source, source=source, metadata=kept)


def _line_blocks(text: str) -> Iterator[Block]:
    offset = 0
    for line in text.split("\n"):
        yield Block("paragraph", Span(offset, offset + len(line)))
        offset += len(line) + 1


def _decode(data: bytes | str, charset: str | None) -> str | bytes:
    if isinstance(data, str) or not charset:
        return data
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name: let lxml read the page's own
        return data


def _clean_tree(data: str | bytes) -> lxml.html.HtmlElement | None:
    """The page parsed with lxml (no scripts run), boilerplate elements removed from the body."""
    import lxml.etree
    import lxml.html

    if isinstance(data, str):
        # lxml refuses a str with an XML encoding declaration; drop it (the text is decoded).
        data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data)
    if not data.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError):
        return None
    body = tree.find("body")
    if body is None:
        return tree
    doomed = [
        el
        for el in body.iter()
        if isinstance(el, lxml.html.HtmlElement) and (_is_dropped_tag(el) or _is_boilerplate(el))
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return tree


def _is_dropped_tag(el: lxml.html.HtmlElement) -> bool:
    """Scripts, styles, forms, frames, buttons, and AMP's components (ads, share buttons,
    consent notices, sidebars) except its images."""
    tag = el.tag
    if not isinstance(tag, str):
        return False
    return tag in _DROP_TAGS or (tag.startswith("amp-") and tag != "amp-img")


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in ("html", "body", "main", "article"):
        return False
    names = f"{el.get('class', '')} {el.get('id', '')}".split()
    return any(_BOILERPLATE.search(name) for name in names)


def _headline(title: str, site: str | None) -> str:
    """The metadata title without a site name: "Headline - Site" -> "Headline"."""
    title = " ".join(title.split())
    if not title:
        return ""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if site and any(_same(site, p) or _same(site, p.removesuffix(" Live")) for p in parts[1:]):
            return parts[0]
        if site and _same(site, parts[0]):
            return " - ".join(parts[1:])
    return title


def _same(a: str, b: str) -> bool:
    return a.casefold().strip() == b.casefold().strip()


def _blocks(main: lxml.etree._Element | None, title: str) -> tuple[list[str], list[str]]:
    """One (line, kind) per heading or paragraph of trafilatura's ``<main>``; an ``h1``
    (the headline repeated on the page) is left out."""
    lines: list[str] = []
    kinds: list[str] = []
    if main is None:
        return lines, kinds
    for el in main:
        tag = el.tag
        if tag == "head":
            text = _text(el)
            if el.get("rend", "h2") == "h1" or not text:
                continue
            lines.append(text)
            kinds.append("heading")
        elif tag == "list":
            for item in el.iter("item"):
                _add_paragraph(lines, kinds, _text(item))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                _add_paragraph(lines, kinds, " | ".join(c for c in cells if c))
        else:
            _add_paragraph(lines, kinds, _text(el))
    return lines, kinds


def _add_paragraph(lines: list[str], kinds: list[str], text: str) -> None:
    if text:
        lines.append(text)
        kinds.append("paragraph")


def _text(el: lxml.etree._Element) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())
