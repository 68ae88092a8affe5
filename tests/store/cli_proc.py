"""Run the real ``redline`` entry point in a child process (what a user runs).

The child imports Redline from this tree's ``src``. ``as_unprivileged`` makes file
permissions apply even when the tests run as root: the child loses the
capabilities that let root ignore them (``setpriv``), so a read-only file is
read-only to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "import sys; from redline.cli.main import main; sys.argv[0] = 'redline'; main()"


def redline_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDLINE_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env["REDLINE_HOME"] = str(home)
    env.update(extra)
    return env


def unprivileged_prefix() -> list[str]:
    """A command prefix under which file permissions apply (empty when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test file permissions as root"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def redline(
    *args: str,
    home: Path,
    env: dict[str, str] | None = None,
    as_unprivileged: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    prefix = unprivileged_prefix() if as_unprivileged else []
    return subprocess.run(
        [*prefix, sys.executable, "-c", ENTRY, *args],
        env={**redline_env(home), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=home,
    )


def assert_trouble(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit status 2, one clear line on stderr naming *needles*, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("redline: "), result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    return result.stderr
