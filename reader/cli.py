"""The ``reader`` command line: a thin click front over the model, io, store and ui layers.

``reader`` alone opens the bundled example article, ``reader FILE`` imports a
text or Markdown file and opens it; the other subcommands import, list,
outline and export without starting the terminal UI (Textual is imported only
by ``open``).

Errors from the layers (``ArticleImportError``, ``StoreError``, ``OSError``)
are turned into one line on stderr, ``reader: error: <message>``, with exit
code 1, in one place: ``ReaderGroup.invoke``. Usage errors keep click's
format and exit code 2; Ctrl-C exits with 130.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

import click

from reader import __version__
from reader.cli_crash import InternalError
from reader.cli_open import import_or_refresh, open_reader
from reader.cli_progress import progress, steps
from reader.io.annotation_files import (
    IMPORT_FORMATS,
    AnnotationFileError,
    ImportFormat,
    detect_format,
    read_annotation_file,
)
from reader.io.export import (
    FORMATS,
    CellTooLongError,
    ExportFormat,
    atomic_output,
    export_columns,
    write_csv_cells,
    write_export,
)
from reader.io.http import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FetchError,
    HttpClient,
    HttpSettings,
    is_url,
)
from reader.io.importers import (
    ArticleImportError,
    load_article,
)
from reader.model.safe_text import terminal_safe
from reader.store import (
    STATUSES,
    Feed,
    LibraryEntry,
    NotFoundError,
    RefreshReport,
    SearchHit,
    Store,
    StoreError,
    conflict_changes,
    default_db_path,
    parse_status,
)

# What only some commands use is imported in them: start-up (``reader``) should not pay
# for merging, sharing, agreement or the team server (issue 12).
if TYPE_CHECKING:
    from reader import web
    from reader.model.agreement import Scores, TagAgreement
    from reader.model.article import Article
    from reader.model.feed import FeedEntry
    from reader.store import MergeReport, SyncReport

__all__ = ["ReaderError", "ReaderGroup", "cli", "main"]

# Paths are checked by the layers, which say what is wrong in one line (exit 1); click's
# own readable check made an unreadable file a usage error (exit 2).
_PATH = click.Path(path_type=Path, readable=False)
#: The same for arguments that may also be a URL or an article id (kept as text: a Path
#: would turn ``https://`` into ``https:/``).
_SOURCE = click.Path(readable=False)
DB_ENVVAR = "READER_DB"
DEFAULT_COMMAND = "open"
EXIT_INTERRUPTED = 130


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written (see
    :func:`clean_up_on_termination`); exit ``128 + signum`` like the default action."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def clean_up_on_termination() -> Iterator[None]:
    """While writing a file: turn SIGTERM and SIGHUP into :class:`Terminated`, so the
    writers' ``finally`` blocks remove their temporary files (the default action
    would end the process at once and leave them). Previous handlers are restored.
    Outside the main thread (where handlers cannot be set) nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _expected_errors() -> tuple[type[Exception], ...]:
    """Layer errors that are the user's input, not a bug: shown as one line, exit 1. (The
    web's are imported when an error is handled: a command that never reads a page or a
    feed never imports their modules; start-up, issue 12.)"""
    from reader.io.feeds import FeedError
    from reader.io.html import HtmlError

    return (
        ArticleImportError,
        AnnotationFileError,
        CellTooLongError,
        StoreError,
        OSError,
        FetchError,
        HtmlError,
        FeedError,
    )


class ReaderError(click.ClickException):
    """An error shown to the user as ``reader: error: <message>`` (one line), exit code 1."""

    def format_message(self) -> str:
        """The message on one line, without characters that could drive the terminal
        (it may quote a file name or text from a file)."""
        return terminal_safe(" ".join(self.message.split()))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one-line error message on stderr (or ``file``)."""
        click.echo(f"reader: error: {self.format_message()}", file=file, err=file is None)


def describe_error(exc: BaseException) -> str:
    """The message for an expected error; an ``OSError`` as ``<path>: <reason>``."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush after a closed pipe
    (``reader export | head``) does not print a second error."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class ReaderGroup(click.Group):
    """A click group with a default command and one place that formats errors.

    A first argument that is not a subcommand (``reader article.md``) goes to the
    default command; no subcommand at all (``reader``, ``reader --db x.db``) runs
    the default command from the group callback. click-default-group does the
    first but fails the second with "Missing command", hence this small class.
    """

    def __init__(self, *args: Any, default_command: str = DEFAULT_COMMAND, **kwargs: Any):
        kwargs.setdefault("invoke_without_command", True)
        kwargs.setdefault("subcommand_metavar", "[FILE | COMMAND [ARGS]...]")
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Route an argument that names no subcommand (and is no option) to the default.

        A word that is no existing path is refused with one line instead: with the
        command it is close to (``exprot``: did you mean ``export``?) or, for a plain
        word (no dot, no slash), as neither command nor file.
        """
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            self._check_not_a_typo(ctx, args[0])
            args = [self.default_command, *args]
        return super().resolve_command(ctx, args)

    def _check_not_a_typo(self, ctx: click.Context, word: str) -> None:
        """Raise ``ReaderError`` when ``word`` is no existing path and looks like a command."""
        if os.path.lexists(word):
            return
        close = difflib.get_close_matches(word, self.list_commands(ctx), n=1)
        if close:
            raise ReaderError(f"no such command '{word}'; did you mean '{close[0]}'?")
        if not any(c in word for c in "./\\"):
            raise ReaderError(
                f"no such command or file '{word}' "
                f"(commands: {', '.join(self.list_commands(ctx))}; see reader --help)"
            )

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping layer errors to ``ReaderError``, Ctrl-C to exit 130 and
        any other exception (a bug) to ``InternalError`` (reader/cli_crash.py), exit 2."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (KeyboardInterrupt, Terminated, BrokenPipeError) as exc:
            raise _click_error(exc) from None
        except Exception as exc:
            raise _click_error(exc) from exc


def _click_error(exc: BaseException) -> click.ClickException | click.exceptions.Exit:
    """What a command's exception ends the CLI with (see :meth:`ReaderGroup.invoke`)."""
    if isinstance(exc, KeyboardInterrupt):
        return click.exceptions.Exit(EXIT_INTERRUPTED)
    if isinstance(exc, Terminated):
        return click.exceptions.Exit(128 + exc.signum)
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return click.exceptions.Exit(1)
    if isinstance(exc, _expected_errors()):
        return ReaderError(describe_error(exc))
    # a bug: traceback to a log file, one line, exit 2
    return InternalError(exc, sys.argv[1:])


