"""``reader`` and ``reader FILE``: open an article (or the library) in the terminal UI.

:func:`open_reader` is what ``reader``, ``reader FILE`` and ``reader open`` do. A bare
``reader`` and ``reader FILE``, the commands run most, come here straight from the
console command (reader/launch.py) without importing click and the other commands
(~18 ms of start-up, issue 12): :func:`open_bare`. Its errors are reported by the CLI's code
(:func:`reader.cli.exit_with`), so they read and exit as they do through click.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.io.importers import (
    ArticleImportError,
    is_text_file,
    load_seed,
    parse_article_text,
    preview_article_text,
    read_article_text_hashed,
    seed_text,
)
from reader.model.article import content_hash, keep_content_hash
from reader.store import HandedOver, Store, default_db_path
from reader.ui.heap import tune_heap

if TYPE_CHECKING:
    from reader.io.http import HttpClient
    from reader.model.article import Article
    from reader.store import RefreshReport, StoredArticle
    from reader.ui.app import PendingOpen

__all__ = ["PREVIEW_FROM_CHARS", "import_or_refresh", "open_bare", "open_reader"]

#: The database path's environment variable (``--db`` when not given; as the CLI's).
DB_ENVVAR = "READER_DB"
#: A file not yet imported with this much text opens on a preview of its first part
#: while the whole is parsed and stored (issue 12: 10 MB took a second before the
#: first frame); a smaller one is parsed and stored before the app starts.
PREVIEW_FROM_CHARS = 500_000


def open_bare(file: str | None = None) -> int:
    """A bare ``reader`` (``file`` None) or ``reader FILE``: :func:`open_reader` on
    ``$READER_DB`` (read as click reads ``--db``'s variable: an empty value is no value)
    or the default database. An error ends the process as the CLI ends it; else the
    app's return code."""
    given = os.environ.get(DB_ENVVAR)
    db_path = Path(given).expanduser() if given else default_db_path()
    try:
        return open_reader(db_path, None, file, load_source=_load_source, http_client=_http_client)
    except (KeyboardInterrupt, Exception) as exc:
        from reader.cli import exit_with  # click, only to report the error as it does

        exit_with(exc)


def _is_url(source: str) -> bool:
    # reader.io.http (with its dataclasses) is imported for a file, not by a bare reader.
    from reader.io.http import is_url

    return is_url(source)


def _load_source(source: str) -> Article:
    from reader.cli import load_source

    return load_source(source)


def _http_client() -> HttpClient:
    """The CLI's HTTP client (its settings from the environment), made when first used."""
    from reader.cli import _http_client as make_client

    return make_client()


def open_reader(
    db_path: Path,
    author: str | None,
    file: str | None,
    *,
    load_source: Callable[[str], Article],
    http_client: Callable[[], HttpClient],
) -> int:
    """Open ``file`` (a path or URL, imported first: ``load_source`` reads what is not a
    text file) in the reader on the database ``db_path``; without ``file``, the library
    when the database holds more than one article, else the bundled article. Returns the
    app's return code (Textual reports a crash itself and sets a non-zero one).
    ``http_client`` makes the client the library updates feeds with."""
    tune_heap()
    # A file already imported is found by the hash of its normalised text and opened
    # without being parsed (issue 12: 1.1 s for 10 MB): a plain-text file's text is its
    # article's text (the content hash), a Markdown file's is kept as its source hash.
    as_text = file is not None and not _is_url(file) and is_text_file(file)
    text, digest = read_article_text_hashed(file) if file is not None and as_text else (None, None)
    article = load_source(file) if file is not None and not as_text else None
    with Store.open(db_path, author=author) as store:
        article_id: str | None = None  # None: start in the library
        pending = None
        if text is not None and digest is not None:
            article_id = store.find_article_by_hash(digest)
            if article_id is not None:
                # Loaded now with the text just read, not read again from the database
                # (~20 ms on 10 MB, issue 12): the reader's screen gets it from the store.
                store.get_article(article_id, text=text, text_hash=digest)
            elif len(text) >= PREVIEW_FROM_CHARS and store.path != ":memory:":
                pending = _pending_open(store, file or "", [text], digest)
            else:
                article = keep_content_hash(parse_article_text(file or "", text), text, digest)
            del text  # the article holds it (a 10 MB text is not kept twice)
        if (
            article_id is None
            and pending is None
            and article is None
            and store.article_count() <= 1
        ):
            # The bundled article: found by its text's hash, parsed the first time only.
            seed = seed_text()
            article_id = store.find_article_by_hash(content_hash(seed))
            if article_id is None:
                article = load_seed(seed)
        if article_id is None and article is not None:
            article_id = _store_for_reading(store, article, digest).id
            del article
        elif article_id is not None:
            store.mark_read(article_id)
        # No garbage collection while Textual is imported and the first screen built:
        # ReaderApp.run resumes it once the first text is drawn (start-up, issue 12).
        collecting = gc.isenabled()
        gc.disable()
        try:
            from reader.ui.app import create_app  # Textual only for the commands that need it

            # `r` in the library makes its client (and reads the HTTP settings) when used.
            app = create_app(store, article_id, http_client=http_client, pending=pending)
            del pending  # (the app holds it, and with it the text, until it is stored)
            app.run()
        finally:
            if collecting:
                gc.enable()
    return_code = getattr(app, "return_code", None)
    return int(return_code) if return_code else 0


def _pending_open(store: Store, file: str, text: list[str], digest: str) -> PendingOpen:
    """A big file opened on a preview of its start (``PREVIEW_FROM_CHARS``): the app
    parses the whole in a thread once the preview is drawn, and the thread stores it as
    ``reader FILE`` always does (imported, or refreshed when its page is there, and
    marked read), with a connection of its own. ``text``: the file's text, in a list
    that the thread empties (with the parsed article handed over to the store, it then
    holds the only reference to the text: issue 12's peak memory)."""
    from reader.ui.app import PendingOpen

    try:
        preview = preview_article_text(file, text[0])
    except ArticleImportError:  # its start alone has no text: parse the whole now
        preview = parse_article_text(file, text[0])
    path, author = store.path, store.author

    def load() -> StoredArticle:
        whole = text.pop()
        handed = HandedOver(keep_content_hash(parse_article_text(file, whole), whole, digest))
        del whole
        with Store.open(path, author=author) as own:
            return _store_for_reading(own, handed, digest)

    return PendingOpen(preview=preview, load=load, error_types=(ArticleImportError,))


def _store_for_reading(
    store: Store, article: Article | HandedOver, digest: str | None
) -> StoredArticle:
    """Store ``article`` as ``reader FILE`` does (imported, or refreshed when its page
    is there; ``digest`` its source's hash) and mark it read. A long article's
    search passages are indexed by the reader's screen once it is drawn
    (``Store.index_waiting_passages``), not before it."""
    stored, _created, _refreshed = import_or_refresh(
        store, article, source_hash=digest, read=True, index_later=True
    )
    store.mark_read(stored.id)
    return stored


def import_or_refresh(
    store: Store,
    article: Article | HandedOver,
    *,
    source_hash: str | None = None,
    read: bool = False,
    index_later: bool = False,
) -> tuple[Any, bool, RefreshReport | None]:
    """Import ``article`` (read from a file whose normalised text has ``source_hash``;
    with ``read``, stored already read); when the same page (by URL) is already there
    with another text, refresh it to this text. Returns (stored article, created,
    refresh report). ``index_later``, and ``article`` handed over: as
    :meth:`Store.import_article`'s."""
    stored, created = store.import_article(
        article, source_hash=source_hash, read=read, index_later=index_later
    )
    if created:
        return stored, created, None
    if isinstance(article, HandedOver):  # not stored: handed back
        article = article.take()
    if stored.content_hash == article.content_hash:
        return stored, created, None
    page = {article.metadata.get("canonical_url"), article.metadata.get("url")} - {None}
    if not page:  # the same title and source with another text is another article
        return stored, created, None
    report = store.refresh_article(stored.id, article)
    return store.get_article(stored.id), False, report
