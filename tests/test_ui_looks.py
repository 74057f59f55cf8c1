"""How annotations look: tags told apart without colour (16 colours, NO_COLOR), a tagged
passage never drawn as a suggestion, light themes readable, the theme kept across runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import ReaderApp, create_app
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.settings import Settings, load_settings, save_settings, settings_path
from reader.ui.widgets.article_view import ArticleView, gutter_markers, tag_glyph

SIZE = (100, 30)
SEED = load_seed()
S = SEED.sentences
LIGHT_THEMES = ["textual-light", "catppuccin-latte", "solarized-light", "atom-one-light"]


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """The seed with a claim on the first sentence and a quote on the second (another
    paragraph), and a claim overlapping the first 20 characters of that quote."""
    store = Store.open(tmp_path / "looks.db", author="tester")
    stored, _ = store.import_article(SEED)
    store.add_annotation(stored.id, S[0].start, S[0].end, "claim")
    store.add_annotation(stored.id, S[1].start, S[1].end, "quote")
    yield store, stored.id
    store.close()


def rows(view: ArticleView) -> list[list[Segment]]:
    """The view's rendered rows, line filters (NO_COLOR) applied, border included."""
    strips = view.render_lines(Region(0, 0, view.outer_size.width, view.outer_size.height))
    return [list(strip) for strip in strips]


def row_with(view: ArticleView, words: str) -> list[Segment]:
    found = [row for row in rows(view) if words in "".join(s.text for s in row)]
    assert found, f"no row shows {words!r}"
    return found[0]


def gutter(row: list[Segment]) -> str:
    """The two tag cells of the gutter (after the border and the cursor bar)."""
    return "".join(s.text for s in row)[2:4]


def segment_at(row: list[Segment], words: str) -> Segment:
    return next(s for s in row if s.text.startswith(words))


def looks(segment: Segment) -> tuple[bool, bool, bool, bool]:
    """Everything but colour: bold, italic, underline, dim."""
    style = segment.style
    return (bool(style.bold), bool(style.italic), bool(style.underline), bool(style.dim))


async def _open(pilot) -> ReaderScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.reader_screen


def test_tag_glyphs_name_each_tag_and_several() -> None:
    assert (tag_glyph("claim"), tag_glyph("quote"), tag_glyph("  source"), tag_glyph("—")) == (
        "C",
        "Q",
        "S",
        "•",
    )
    assert gutter_markers(["claim"]) == "C "
    assert gutter_markers(["quote", "claim", "quote"]) == "QC"
    assert gutter_markers(["claim", "quote", "source"]) == "C+"


