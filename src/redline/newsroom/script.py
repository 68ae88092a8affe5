"""The newsroom's script: which version of which article is live at each step.

Time in the newsroom is a step counter, advanced explicitly (never by the wall
clock). Step *n* corresponds to the virtual instant ``EPOCH + n * STEP``; the
pages' dates follow that virtual clock, so a test that advances its own clock
in step with the newsroom sees a consistent world.

A :class:`Script` answers two questions: which articles are published at a
step, and which :class:`Version` of an article is live at that step. Two
scripts ship: :func:`editorial_script` (a handful of hand-written stories,
including the two seed versions of a real BBC article) and
:class:`SyntheticScript` (thousands of generated articles for benchmarks).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Protocol

__all__ = [
    "EPOCH",
    "STEP",
    "Article",
    "Script",
    "ScriptedArticle",
    "StaticScript",
    "SyntheticScript",
    "Version",
    "editorial_script",
    "load_seed_versions",
    "step_time",
    "typographic",
]

EPOCH = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
STEP = timedelta(minutes=30)


def step_time(step: int, epoch: datetime = EPOCH) -> datetime:
    """The virtual instant of *step* (of a script whose step 0 is *epoch*)."""
    return epoch + step * STEP


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article as the newsroom publishes it.

    ``blocks`` are the body in reading order: a block starting with ``"## "``
    is a subheading, one starting with ``"[caption] "`` an inline picture with
    that caption; anything else is a paragraph.
    """

    headline: str
    blocks: tuple[str, ...]
    standfirst: str = ""
    byline: str = ""
    meaningful: bool = True
    """False when this version differs from the previous one in typography only,
    so a tracker must *not* record it as a new version."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b for b in self.blocks if not b.startswith(("## ", "[caption] ")))


@dataclass(frozen=True, slots=True)
class ScriptedArticle:
    slug: str
    section: str
    timeline: tuple[tuple[int, Version], ...]
    """(step, version) pairs in step order; the article appears at the first step."""
    path_prefix: str = "/news/"

    @property
    def path(self) -> str:
        return f"{self.path_prefix}{self.slug}"

    @property
    def first_step(self) -> int:
        return self.timeline[0][0]


@dataclass(frozen=True, slots=True)
class Article:
    """An article as live at some step."""

    slug: str
    path: str
    section: str
    version: Version
    version_index: int
    published: datetime
    updated: datetime


class Script(Protocol):
    def paths(self, step: int) -> Sequence[str]:
        """Paths of the articles published at *step*, newest first."""
        ...

    def article(self, path: str, step: int) -> Article | None:
        """The article at *path* as live at *step*, or None if not (yet) published."""
        ...


@dataclass
class StaticScript:
    """A script made of hand-written :class:`ScriptedArticle` timelines."""

    articles: Sequence[ScriptedArticle]
    epoch: datetime = EPOCH
    """The instant of step 0 (``redline demo-site`` uses the time it starts)."""
    _by_path: dict[str, ScriptedArticle] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_path = {a.path: a for a in self.articles}

    def paths(self, step: int) -> list[str]:
        live = [a for a in self.articles if a.first_step <= step]
        live.sort(key=lambda a: (-a.first_step, a.slug))
        return [a.path for a in live]

    def article(self, path: str, step: int) -> Article | None:
        scripted = self._by_path.get(path)
        if scripted is None or scripted.first_step > step:
            return None
        index = max(i for i, (s, _) in enumerate(scripted.timeline) if s <= step)
        at, version = scripted.timeline[index]
        return Article(
            slug=scripted.slug,
            path=scripted.path,
            section=scripted.section,
            version=version,
            version_index=index,
            published=step_time(scripted.first_step, self.epoch),
            updated=step_time(at, self.epoch),
        )

    def expected_versions(self, path: str, until_step: int) -> list[Version]:
        """The versions a perfect tracker records for *path* by *until_step*."""
        scripted = self._by_path[path]
        return [v for s, v in scripted.timeline if s <= until_step and v.meaningful]


# --------------------------------------------------------------------------- seed


_TERMINAL = (".", "!", "?", "\u201d", '"', ":", ")")
_SEED_CAPTION = "Kerr chose the moment to pass Ingebrigsten perfectly"


def _seed_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples" / "seed"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("examples/seed not found next to the Redline sources")


def _seed_blocks(text: str, *, skip_first: bool) -> tuple[str, ...]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if skip_first:
        # the older capture opens with page furniture ("date … From the section …")
        lines = lines[1:]
    blocks = []
    for line in lines:
        if line == _SEED_CAPTION:
            blocks.append(f"[caption] {line}")
        elif not line.endswith(_TERMINAL) and len(line) < 90:
            blocks.append(f"## {line}")
        else:
            blocks.append(line)
    return tuple(blocks)


@lru_cache(maxsize=1)
def load_seed_versions() -> tuple[Version, Version]:
    """The two seed captures of the BBC Kerr article as versions, older first."""
    directory = _seed_dir()
    old = (directory / "001_288681e85a897712.txt").read_text(encoding="utf-8")
    new = (directory / "000_72713660520ad913.txt").read_text(encoding="utf-8")
    headline = "Josh Kerr stuns Jakob Ingebrigtsen to win world 1500m gold"
    byline = "Harry Poole, BBC Sport in Budapest"
    return (
        Version(headline, _seed_blocks(old, skip_first=True), byline=byline),
        Version(headline, _seed_blocks(new, skip_first=False), byline=byline),
    )


_TYPO = str.maketrans({"'": "\u2019", "-": "\u2013"})


def typographic(version: Version) -> Version:
    """*version* with typography changed only (curly apostrophes, en dashes,
    doubled spaces): a tracker must not see a new version in it."""

    def fix(text: str) -> str:
        swap = ("\u2019", "'") if "\u2019" in text else ("'", "\u2019")
        text = text.replace(*swap)
        return text.replace(" - ", " \u2013 ").replace(". ", ".  ")

    return replace(
        version,
        headline=fix(version.headline),
        blocks=tuple(fix(b) for b in version.blocks),
        standfirst=fix(version.standfirst),
        meaningful=False,
    )


# ------------------------------------------------------------------ editorial


def _storm_versions() -> list[tuple[int, Version]]:
    byline = "Alex Morgan, Weather correspondent"
    v1 = Version(
        "Storm Edith: thousands without power as gales hit the coast",
        (
            "Thousands of homes are without power after Storm Edith brought gusts of up to 80mph "
            "to the west coast overnight.",
            "The Met Office has issued an amber warning for wind covering much of the region "
            "until 18:00 on Monday.",
            "Ferry services between the mainland and the islands have been cancelled.",
            "More to follow.",
        ),
        standfirst="An amber wind warning is in force until Monday evening.",
        byline=byline,
    )
    v2 = Version(
        v1.headline,
        (
            "About 12,000 homes are without power after Storm Edith brought gusts of up to 80mph "
            "to the west coast overnight.",
            "The Met Office has issued an amber warning for wind covering much of the region "
            "until 18:00 on Monday.",
            "Ferry services between the mainland and the islands have been cancelled, and "
            "several roads are closed by fallen trees.",
            "The electricity network operator said engineers were working to restore supplies "
            "as quickly as it was safe to do so.",
        ),
        standfirst=v1.standfirst,
        byline=byline,
    )
    v3 = Version(
        "Storm Edith: 20,000 homes without power as gales batter the coast",
        (
            "About 20,000 homes are without power after Storm Edith brought gusts of up to 90mph "
            "to the west coast overnight.",
            "## Warnings extended",
            "The Met Office has extended its amber warning for wind until 06:00 on Tuesday.",
            "Ferry services between the mainland and the islands have been cancelled, and "
            "several roads are closed by fallen trees.",
            "The electricity network operator said engineers were working to restore supplies "
            "as quickly as it was safe to do so.",
            "A spokesperson said most customers should be reconnected by Tuesday evening.",
        ),
        standfirst="The amber wind warning has been extended until Tuesday morning.",
        byline=byline,
    )
    v4 = Version(
        v3.headline,
        (
            "About 20,000 homes are without power after Storm Edith brought gusts of up to 90mph "
            "to the west coast overnight.",
            "## Warnings extended",
            "The Met Office has extended its amber warning for wind until 06:00 on Tuesday.",
            "The electricity network operator said engineers were working to restore supplies "
            "as quickly as it was safe to do so.",
            "A spokesperson said most customers should be reconnected by Tuesday evening.",
            "Ferry services between the mainland and the islands have been cancelled, and "
            "several roads are closed by fallen trees.",
        ),
        standfirst=v3.standfirst,
        byline=byline,
    )
    return [(0, v1), (1, v2), (3, v3), (4, typographic(v3)), (6, v4)]


def _council_versions() -> list[tuple[int, Version]]:
    v = Version(
        "Council approves budget with 4% rise in tax",
        (
            "Councillors have approved next year's budget, which includes a 4% rise in council "
            "tax for most households.",
            "The leader of the council said the increase was needed to protect services for "
            "older and vulnerable residents.",
            "Opposition councillors said families were already struggling with the cost of "
            "living and proposed a smaller rise, which was rejected by 31 votes to 22.",
            "The new rates will apply from April.",
        ),
        standfirst="The rise is the largest allowed without a local referendum.",
        byline="Sam Patel, Local democracy reporter",
    )
    return [(1, v)]


def _correction_versions() -> list[tuple[int, Version]]:
    v1 = Version(
        "Museum reopens after two-year restoration",
        (
            "The city museum has reopened to the public after a two-year restoration costing £14m.",
            "Visitors queued from early morning to see the restored Victorian galleries, which "
            "were damaged by a leaking roof in 2023.",
            "The museum's director, Ruth Okafor, said the building had been saved for future "
            "generations.",
        ),
        byline="Jo Lee, Arts reporter",
    )
    v2 = Version(
        v1.headline,
        (
            "The city museum has reopened to the public after a two-year restoration costing £12m.",
            *v1.blocks[1:],
            "Correction: an earlier version of this article gave the cost of the restoration "
            "as £14m. It was £12m.",
        ),
        byline=v1.byline,
    )
    return [(0, v1), (5, v2)]


def editorial_script(epoch: datetime = EPOCH) -> StaticScript:
    """The hand-written newsroom: the seed article and a few developing stories.

    Timeline (steps): the seed article appears at 0 as the older capture, gets
    a typography-only rewrite at 2 and becomes the newer capture at 3; the storm
    story changes at 1, 3 and 6 (typography only at 4); the museum story gets a
    correction at 5; the council story never changes; an article under
    ``/private/`` is listed in the sitemap but forbidden by robots.txt.
    """
    old, new = load_seed_versions()
    articles = [
        ScriptedArticle(
            "kerr-wins-world-1500m-gold",
            "Athletics",
            ((0, old), (2, typographic(old)), (3, new)),
        ),
        ScriptedArticle("storm-edith-power-cuts", "UK", tuple(_storm_versions())),
        ScriptedArticle("council-budget-approved", "Local", tuple(_council_versions())),
        ScriptedArticle("museum-reopens", "Arts", tuple(_correction_versions())),
        ScriptedArticle(
            "internal-memo",
            "Staff",
            ((0, Version("Staff memo", ("Not for robots.",))),),
            path_prefix="/private/",
        ),
    ]
    return StaticScript(articles, epoch)


# ------------------------------------------------------------------- synthetic

_WORDS_TEXT = (
    "council minister report police court hospital school road river station market union "
    "workers plan budget vote inquiry weather storm power village city county harbour "
    "bridge library museum festival club match season league final coach players fans "
    "ticket price rise fall warning statement spokesperson residents families children "
    "teachers doctors nurses patients train service delay strike agreement talks evidence "
    "witness judge jury sentence appeal decision review"
)
_WORDS = tuple(_WORDS_TEXT.split())


def _sentence(rng: random.Random) -> str:
    n = rng.randint(9, 22)
    words = [rng.choice(_WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    if rng.random() < 0.4:
        words.insert(rng.randint(1, n - 1), str(rng.randint(2, 900)))
    return " ".join(words) + "."


@dataclass(eq=False)
class SyntheticScript:
    """*count* generated articles under ``/n/<i>``, all published at step 0.

    At each step *s* ≥ 1, article *i* changes meaningfully when
    ``i % change_every == s % change_every`` (``change_every=1``: every article
    changes at every step), and every article changes at the steps listed in
    ``everyone_at``; otherwise it is byte-for-byte unchanged.
    """

    count: int
    change_every: int = 10
    paragraphs: int = 8
    seed: int = 7
    everyone_at: tuple[int, ...] = ()
    epoch: datetime = EPOCH

    def paths(self, step: int) -> list[str]:
        return [f"/n/{i}" for i in range(self.count)]

    def changes(self, i: int, step: int) -> tuple[int, int]:
        """(how many changes article *i* has seen by *step*, the step of the last one)."""
        k = self.change_every
        first = i % k or k  # steps s in 1..step with s % k == i % k
        own = [] if first > step else list(range(first, step + 1, k))
        steps = sorted(set(own) | {s for s in self.everyone_at if 1 <= s <= step})
        return len(steps), (steps[-1] if steps else 0)

    def version_index(self, i: int, step: int) -> int:
        """How many changes article *i* has seen by *step*."""
        return self.changes(i, step)[0]

    def article(self, path: str, step: int) -> Article | None:
        if not path.startswith("/n/"):
            return None
        try:
            i = int(path[3:])
        except ValueError:
            return None
        if not 0 <= i < self.count:
            return None
        index, changed_at = self.changes(i, step)
        return Article(
            slug=str(i),
            path=path,
            section="News",
            version=self._version(i, index),
            version_index=index,
            published=self.epoch,
            updated=step_time(changed_at, self.epoch),
        )

    @lru_cache(maxsize=4096)  # noqa: B019 - the script lives as long as the server
    def _version(self, i: int, index: int) -> Version:
        digest = hashlib.blake2b(f"{self.seed}:{i}".encode(), digest_size=8).digest()
        rng = random.Random(digest)
        headline = " ".join(rng.choice(_WORDS) for _ in range(7)).capitalize()
        paras = [
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
            for _ in range(self.paragraphs)
        ]
        for k in range(1, index + 1):
            # each change edits a figure in one paragraph and adds a new one
            at = k % len(paras)
            paras[at] = f"The figure was revised to {100 + k} on update {k}. " + paras[at]
            paras.append(f"Update {k}: " + _sentence(rng))
        return Version(headline.rstrip(".") + f" ({i})", tuple(paras), byline="Staff reporter")
