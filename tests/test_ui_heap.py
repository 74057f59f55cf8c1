"""The C library's heap (reader/ui/heap.py): glibc told to map large blocks apart and
share two heaps at start, and to give freed pages back after big work; nothing elsewhere."""

from __future__ import annotations

import ctypes
import sys

import pytest

from reader.ui import heap


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[int, ...]]]:
    made: list[tuple[str, tuple[int, ...]]] = []

    class FakeLibrary:
        def __getattr__(self, name: str) -> object:
            return lambda *args: made.append((name, args)) or 1

    monkeypatch.setattr(ctypes, "CDLL", lambda _name: FakeLibrary())
    monkeypatch.setattr(sys, "platform", "linux")
    return made


def test_tune_heap_sets_the_mmap_threshold_and_two_arenas(calls: list) -> None:
    heap.tune_heap()
    # glibc's M_MMAP_THRESHOLD (-3) and M_ARENA_MAX (-8)
    assert calls == [("mallopt", (-3, 128 * 1024)), ("mallopt", (-8, 2))]


def test_give_back_freed_memory_trims_every_heap(calls: list) -> None:
    heap.give_back_freed_memory()
    assert calls == [("malloc_trim", (0,))]


def test_elsewhere_nothing_is_called(calls: list, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    heap.tune_heap()
    heap.give_back_freed_memory()
    assert calls == []