async def test_claim_and_quote_differ_without_colour_under_no_color(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        assert app.no_color
        claim = row_with(screen.view, "Israel mounted")
        quote = row_with(screen.view, "Journalists for")
        # NO_COLOR really strips colour: every colour left is a grey
        for segment in claim + quote:
            for colour in (segment.style.color, segment.style.bgcolor):
                if colour is not None and colour.triplet is not None:
                    r, g, b = colour.triplet
                    assert r == g == b
        assert gutter(claim).strip() == "C" and gutter(quote).strip() == "Q"
        assert looks(segment_at(claim, "Israel mounted")) == (True, False, False, False)
        assert looks(segment_at(quote, "Journalists for")) == (False, True, True, False)


@pytest.mark.parametrize(
    ("term", "system", "colours"),
    [("linux", "standard", ColorSystem.STANDARD), ("xterm-256color", "256", ColorSystem.EIGHT_BIT)],
)
async def test_claim_and_quote_differ_with_16_and_256_colours(
    seeded: tuple[Store, str],
    monkeypatch: pytest.MonkeyPatch,
    term: str,
    system: str,
    colours: ColorSystem,
) -> None:
    monkeypatch.setenv("TERM", term)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        assert app.console.color_system == system  # what the terminal gets
        claim = row_with(screen.view, "Israel mounted")
        quote = row_with(screen.view, "Journalists for")

        def ansi(row: list[Segment]) -> list[tuple[str, str]]:
            # each segment as the terminal gets it, colours taken out
            out = []
            for segment in row:
                style = segment.style.copy()
                for attr in ("color", "bgcolor"):
                    colour = getattr(style, attr)
                    if colour is not None:
                        assert colour.downgrade(colours).number is not None
                plain = style.without_color
                out.append((segment.text, plain._make_ansi_codes(colours)))
            return out

        claim_codes = dict(ansi(claim))
        quote_codes = dict(ansi(quote))
        claim_text = next(t for t in claim_codes if t.startswith("Israel mounted"))
        quote_text = next(t for t in quote_codes if t.startswith("Journalists for"))
        assert claim_codes[claim_text] == "1"  # bold
        assert quote_codes[quote_text] == "3;4"  # italic, underline
        assert gutter(claim) != gutter(quote)


async def test_overlapping_annotations_keep_both_marks(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    store.add_annotation(article_id, S[1].start, S[1].start + 20, "claim")
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        row = row_with(screen.view, "Journalists for")
        assert gutter(row).strip() == "QC"
        letters = {s.text: s.style.color for s in row if s.text in ("Q", "C")}
        assert letters["Q"] != letters["C"]  # each letter in its own tag's colour
        overlap = segment_at(row, "Journalists for")
        assert overlap.text == SEED.text[S[1].start : S[1].start + 20]
        assert looks(overlap)[:3] == (True, True, True)  # claim bold + quote italic underline
        after = segment_at(row, "Agence")
        assert looks(after) == (False, True, True, False)  # the quote alone


async def test_a_tagged_suggestion_no_longer_looks_suggested(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db", author="tester") as store:
        stored, _ = store.import_article(SEED)
        app = create_app(store, stored.id)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open(pilot)
            # a quote suggestion inside a claim suggestion: tagging the quote leaves the
            # claim suggested around it, and the tagged words must not look suggested
            items = screen.suggestions.items()
            suggestion = next(
                q
                for q in items
                if q.kind == "quote"
                and any(c.kind == "claim" and c.start < q.start < q.end <= c.end for c in items)
            )
            words = suggestion.exact[:10]
            screen.view.scroll_offset_to_top(suggestion.start)
            await pilot.pause()
            row = row_with(screen.view, words)
            assert gutter(row).strip() == "?"
            # quiet: none of the tag styles (Textual turns "dim" into a dimmer colour)
            assert looks(segment_at(row, words))[:3] == (False, False, False)
            store.add_annotation(stored.id, suggestion.start, suggestion.end, "quote")
            screen.reload_annotations()
            await pilot.pause()
            assert any(  # still suggested around the tagged words
                s.start < suggestion.end and s.end > suggestion.start
                for s in screen.suggestions.items()
            )
            row = row_with(screen.view, words)
            assert gutter(row).strip() == "Q"
            tagged = segment_at(row, words)
            assert looks(tagged) == (False, True, True, False)
            assert tagged.style.color == screen.view.rich_style.color  # the text colour


def _contrast(one: Color, two: Color) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _fg_bg(segment: Segment) -> tuple[Color, Color]:
    return Color.from_rich_color(segment.style.color), Color.from_rich_color(segment.style.bgcolor)


@pytest.mark.parametrize("theme", LIGHT_THEMES)
async def test_light_themes_keep_text_annotations_and_suggestions_readable(
    seeded: tuple[Store, str], theme: str
) -> None:
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        screen = await _open(pilot)
        screen.view.refresh()
        await pilot.pause()
        view = screen.view
        assert _contrast(*_fg_bg(segment_at(row_with(view, "Israel mounted"), "Israel"))) >= 4.5
        assert _contrast(*_fg_bg(segment_at(row_with(view, "Journalists"), "Journalists"))) >= 4.5
        view.scroll_offset_to_top(SEED.text.index("Israeli troops this week"))
        await pilot.pause()
        plain = segment_at(row_with(view, "Israeli troops this"), "Israeli troops this")
        assert plain.style.bgcolor == view.rich_style.bgcolor  # the theme's, not the terminal's
        assert _contrast(*_fg_bg(plain)) >= 4.5  # an untagged line
        view.scroll_offset_to_top(0)
        await pilot.pause()
        suggestion = next(s for s in screen.suggestions.items() if s.kind == "quote")
        view.scroll_offset_to_top(suggestion.start)
        await pilot.pause()
        quiet = segment_at(row_with(view, suggestion.exact[:10]), suggestion.exact[:10])
        assert _contrast(*_fg_bg(quiet)) >= 3.0
        panel = screen.panel
        checked = 0
        for strip in panel.render_lines(Region(0, 1, panel.outer_size.width, 3)):  # header, rows
            for segment in strip:
                words = segment.text.strip(" │─╭╮╰╯▁▔▏▕")
                if words and segment.style.color and segment.style.bgcolor:
                    # WCAG asks 3 for bold text, 4.5 for the rest; solarized-light's own
                    # text on its own surface (the zebra rows) is 4.39
                    minimum = 3.0 if segment.style.bold else 4.3
                    assert _contrast(*_fg_bg(segment)) >= minimum, words
                    checked += 1
        assert checked >= 4


async def test_the_chosen_theme_is_kept_for_the_next_run(seeded: tuple[Store, str]) -> None:
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme != "solarized-light"
        app.theme = "solarized-light"
        await pilot.pause()
    assert load_settings() == Settings(theme="solarized-light")
    again: ReaderApp = create_app(*seeded)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "solarized-light"


def test_settings_file_is_private_to_tests_and_written_atomically(
    _private_config_dir: Path,
) -> None:
    path = settings_path()
    assert path.parent == _private_config_dir
    assert save_settings(Settings(theme="textual-light"))
    assert load_settings() == Settings(theme="textual-light")
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary left


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b"[1]", b'{"theme": 3}', b'{"theme": "a\\u001bb"}', b"\xff"]
)
def test_a_bad_settings_file_gives_the_defaults(content: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert load_settings() == Settings()


def test_an_unwritable_settings_dir_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not save_settings(Settings(theme="x"), blocker / "settings.json")


async def test_changing_theme_refits_panel_colours_without_moving_the_cursor(
    seeded: tuple[Store, str],
) -> None:
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        cursor = screen.view.cursor
        before = str(screen.panel.get_row_at(0)[0].style)
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert str(screen.panel.get_row_at(0)[0].style) != before  # the tag colour refitted
        assert screen.view.cursor == cursor
