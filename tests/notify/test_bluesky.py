"""Posting to Bluesky through real Apprise, against a loopback stand-in of its
services, in a network namespace of its own (see ``netns_bluesky.py``): Apprise's
plugin resolves the handle and the DID document on public hosts, which only a
namespace with its own hosts file can send to 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.notify.services import _bluesky_thread, bluesky_thread_id, link_facets, load
from tests.netns import ROOT, run_isolated

HERE = Path(__file__).parent


@pytest.mark.slow
def test_changes_of_a_story_form_a_thread_with_cards(tmp_path: Path) -> None:
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost public.api.bsky.app plc.directory pds.example\n")
    lines = run_isolated(HERE / "netns_bluesky.py", [ROOT / "src", ROOT], hosts=hosts)
    assert len(lines) == 12 and all(line.startswith("ok") for line in lines), lines


def test_bluesky_is_a_service_that_answers_posts() -> None:
    service = load("bluesky://redline.bsky.social@app-pass-word-1234")
    assert service.replies and service.images
    assert "app-pass-word-1234" not in service.masked


def test_thread_ids_round_trip_and_foreign_ids_start_a_thread() -> None:
    root = {"uri": "at://did:plc:x/app.bsky.feed.post/1", "cid": "bafy1"}
    post = {"uri": "at://did:plc:x/app.bsky.feed.post/2", "cid": "bafy2"}
    assert _bluesky_thread(bluesky_thread_id(root, post)) == (root, post)
    for foreign in (None, "", "1234", "at://x bafy", "a b c d e"):
        assert _bluesky_thread(foreign) is None


def test_link_facets_name_the_byte_range_of_each_address() -> None:
    text = "Élection — “résultat” 🗳️ v1 → v2 https://r.example/stories/3/diff/1/2\nArchived: https://web.archive.org/web/2026/x."
    facets = link_facets(text)
    raw = text.encode("utf-8")
    got = [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets]
    assert got == ["https://r.example/stories/3/diff/1/2", "https://web.archive.org/web/2026/x"]
    assert [f["features"][0]["uri"] for f in facets] == got
    assert link_facets("no address here, only https:// alone") == []
