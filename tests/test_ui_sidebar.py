"""The section sidebar: one line per section, the count at the right edge."""

from __future__ import annotations

from pathlib import Path

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.widgets.section_sidebar import SectionSidebar


async def test_a_long_title_with_a_count_stays_on_one_line(tmp_path: Path) -> None:
    """'Alive and kicking' with a count wrapped the count onto a line of its own, which
    read as another section."""
    with Store.open(tmp_path / "s.db", author="tester") as store:
        article_id = store.import_article(load_seed())[0].id
        article = store.get_article(article_id).article
        for index, section in enumerate(article.sections):
            if section.sentences:
                first = section.sentences[0]
                store.add_annotation(article_id, first.start, first.end, "claim")
        app = create_app(store, article_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            sidebar = app.screen.query_one(SectionSidebar)
            prompts = [sidebar.get_option_at_index(i).prompt for i in range(sidebar.option_count)]
            width = sidebar.scrollable_content_region.width
            for prompt in prompts:
                assert "\n" not in prompt.plain
                assert len(prompt.plain) <= width
                assert prompt.plain.rstrip().endswith(" 1")
            assert "Alive and kicking" in prompts[2].plain
            # every section takes exactly one line of the list
            assert sidebar.virtual_size.height == len(article.sections)
