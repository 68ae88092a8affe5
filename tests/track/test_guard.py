"""The address guard, proven where a bug cannot leak: a loopback-only network namespace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from redline.errors import InputError
from redline.track.guard import normalize_host, origin_of, parse_origin

HERE = Path(__file__).parent


def test_redirects_to_private_addresses_are_refused_in_a_loopback_only_namespace() -> None:
    src = HERE.parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
    script = f"ip link set lo up && exec {sys.executable} {HERE / 'netns_guard.py'}"
    proc = subprocess.run(
        ["unshare", "-rn", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 10 and all(line.startswith("ok") for line in lines), proc.stdout


def test_origins_are_normalised_and_exact() -> None:
    assert parse_origin("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert parse_origin("HTTP://Intranet.Example.") == "http://intranet.example:80"
    assert parse_origin("https://[::ffff:7f00:1]") == "https://127.0.0.1:443"
    assert origin_of("http://2130706433:8765/x?y") == "http://127.0.0.1:8765"
    assert normalize_host("0x7f.1") == "127.0.0.1"
    for bad in ("127.0.0.1:8765", "ftp://x", "http://x/path", "http://u@x"):
        with pytest.raises(InputError):
            parse_origin(bad)
