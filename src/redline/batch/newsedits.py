"""The NewsEdits layout: import it, re-align it, compare with its matches, export to it.

NewsEdits publishes one SQLite file per outlet with (among others) the tables::

    split_sentences(entry_id, version, sent_idx, sentence)
    matched_sentences(entry_id, version_x, version_y, sent_idx_x, sent_idx_y, ...)

where a ``matched_sentences`` row with one index null is an added or deleted
sentence. :func:`read_versions` turns a file into corpus records (one sentence per
line; the outlet, from the file name, is the source and prefixes article ids);
:func:`agreement` re-aligns every version pair NewsEdits matched, on NewsEdits' own
sentences, and scores Redline's links against NewsEdits' matches; :func:`export`
writes batch output back in the same layout (SQLite per source, or Parquet).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from redline.batch.io import dataset
from redline.batch.sqlitefile import open_readonly
from redline.comparison import compare
from redline.errors import InputError
from redline.text.document import Document, Sentence
from redline.text.normalize import normalize

__all__ = ["Agreement", "agreement", "export", "read_versions"]

SPLIT_DDL = (
    "CREATE TABLE split_sentences (entry_id TEXT, version INTEGER, sent_idx INTEGER, sentence TEXT)"
)
MATCHED_DDL = (
    "CREATE TABLE matched_sentences (entry_id TEXT, version_x INTEGER, "
    "version_y INTEGER, sent_idx_x INTEGER, sent_idx_y INTEGER, op TEXT, "
    "similarity REAL)"
)


def _connect(path: str | Path) -> sqlite3.Connection:
    return open_readonly(path, {"split_sentences"}, "NewsEdits")


def _int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return int(f) if math.isfinite(f) else None


def _outlet(path: str | Path) -> str:
    return Path(path).stem


def _by_entry(con: sqlite3.Connection, sql: str) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """Rows of *sql* (entry id first, as text) grouped by entry, in entry order.

    SQLite sorts (on disk if need be), so only one entry is held in memory.
    """
    from itertools import groupby

    rows = con.execute(sql)
    for entry, group in groupby(rows, key=lambda r: r[0]):
        yield entry, [r[1:] for r in group]


def _entry_sentences(
    con: sqlite3.Connection,
) -> Iterator[tuple[str, dict[int, list[tuple[int, str]]]]]:
    """Each entry's versions: version -> [(sent_idx, sentence)] in sentence order."""
    sql = (
        "SELECT CAST(entry_id AS TEXT) AS e, version, sent_idx, sentence "
        "FROM split_sentences ORDER BY e"
    )
    for entry, rows in _by_entry(con, sql):
        versions: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for version, idx, sentence in rows:
            v, i = _int(version), _int(idx)
            if v is None or i is None or sentence is None:
                continue
            versions[v].append((i, str(sentence)))
        for sents in versions.values():
            sents.sort()
        yield entry, versions


def _entry_matches(
    con: sqlite3.Connection,
) -> Iterator[tuple[str, dict[tuple[int, int], set[tuple[int, int]]]]]:
    """Each entry's matched version pairs: (version_x, version_y) -> {(sent_idx_x, sent_idx_y)}."""
    sql = (
        "SELECT CAST(entry_id AS TEXT) AS e, version_x, version_y, sent_idx_x, sent_idx_y "
        "FROM matched_sentences ORDER BY e"
    )
    for entry, rows in _by_entry(con, sql):
        pairs: dict[tuple[int, int], set[tuple[int, int]]] = {}
        for vx, vy, sx, sy in rows:
            x, y = _int(vx), _int(vy)
            if x is None or y is None:
                continue
            links = pairs.setdefault((x, y), set())
            i, j = _int(sx), _int(sy)
            if i is not None and j is not None:
                links.add((i, j))
        yield entry, pairs