def exit_with(exc: BaseException) -> NoReturn:
    """End the process as ``reader`` ends when a command raises ``exc``: the error
    :meth:`ReaderGroup.invoke` makes of it, shown and exited with as click's main does.
    For a bare ``reader``, which runs without click (reader/cli_open.py)."""
    error = _click_error(exc)
    if isinstance(error, click.ClickException):
        error.show()
    sys.exit(error.exit_code)


@dataclass(frozen=True)
class Settings:
    """Options shared by the group and every subcommand (the subcommand's value wins)."""

    db: Path | None = None
    author: str | None = None

    @property
    def db_path(self) -> Path:
        """The database path: ``--db``, else ``$READER_DB``, else the per-user default."""
        return self.db.expanduser() if self.db is not None else default_db_path()


_DB_HELP = f"SQLite database file [env: {DB_ENVVAR}; default: per-user data directory]."
_AUTHOR_HELP = "Author name recorded on new annotations [default: your login name]."


def _db_option(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--db",
        type=_PATH,
        metavar="PATH",
        help=_DB_HELP,
        **kwargs,
    )


def _author_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--author", metavar="NAME", help=_AUTHOR_HELP)


def shared_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a subcommand ``--db`` and ``--author``; the callback receives ``settings``
    (its own values, else the group's)."""

    @_db_option()
    @_author_option()
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, db: Path | None, author: str | None, **kwargs: Any) -> Any:
        group = ctx.find_object(Settings) or Settings()
        settings = Settings(
            db=db if db is not None else group.db,
            author=author if author is not None else group.author,
        )
        return func(settings, **kwargs)

    return wrapper


def db_only_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Like :func:`shared_options` but only ``--db``: for commands whose own ``--author``
    is a filter (export, share); the user's name then comes from ``reader --author``."""

    @_db_option()
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, db: Path | None, **kwargs: Any) -> Any:
        group = ctx.find_object(Settings) or Settings()
        return func(Settings(db=db if db is not None else group.db, author=group.author), **kwargs)

    return wrapper


