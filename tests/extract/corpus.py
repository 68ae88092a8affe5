"""The redesign corpus: original articles rendered into several site templates.

``tests/data/redesign/articles.toml`` holds the article texts, their edits and
the sequence of captures a tracker would see; ``templates/`` the three site
designs (an old table layout in Windows-1252, a 2014 portal, a 2023 app-style
page). Everything is rendered here, deterministically, to raw bytes.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import jinja2

from redline import Comparison
from redline.extract import Profile

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "redesign"

# How each template is served: (content type header, encoding of the bytes).
SERVED = {
    "table2008": ("text/html", "cp1252"),
    "portal2014": ("text/html; charset=utf-8", "utf-8"),
    "app2023": ("text/html", "utf-8"),
    "blog2011": ("text/html; charset=UTF-8", "utf-8"),
    "news2024": ("text/html; charset=utf-8", "utf-8"),
    "amp2019": ("text/html; charset=utf-8", "utf-8"),
    "regional2016": ("text/html", "utf-8"),
}


@dataclass(frozen=True)
class Version:
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Capture:
    article: str
    template: str
    version: int
    raw: bytes
    content_type: str
    truth: Version

    @property
    def url(self) -> str:
        return f"https://herald.example/news/{self.article}"


def _apply(base: Version, edits: list[dict]) -> Version:
    headline, standfirst = base.headline, base.standfirst
    paragraphs = list(base.paragraphs)
    for edit in edits:
        if "replace" in edit:
            old, new = edit["replace"]
            hits = [i for i, p in enumerate(paragraphs) if old in p]
            if len(hits) != 1:
                raise ValueError(f"edit {edit} matches {len(hits)} paragraphs")
            paragraphs[hits[0]] = paragraphs[hits[0]].replace(old, new)
        elif "delete" in edit:
            s = edit["delete"]
            hits = [i for i, p in enumerate(paragraphs) if s in p]
            if len(hits) != 1:
                raise ValueError(f"edit {edit} matches {len(hits)} paragraphs")
            rest = paragraphs[hits[0]].replace(s, "").strip()
            if rest:
                paragraphs[hits[0]] = rest
            else:
                del paragraphs[hits[0]]
        elif "append" in edit:
            paragraphs.append(edit["append"])
        elif "insert" in edit:
            n, text = edit["insert"]
            paragraphs.insert(n, text)
        elif "move" in edit:
            src, dst = edit["move"]
            paragraphs.insert(dst, paragraphs.pop(src))
        elif "headline" in edit:
            headline = edit["headline"]
        elif "standfirst" in edit:
            standfirst = edit["standfirst"]
        else:
            raise ValueError(f"unknown edit {edit}")
    return Version(headline, standfirst, tuple(paragraphs))


@cache
def articles() -> tuple[dict, ...]:
    with open(CORPUS_DIR / "articles.toml", "rb") as f:
        return tuple(tomllib.load(f)["article"])


def versions(article: dict) -> dict[int, Version]:
    paragraphs = tuple(line.strip() for line in article["paragraphs"].splitlines() if line.strip())
    v1 = Version(article["headline"], article["standfirst"], paragraphs)
    out = {1: v1}
    if article.get("edits"):
        out[2] = _apply(v1, article["edits"])
    return out


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(CORPUS_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(article: dict, template: str, version: Version, index: int) -> bytes:
    published = datetime.fromisoformat(article["published"])
    updated = published + timedelta(hours=2 if version is versions(article)[1] else 5)
    all_articles = articles()
    others = [all_articles[(index + k) % len(all_articles)]["headline"] for k in (1, 2, 3, 5)]
    jsonld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": version.headline,
        "description": version.standfirst,
        "datePublished": published.isoformat(),
        "dateModified": updated.isoformat(),
        "author": [{"@type": "Person", "name": article["byline"]}],
        "publisher": {"@type": "Organization", "name": "The Herald"},
    }
    ctx = {
        "id": article["id"],
        "url": f"https://herald.example/news/{article['id']}",
        "section": article["section"],
        "byline": article["byline"],
        "headline": version.headline,
        "standfirst": version.standfirst,
        "caption": article["caption"],
        "credit": article["credit"],
        "facts": article.get("facts", []),
        "others": others,
        "paragraphs": [{"text": p, "heading": p[-1] not in '.!?”"’:;'} for p in version.paragraphs],
        "published": published.isoformat(),
        "updated": updated.isoformat(),
        "published_slash": published.strftime("%Y/%m/%d %H:%M:%S"),
        "published_human": published.strftime("%-d %B %Y"),
        "updated_clock": updated.strftime("%H:%M"),
        "updated_day": updated.strftime("%A, %-d %B %Y"),
        "ago": "2 hours ago",
        "loop_id": 1000 + index,
        "excerpt": _excerpt(version.paragraphs[0]),
        "jsonld": jinja2.utils.markupsafe.Markup(json.dumps(jsonld).replace("</", "<\\/")),
    }
    html = _env().get_template(f"{template}.html").render(**ctx)
    return html.encode(SERVED[template][1])


def _excerpt(paragraph: str, words: int = 20) -> str:
    """A blog engine's automatic excerpt: the first words of the body."""
    parts = paragraph.split()
    return paragraph if len(parts) <= words else " ".join(parts[:words]) + " […]"


