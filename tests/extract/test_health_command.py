"""``redline health`` on a real SQLite store: suspect captures and disputed versions."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from redline.cli.main import cli
from redline.extract import extract_article
from redline.store import Observation, Store

from .corpus import Capture, all_captures

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def _observation(
    cap: Capture, raw: bytes, seen_at: datetime, text_of: Capture | None = None
) -> Observation:
    e = extract_article(raw if text_of is None else text_of.raw, url=cap.url)
    return Observation(
        paragraphs=e.paragraphs,
        url=cap.url,
        seen_at=seen_at,
        headline=e.headline,
        standfirst=e.standfirst,
        extractor=e.extractor,
        extractor_version=e.extractor_version,
        raw=raw,
        raw_type="text/html",
        origin=f"test:{cap.template}",
    )


def test_health_lists_false_versions_and_suspect_captures(tmp_path: Path) -> None:
    db = str(tmp_path / "redline.db")
    sequences = all_captures()
    ferry = sequences[0]  # table2008 v1 -> portal2014 v1 (a redesign, no edit) -> v2
    clean = sequences[1]
    with Store.open(db) as store:
        store.record_version(_observation(ferry[0], ferry[0].raw, T0))
        # recorded without the decision: the redesign's artefacts made a second version
        r = store.record_version(_observation(ferry[1], ferry[1].raw, T0 + timedelta(hours=1)))
        assert r.created and r.version == 2
        # a cut transfer filed as a sighting of the current version
        cut = ferry[1].raw[: len(ferry[1].raw) // 2]
        store.record_version(_observation(ferry[1], cut, T0 + timedelta(hours=2), text_of=ferry[1]))
        store.record_version(_observation(clean[0], clean[0].raw, T0))
    runner = CliRunner()
    result = runner.invoke(cli, ["health", ferry[0].url, "--db", db, "--format", "json"])
    assert result.exit_code == 1, result.output
    (report,) = json.loads(result.output)["articles"]
    kinds = [(i["kind"], i["version"]) for i in report["items"]]
    assert ("disputed", 2) in kinds
    assert ("suspect", 2) in kinds
    assert report["captures_checked"] == 3

    ok = runner.invoke(cli, ["health", clean[0].url, "--db", db])
    assert ok.exit_code == 0, ok.output
    assert "ok" in ok.output and "0 item(s) listed" in ok.output

    everything = runner.invoke(cli, ["health", "--db", db])
    assert everything.exit_code == 1
    assert "2 article(s) audited" in everything.output
    assert "disputed" in everything.output and "suspect" in everything.output


def test_health_shows_the_evidence_of_reconciled_artefacts(tmp_path: Path) -> None:
    db = str(tmp_path / "redline.db")
    seq = all_captures()[0]  # a redesign: the new body gains a caption and a fact box
    with Store.open(db) as store:
        store.record_version(_observation(seq[0], seq[0].raw, T0))
        # filed as a sighting of version 1, as the decision does
        store.record_version(
            _observation(seq[0], seq[1].raw, T0 + timedelta(hours=1), text_of=seq[0])
        )
    result = CliRunner().invoke(
        cli, ["health", seq[0].url, "--db", db, "--evidence", "--format", "json"]
    )
    assert result.exit_code == 0, result.output  # evidence alone is not a problem
    (report,) = json.loads(result.output)["articles"]
    reconciled = [i for i in report["items"] if i["kind"] == "reconciled"]
    assert reconciled and all(i["version"] == 1 for i in reconciled)
    assert any("already on the old page" in r for i in reconciled for r in i["reasons"])


def test_show_evidence_explains_a_version(tmp_path: Path) -> None:
    from redline.ingest.run import ingest

    db = str(tmp_path / "redline.db")
    seq = all_captures()[0]  # table2008 v1 -> portal2014 v1 (redesign) -> portal2014 v2 (edit)
    with Store.open(db) as store:
        for k, cap in enumerate(seq):
            path = tmp_path / f"{k}.html"
            path.write_bytes(cap.raw)
            assert ingest(store, [str(path)]).ok
        assert len(store.history(seq[0].url)) == 2
    runner = CliRunner()
    result = runner.invoke(
        cli, ["show", seq[0].url, "--version", "2", "--evidence", "--format", "json", "--db", db]
    )
    assert result.exit_code == 0, result.output
    trust = json.loads(result.output)["trust"]
    assert trust["record"] is True
    assert any(r.startswith("body changed") for r in trust["reasons"])
    assert trust["reconciled"]  # the redesign's caption and fact box, reconciled
    text = runner.invoke(cli, ["show", seq[0].url, "--version", "2", "--evidence", "--db", db])
    assert "Why this is a version:" in text.output and "reconciled" in text.output
    plain = runner.invoke(cli, ["show", seq[0].url, "--format", "json", "--db", db])
    assert "trust" not in json.loads(plain.output)  # the contract without --evidence is unchanged
