"""The rules version is a hash of the rule sources: it changes with any rule or word list."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.suggest import RULES_VERSION
from reader.suggest.version import MODEL_SOURCES, rule_files, rules_version

SUGGEST = Path(__file__).resolve().parent.parent / "reader" / "suggest"
MODEL = SUGGEST.parent / "model"


def _copy_rules(tmp_path: Path) -> tuple[Path, Path]:
    suggest_dir = tmp_path / "suggest"
    model_dir = tmp_path / "model"
    shutil.copytree(SUGGEST, suggest_dir, ignore=shutil.ignore_patterns("__pycache__"))
    model_dir.mkdir()
    for name in MODEL_SOURCES:
        if (MODEL / name).is_file():
            shutil.copy(MODEL / name, model_dir / name)
    return suggest_dir, model_dir


def test_rules_version_is_the_hash_of_the_rule_files() -> None:
    assert rules_version(rule_files()) == RULES_VERSION
    names = [path.name for path in rule_files()]
    assert "speakers.py" in names and "segment.py" in names
    assert "__pycache__" not in names


def test_rules_version_fits_the_integer_column_and_never_equals_a_hand_written_one() -> None:
    assert 5 < RULES_VERSION < 2**63


def test_a_changed_rule_file_changes_the_version(tmp_path: Path) -> None:
    suggest_dir, model_dir = _copy_rules(tmp_path)
    before = rules_version(rule_files(suggest_dir, model_dir))
    assert before == RULES_VERSION  # a copy of the same files: the same version
    rule = suggest_dir / "subjects.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    assert rules_version(rule_files(suggest_dir, model_dir)) != before


def test_a_changed_segmentation_or_lexicon_changes_the_version(tmp_path: Path) -> None:
    suggest_dir, model_dir = _copy_rules(tmp_path)
    before = rules_version(rule_files(suggest_dir, model_dir))
    for path in sorted(model_dir.iterdir()):
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert rules_version(rule_files(suggest_dir, model_dir)) != before
        path.write_bytes(original)
    assert rules_version(rule_files(suggest_dir, model_dir)) == before


def test_a_new_data_file_changes_the_version_and_pycache_does_not(tmp_path: Path) -> None:
    suggest_dir, model_dir = _copy_rules(tmp_path)
    before = rules_version(rule_files(suggest_dir, model_dir))
    (suggest_dir / "__pycache__").mkdir()
    (suggest_dir / "__pycache__" / "names.cpython-311.pyc").write_bytes(b"\0compiled")
    assert rules_version(rule_files(suggest_dir, model_dir)) == before
    (suggest_dir / "extra_words.txt").write_text("mayor\n", encoding="utf-8")
    assert rules_version(rule_files(suggest_dir, model_dir)) != before


def test_line_endings_do_not_change_the_version(tmp_path: Path) -> None:
    suggest_dir, model_dir = _copy_rules(tmp_path)
    before = rules_version(rule_files(suggest_dir, model_dir))
    path = suggest_dir / "quotes.py"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert rules_version(rule_files(suggest_dir, model_dir)) == before
