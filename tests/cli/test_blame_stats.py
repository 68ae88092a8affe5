"""``redline blame`` and ``redline stats`` on a real SQLite store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from tests.explain.test_blame import STORY, TIMES

from redline.cli.main import cli
from redline.store import Observation, Store

E = "The mayor called the damage “heartbreaking”."


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "explain.sqlite3")
    t = datetime(2024, 3, 2, 9, 0, tzinfo=UTC)
    with Store.open(path) as store:
        for text, when in zip(STORY, TIMES, strict=True):
            store.record_version(
                Observation.from_text(
                    "\n".join(text),
                    url="https://news.example/ashford-floods",
                    seen_at=when,
                    published=TIMES[0],
                    headline="Floods hit Ashford",
                )
            )
        store.record_version(
            Observation.from_text(
                "The toll rose to 12.\nRescue work continues.",
                url="https://other.example/quake",
                seen_at=t,
                published=t,
            )
        )
        store.record_version(
            Observation.from_text(
                "The toll rose to 15.\nRescue work continues.",
                url="https://other.example/quake",
                seen_at=t + timedelta(minutes=45),
            )
        )
        store.record_version(
            Observation.from_text(
                "A quiet day in the village.", url="https://other.example/quiet", seen_at=t
            )
        )
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_blame_text(db: str) -> None:
    code, out = run("blame", "https://news.example/ashford-floods", "--db", db)
    assert code == 0, out
    assert "blame of version 6 of 6" in out
    line = next(x for x in out.splitlines() if "heartbreaking" in x)
    assert line.split()[0] == "v2"
    assert "(removed in v3, restored in v5)" in out
    assert "added then removed:" in out
    assert "v4-v5, lived 24h: The Environment Agency" in out


def test_blame_json_and_version(db: str) -> None:
    code, out = run(
        "blame",
        "https://news.example/ashford-floods",
        "--version",
        "3",
        "--db",
        db,
        "--format",
        "json",
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["version"] == 3
    assert [s["introduced"] for s in data["sentences"]] == [1, 1, 2, 3]
    assert {r["text"]: r["removed_in"] for r in data["removed"]}[E] == 3
    assert data["article"]["url"] == "https://news.example/ashford-floods"


def test_blame_words_marks_later_words(db: str) -> None:
    code, out = run("blame", "https://news.example/ashford-floods", "--words", "--db", db)
    assert code == 0
    assert "Severe[v2] flooding" in out
    assert "02:30[v3], police said." in out
    assert "hall and[v5] a[v5] nearby[v5] school[v5]." in out


def test_blame_reports_bad_version_cleanly(db: str) -> None:
    code, out = run("blame", "https://news.example/ashford-floods", "--version", "9", "--db", db)
    assert code == 2
    assert "version 9 does not exist" in out


def test_stats_text_and_json(db: str) -> None:
    code, out = run("stats", "--db", db)
    assert code == 0, out
    assert "articles                    3" in out
    assert "edited after publication    67%" in out
    assert "median time to first edit" in out
    code, out = run("stats", "--db", db, "--format", "json", "--by", "none")
    data = json.loads(out)["overall"]
    assert data["articles"] == 3
    assert data["versions_per_article"]["distribution"] == {"1": 1, "2": 1, "6": 1}
    assert data["edits_by_class"]["fact_update"] >= 2  # 12 → 15, 03:00 → 02:30
    assert data["most_edited"][0]["versions"] == 6
    # first edits: 45 min (quake), 1 h (floods)
    assert data["median_time_to_first_edit_seconds"] == pytest.approx((45 * 60 + 3600) / 2)


def test_stats_by_source_and_charts(db: str, tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    code, out = run("stats", "--db", db, "--by", "source", "--charts", str(charts))
    assert code == 0, out
    assert "source other.example" in out and "source news.example" in out
    names = sorted(p.name for p in charts.iterdir())
    assert names == ["articles-over-time.png", "edits-by-class.png", "versions-per-article.png"]
    with Image.open(charts / "edits-by-class.png") as im:
        assert im.width > 100 and im.height > 100
    code, out = run(
        "stats",
        "--db",
        db,
        "--by",
        "week",
        "--charts",
        str(charts),
        "--chart-format",
        "svg",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert len(data["charts"]) == 3 and all(c.endswith(".svg") for c in data["charts"])
    assert "<svg" in (charts / "versions-per-article.svg").read_text()
