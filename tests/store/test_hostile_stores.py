"""Unusable, damaged, foreign, newer, read-only and unreachable stores.

Each case runs the real ``redline`` command in a child process against real
files, real SQLite and the real PostgreSQL server: exit status 2, one clear line
on standard error, no traceback, and the store left exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from redline.errors import InputError, StoreError
from redline.store import Observation, Store, database_url
from redline.store.engine import CONNECT_TIMEOUT_S
from redline.store.integrity import check_integrity
from redline.store.migrate import HEAD, KNOWN
from tests.conftest import SEED_DIR
from tests.store.cli_proc import assert_trouble, redline
from tests.store.dbs import throwaway_pg

DAMAGE_URL = "https://damage.test/news/unique-article-zzzz"
T0 = datetime(2024, 5, 1, 12, tzinfo=UTC)
SUPPORTED = ("sqlite:///", "postgresql://")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(store: Store) -> None:
    from redline.ingest.run import ingest

    assert ingest(store, [str(SEED_DIR)]).ok
    store.record_version(
        Observation.from_text(
            "A first sentence of the damaged story.\nA second one.", url=DAMAGE_URL, seen_at=T0
        )
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the seed story (two versions) and one article with a URL."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite3"
    with Store.open(str(path)) as store:
        fill(store)
    assert not Path(f"{path}-wal").exists()  # everything is in the file itself
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


def copy_of(template: Path, tmp_path: Path, name: str = "store.sqlite3") -> Path:
    dest = tmp_path / name
    shutil.copyfile(template, dest)
    return dest


def set_revision_sqlite(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()


# ------------------------------------------------------------- not a store at all


@pytest.mark.parametrize(
    "content",
    [b"hello\n", b'{"url": "https://x.test/a", "text": "Hi."}\n' * 50, b"\0" * 4096],
    ids=["text", "jsonl", "zeros"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    tmp_path: Path, home: Path, content: bytes
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    for args in (["articles"], ["ingest", str(SEED_DIR)], ["history", "kerr"]):
        result = redline(*args, "--db", str(path), home=home)
        assert_trouble(result, str(path), "not a Redline store")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.txt"]


def test_a_directory_is_refused(tmp_path: Path, home: Path) -> None:
    assert_trouble(redline("articles", "--db", str(tmp_path), home=home), "is a directory")


def test_a_sqlite_database_of_another_program_is_not_taken_over(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    con.close()
    before = sha(path)
    assert_trouble(
        redline("ingest", str(SEED_DIR), "--db", str(path), home=home),
        "moz_places",
        "not a Redline store",
    )
    assert sha(path) == before
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"moz_places"}


# ------------------------------------------------------------- damaged SQLite files


@pytest.mark.parametrize("keep", [50, 100, 4096, 0.5, -4096], ids=lambda k: f"keep{k}")
def test_a_truncated_store_is_reported_and_left_alone(
    template: Path, tmp_path: Path, home: Path, keep: float
) -> None:
    data = template.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(data[:cut])
    for args in (["articles"], ["ingest", str(SEED_DIR)]):
        assert_trouble(redline(*args, "--db", str(path), home=home), "malformed", "damaged")
    health = redline("health", "--db", str(path), "--format", "json", home=home)
    assert health.returncode == 2, health.stderr
    assert "Traceback" not in health.stderr
    report = json.loads(health.stdout)
    assert report["integrity"]["checked"] and not report["integrity"]["ok"]
    assert report["integrity"]["problems"]
    assert path.read_bytes() == data[:cut]


def overwrite_pages(path: Path, pages: list[int], seed: int = 7) -> None:
    """Overwrite whole pages with noise, as a disk fault or a stray write would."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    rng = random.Random(seed)
    for page in pages:
        data[page * size : (page + 1) * size] = rng.randbytes(size)
    path.write_bytes(bytes(data))


