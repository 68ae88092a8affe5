from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from redline.store import Store


def test_diff_json_is_the_cli_contract(
    client: TestClient, web_store: Store, tmp_path: Path
) -> None:
    api = client.get(f"/api/stories/{web_store.seed_id}/diff/1/2").json()
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(web_store.version(web_store.seed_id, 1).text, encoding="utf-8")
    new.write_text(web_store.version(web_store.seed_id, 2).text, encoding="utf-8")
    redline = Path(sys.executable).parent / "redline"
    out = subprocess.run(
        [str(redline), "diff", str(old), str(new), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1, out.stderr
    assert api == json.loads(out.stdout)


def test_lists_paginate(client: TestClient) -> None:
    first = client.get("/api/stories?per_page=2").json()
    assert len(first["items"]) == 2 and first["next"] == 2
    second = client.get("/api/stories?per_page=2&page=2").json()
    assert not {s["id"] for s in first["items"]} & {s["id"] for s in second["items"]}
    everything = client.get("/api/stories?per_page=100").json()
    assert everything["next"] is None and len(everything["items"]) == 5


def test_story_versions_and_blame(client: TestClient, web_store: Store) -> None:
    sid = web_store.seed_id
    story = client.get(f"/api/stories/{sid}").json()
    assert [v["version"] for v in story["history"]] == [1, 2, 3]
    assert "moved" in story["history"][2]["change"]["summary"]
    assert story["history"][0]["change"] is None
    version = client.get(f"/api/stories/{sid}/versions/1").json()
    assert "More to follow." in version["paragraphs"]
    blame = client.get(f"/api/stories/{sid}/blame").json()
    assert {s["introduced"] for s in blame["sentences"]} == {1, 2}
    assert blame["versions"] == 3 and blame["first_version"] == 1
    assert any(r["text"] == "More to follow." for r in blame["removed"])


def test_changes_filters_and_stats(client: TestClient, web_store: Store) -> None:
    facts = client.get("/api/changes?class=fact_update").json()["items"]
    assert facts and all("fact_update" in c["classes"] for c in facts)
    major = client.get("/api/changes?significance=major").json()["items"]
    assert major and all(c["level"] == "major" for c in major)
    stats = client.get("/api/stats").json()
    assert stats["stories"] == 5 and stats["versions"] == 11 and stats["changes"] == 6
    assert sum(stats["changes_by_level"].values()) == 6


def test_etag_gives_304(client: TestClient, web_store: Store) -> None:
    r = client.get(f"/api/stories/{web_store.seed_id}")
    etag = r.headers["etag"]
    again = client.get(f"/api/stories/{web_store.seed_id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"/api/stories/{web_store.seed_id}", headers={"If-None-Match": '"x"'})
    assert other.status_code == 200


def test_errors_are_json(client: TestClient, web_store: Store) -> None:
    for path, status in [
        ("/api/stories/999999", 404),
        ("/api/stories/0", 422),
        (f"/api/stories/{web_store.seed_id}/diff/1/7", 404),
        ("/api/search?q=" + "x" * 201, 422),
        ("/api/search", 422),
        ("/api/nothing-here", 404),
    ]:
        r = client.get(path)
        assert r.status_code == status, path
        assert r.json()["error"]["status"] == status and r.json()["error"]["message"]


def test_same_version_twice_is_no_change(client: TestClient, web_store: Store) -> None:
    data = client.get(f"/api/stories/{web_store.seed_id}/diff/2/2").json()
    assert data["changed"] is False and data["summary"] == "no meaningful change"


def test_search_api(client: TestClient, web_store: Store) -> None:
    assert client.get("/api/search?q=%3F%3F").json()["items"] == []
    hits = client.get("/api/search?q=follow&in=removed").json()["items"]
    assert {h["story_id"] for h in hits} >= {web_store.seed_id}
    assert any(h["text"] == "More to follow." for h in hits)
    hits = client.get("/api/search?q=budget").json()["items"]
    assert set(web_store.plain_ids) == {h["story_id"] for h in hits}


def test_openapi_document(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in [
        "/api/sources",
        "/api/stories",
        "/api/stories/{story_id}/diff/{a}/{b}",
        "/api/stories/{story_id}/blame",
        "/api/stats",
        "/api/changes",
    ]:
        assert path in spec["paths"]
    docs = client.get("/api/docs").text
    assert "/api/stories/{story_id}/diff/{a}/{b}" in docs and "cdn" not in docs.lower()
