"""The `reader` command line, run in-process with click's CliRunner.

The Textual app is replaced by a recording fake, so no test starts a UI.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from cli_helpers import (
    MARKDOWN,
    SEED_FIRST_SENTENCE,
    SEED_SECTIONS,
    AnnotatedDb,
    FakeApp,
    assert_one_line_error,
    fake_app_factory,
    make_annotated_db,
    parse_csv,
    run,
)

import reader
import reader.cli
import reader.cli_open
from reader.io.export import EXPORT_COLUMNS


@pytest.fixture(autouse=True)
def isolated_default_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Never touch the real per-user database: the default lives in tmp_path."""
    default = tmp_path / "default" / "reader.db"
    monkeypatch.delenv("READER_DB", raising=False)
    monkeypatch.setattr(reader.cli, "default_db_path", lambda: default)
    return default


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> list[FakeApp]:
    """Replace reader.ui.app.create_app with a fake; the list collects each app made."""
    calls: list[FakeApp] = []
    import reader.ui.app

    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(calls))
    return calls


@pytest.fixture
def seed_file() -> Path:
    """The bundled seed article as a file path."""
    folder = resources.files("reader.seeds")
    (name,) = [p.name for p in folder.iterdir() if p.name.endswith(".txt")]
    return Path(str(folder / name))


@pytest.fixture
def md_file(tmp_path: Path) -> Path:
    path = tmp_path / "council.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> AnnotatedDb:
    return make_annotated_db(tmp_path / "annotated.db")


def article_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


