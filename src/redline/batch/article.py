"""Align every consecutive version pair of one article into output rows.

This is the unit of work of both engines: it takes the input records of one
article (any order) and returns the rows of every output table. It does no I/O.
A version whose text cannot be segmented, or a pair the core fails on, becomes an
error row; the rest of the article is still aligned.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from redline.batch.chain import order_versions
from redline.batch.labels import label_pair
from redline.batch.schema import ALIGNMENTS, SENTENCES
from redline.comparison import Comparison, compare
from redline.text.decode import MAX_INPUT_BYTES
from redline.text.document import Document
from redline.text.segment import segment

__all__ = ["ArticleRows", "Columns", "align_article", "alignment_rows"]

Record = dict[str, Any]
MAX_TEXT_CHARS = MAX_INPUT_BYTES


class Columns:
    """Rows kept column by column (cheaper than one dict per row for the big tables)."""

    __slots__ = ("data",)

    def __init__(self, schema: pa.Schema) -> None:
        self.data: dict[str, list[Any]] = {name: [] for name in schema.names}

    def __len__(self) -> int:
        return len(next(iter(self.data.values())))

    def extend(self, other: Columns) -> None:
        for name, values in self.data.items():
            values.extend(other.data[name])

    def to_table(self, schema: pa.Schema) -> pa.Table:
        return pa.Table.from_pydict(self.data, schema=schema)


@dataclass(slots=True)
class ArticleRows:
    """Rows of each output table (see :mod:`redline.batch.schema`)."""

    versions: list[Record] = field(default_factory=list)
    sentences: Columns = field(default_factory=lambda: Columns(SENTENCES))
    alignments: Columns = field(default_factory=lambda: Columns(ALIGNMENTS))
    edits: list[Record] = field(default_factory=list)
    pairs: list[Record] = field(default_factory=list)
    errors: list[Record] = field(default_factory=list)

    def extend(self, other: ArticleRows) -> None:
        for name in ("versions", "sentences", "alignments", "edits", "pairs", "errors"):
            getattr(self, name).extend(getattr(other, name))


def _error(rec: Record, stage: str, reason: str) -> Record:
    return {
        "article": rec["article"],
        "version": rec.get("version"),
        "time": rec.get("time"),
        "stage": stage,
        "reason": reason,
        "text": rec.get("text"),
    }


def alignment_rows(comparison: Comparison, key: Record, out: Columns) -> None:
    """Append one row per sentence pair of each link to *out* (``alignments`` columns);
    *key* holds article and versions."""
    c = out.data
    article, old_version, new_version = key["article"], key["old_version"], key["new_version"]
    for k, link in enumerate(comparison.links):
        sim = None if link.op in ("added", "deleted") else link.similarity
        edited = link.text_changed if link.op == "moved" else None
        words = [{"op": w.op, "old": w.old, "new": w.new} for w in link.words] or None
        olds: Sequence[int | None] = link.old or (None,)
        news: Sequence[int | None] = link.new or (None,)
        first = True
        for i in olds:
            for j in news:
                c["article"].append(article)
                c["old_version"].append(old_version)
                c["new_version"].append(new_version)
                c["link"].append(k)
                c["op"].append(link.op)
                c["relation"].append(link.relation)
                c["old_index"].append(i)
                c["new_index"].append(j)
                c["similarity"].append(sim)
                c["edited"].append(edited)
                c["words"].append(words if first else None)
                first = False


def _version_rows(rec: Record, doc: Document, out: ArticleRows) -> None:
    article, version = rec["article"], rec["version"]
    out.versions.append(
        {
            "article": article,
            "version": version,
            "time": rec.get("time"),
            "source": rec.get("source"),
            "sentences": len(doc.sentences),
            "paragraphs": len(doc.paragraphs),
            "chars": len(rec["text"]),
            "dropped": list(doc.dropped),
        }
    )
    c = out.sentences.data
    for s in doc.sentences:
        c["article"].append(article)
        c["version"].append(version)
        c["index"].append(s.index)
        c["text"].append(s.text)
        c["paragraph"].append(s.paragraph)
        c["heading"].append(s.heading)


def align_article(records: Sequence[Record]) -> ArticleRows:
    """All output rows for the records of one article."""
    out = ArticleRows()
    kept, errors = order_versions(records)
    out.errors.extend(errors)
    chain: list[tuple[Record, Document]] = []
    for rec in kept:
        if len(rec["text"]) > MAX_TEXT_CHARS:
            out.errors.append(
                _error(
                    rec,
                    "input",
                    f"text is {len(rec['text']):,} characters; the limit is {MAX_TEXT_CHARS:,}",
                )
            )
            continue
        try:
            doc = segment(rec["text"])
        except Exception as exc:  # a bad version must not stop the corpus
            out.errors.append(_error(rec, "segment", f"{type(exc).__name__}: {exc}"))
            continue
        _version_rows(rec, doc, out)
        chain.append((rec, doc))

    first_time = chain[0][0].get("time") if chain else None
    for (old, old_doc), (new, new_doc) in itertools.pairwise(chain):
        key = {
            "article": old["article"],
            "old_version": old["version"],
            "new_version": new["version"],
        }
        try:
            comparison = compare(old_doc, new_doc)
            alignments = Columns(ALIGNMENTS)
            alignment_rows(comparison, key, alignments)
            edits, extra = label_pair(
                comparison,
                old_time=old.get("time"),
                new_time=new.get("time"),
                first_time=first_time,
            )
        except Exception as exc:  # reported per pair; the job goes on
            out.errors.append(
                _error(
                    new,
                    "align",
                    f"aligning version {old['version']} → "
                    f"{new['version']} failed: "
                    f"{type(exc).__name__}: {exc}",
                )
            )
            continue
        out.alignments.extend(alignments)
        out.edits.extend({**key, "edit": n, **row} for n, row in enumerate(edits))
        counts = comparison.counts()
        out.pairs.append(
            {
                **key,
                "old_time": old.get("time"),
                "new_time": new.get("time"),
                "source": new.get("source") or old.get("source"),
                "old_sentences": len(old_doc.sentences),
                "new_sentences": len(new_doc.sentences),
                "changed": comparison.changed,
                **counts,
                "summary": comparison.summary(),
                **extra,
            }
        )
    return out
