"""W3C Web Annotation (JSON-LD) export and its reading back.

An export is a JSON array of standalone annotations, one per line, each with
its own ``@context`` (https://www.w3.org/TR/annotation-model/). The mapping
(full description in docs/formats.md):

- ``id``: ``urn:uuid:<annotation id>``; ``type``: ``Annotation``;
  ``created`` / ``modified``: ``created_at`` / ``updated_at``;
  ``creator``: ``{"type": "Person", "name": author}``.
- ``target``: ``source`` the article's page (``article_url``: its canonical URL, else
  the URL it was fetched from), so tools that know the page (Hypothesis and its
  peers) recognise it; ``urn:reader:article:<article id>`` for an article without
  one; and two
  selectors: ``TextQuoteSelector`` (exact, prefix, suffix) and
  ``TextPositionSelector`` (start, end: code points, as the spec asks).
- ``body``: ``TextualBody`` items, in this order: the tag (purpose
  ``tagging``), the status (purpose ``assessing``), the speaker if any
  (purpose ``describing`` with ``"schema:roleName": "speaker"``; ``schema:``
  is a prefix defined by the anno.jsonld context) and the note if any
  (purpose ``commenting``).
- a deleted annotation (``--include-deleted`` only) carries
  ``"as:deleted": <deleted_at>`` (``as:`` is defined by the context too).

:func:`record_from_w3c` is the inverse: it reads the annotations this module
writes (and tolerates an AnnotationCollection / AnnotationPage wrapper). A target
source that is an http(s) URL is returned as the record's ``article_id``; the store
maps it back to the article from that page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

__all__ = [
    "ANNO_CONTEXT",
    "ARTICLE_URN",
    "W3CFormatError",
    "annotation_to_w3c",
    "iter_w3c_annotations",
    "record_from_w3c",
    "write_w3c",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:reader:article:"
_UUID_URN = "urn:uuid:"
_SPEAKER_ROLE = "schema:roleName"
_DELETED = "as:deleted"

_ENCODER = json.JSONEncoder(ensure_ascii=False)


class W3CFormatError(ValueError):
    """An annotation object that does not have the shape this module writes."""


def _body(purpose: str, value: str, **extra: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, **extra}


def annotation_to_w3c(row: Mapping[str, Any]) -> dict[str, Any]:
    """One export row (``Store.iter_export_rows``) as a W3C Web Annotation object."""
    body = [_body("tagging", row["tag"]), _body("assessing", row["status"])]
    if row.get("speaker") is not None:
        body.append(_body("describing", row["speaker"], **{_SPEAKER_ROLE: "speaker"}))
    if row.get("note") is not None:
        body.append(_body("commenting", row["note"]))
    annotation: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": _UUID_URN + row["id"],
        "type": "Annotation",
        "created": row["created_at"],
        "modified": row["updated_at"],
        "creator": {"type": "Person", "name": row["author"]},
        "body": body,
        "target": {
            "source": row.get("article_url") or ARTICLE_URN + row["article_id"],
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": row["exact"],
                    "prefix": row["prefix"],
                    "suffix": row["suffix"],
                },
                {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
            ],
        },
    }
    if row.get("deleted_at") is not None:
        annotation[_DELETED] = row["deleted_at"]
    return annotation


def write_w3c(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write ``rows`` as a JSON array of W3C annotations, one per line; return the count.

    Streams: each annotation is written as it arrives.
    """
    encode = _ENCODER.encode
    count = 0
    out.write("[")
    for row in rows:
        out.write(("\n" if count == 0 else ",\n") + encode(annotation_to_w3c(row)))
        count += 1
    out.write("\n]\n")
    return count


def iter_w3c_annotations(document: Any) -> Iterator[Any]:
    """The annotation objects of a parsed W3C document: a JSON array of annotations,
    one annotation, or an AnnotationCollection / AnnotationPage with embedded items."""
    if isinstance(document, list):
        yield from document
        return
    if not isinstance(document, dict):
        raise W3CFormatError("not a W3C annotation document (expected an array or an object)")
    kind = document.get("type")
    if kind == "AnnotationCollection":
        page = document.get("first")
        while isinstance(page, dict):
            yield from _items(page)
            page = page.get("next")
    elif kind == "AnnotationPage":
        yield from _items(document)
    elif kind == "Annotation":
        yield document
    else:
        raise W3CFormatError(f"not a W3C annotation document (type {kind!r})")


def _items(page: dict[str, Any]) -> list[Any]:
    """The ``items`` of a page: a list (a missing or empty one is no items)."""
    items = page.get("items") or []
    if not isinstance(items, list):
        raise W3CFormatError("the items of an AnnotationPage must be an array")
    return items


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise W3CFormatError(f"{what} must be text")
    return value


def _strip(value: Any, prefix: str, what: str) -> str:
    text = _text(value, what)
    if not text.startswith(prefix):
        raise W3CFormatError(f"{what} must start with {prefix}")
    return text[len(prefix) :]


def _article_ref(source: Any) -> str:
    """The article a target source names: its id (``urn:reader:article:ID``) or its
    page's URL (mapped to the article by the store)."""
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        return source
    return _strip(source, ARTICLE_URN, "target source")


def record_from_w3c(annotation: Any) -> dict[str, Any]:
    """An annotation record (the keys of an export row, without ``article_title`` and
    ``section``) from a W3C annotation written by :func:`annotation_to_w3c`.

    Raises ``W3CFormatError`` when a required part is missing or has the wrong type.
    """
    if not isinstance(annotation, dict) or annotation.get("type") != "Annotation":
        raise W3CFormatError("not an Annotation object")
    target = annotation.get("target")
    if not isinstance(target, dict):
        raise W3CFormatError("target must be an object")
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    # A type that is a list or an object is no selector type (and cannot be a dict key).
    by_type = {
        s["type"]: s for s in selectors if isinstance(s, dict) and type(s.get("type")) is str
    }
    quote = by_type.get("TextQuoteSelector")
    position = by_type.get("TextPositionSelector")
    if quote is None or position is None:
        raise W3CFormatError("target needs a TextQuoteSelector and a TextPositionSelector")
    creator = annotation.get("creator")
    author = creator.get("name") if isinstance(creator, dict) else creator
    record: dict[str, Any] = {
        "id": _strip(annotation.get("id"), _UUID_URN, "id"),
        "article_id": _article_ref(target.get("source")),
        "start": position.get("start"),
        "end": position.get("end"),
        "exact": quote.get("exact"),
        "prefix": quote.get("prefix", ""),
        "suffix": quote.get("suffix", ""),
        "tag": None,
        "speaker": None,
        "status": None,
        "note": None,
        "author": author,
        "created_at": annotation.get("created"),
        "updated_at": annotation.get("modified"),
        "deleted_at": annotation.get(_DELETED),
    }
    bodies = annotation.get("body")
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict):
            continue
        purpose = body.get("purpose")
        if purpose == "tagging":
            record["tag"] = body.get("value")
        elif purpose == "assessing":
            record["status"] = body.get("value")
        elif purpose == "describing" and body.get(_SPEAKER_ROLE) == "speaker":
            record["speaker"] = body.get("value")
        elif purpose == "commenting":
            record["note"] = body.get("value")
    return record