def read_versions(path: str | Path) -> Iterator[dict[str, Any]]:
    """Corpus records of one NewsEdits file (article ids are ``outlet/entry_id``)."""
    outlet = _outlet(path)
    con = _connect(path)
    try:
        for entry, versions in _entry_sentences(con):
            for version, sents in sorted(versions.items()):
                yield {
                    "article": f"{outlet}/{entry}",
                    "version": version,
                    "time": None,
                    "source": outlet,
                    "text": "\n".join(s for _, s in sents),
                }
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: cannot read split_sentences ({exc})") from exc
    finally:
        con.close()


def _document(sents: list[tuple[int, str]]) -> tuple[Document, list[int]]:
    """A document on NewsEdits' own sentences (one per paragraph) and their sent_idx."""
    out = [Sentence(k, text, normalize(text), k) for k, (_, text) in enumerate(sents)]
    return Document(tuple(out), tuple((k, k + 1) for k in range(len(out)))), [i for i, _ in sents]


@dataclass(slots=True)
class Agreement:
    """Redline's sentence links scored against NewsEdits' matches (micro-averaged)."""

    pairs: int = 0
    newsedits_links: int = 0
    redline_links: int = 0
    common_links: int = 0
    sentences: int = 0
    same_fate: int = 0
    skipped: int = 0
    per_outlet: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.common_links / self.redline_links if self.redline_links else 1.0

    @property
    def recall(self) -> float:
        return self.common_links / self.newsedits_links if self.newsedits_links else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fate_agreement(self) -> float:
        """Share of sentences (both sides) whose links are exactly the same in both."""
        return self.same_fate / self.sentences if self.sentences else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "newsedits_links": self.newsedits_links,
            "redline_links": self.redline_links,
            "common_links": self.common_links,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "sentences": self.sentences,
            "fate_agreement": round(self.fate_agreement, 4),
            "skipped": self.skipped,
        }


def _fates(
    links: set[tuple[int, int]],
    olds: list[int],
    news: list[int],
) -> tuple[dict[int, frozenset[int]], dict[int, frozenset[int]]]:
    old_f: dict[int, set[int]] = {i: set() for i in olds}
    new_f: dict[int, set[int]] = {j: set() for j in news}
    for i, j in links:
        old_f.setdefault(i, set()).add(j)
        new_f.setdefault(j, set()).add(i)
    return (
        {k: frozenset(v) for k, v in old_f.items()},
        {k: frozenset(v) for k, v in new_f.items()},
    )


def _score(
    part: Agreement,
    old: list[tuple[int, str]],
    new: list[tuple[int, str]],
    theirs: set[tuple[int, int]],
) -> None:
    old_doc, old_ids = _document(old)
    new_doc, new_ids = _document(new)
    ours = {
        (old_ids[i], new_ids[j])
        for link in compare(old_doc, new_doc).links
        for i in link.old
        for j in link.new
    }
    part.pairs += 1
    part.newsedits_links += len(theirs)
    part.redline_links += len(ours)
    part.common_links += len(theirs & ours)
    a_old, a_new = _fates(ours, old_ids, new_ids)
    b_old, b_new = _fates(theirs, old_ids, new_ids)
    for mine, other in ((a_old, b_old), (a_new, b_new)):
        for k in mine:
            part.sentences += 1
            part.same_fate += mine[k] == other.get(k, frozenset())


def agreement(paths: list[str | Path]) -> Agreement:
    """Re-align every version pair in ``matched_sentences`` and compare the links."""
    total = Agreement()
    for path in paths:
        con = _connect(path)
        sentences_con = _connect(path)  # a second cursor walks split_sentences alongside
        part = Agreement()
        try:
            texts = _entry_sentences(sentences_con)
            current: tuple[str, dict[int, list[tuple[int, str]]]] | None = next(texts, None)
            for entry, pairs in _entry_matches(con):
                while current is not None and current[0] < entry:
                    current = next(texts, None)
                versions = current[1] if current is not None and current[0] == entry else {}
                for (x, y), theirs in sorted(pairs.items()):
                    if x not in versions or y not in versions:
                        part.skipped += 1
                        continue
                    _score(part, versions[x], versions[y], theirs)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: cannot read the NewsEdits tables ({exc})") from exc
        finally:
            con.close()
            sentences_con.close()
        total.per_outlet[_outlet(path)] = {
            "pairs": part.pairs,
            "precision": part.precision,
            "recall": part.recall,
            "f1": part.f1,
            "fate_agreement": part.fate_agreement,
        }
        for name in (
            "pairs",
            "newsedits_links",
            "redline_links",
            "common_links",
            "sentences",
            "same_fate",
            "skipped",
        ):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def _slug(source: str | None) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", source or "unknown").strip("-.")
    return slug or "unknown"