def _check_statuses(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """``--status`` values as stored (``Supported`` -> ``supported``); an unknown one is
    a one-line error listing the valid ones."""
    statuses = []
    for value in values:
        status = parse_status(value)
        if status is None:
            raise ReaderError(f"invalid status '{value}': use one of {', '.join(STATUSES)}")
        statuses.append(status)
    return tuple(statuses)


def filter_options(*, author_help: str | None = None) -> Callable[..., Any]:
    """The annotation filters of ``export``, ``share`` and ``agree``, each repeatable:
    ``--article`` (``articles``), ``--tag`` (``tags``), ``--status`` (``statuses``) and,
    unless ``author_help`` is given for a command's own meaning, ``--author`` (``authors``).

    The values of one filter OR together; different filters AND together. The
    subcommand's ``--author`` is this filter: the author of new annotations is the
    group's ``reader --author NAME`` (before the subcommand)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            (
                click.option(
                    "--article",
                    "articles",
                    multiple=True,
                    metavar="ID",
                    help="Only this article (id or prefix); repeatable.",
                ),
                click.option(
                    "--tag",
                    "tags",
                    multiple=True,
                    metavar="TAG",
                    help="Only this tag; repeatable.",
                ),
                click.option(
                    "--author",
                    "authors",
                    multiple=True,
                    metavar="NAME",
                    help=author_help or "Only annotations by NAME; repeatable.",
                ),
                click.option(
                    "--status",
                    "statuses",
                    multiple=True,
                    metavar="STATUS",
                    callback=_check_statuses,
                    help=f"Only this status ({', '.join(STATUSES)}); repeatable.",
                ),
            )
        ):
            func = option(func)
        return func

    return decorate


@contextlib.contextmanager
def open_store(settings: Settings, *, create: bool, readonly: bool = False) -> Iterator[Store]:
    """Open the database; when ``create`` is false a missing file is an error (and is
    not created). ``readonly`` for commands that only read: they then work on a
    read-only file or file system."""
    path = settings.db_path
    if not create and not path.exists():
        raise ReaderError(f"no database at {path} (import an article first: reader import FILE)")
    with Store.open(path, author=settings.author, readonly=readonly) as store:
        yield store


def _echo_safe(text: str) -> None:
    click.echo(terminal_safe(text))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


EXAMPLES_MAIN = """\b
Examples:
  reader                         the library, or the bundled example article at first
  reader article.md              import article.md (once) and open it
  reader https://example.com/a   fetch a web page, import its article and open it
  reader --db work.db notes.txt  use another database
  reader import a.txt b.md       import without opening
  reader articles                list imported articles
  reader outline article.md      show sections and sentence counts
  reader feed add URL            subscribe to an RSS or Atom feed
  reader feed update             import the new items of every feed
  reader suggest article.md      suggest quotes with speakers, and claims
  reader export -o claims.csv    export every annotation as CSV
  reader share mine.db           write a tag database to give to others
  reader merge theirs.db         bring their annotations in
  reader rechecks                annotations moved onto different words
  reader refresh --all           fetch web articles again; annotations follow the text
"""


@click.group(cls=ReaderGroup, epilog=EXAMPLES_MAIN, context_settings={"max_content_width": 100})
@_db_option(envvar=DB_ENVVAR)
@_author_option()
@click.version_option(__version__, "--version", prog_name="reader")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, author: str | None) -> None:
    """Read news articles in the terminal and annotate claims and quotes.

    With no command, opens FILE in the reader (without FILE: the library, or the
    bundled example article while the database holds at most one article).
    """
    ctx.obj = Settings(db=db, author=author)
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command)


@cli.command(
    "open",
    epilog="""\b
Examples:
  reader open                    the library, or the bundled example article at first
  reader open article.md         import (once) and open
  reader article.md --db x.db    the same, "open" is the default command
""",
)
@shared_options
@click.argument("file", required=False, type=_SOURCE)
def open_command(settings: Settings, file: str | None) -> None:
    """Open a file, a web page (or the example article) in the reader.

    FILE (.txt, .md, .markdown, .html or .htm) or URL (http or https) is
    imported first; importing the same text (or the same page) again reopens
    the same article with its annotations (a page whose text has changed is
    refreshed first, as "reader refresh" does). Without FILE, opens the library
    when the database holds more than one article, else the bundled example
    article. The article opened is marked read.
    """
    return_code = open_reader(
        settings.db_path,
        settings.author,
        file,
        load_source=load_source,
        http_client=_http_client,
    )
    # Textual reports a crash itself and sets a non-zero return code; pass it on.
    if return_code:
        raise click.exceptions.Exit(return_code)


@cli.command(
    "import",
    epilog="""\b
Examples:
  reader import article.md
  reader --db work.db import *.txt
  reader import ~/saved-articles            every article file under the directory
  reader import https://example.com/news/story.html saved-page.html
""",
)
@shared_options
@click.argument("files", nargs=-1, required=True, type=_SOURCE)
def import_command(settings: Settings, files: tuple[str, ...]) -> None:
    """Import files, directories and web pages without opening them.

    FILES are .txt, .md, .html/.htm files or http(s) URLs. Prints each
    article's id and title, with "(already imported)" when the same text, or
    the same page (by its canonical URL), is already in the database. A page
    already imported whose text has changed is refreshed (as "reader refresh"
    does: a new version, the annotations re-anchored). Every
    file and page is read before anything is written, so one bad one imports
    nothing.

    A DIRECTORY is imported in batches (thousands of files: every .txt, .md,
    .markdown, .html and .htm file under it), with a progress bar: a file that
    cannot be imported is reported on one line and skipped, the rest are
    imported, then one summary line; the exit status is 1 when any file failed.
    """
    from reader.cli_import import article_files, import_files

    listed: list[tuple[Path, list[Path]]] = []
    for directory in (Path(f) for f in files if _is_dir(f)):
        paths = article_files(directory)
        if not paths:
            raise ReaderError(f"{directory}: a directory without article files (.txt, .md, .html)")
        listed.append((directory, paths))
    articles: list[Article] = [load_source(path) for path in files if not _is_dir(path)]
    with open_store(settings, create=True) as store:
        for article in articles:
            stored, created, refreshed = import_or_refresh(store, article)
            suffix = ""
            if refreshed is not None:
                suffix = (
                    f"  (already imported; the page has changed: {_refresh_summary(refreshed)})"
                )
            elif not created:
                suffix = "  (already imported)"
            _echo_safe(f"{stored.id}  {stored.title}{suffix}")
        failed = 0
        for directory, paths in listed:
            outcome = import_files(store, paths, _report_skipped)
            _echo_safe(f"{directory}: {outcome.summary()}")
            failed += outcome.failed
    if failed:
        raise click.exceptions.Exit(1)


def _is_dir(source: str) -> bool:
    return not is_url(source) and os.path.isdir(source)


def _report_skipped(line: str) -> None:
    """One line on stderr for a file a directory import skipped (through ``sys.stderr``
    as it is now: while the progress bar shows, rich's proxy puts the line above it)."""
    sys.stderr.write(f"reader: skipped {terminal_safe(' '.join(line.split()))}\n")


@cli.command(
    "articles",
    epilog="""\b
Examples:
  reader articles
  reader articles --json | jq '.[].title'
""",
)
@shared_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def articles_command(settings: Settings, as_json: bool) -> None:
    """List imported articles.

    One line per article: id, read or unread, annotation count, date
    (published, else imported), title and [site or source · feed]. Any
    unique prefix of an id works where an id is asked for.
    """
    with open_store(settings, create=False, readonly=True) as store:
        entries = store.library_entries()
    if as_json:
        click.echo(json.dumps([_article_json(e) for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        where = e.site or e.source
        if e.feed:
            where += f" · feed: {e.feed}"
        _echo_safe(
            f"{e.id}  {'read  ' if e.read else 'unread'}  "
            f"{_plural(e.annotation_total, 'annotation'):>15}  {e.date[:10]}  "
            f"{' '.join(e.title.split())}  [{' '.join(where.split())}]"
        )


def _article_json(entry: LibraryEntry) -> dict[str, Any]:
    """``articles --json``: one article, with its annotation counts per tag and in all."""
    return {
        "id": entry.id,
        "title": entry.title,
        "url": entry.url,
        "site": entry.site,
        "author": entry.author,
        "published": entry.published,
        "feed": entry.feed,
        "read": entry.read,
        "read_at": entry.read_at,
        "versions": entry.versions,
        "annotations": dict(entry.tag_counts),
        "annotation_count": entry.annotation_total,
        "source": entry.source,
        "imported_at": entry.imported_at,
    }


@cli.command(
    "outline",
    epilog="""\b
Examples:
  reader outline article.md
  reader outline --json article.txt
  reader outline https://example.com/news/story.html
  reader outline 3f2a9c
""",
)
@db_only_options
@click.argument("source", metavar="FILE|URL|ID", type=_SOURCE)
@click.option("--json", "as_json", is_flag=True, help="Print the full outline as JSON.")
def outline_command(settings: Settings, source: str, as_json: bool) -> None:
    """Show the sections and sentence counts of a file, a web page or an article.

    Prints the title, then each section with its paragraph and sentence
    counts; --json prints every sentence span and text. A FILE or URL is read
    directly (the database is not used); anything else is the id (or a unique
    prefix) of an imported article.
    """
    from reader.model.outline import outline as article_outline

    data = article_outline(_outline_source(settings, source))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _echo_safe(data["title"])
    for number, section in enumerate(data["sections"], start=1):
        counts = (
            f"{_plural(section['paragraphs'], 'paragraph')}, "
            f"{_plural(len(section['sentences']), 'sentence')}"
        )
        _echo_safe(f"  {number}. {section['display_title']} ({counts})")


@cli.command(
    "suggest",
    epilog="""\b
Examples:
  reader suggest article.md
  reader suggest --json article.txt | jq '.[] | select(.kind == "quote")'
""",
)
@click.argument("file", type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of suggestions.")
def suggest_command(file: Path, as_json: bool) -> None:
    """Suggest quotes (with speakers) and check-worthy claims in a file.

    One line per suggestion: kind, span, score, speaker or reason, and the
    text; --json prints objects with kind, start, end, exact, speaker, reason
    and score (offsets into the normalised text). FILE is read directly: the
    database is not used.
    """
    from reader.suggest import suggest

    found = suggest(load_article(file))
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        who = s.speaker if s.kind == "quote" and s.speaker else s.reason
        _echo_safe(
            f"{s.kind:<5}  {s.start:>6}-{s.end:<6}  {s.score:.2f}  {who}  "
            f"{' '.join(s.exact.split())}"
        )


@cli.command(
    "export",
    epilog="""\b
Examples:
  reader export > annotations.csv
  reader export --tag claim --tag quote -o claims.csv
  reader export --author bob --status disputed --status false
  reader export --article 3f2a --format jsonl
  reader export --format w3c -o annotations.jsonld
  reader export --bom -o for-excel.csv
""",
)
@db_only_options
@filter_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="CSV (spreadsheet safe), JSON Lines (raw values) or W3C Web Annotation JSON-LD.",
)
@click.option(
    "--include-deleted",
    is_flag=True,
    help="Also export deleted annotations (CSV/JSONL get a last column deleted_at).",
)
@click.option(
    "--bom",
    is_flag=True,
    help="Start the file with a UTF-8 byte order mark (for Excel).",
)
@click.option(
    "-o",
    "--output",
    type=_PATH,
    metavar="FILE",
    help="Write to FILE (replaced only when the export succeeds) instead of stdout.",
)
def export_command(
    settings: Settings,
    articles: tuple[str, ...],
    tags: tuple[str, ...],
    authors: tuple[str, ...],
    statuses: tuple[str, ...],
    fmt: ExportFormat,
    include_deleted: bool,
    bom: bool,
    output: Path | None,
) -> None:
    """Export annotations as CSV, JSON Lines or W3C Web Annotations.

    Deleted annotations are left out unless --include-deleted. CSV (the
    default) has a header row and CRLF line endings, and text cells starting
    with = + - @ get a leading apostrophe so spreadsheets show them as text;
    JSON Lines keeps raw values; w3c writes a JSON-LD array of annotations.
    --article, --tag, --author and --status can be repeated: values of one
    option OR together, different options AND together. Here --author filters
    (the author of new annotations is "reader --author NAME"). Output goes to
    stdout unless -o is given.
    """
    filters = ExportFilters(articles, tags, authors, statuses)
    with open_store(settings, create=False, readonly=True) as store:
        # Checks the articles and tags at once (StoreError), before any output is opened.
        write = _exporter(store, fmt, filters, include_deleted)
        if bom:
            write = _with_bom(write)
        if output is None:
            _write_stdout(write)
        else:
            with clean_up_on_termination(), atomic_output(output) as out:
                count = write(out)
            click.echo(f"exported {_plural(count, 'annotation')} to {output}", err=True)


@cli.command(
    "import-annotations",
    epilog="""\b
Examples:
  reader import-annotations annotations.csv
  reader --db work.db import-annotations notes.jsonl
  reader import-annotations --format w3c annotations.jsonld
""",
)
@shared_options
@click.argument("file", type=_PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="The file's format [default: detected from its content].",
)
def import_annotations_command(settings: Settings, file: Path, fmt: ImportFormat | None) -> None:
    """Import annotations from a CSV, JSON Lines or W3C export.

    Ids, authors, timestamps, status, speaker, note and deleted state are
    kept. An annotation already in the database is replaced by a newer
    version (later updated_at), or by an edit made in a spreadsheet (same
    updated_at, other tag, speaker, status or note: applied as of now, the old
    version kept as a conflict). Spreadsheet dates (2026-12-02 04:00:00) and
    statuses (Supported) are read. Rows whose article is not in the database
    (import it first: reader import FILE) or that cannot be read are skipped
    and counted, and the exit code is then 1. All in one transaction: a file
    that cannot be read changes nothing. Imported annotations are not undo steps.
    """
    fmt = fmt or detect_format(file)  # a missing file fails here, before the database
    records = progress(read_annotation_file(file, fmt), None, "importing")
    with open_store(settings, create=False) as store:  # no database means no articles
        report = store.import_annotations(records, source=file.name)
    click.echo(
        f"imported {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.skipped_total} skipped"
    )
    for reason, count in sorted(report.skipped.items(), key=lambda item: -item[1]):
        _echo_safe(f"  skipped {count}: {reason}")
    for example in report.examples:
        _echo_safe(f"  e.g. {example}")
    if report.skipped_total:
        raise ReaderError(
            f"{_plural(report.skipped_total, 'row')} skipped (the others were imported; "
            "reasons above)"
        )


@dataclass(frozen=True)
class ExportFilters:
    """The filters of an export; an empty tuple does not filter."""

    articles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


def _exporter(
    store: Store, fmt: ExportFormat, filters: ExportFilters, deleted: bool
) -> Callable[[IO[str]], int]:
    """A function writing the export to a stream (returns the count). CSV takes the
    fast path: cells computed by SQLite, written by ``csv.writer.writerows``."""
    columns = export_columns(include_deleted=deleted)
    select: dict[str, Any] = {
        "article_id": filters.articles,
        "tag": filters.tags,
        "authors": filters.authors,
        "statuses": filters.statuses,
        "include_deleted": deleted,
    }
    total = functools.partial(store.count_export_rows, **select)
    if fmt == "csv":
        cells = store.export_cells(**select)
        return lambda out: write_csv_cells(progress(cells, total, "exporting"), out, columns)
    rows = store.iter_export_rows(**select, with_url=fmt == "w3c")
    return lambda out: write_export(progress(rows, total, "exporting"), out, fmt, columns)


def _with_bom(write: Callable[[IO[str]], int]) -> Callable[[IO[str]], int]:
    """``write`` preceded by a UTF-8 byte order mark (Excel then reads the file as UTF-8)."""

    def write_with_bom(out: IO[str]) -> int:
        out.write("\ufeff")
        return write(out)

    return write_with_bom


class _TerminalSafeStream:
    """A text stream writing through :func:`terminal_safe`: for an export shown on a
    terminal, where an escape sequence in a title or note would act on the terminal.
    Every control character is dropped on its own, so a sequence split across two
    writes is harmless too."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _write_stdout(write: Callable[[IO[str]], int]) -> None:
    """Stream an export to stdout as UTF-8 with line endings untouched (CSV needs CRLF).
    On a terminal, control characters and escape sequences are dropped (never in a
    file or a pipe, which get the data exactly)."""
    sys.stdout.flush()
    terminal = _stdout_is_terminal()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stdout (an embedding host): write through it as is
        write(cast(IO[str], _TerminalSafeStream(sys.stdout)) if terminal else sys.stdout)
        return
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        write(cast(IO[str], _TerminalSafeStream(out)) if terminal else out)
        out.flush()
    finally:
        with contextlib.suppress(OSError, ValueError):
            out.detach()


@cli.command(
    "share",
    epilog="""\b
Examples:
  reader share mine.db
  reader share claims.db --tag claim --article 3f2a
  reader --author alice share alice.db --author alice --force
""",
)
@db_only_options
@click.argument("out", type=_PATH)
@filter_options()
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def share_command(
    settings: Settings,
    out: Path,
    articles: tuple[str, ...],
    tags: tuple[str, ...],
    authors: tuple[str, ...],
    statuses: tuple[str, ...],
    force: bool,
) -> None:
    """Write a tag database to give to others.

    OUT gets the chosen annotations (deleted ones too, so deletions reach the
    others), the articles they belong to and their tags, with the same schema
    as the main database. --article, --tag, --author and --status can be
    repeated: values of one option OR together, different options AND together.
    Your own name (recorded in the file) is "reader --author NAME share".
    OUT is written under a temporary name and renamed, and is never replaced
    without --force.
    """
    from reader.store import share_annotations

    with open_store(settings, create=False) as store, clean_up_on_termination():
        report = share_annotations(
            store,
            out,
            articles=articles,
            tags=tags,
            authors=authors,
            statuses=statuses,
            force=force,
        )
    click.echo(
        f"shared {_plural(report.annotations, 'annotation')} "
        f"({report.deleted} deleted) of {_plural(report.articles, 'article')} to {out}",
        err=True,
    )
    if report.over_limits:
        click.echo(
            f"warning: {_plural(report.over_limits, 'annotation')} would be skipped by the "
            "merge of whoever receives the file: a note, speaker, author or article longer "
            "than reader accepts (see README, Reliability); shorten them and share again",
            err=True,
        )


def _merge_summary(report: MergeReport) -> list[str]:
    new = f"{report.new} new"
    if report.new_deleted:
        new += f" ({report.new_deleted} already deleted)"
    parts = [
        new,
        f"{report.updated} updated",
        f"{report.deleted} deleted",
        f"{report.unchanged} unchanged",
        _plural(report.conflicts, "conflict"),
        f"{report.skipped_total} skipped",
    ]
    if report.reanchored or report.orphans:
        parts += [f"{report.reanchored} re-anchored", _plural(report.orphans, "orphan")]
        parts.append(f"{report.rechecks} to re-check")
    if report.articles_added:
        parts.append(f"{_plural(report.articles_added, 'article')} added")
    lines = [f"{report.source}: {', '.join(parts)}"]
    lines += [f"  skipped {count}: {reason}" for reason, count in sorted(report.skipped.items())]
    return lines


@cli.command(
    "merge",
    epilog="""\b
Examples:
  reader merge alice.db
  reader merge --dry-run alice.db bob.db
""",
)
@shared_options
@click.argument("files", nargs=-1, required=True, type=_PATH)
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
def merge_command(settings: Settings, files: tuple[Path, ...], dry_run: bool) -> None:
    """Bring others' annotations (files made by "reader share") in.

    Prints, per file: new, updated, deleted, unchanged, conflicts, skipped
    (with reasons). The same annotation changed on both sides keeps the latest
    version; the other one is kept as a conflict. The files are read-only and
    untrusted: bad rows are skipped and counted. All files are merged in one
    transaction: on any error nothing changes. Merges cannot be undone with u.
    Annotations moved onto different words are counted "to re-check" (see
    reader rechecks).
    """
    from reader.store import merge_files

    with open_store(settings, create=False) as store, steps(2 * len(files)) as advance:
        reports = merge_files(store, files, dry_run=dry_run, on_step=advance)
    for report in reports:
        for line in _merge_summary(report):
            _echo_safe(line)
    if dry_run:
        click.echo("dry run: nothing was changed")


@cli.command(
    "rechecks",
    epilog="""\b
Examples:
  reader rechecks
  reader rechecks --article 3f2a --json
""",
)
@shared_options
@click.option("--article", "article_ref", metavar="ID", help="Only this article (id or prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def rechecks_command(settings: Settings, article_ref: str | None, as_json: bool) -> None:
    """List annotations to re-check: a refresh or merge moved them onto different words.

    Their status is needs-recheck and their verdict is suspended. Per
    annotation: its id, tag, the article, what changed, the verdict it had,
    the old text beside the new one, and the file and time of the merge.
    In the reader, ! lists them and s gives a new verdict.
    """
    with open_store(settings, create=False, readonly=True) as store:
        article_id = None if article_ref is None else store.get_article(article_ref).id
        items = store.list_rechecks(article_id)
    if as_json:
        records = [
            {
                "id": r.annotation_id,
                "article_id": r.article_id,
                "tag": r.tag,
                "author": r.author,
                "start": r.start,
                "end": r.end,
                "exact": r.exact,
                "old_exact": r.old_exact,
                "old_status": r.old_status,
                "changes": r.changes,
                "kinds": r.kinds.split(",") if r.kinds else [],
                "source": r.source,
                "recorded_at": r.recorded_at,
            }
            for r in items
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in items:
        where = f"{r.annotation_id[:8]}  {r.tag}  article {r.article_id}"
        if r.old_exact is None:
            _echo_safe(f"{where}: arrived already flagged (no record here)")
            _echo_safe(f"  now: “{_flat(r.exact)}”")
            continue
        _echo_safe(f"{where}: {_flat(r.changes or '')} (was {r.old_status})")
        _echo_safe(f"  old: “{_flat(r.old_exact)}”")
        _echo_safe(f"  new: “{_flat(r.exact)}”")
        _echo_safe(f"  from {r.source} at {r.recorded_at}")
    click.echo(f"{_plural(len(items), 'annotation')} to re-check", err=True)


@cli.command(
    "search",
    epilog="""\b
Examples:
  reader search ceasefire
  reader search '"border crossing" NOT rafah'
  reader search 'negotiat*' --limit 5
  reader search 'note:check' --json | jq '.[].article_id'
""",
)
@shared_options
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many articles, and this many annotations.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def search_command(settings: Settings, query: str, limit: int, as_json: bool) -> None:
    """Search every article's title and text and every annotation's note and speaker.

    QUERY is SQLite FTS5 syntax: words (all must match), "a phrase",
    prefix*, OR, NOT, NEAR(a b), and title:, text:, note: or speaker: for
    one field. Articles come first, then annotations, best match first; each
    with its id, title, what matched and where (the offset in the article's
    text), then the matching passage.
    """
    with open_store(settings, create=False, readonly=True) as store:
        if store.waiting_passages():  # a long file opened and closed before it was indexed
            with (
                contextlib.suppress(StoreError),
                Store.open(settings.db_path, author=settings.author) as writable,
            ):
                writable.index_waiting_passages()
        hits = store.search(query, limit=limit)
    if as_json:
        records = [
            {
                "kind": h.kind,
                "article_id": h.article_id,
                "title": h.title,
                "field": h.field,
                "offset": h.offset,
                "snippet": h.snippet,
                "highlights": [list(span) for span in h.highlights],
                "cut_before": h.cut_before,
                "cut_after": h.cut_after,
                "annotation_id": h.annotation_id,
            }
            for h in hits
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    marked = _stdout_is_terminal()
    for h in hits:
        what = h.field if h.kind == "article" else f"annotation {h.field}"
        _echo_safe(f"{h.article_id}  {_flat(h.title)}  ({what}, at {h.offset})")
        click.echo("    " + _snippet_line(h, marked=marked))
    click.echo(_plural(len(hits), "result"), err=True)


def _snippet_line(hit: SearchHit, *, marked: bool) -> str:
    """The passage on one line, made safe, its matched words bold on a terminal."""
    parts: list[str] = ["…" if hit.cut_before else ""]
    last = 0
    for start, end in hit.highlights:
        parts.append(terminal_safe(_spaced(hit.snippet[last:start])))
        word = terminal_safe(_spaced(hit.snippet[start:end]))
        parts.append(click.style(word, bold=True, underline=True) if marked else word)
        last = end
    parts.append(terminal_safe(_spaced(hit.snippet[last:])))
    parts.append("…" if hit.cut_after else "")
    return "".join(parts)


def _spaced(text: str) -> str:
    """Text on one line, its line breaks and runs of spaces made one space (the ends
    kept: it is a piece of a line)."""
    return re.sub(r"\s+", " ", text)


def _flat(text: str) -> str:
    """Text on one line (line breaks and runs of spaces made one space)."""
    return " ".join(text.split())


def _scores_json(scores: Scores) -> dict[str, Any]:
    return {
        "matches": scores.matches,
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
    }


def _agreement_json(row: TagAgreement) -> dict[str, Any]:
    return {
        "tag": row.tag,
        "a_spans": row.a_spans,
        "b_spans": row.b_spans,
        "exact": _scores_json(row.exact),
        "overlap": _scores_json(row.overlap),
        "kappa": row.kappa,
    }


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@cli.command(
    "agree",
    epilog="""\b
Examples:
  reader agree alice.db bob.db
  reader agree team.db --author alice --author bob --json
  reader agree alice.db bob.db --article 3f2a --tag claim
""",
)
@click.argument("files", nargs=-1, required=True, type=_PATH)
@filter_options(author_help="Annotator: give it twice, A then B.")
@click.option(
    "--all-authors",
    is_flag=True,
    help="Two files: compare everything in each file, not each file's own author.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def agree_command(
    files: tuple[Path, ...],
    articles: tuple[str, ...],
    tags: tuple[str, ...],
    authors: tuple[str, ...],
    statuses: tuple[str, ...],
    all_authors: bool,
    as_json: bool,
) -> None:
    """Agreement between two annotators, per tag.

    Either two databases (A.db B.db: their common articles, matched by text)
    or one database and two --author. With two databases, each one's own
    author is compared (the author who shared the file, else its only author;
    see docs/cli.md), so files that hold both people's work after an exchange
    still compare the two people; the compared authors are printed. Per tag:
    span precision, recall and F1 of B against A, for exact and overlapping
    spans, and Cohen's kappa over sentences; the last row ("*") is all tags
    together. --article, --tag and --status can be repeated. Definitions:
    docs/sharing.md. The files are only read.
    """
    from reader.model.agreement import agreement
    from reader.store import load_agreement_input

    data = load_agreement_input(
        list(files),
        list(authors),
        articles=list(articles),
        tags=list(tags),
        statuses=list(statuses),
        all_authors=all_authors,
    )
    rows = agreement(data.articles)
    sentences = sum(len(a.sentences) for a in data.articles)
    if as_json:
        record = {
            "a": data.a_label,
            "b": data.b_label,
            "a_author": data.a_author,
            "b_author": data.b_author,
            "articles": data.article_ids,
            "sentences": sentences,
            "tags": [_agreement_json(r) for r in rows[:-1]],
            "all": _agreement_json(rows[-1]),
            "skipped": dict(sorted(data.skipped.items())),
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(
            terminal_safe(
                f"A = {data.a_label}, B = {data.b_label}: "
                f"{_plural(len(data.article_ids), 'article')}, {_plural(sentences, 'sentence')}"
            )
        )
    )
    for name in ("tag", "A", "B", "exact P", "R", "F1", "overlap P", "R", "F1", "kappa"):
        table.add_column(name, justify="left" if name == "tag" else "right")
    for r in rows:
        table.add_row(
            Text(terminal_safe(r.tag)),
            str(r.a_spans),
            str(r.b_spans),
            *(_number(v) for v in (r.exact.precision, r.exact.recall, r.exact.f1)),
            *(_number(v) for v in (r.overlap.precision, r.overlap.recall, r.overlap.f1)),
            _number(r.kappa),
        )
    Console(highlight=False, soft_wrap=False).print(table)
    for reason, count in sorted(data.skipped.items()):
        _echo_safe(f"skipped {count}: {reason}")


# -- articles and feeds from the web (issue 11) ----------------------------------------------

HTTP_TIMEOUT_ENVVAR = "READER_HTTP_TIMEOUT"
HTTP_MAX_BYTES_ENVVAR = "READER_HTTP_MAX_BYTES"


def http_settings() -> HttpSettings:
    """The HTTP limits: the defaults, or ``$READER_HTTP_TIMEOUT`` (seconds) and
    ``$READER_HTTP_MAX_BYTES`` when set."""
    timeout = _env_number(HTTP_TIMEOUT_ENVVAR, DEFAULT_TIMEOUT)
    max_bytes = int(_env_number(HTTP_MAX_BYTES_ENVVAR, DEFAULT_MAX_BYTES))
    return HttpSettings(timeout=timeout, max_bytes=max_bytes)


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise ReaderError(f"${name} must be a positive number, not '{value}'")
    return number


def _http_client() -> HttpClient:
    return HttpClient(http_settings())


def load_source(source: str) -> Article:
    """The article of a FILE or an http(s) URL (fetched with the configured limits)."""
    from reader import web

    return web.load_source(source, _http_client)


def _outline_source(settings: Settings, source: str) -> Article:
    """A URL or an existing file is read; anything else is an imported article's id."""
    if is_url(source) or os.path.lexists(source) or not settings.db_path.exists():
        return load_source(source)
    with open_store(settings, create=False) as store:
        return store.get_article(source).article


def _feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "items": feed.items,
        "unread": feed.unread,
        "last_checked": feed.last_checked,
        "last_error": feed.last_error,
    }


def _feed_report_line(report: web.FeedReport) -> str:
    name = report.feed.name
    if report.error:
        return f"{report.feed.id}  {name}: failed: {report.error}"
    if report.not_modified:
        return f"{report.feed.id}  {name}: not modified"
    parts = [f"{report.new} new"]
    if report.new:
        parts.append(f"{report.from_page} from their pages")
        if report.from_feed:
            parts.append(f"{report.from_feed} from the feed's own text (page not available)")
        if report.known:
            parts.append(f"{report.known} already imported")
        if report.without_text:
            parts.append(f"{report.without_text} without text")
    return f"{report.feed.id}  {name}: {', '.join(parts)}"


def _track(items: Sequence[FeedEntry], total: int, description: str) -> Iterable[FeedEntry]:
    return progress(items, total, terminal_safe(description)[:40])


@cli.group(
    "feed",
    epilog="""\b
Examples:
  reader feed add https://example.com/rss.xml
  reader feed add saved-feed.xml
  reader feed list --json
  reader feed update
  reader feed update 2
  reader feed remove 2
""",
)
def feed_group() -> None:
    """Subscribe to RSS and Atom feeds and import their new items.

    A FEED is named by the number "feed list" shows, its URL or its title.
    """


@feed_group.command("add")
@shared_options
@click.argument("source", metavar="URL|FILE", type=_SOURCE)
def feed_add_command(settings: Settings, source: str) -> None:
    """Subscribe to a feed and import its items.

    The feed is read first: a URL or file that holds no RSS or Atom feed is
    refused and nothing is written. Then its items are imported as "feed
    update" does.
    """
    from reader import web

    location = web.feed_source(source)
    with _http_client() as client:
        web.probe_feed(location, client)  # a feed, before anything is written
        with open_store(settings, create=True) as store:
            feed, created = store.add_feed(location)
            report = web.update_feed(store, feed, client, _track)
    if not created:
        _echo_safe(f"{feed.id}  {feed.name}: already subscribed")
    _echo_safe(_feed_report_line(report))


@feed_group.command("list")
@shared_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def feed_list_command(settings: Settings, as_json: bool) -> None:
    """List feeds: number, title, URL, items, unread, last checked, last error."""
    with open_store(settings, create=False) as store:
        feeds = store.list_feeds()
    if as_json:
        click.echo(json.dumps([_feed_json(f) for f in feeds], ensure_ascii=False, indent=2))
        return
    for f in feeds:
        checked = f.last_checked or "never checked"
        line = (
            f"{f.id}  {f.title or '(untitled)'}  <{f.url}>  {_plural(f.items, 'item')}, "
            f"{f.unread} unread, checked {checked}"
        )
        if f.last_error:
            line += f"  error: {f.last_error}"
        _echo_safe(line)


@feed_group.command("update")
@shared_options
@click.argument("feeds", nargs=-1, metavar="[FEED]...")
def feed_update_command(settings: Settings, feeds: tuple[str, ...]) -> None:
    """Import the new items of the feeds (all of them by default).

    Asks each server only for what changed (ETag / Last-Modified: a feed not
    modified costs one request). Each new item's page is fetched and its
    article extracted; when the page cannot be had, the feed's own text is
    kept and marked so. A feed that fails keeps its state and records the
    error, and the others go on; the exit code is then 1.
    """
    from reader import web

    with open_store(settings, create=False) as store:
        chosen = [store.get_feed(f) for f in feeds] if feeds else store.list_feeds()
        with _http_client() as client:
            reports = web.update_feeds(store, chosen, client, _track)
    for report in reports:
        _echo_safe(_feed_report_line(report))
    failed = [r for r in reports if r.error]
    if failed:
        raise ReaderError(
            f"{_plural(len(failed), 'feed')} of {len(reports)} failed (the others were updated)"
        )


@feed_group.command("remove")
@shared_options
@click.argument("feed", metavar="FEED")
def feed_remove_command(settings: Settings, feed: str) -> None:
    """Unsubscribe from a feed. Its imported articles stay in the database."""
    with open_store(settings, create=False) as store:
        removed = store.remove_feed(feed)
    _echo_safe(f"removed {removed.id}  {removed.name}")


# -- the team server: reader team init/add/remove, reader sync (docs/team.md) ---------------------

TEAM_URL_ENVVAR = "READER_TEAM_URL"
_TEAM_URL_HELP = f"The team database (a libpq URL) [env: {TEAM_URL_ENVVAR}]."


@cli.group(
    "team",
    epilog="""\b
Examples:
  reader team init postgresql://editor@db.example.org/newsroom
  reader team add alice --password-file alice.pw --url postgresql://editor@db/newsroom
  reader team remove alice --url postgresql://editor@db/newsroom
""",
)
def team_group() -> None:
    """Set up a team server: a PostgreSQL database where everyone's work meets.

    Run by an editor or IT person whose PostgreSQL role may create roles and
    owns the database. Members then run "reader sync URL".
    """


@team_group.command("init")
@click.argument("url", envvar=TEAM_URL_ENVVAR, metavar="URL")
def team_init_command(url: str) -> None:
    """Create (or upgrade) the team schema in an existing PostgreSQL database (15+).

    Makes the tables, the change log and the group role of members; running it
    again upgrades an older schema and changes nothing else.
    """
    from reader.store import init_team, without_password

    report = init_team(url)
    where = without_password(url)
    if report.version_before == report.version_after:
        _echo_safe(f"{where}: team schema already at version {report.version_after}")
    else:
        _echo_safe(
            f"{where}: team schema version {report.version_before} -> {report.version_after}; "
            f"members' group: {report.group}"
        )


def _read_password(password_file: Path | None) -> str:
    """The first line of ``password_file`` (``-`` for stdin), else a hidden prompt."""
    if password_file is None:
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    try:
        text = sys.stdin.read() if str(password_file) == "-" else password_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReaderError(f"cannot read {password_file}: {error}") from error
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise ReaderError(f"{password_file}: the first line (the password) is empty")
    return lines[0]


@team_group.command("add")
@click.argument("name")
@click.option(
    "--password-file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Read the password from FILE's first line ('-': stdin) instead of a prompt.",
)
@click.option("--url", envvar=TEAM_URL_ENVVAR, required=True, help=_TEAM_URL_HELP)
def team_add_command(name: str, password_file: Path | None, url: str) -> None:
    """Give NAME a login to the team (or a new password to an existing role).

    The password comes from a prompt or a file, never from the command line.
    NAME is also the author name of the member's annotations on the server.
    """
    from reader.store import add_member

    password = _read_password(password_file)
    group = add_member(url, name, password)
    _echo_safe(f"{name} is a member of {group}")


@team_group.command("remove")
@click.argument("name")
@click.option("--url", envvar=TEAM_URL_ENVVAR, required=True, help=_TEAM_URL_HELP)
def team_remove_command(name: str, url: str) -> None:
    """Take NAME's access to the team away (their annotations stay)."""
    from reader.store import remove_member

    if remove_member(url, name):
        _echo_safe(f"{name} is no longer a member")
    else:
        _echo_safe(f"{name} was not a member")


def _push_summary(report: SyncReport) -> str:
    pushed = report.pushed
    parts = [
        f"{pushed.new} new",
        f"{pushed.updated} updated",
        f"{pushed.unchanged} unchanged",
        _plural(pushed.conflicts, "conflict"),
    ]
    if pushed.articles:
        parts.append(f"{_plural(pushed.articles, 'article')} added")
    return f"pushed to {report.url}: {', '.join(parts)}"


@cli.command(
    "sync",
    epilog="""\b
Examples:
  reader --author alice sync postgresql://alice@db.example.org/newsroom
  reader sync                      the remembered team server
""",
)
@shared_options
@click.argument("url", required=False, envvar=TEAM_URL_ENVVAR)
def sync_command(settings: Settings, url: str | None) -> None:
    """Pull everyone's changes from the team server, then push yours.

    URL is remembered for this database without its password: give the
    password with libpq's usual means (~/.pgpass, PGPASSWORD, a service file).
    The rules are merge's: the latest version wins, the other is kept as a
    conflict. Only your own annotations (author = your team name) are pushed.
    Offline: nothing changes here; your work waits for the next sync.
    """
    from reader.store import sync_team

    with open_store(settings, create=True) as store, steps(3) as advance:
        report = sync_team(store, url, on_step=advance)
    if report.pulled is None:
        _echo_safe(f"{report.url}: nothing new")
    else:
        for line in _merge_summary(report.pulled):
            _echo_safe(line)
    _echo_safe(_push_summary(report))
    if report.pushed.not_yours:
        _echo_safe(
            f"note: {_plural(report.pushed.not_yours, 'annotation')} by other names stay "
            f"here: your team name is '{report.role}' (reader --author {report.role})"
        )


# -- articles that change: refresh, orphans, conflicts (issue 11 part 4; docs/web.md) ----


def _refresh_summary(report: RefreshReport) -> str:
    if not report.changed:
        return f"unchanged (version {report.version})"
    return (
        f"updated to version {report.version}: {report.reanchored} re-anchored, "
        f"{_plural(report.orphans, 'orphan')}, {report.rechecks} to re-check"
    )


@cli.command(
    "refresh",
    epilog="""\b
Examples:
  reader refresh --all
  reader refresh 3f2a 9c1b
  reader orphans                 annotations whose words are gone
""",
)
@shared_options
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@click.option("--all", "every", is_flag=True, help="Every article that has a URL.")
def refresh_command(settings: Settings, articles: tuple[str, ...], every: bool) -> None:
    """Fetch articles again; keep a new version when the text changed.

    ARTICLE is an id or id prefix (an article from a file is read from that
    file again). When the text changed, the new version becomes the current
    one under the same id (every version is kept) and each annotation is
    placed on its words in the new text: by its exact words, then their
    context, then a close match. Placed on different words, it becomes
    needs-recheck (see reader rechecks); not found, or found twice with no
    context to choose, it becomes an orphan (see reader orphans). Prints,
    per article: unchanged, or the new version and "N re-anchored, M
    orphans, K to re-check". An article that cannot be fetched keeps its
    state, the others go on; the exit code is then 1. A refresh clears the
    article's undo history (u).
    """
    from reader import web

    if every == bool(articles):
        raise ReaderError("name the articles to refresh, or --all (not both)")
    with open_store(settings, create=False) as store:
        ids = web.web_articles(store) if every else [store.get_article(a).id for a in articles]
        with _http_client() as client:
            outcomes = web.refresh_articles(store, ids, client)
    for outcome in outcomes:
        head = f"{outcome.article_id}  {outcome.title}"
        if outcome.report is None:
            _echo_safe(f"{head}: failed: {outcome.error}")
        else:
            _echo_safe(f"{head}: {_refresh_summary(outcome.report)}")
    failed = [o for o in outcomes if o.report is None]
    if failed:
        raise ReaderError(
            f"{_plural(len(failed), 'article')} of {len(outcomes)} could not be refreshed "
            "(the others were)"
        )


@cli.command(
    "orphans",
    epilog="""\b
Examples:
  reader orphans
  reader orphans --article 3f2a --json
""",
)
@shared_options
@click.option("--article", "article_ref", metavar="ID", help="Only this article (id or prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def orphans_command(settings: Settings, article_ref: str | None, as_json: bool) -> None:
    """List orphans: annotations that could not be placed in a new text.

    A refresh (or a merge) keeps an annotation whose words are gone, or occur
    twice with no context to choose, as an orphan: its tag, words and context
    as they were, why it was not placed, and when. In the reader, O lists them.
    """
    with open_store(settings, create=False) as store:
        article_id = None if article_ref is None else store.get_article(article_ref).id
        items = store.list_orphans(article_id)
    if as_json:
        click.echo(json.dumps([asdict(o) for o in items], ensure_ascii=False, indent=2))
        return
    for o in items:
        _echo_safe(f"{o.id[:8]}  {o.tag}  article {o.article_id}: {_flat(o.reason)}")
        _echo_safe(f"  was: “{_flat(o.exact)}” ({o.status})")
        _echo_safe(f"  context: “…{_flat(o.prefix)}[…]{_flat(o.suffix)}…”")
        _echo_safe(f"  from {o.source} at {o.recorded_at}")
    click.echo(f"{_plural(len(items), 'orphan')}", err=True)


@cli.command(
    "conflicts",
    epilog="""\b
Examples:
  reader conflicts
  reader conflicts --article 3f2a --json
""",
)
@shared_options
@click.option("--article", "article_ref", metavar="ID", help="Only this article (id or prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def conflicts_command(settings: Settings, article_ref: str | None, as_json: bool) -> None:
    """List conflicts: versions of annotations that lost a merge, kept.

    Per conflict: its number, the annotation, the file and time of the merge,
    and each field in which it differs from the current version. In the
    reader, C lists them and settles each one.
    """
    with open_store(settings, create=False) as store:
        article_id = None if article_ref is None else store.get_article(article_ref).id
        items = []
        for c in store.list_conflicts(article_id):
            try:
                current = store.get_annotation(c.annotation_id)
            except NotFoundError:
                current = None
            items.append((c, conflict_changes(c, current)))
    if as_json:
        records = [
            {
                **asdict(c),
                "changes": [{"field": f, "current": a, "other": b} for f, a, b in changes],
            }
            for c, changes in items
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for c, changes in items:
        _echo_safe(
            f"{c.id}  {c.annotation_id[:8]}  {c.tag}  article {c.article_id}: "
            f"from {c.source} at {c.recorded_at}"
        )
        for field, mine, theirs in changes:
            _echo_safe(f"  {field}: {_flat(str(mine))} here, {_flat(str(theirs))} in the other")
    click.echo(f"{_plural(len(items), 'conflict')}", err=True)


def main(argv: list[str] | None = None) -> Any:
    """The click command line (the console command, reader/launch.py, runs it for
    anything but a bare ``reader``)."""
    return cli.main(args=argv, prog_name="reader")
