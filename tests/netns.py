"""Running a check script where a bug cannot send a packet anywhere: a loopback-only
network namespace (``unshare -rn``, ``lo`` brought up), optionally with a hosts
file of its own (``unshare -rnm`` and a bind mount) to send public names to
127.0.0.1. The script prints one ``ok``/``FAIL`` line per check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_isolated(
    script: Path, paths: list[Path], *, hosts: Path | None = None, timeout: float = 180
) -> list[str]:
    """Run *script* with *paths* on ``PYTHONPATH`` in a loopback-only namespace;
    asserts it exits 0, and returns its output lines."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in paths)}
    setup = "ip link set lo up && "
    if hosts is not None:
        setup += f"mount --bind {hosts} /etc/hosts && "
    proc = subprocess.run(
        ["unshare", "-rnm" if hosts is not None else "-rn", "sh", "-c",
         f"{setup}exec {sys.executable} {script}"],
        env=env,
        cwd=script.parent if hosts is None else hosts.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.splitlines()
