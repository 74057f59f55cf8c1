"""Direct quotes: pairs of quote marks, paragraph by paragraph.

- Straight (``"``) and curly (“ ”, „) double quotes, and guillemets (« »).
  Straight quotes toggle; curly quotes say which side they are.
- A quote left open at the end of a paragraph continues when the next
  paragraph opens with a quote mark (the news convention for a long quote):
  one quote spanning both paragraphs. Otherwise it ends with its paragraph.
- Single quotes are decided per quotation, by their marks' pairing and nesting:
  single-quoted runs are read with stricter rules (:func:`find_single_quotes`, so
  apostrophes make no quotes); one inside a double quote is part of it (nested), a
  double quote inside a single one is part of that, and a single-quoted run that
  crosses a double quote's marks is no quote.
- A quoted run of one or two words ("safe zones", "No comment,") or a title in which
  every word but small ones is capitalised ("Operation Iron Swords", "Take Back Our
  Streets,") is *weak*: it is speech only when an attribution attaches to it (a speech
  verb and a speaker, decided by reader/suggest/attribution.py); otherwise it is a scare
  quote, a term or a name and is left out. A title right after "titled", "on", "in" or
  a possessive ("on CBS' "Face the Nation"") is never a quote.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from reader.model import Article
from reader.model.lexicon import words as word_list
from reader.model.packed import U32

QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_OPENERS = "\u201c\u201e\u00ab"
_CLOSERS = "\u201d\u00bb"
_TRAILING = " \t\n,;:\u2013\u2014-"
MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote: ``open``/``close`` are the offsets of its marks (``close`` may be the
    paragraph end for an unclosed quote); ``start``/``end`` the trimmed words inside."""

    open: int
    close: int
    start: int
    end: int
    closed: bool
    weak: bool = False  # a short quote or a title: speech only when an attribution attaches


_CLOSED, _WEAK = 1, 2  # the bits of a quote's flags


class QuoteTable(Sequence[QuoteSpan]):
    """Quotes in text order, kept as columns: four arrays of offsets and a byte of flags
    a quote (18 bytes, not a ~200-byte :class:`QuoteSpan` and its four ints: a 10 MB
    article has ~27,000 quotes, issue 12); a :class:`QuoteSpan`, equal to the one added,
    is made when one is read. ``opens`` and ``closes`` are the arrays of their marks'
    offsets (for bisection)."""

    __slots__ = ("_ends", "_flags", "_starts", "closes", "opens")

    def __init__(self, quotes: Iterable[QuoteSpan] = ()) -> None:
        self.opens = array(U32)
        self.closes = array(U32)
        self._starts = array(U32)
        self._ends = array(U32)
        self._flags = bytearray()
        for quote in quotes:
            self.append(quote)

    def append(self, quote: QuoteSpan) -> None:
        """Add ``quote`` (after the others: the table is in text order)."""
        flags = (_CLOSED if quote.closed else 0) | (_WEAK if quote.weak else 0)
        self._add(quote.open, quote.close, quote.start, quote.end, flags)

    def _add(self, open_at: int, close_at: int, start: int, end: int, flags: int) -> None:
        self.opens.append(open_at)
        self.closes.append(close_at)
        self._starts.append(start)
        self._ends.append(end)
        self._flags.append(flags)

    def __len__(self) -> int:
        return len(self._flags)

    @overload
    def __getitem__(self, index: int) -> QuoteSpan: ...

    @overload
    def __getitem__(self, index: slice) -> list[QuoteSpan]: ...

    def __getitem__(self, index: int | slice) -> QuoteSpan | list[QuoteSpan]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        flags = self._flags[index]  # (its IndexError for an index out of range)
        return QuoteSpan(
            self.opens[index],
            self.closes[index],
            self._starts[index],
            self._ends[index],
            bool(flags & _CLOSED),
            bool(flags & _WEAK),
        )

    def __iter__(self) -> Iterator[QuoteSpan]:
        return (self[i] for i in range(len(self)))

    def strong(self) -> QuoteTable:
        """The quotes that are not weak, in the same order."""
        strong = QuoteTable()
        for i, flags in enumerate(self._flags):
            if not flags & _WEAK:
                strong._add(self.opens[i], self.closes[i], self._starts[i], self._ends[i], flags)
        return strong


def _paragraph_spans(article: Article) -> Iterator[tuple[int, int]]:
    """Every paragraph's (start, end), in order, read from the offsets one section at a
    time: no ``Paragraph`` (nor its sentences) is made, and the pairs are not held (issue
    12: a 10 MB article's ~86,000 pairs were ~7 MB at the rules' peak)."""
    for index in range(len(article.sections)):
        offsets = iter(article.paragraph_offsets(index))
        yield from zip(offsets, offsets, strict=True)