def captures(article: dict, index: int) -> list[Capture]:
    vs = versions(article)
    out = []
    for template, number in article["captures"]:
        v = vs[number]
        raw = render(article, template, v, index)
        out.append(Capture(article["id"], template, number, raw, SERVED[template][0], v))
    return out


def all_captures() -> list[list[Capture]]:
    """Every article's capture sequence, in corpus order."""
    return [captures(a, i) for i, a in enumerate(articles())]


# --- scoring: does the tracker record exactly the true versions and changes? ---


def change_items(comparison: Comparison) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """The reported changes of a comparison, by sentence text (not by index)."""
    items = set()
    for link in comparison.links:
        if link.op == "unchanged":
            continue
        old = tuple(comparison.old.sentences[i].key for i in link.old)
        new = tuple(comparison.new.sentences[j].key for j in link.new)
        items.add((link.op, old, new))
    return items


@dataclass
class Score:
    pairs: int = 0
    true_changes: int = 0  # pairs whose text truly changed
    recorded: int = 0
    false_versions: int = 0
    missed_edits: int = 0
    suspect: int = 0
    first_captures: int = 0
    first_recorded: int = 0
    items_true: int = 0
    items_reported: int = 0
    items_correct: int = 0
    field_errors: int = 0  # headline/standfirst change wrongly reported or missed
    reconciled: int = 0
    reasons: dict[str, int] | None = None
    failures: list[str] | None = None

    def as_dict(self) -> dict[str, float | int]:
        p = self.items_correct / self.items_reported if self.items_reported else 1.0
        r = self.items_correct / self.items_true if self.items_true else 1.0
        return {
            "articles": self.first_captures,
            "pairs": self.pairs,
            "pairs_truly_changed": self.true_changes,
            "versions_recorded": self.recorded,
            "false_versions": self.false_versions,
            "missed_edits": self.missed_edits,
            "suspect_captures": self.suspect,
            "first_captures_recorded": self.first_recorded,
            "change_items_true": self.items_true,
            "change_items_reported": self.items_reported,
            "change_precision": round(p, 4),
            "change_recall": round(r, 4),
            "field_errors": self.field_errors,
            "artefacts_reconciled": self.reconciled,
        }


def score(
    sequences: list[list[Capture]], *, cross_check: bool = True, profile: Profile | None = None
) -> Score:
    from redline import compare
    from redline.extract import decide_version, extract_article

    s = Score(failures=[], reasons={})
    for seq in sequences:
        baseline = None
        baseline_truth: Version | None = None
        for cap in seq:
            e = extract_article(
                cap.raw, url=cap.url, content_type=cap.content_type, profile=profile
            )
            if baseline is None:
                d = decide_version(None, e)
                s.first_captures += 1
                if d.record:
                    s.first_recorded += 1
                    baseline, baseline_truth = e, cap.truth
                else:
                    s.failures.append(f"{cap.article}/{cap.template}: first capture {d.reasons}")
                continue
            assert baseline_truth is not None
            d = decide_version(baseline, e, cross_check=cross_check)
            s.pairs += 1
            truth_cmp = compare(baseline_truth.text, cap.truth.text)
            truth_headline = baseline_truth.headline != cap.truth.headline
            truth_standfirst = baseline_truth.standfirst != cap.truth.standfirst
            truly = truth_cmp.changed or truth_headline or truth_standfirst
            s.true_changes += truly
            s.suspect += d.suspect
            s.recorded += d.record
            where = f"{cap.article}: {seq[0].template}.. -> {cap.template} v{cap.version}"
            if d.record and not truly:
                s.false_versions += 1
                s.failures.append(f"{where}: false version {d.reasons}")
            if truly and not d.record:
                s.missed_edits += 1
                s.failures.append(f"{where}: missed edit {d.reasons}")
            want = change_items(truth_cmp)
            got = change_items(d.comparison) if d.comparison is not None else set()
            s.items_true += len(want)
            s.items_reported += len(got)
            s.items_correct += len(want & got)
            if want != got:
                s.failures.append(
                    f"{where}: changes differ: missing {want - got}, extra {got - want}"
                )
            if d.headline_changed != truth_headline or d.standfirst_changed != truth_standfirst:
                s.field_errors += 1
                s.failures.append(f"{where}: headline/standfirst change misreported {d.reasons}")
            if d.reconciled is not None:
                s.reconciled += len(d.reconciled.evidence)
                for ev in d.reconciled.evidence:
                    s.reasons[ev.reason] = s.reasons.get(ev.reason, 0) + 1
            if d.record:
                baseline, baseline_truth = e, cap.truth
    return s


def heldout_captures() -> list[list[Capture]]:
    """The held-out sequences (``heldout.toml``): templates the rules were not tuned on."""
    with open(CORPUS_DIR / "heldout.toml", "rb") as f:
        sequences = tomllib.load(f)["sequence"]
    by_id = {a["id"]: (i, a) for i, a in enumerate(articles())}
    out = []
    for seq in sequences:
        index, article = by_id[seq["article"]]
        out.append(captures({**article, "captures": seq["captures"]}, index))
    return out
