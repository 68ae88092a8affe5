"""Synthetic corpora of article version chains, for benchmarks and tests.

Articles are made by filling hand-written sentence templates (no downloaded
data); each article then goes through a chain of versions whose edits follow the
mix seen in real newsrooms: additions most common, then edits (figures updated,
words changed, clauses added), deletions and moves, with a few splits, merges and
typography-only touches. Everything derives from the seed: the same seed and size
give the same corpus, and article *k* does not depend on how many come after it.
Versions per article average about 3.8 (NewsEdits: 4.6M versions / 1.2M articles).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from redline.batch.schema import arrow_schema

__all__ = ["EDIT_MIX", "SynthOptions", "generate", "generate_pairs", "write_corpus"]

#: share of each kind of edit in a version step (additions most common)
EDIT_MIX: dict[str, float] = {
    "add": 0.42,
    "edit": 0.30,
    "delete": 0.13,
    "move": 0.08,
    "split": 0.025,
    "merge": 0.025,
    "typography": 0.02,
}

_PEOPLE = (
    "Maria Lopez",
    "James Okafor",
    "Chen Wei",
    "Aisha Rahman",
    "Tom Becker",
    "Sofia Rossi",
    "David Mensah",
    "Elena Petrova",
    "Liam O'Brien",
    "Priya Nair",
    "Jonas Lindqvist",
    "Fatima Diallo",
    "Hugo Martin",
    "Grace Kim",
    "Omar Haddad",
)
_ROLES = (
    "the mayor",
    "a police spokesperson",
    "the health minister",
    "the fire chief",
    "a local councillor",
    "the company's chief executive",
    "a union leader",
    "the head coach",
    "an eyewitness",
    "a hospital spokeswoman",
    "the regional governor",
)
_PLACES = (
    "Riverton",
    "the northern district",
    "Lakeside",
    "the city centre",
    "Port Ellis",
    "the old harbour",
    "Westbrook",
    "the coastal road",
    "Millford",
    "the industrial park",
)
_ORGS = (
    "the transport authority",
    "the national weather service",
    "the regional council",
    "the football club",
    "the central bank",
    "the university hospital",
    "the ministry",
    "the electricity company",
    "the rescue service",
    "the port authority",
)
_EVENTS = (
    "the fire",
    "the storm",
    "the strike",
    "the collision",
    "the flooding",
    "the election count",
    "the final",
    "the power cut",
    "the evacuation",
    "the protest",
)
_DAYS = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "overnight",
    "earlier today",
    "last week",
)
_VERBS = ("said", "confirmed", "told reporters", "announced", "warned", "added")
_UNITS = ("people", "homes", "vehicles", "workers", "passengers", "families")
_HEADLINES = (
    "{event_t} leaves {num} {unit} affected in {place}",
    "{person} responds after {event} in {place}",
    "Questions grow over {event} as {org} reviews response",
    "Live: {event_t} in {place}",
    "What we know about {event} so far",
)
_TEMPLATES = (
    "{person}, {role}, {verb} that {num} {unit} had been affected by {event} {day}.",
    "Emergency crews were called to {place} {day} after reports of {event}.",
    "{org_t} said it was monitoring the situation closely.",
    "According to {org}, at least {num} {unit} were moved to safety.",
    "\u201cWe are doing everything we can to help those affected,\u201d {person} said.",
    "\u201cThis has been a very difficult {period} for everyone in {place},\u201d {role} {verb}.",
    "Residents in {place} described hearing a loud noise shortly before {time}.",
    "The cause of {event} is not yet known and an investigation has begun.",
    "{org_t} has opened a helpline for families seeking information.",
    "Roads around {place} remain closed and drivers are advised to avoid the area.",
    "{person} {verb} that the response had been \u201cswift and well organised\u201d.",
    "Figures released by {org} show {num} {unit} were affected in the past {period}.",
    "It is the {ordinal} time this year that {place} has been hit by {event}.",
    "Local businesses said they expected the disruption to last until {day2}.",
    "Police said {num} people had been arrested in connection with {event}.",
    "{role_t} is expected to visit {place} {day}.",
    "Critics said {org} had ignored warnings about {event} for years.",
    "{person} said the community had shown \u201cremarkable resilience\u201d.",
    "A statement from {org} said services would resume {day}.",
    "The total cost of the damage has been estimated at \u00a3{num} million.",
    "Opposition politicians called for an independent inquiry into {event}.",
    "Schools in {place} will remain closed until further notice.",
    "More than {num} volunteers joined the clean-up in {place}.",
    "Weather forecasters expect conditions to improve by {day2}.",
    "{person}, who lives nearby, said: \u201cI have never seen anything like it.\u201d",
)
_LATE = (  # sentences typical of later versions
    "Update: {org} has now confirmed that {num} {unit} were affected.",
    "{person} later said the situation was \u201cunder control\u201d.",
    "In a further statement, {org} said it would publish a full report.",
    "The number of {unit} affected has risen to {num}, officials said.",
    "It has since emerged that {event} began shortly after {time}.",
    "{role_t} has since apologised for the delay in the response.",
)
_CLAUSES = (
    ", officials said",
    " on Monday evening",
    ", according to local media",
    ", police added",
    " for the second time this week",
    ", sources said",
)
_SOURCES = (
    "The Daily Courier",
    "Morning Ledger",
    "City Herald",
    "Evening Post",
    "National Tribune",
    "Coastal Gazette",
    "Metro Record",
    "The Observer Wire",
    "Northern Echo Online",
    "Valley Times",
    "Harbour News",
    "The Sentinel",
    "Capital Bulletin",
    "Le Quotidien",
    "La Voix du Nord-Ouest",
    "Weekly Standard",
    "Global Dispatch",
    "Midland Reporter",
    "The Chronicle",
    "Island Press",
    "Union Journal",
    "Riverside Review",
)


@dataclass(frozen=True, slots=True)
class SynthOptions:
    """Size and shape of a synthetic corpus."""

    seed: int = 0
    min_sentences: int = 10
    max_sentences: int = 32
    extra_versions_p: float = 0.35
    """Chance parameter of the geometric number of versions beyond the first two."""
    max_versions: int = 25


class _Filler:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.event = rng.choice(_EVENTS)
        self.place = rng.choice(_PLACES)

    def fill(self, template: str) -> str:
        r = self.rng
        event = self.event if r.random() < 0.7 else r.choice(_EVENTS)
        org = r.choice(_ORGS)
        role = r.choice(_ROLES)
        values = {
            "person": r.choice(_PEOPLE),
            "role": role,
            "role_t": role[0].upper() + role[1:],
            "verb": r.choice(_VERBS),
            "num": str(r.choice((2, 3, 5, 7, 12, 15, 20, 40, 120, 350, 1200)) + r.randint(0, 9)),
            "unit": r.choice(_UNITS),
            "event": event,
            "event_t": event[4:].capitalize(),
            "day": r.choice(_DAYS),
            "day2": r.choice(
                ("Friday", "the weekend", "next week", "Monday", "the end of the month")
            ),
            "place": self.place if r.random() < 0.6 else r.choice(_PLACES),
            "org": org,
            "org_t": org[0].upper() + org[1:],
            "period": r.choice(("week", "few days", "month", "year")),
            "time": f"{r.randint(1, 11)}:{r.choice(('00', '15', '30', '45'))}",
            "ordinal": r.choice(("second", "third", "fourth")),
        }
        return template.format(**values)


def _article(rng: random.Random, opts: SynthOptions, filler: _Filler) -> list[list[str]]:
    n = rng.randint(opts.min_sentences, opts.max_sentences)
    pool = list(_TEMPLATES)
    rng.shuffle(pool)
    sentences = [filler.fill(pool[k % len(pool)]) for k in range(n)]
    paragraphs: list[list[str]] = [[filler.fill(rng.choice(_HEADLINES))]]
    k = 0
    while k < len(sentences):
        size = rng.choice((1, 1, 2, 2, 3))
        paragraphs.append(sentences[k : k + size])
        k += size
    return paragraphs


def _body(paragraphs: list[list[str]]) -> list[tuple[int, int]]:
    """Positions (paragraph, sentence) of body sentences (not the headline)."""
    return [(p, s) for p in range(1, len(paragraphs)) for s in range(len(paragraphs[p]))]


def _edit_sentence(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    digits = [k for k, w in enumerate(words) if any(c.isdigit() for c in w)]
    roll = rng.random()
    if digits and roll < 0.4:  # a figure is updated
        k = rng.choice(digits)
        words[k] = "".join(str(rng.randint(1, 9)) if c.isdigit() else c for c in words[k])
        return " ".join(words)
    if roll < 0.7:  # a clause is added before the final stop
        clause = rng.choice(_CLAUSES)
        if text.endswith((".", "!", "?")) and not text.endswith(".\u201d"):
            return text[:-1] + clause + text[-1]
        return text + clause.replace(",", "", 1) + "."
    if len(words) > 6:  # a word is dropped or replaced
        k = rng.randrange(1, len(words) - 1)
        if rng.random() < 0.5:
            del words[k]
        else:
            words[k] = rng.choice(("several", "many", "local", "senior", "new", "further"))
    return " ".join(words)


def _step(rng: random.Random, paragraphs: list[list[str]], filler: _Filler) -> None:
    kinds = list(EDIT_MIX)
    weights = [EDIT_MIX[k] for k in kinds]
    for _ in range(1 + min(int(rng.expovariate(0.6)), 8)):
        kind = rng.choices(kinds, weights)[0]
        body = _body(paragraphs)
        if kind == "add" or len(body) < 4:
            text = filler.fill(rng.choice(_LATE + _TEMPLATES))
            roll = rng.random()
            if roll < 0.45:
                paragraphs.append([text])
            elif roll < 0.8:
                paragraphs.insert(rng.randint(1, len(paragraphs)), [text])
            else:
                para = (
                    paragraphs[rng.randint(1, len(paragraphs) - 1)]
                    if len(paragraphs) > 1
                    else paragraphs[0]
                )
                para.insert(rng.randint(0, len(para)), text)
        elif kind == "edit":
            p, s = rng.choice(body)
            paragraphs[p][s] = _edit_sentence(rng, paragraphs[p][s])
        elif kind == "delete":
            p, s = rng.choice(body)
            del paragraphs[p][s]
            if not paragraphs[p]:
                del paragraphs[p]
        elif kind == "move" and len(paragraphs) > 3:
            para = paragraphs.pop(rng.randint(1, len(paragraphs) - 1))
            paragraphs.insert(rng.randint(1, len(paragraphs)), para)
        elif kind == "split":
            p, s = rng.choice(body)
            text = paragraphs[p][s]
            if ", " in text and text.endswith("."):
                head, tail = text.split(", ", 1)
                paragraphs[p][s : s + 1] = [head + ".", tail[0].upper() + tail[1:]]
        elif kind == "merge":
            p, s = rng.choice(body)
            para = paragraphs[p]
            if s + 1 < len(para) and para[s].endswith(".") and para[s + 1][:1].isupper():
                para[s : s + 2] = [
                    para[s][:-1] + ", and " + para[s + 1][0].lower() + para[s + 1][1:]
                ]
        elif kind == "typography":
            p, s = rng.choice(body)
            paragraphs[p][s] = paragraphs[p][s].replace("'", "\u2019").replace(" - ", " \u2013 ")


def generate(
    articles: int,
    options: SynthOptions | None = None,
    *,
    start: int = 0,
) -> Iterator[dict[str, Any]]:
    """Version records ``{article, version, time, source, text}`` of *articles* articles."""
    opts = options or SynthOptions()
    epoch = datetime(2024, 1, 1, tzinfo=UTC)
    for k in range(start, start + articles):
        rng = random.Random(f"{opts.seed}:{k}")
        filler = _Filler(rng)
        paragraphs = _article(rng, opts, filler)
        extra = 0
        while rng.random() > opts.extra_versions_p and extra < opts.max_versions - 2:
            extra += 1
        when = epoch + timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        source = _SOURCES[rng.randrange(len(_SOURCES))]
        for v in range(1, 3 + extra):
            if v > 1:
                _step(rng, paragraphs, filler)
                when += timedelta(minutes=rng.randint(5, 12 * 60))
            text = "\n\n".join(" ".join(p) for p in paragraphs if p)
            yield {
                "article": f"synth-{k:08d}",
                "version": v,
                "time": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "source": source,
                "text": text,
            }


def write_corpus(
    path: str | Path, records: Iterator[dict[str, Any]], *, batch_rows: int = 5000
) -> int:
    """Write *records* as Parquet (``.parquet``) or JSON Lines; returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if path.suffix in (".parquet", ".pq"):
        schema = arrow_schema(
            ("article", pa.string()),
            ("version", pa.int64()),
            ("time", pa.string()),
            ("source", pa.string()),
            ("text", pa.string()),
        )
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            buf: list[dict[str, Any]] = []
            for rec in records:
                buf.append(rec)
                if len(buf) >= batch_rows:
                    writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                    count += len(buf)
                    buf = []
            if buf:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                count += len(buf)
        return count
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count


def generate_pairs(
    pairs: int,
    options: SynthOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """Whole articles until their chains hold at least *pairs* consecutive pairs."""
    made = 0
    k = 0
    while made < pairs:
        chain = list(generate(1, options, start=k))
        made += len(chain) - 1
        k += 1
        yield from chain
