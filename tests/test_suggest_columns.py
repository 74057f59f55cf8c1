"""The rules' compact structures (issue 12: their memory on a 10 MB article) give what the
records they replace gave: a quote table reads back the quotes added to it, and the
registry's person mentions, kept as columns, are found and sorted as the records were."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.io.importers import load_seed
from reader.model.packed import U32
from reader.suggest.quotes import QuoteSpan, QuoteTable, find_quotes
from reader.suggest.registry import PersonMention, Registry, _sorted_pairs

QUOTES = [
    QuoteSpan(3, 40, 4, 38, True),
    QuoteSpan(50, 60, 51, 59, True, True),
    QuoteSpan(70, 2**32 - 1, 72, 90, False),
    QuoteSpan(95, 99, 96, 98, False, True),
]


def test_a_quote_table_reads_back_the_quotes_added() -> None:
    table = QuoteTable(QUOTES)
    assert len(table) == len(QUOTES)
    assert list(table) == QUOTES
    assert [table[i] for i in range(-len(QUOTES), 0)] == QUOTES
    assert table[1:3] == QUOTES[1:3]
    assert list(table.opens) == [q.open for q in QUOTES]
    assert list(table.closes) == [q.close for q in QUOTES]
    with pytest.raises(IndexError):
        table[len(QUOTES)]


def test_the_strong_quotes_of_a_table_are_those_not_weak_in_order() -> None:
    strong = QuoteTable(QUOTES).strong()
    assert list(strong) == [q for q in QUOTES if not q.weak]
    assert list(strong.opens) == [3, 70]


def test_find_quotes_gives_a_table_of_the_seed_quotes() -> None:
    quotes = find_quotes(load_seed())
    assert isinstance(quotes, QuoteTable)
    assert len(quotes) > 10
    opens = list(quotes.opens)
    assert opens == sorted(set(opens))  # in text order, one quote a mark
    assert all(q.open < q.start <= q.end <= q.close for q in quotes)


def test_person_mentions_are_sorted_by_offset_stably_and_share_a_gender() -> None:
    registry = Registry()
    registry.mention_person(300, "Quill Roe", 4, "female")  # (no given name says it)
    registry.mention_person(100, "Ann Lee", 1, oblique=True)
    registry.mention_person(100, "farmer", 1)
    registry.mention_person(500, "Quill Roe", 6)  # the gender her first mention gave
    registry.mention_person(200, "Commissioner", 2)  # a title alone: nobody's name
    registry.finish()
    assert registry.last_person_mention(1000) == PersonMention(500, "Quill Roe", 6, "female")
    # the sentence's person named first (Ann Lee, added first at the same offset), and
    # the subject when oblique mentions do not count
    assert registry.last_person_mention(150) == PersonMention(100, "Ann Lee", 1, "female", True)
    assert registry.last_person_mention(150, subjects_only=True) == PersonMention(
        100, "farmer", 1, None
    )
    assert registry.last_person_mention(350, "male") == PersonMention(100, "farmer", 1, None)
    assert registry.last_any_before(250) == "farmer"
    assert registry.last_person_mention(50) is None


def test_a_name_mentioned_again_is_one_string_in_the_registry() -> None:
    registry = Registry()
    for offset in range(0, 1000, 100):
        registry.mention_person(offset, " ".join(["Jane", "Roe"]), offset // 100)
    registry.finish()
    first = registry.last_person_mention(50)
    last = registry.last_person_mention(950)
    assert first is not None and last is not None and first.name is last.name


def test_person_mentions_added_in_order_are_kept_as_added() -> None:
    registry = Registry()
    registry.mention_person(100, "Ann Lee", 1, "female")
    registry.mention_person(100, "Bo Chan", 1)  # the same offset: the order added
    registry.mention_person(300, "Ann Lee", 4)
    registry.finish()
    assert registry.last_person_mention(150) == PersonMention(100, "Ann Lee", 1, "female")
    assert registry.last_person_mention(150, "male") == PersonMention(100, "Bo Chan", 1, None)
    assert registry.last_person_mention(400) == PersonMention(300, "Ann Lee", 4, "female")


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["Ann", "Bo", "Cy", "Ann Lee"])),
        max_size=40,
    ),
    st.integers(0, 5),
)
def test_pairs_sort_as_sorted_sorts_them_nearly_in_order_or_not(
    pairs: list[tuple[int, str]], moved: int
) -> None:
    pairs = sorted(pairs) if moved else pairs  # nearly in order: a few moved back
    for step in range(moved):
        if len(pairs) > 1:
            pairs.insert(step % len(pairs), pairs.pop())
    offsets, names = _sorted_pairs(array(U32, [o for o, _ in pairs]), [n for _, n in pairs])
    assert list(zip(offsets, names, strict=True)) == sorted(pairs)
    assert offsets.typecode == U32
