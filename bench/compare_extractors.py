"""Compare article extractors on the fixture pages of tests/data/web (docs/web.md).

For each page: is the headline right, how many of the expected h2/h3 sections were
found, how many boilerplate lines are left in the text, and are the byline and date
found. Extractors: trafilatura alone, readability-lxml alone (optional: ``pip install
'.[compare]'``; skipped when missing), and reader's (trafilatura after reader's
boilerplate pass, reader/io/html.py). Prints a Markdown table.

    python bench/compare_extractors.py
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from reader.io.html import parse_html

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "web"
Result = dict[str, Any]  # headline, sections, text, byline, date


def with_trafilatura(html: bytes) -> Result:
    xml = trafilatura.extract(
        html, output_format="xml", include_formatting=True, with_metadata=True
    )
    doc = lxml.etree.fromstring(xml.encode())
    main = doc.find("main")
    heads = [h for h in main.iter("head") if h.get("rend") != "h1"]
    return {
        "headline": doc.get("title"),
        "sections": [" ".join("".join(h.itertext()).split()) for h in heads],
        "text": " ".join(main.itertext()),
        "byline": doc.get("author"),
        "date": doc.get("date"),
    }


def with_readability(html: bytes) -> Result:
    from readability import Document  # type: ignore[import-untyped]

    document = Document(html)
    summary = lxml.html.fromstring(document.summary(html_partial=True))
    heads = summary.xpath("//h2|//h3")
    return {
        "headline": document.short_title(),
        "sections": [" ".join(h.text_content().split()) for h in heads],
        "text": summary.text_content(),
        "byline": None,
        "date": None,
    }


def with_reader(html: bytes) -> Result:
    article = parse_html(html, source="fixture")
    return {
        "headline": article.title,
        "sections": [s.title for s in article.sections if s.title],
        "text": article.text,
        "byline": article.metadata.get("author"),
        "date": article.metadata.get("published"),
    }


def row(name: str, extractor: str, result: Result, expected: dict[str, Any]) -> str:
    text = " ".join(result["text"].split()).casefold()
    left = [b for b in expected["boilerplate"] if b.casefold() in text]
    found = sum(1 for s in expected["sections"] if s in result["sections"])
    extra = len(result["sections"]) - found
    sections = f"{found}/{len(expected['sections'])}" + (f" (+{extra} wrong)" if extra else "")
    return (
        f"| {name} | {extractor} | {'yes' if result['headline'] == expected['headline'] else 'no'}"
        f" | {sections} | {len(left)}{' (' + ', '.join(left) + ')' if left else ''}"
        f" | {'yes' if result['byline'] == expected['byline'] else 'no'}"
        f" | {'yes' if result['date'] == expected['date'] else 'no'} |"
    )


def main() -> None:
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    extractors: dict[str, Callable[[bytes], Result]] = {
        "trafilatura": with_trafilatura,
        "readability-lxml": with_readability,
        "reader (trafilatura + pass)": with_reader,
    }
    print("| page | extractor | headline right | sections | boilerplate left | byline | date |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, exp in expected.items():
        html = (DATA / name).read_bytes()
        for label, extract in extractors.items():
            try:
                result = extract(html)
            except ImportError:
                print(f"| {name} | {label} | not installed | | | | |")
                continue
            print(row(name, label, result, exp))


if __name__ == "__main__":
    main()
