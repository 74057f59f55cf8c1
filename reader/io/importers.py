"""Import articles from files: checks, decoding, and dispatch to the text, Markdown and
HTML parsers (a saved web page, .html or .htm, is read as reader/io/html.py reads a URL)."""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model.files import not_regular_file
from reader.model.normalise import is_normalised, normalise_text

# The parsers are imported when a text is parsed: opening an article already imported,
# the bundled one included, parses nothing (start-up, issue 12).
if TYPE_CHECKING:
    from reader.model.article import Article

__all__ = [
    "ArticleImportError",
    "is_text_file",
    "load_article",
    "load_seed",
    "parse_article_text",
    "parse_markdown",
    "parse_plain_text",
    "preview_article_text",
    "read_article_text",
    "read_article_text_hashed",
    "seed_text",
    "write_seed_structure",
]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SEED_NAME = "000_4827286a000d86a8.txt"
#: The bundled article as parsed (title, metadata and ``Article.to_structure()``), with
#: the hash of the text it is of: a first start reads it instead of parsing the text
#: (~4 ms with the parser's imports: start-up, issue 12). A test checks it is what parsing
#: gives; :func:`write_seed_structure` writes it again (after a parser change).
SEED_STRUCTURE = "000_4827286a000d86a8.structure.json"
# Control characters other than "\t\n\v\f\r", counted in the file's bytes (UTF-8 encodes
# each as itself, and no other character has such a byte): bytes.translate deletes them
# in ~10 ms from 10 MB, where a regular expression over the text took ~28 ms (and a loop
# over its characters 0.3 s).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
_UTF8_BOM = b"\xef\xbb\xbf"
_MAX_CONTROL_RATIO = 0.05


class ArticleImportError(Exception):
    """A file could not be imported; the message is one line naming the file."""


def load_article(path: str | os.PathLike[str]) -> Article:
    """Read and parse an article file (.md/.markdown as Markdown, .html/.htm as a saved web
    page, anything else as plain text)."""
    file = Path(path)
    if file.suffix.lower() in HTML_SUFFIXES:
        from reader.io.html import HtmlError, parse_html

        data = _read_bytes(file)
        try:
            return parse_html(data, source=str(file))
        except HtmlError as exc:
            raise ArticleImportError(str(exc)) from exc
    return parse_article_text(file, _checked_text(file))


def is_text_file(path: str | os.PathLike[str]) -> bool:
    """True for a file read as text (plain text or Markdown; not a saved web page, whose
    bytes are decoded by the charset they declare)."""
    return Path(path).suffix.lower() not in HTML_SUFFIXES


def read_article_text(path: str | os.PathLike[str]) -> str:
    """The normalised text of a plain-text or Markdown article file
    (:func:`is_text_file`), checked as :func:`load_article` checks it but not parsed. Its
    ``reader.model.article.content_hash`` finds the article if the file was imported
    before (``Store.find_article_by_hash``); parse it with :func:`parse_article_text`."""
    return normalise_text(_checked_text(Path(path)))


def read_article_text_hashed(path: str | os.PathLike[str]) -> tuple[str, str]:
    """:func:`read_article_text` and its text's ``reader.model.article.content_hash``.

    A file whose bytes are normalised already (no byte order mark, no carriage return,
    Unicode NFC: most files) is its normalised text's UTF-8: its hash is of the bytes
    read, without normalising (copies of the text) or encoding the text again (~45 ms of
    a 10 MB article's reopen, issue 12). The same text and hash as the two steps give."""
    file = Path(path)
    data = _read_bytes(file)
    text = _checked_text(file, data)
    if not data.startswith(_UTF8_BOM) and is_normalised(text):
        return text, hashlib.sha256(data).hexdigest()
    del data
    from reader.model.article import content_hash

    text = normalise_text(text)
    return text, content_hash(text)


def parse_article_text(path: str | os.PathLike[str], text: str) -> Article:
    """The article of ``text``, the decoded contents of the file ``path`` (Markdown or
    plain text by its suffix)."""
    file = Path(path)
    return _parse(text, file.suffix, source=str(file))


#: How much of a big file's text its preview parses (issue 12: shown while the whole
#: is parsed and stored).
PREVIEW_CHARS = 40_000


