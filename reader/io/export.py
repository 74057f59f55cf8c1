"""Exporters: annotation rows (from ``Store.iter_export_rows``) to CSV or JSON Lines.

Both writers stream: each row is written as it arrives, so memory does not
grow with the number of annotations. ``atomic_output`` writes a file through a
temporary sibling that is renamed into place only on success.

CSV follows RFC 4180 (CRLF line endings, minimal quoting, UTF-8, header row)
and is *spreadsheet safe*: a text cell that a spreadsheet would read as a
formula gets a leading apostrophe (``spreadsheet_safe``, the rule in
``reader.model.records``, where the store's SQL twin can use it too). JSON
Lines keeps every value exactly as stored (``null`` for missing values).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from reader.io.w3c import write_w3c
from reader.model.files import new_file_mode, replaceable_target, signals_held
from reader.model.records import (
    EXPORT_COLUMNS,
    FORMULA_TRIGGERS,
    MAX_CELL_CHARS,
    export_columns,
    spreadsheet_safe,
    spreadsheet_unsafe,
)

__all__ = [
    "EXPORT_COLUMNS",
    "FORMATS",
    "FORMULA_TRIGGERS",
    "CellTooLongError",
    "ExportFormat",
    "atomic_output",
    "export_columns",
    "resolve_output",
    "signals_held",
    "spreadsheet_safe",
    "spreadsheet_unsafe",
    "write_csv",
    "write_csv_cells",
    "write_export",
    "write_jsonl",
]

ExportFormat = Literal["csv", "jsonl", "w3c"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl", "w3c")


class CellTooLongError(ValueError):
    """A CSV cell longer than an import reads (``MAX_CELL_CHARS``): the export would
    not import back, so it is refused (JSON Lines has no such limit)."""


def _check_cells(row: Sequence[Any], columns: Sequence[str]) -> None:
    for column, cell in zip(columns, row, strict=False):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise CellTooLongError(
                f"annotation {row[0]}: its {column} is {len(cell):,} characters, and a CSV "
                f"cell holds at most {MAX_CELL_CHARS:,} (the import's limit); "
                "export with --format jsonl"
            )


def _csv_cell(value: Any) -> Any:
    """A row value as a CSV cell: ``None`` -> empty, text made spreadsheet safe,
    numbers untouched."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def write_csv(
    rows: Iterable[Mapping[str, Any]], out: IO[str], columns: Sequence[str] = EXPORT_COLUMNS
) -> int:
    """Write ``rows`` as CSV (header first) to the text stream ``out``; return the row count.

    ``out`` should be opened with ``newline=""`` so the CRLF line endings pass unchanged.
    """
    return write_csv_cells(
        ([_csv_cell(row.get(column)) for column in columns] for row in rows), out, columns
    )


def write_csv_cells(
    rows: Iterable[Sequence[Any]], out: IO[str], columns: Sequence[str] = EXPORT_COLUMNS
) -> int:
    """Write rows that are already CSV cells (spreadsheet safe, in ``columns`` order;
    ``None`` is an empty cell) after a header row; return the row count.

    The output is exactly ``csv.writer``'s (RFC 4180, minimal quoting, CRLF), but
    faster: ``csv.writer`` costs several microseconds a row, while most rows need
    no quoting at all. Such a row (no ``None``, and no comma, quote, CR or LF in
    any cell: its joined line has exactly one comma per separator) is written as
    ``",".join``; any other row goes through ``csv.writer``.
    ``Store.export_cells`` computes the cells in SQL. A cell longer than an import
    reads raises :class:`CellTooLongError` (every CSV export imports back).
    """
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    write, join, slow_row = out.write, ",".join, writer.writerow
    separators = len(columns) - 1
    count = 0
    for row in rows:
        count += 1
        if None in row:
            _check_cells(row, columns)
        else:
            line = join(map(str, row))
            if len(line) > MAX_CELL_CHARS:  # one comparison a row settles almost every row
                _check_cells(row, columns)
            if (
                line.count(",") == separators
                and '"' not in line
                and "\n" not in line
                and "\r" not in line
            ):
                write(line + "\r\n")
                continue
        slow_row(row)
    return count


# Built once: json.dumps with keyword arguments makes a new encoder for every call.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)


def write_jsonl(
    rows: Iterable[Mapping[str, Any]], out: IO[str], columns: Sequence[str] = EXPORT_COLUMNS
) -> int:
    """Write ``rows`` as JSON Lines (one object per line, raw values, keys ``columns``)
    to ``out``; return the row count."""
    encode = _JSON_ENCODER.encode
    count = 0
    for row in rows:
        out.write(encode({column: row.get(column) for column in columns}) + "\n")
        count += 1
    return count


def write_export(
    rows: Iterable[Mapping[str, Any]],
    out: IO[str],
    fmt: ExportFormat,
    columns: Sequence[str] = EXPORT_COLUMNS,
) -> int:
    """Write ``rows`` to ``out`` in format ``fmt`` ("csv", "jsonl" or "w3c"); return the
    row count. ``columns`` are the CSV columns / JSON keys (W3C has its own shape)."""
    if fmt == "csv":
        return write_csv(rows, out, columns)
    if fmt == "jsonl":
        return write_jsonl(rows, out, columns)
    if fmt == "w3c":
        return write_w3c(rows, out)
    raise ValueError(f"unknown export format {fmt!r}")


def _file_mode(target: Path) -> int:
    """The permission bits the output file should get: those of the file it replaces,
    else what ``open()`` would give a new file (0o666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return new_file_mode()


def resolve_output(path: str | os.PathLike[str]) -> Path:
    """Where an output file named ``path`` really goes (see
    :func:`reader.model.files.replaceable_target`: symbolic links followed; a directory,
    FIFO, device or socket refused with an ``OSError`` naming ``path``)."""
    return replaceable_target(path)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Open a UTF-8 text stream whose content replaces ``path`` only if the block succeeds.

    The data goes to a temporary file in the same directory (so the final rename
    is atomic); on any exception the temporary file is removed and ``path`` is
    left as it was. An ``OSError`` names ``path``, not the temporary file.
    A symbolic link is followed (the file it points to is replaced, the link
    kept); a FIFO, device or socket is refused (``OSError``), never replaced.
    """
    target = resolve_output(path)
    mode = _file_mode(target)
    tmp_name: str | None = None
    try:
        # Signals (SIGTERM, turned into an exception by the CLI) wait until the
        # temporary file's name is known, so its clean-up below always runs.
        with signals_held():
            try:
                fd, tmp_name = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
                )
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        if isinstance(exc, OSError) and exc.filename in (None, tmp_name):
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc
        raise
