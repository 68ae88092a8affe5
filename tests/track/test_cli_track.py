from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner

from redline.cli.main import cli
from redline.newsroom import Newsroom
from redline.store import Store

REDLINE = str(Path(sys.executable).with_name("redline"))


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_source_add_list_load_remove(newsroom: Newsroom, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    feed = newsroom.base_url + "/feed.xml"
    code, out = invoke("source", "add", feed, "--db", db)
    assert code == 2 and "not a public address" in out and "--allow-origin" in out
    code, out = invoke(
        "source",
        "add",
        feed,
        "--db",
        db,
        "--allow-private",
        "--name",
        "gz",
        "--exclude",
        "/private/",
        "--min-interval",
        "60",
    )
    assert code == 0, out
    assert "added source gz (feed)" in out and "3 article link(s), 1 left out" in out
    code, out = invoke(
        "source",
        "add",
        newsroom.base_url + "/robots.txt",
        "--db",
        db,
        "--allow-private",
        "--name",
        "robots",
    )
    assert code == 2 and "neither an RSS/Atom feed nor a sitemap" in out
    toml = tmp_path / "sources.toml"
    toml.write_text(
        f'[[source]]\nurl = "{newsroom.base_url}/sitemap.xml"\nname = "gz-map"\n'
        "allow_private = true\n[source.policy]\nmin_interval = 120\n",
        encoding="utf-8",
    )
    code, out = invoke("source", "load", str(toml), "--db", db)
    assert code == 0 and "1 source(s) added, 0 updated" in out
    code, out = invoke("source", "list", "--db", db, "--format", "json")
    listed = {s["name"]: s for s in json.loads(out)}
    assert set(listed) == {"gz", "gz-map"}
    assert listed["gz"]["options"]["exclude"] == ["/private/"]
    assert listed["gz-map"]["options"]["policy"]["min_interval"] == 120
    code, out = invoke("source", "remove", "gz-map", "--db", db)
    assert code == 0 and "removed source gz-map" in out
    code, out = invoke("source", "remove", "gz-map", "--db", db)
    assert code == 2 and "no source" in out


def test_watch_once_records_and_reports(newsroom: Newsroom, tmp_path: Path) -> None:
    db = str(tmp_path / "once.sqlite3")
    code, out = invoke("watch", "--once", "--db", db)
    assert code == 2 and "no sources" in out
    invoke("source", "add", newsroom.base_url + "/feed.xml", "--db", db, "--allow-private")
    code, out = invoke("watch", "--once", "--db", db, "--host-interval", "0")
    assert code == 0, out
    assert out.count(" new        ") == 3 and "/news/kerr-wins-world-1500m-gold v1" in out
    assert "disallowed by robots.txt" in out and "pass 1: checked 4" in out
    with Store.open(db) as store:
        assert store.count()["versions"] == 3


def test_demo_site_serves_the_newsroom() -> None:
    proc = subprocess.Popen(
        [REDLINE, "demo-site", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        base = first.split(" at ")[1].split("/ ")[0]
        with httpx.Client(base_url=base) as c:
            assert "<rss" in c.get("/feed.xml").text
            assert c.post("/_control/step", params={"n": 3}).json()["step"] == 3
            assert "Warholm" in c.get("/news/kerr-wins-world-1500m-gold").text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
