"""Exporters: annotation rows (from ``Store.iter_export_rows``) to CSV or JSON Lines.

Both writers stream: each row is written as it arrives, so memory does not
grow with the number of annotations. ``atomic_output`` writes a file through a
temporary sibling that is renamed into place only on success.

CSV follows RFC 4180 (CRLF line endings, minimal quoting, UTF-8, header row)
and is *spreadsheet safe*: a text cell that a spreadsheet would read as a
formula gets a leading apostrophe. JSON Lines keeps every value exactly as
stored (``null`` for missing values).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal

__all__ = [
    "EXPORT_COLUMNS",
    "FORMATS",
    "ExportFormat",
    "atomic_output",
    "spreadsheet_safe",
    "write_csv",
    "write_export",
    "write_jsonl",
]

EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "article_id",
    "article_title",
    "section",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "tag",
    "speaker",
    "status",
    "note",
    "author",
    "created_at",
    "updated_at",
)

ExportFormat = Literal["csv", "jsonl"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl")

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Prefix ``value`` with an apostrophe when a spreadsheet would treat it as a formula."""
    if value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    """A row value as a CSV cell: ``None`` -> empty, text made spreadsheet safe,
    numbers untouched."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write ``rows`` as CSV (header first) to the text stream ``out``; return the row count.

    ``out`` should be opened with ``newline=""`` so the CRLF line endings pass unchanged.
    """
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in EXPORT_COLUMNS])
        count += 1
    return count


# Built once: json.dumps with keyword arguments makes a new encoder for every call.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write ``rows`` as JSON Lines (one object per line, raw values) to ``out``; return
    the row count."""
    encode = _JSON_ENCODER.encode
    count = 0
    for row in rows:
        out.write(encode({column: row.get(column) for column in EXPORT_COLUMNS}) + "\n")
        count += 1
    return count


_WRITERS = {"csv": write_csv, "jsonl": write_jsonl}


def write_export(rows: Iterable[Mapping[str, Any]], out: IO[str], fmt: ExportFormat) -> int:
    """Write ``rows`` to ``out`` in format ``fmt`` ("csv" or "jsonl"); return the row count."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    return writer(rows, out)


def _file_mode(target: Path) -> int:
    """The permission bits the output file should get: those of the file it replaces,
    else what ``open()`` would give a new file (0o666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Open a UTF-8 text stream whose content replaces ``path`` only if the block succeeds.

    The data goes to a temporary file in the same directory (so the final rename
    is atomic); on any exception the temporary file is removed and ``path`` is
    left as it was. An ``OSError`` names ``path``, not the temporary file.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    mode = _file_mode(target)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError) and exc.filename in (None, tmp_name):
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
