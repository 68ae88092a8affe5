"""``redline history --only/--min-significance`` over a stored six-version story."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from tests.cli.test_blame_stats import db  # noqa: F401  (fixture)

from redline.cli.main import cli

URL = "https://news.example/ashford-floods"


def versions(*args: str, db_path: str) -> list[int]:
    result = CliRunner().invoke(cli, ["history", URL, "--db", db_path, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [v["version"] for v in json.loads(result.output)["versions"]]


def test_no_filter_lists_every_version(db):  # noqa: F811
    assert versions(db_path=db) == [1, 2, 3, 4, 5, 6]


def test_only_facts_and_quotes(db):  # noqa: F811
    assert versions("--only", "facts", db_path=db) == [3]  # 03:00 → 02:30
    assert versions("--only", "quotes", db_path=db) == [2, 3, 5]
    assert versions("--only", "corrections", db_path=db) == []


def test_min_significance(db):  # noqa: F811
    assert versions("--min-significance", "0.7", db_path=db) == [3]
    assert 1 not in versions("--min-significance", "0.01", db_path=db)  # no change in v1


def test_text_format_and_unknown_class(db):  # noqa: F811
    result = CliRunner().invoke(cli, ["history", URL, "--db", db, "--only", "facts"])
    assert result.exit_code == 0
    assert [m.group(1) for m in re.finditer(r"^\s+v(\d+)", result.output, re.M)] == ["3"]
    result = CliRunner().invoke(cli, ["history", URL, "--db", db, "--only", "gossip"])
    assert result.exit_code == 2
    assert "unknown change class 'gossip'" in result.output
