"""The address guard, proven where a bug cannot leak: a loopback-only network namespace."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.errors import InputError
from redline.track.guard import normalize_host, origin_of, parse_origin
from tests.netns import ROOT, run_isolated

HERE = Path(__file__).parent


def test_redirects_to_private_addresses_are_refused_in_a_loopback_only_namespace() -> None:
    lines = run_isolated(HERE / "netns_guard.py", [ROOT / "src", HERE])
    assert len(lines) == 10 and all(line.startswith("ok") for line in lines), lines


def test_origins_are_normalised_and_exact() -> None:
    assert parse_origin("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert parse_origin("HTTP://Intranet.Example.") == "http://intranet.example:80"
    assert parse_origin("https://[::ffff:7f00:1]") == "https://127.0.0.1:443"
    assert origin_of("http://2130706433:8765/x?y") == "http://127.0.0.1:8765"
    assert normalize_host("0x7f.1") == "127.0.0.1"
    for bad in ("127.0.0.1:8765", "ftp://x", "http://x/path", "http://u@x"):
        with pytest.raises(InputError):
            parse_origin(bad)
