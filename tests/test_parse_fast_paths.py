"""The plain-text parser's and the segmenter's fast paths (issue 12: a 10 MB article)
answer as the plain rules they stand for: each is checked against that rule, written
out here as it was before, on random lines and texts."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.io import plaintext
from reader.io.importers import load_seed
from reader.model import segment
from reader.model.article import Span

# Letters, digits, every kind of whitespace the rules see, dots, closing and opening
# marks, sentence punctuation, and words the rules know (boilerplate, abbreviations).
PIECES = st.sampled_from(
    [
        *"aZé9 .!?…\"'”’»)]([{“‘«\t\u00a0\u2009-—$£,;:",
        *("Advertisement", "read more", "Share", "Mr", "U.S", "e.g", "No", "Jan", "Inc"),
        *(" The ", " said", " asked", "Calif", "(AP) — ", "  ", "Part 2", "Where?", "x" * 85),
    ]
)
LINES = st.lists(PIECES, min_size=1, max_size=40).map("".join)


def _folded(line: str) -> str:
    return " ".join(line.split())


def _has_text_rule(line: str) -> bool:
    folded = _folded(line)
    return folded.lower().strip(" .") not in plaintext._BOILERPLATE and any(
        c.isalnum() for c in folded
    )


def _heading_rule(line: str) -> bool:
    folded = _folded(line)
    if len(folded) > plaintext.MAX_HEADING_CHARS:
        return False
    if len(folded.split()) > plaintext.MAX_HEADING_WORDS:
        return False
    if (
        not plaintext._starts_like_heading(folded)
        or folded[0] in "(["
        or plaintext._BULLET.match(folded)
        or plaintext._CREDIT.match(folded)
    ):
        return False
    if folded.rstrip(plaintext._CLOSING)[-1:] in plaintext._FINAL_PUNCT:
        return False
    if plaintext._mostly_digits(folded):
        return False
    return plaintext.header_field(folded)[0] is None


def _unit_in(line: str) -> tuple[str, int, int]:
    """A text with ``line`` as its middle line, and that line's start and end."""
    text = f"before\n{line}\nafter"
    return text, 7, 7 + len(line)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_a_line_is_kept_as_the_boilerplate_and_letter_rule_says(line: str) -> None:
    if line.isspace() or not line or "\n" in line:
        return  # (units hold a non-space character)
    text, start, end = _unit_in(line)
    assert plaintext._has_text(text, start, end) == _has_text_rule(line)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_a_line_is_heading_like_as_the_heading_rule_says(line: str) -> None:
    if line.isspace() or not line:
        return
    text, start, end = _unit_in(line)
    assert plaintext._is_heading_like(text, start, end) == _heading_rule(line)


def _word_before_rule(text: str, dot: int) -> str:
    i = dot
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:dot]


@settings(max_examples=300, deadline=None)
@given(LINES, st.data())
def test_the_word_before_a_candidate_is_the_token_ending_there(
    text: str, data: st.DataObject
) -> None:
    text = text * data.draw(st.integers(1, 4))  # (tokens longer than the look-back window)
    dot = data.draw(st.integers(0, len(text)))
    assert segment._word_before(text, dot) == _word_before_rule(text, dot)


def _next_token_rule(text: str, pos: int, end: int) -> tuple[str, str]:
    while pos < end and text[pos] in segment._OPENERS:
        pos += 1
    if pos >= end:
        return "upper", ""
    first = text[pos]
    if first.islower():
        return "lower", ""
    if first.isdigit() or first in "$£€¥":
        return "digit", ""
    word = segment._WORD.match(text, pos)
    return "upper", word.group(0) if word else ""


def _boundary_rule(text: str, after: int, end: int, punct: str, closers: str, word: str) -> bool:
    nxt_kind, nxt_word = _next_token_rule(text, after, end)
    if nxt_kind == "lower":
        return False
    first = text[after]
    if first in segment._DASH_STARTS and segment._DASH_NEXT.match(text, after, end):
        return False
    if punct != ".":
        return not (
            punct[-1] in "?!"
            and closers
            and any(q in closers for q in segment._QUOTES)
            and segment._ATTRIBUTION.match(text, after, end)
        )
    quoted = first in segment._OPENING_QUOTES
    return segment._period_splits(word.lstrip(segment._OPENERS), nxt_kind, nxt_word, quoted)


def _sentences_rule(text: str, start: int, end: int) -> list[Span]:
    """Every candidate decided by every rule, every piece sliced and trimmed (the
    segmenter before)."""
    out: list[Span] = []

    def trimmed(a: int, b: int) -> None:
        piece = text[a:b]
        stripped = piece.lstrip()
        if stripped:
            first = a + len(piece) - len(stripped)
            out.append(Span(first, first + len(stripped.rstrip())))

    def block(a: int, b: int) -> None:
        piece_start = a
        for match in segment._CANDIDATE.finditer(text, a, b):
            after = match.end()
            if match.group(3) and after < b:
                word = _word_before_rule(text, match.start(1))
                if _boundary_rule(text, after, b, match[1], match[2], word):
                    trimmed(piece_start, match.end(2))
                    piece_start = after
        trimmed(piece_start, b)

    block_start = start
    for blank in segment._BLANK_LINE.finditer(text, start, end):
        block(block_start, blank.start())
        block_start = blank.end()
    block(block_start, end)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, st.just("\n"), st.just("\n\n")), max_size=60), st.data())
def test_sentences_are_split_as_by_deciding_every_candidate(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert segment.split_sentences(text, start, end) == _sentences_rule(text, start, end)
    bounds = array("I")
    segment.split_sentences_into(bounds, text, start, end)
    assert [Span(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)] == (
        _sentences_rule(text, start, end)
    )


def test_the_seed_is_split_as_by_deciding_every_candidate() -> None:
    text = load_seed().text
    assert segment.split_sentences(text) == _sentences_rule(text, 0, len(text))
