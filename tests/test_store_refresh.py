"""Articles that change (issue 11, part 4): a refresh stores a new version under the
same id and re-anchors every annotation, or keeps it as an orphan; never elsewhere."""

from __future__ import annotations

import pytest

from reader.store import NEEDS_RECHECK, Store, StoreError
from reader.store.migrations import MIGRATIONS, SCHEMA_VERSION, _v9_article_versions
from tests.store_helpers import make_article

#: The schema version before ``article_versions``.
BEFORE_VERSIONS = MIGRATIONS.index(_v9_article_versions)

P1 = "The mayor said the bridge would open in May, after two years of delays."
P2 = "Critics called the budget reckless and warned of rising costs for residents."
P3 = "A spokesman said the council had approved the contract on Tuesday evening."
P4 = "Residents near the river said they feared the noise would never stop."
P5 = "Officials promised a full report before the summer recess began in July."
OLD = "\n\n".join([P1, P2, P3, P4, P5]) + "\n"

INSERTED = "An inquiry into the tender was opened last week by the regional auditor."


def _tag(store: Store, article_id: str, text: str, words: str, **kwargs) -> str:
    start = text.index(words)
    return store.add_annotation(article_id, start, start + len(words), "claim", **kwargs).id


def _words(store: Store, annotation_id: str) -> str:
    annotation = store.get_annotation(annotation_id)
    text = store.get_article(annotation.article_id).article.text
    return text[annotation.start : annotation.end]


@pytest.fixture
def store() -> Store:
    with Store.open(":memory:", author="tester") as s:
        yield s


def test_an_edited_article_keeps_each_annotation_on_its_words_or_makes_it_an_orphan(
    store: Store,
) -> None:
    stored, _ = store.import_article(make_article(OLD, source="https://example.org/a"))
    near = _tag(store, stored.id, OLD, "the bridge would open in May", status="supported")
    after_insert = _tag(store, stored.id, OLD, "the council had approved the contract")
    deleted = _tag(store, stored.id, OLD, "they feared the noise would never stop")
    one_word = _tag(store, stored.id, OLD, "warned of rising costs for residents", status="false")
    repeated = _tag(store, stored.id, OLD, "a full report")
    new = "\n\n".join(
        [
            # words changed near an annotation (not inside it)
            P1.replace("The mayor said", "The new mayor told reporters"),
            # one word changed inside an annotated quote
            P2.replace("rising costs", "soaring costs"),
            # a paragraph inserted before an annotation
            INSERTED,
            P3,
            # the annotated sentence deleted (P4)
            # the annotated words repeated elsewhere, the context still says where
            P5,
            "Opposition leaders demanded a full report on the delays as well.",
        ]
    )
    report = store.refresh_article(stored.id, make_article(new + "\n"))

    assert report.changed and report.version == 2
    assert (report.reanchored, report.orphans, report.rechecks) == (4, 1, 1)
    assert _words(store, near) == "the bridge would open in May"
    assert store.get_annotation(near).status == "supported"
    assert _words(store, after_insert) == "the council had approved the contract"
    assert _words(store, one_word) == "warned of soaring costs for residents"
    assert store.get_annotation(one_word).status == NEEDS_RECHECK
    (recheck,) = store.list_rechecks(stored.id)
    assert (recheck.old_exact, recheck.old_status) == (
        "warned of rising costs for residents",
        "false",
    )
    text = store.get_article(stored.id).article.text
    first_report = text.index("a full report")
    assert store.get_annotation(repeated).start == first_report
    (orphan,) = store.list_orphans(stored.id)
    assert orphan.id == deleted and orphan.exact == "they feared the noise would never stop"
    assert orphan.prefix.endswith("near the river said ") and orphan.source == "refresh"
    assert orphan.incoming_hash == stored.content_hash
    with pytest.raises(StoreError):
        store.get_annotation(deleted)
    assert store.undo(stored.id) is None  # the undo steps were offsets in the old text


def test_words_repeated_with_no_context_to_tell_them_apart_make_an_orphan(store: Store) -> None:
    old = "Intro line that is long enough to read.\n\nThe plan failed badly.\n"
    stored, _ = store.import_article(make_article(old))
    annotation = _tag(store, stored.id, old, "The plan failed badly.")
    new = "Another intro.\n\nThe plan failed badly.\n\nThe plan failed badly.\n"
    report = store.refresh_article(stored.id, make_article(new))
    assert (report.reanchored, report.orphans) == (0, 1)
    (orphan,) = store.list_orphans()
    assert orphan.id == annotation and orphan.reason == "the quote occurs 2 times"