#: NewsEdits table -> (batch table, NewsEdits column -> batch column)
_LAYOUT: dict[str, tuple[str, dict[str, str]]] = {
    "split_sentences": (
        "sentences",
        {"entry_id": "article", "version": "version", "sent_idx": "index", "sentence": "text"},
    ),
    "matched_sentences": (
        "alignments",
        {
            "entry_id": "article",
            "version_x": "old_version",
            "version_y": "new_version",
            "sent_idx_x": "old_index",
            "sent_idx_y": "new_index",
            "op": "op",
            "similarity": "similarity",
        },
    ),
}


def _batches(batch_out: str | Path, name: str) -> Iterator[pa.Table]:
    """The NewsEdits table *name* from batch output, a batch at a time (never all at once)."""
    table, columns = _LAYOUT[name]
    for batch in dataset(batch_out, table).to_batches(
        columns=list(columns.values()), batch_size=65536
    ):
        yield pa.Table.from_batches([batch]).rename_columns(list(columns))


def export(batch_out: str | Path, dest: str | Path, *, fmt: str = "sqlite") -> list[Path]:
    """Write batch output as NewsEdits tables: one SQLite file per source, or Parquet.

    The tables are streamed batch by batch, so outputs larger than memory export too;
    only the article → source map is held in memory.
    """
    if fmt not in ("sqlite", "parquet"):
        raise InputError(f"unknown export format {fmt!r} (sqlite or parquet)")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    versions = dataset(batch_out, "versions").to_table(columns=["article", "source"])
    source_of = dict(
        zip(
            versions.column("article").to_pylist(),
            versions.column("source").to_pylist(),
            strict=True,
        )
    )
    if fmt == "parquet":
        paths = []
        for name in _LAYOUT:
            path = dest / f"{name}.parquet"
            writer: pq.ParquetWriter | None = None
            try:
                for part in _batches(batch_out, name):
                    src = pa.array(
                        [source_of.get(a) for a in part.column("entry_id").to_pylist()], pa.string()
                    )
                    part = part.append_column("source", src)
                    if writer is None:
                        writer = pq.ParquetWriter(path, part.schema, compression="zstd")
                    writer.write_table(part)
            finally:
                if writer is not None:
                    writer.close()
            paths.append(path)
        return paths
    cons: dict[str, sqlite3.Connection] = {}

    def connection(slug: str) -> sqlite3.Connection:
        if slug not in cons:
            path = dest / f"{slug}.db"
            if path.exists():
                path.unlink()
            cons[slug] = sqlite3.connect(path)
            cons[slug].execute(SPLIT_DDL)
            cons[slug].execute(MATCHED_DDL)
        return cons[slug]

    try:
        for source in set(source_of.values()):
            connection(_slug(source))
        for name in _LAYOUT:
            for part in _batches(batch_out, name):
                rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
                columns = [c.to_pylist() for c in part.columns]
                for row in zip(*columns, strict=True):
                    rows[_slug(source_of.get(row[0]))].append(row)
                marks = ", ".join("?" * part.num_columns)
                for slug, chunk in rows.items():
                    connection(slug).executemany(f"INSERT INTO {name} VALUES ({marks})", chunk)
        for con in cons.values():
            con.execute("CREATE INDEX split_entry ON split_sentences (entry_id, version)")
            con.execute(
                "CREATE INDEX matched_entry ON matched_sentences (entry_id, version_x, version_y)"
            )
            con.commit()
    finally:
        for con in cons.values():
            con.close()
    slugs = sorted(cons)
    return [dest / f"{slug}.db" for slug in slugs]
