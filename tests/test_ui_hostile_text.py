"""Issue 13, finding 15: stored text full of terminal escapes, C1 controls, bidi overrides
and Rich/Textual markup is drawn literally and safely on every screen (the edit form drew
a merged speaker and note raw: the screen cleared, the window title changed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from reader.io.importers import parse_plain_text
from reader.model.safe_text import BIDI_CONTROLS
from reader.store import NEEDS_RECHECK, Store
from reader.ui.app import ReaderApp, create_app
from reader.ui.screens.edit_annotation import EditAnnotationScreen
from reader.ui.screens.library_screen import OpenArticle

SIZE = (160, 50)
MARKUP = "[bold]x[/]"
#: Clear the screen, set the window title, leave the alternate screen, a C1 CSI, a bidi
#: override, then markup that would be bold or quit the app if it were read as markup.
HOSTILE = (
    f"{MARKUP}\x1b[2J\x1b]0;pwned\x07\x1b[?1049l\x9b31m\u202e\x90dcs\x9c [@click=app.quit]q[/]"
)
UNSAFE = {chr(c) for c in range(0x20)} | {chr(0x7F)} | {chr(c) for c in range(0x80, 0xA0)}
UNSAFE |= set(BIDI_CONTROLS)


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """An article whose title, section title and text carry ``HOSTILE``, a claim on it
    by a hostile author with a hostile speaker and note, plus a conflict, an orphan and
    a re-check record made of it."""
    text = (
        f"Title {HOSTILE} here\n\nSECTION {HOSTILE} ONE\n\n"
        f"First sentence {HOSTILE} is here. Second one is here too.\n\n"
        "More text in it. And a last one.\n"
    )
    store = Store.open(tmp_path / "hostile.db", author="tester")
    stored, _ = store.import_article(parse_plain_text(text, source="hostile.txt"))
    sentence = stored.article.sentences[0]
    store._author = HOSTILE  # as a merged share file can leave it
    claim = store.add_annotation(stored.id, sentence.start, sentence.end, "claim")
    store.update_annotation(claim.id, speaker=HOSTILE, note=f"{HOSTILE}\nline two {HOSTILE}")
    store._author = "tester"
    second = store.add_annotation(stored.id, sentence.start, sentence.end, "quote")
    when = "2026-01-02T09:30:00.000000Z"
    common = {"article_id": stored.id, "start": sentence.start, "end": sentence.end}
    common |= {"exact": HOSTILE, "tag": "claim", "speaker": HOSTILE, "note": HOSTILE}
    common |= {"author": HOSTILE, "created_at": when, "updated_at": when, "deleted_at": None}
    common |= {"source": HOSTILE, "recorded_at": when}
    store.db["conflicts"].insert(
        {**common, "annotation_id": claim.id, "status": "supported", "winner_updated_at": when}
    )
    store.db["orphans"].insert(
        {
            **common,
            "id": "orphan-1",
            "incoming_hash": "x",
            "prefix": HOSTILE,
            "suffix": HOSTILE,
            "status": "unverified",
            "origin": "manual",
            "reason": HOSTILE,
        }
    )
    store.db["annotations"].update(second.id, {"status": NEEDS_RECHECK})
    store.db["rechecks"].insert(
        {
            "annotation_id": second.id,
            "article_id": stored.id,
            "old_exact": HOSTILE,
            "old_status": HOSTILE,
            "new_start": sentence.start,
            "new_end": sentence.end,
            "new_exact": HOSTILE,
            "changes": HOSTILE,
            "kinds": HOSTILE,
            "source": HOSTILE,
            "recorded_at": when,
        }
    )
    yield store, stored.id
    store.close()


def drawn(app: ReaderApp) -> str:
    """Every character the current screen sends to the terminal, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_safe(app: ReaderApp, where: str) -> str:
    shown = drawn(app)
    found = sorted({f"U+{ord(c):04X}" for c in shown.replace("\n", "") if c in UNSAFE})
    assert not found, f"{where}: drawn raw: {found}"
    return shown


async def test_every_screen_draws_hostile_stored_text_safely(
    hostile: tuple[Store, str],
) -> None:
    app = create_app(*hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = assert_safe(app, "reader screen")
        assert MARKUP in shown and "[@click=app.quit]" in shown  # markup shown literally
        assert "␛[2J" in shown  # the escape shown as a visible stand-in
        for keys, where in [
            (["E"], "edit form"),
            (["t"], "tag picker"),
            (["question_mark"], "help"),
            (["O"], "orphans"),
            (["C"], "conflicts"),
            (["exclamation_mark"], "re-checks"),
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert app.screen is not app.reader_screen, where
            shown = assert_safe(app, where)
            if where in ("edit form", "orphans", "conflicts", "re-checks"):
                assert MARKUP in shown, where
            await pilot.press("escape")
            await pilot.pause()
        # a notification quoting stored text (the search names what it did not find)
        await pilot.press("slash", *"zz", "enter")
        app.reader_screen.say(f"Not found: {HOSTILE}")
        await pilot.pause()
        assert_safe(app, "notification")


async def test_the_edit_form_shows_controls_visibly_and_saves_untouched_fields_as_stored(
    hostile: tuple[Store, str],
) -> None:
    store, _ = hostile
    app = create_app(*hostile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.reader_screen
        claim = next(a for a in screen.annotations if a.tag == "claim")
        screen.chosen_id = claim.id
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditAnnotationScreen)
        assert not set(form.query_one("#edit-speaker", Input).value) & UNSAFE
        assert not set(form.query_one("#edit-note", TextArea).text) & (UNSAFE - {"\n"})
        # change the status only: the speaker and the note are saved as they were stored
        edit = form.current_edit()
        assert (edit.speaker, edit.note) == (claim.speaker, claim.note)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.get_annotation(claim.id)
        assert (saved.speaker, saved.note) == (claim.speaker, claim.note)


async def test_an_edited_field_is_saved_as_typed(hostile: tuple[Store, str]) -> None:
    app = create_app(*hostile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.reader_screen
        claim = next(a for a in screen.annotations if a.tag == "claim")
        screen.chosen_id = claim.id
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditAnnotationScreen)
        form.speaker_input.value = "Jane Doe"
        edit = form.current_edit()
        assert (edit.speaker, edit.note) == ("Jane Doe", claim.note)


async def test_the_library_and_what_changed_draw_hostile_stored_text_safely(
    hostile: tuple[Store, str],
) -> None:
    """The screens added after the walk above: the library (titles, sites and feed names
    come from the web) and `D`, what changed between two versions of an article."""
    store, article_id = hostile
    old = store.get_article(article_id).article
    changed = old.text.replace("Second one is here too.", f"Second {HOSTILE} changed.")
    store.refresh_article(article_id, parse_plain_text(changed, source="hostile.txt"))
    store.db["articles"].update(article_id, {"site": HOSTILE, "canonical_url": "https://x/"})
    store.db["feeds"].insert(
        {"url": "https://x/feed", "title": HOSTILE, "added_at": "2026-01-02T09:30:00.000000Z"}
    )
    store.import_article(parse_plain_text(f"Other {HOSTILE}\n\nBody text here.\n", source="o.txt"))
    app = create_app(store, None)  # two articles: the library
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = assert_safe(app, "library")
        assert MARKUP in shown
        app.store.mark_read(article_id)
        app.post_message(OpenArticle(article_id))
        await pilot.pause()
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert app.screen is not app.reader_screen
        shown = assert_safe(app, "what changed")
        assert MARKUP in shown
