from __future__ import annotations

from pathlib import Path

import pytest

from redline.errors import InputError
from redline.track.schedule import RecheckPolicy
from redline.track.sources import SourceSpec, load_sources_file


def test_spec_defaults_and_filters() -> None:
    spec = SourceSpec("https://www.example.com/rss.xml", include=("/news/",), exclude=("/live/",))
    assert spec.name == "www.example.com"
    assert spec.accepts("https://www.example.com/news/world-1")
    assert not spec.accepts("https://www.example.com/sport/1")
    assert not spec.accepts("https://www.example.com/news/live/2")
    again = SourceSpec.from_options(spec.url, spec.name, spec.kind, spec.options())
    assert again == spec


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "ftp://example.com/x"}, "http"),
        ({"url": "https://example.com/x", "kind": "html"}, "kind"),
        ({"url": "https://example.com/x", "include": ("(",)}, "bad URL pattern"),
    ],
)
def test_spec_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        SourceSpec(**kwargs)


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        """
[[source]]
url = "https://www.example.com/rss.xml"
name = "example"
exclude = "/live/"
allow_private = false
extractor = { profile = { name = "example", body = ["//article//p"] } }
[source.policy]
min_interval = 600
stop_after = 86400

[[source]]
url = "https://other.example/sitemap.xml"
kind = "sitemap"
""",
        encoding="utf-8",
    )
    first, second = load_sources_file(path)
    assert first.name == "example" and first.exclude == ("/live/",)
    assert first.policy == RecheckPolicy(min_interval=600, stop_after=86400)
    assert first.extractor["profile"]["name"] == "example"
    assert second.name == "other.example" and second.kind == "sitemap"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]]\nname = 'x'\n", "needs a url"),
        ("[[source]]\nurl = 'https://a.example/'\ncolour = 'red'\n", "unknown key"),
        ("[[source]]\nurl = 'https://a.example/'\n[source.policy]\nspeed = 1\n", "unknown setting"),
        (
            "[[source]]\nurl = 'https://a.example/'\n[[source]]\nurl = 'https://a.example/b'\n",
            "duplicate source name",
        ),
        ("this is = not toml [", "not valid TOML"),
        ("[other]\nx = 1\n", "no \\[\\[source\\]\\]"),
    ],
)
def test_toml_errors_are_clear(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_sources_file(path)


def test_extractor_profile_is_checked_when_the_source_is_made() -> None:
    from redline.extract import Profile

    good = SourceSpec(
        "https://a.example/rss", extractor={"profile": {"name": "a", "remove": ["//h2"]}}
    )
    assert Profile.from_dict(good.extractor["profile"]).remove == ("//h2",)
    with pytest.raises(InputError):
        SourceSpec("https://a.example/rss", extractor={"profile": {"name": "a", "body": ["//["]}})
    with pytest.raises(InputError, match="must be a table"):
        SourceSpec("https://a.example/rss", extractor={"profile": "a"})
