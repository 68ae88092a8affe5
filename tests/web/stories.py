"""Stories the web tests record: the seed article (three versions, the third moves a
sentence), a story whose text is hostile HTML, and a few plain ones from other sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from redline.store import Observation, Store
from tests.conftest import SEED_NEW, SEED_OLD

SEED_URL = "https://www.bbc.co.uk/sport/athletics/66594820"
SEED_HEADLINE = "Kerr stuns Ingebrigtsen to win world 1500m gold"
HOSTILE_URL = "https://evil.example/news/1"
T0 = datetime(2023, 8, 23, 18, 0, tzinfo=UTC)

HOSTILE_V1 = """\
<script>window.__xss = 1; document.title = "pwned"</script> Officials said the toll rose to 12.
<img src=x onerror="window.__xss = 2"> The mayor spoke at noon &amp; left.
Click <a href="javascript:window.__xss = 3">here</a> for more &lt;b&gt;bold&lt;/b&gt; news.
The bridge will stay shut until Friday, officials said.
"""
HOSTILE_V2 = """\
<script>window.__xss = 1; document.title = "pwned"</script> Officials said the toll rose to 15.
<img src=x onerror="window.__xss = 2"> The mayor spoke at 1pm &amp; left.
Click <a href="javascript:window.__xss = 3">here</a> for more &lt;b&gt;bold&lt;/b&gt; news.
<iframe src="javascript:window.__xss=4"></iframe> A statement "><svg onload=window.__xss=5> came.
"""
HOSTILE_HEADLINE = '<svg onload="window.__xss=6">Toll rises & "quotes"</svg>'


def moved_version() -> str:
    """The newer seed version with its fourth paragraph moved after the ninth."""
    lines = SEED_NEW.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[:3] + lines[4:9] + [lines[3]] + lines[9:])


def record_seed(store: Store) -> int:
    texts = [
        SEED_OLD.read_text(encoding="utf-8"),
        SEED_NEW.read_text(encoding="utf-8"),
        moved_version(),
    ]
    result = None
    for k, text in enumerate(texts):
        result = store.record_version(
            Observation.from_text(
                text,
                url=SEED_URL,
                headline=SEED_HEADLINE,
                seen_at=T0 + timedelta(hours=k),
                source="BBC Sport",
            )
        )
    assert result is not None
    return result.article_id


def record_hostile(store: Store) -> int:
    result = None
    for k, text in enumerate((HOSTILE_V1, HOSTILE_V2)):
        result = store.record_version(
            Observation.from_text(
                text,
                url=HOSTILE_URL,
                headline=HOSTILE_HEADLINE,
                seen_at=T0 + timedelta(days=1, hours=k),
                source="Evil <b>News</b>",
            )
        )
    assert result is not None
    return result.article_id


def record_plain(store: Store, n: int = 3) -> list[int]:
    ids = []
    for i in range(n):
        base = f"Council approves budget number {i}. The vote was close. Residents reacted."
        for k, text in enumerate((base, base.replace("close", "unanimous") + " More to follow.")):
            r = store.record_version(
                Observation.from_text(
                    text,
                    url=f"https://local.example/budget-{i}",
                    headline=f"Budget {i} approved",
                    seen_at=T0 + timedelta(days=2, hours=i, minutes=k * 10),
                    source="Local Times",
                )
            )
        ids.append(r.article_id)
    return ids


UNDATED_STORY = "council-budget-files"
LONG_WORD = "Supercalifragilistic" * 250  # one 5,000-character word


def record_undated(store: Store) -> int:
    """Two versions of a story stored from files: no URL, no source, no dates at all."""
    first = "The council met on Monday. The budget was approved. More to follow."
    second = "The council met on Monday. The budget was approved by nine votes to two."
    result = None
    for text in (first, second):
        result = store.record_version(Observation.from_text(text, story=UNDATED_STORY))
    assert result is not None
    return result.article_id


def record_long_word(store: Store) -> int:
    """A hostile layout test: a 5,000-character word in the headline, the text and the edit."""
    v1 = f"A word follows. {LONG_WORD} ends it. Officials said nothing else."
    v2 = f"A word follows. {LONG_WORD}x ends it. Officials said nothing more today."
    result = None
    for k, text in enumerate((v1, v2)):
        result = store.record_version(
            Observation.from_text(
                text,
                url="https://long.example/" + LONG_WORD[:1500],
                headline=LONG_WORD,
                seen_at=T0 + timedelta(days=3, hours=k),
                source="Long " + LONG_WORD[:300],
            )
        )
    assert result is not None
    return result.article_id
