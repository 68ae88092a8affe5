"""The real ``redline`` entry point: a closed pipe ends a command quietly, and no
traceback ever reaches the user."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import SEED_DIR, SEED_NEW, SEED_OLD
from tests.store.cli_proc import ENTRY, redline, redline_env

from redline.store import Store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from redline.ingest.run import ingest

    path = tmp_path_factory.mktemp("pipe") / "store.sqlite3"
    with Store.open(str(path)) as store:
        assert ingest(store, [str(SEED_DIR)]).ok
    return path


def closed_stdout(args: list[str], home: Path) -> tuple[int, str]:
    """Run redline with standard output a pipe nobody reads (its read end closed)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ENTRY, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=redline_env(home),
        cwd=home,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize(
    "args",
    [
        ["articles"],
        ["articles", "--format", "json"],
        ["history", "kerr"],
        ["show", "kerr", "--version", "2"],
        ["diff", "kerr", "--from", "1", "--to", "2"],
        ["health", "--format", "json"],
        ["diff", str(SEED_OLD), str(SEED_NEW)],
        ["diff", str(SEED_OLD), str(SEED_NEW), "--format", "html"],
    ],
    ids=lambda a: "-".join(x for x in a if not x.startswith("/"))[:40],
)
def test_a_closed_pipe_ends_quietly(args: list[str], store_path: Path, tmp_path: Path) -> None:
    files = args[0] == "diff" and "/" in args[1]
    db = [] if files else ["--db", str(store_path)]
    status, err = closed_stdout([*args, *db], tmp_path)
    assert err == "", err  # not "redline: Broken pipe", not a traceback
    assert status == 141  # 128 + SIGPIPE, what a shell shows for `cat` in the same place


def test_head_reads_the_first_line_and_nothing_is_said(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    lines = [f"Sentence number {i} of a long story about the council budget." for i in range(4000)]
    old.write_text("\n".join(lines))
    new.write_text("\n".join(line.replace("council", "city") for line in lines[::-1]))
    code = (
        f'"{sys.executable}" -c "{ENTRY}" diff "{old}" "{new}" --format json '
        f'| head -n 1; echo "status ${{PIPESTATUS[0]}}"'
    )
    result = subprocess.run(
        [bash, "-c", code], capture_output=True, text=True, env=redline_env(tmp_path), timeout=300
    )
    assert result.stderr == ""
    first, status = result.stdout.splitlines()
    assert first == "{"
    # 141 when a write fails once head has gone; a single large write that the kernel
    # cuts short is not an error to Python, and the command ends with its own status.
    assert status in ("status 141", "status 1")


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "redline_boom.py").write_text(
        "import click\n\n@click.command()\ndef boom():\n    {}['missing']\n"
    )
    entry = (
        "import sys; from redline.cli import main as m; "
        "m.COMMANDS['boom'] = 'redline_boom:boom'; sys.argv[0] = 'redline'; m.main()"
    )
    env = redline_env(tmp_path)
    env["PYTHONPATH"] = f"{tmp_path}:{env['PYTHONPATH']}"
    result = subprocess.run(
        [sys.executable, "-c", entry, "boom"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "redline: internal error: KeyError: 'missing' (run with -vv for details)"
    )
    verbose = subprocess.run(
        [sys.executable, "-c", entry, "-vv", "boom"], capture_output=True, text=True, env=env
    )
    assert verbose.returncode == 2 and "Traceback" in verbose.stderr  # asked for


def test_usage_errors_still_read_as_click_writes_them(tmp_path: Path) -> None:
    result = redline("history", home=tmp_path)
    assert result.returncode == 2
    assert "Missing argument" in result.stderr and "Traceback" not in result.stderr
    ok = redline("--version", home=tmp_path)
    assert ok.returncode == 0 and "redline" in ok.stdout
