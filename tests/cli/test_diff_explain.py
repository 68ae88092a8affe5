"""``redline diff`` shows the explained summary under the counts (text and HTML)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tests.conftest import ROOT, SEED_NEW, SEED_OLD

from redline.cli.main import cli

GOLD_TYPO = ROOT / "tests" / "data" / "gold" / "11_typography_only"
SEED_SUMMARY = (
    "4 quote sentences added; new section 'Warholm reclaims world title as pole vaulters "
    "share gold' (12 sentences); new detail in 2 sentences; 'More to follow.' removed; "
    "photo caption removed; 3 sentences reworded"
)


def run(*args: str):
    return CliRunner().invoke(cli, ["diff", *args])


def test_text_output_has_counts_then_the_explained_summary():
    r = run(str(SEED_OLD), str(SEED_NEW), "--no-color")
    assert r.exit_code == 1
    head = " ".join(r.output.split("\n\n")[0].split())
    assert head.startswith("4 sentences edited, 16 added, 2 deleted, 1 split")
    assert SEED_SUMMARY in head


def test_json_contract_is_unchanged():
    r = run(str(SEED_OLD), str(SEED_NEW), "--format", "json")
    data = json.loads(r.output)
    assert data["summary"] == "4 sentences edited, 16 added, 2 deleted, 1 split"
    assert "explain" not in data


def test_html_page_shows_the_explained_summary():
    r = run(str(SEED_OLD), str(SEED_NEW), "--format", "html")
    assert "4 quote sentences added; new section" in r.output


def test_typography_only_adds_no_line():
    r = run(str(GOLD_TYPO / "old.txt"), str(GOLD_TYPO / "new.txt"), "--no-color")
    assert r.exit_code == 0
    assert r.output.split("\n")[1] == ""  # the counts line stands alone
