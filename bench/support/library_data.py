"""A big library for the benchmarks, built fast: N articles and M annotations by bulk SQL.

Issue 12's library: 10,000 articles of about 5 KB and 1,000,000 annotations. Every
article is the bundled seed article with some of its words swapped for other words of
the same length (so each text, title and hash differs but the seed's stored structure,
whose offsets depend on lengths only, stays true), imported once through the store and
then copied row by row with ``executemany`` in one transaction (the schema's triggers
run as they would for any import). Annotations are spread over the sentences; one in
ten has a note, one in five a speaker. The same generator writes the 5 KB files the
directory import is measured on.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

from reader.io.importers import load_seed
from reader.store import Store
from support import anchored_columns

_WORD = re.compile(r"[A-Za-z]{3,}")
#: Words the variants draw from (besides the seed's own), so searches find a spread.
EXTRA_WORDS: tuple[str, ...] = tuple(
    " ".join(
        (
            "harbour lantern meadow quarry ribbon saddle tunnel velvet walnut zephyr anchor",
            "beacon candle dagger ember falcon garnet hollow island jasmine kettle ladder marble",
            "nectar orchid pepper quiver raven silver thistle umbrella violet willow yonder",
            "bridge cobalt delta engine forest glacier harvest inland jungle kernel lagoon mosaic",
            "north ocean prairie quartz river summit timber upland valley winter",
        )
    ).split()
)


def _by_length(words: list[str]) -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for word in sorted(set(words)):
        buckets.setdefault(len(word), []).append(word)
    return buckets


class Variants:
    """Texts and titles varied from the seed article, reproducibly (seeded)."""

    def __init__(self, seed: int = 12) -> None:
        self.article = load_seed()
        self.rng = random.Random(seed)
        self.buckets = _by_length([*_WORD.findall(self.article.text), *EXTRA_WORDS])
        self.matches = list(_WORD.finditer(self.article.text))

    def text(self, number: int) -> str:
        """The seed text with one word in eight swapped for another of its length."""
        text = self.article.text
        parts: list[str] = []
        last = 0
        rng = self.rng
        for match in self.matches:
            if rng.random() < 0.125:
                parts.append(text[last : match.start()])
                parts.append(rng.choice(self.buckets[len(match.group())]))
                last = match.end()
        parts.append(text[last:])
        return "".join(parts)

    def title(self, number: int) -> str:
        words = [self.rng.choice(EXTRA_WORDS) for _ in range(4)]
        return f"{' '.join(words).capitalize()} no. {number}"

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(EXTRA_WORDS) for _ in range(count))


def write_article_files(directory: Path, count: int, *, seed: int = 12) -> list[Path]:
    """``count`` plain-text files of about 5 KB (a title line, then the varied seed)."""
    directory.mkdir(parents=True, exist_ok=True)
    variants = Variants(seed)
    paths = []
    for number in range(count):
        path = directory / f"article-{number:05d}.txt"
        body = variants.text(number)
        path.write_text(f"{variants.title(number)}\n\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def _annotation_rows(
    variants: Variants, article_id: str, text: str, count: int, spans: list[tuple[int, int]]
) -> Iterator[tuple[object, ...]]:
    rng = variants.rng
    for n in range(count):
        start, end = spans[n % len(spans)]
        tag = "quote" if n % 3 == 0 else "claim"
        speaker = variants.words(2).title() if n % 5 == 0 else None
        note = variants.words(6) if n % 10 == 0 else None
        stamp = f"2026-01-01T00:00:{n % 60:02d}.000000Z"
        yield (
            *anchored_columns(rng, article_id, text, start, end),
            tag,
            speaker,
            note,
            "bench",
            stamp,
            stamp,
        )


def build_library(path: Path, articles: int, annotations: int, *, seed: int = 12) -> Path:
    """A reader database at ``path`` with ``articles`` articles and ``annotations``
    annotations spread evenly over them (bulk SQL through the store's connection)."""
    variants = Variants(seed)
    with Store.open(path, author="bench") as store:
        store.import_article(variants.article)
        template = store.get_article(variants.article.content_hash[:12])  # its id
        conn = store.db.conn
        (structure,) = conn.execute(
            "SELECT structure FROM articles WHERE id = ?", [template.id]
        ).fetchone()
        sections = conn.execute(
            'SELECT position, start, "end", title FROM sections WHERE article_id = ?',
            [template.id],
        ).fetchall()
        spans = [(s.start, s.end) for s in template.article.sentences]
        per_article = annotations // max(articles, 1)
        extra = annotations - per_article * articles
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM articles")
        for number in range(articles):
            text = variants.text(number)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            article_id = digest[:12]
            title = variants.title(number)
            stamp = f"2026-01-{1 + number % 28:02d}T{number % 24:02d}:00:00.{number:06d}Z"
            conn.execute(
                """INSERT INTO articles (id, content_hash, title, source, format, metadata,
                   text, structure, imported_at, imported_by)
                   VALUES (?, ?, ?, ?, 'text', '{}', ?, ?, ?, 'bench')""",
                [article_id, digest, title, f"article-{number:05d}.txt", text, structure, stamp],
            )
            conn.executemany(
                'INSERT INTO sections (article_id, position, start, "end", title) '
                "VALUES (?, ?, ?, ?, ?)",
                [(article_id, *section) for section in sections],
            )
            conn.execute(
                """INSERT INTO article_versions (article_id, version, content_hash, title,
                   metadata, text, structure, fetched_at) VALUES (?, 1, ?, ?, '{}', ?, ?, ?)""",
                [article_id, digest, title, text, structure, stamp],
            )
            count = per_article + (1 if number < extra else 0)
            conn.executemany(
                """INSERT INTO annotations (id, article_id, start, "end", exact, prefix,
                   suffix, tag, speaker, note, author, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                _annotation_rows(variants, article_id, text, count, spans),
            )
        conn.execute("COMMIT")
    return path


def library_summary(path: Path) -> dict[str, int]:
    """How many articles and annotations the database at ``path`` holds."""
    with Store.open(path, readonly=True) as store:
        conn = store.db.conn
        return {
            "articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "annotations": conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
        }


__all__ = ["Variants", "build_library", "library_summary", "write_article_files"]
