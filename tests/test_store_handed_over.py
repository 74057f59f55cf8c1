"""An article handed over to the store (``HandedOver``): written from its UTF-8 with its
``str`` let go during the INSERT (issue 12's peak memory on a 10 MB file), and stored,
indexed and returned exactly as the same article given as it is."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import make_article
from test_store_passages import ARTICLES, index_state

from reader.store import HandedOver, Store, StoreError
from reader.store.validation import LIMITS

ROWS = "SELECT id, content_hash, title, source, text, structure, read_at IS NULL FROM articles"


def stored_state(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        state = index_state(conn)
        state["articles"] = conn.execute(ROWS + " ORDER BY rowid").fetchall()
        state["sections"] = conn.execute("SELECT * FROM sections ORDER BY 1, 2").fetchall()
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    return state


@pytest.mark.parametrize("index_later", [True, False])
def test_a_handed_over_article_is_stored_as_the_same_article_given(
    tmp_path: Path, index_later: bool
) -> None:
    given, handed = tmp_path / "given.db", tmp_path / "handed.db"
    for path, hand_over in ((given, False), (handed, True)):
        with Store.open(path, author="me") as store:
            for article in ARTICLES:
                copy = replace(article)  # (its own model: the handed one is let go)
                passed = HandedOver(copy) if hand_over else copy
                del copy
                stored, created = store.import_article(passed, read=True, index_later=index_later)
                assert created and stored.article == article
                assert stored.content_hash == article.content_hash
                assert store.get_article(stored.id).article == article
            assert store.waiting_passages() == (2 if index_later else 0)
            store.index_waiting_passages()
    assert stored_state(handed) == stored_state(given)
    with Store.open(handed, author="me") as store:
        [hit] = store.search("lighthouse")
        assert hit.offset == ARTICLES[0].text.index("lighthouse")


class TrackedText(str):
    """A text that says when it is freed."""

    freed: list[bool]

    def __del__(self) -> None:
        self.freed.append(True)


def test_the_text_is_freed_before_its_row_is_written(tmp_path: Path) -> None:
    article = ARTICLES[0]
    freed: list[bool] = []
    TrackedText.freed = freed
    seen_at_insert: list[bool] = []
    with Store.open(tmp_path / "a.db", author="me") as store:

        def trace(statement: str) -> None:
            if statement.lstrip().startswith("INSERT INTO articles ("):
                seen_at_insert.append(bool(freed))

        store.db.conn.set_trace_callback(trace)
        stored, created = store.import_article(
            HandedOver(replace(article, text=TrackedText(article.text)))
        )
        store.db.conn.set_trace_callback(None)
        # let go before SQLite had its copies (traced again when the statement is
        # prepared again: the text's SQL function was just made)
        assert created and seen_at_insert and all(seen_at_insert)
        assert stored.article.text == article.text and type(stored.article.text) is str
        assert store.get_article(stored.id).article == article


def test_an_article_not_stored_is_handed_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="me") as store:
        first, _ = store.import_article(ARTICLES[1])
        again = HandedOver(replace(ARTICLES[1], title="The same text"))
        stored, created = store.import_article(again)
        assert not created and stored.id == first.id
        back = again.take()
        assert back == replace(ARTICLES[1], title="The same text")
        assert back.content_hash == ARTICLES[1].content_hash
        with pytest.raises(ValueError, match="taken already"):
            again.take()
        assert store.article_count() == 1


def test_a_text_over_the_limit_is_refused_and_handed_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(LIMITS, "text", 100)
    long = make_article("A sentence of the article. " * 10)
    with Store.open(tmp_path / "a.db", author="me") as store:
        handed = HandedOver(replace(long))
        with pytest.raises(StoreError, match="at most 100"):
            store.import_article(handed)
        assert handed.take() == long
        assert store.article_count() == 0


def test_a_failed_write_hands_the_article_back_and_stores_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="me") as store:
        store.db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles "
            "BEGIN SELECT raise(ABORT, 'no articles'); END"
        )
        handed = HandedOver(replace(ARTICLES[0]))
        with pytest.raises(sqlite3.IntegrityError, match="no articles"):
            store.import_article(handed)
        back = handed.take()
        assert back == ARTICLES[0] and back.content_hash == ARTICLES[0].content_hash
        assert store.article_count() == 0
        assert store.waiting_passages() == 0
