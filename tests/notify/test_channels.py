"""Channels: adding (checked by real Apprise), rules, masking, removal."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from redline.errors import InputError, NotFoundError
from redline.notify.channels import (
    add_channel,
    get_channel,
    list_channels,
    parse_significance,
    remove_channel,
)
from redline.notify.queue import enqueue_change
from redline.notify.tables import deliveries
from redline.store import Store

TOKEN = "s3cr3t-Token-abcdef"


def test_add_list_remove_and_default_names(store: Store) -> None:
    a = add_channel(store.engine, "json://127.0.0.1:9/a")
    b = add_channel(store.engine, "json://127.0.0.1:9/b")
    assert (a.name, b.name) == ("json", "json-2")
    with pytest.raises(InputError, match="exists already"):
        add_channel(store.engine, "json://127.0.0.1:9/c", name="json")
    assert [c.name for c in list_channels(store.engine)] == ["json", "json-2"]
    assert get_channel(store.engine, str(b.id)).name == "json-2"
    removed, dropped = remove_channel(store.engine, "json")
    assert removed.id == a.id and dropped == 0
    with pytest.raises(NotFoundError):
        get_channel(store.engine, "json")


def test_the_url_is_shown_masked_only(store: Store) -> None:
    ch = add_channel(store.engine, f"mastodon://{TOKEN}@127.0.0.1:9", name="bot")
    assert ch.url.startswith("mastodon://")  # kept whole in the store, to send with
    shown = json.dumps(ch.to_dict())
    assert TOKEN not in shown and TOKEN not in ch.masked()
    assert "127.0.0.1" in ch.masked()
    mail = add_channel(store.engine, "mailto://editor:hunter2pass@mail.example.com", name="mail")
    assert "hunter2pass" not in mail.masked() and "editor" in mail.masked()


def test_bad_urls_are_refused_without_echoing_them(store: Store) -> None:
    for url, expected in (
        (f"nosuchservice://{TOKEN}@x", "not an Apprise URL"),
        (f"mqtt://user:{TOKEN}@127.0.0.1/topic", "not supported"),
        ("", "an Apprise URL is needed"),
    ):
        with pytest.raises(InputError, match=expected) as err:
            add_channel(store.engine, url)
        assert TOKEN not in str(err.value)
    with pytest.raises(InputError, match="unknown change class"):
        add_channel(store.engine, "json://127.0.0.1:9/", only="facts,gossip")
    with pytest.raises(InputError, match="allowed origin"):
        add_channel(store.engine, "json://127.0.0.1:9/", allow_origins=["ftp://x"])
    assert list_channels(store.engine) == []


def test_significance_by_number_or_level() -> None:
    assert parse_significance("moderate") == 0.3
    assert parse_significance("0.45") == 0.45
    assert parse_significance(None) is None
    for bad in ("high", "1.5", "-0.1"):
        with pytest.raises(InputError):
            parse_significance(bad)


def _change(classes: list[str], significance: float) -> dict[str, object]:
    return {
        "change_id": 1,
        "story": {"id": 1, "title": "t", "url": "https://x.example/a"},
        "version": 2,
        "previous": 1,
        "summary": "s",
        "classes": classes,
        "significance": significance,
    }


def test_rules_pick_changes_and_say_why_not() -> None:
    from redline.notify.channels import Channel

    ch = Channel(1, "c", "json://x", ("bbc",), ("fact_update",), 0.3, None, (), True)
    assert ch.skip_reason(_change(["fact_update"], 0.5), "bbc") is None
    assert ch.skip_reason(_change(["fact_update"], 0.5), "cnn") == "rule: source cnn not followed"
    assert ch.skip_reason(_change(["rewording"], 0.5), "bbc") == (
        "rule: none of the classes fact_update"
    )
    assert ch.skip_reason(_change(["fact_update"], 0.2), "bbc") == (
        "rule: significance 0.20 < 0.30"
    )
    anything = Channel(2, "d", "json://x", (), (), None, None, (), True)
    assert anything.skip_reason(_change(["typography"], 0.0), None) == "rule: typography only"
    assert anything.skip_reason(_change(["rewording"], 0.05), None) is None


def test_queueing_logs_skips_by_rule(store: Store) -> None:
    add_channel(store.engine, "json://127.0.0.1:9/all", name="all")
    add_channel(store.engine, "json://127.0.0.1:9/big", name="big", min_significance="major")
    add_channel(store.engine, "json://127.0.0.1:9/q", name="quotes", only="quotes")
    queued = enqueue_change(store.engine, _change(["fact_update"], 0.4))
    assert queued == 1
    with store.engine.connect() as conn:
        rows = {r.channel_id: r for r in conn.execute(select(deliveries))}
    by_name = {c.name: rows[c.id] for c in list_channels(store.engine)}
    assert by_name["all"].state == "pending" and by_name["all"].last_result is None
    assert by_name["big"].state == "skipped"
    assert by_name["big"].last_result == "rule: significance 0.40 < 0.60"
    assert by_name["quotes"].state == "skipped"
    assert by_name["quotes"].last_result.startswith("rule: none of the classes quote_")
    assert json.loads(by_name["all"].payload)["summary"] == "s"
    _, dropped = remove_channel(store.engine, "all")
    assert dropped == 1
