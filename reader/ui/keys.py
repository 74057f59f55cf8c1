"""The one table of keyboard commands: the screen's bindings, the `?` help and
the command palette are all made from it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Command:
    """A user command: its keys (comma-separated, Textual names), action and help text."""

    keys: str
    action: str
    title: str
    help: str
    show: bool = False  # shown in the footer
    key_display: str | None = None
    footer: str | None = None  # a shorter title for the footer


#: Keys ``1``-``9`` tag with the first nine tags in ``Store.tags()`` order.
NUMBER_KEYS = 9
_TAG_NUMBER = re.compile(r"tag_number\((\d)\)")

COMMANDS: tuple[Command, ...] = (
    Command(
        "j,down",
        "cursor_down",
        "Next sentence",
        "Move the cursor to the next sentence",
        True,
        "j/↓",
        "Next",
    ),
    Command(
        "k,up",
        "cursor_up",
        "Previous sentence",
        "Move the cursor to the previous sentence",
        key_display="k/↑",
    ),
    Command(
        "right_square_bracket",
        "next_section",
        "Next section",
        "Go to the next section",
        key_display="]",
    ),
    Command(
        "left_square_bracket",
        "previous_section",
        "Previous section",
        "Go to the previous section",
        key_display="[",
    ),
    Command(
        "c",
        "tag('claim')",
        "Tag claim",
        "Tag the sentence or selection as a claim",
        True,
        footer="Claim",
    ),
    Command(
        "quotation_mark",
        "tag('quote')",
        "Tag quote",
        "Tag the sentence or selection as a quote",
        True,
        '"',
        "Quote",
    ),
    *(
        Command(str(n), f"tag_number({n})", f"Tag with tag {n}", f"Tag with tag {n}")
        for n in range(1, NUMBER_KEYS + 1)
    ),
    Command(
        "t", "choose_tag", "Tag…", "Choose or create a tag for the sentence or selection", True
    ),
    Command(
        "w",
        "word(1)",
        "Next word",
        "Next word (the word cursor); in a selection: one word more",
        True,
        footer="Word",
    ),
    Command(
        "b",
        "word(-1)",
        "Previous word",
        "Previous word; in a selection: one word less",
    ),
    Command(
        "e",
        "word(1)",
        "End of word",
        "To the end of the word: as w (the whole word is highlighted)",
    ),
    Command(
        "v",
        "visual",
        "Select",
        "Select from the word or sentence; w/b/e, j/k, h/l extend it",
        True,
    ),
    Command("s", "cycle_status", "Status", "Cycle the status of the annotation under the cursor"),
    Command(
        "E",
        "edit",
        "Edit",
        "Edit the annotation under the cursor (tag, speaker, status, note)",
    ),
    Command("d", "delete", "Delete", "Delete the annotation under the cursor"),
    Command(
        "greater_than_sign",
        "next_annotation",
        "Next annotation here",
        "Choose among several annotations under the cursor",
        key_display=">",
    ),
    Command("u", "undo", "Undo", "Undo the last change", True),
    Command("ctrl+r", "redo", "Redo", "Redo the last undone change", key_display="^r"),
    Command("y", "copy_citation", "Copy citation", "Copy a citation of the annotation or sentence"),
    Command("slash", "search", "Search", "Search in the article", True, "/"),
    Command("n", "search_next", "Next match", "Jump to the next search match"),
    Command("N", "search_previous", "Previous match", "Jump to the previous search match"),
    Command("question_mark", "help", "Help", "Show all keys", True, "?"),
    Command(
        "a",
        "accept_suggestion",
        "Accept suggestion",
        "Accept the suggestion under the cursor (it becomes an annotation)",
    ),
    Command(
        "x",
        "reject_suggestion",
        "Reject suggestion",
        "Reject the suggestion under the cursor (it does not come back)",
    ),
    Command(
        "A",
        "accept_section_suggestions",
        "Accept section",
        "Accept every suggestion in the section",
    ),
    Command("S", "toggle_suggestions", "Suggestions", "Show or hide the suggestions"),
    Command(
        "f",
        "filter_author",
        "Filter by author",
        "Show one author's annotations (cycles all / each author)",
    ),
    Command("O", "show_orphans", "Orphans", "List annotations a refresh or merge could not place"),
    Command("C", "show_conflicts", "Conflicts", "List annotation versions that lost a merge"),
    Command(
        "exclamation_mark",
        "show_rechecks",
        "Re-checks",
        "List annotations a refresh or merge moved onto different words (verdict suspended)",
        key_display="!",
    ),
    Command(
        "R",
        "refresh_article",
        "Refresh",
        "Fetch the article again; annotations follow the text (or become orphans)",
    ),
    Command(
        "D",
        "show_changes",
        "What changed",
        "Show the paragraphs changed since the version you annotated, old beside new",
    ),
    Command("L", "app.show_library", "Library", "Show the library: every article, feeds"),
    Command("q", "app.quit", "Quit", "Quit (everything is already saved; ctrl+q too)", True),
)

#: The library screen's commands (its table moves with j/k, arrows, g/G, page keys).
LIBRARY_COMMANDS: tuple[Command, ...] = (
    Command("enter", "open", "Open", "Open the article under the cursor (marks it read)", True),
    Command(
        "slash",
        "search",
        "Search",
        "Search the text of every article and every note (full text); Enter opens the "
        "article at the passage",
        True,
        "/",
    ),
    Command(
        "f",
        "filter",
        "Filter",
        "Filter by words of the title, site, feed, author or tags (typing a letter that "
        "is no key starts it too); Enter keeps it, esc clears it",
        True,
    ),
    Command(
        "s",
        "cycle_sort",
        "Sort",
        "Sort by date, title, site, annotations, or unread first (cycles)",
        True,
    ),
    Command("r", "update_feeds", "Refresh", "Update every feed in the background", True),
    Command("m", "toggle_read", "Read/unread", "Mark the article under the cursor read or unread"),
    Command("L", "back", "Back", "Back to the article you were reading", True),
    Command("escape", "clear_or_back", "Clear/back", "Clear the filter, else go back"),
    Command("question_mark", "help", "Help", "Show all keys", key_display="?"),
    Command("q", "app.quit", "Quit", "Quit (everything is already saved; ctrl+q too)", True),
)


def bindings(commands: Sequence[Command] = COMMANDS) -> list[Binding]:
    """Textual bindings for every command in the table (the reader's by default)."""
    return [
        Binding(c.keys, c.action, c.footer or c.title, show=c.show, key_display=c.key_display)
        for c in commands
    ]


def key_label(command: Command) -> str:
    """How the keys of a command are written in the help screen."""
    if command.key_display:
        return command.key_display
    return " / ".join(command.keys.split(","))


def tag_number(command: Command) -> int | None:
    """The number of a ``1``-``9`` command (tag with the n-th tag), else ``None``."""
    match = _TAG_NUMBER.fullmatch(command.action)
    return int(match.group(1)) if match else None


def help_text(command: Command, tag_names: Sequence[str]) -> str:
    """The help line of a command; a number key names the tag it has now."""
    number = tag_number(command)
    if number is None:
        return command.help
    if number <= len(tag_names):
        return f"Tag with tag {number}: {tag_names[number - 1]}"
    return f"Tag with tag {number}: no tag {number} yet (t creates one)"


def number_keys_help(tag_names: Sequence[str]) -> str:
    """One help line for the keys 1-9: the tag each has now, and those without one."""
    named = [f"{n} {name}" for n, name in enumerate(tag_names[:NUMBER_KEYS], start=1)]
    free = len(named) + 1
    if free == NUMBER_KEYS:
        named.append(f"{free} no tag yet")
    elif free < NUMBER_KEYS:
        named.append(f"{free}-{NUMBER_KEYS} no tag yet")
    return "Tag: " + " · ".join(named) + (" (t makes one)" if free <= NUMBER_KEYS else "")


def title_text(command: Command, tag_names: Sequence[str]) -> str:
    """The palette title of a command; a number key names the tag it has now."""
    number = tag_number(command)
    if number is None or number > len(tag_names):
        return command.title
    return f"Tag {tag_names[number - 1]}"
