"""load_article refuses bad input with one clear line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.io.importers import ArticleImportError, load_article


def expect_error(path: Path, *fragments: str) -> str:
    """Assert load_article fails with a one-line message naming ``path``."""
    with pytest.raises(ArticleImportError) as info:
        load_article(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nope.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    expect_error(tmp_path, "directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Text.", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 0 does not stop root
    expect_error(path, "cannot read", "Permission denied")


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    expect_error(path, "binary")


def test_mostly_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "data.md"
    path.write_bytes(bytes(range(1, 9)) * 20 + b"text")
    expect_error(path, "binary")


def test_invalid_utf8_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("First line.\nCaf\u00e9 society.".encode("latin-1"))
    expect_error(path, "UTF-8", "0xe9", "line 2", "column 4")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_whitespace(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    expect_error(path, "empty")


def test_markdown_with_only_a_title(tmp_path: Path) -> None:
    path = tmp_path / "only.md"
    path.write_text("# Just a title\n", encoding="utf-8")
    expect_error(path, "no article text")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHello there. Bye.".encode())
    article = load_article(path)
    assert article.text == "Hello there. Bye."
    assert article.source == str(path)


def test_suffix_decides_format(tmp_path: Path) -> None:
    body = "# Heading\n\nSome *text*.\n"
    as_text = tmp_path / "a.txt"
    as_md = tmp_path / "a.MARKDOWN"
    as_text.write_text(body, encoding="utf-8")
    as_md.write_text(body, encoding="utf-8")
    assert "*text*" in load_article(as_text).text
    assert load_article(as_md).text == "Some text."


@pytest.mark.parametrize("content", [b"...\n---\n***\n", b"2024 09 14\n---\n"])
def test_no_letters_at_all(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "punct.txt"
    path.write_bytes(content)
    expect_error(path, "no text")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_utf16_and_utf32_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("City's oldest bridge to close\n\nBy Maria Lopez\n".encode(encoding))
    expect_error(path, f"is {name}; save it as UTF-8")
