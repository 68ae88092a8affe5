"""The watcher keeps a degraded capture as a sighting, never a version, and
``redline health`` lists it (real newsroom on 127.0.0.1, real SQLite store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redline.cli.main import cli
from redline.newsroom import Newsroom
from redline.newsroom.script import ScriptedArticle, StaticScript, Version
from redline.store import Store

from ..track.test_watch_e2e import Harness

pytestmark = pytest.mark.slow

FULL = tuple(
    f"Paragraph {i} of the ferry story tells readers something new about the night service."
    for i in range(10)
)
V1 = Version(headline="Harbour ferry to run through the night from May", blocks=FULL)
COLLAPSED = Version(headline=V1.headline, blocks=FULL[:2])  # the template broke


def test_degraded_capture_is_kept_listed_and_never_a_version(tmp_path: Path) -> None:
    article = ScriptedArticle(
        slug="harbour-ferry", section="local", timeline=((0, V1), (1, COLLAPSED), (2, V1))
    )
    script = StaticScript([article])
    db = tmp_path / "watch.sqlite3"
    store = Store.open(f"sqlite:///{db}")
    try:
        with Newsroom(script) as room:
            h = Harness(room, store)
            h.run(range(0, 3))
            url = room.base_url + article.path
        assert any(e.kind == "suspect" for e in h.events), h.events
        versions = store.versions(url)
        assert len(versions) == 1 and versions[0].paragraphs == FULL
        kept = [c for c in store.captures(url) if c.raw_blob]
        assert len(kept) >= 2  # the degraded page is kept with its raw HTML
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["health", url, "--db", str(db), "--format", "json"])
    assert result.exit_code == 1, result.output
    (report,) = json.loads(result.output)["articles"]
    suspect = [i for i in report["items"] if i["kind"] == "suspect"]
    assert suspect and any("shrank" in r for r in suspect[0]["reasons"])