def test_versions_are_kept_and_the_id_sections_and_suggestion_cache_follow(store: Store) -> None:
    stored, _ = store.import_article(make_article("Heading\n" + OLD))
    new_text = "Other heading\n" + INSERTED + "\n\n" + OLD
    report = store.refresh_article(stored.id, make_article(new_text, title="New title"))
    versions = store.list_versions(stored.id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].text == "Heading\n" + OLD and versions[1].text == new_text
    kinds = store.db.execute(  # written through SQLite (not bound), still TEXT
        "SELECT typeof(text) FROM article_versions UNION ALL SELECT typeof(text) FROM articles"
    ).fetchall()
    assert kinds == [("text",)] * 3
    current = store.get_article(stored.id)
    assert current.id == stored.id and current.title == "New title"
    assert current.content_hash == versions[1].content_hash != stored.content_hash
    sections = store.db.execute(
        'SELECT title, start, "end" FROM sections WHERE article_id = ?', [stored.id]
    ).fetchall()
    assert sections == [("Other heading", 0, len(new_text) - 1)]
    assert report.version == 2


def test_the_same_text_again_changes_nothing(store: Store) -> None:
    stored, _ = store.import_article(make_article(OLD))
    annotation = _tag(store, stored.id, OLD, "a full report")
    report = store.refresh_article(stored.id, make_article(OLD))
    assert not report.changed and report.version == 1
    assert len(store.list_versions(stored.id)) == 1
    assert _words(store, annotation) == "a full report"


def test_a_text_that_is_another_articles_is_refused_and_nothing_changes(store: Store) -> None:
    store.import_article(make_article(OLD))
    two, _ = store.import_article(make_article(P1 + "\n"))
    with pytest.raises(StoreError, match="its new text is that of article"):
        store.refresh_article(two.id, make_article(OLD))
    assert store.get_article(two.id).article.text == P1 + "\n"
    assert len(store.list_versions(two.id)) == 1


def test_the_versions_migration_backfills_version_1_of_every_article(tmp_path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path, author="tester") as s:
        stored, _ = s.import_article(make_article(OLD))
        s.db.execute("DROP TABLE article_versions")
        s.db.execute(f"PRAGMA user_version = {BEFORE_VERSIONS}")  # later ones run again
        s.db.conn.commit()
    with Store.open(path, author="tester") as s:
        (version,) = s.list_versions(stored.id)
        assert (version.version, version.content_hash, version.text) == (
            1,
            stored.content_hash,
            OLD,
        )
        assert version.fetched_at == stored.imported_at
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_article_without_version_rows_gets_its_version_1_on_refresh(store: Store) -> None:
    # as an article added by a merge: no article_versions row
    stored, _ = store.import_article(make_article(OLD))
    store.db.execute("DELETE FROM article_versions")
    report = store.refresh_article(stored.id, make_article(OLD + INSERTED + "\n"))
    versions = store.list_versions(stored.id)
    assert report.version == 2 and [v.version for v in versions] == [1, 2]
    assert versions[0].text == OLD


def test_annotated_version_says_when_the_text_changed_after_my_first_annotation(
    store: Store,
) -> None:
    stored, _ = store.import_article(make_article(OLD))
    assert store.annotated_version(stored.id) == (1, 1)  # no annotation of mine
    store.refresh_article(stored.id, make_article(INSERTED + "\n\n" + OLD))
    assert store.annotated_version(stored.id) == (2, 2)  # still none
    _tag(store, stored.id, INSERTED + "\n\n" + OLD, "a full report")
    assert store.annotated_version(stored.id) == (2, 2)  # made on the current version
    store.refresh_article(stored.id, make_article(OLD))
    assert store.annotated_version(stored.id) == (2, 3)


def test_rejected_suggestions_follow_their_words_or_are_dropped(store: Store) -> None:
    from reader.model.suggestion import Suggestion

    stored, _ = store.import_article(make_article(OLD))
    words = "Officials promised a full report"
    start = OLD.index(words)
    store.reject_suggestion(
        stored.id, Suggestion("claim", start, start + len(words), words, None, "r", 0.5)
    )
    gone = "they feared the noise"
    at = OLD.index(gone)
    store.reject_suggestion(
        stored.id, Suggestion("claim", at, at + len(gone), gone, None, "r", 0.5)
    )
    new = INSERTED + "\n\n" + OLD.replace(P4 + "\n\n", "")
    store.refresh_article(stored.id, make_article(new))
    rows = store.db.execute(
        'SELECT exact, start, "end" FROM suggestion_rejections WHERE article_id = ?', [stored.id]
    ).fetchall()
    assert rows == [(words, new.index(words), new.index(words) + len(words))]