# --- help and version ---------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert reader.__version__ in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["open", "--help"],
        ["import", "--help"],
        ["articles", "--help"],
        ["outline", "--help"],
        ["export", "--help"],
    ],
)
def test_every_command_has_help_with_examples(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output
    assert "reader" in result.output.split("Examples:")[1]


def test_export_does_not_import_textual(db: AnnotatedDb, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from reader.cli import main\n"
        "try:\n"
        f"    main(['export', '--db', {str(db.path)!r}, '-o', {str(tmp_path / 'o.csv')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o.csv").exists()


# --- open (the default command) ------------------------------------------------------------


def test_bare_reader_opens_the_seed(apps: list[FakeApp], isolated_default_db: Path) -> None:
    result = run()
    assert result.exit_code == 0, result.output + result.stderr
    (app,) = apps
    assert app.ran
    assert app.article_title and app.article_title.startswith("Israel mounted")
    assert isolated_default_db.exists()


def test_bare_reader_parses_the_seed_the_first_time_only(
    apps: list[FakeApp], isolated_default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Start-up (issue 12): the bundled article is found by the hash of its text.
    from reader.store import Store

    parses: list[int] = []
    real_load_seed = reader.cli_open.load_seed
    monkeypatch.setattr(
        reader.cli_open, "load_seed", lambda *args: parses.append(1) or real_load_seed(*args)
    )
    for _ in range(2):
        result = run()
        assert result.exit_code == 0, result.output + result.stderr
    first, again = apps
    assert first.article_id is not None and again.article_id == first.article_id
    assert again.article_title == first.article_title
    assert parses == [1]
    with Store.open(isolated_default_db) as store:
        (entry,) = store.library_entries()
        assert entry.id == first.article_id and entry.read_at is not None


def test_bare_reader_pauses_garbage_collection_until_the_app_resumes_it(
    monkeypatch: pytest.MonkeyPatch, isolated_default_db: Path
) -> None:
    """Start-up (issue 12): Textual is imported and the app built without collections
    (ReaderApp.run resumes them at the first frame); after the command they run."""
    import gc

    import reader.ui.app

    seen: list[bool] = []

    class App:
        def run(self) -> None:
            seen.append(gc.isenabled())

    monkeypatch.setattr(reader.ui.app, "create_app", lambda *args, **kwargs: App())
    assert gc.isenabled()
    try:
        result = run()
        assert result.exit_code == 0, result.output + result.stderr
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "order",
    [
        ["--db", "{db}", "{file}"],
        ["{file}", "--db", "{db}"],
        ["open", "{file}", "--db", "{db}"],
        ["--db", "{db}", "open", "{file}"],
    ],
)
def test_open_file_with_db_anywhere(
    apps: list[FakeApp], tmp_path: Path, md_file: Path, order: list[str]
) -> None:
    db_path = tmp_path / "x.db"
    args = [a.format(db=db_path, file=md_file) for a in order]
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    assert apps[0].ran and apps[0].article_title == "Council votes on the bridge"
    assert db_path.exists()


def test_bare_reader_with_db_only(apps: list[FakeApp], tmp_path: Path) -> None:
    result = run("--db", tmp_path / "x.db")
    assert result.exit_code == 0, result.output + result.stderr
    assert apps[0].ran and (tmp_path / "x.db").exists()


def test_open_same_content_twice_reopens_same_article(
    apps: list[FakeApp], tmp_path: Path, md_file: Path
) -> None:
    copy = tmp_path / "copy.md"
    copy.write_bytes(md_file.read_bytes())
    db_path = tmp_path / "x.db"
    assert run("--db", db_path, md_file).exit_code == 0
    assert run("--db", db_path, copy).exit_code == 0
    assert apps[0].article_id == apps[1].article_id
    assert article_count(db_path) == 1


def test_reader_db_envvar(apps: list[FakeApp], tmp_path: Path, md_file: Path) -> None:
    env_db = tmp_path / "env.db"
    result = run(md_file, env={"READER_DB": str(env_db)})
    assert result.exit_code == 0, result.stderr
    assert env_db.exists()
    # An explicit --db (group or subcommand) beats the environment.
    flag_db = tmp_path / "flag.db"
    assert run("--db", flag_db, "import", md_file, env={"READER_DB": str(env_db)}).exit_code == 0
    sub_db = tmp_path / "sub.db"
    result = run("--db", flag_db, "import", md_file, "--db", sub_db)
    assert result.exit_code == 0
    assert flag_db.exists() and sub_db.exists()


def test_author_option(apps: list[FakeApp], tmp_path: Path, md_file: Path) -> None:
    db_path = tmp_path / "x.db"
    assert run("--db", db_path, "--author", "group", md_file).exit_code == 0
    assert (
        run("--author", "group", "open", md_file, "--db", db_path, "--author", "sub").exit_code == 0
    )
    assert [a.store_author for a in apps] == ["group", "sub"]


def test_author_defaults_to_login_name(
    apps: list[FakeApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "loginname")
    monkeypatch.setenv("LOGNAME", "loginname")
    assert run("--db", tmp_path / "x.db").exit_code == 0
    assert apps[0].store_author == "loginname"


def test_ctrl_c_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, apps: list[FakeApp]
) -> None:
    def interrupted(self: FakeApp) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(FakeApp, "run", interrupted)
    result = run("--db", tmp_path / "x.db")
    assert result.exit_code == 130
    assert result.stderr == "" and "Traceback" not in result.output


def test_app_return_code_is_the_exit_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, apps: list[FakeApp]
) -> None:
    monkeypatch.setattr(FakeApp, "return_code", 3, raising=False)
    result = run("--db", tmp_path / "x.db")
    assert apps[0].ran
    assert result.exit_code == 3


# --- the console command: a bare `reader` without click (start-up, issue 12) ---------------

#: Runs the console command's entry point (reader.launch:main) with the given arguments,
#: the Textual app replaced by a fake that prints what it was made with (or raises).
CONSOLE = """
import gc, os, sys
import reader.ui.app

class App:
    def __init__(self, store, article_id):
        self.title = store.get_article(article_id).title if article_id else None
    def run(self):
        if os.environ.get("FAKE_APP_RAISES"):
            raise RuntimeError("boom")
        print("parsed:", "reader.io.plaintext" in sys.modules, "app on", self.title,
              "click imported:", "click" in sys.modules, "collecting:", gc.isenabled())

reader.ui.app.create_app = lambda store, article_id, **kwargs: App(store, article_id)
sys.argv = ["reader", *sys.argv[1:]]
from reader.launch import main
sys.exit(main())
"""


