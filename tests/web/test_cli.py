from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from redline.cli.main import cli
from redline.store import Observation, Store
from redline.web.accounts import ADMIN_HASH, ADMIN_USER
from redline.web.auth import verify_password
from redline.web.context import WebContext, WebSettings
from tests.store.dbs import pg_url
from tests.web.stories import T0

__all__ = ["pg_url"]


def test_admin_set_password_stores_a_hash(tmp_path: Path) -> None:
    db = tmp_path / "admin.sqlite3"
    result = CliRunner().invoke(
        cli,
        [
            "admin",
            "set-password",
            "--db",
            str(db),
            "--user",
            "editor",
            "--password",
            "a long passphrase",
        ],
    )
    assert result.exit_code == 0, result.output
    with Store.open(str(db)) as store:
        web = WebContext(store, WebSettings())
        stored = web.get_setting(ADMIN_HASH) or ""
        assert web.get_setting(ADMIN_USER) == "editor"
        assert stored.startswith("scrypt$") and "a long passphrase" not in stored
        assert verify_password("a long passphrase", stored)
        assert not verify_password("a long passphrasE", stored)
    short = CliRunner().invoke(cli, ["admin", "set-password", "--db", str(db), "--password", "x"])
    assert short.exit_code == 2 and "8 to 1024 characters" in short.output


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_serve_indexes_new_versions_in_the_background(tmp_path: Path, workers: int) -> None:
    db = tmp_path / "serve.sqlite3"
    url = "https://x.test/live"
    with Store.open(str(db)) as store:
        store.record_version(
            Observation.from_text("The toll is 3.", url=url, headline="Quake", seen_at=T0)
        )
    port = _port()
    redline = Path(sys.executable).parent / "redline"
    proc = subprocess.Popen(
        [
            str(redline),
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--interval",
            "0.3",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(proc, base)
        with Store.open(str(db)) as store:
            store.record_version(
                Observation.from_text(
                    "The toll is 9.", url=url, headline="Quake", seen_at=T0 + timedelta(hours=1)
                )
            )
        for _ in range(100):
            if "Quake" in httpx.get(base + "/", timeout=5).text:
                break
            time.sleep(0.2)
        home = httpx.get(base + "/", timeout=5).text
        assert "Quake" in home and "fact" in home.lower()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()


@pytest.mark.slow
def test_serve_with_workers_keeps_the_database_password_out_of_the_environment(
    pg_url: str,
) -> None:
    """Worker processes get the database URL from a private file, not the environment."""
    # Trust authentication ignores the password, so the server accepts this URL.
    secret = "s3cret-passphrase"
    before = set(Path(tempfile.gettempdir()).glob("redline-db-*.url"))
    url = pg_url.replace("postgres@", f"postgres:{secret}@", 1)
    assert secret in url
    port = _port()
    redline = Path(sys.executable).parent / "redline"
    proc = subprocess.Popen(
        [str(redline), "serve", "--db", url, "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(proc, base)
        group = os.getpgid(proc.pid)
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and _pgid(int(p)) == group]
        assert len(pids) >= 3  # the parent and two workers
        for pid in pids:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
            assert secret.encode() not in environ
            assert b"REDLINE_DATABASE_URL_FILE=" in environ or pid == proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    # The private file is gone once the server stops.
    assert set(Path(tempfile.gettempdir()).glob("redline-db-*.url")) - before == set()


def _wait_until_serving(proc: subprocess.Popen[bytes], base: str) -> None:
    """Wait for the server at *base* to answer; fail with its stderr if it never does."""
    for _ in range(150):
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    pytest.fail("server did not start: " + proc.communicate(timeout=30)[1].decode()[-2000:])


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None
