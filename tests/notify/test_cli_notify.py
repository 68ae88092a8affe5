"""``redline notify``, ``source add --archive``, ``watch`` posting after its pass, and
``health``: through the command line, against loopback receivers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from redline.cli.main import cli
from redline.newsroom import Newsroom, editorial_script
from redline.store import Store
from redline.store.tracking_schema import track_urls
from tests.notify.conftest import record
from tests.notify.receivers import JsonReceiver, MastodonStandIn, SavePageNow

V1 = "Winds reach 80mph. Roads shut."
V2 = "Winds reach 95mph. Roads shut."


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


def test_add_list_test_send_log_remove(db: str, mastodon: MastodonStandIn) -> None:
    code, out = invoke(
        "notify", "add", mastodon.url, "--db", db, "--name", "bot",
        "--min-significance", "minor", "--max-per-hour", "5",
        "--allow-origin", mastodon.origin,
    )  # fmt: skip
    assert code == 0, out
    assert "added channel bot: mastodon://****@127.0.0.1" in out
    assert mastodon.token not in out
    code, out = invoke("notify", "list", "--db", db)
    assert code == 0 and "bot" in out and "significance ≥ 0.10; ≤ 5/hour" in out
    assert mastodon.token not in out
    code, out = invoke("notify", "list", "--db", db, "--format", "json")
    [listed] = json.loads(out)
    assert listed["name"] == "bot" and listed["max_per_hour"] == 5
    assert mastodon.token not in out

    # an empty store: the test message is a made-up change
    code, out = invoke("notify", "test", "bot", "--db", db, "--dry-run")
    assert code == 0, out
    assert "takes: text ≤ 500 characters, no title, images, replies (threads)" in out
    assert "Redline test: storm winds revised" in out and "alt text: Card of a change" in out
    assert "(dry run: nothing sent)" in out and mastodon.statuses == []
    code, out = invoke("notify", "test", "bot", "--db", db)
    assert code == 0 and "sent (post id 1001)" in out
    assert mastodon.statuses[0]["status"].startswith("Redline test: storm winds revised")

    with Store.open(db) as store:
        record(store, "https://news.example/storm", [V1, V2])
    code, out = invoke("notify", "send", "--db", db, "--base-url", "https://r.example")
    assert code == 0, out
    assert "1 change(s) indexed, 1 delivery(ies) queued; posts: 1 sent" in out
    assert mastodon.statuses[-1]["status"].endswith("https://r.example/stories/1/diff/1/2")
    code, out = invoke("notify", "log", "--db", db, "--format", "json")
    [entry] = json.loads(out)
    assert entry["state"] == "sent" and entry["channel"] == "bot"
    code, out = invoke("notify", "remove", "bot", "--db", db)
    assert code == 0 and "removed channel bot" in out
    code, out = invoke("notify", "remove", "bot", "--db", db)
    assert code == 2 and "no channel 'bot'" in out


def test_a_failing_test_exits_1_and_health_lists_the_channel(db: str) -> None:
    receiver = JsonReceiver()
    try:
        invoke("notify", "add", receiver.url, "--db", db, "--allow-origin", receiver.origin)
        receiver.script = [500]
        code, out = invoke("notify", "test", "json", "--db", db)
        assert code == 1 and "not sent: HTTP 500" in out
        with Store.open(db) as store:
            record(store, "https://news.example/storm", [V1, V2])
        receiver.script = [403]
        invoke("notify", "send", "--db", db)
        code, out = invoke("health", "--db", db, "--format", "json")
        assert code == 1
        doc = json.loads(out)
        assert set(doc) == {"integrity", "articles", "tracking", "notifications"}
        assert doc["notifications"]["failing"] == ["json"]
        code, out = invoke("health", "--db", db)
        assert "notifications: 1 channel(s), 1 failing" in out and "HTTP 403" in out
    finally:
        receiver.close()


def test_source_add_archive_flag(db: str) -> None:
    code, out = invoke(
        "source", "add", "https://daily.example/feed.xml", "--db", db, "--no-check", "--archive"
    )
    assert code == 0 and "new versions archived by Save Page Now" in out
    code, out = invoke("source", "list", "--db", db, "--format", "json")
    assert json.loads(out)[0]["options"]["archive"] is True
    invoke("source", "add", "https://plain.example/feed.xml", "--db", db, "--no-check")
    code, out = invoke("source", "list", "--db", db, "--format", "json")
    assert "archive" not in json.loads(out)[1]["options"]  # off by default


@pytest.fixture()
def newsroom() -> Iterator[Newsroom]:
    with Newsroom(editorial_script(datetime.now(UTC) - timedelta(hours=1))) as room:
        yield room


def test_watch_posts_and_archives_after_its_pass(
    db: str, newsroom: Newsroom, json_receiver: JsonReceiver, spn: SavePageNow
) -> None:
    env = {
        "REDLINE_ARCHIVE_ENDPOINT": spn.endpoint,
        "REDLINE_ARCHIVE_ALLOW_ORIGINS": spn.origin,
        "REDLINE_ARCHIVE_INTERVAL": "0",
        "REDLINE_BASE_URL": "https://r.example",
    }
    code, out = invoke(
        "source", "add", newsroom.base_url + "/feed.xml", "--db", db, "--allow-private",
        "--archive", "--name", "gazette",
    )  # fmt: skip
    assert code == 0, out
    invoke("notify", "add", json_receiver.url, "--db", db, "--allow-origin", json_receiver.origin)
    code, out = invoke("watch", "--once", "--db", db, "--host-interval", "0", env=env)
    assert code == 0, out
    assert "notify: 0 change(s) indexed" in out and "3 queued, 3 archived" in out, out
    newsroom.set_step(3)  # the storm story and the seed article change
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.execute(
            update(track_urls).values(next_check_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    code, out = invoke("watch", "--once", "--db", db, "--host-interval", "0", env=env)
    assert code == 0, out
    posts = json_receiver.delivered
    assert len(posts) == 2, out
    titles = sorted(p["title"] for p in posts)
    assert any("Kerr" in t for t in titles)
    for post in posts:
        link, archived = post["message"].splitlines()[-2:]
        assert link.startswith("https://r.example/stories/")
        assert archived.startswith(f"Archived: {spn.origin}/web/")
        assert post["attachments"][0]["mimetype"] == "image/png"
    assert len(spn.requests) == 5, out  # three first versions, two new ones


def test_sources_file_archive_key(db: str, tmp_path: Path) -> None:
    toml = tmp_path / "sources.toml"
    toml.write_text(
        '[[source]]\nurl = "https://daily.example/feed.xml"\nname = "daily"\narchive = true\n',
        encoding="utf-8",
    )
    code, out = invoke("source", "load", str(toml), "--db", db)
    assert code == 0, out
    code, out = invoke("source", "list", "--db", db, "--format", "json")
    assert json.loads(out)[0]["options"]["archive"] is True
    toml.write_text(
        '[[source]]\nurl = "https://daily.example/feed.xml"\narchive = "yes"\n', encoding="utf-8"
    )
    code, out = invoke("source", "load", str(toml), "--db", db)
    assert code == 2 and "archive must be true or false" in out
