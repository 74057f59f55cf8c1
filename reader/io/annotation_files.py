"""Reading annotation exports back: CSV, JSON Lines and W3C Web Annotation JSON-LD.

:func:`read_annotation_file` streams *records* (dicts with the keys of
:data:`RECORD_KEYS`) out of a file written by ``reader export``, with the
spreadsheet-safety apostrophes of a CSV undone. A row that cannot be read is
yielded as a :class:`BadRow` (and later counted as skipped); a file that
cannot be read at all raises :class:`AnnotationFileError` with a one-line
message. Checking the records against the database is the store's job
(``Store.import_annotations``).

CSV and JSON Lines are read line by line (memory stays flat); a W3C file is
one JSON document and is parsed whole. A CSV cell may hold up to
:data:`MAX_CELL_CHARS` characters (a longer one refuses the file before it is
read whole); JSON nested too deeply for the parser is a bad row (JSON Lines) or
an unreadable file (W3C), never a crash.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

from reader.io.export import spreadsheet_unsafe
from reader.io.w3c import W3CFormatError, iter_w3c_annotations, record_from_w3c
from reader.model.files import not_regular_file
from reader.model.records import MAX_CELL_CHARS, RECORD_KEYS, BadRow

__all__ = [
    "IMPORT_FORMATS",
    "MAX_CELL_CHARS",
    "RECORD_KEYS",
    "AnnotationFileError",
    "BadRow",
    "ImportFormat",
    "detect_format",
    "read_annotation_file",
]

ImportFormat = Literal["csv", "jsonl", "w3c"]
IMPORT_FORMATS: tuple[ImportFormat, ...] = ("csv", "jsonl", "w3c")

_REQUIRED_KEYS = frozenset(RECORD_KEYS) - {"deleted_at"}
#: CSV cells that stand for a missing value when empty (CSV cannot tell "" from missing).
_NULLABLE = frozenset({"speaker", "note", "deleted_at"})
_INTEGERS = frozenset({"start", "end"})
_SNIFF_BYTES = 64 * 1024
#: Characters read at a time from a CSV line longer than this.
_CHUNK_CHARS = 1 << 20
#: What the JSON parser raises for nesting deeper than the interpreter's stack allows.
_TOO_DEEP = "JSON nested too deeply"


class AnnotationFileError(Exception):
    """The file as a whole cannot be read (one-line message naming the file)."""


def _fail(path: Path, reason: str) -> AnnotationFileError:
    return AnnotationFileError(f"{path}: {reason}")


def _check_regular(path: Path) -> None:
    """Refuse a FIFO, a device ... before opening it (a read would block or never end)."""
    if problem := not_regular_file(path):
        raise AnnotationFileError(problem)


def detect_format(path: Path) -> ImportFormat:
    """Guess the format from the start of the file: ``[`` or a JSON-LD object is W3C,
    another JSON object on the first line (or an empty file) is JSON Lines,
    anything else CSV. The first line of a file starting with ``{`` is read whole,
    however long (a JSON Lines record can be longer than the first 64 KiB)."""
    _check_regular(path)
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and b"\n" not in head:
                head += f.readline()
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from exc
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text:
        return "jsonl"  # an export of no annotations as JSON Lines is an empty file
    if text.startswith("["):
        return "w3c"
    if text.startswith("{"):
        first_line = text.split("\n", 1)[0]
        try:
            first = json.loads(first_line)
        except RecursionError:
            return "jsonl"  # one whole value on the line, too deep to read: a bad row
        except ValueError:
            return "w3c"  # a JSON document over several lines
        if isinstance(first, dict) and ("@context" in first or "type" in first):
            return "w3c"
        return "jsonl"
    return "csv"


def read_annotation_file(path: Path, fmt: ImportFormat | None = None) -> Iterator[Any]:
    """Records (dicts) and :class:`BadRow` s from an export file, in file order.

    ``fmt`` None detects it (:func:`detect_format`). Raises
    :class:`AnnotationFileError` when the file cannot be read at all: missing,
    not UTF-8, a CSV without the export's columns, a W3C file that is not JSON; a FIFO,
    a device or anything else that is not a regular file is refused at once.
    """
    fmt = detect_format(path) if fmt is None else fmt
    _check_regular(path)  # now, not at the first record: before any database is opened
    return _records(path, fmt)


def _records(path: Path, fmt: ImportFormat) -> Iterator[Any]:
    """The records of ``path`` read as ``fmt``; read errors as AnnotationFileError."""
    readers = {"csv": _read_csv, "jsonl": _read_jsonl, "w3c": _read_w3c}
    try:
        yield from readers[fmt](path)
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text (byte {exc.start})") from exc
    except csv.Error as exc:
        raise _fail(path, f"unreadable CSV: {exc}") from exc
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from exc


def _read_csv(path: Path) -> Iterator[Any]:
    limit = csv.field_size_limit(MAX_CELL_CHARS)  # the module's limit is global: restored
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from _csv_records(path, f)
    finally:
        csv.field_size_limit(limit)


def _csv_records(path: Path, f: IO[str]) -> Iterator[Any]:
    lines = _CsvLines(f, path)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        missing = sorted(_REQUIRED_KEYS - set(header or ()))
        if header is None or missing:
            raise _fail(
                path, f"not a reader CSV export (missing columns: {', '.join(missing) or 'all'})"
            )
        width = lines.width = len(header)
        keep = [(i, name) for i, name in enumerate(header) if name in RECORD_KEYS]
        unsafe = spreadsheet_unsafe
        for row in reader:
            if len(row) != width:
                if row:  # a blank line is not a row
                    yield BadRow(f"line {reader.line_num}", f"{len(row)} cells, not {width}")
                continue
            record: dict[str, Any] = {}
            for i, name in keep:
                cell = row[i]
                if name in _INTEGERS:
                    record[name] = int(cell) if cell.isascii() and cell.isdigit() else cell
                elif not cell and name in _NULLABLE:
                    record[name] = None
                else:
                    record[name] = unsafe(cell) if "'" in cell else cell
            yield record
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            raise
        raise _fail(path, _too_long(lines.number)) from None


def _too_long(line: int) -> str:
    return f"line {line}: a cell is longer than {MAX_CELL_CHARS:,} characters (the limit)"


class _CsvLines:
    """The physical lines of a CSV file for ``csv.reader``, each whole, read with a bound.

    A line is read :data:`_CHUNK_CHARS` at a time; one longer than that is scanned
    as it comes (quotes, and commas outside them) and the file is refused as soon as
    one of its cells must be longer than :data:`MAX_CELL_CHARS` (a quoted cell is at
    most twice its value plus two quotes) or it has more cells than the header: a
    1 GB cell costs a few times the limit, not the gigabyte. ``csv.reader``'s own
    field limit checks the exact length of the cells it is given.
    """

    def __init__(self, f: IO[str], path: Path) -> None:
        self._readline = f.readline
        self._path = path
        self._quoted = False  # a quoted cell goes on from the line before
        self.number = 0  # physical lines read
        self.width: int | None = None  # cells a row has (the header's), once known

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = self._readline(_CHUNK_CHARS)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) < _CHUNK_CHARS or line[-1] in "\r\n":  # almost every line
            self._quoted ^= bool(line.count('"') & 1)
            return line
        return self._long_line(line)

    def _long_line(self, chunk: str) -> str:
        raw_cap = 2 * MAX_CELL_CHARS + 2
        parts: list[str] = []
        cell = 0  # raw characters of the cell being read (from this line on)
        commas = 0  # cell separators seen on this line
        quoted = self._quoted
        while chunk:
            parts.append(chunk)
            for i, piece in enumerate(chunk.split('"')):
                if i:
                    quoted = not quoted
                    cell += 1
                if quoted or "," not in piece:
                    cell += len(piece)
                else:
                    cells = piece.split(",")
                    commas += len(cells) - 1
                    cell = max(cell + len(cells[0]), *map(len, cells[1:-1]), 0)
                    if cell <= raw_cap:
                        cell = len(cells[-1])
                if cell > raw_cap:
                    raise _fail(self._path, _too_long(self.number))
            if self.width is not None and commas >= self.width:
                raise _fail(self._path, f"line {self.number}: more cells than the header has")
            if chunk[-1] in "\r\n":
                break
            chunk = self._readline(_CHUNK_CHARS)
        self._quoted = quoted
        return "".join(parts)


def _read_jsonl(path: Path) -> Iterator[Any]:
    loads = json.loads
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            try:
                record = loads(line)
            except RecursionError:
                yield BadRow(f"line {number}", _TOO_DEEP)
                continue
            except ValueError:
                if line.strip():
                    yield BadRow(f"line {number}", "not a JSON object")
                continue
            if type(record) is not dict:
                yield BadRow(f"line {number}", "not a JSON object")
                continue
            yield record


def _read_w3c(path: Path) -> Iterator[Any]:
    with path.open(encoding="utf-8-sig") as f:
        try:
            document = json.load(f)
        except RecursionError:
            raise _fail(path, f"not a JSON document ({_TOO_DEEP})") from None
        except ValueError as exc:
            raise _fail(path, f"not a JSON document ({exc})") from exc
    try:
        annotations = list(iter_w3c_annotations(document))
    except W3CFormatError as exc:
        raise _fail(path, str(exc)) from exc
    for number, annotation in enumerate(annotations, start=1):
        try:
            yield record_from_w3c(annotation)
        except W3CFormatError as exc:
            yield BadRow(f"item {number}", str(exc))