def preview_article_text(
    path: str | os.PathLike[str], text: str, chars: int = PREVIEW_CHARS
) -> Article:
    """The article of the first part of ``text`` (about ``chars`` characters, cut at the
    end of a paragraph, else of a line, else anywhere): what a big file looks like at
    its start, shown while the whole is parsed (:func:`parse_article_text`). Its
    offsets are the whole text's (the same start)."""
    if len(text) <= chars:
        return parse_article_text(path, text)
    cut = text.rfind("\n\n", chars // 2, chars)
    if cut < 0:
        cut = text.rfind("\n", chars // 2, chars)
    return parse_article_text(path, text[: cut if cut > 0 else chars])


def _checked_text(file: Path, data: bytes | None = None) -> str:
    """The decoded text of an article file (``data``: its bytes, when read already);
    ``ArticleImportError`` for one with no text."""
    text = _decode(file, _read_bytes(file) if data is None else data)
    if not text or text.isspace():  # (not text.strip(): a copy of the whole text)
        raise ArticleImportError(f"{file}: file is empty (no text to import)")
    if not any(c.isalpha() for c in text):
        raise ArticleImportError(f"{file}: no text to import (the file has no letters)")
    return text


def seed_text() -> str:
    """The normalised text of the example article bundled with the package: its
    ``content_hash`` finds the article in a database before it is parsed."""
    seed = _data_dir("reader.seeds") / SEED_NAME
    return normalise_text(seed.read_text(encoding="utf-8"))


def _data_dir(package: str) -> Path:
    """The directory of a data package of reader (installed unzipped), by its module's
    file: importlib.resources (with zipfile) costs ~3 ms of start-up (issue 12)."""
    init = importlib.import_module(package).__file__
    if init is None:  # pragma: no cover - a namespace package: not one of ours
        raise ArticleImportError(f"{package}: not found")
    return Path(init).parent


def load_seed(text: str | None = None) -> Article:
    """The example article bundled with the package (``text``: its :func:`seed_text`,
    when read already): from :data:`SEED_STRUCTURE` when that is of this text, else
    parsed."""
    text = seed_text() if text is None else text
    prepared = _prepared_seed(text)
    if prepared is not None:
        return prepared
    return parse_plain_text(text, source=f"seeds/{SEED_NAME}")


def _prepared_seed(text: str) -> Article | None:
    """The bundled article read from :data:`SEED_STRUCTURE`; None when that file is
    missing, unreadable or of another text."""
    import json

    from reader.model.article import Article, content_hash

    try:
        path = _data_dir("reader.seeds") / SEED_STRUCTURE
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["content_hash"] != content_hash(text):
            return None
        return Article.from_structure(
            title=data["title"],
            source=data["source"],
            text=text,
            structure=data["structure"],
            metadata=data["metadata"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_seed_structure() -> Path:
    """Write :data:`SEED_STRUCTURE` from a parse of the bundled text (in the source tree's
    seeds/ when installed editable); its path."""
    import json

    text = seed_text()
    article = parse_plain_text(text, source=f"seeds/{SEED_NAME}")
    data = {
        "content_hash": article.content_hash,
        "title": article.title,
        "source": article.source,
        "metadata": dict(article.metadata),
        "structure": article.to_structure(),
    }
    path = _data_dir("reader.seeds") / SEED_STRUCTURE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def parse_plain_text(text: str, *, source: str) -> Article:
    """A plain-text article (reader/io/plaintext.py, imported on first use)."""
    from reader.io.plaintext import parse_plain_text as parse

    return parse(text, source=source)


def parse_markdown(text: str, *, source: str) -> Article:
    """A Markdown article (reader/io/markdown.py, imported on first use: markdown-it is
    not needed to open a plain-text article, and costs start-up)."""
    from reader.io.markdown import parse_markdown as parse

    return parse(text, source=source)


def _parse(text: str, suffix: str, *, source: str) -> Article:
    """Dispatch on the file suffix and reject files with no paragraphs."""
    if suffix.lower() in MARKDOWN_SUFFIXES:
        article = parse_markdown(text, source=source)
    else:
        article = parse_plain_text(text, source=source)
    if not article.sentences:
        raise ArticleImportError(f"{source}: no article text found")
    return article


def _read_bytes(file: Path) -> bytes:
    """The file's bytes, or an ArticleImportError for missing/directory/unreadable files
    and anything else that is not a regular file (a FIFO, /dev/zero ...)."""
    if not file.exists():
        raise ArticleImportError(f"{file}: no such file")
    if file.is_dir():
        raise ArticleImportError(f"{file}: is a directory, not a file")
    if problem := not_regular_file(file):
        raise ArticleImportError(problem)
    try:
        return file.read_bytes()
    except OSError as exc:
        raise ArticleImportError(f"{file}: cannot read file ({exc.strerror or exc})") from exc


def _decode(file: Path, data: bytes) -> str:
    """Decode UTF-8 (BOM allowed), refusing binary data with a message saying where it fails."""
    encoding = _utf16_or_32(data)
    if encoding:
        raise ArticleImportError(f"{file}: is {encoding}; save it as UTF-8")
    if b"\x00" in data:
        raise ArticleImportError(f"{file}: looks like a binary file (contains NUL bytes)")
    # (counted before the text is made: the bytes' copy is freed before it exists)
    control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArticleImportError(
            f"{file}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"line {line}, column {column})"
        ) from exc
    if text and control / len(text) > _MAX_CONTROL_RATIO:
        raise ArticleImportError(f"{file}: looks like a binary file (mostly non-text characters)")
    return text


def _utf16_or_32(data: bytes) -> str | None:
    """ "UTF-16"/"UTF-32" when ``data`` starts with that byte order mark, or is BOM-less
    UTF-16 text (every other byte of the first 200 is NUL); else ``None``."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:200]
    if len(head) >= 8 and (
        head[0::2].count(0) == len(head[0::2]) or head[1::2].count(0) == len(head[1::2])
    ):
        return "UTF-16"
    return None