def test_health_finds_overwritten_pages(template: Path, tmp_path: Path, home: Path) -> None:
    path = copy_of(template, tmp_path)
    pages = path.stat().st_size // 4096
    overwrite_pages(path, [pages // 3, pages // 2, pages - 2])
    before = sha(path)

    text_run = redline("health", "--db", str(path), home=home)
    assert text_run.returncode == 2, (text_run.stdout, text_run.stderr)
    assert "Traceback" not in text_run.stderr
    assert "store integrity (quick check): DAMAGED" in text_run.stdout

    json_run = redline("health", "--db", str(path), "--format", "json", home=home)
    assert json_run.returncode == 2
    integrity = json.loads(json_run.stdout)["integrity"]
    assert integrity["mode"] == "quick" and integrity["checked"]
    assert not integrity["ok"] and integrity["problems"]
    assert sha(path) == before  # the check never writes


def damage_an_index(path: Path) -> None:
    """Change the article's URL in its table row only: the URL index still has the old
    one. Pages stay well-formed, so only the full check can see it."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    needle = DAMAGE_URL.encode()
    start = 0
    while (at := data.find(needle, start)) >= 0:
        page = at // size
        kind = data[page * size + (100 if page == 0 else 0)]
        if kind == 0x0D:  # a leaf page of a table b-tree
            data[at + len(needle) - 1] = ord("y")
            path.write_bytes(bytes(data))
            return
        start = at + 1
    raise AssertionError("the URL is not in a table page")


def test_full_check_finds_an_index_that_disagrees_with_its_table(
    template: Path, tmp_path: Path, home: Path
) -> None:
    path = copy_of(template, tmp_path)
    damage_an_index(path)

    quick = check_integrity(str(path))
    assert quick.checked and quick.mode == "quick" and quick.ok  # pages are fine
    full = check_integrity(str(path), full=True)
    assert full.mode == "full" and not full.ok
    assert any("ix_articles_url" in p for p in full.problems), full.problems

    result = redline("health", "--db", str(path), "--full-check", "--format", "json", home=home)
    assert result.returncode == 2, result.stderr
    integrity = json.loads(result.stdout)["integrity"]
    assert integrity["mode"] == "full" and not integrity["ok"]
    assert any("ix_articles_url" in p for p in integrity["problems"])
    default = redline("health", "--db", str(path), home=home)
    assert "store integrity (quick check): ok" in default.stdout, default.stdout


def test_health_of_a_sound_store(template: Path, tmp_path: Path, home: Path) -> None:
    path = copy_of(template, tmp_path)
    result = redline("health", "--db", str(path), "--full-check", home=home)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stdout.startswith("store integrity (full check): ok")
    assert "article(s) audited" in result.stdout


def test_health_of_a_store_not_made_yet(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "new.sqlite3"
    assert not check_integrity(str(path)).checked
    result = redline("health", "--db", str(path), home=home)
    assert result.returncode == 0, result.stderr
    assert "store integrity: not checked (no store file yet)" in result.stdout
    assert "0 article(s) audited" in result.stdout


def test_integrity_is_not_claimed_for_postgresql(pg_url: str) -> None:
    report = check_integrity(pg_url)
    assert not report.checked and report.ok and "pg_amcheck" in (report.note or "")
    assert report.to_dict()["checked"] is False


# ------------------------------------------------------------- schema revisions


def test_known_revisions_end_at_head() -> None:
    assert KNOWN[-1] == HEAD and len(KNOWN) == len(set(KNOWN)) >= 3


def test_a_store_from_a_newer_redline_is_refused_unchanged_sqlite(
    template: Path, tmp_path: Path, home: Path
) -> None:
    path = copy_of(template, tmp_path)
    set_revision_sqlite(path, "0099")
    before = sha(path)
    for args in (["articles"], ["ingest", str(SEED_DIR)], ["health"]):
        assert_trouble(
            redline(*args, "--db", str(path), home=home), "'0099'", "newer Redline", "Upgrade"
        )
    with pytest.raises(StoreError, match="0099"):
        Store.open(str(path))
    assert sha(path) == before
    assert not Path(f"{path}.migrate-lock").exists()


def pg_state(url: str) -> tuple[str | None, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        articles = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    engine.dispose()
    return revision, articles


def set_revision_pg(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


@pytest.mark.postgres
def test_a_store_from_a_newer_redline_is_refused_unchanged_postgresql(home: Path) -> None:
    with throwaway_pg() as url:
        with Store.open(url) as store:
            fill(store)
        set_revision_pg(url, "0099")
        for args in (["articles"], ["ingest", str(SEED_DIR)]):
            assert_trouble(redline(*args, "--db", url, home=home), "'0099'", "Upgrade Redline")
        assert pg_state(url) == ("0099", 2)


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_recorded_revision_behind_the_tables_is_explained(
    kind: str, template: Path, tmp_path: Path, home: Path
) -> None:
    if kind == "sqlite":
        path = copy_of(template, tmp_path)
        set_revision_sqlite(path, "0002")
        before = sha(path)
        assert_trouble(
            redline("articles", "--db", str(path), home=home), "0002", "behind its tables"
        )
        assert sha(path) == before
        return
    with throwaway_pg() as url:
        with Store.open(url) as store:
            fill(store)
        set_revision_pg(url, "0002")
        result = redline("ingest", str(SEED_DIR), "--db", url, home=home)
        stderr = assert_trouble(result, "from schema revision 0002", "behind its tables")
        assert "DuplicateTable" not in stderr
        with pytest.raises(StoreError, match="nothing was changed"):
            Store.open(url)
        assert pg_state(url) == ("0002", 2)  # rolled back: the revision and the data as they were


# ------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("postgresql://u@[::1/x", "bad host or port"),
        ("mysql://u@localhost/news", "mysql:// databases are not supported"),
        ("mysql+pymysql://u:pw@localhost/news", "not supported"),
        ("foo://", "foo:// databases are not supported"),
        ("foo://bar/baz", "not supported"),
        ("postgresql+psycopg2://u@localhost/x", "psycopg 3"),
        ("sqlite+aiosqlite:///x.db", "not supported"),
        ("://nothing", "not a database URL"),
    ],
)
def test_a_bad_or_unsupported_url_names_the_supported_kinds(url: str, why: str, home: Path) -> None:
    with pytest.raises(InputError, match="postgresql://") as caught:
        database_url(url)
    assert why in str(caught.value)
    stderr = assert_trouble(redline("articles", "--db", url, home=home), why, *SUPPORTED)
    assert ":pw@" not in stderr  # no password echoed
    assert list(home.iterdir()) == []


def test_a_password_in_an_unreadable_url_is_not_shown(home: Path) -> None:
    stderr = assert_trouble(
        redline("articles", "--db", "postgresql://me:s3cret@[::1/x", home=home), "me:***@"
    )
    assert "s3cret" not in stderr


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared"]
)
def test_an_in_memory_store_is_refused(url: str, home: Path) -> None:
    assert_trouble(
        redline("ingest", str(SEED_DIR), "--db", url, home=home),
        "in-memory database",
        "lost",
        *SUPPORTED,
    )
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_store_location_is_refused(value: str, home: Path) -> None:
    assert_trouble(
        redline("ingest", str(SEED_DIR), "--db", value, home=home), "store location is empty"
    )
    assert list(home.iterdir()) == []  # nothing created in the working directory


def test_an_empty_environment_setting_means_the_default_store(home: Path) -> None:
    result = redline("articles", home=home, env={"REDLINE_DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert (home / "redline.sqlite3").exists()


# ------------------------------------------------------------- PostgreSQL timeouts


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        server.close()
        assert accepted, "nothing ever connected to the silent server"


def test_a_silent_server_times_out_by_default(silent_server: int, home: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{silent_server}/redline"
    started = time.monotonic()
    result = redline("articles", "--db", url, home=home, timeout=60)
    elapsed = time.monotonic() - started
    assert_trouble(result, "timeout expired", "connect_timeout")
    assert CONNECT_TIMEOUT_S - 1 <= elapsed < CONNECT_TIMEOUT_S + 20


def test_the_connect_timeout_is_configurable(silent_server: int, home: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{silent_server}/redline?connect_timeout=2"
    started = time.monotonic()
    result = redline("articles", "--db", url, home=home, timeout=60)
    elapsed = time.monotonic() - started
    assert_trouble(result, "timeout expired")
    assert elapsed < CONNECT_TIMEOUT_S - 2


@pytest.mark.postgres
def test_statement_timeout_default_and_configured(pg_url: str) -> None:
    with Store.open(pg_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "5min"
        params = conn.connection.dbapi_connection.info.get_parameters()  # type: ignore[union-attr]
        assert params["connect_timeout"] == str(CONNECT_TIMEOUT_S)
    with Store.open(f"{pg_url}?statement_timeout=750") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "750ms"


@pytest.mark.postgres
def test_a_stuck_statement_is_cancelled(home: Path) -> None:
    with throwaway_pg() as url:
        with Store.open(url) as store:
            fill(store)
        blocker = create_engine(url)
        with blocker.connect() as conn:
            conn.execute(text("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE"))  # held: no commit
            started = time.monotonic()
            result = redline("articles", "--db", f"{url}?statement_timeout=500", home=home)
            elapsed = time.monotonic() - started
            conn.rollback()
        blocker.dispose()
        assert_trouble(result, "statement timeout", "statement_timeout=")
        assert elapsed < 30
        assert pg_state(url)[1] == 2


# ------------------------------------------------------------- read-only stores


@pytest.fixture(params=["file", "directory"])
def read_only_store(
    request: pytest.FixtureRequest, template: Path, tmp_path: Path
) -> Iterator[Path]:
    """The template store, read-only: the file (444), or the file and its directory (555)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = copy_of(template, folder)
    path.chmod(0o444)
    if request.param == "directory":
        folder.chmod(0o555)
    try:
        yield path
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_a_read_only_store_can_be_read(read_only_store: Path, home: Path) -> None:
    path, before = read_only_store, sha(read_only_store)
    db = ["--db", str(path)]

    def run(*args: str) -> tuple[int, str]:
        result = redline(*args, *db, home=home, as_unprivileged=True)
        assert "Traceback" not in result.stderr and not result.stderr.strip(), result.stderr
        return result.returncode, result.stdout

    status, out = run("articles", "--format", "json")
    assert status == 0 and {a["url"] for a in json.loads(out)} >= {DAMAGE_URL}
    status, out = run("history", "kerr")
    assert status == 0 and "Kerr" in out
    status, out = run("show", "kerr", "--version", "1")
    assert status == 0 and "Ingebrigtsen" in out
    status, out = run("diff", "kerr", "--from", "1", "--to", "2", "--format", "json")
    assert status == 1 and json.loads(out)["alignment"]
    status, out = run("blame", "kerr")
    assert status == 0 and out.strip()
    status, out = run("stats", "--format", "json")
    assert status == 0 and json.loads(out)
    status, out = run("health")
    assert status == 0 and "store integrity (quick check): ok" in out

    refused = redline("ingest", str(SEED_DIR), *db, home=home, as_unprivileged=True)
    assert_trouble(refused, "read-only")
    assert sha(path) == before


def test_a_read_only_store_that_needs_an_upgrade_says_so(
    template: Path, tmp_path: Path, home: Path
) -> None:
    path = copy_of(template, tmp_path)
    set_revision_sqlite(path, KNOWN[-2])  # as if made by the Redline before this one
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = redline("articles", "--db", str(path), home=home, as_unprivileged=True)
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
    assert_trouble(result, "read-only", KNOWN[-2], "write access")