def console(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CONSOLE, *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def test_console_command_opens_the_seed_without_click(tmp_path: Path) -> None:
    db = tmp_path / "reader.db"
    done = console(env={"READER_DB": str(db)})
    assert done.returncode == 0, done.stderr
    # the bundled article read from its structure file, not parsed
    assert done.stdout.startswith("parsed: False app on Israel mounted"), done.stdout
    # and the garbage collector paused (the real app resumes it at its first frame)
    assert done.stdout.rstrip().endswith("click imported: False collecting: False"), done.stdout
    assert article_count(db) == 1  # READER_DB is the database, as for `reader --db`


def test_console_command_hands_any_argument_to_click(tmp_path: Path) -> None:
    done = console("--version", env={})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"reader, version {reader.__version__}"
    db = tmp_path / "other.db"
    done = console("--db", db, env={"READER_DB": str(tmp_path / "not-this.db")})
    assert done.returncode == 0, done.stderr
    assert "click imported: True collecting: False" in done.stdout  # paused by open_reader
    assert article_count(db) == 1 and not (tmp_path / "not-this.db").exists()


def test_console_command_reports_errors_as_the_cli_does(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    bare = console(env={"READER_DB": str(folder)})
    with_click = console("--db", folder, env={})
    assert bare.returncode == with_click.returncode == 1
    assert bare.stderr == with_click.stderr
    assert bare.stderr.startswith("reader: error: cannot open ") and bare.stdout == ""


def test_console_command_reports_a_bug_as_the_cli_does(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    env = {"READER_DB": str(tmp_path / "r.db"), "READER_LOG_DIR": str(logs), "FAKE_APP_RAISES": "1"}
    for done in (console(env=env), console("open", env=env)):
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("reader: internal error: RuntimeError: boom (details in ")
        assert len(done.stderr.splitlines()) == 1
    assert len(list(logs.iterdir())) == 2


def test_console_command_opens_a_file_without_click(tmp_path: Path, md_file: Path) -> None:
    db = tmp_path / "reader.db"
    done = console(md_file, env={"READER_DB": str(db)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("parsed: True app on Council votes on the bridge"), done.stdout
    assert done.stdout.rstrip().endswith("click imported: False collecting: False"), done.stdout
    again = console(md_file, env={"READER_DB": str(db)})  # a reopen: found, not parsed
    assert again.stdout.startswith("parsed: False app on Council votes"), again.stdout
    assert article_count(db) == 1


#: What the console command imports before its first screen, with OpenSSL kept out.
WITHOUT_OPENSSL = """
import sys
from reader.launch import OPENSSL_MODULES, import_without_openssl
import_without_openssl()
import hashlib
import reader.cli_open, reader.ui.app, reader.ui.screens.reader_screen, reader.suggest
loaded = [name for name in OPENSSL_MODULES if name in sys.modules]
with open("/proc/self/maps") as maps:
    libraries = sorted({line.split("/")[-1].strip() for line in maps if "libcrypto" in line})
print(loaded, libraries, hashlib.sha256(b"abc").hexdigest())
import ssl  # importable again, for an https fetch
print("ssl", ssl.OPENSSL_VERSION_INFO >= (1,), "_ssl" in sys.modules)
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
def test_the_console_command_imports_asyncio_and_hashlib_without_openssl() -> None:
    # OpenSSL's library is ~3.5 MB resident that the reader never uses (issue 12)
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_OPENSSL], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    sha256_of_abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert first == f"[] [] {sha256_of_abc}"  # Python's own SHA-256, the same digest
    assert second == "ssl True True"


def test_console_command_leaves_commands_and_non_files_to_click(
    tmp_path: Path, md_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click

    from reader.launch import COMMANDS

    group = reader.cli.cli
    assert set(group.list_commands(click.Context(group))) == COMMANDS
    env = {"READER_DB": str(tmp_path / "r.db")}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").write_text("A file named as a command.\n")
    done = console("articles", env=env)  # the command, as click routes it
    assert done.returncode == 1 and "click imported" not in done.stdout
    assert done.stderr.startswith("reader: error: no database at ")  # (`articles` says so)
    folder = tmp_path / "folder"
    folder.mkdir()
    for args in ((folder,), (md_file, "--author", "x"), ("missing.txt",), ("exprot",)):
        done = console(*args, env=env)
        assert "click imported: False" not in done.stdout, (args, done.stdout)


def test_console_command_reports_a_file_error_as_the_cli_does(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Title\n" + b"\x01\x02\x03\x04" * 10)
    env = {"READER_DB": str(tmp_path / "r.db")}
    bare = console(binary, env=env)
    with_click = console("open", binary, env=env)
    assert bare.returncode == with_click.returncode == 1
    assert bare.stderr == with_click.stderr
    assert bare.stderr.startswith("reader: error: ") and "binary" in bare.stderr


# --- import and articles -------------------------------------------------------------------


def test_import_twice_gives_same_id(tmp_path: Path, md_file: Path, seed_file: Path) -> None:
    db_path = tmp_path / "x.db"
    first = run("--db", db_path, "import", md_file, seed_file)
    assert first.exit_code == 0, first.stderr
    lines = first.output.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("Council votes on the bridge")
    second = run("import", md_file, "--db", db_path)
    assert second.exit_code == 0
    assert second.output.split()[0] == lines[0].split()[0]
    assert second.output.rstrip().endswith("(already imported)")
    assert article_count(db_path) == 2


def test_import_one_bad_file_imports_nothing(tmp_path: Path, md_file: Path) -> None:
    db_path = tmp_path / "x.db"
    result = run("--db", db_path, "import", md_file, tmp_path / "missing.txt")
    assert_one_line_error(result, contains="missing.txt")
    assert not db_path.exists()


def test_articles_lists_annotation_counts(db: AnnotatedDb) -> None:
    result = run("articles", "--db", db.path)
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert len(lines) == 2
    (seed_line,) = [line for line in lines if line.startswith(db.seed_id)]
    assert "4 annotations" in seed_line  # the deleted one is not counted
    assert "Israel mounted" in seed_line

    data = json.loads(run("--db", db.path, "articles", "--json").output)
    by_id = {item["id"]: item for item in data}
    assert by_id[db.seed_id]["annotation_count"] == 4
    assert by_id[db.other_id]["annotation_count"] == 1
    assert by_id[db.other_id]["title"] == "Council votes on the bridge"
    assert {"id", "title", "source", "annotation_count", "imported_at"} <= set(by_id[db.other_id])


def test_articles_output_is_terminal_safe(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    body = "A long ordinary paragraph that keeps control characters a small minority. " * 5
    evil.write_text(f"Title \x1b]0;owned\x07with \x1b[31mred\x1b[0m text.\n\n{body}\n")
    db_path = tmp_path / "x.db"
    imported = run("--db", db_path, "import", evil)
    assert imported.exit_code == 0, imported.stderr
    listed = run("--db", db_path, "articles")
    for output in (imported.output, listed.output):
        assert "\x1b" not in output and "\x07" not in output
        assert "red text" in output


# --- outline --------------------------------------------------------------------------------


def test_outline_seed_text(seed_file: Path) -> None:
    result = run("outline", seed_file)
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert lines[0].startswith("Israel mounted")
    assert len(lines) == 1 + 4
    for line, title in zip(lines[1:], SEED_SECTIONS, strict=True):
        assert title in line
        assert "paragraph" in line and "sentence" in line
    assert "'Alive" not in result.output  # display titles, quote marks removed


def test_outline_seed_json(seed_file: Path, tmp_path: Path) -> None:
    result = run("outline", "--json", seed_file)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    assert [s["display_title"] for s in data["sections"]] == SEED_SECTIONS
    assert data["sections"][0]["title"] is None
    assert data["sections"][2]["title"] == "'Alive and kicking'"
    assert data["sections"][0]["sentences"][0]["text"] == SEED_FIRST_SENTENCE
    assert "’" in result.output  # ensure_ascii=False
    assert not list(tmp_path.glob("**/*.db"))  # outline never touches a database


def test_outline_markdown(md_file: Path) -> None:
    text = run("outline", md_file)
    assert text.exit_code == 0, text.stderr
    assert text.output.splitlines()[0] == "Council votes on the bridge"
    data = json.loads(run("outline", md_file, "--json").output)
    titles = [s["display_title"] for s in data["sections"]]
    assert "What the mayor said" in titles and "Money" in titles
    sentences = [x["text"] for s in data["sections"] for x in s["sentences"]]
    assert "The council met on Tuesday." in sentences
    assert "It voted 7 to 2 to rebuild the bridge." in sentences
    money = next(s for s in data["sections"] if s["display_title"] == "Money")
    assert money["paragraphs"] == 1
    assert [x["text"] for x in money["sentences"]] == ["The bridge costs 4 million euros."]


# --- export ---------------------------------------------------------------------------------


def test_export_csv_to_stdout(db: AnnotatedDb) -> None:
    result = run("export", "--db", db.path)
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(",".join(EXPORT_COLUMNS).encode() + b"\r\n")  # exact order, CRLF
    assert raw.endswith(b"\r\n")
    rows = parse_csv(raw.decode("utf-8"))
    live = ("claim", "quote", "at", "displaced", "other")
    assert {r["id"] for r in rows} == {db.ids[k] for k in live}
    claim = next(r for r in rows if r["id"] == db.ids["claim"])
    assert claim["exact"] == "Israel"
    assert claim["tag"] == "claim" and claim["author"] == "tester"
    assert claim["article_id"] == db.seed_id
    assert int(claim["end"]) - int(claim["start"]) == 6
    assert claim["speaker"] == "" and claim["note"] == ""
    assert claim["section"] == ""  # the lead has no title in exports
    displaced = next(r for r in rows if r["id"] == db.ids["displaced"])
    assert displaced["section"] == "Displaced again"
    assert displaced["exact"] == "Israeli troops"


def test_export_formula_injection(db: AnnotatedDb) -> None:
    rows = {r["id"]: r for r in parse_csv(run("--db", db.path, "export").output)}
    quote, at = rows[db.ids["quote"]], rows[db.ids["at"]]
    assert quote["note"] == '\'=HYPERLINK("http://evil.example","click")'
    assert quote["speaker"] == "'+1"
    assert at["speaker"] == "'@x"

    lines = run("--db", db.path, "export", "--format", "jsonl").output.splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    assert len(records) == 5
    assert records[db.ids["quote"]]["note"] == '=HYPERLINK("http://evil.example","click")'
    assert records[db.ids["quote"]]["speaker"] == "+1"
    assert records[db.ids["at"]]["speaker"] == "@x"
    assert records[db.ids["claim"]]["note"] is None
    assert list(records[db.ids["claim"]]) == list(EXPORT_COLUMNS)
    assert isinstance(records[db.ids["claim"]]["start"], int)


def test_export_filters(db: AnnotatedDb) -> None:
    by_tag = parse_csv(run("--db", db.path, "export", "--tag", "quote").output)
    assert {r["id"] for r in by_tag} == {db.ids["quote"], db.ids["at"]}
    by_article = parse_csv(run("export", "--article", db.other_id, "--db", db.path).output)
    assert [r["id"] for r in by_article] == [db.ids["other"]]
    prefix = db.other_id[:-1]
    both = parse_csv(run("export", "--db", db.path, "--article", prefix, "--tag", "quote").output)
    assert both == []


def test_export_to_file(db: AnnotatedDb, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "claims.csv"
    result = run("export", "--db", db.path, "-o", target, "--tag", "claim")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "3 annotations" in result.stderr
    rows = parse_csv(target.read_bytes().decode("utf-8"))
    assert {r["id"] for r in rows} == {db.ids[k] for k in ("claim", "displaced", "other")}
    assert os.listdir(out_dir) == ["claims.csv"]

    jsonl = out_dir / "all.jsonl"
    assert run("export", "--db", db.path, "--format", "jsonl", "-o", jsonl).exit_code == 0
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 5


def test_export_empty_database_has_header_only(tmp_path: Path, md_file: Path) -> None:
    db_path = tmp_path / "x.db"
    assert run("--db", db_path, "import", md_file).exit_code == 0
    result = run("--db", db_path, "export")
    assert result.exit_code == 0
    assert parse_csv(result.output) == []


# --- bad input: one line on stderr, exit 1, database untouched ------------------------------


def test_usage_error_is_click_style(tmp_path: Path) -> None:
    result = run("export", "--format", "xml", "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def bad_file(tmp_path: Path, kind: str) -> Path:
    """A file that the importer must refuse."""
    path = tmp_path / f"bad-{kind}.txt"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"PK\x03\x04\x00\x00binary\x00\x00data")
    elif kind == "invalid-utf8":
        path.write_bytes(b"Caf\xe9 au lait is sold here.\n")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        path.write_bytes(b"  \n\n\t\n")
    return path


BAD_FILES = ["missing", "directory", "binary", "invalid-utf8", "empty", "blank"]


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command", [[], ["open"], ["import"], ["outline"]])
def test_bad_file_new_db(
    tmp_path: Path, apps: list[FakeApp], kind: str, command: list[str]
) -> None:
    db_path = tmp_path / "x.db"
    path = bad_file(tmp_path, kind)
    db_args = ["--db", str(db_path)] if command != ["outline"] else []
    assert_one_line_error(run(*db_args, *command, path))
    assert not db_path.exists()
    assert apps == []


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command", [[], ["import"]])
def test_bad_file_existing_db_unchanged(
    db: AnnotatedDb, tmp_path: Path, apps: list[FakeApp], kind: str, command: list[str]
) -> None:
    before = db.path.read_bytes()
    assert_one_line_error(run("--db", db.path, *command, bad_file(tmp_path, kind)))
    assert db.path.read_bytes() == before
    assert apps == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("A sentence.\n")
    path.chmod(0)
    assert_one_line_error(run("--db", tmp_path / "x.db", "import", path))
    assert not (tmp_path / "x.db").exists()


def test_not_a_sqlite_database(tmp_path: Path, md_file: Path, apps: list[FakeApp]) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("just some text, not SQLite\n" * 20)
    before = not_db.read_bytes()
    for args in (["import", md_file], [md_file], ["export"], ["articles"]):
        assert_one_line_error(run("--db", not_db, *args))
    assert not_db.read_bytes() == before
    assert apps == []


def test_foreign_sqlite_database(tmp_path: Path, md_file: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = foreign.read_bytes()
    assert_one_line_error(run("--db", foreign, "import", md_file))
    assert foreign.read_bytes() == before


def test_database_from_newer_version(db: AnnotatedDb, md_file: Path) -> None:
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA user_version = 9999")
    conn.commit()
    conn.close()
    before = db.path.read_bytes()
    for args in (["import", md_file], ["export"], ["articles"]):
        assert_one_line_error(run("--db", db.path, *args))
    assert db.path.read_bytes() == before


def test_unwritable_database_path(tmp_path: Path, md_file: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    assert_one_line_error(run("--db", a_file / "x.db", "import", md_file))
    assert_one_line_error(run("--db", tmp_path, "import", md_file))  # a directory


@pytest.mark.parametrize("command", [["export"], ["articles"], ["export", "-o", "out.csv"]])
def test_read_commands_do_not_create_a_database(
    tmp_path: Path, isolated_default_db: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "missing.db"
    assert_one_line_error(run("--db", missing, *command), contains=str(missing))
    assert not missing.exists()
    assert_one_line_error(run(*command))
    assert not isolated_default_db.exists()
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("args", "contains"),
    [
        (["--article", "nope"], "no article"),
        (["--tag", "no-such-tag"], "no tag"),
        (["--article", "nope", "-o", "{tmp}/out.csv"], "no article"),
        (["--tag", "no-such-tag", "-o", "{tmp}/out.csv"], "no tag"),
    ],
)
def test_export_unknown_article_or_tag(
    db: AnnotatedDb, tmp_path: Path, args: list[str], contains: str
) -> None:
    before = db.path.read_bytes()
    args = [a.format(tmp=tmp_path) for a in args]
    assert_one_line_error(run("export", "--db", db.path, *args), contains=contains)
    assert db.path.read_bytes() == before
    assert not (tmp_path / "out.csv").exists()


def test_export_unwritable_output(db: AnnotatedDb, tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    target = a_file / "out.csv"
    assert_one_line_error(run("export", "--db", db.path, "-o", target), contains=str(target))
    a_dir = tmp_path / "a-dir"
    a_dir.mkdir()
    assert_one_line_error(run("export", "--db", db.path, "-o", a_dir), contains="directory")
    assert os.listdir(a_dir) == []


def test_error_messages_are_terminal_safe(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[2Jname\nnext.txt"
    for args in (
        ["outline", name],
        ["export", "--db", name],
        ["--db", name.parent, "import", name],
    ):
        line = assert_one_line_error(run(*args))
        assert "\x1b" not in line and "evilname" in line
