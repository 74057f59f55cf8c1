"""The path checks in reader/model/files.py that every reader and writer of user files uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.model.files import not_regular_file, replaceable_target


def test_a_missing_output_file_is_allowed(tmp_path: Path) -> None:
    assert replaceable_target(tmp_path / "new.csv") == (tmp_path / "new.csv").resolve()


def test_a_symbolic_link_is_followed_to_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert replaceable_target(link) == real.resolve()


def test_a_directory_is_refused_by_its_given_name(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught:
        replaceable_target(tmp_path)
    assert caught.value.filename == os.fspath(tmp_path)


def test_a_fifo_is_refused_and_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        replaceable_target(fifo)
    assert not_regular_file(fifo) == f"{fifo}: not a regular file (a FIFO)"


def test_a_regular_file_is_no_reason_to_refuse(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_text("x", encoding="utf-8")
    assert not_regular_file(plain) is None
    assert not_regular_file(tmp_path / "missing") is None
