from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "examples" / "seed"
SEED_OLD = SEED_DIR / "001_288681e85a897712.txt"
SEED_NEW = SEED_DIR / "000_72713660520ad913.txt"


@pytest.fixture(scope="session")
def seed_texts() -> tuple[str, str]:
    return SEED_OLD.read_text(encoding="utf-8"), SEED_NEW.read_text(encoding="utf-8")


# Scripts run in their own process (in a loopback-only network namespace), not test modules.
collect_ignore = ["track/netns_guard.py"]