def first_paragraph(article: Article) -> tuple[int, int] | None:
    """The (start, end) of the article's first paragraph (None: it has none), read from
    the offsets: no ``Paragraph`` is made."""
    for index in range(len(article.sections)):
        offsets = article.paragraph_offsets(index)
        if offsets:
            return offsets[0], offsets[1]
    return None


def find_quotes(article: Article) -> QuoteTable:
    """Every direct quote of the article, in text order (scare quotes left out).

    Double quotes when the article has any; otherwise single quotes, as in the British
    style ('We will rebuild,' she said), found with stricter rules (see
    :func:`find_single_quotes`)."""
    if QUOTE_MARKS.search(article.text) is None:
        return find_single_quotes(article)
    return _merge_nested(_find_double_quotes(article), find_single_quotes(article))


def _merge_nested(doubles: QuoteTable, singles: QuoteTable) -> QuoteTable:
    """Double and single quotes of one article, decided per quotation: a single quote
    inside a double one (or crossing its marks) is dropped, a double quote inside a
    single one is dropped (nested in it). Linear: both tables are in text order."""
    d_opens, d_closes = doubles.opens, doubles.closes
    kept_singles: list[QuoteSpan] = []
    i = 0
    for single in singles:
        while i < len(doubles) and d_closes[i] < single.open:
            i += 1
        j, crosses = i, False
        while j < len(doubles) and d_opens[j] <= single.close:
            # nested in a double quote, or crossing one of its marks
            crosses = crosses or d_opens[j] < single.open or d_closes[j] > single.close
            j += 1
        if not crosses:
            kept_singles.append(single)
    if not kept_singles:
        return doubles
    merged: list[QuoteSpan] = []
    k = 0
    for double in doubles:
        while k < len(kept_singles) and kept_singles[k].close < double.open:
            k += 1
        if k < len(kept_singles) and kept_singles[k].open < double.open <= kept_singles[k].close:
            continue  # nested in a single quote
        merged.append(double)
    return QuoteTable(sorted([*merged, *kept_singles], key=lambda q: q.open))


def _find_double_quotes(article: Article) -> QuoteTable:
    text = article.text
    found = QuoteTable()
    open_at: int | None = None
    p_end = 0  # the previous paragraph's end (a quote is open only after one)
    for p_start, end in _paragraph_spans(article):
        previous_end, p_end = p_end, end
        skip_first = False
        if open_at is not None:
            # the previous paragraph left a quote open: continued only if this one opens a quote
            if text[p_start] in '"' + _OPENERS:
                skip_first = True
            else:
                _emit(text, found, open_at, previous_end, closed=False)
                open_at = None
        for match in QUOTE_MARKS.finditer(text, p_start, p_end):
            at = match.start()
            if skip_first and at == p_start:
                continue
            mark = match.group()
            if open_at is None:
                if mark in _CLOSERS:
                    continue  # a stray closing mark
                if mark == '"' and (at + 1 >= p_end or text[at + 1].isspace()):
                    continue  # a lone straight quote followed by space (inches, a typo)
                open_at = at
            elif mark in _OPENERS and at > open_at + 1:
                # a new opening mark while one is open: the first was never closed
                _emit(text, found, open_at, at, closed=False)
                open_at = at
            else:
                _emit(text, found, open_at, at, closed=True)
                open_at = None
    if open_at is not None:  # (set in a paragraph: ``p_end`` is the last one's end)
        _emit(text, found, open_at, p_end, closed=False)
    return found


def _emit(text: str, found: QuoteTable, open_at: int, close_at: int, *, closed: bool) -> None:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if end <= start:
        return
    inner = text[start:end]
    words = inner.split()
    title = _title_like(inner, words)
    if title and _TITLE_BEFORE.search(text, max(0, open_at - 30), open_at):
        return  # the title of a show, a report or a book ("on CBS' "Face the Nation"")
    if (
        title
        and len(words) <= 2
        and _NAME_BEFORE.search(text, max(0, open_at - 40), open_at)
        and _NAME_AFTER.match(text, close_at + 1, min(len(text), close_at + 40))
    ):
        return  # a nickname inside a name (Ramon "Mon" Villareal), not a quote
    weak = len(words) < MIN_WORDS or title
    found.append(QuoteSpan(open_at, close_at, start, end, closed, weak))


# small words a title leaves in lowercase ("Face the Nation")
_TITLE_SMALL = word_list("a an the of and or for in on at to by with from vs v nor")
# right before a title's opening mark: "titled", a preposition, a possessive ("CBS'")
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:titled|entitled|headlined|on|in|at|from|(?:called|named|dubbed|branded|nicknamed)"
    r"(?:[ \t]+(?:it|them|this|that|the[ \t]+\w+))?)|\w['\u2019]s?)[ \t]*[,:]?[ \t]*$"
)


