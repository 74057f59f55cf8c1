"""``reader import DIR``: thousands of article files, in batches, with a progress bar.

The files under each directory (recursively, in name order; hidden files and files of
other kinds left alone) are read and parsed a batch at a time, and each batch is
written in one transaction (``Store.import_articles``) before the next is read: memory
holds one batch, never the whole directory. A file that cannot be read or parsed, or
that the store refuses, is reported on one line and skipped; the others are imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.cli_progress import progress
from reader.io.importers import ArticleImportError, load_article
from reader.model.article import Article
from reader.store import Store

__all__ = ["ARTICLE_SUFFIXES", "BATCH_SIZE", "DirectoryImport", "article_files", "import_files"]

#: The kinds of file a directory import reads (the importers' suffixes).
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
#: Articles parsed, then written in one transaction, at a time.
BATCH_SIZE = 200


@dataclass
class DirectoryImport:
    """What a directory import did: new articles, ones already there, files skipped."""

    imported: int = 0
    already: int = 0
    failed: int = 0

    def summary(self) -> str:
        """``Imported 1,998 articles (2 already imported); 2 files failed``."""
        noun = "article" if self.imported == 1 else "articles"
        line = f"Imported {self.imported:,} {noun}"
        if self.already:
            line += f" ({self.already:,} already imported)"
        if self.failed:
            line += f"; {self.failed:,} {'file' if self.failed == 1 else 'files'} failed"
        return line


def article_files(directory: Path) -> list[Path]:
    """The article files under ``directory``, recursively, in path order (hidden files
    and directories skipped, symbolic links to directories not followed)."""
    found: list[Path] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root, name)
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES
        )
    return found


def _batches(paths: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def import_files(
    store: Store,
    paths: Sequence[Path],
    report_failure: Callable[[str], None],
    *,
    batch_size: int | None = None,
) -> DirectoryImport:
    """Import ``paths`` a batch at a time; each file that fails is told to
    ``report_failure`` (one line naming it) and skipped. A progress bar on stderr
    follows the files when it is a terminal. ``batch_size`` defaults to :data:`BATCH_SIZE`."""
    size = batch_size or BATCH_SIZE
    outcome = DirectoryImport()
    files = progress(paths, total=len(paths), description="Importing", every=size // 4)
    batch: list[Article] = []
    for path in files:
        try:
            batch.append(load_article(path))
        except (ArticleImportError, OSError) as error:
            outcome.failed += 1
            report_failure(_describe(path, error))
        if len(batch) >= size:
            _write(store, batch, outcome, report_failure)
            batch = []
    if batch:
        _write(store, batch, outcome, report_failure)
    return outcome


def _write(
    store: Store,
    batch: list[Article],
    outcome: DirectoryImport,
    report_failure: Callable[[str], None],
) -> None:
    for result in store.import_articles(batch):
        if result.error is not None:
            outcome.failed += 1
            report_failure(f"{result.source}: {result.error}")
        elif result.created:
            outcome.imported += 1
        else:
            outcome.already += 1


def _describe(path: Path, error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{path}: {error.strerror}"
    message = str(error) or type(error).__name__
    return message if str(path) in message else f"{path}: {message}"