# a capitalised word right before a nickname's opening mark, and right after its closing one
_NAME_BEFORE = re.compile(r"(?<![\w.'\u2019-])[A-Z][\w'\u2019-]*[ \t]+$")
_NAME_AFTER = re.compile(r"[ \t]+[A-Z][\w'\u2019-]*\b")


def _title_like(inner: str, words: list[str]) -> bool:
    """A quoted run written like a title: no sentence punctuation at its end, every word
    capitalised but small ones ("Take Back Our Streets", "Face the Nation")."""
    if inner[-1] in ".?!\u2026" or not words[0][:1].isupper():
        return False
    return (
        all(
            w[0].isupper() or not w[0].isalpha() or w.lower().strip(",:;") in _TITLE_SMALL
            for w in words
        )
        and sum(w[0].isupper() for w in words) >= 1
    )


# an opening single quote: at a paragraph or word start (after a space, bracket or dash),
# before a letter, a digit or an ellipsis - not a decade ("the '90s")
_SINGLE_OPEN = re.compile(
    "(?:(?<=^)|(?<=[\\s(\\[\u2014\u2013]))['\u2018](?=[\\w\u2026])(?![0-9]{2}s\\b)", re.MULTILINE
)
# a closing single quote: after a word, and after sentence punctuation, before punctuation
# or the end ("…,' she said", "…the end'."), or before a space after a letter other than
# s/x/z ("'deeply disappointing' and") - not an apostrophe ("don't", "Lazar's", "the
# boys' mothers")
_SINGLE_CLOSE = re.compile(
    "(?<=[^\\s])['\u2019](?:(?<=[,.?!\u2026\u2014\u2013-]['\u2019])(?![\\w])|"
    "(?=[,.;:?!)\\]\u2014\u2013]|\\s*$)|(?<=[^\\W\\dsSxXzZ]['\u2019])(?=\\s))",
    re.MULTILINE,
)


# a single mark after a plural's s (or x, z) before a space: an apostrophe ("the
# workers' union") or the end of a quote ("… its own failures' and said")
_PLURAL_CLOSE = re.compile("(?<=[a-z][sxz])['\u2019](?=[ \t]+[a-z])")
# what may come before a quote that opens a sentence or a long quotation
_SENTENCE_OPENING = re.compile("[:.?!\u2014\u2013-][ \t]*$")


def _opens_mid_sentence(text: str, p_start: int, open_at: int) -> bool:
    """A single quote that opens inside a sentence ("accused the cabinet of 'using …"),
    not at its paragraph's or sentence's start or after a colon, where a long quote that
    runs on into the next paragraph would open."""
    return (
        open_at > p_start
        and _SENTENCE_OPENING.search(text, max(p_start, open_at - 3), open_at) is None
    )


def find_single_quotes(article: Article) -> QuoteTable:
    """Quotes in single marks, for articles written without double quotes.

    Apostrophes look like closing single quotes, so a quote must open at a word start
    and close after sentence punctuation or right before punctuation; a quote left open
    counts only when the next paragraph opens with a quote mark (a long quote), and
    unclosed runs ("the '90s", "rock 'n' roll") are dropped."""
    text = article.text
    found = QuoteTable()
    carried: int | None = None  # a quote left open at the end of the previous paragraph
    for p_start, p_end in _paragraph_spans(article):
        at = p_start
        if carried is not None:
            if _SINGLE_OPEN.match(text, p_start) is None:
                carried = None  # not continued: an apostrophe, not a long quote
            else:
                at = p_start + 1
        while at < p_end:
            if carried is None:
                opener = _SINGLE_OPEN.search(text, at, p_end)
                if opener is None:
                    break
                open_at, at = opener.start(), opener.end()
            else:
                open_at = carried
            closer = _SINGLE_CLOSE.search(text, at, p_end)
            if closer is None and _opens_mid_sentence(text, p_start, open_at):
                # "accused them of 'using us as an excuse for their failures' and said":
                # a partial quote in running prose closes after the plural, since no
                # other mark closes it in its paragraph
                closer = _PLURAL_CLOSE.search(text, at, p_end)
                if closer is not None and len(text[at : closer.start()].split()) < MIN_WORDS:
                    at = closer.end()  # "24 extra 'escalation beds' since": a term
                    continue
            if closer is None:
                carried = open_at
                break
            _emit(text, found, open_at, closer.start(), closed=True)
            carried = None
            at = closer.end()
    return found
