"""Rebuild the real-page extraction corpus (``tests/data/real/``) from public snapshots.

The pages are copies of third-party news and blog pages kept in two public
benchmark repositories; they are not committed here. This script rebuilds them
from local git snapshots of those repositories::

    python bench/extract_corpus.py \\
        --readability /path/to/mozilla/readability.git \\
        --scrapinghub /path/to/scrapinghub/article-extraction-benchmark.git

It writes ``tests/data/real/pages/<id>.html`` (the raw page bytes),
``tests/data/real/expected/<id>.txt`` (the expected article text, one
paragraph per block, blocks separated by a blank line) and
``tests/data/real/index.jsonl`` (one line a page: id, source, name, url, split,
sha256 of the page). ``tests/data/real/DATASHEET.md`` describes the corpus.

The split into a development part and a held-out part is fixed by a hash of the
page id (about 30% held out), so it does not depend on what the extractor does.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "real"

# Readability's test pages include small synthetic pages that exercise one parser
# rule each; the corpus keeps the captures of real sites (8 KiB of HTML or more).
_MIN_REAL_BYTES = 8 * 1024
_HELDOUT_SHARE = 30  # percent


def split_of(page_id: str) -> str:
    """``"heldout"`` for about 30% of ids, ``"dev"`` for the rest (by a hash of the id)."""
    h = int(hashlib.sha256(page_id.encode()).hexdigest()[:8], 16)
    return "heldout" if h % 100 < _HELDOUT_SHARE else "dev"


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={repo}", *args], check=True, capture_output=True
    ).stdout


def _ls(repo: Path, path: str) -> list[tuple[int, str]]:
    out = []
    for line in _git(repo, "ls-tree", "-r", "-l", "HEAD", path).decode().splitlines():
        meta, name = line.split("\t", 1)
        size = meta.split()[3]
        out.append((int(size) if size.isdigit() else 0, name))
    return out


_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "td")


def expected_from_html(markup: str) -> str:
    """Readability's ``expected.html`` as text: one block a paragraph (image
    captions left out: Redline keeps them out of the body by design)."""
    root = html.fromstring(markup)
    for el in list(root.iter("figcaption", "script", "style")):
        el.drop_tree()
    out: list[str] = []
    for el in root.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS for a in el.iterancestors()):
            continue
        t = " ".join(el.text_content().split())
        if t:
            out.append(t)
    if not out:
        t = " ".join(root.text_content().split())
        if t:
            out.append(t)
    return "\n\n".join(out)


def readability_pages(repo: Path) -> list[dict[str, object]]:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    pages = []
    for size, name in _ls(repo, "test/test-pages"):
        if not name.endswith("/source.html") or size < _MIN_REAL_BYTES:
            continue
        folder = name.rsplit("/", 2)[-2]
        raw = _git(repo, "show", f"HEAD:{name}")
        expected = _git(repo, "show", f"HEAD:{name[: -len('source.html')]}expected.html")
        pages.append(
            {
                "id": f"readability-{folder}",
                "source": "mozilla/readability",
                "commit": commit,
                "name": folder,
                "url": f"https://readability.test/{folder}",
                "raw": raw,
                "expected": expected_from_html(expected.decode("utf-8")),
            }
        )
    return pages


def scrapinghub_pages(repo: Path) -> list[dict[str, object]]:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    truth = json.loads(_git(repo, "show", "HEAD:ground-truth.json"))
    pages = []
    for key, item in sorted(truth.items()):
        raw = gzip.decompress(_git(repo, "show", f"HEAD:html/{key}.html.gz"))
        body = "\n\n".join(
            " ".join(p.split()) for p in item.get("articleBody", "").split("\n") if p.strip()
        )
        pages.append(
            {
                "id": f"zyte-{key[:12]}",
                "source": "scrapinghub/article-extraction-benchmark",
                "commit": commit,
                "name": key,
                "url": item.get("url") or "",
                "raw": raw,
                "expected": body,
            }
        )
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--readability", type=Path, help="git directory of mozilla/readability")
    ap.add_argument(
        "--scrapinghub", type=Path, help="git directory of scrapinghub/article-extraction-benchmark"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    pages: list[dict[str, object]] = []
    if args.readability:
        pages += readability_pages(args.readability)
    if args.scrapinghub:
        pages += scrapinghub_pages(args.scrapinghub)
    if not pages:
        ap.error("name at least one snapshot (--readability, --scrapinghub)")
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "expected").mkdir(parents=True, exist_ok=True)
    index = []
    for p in pages:
        pid = str(p["id"])
        raw = p["raw"]
        assert isinstance(raw, bytes)
        (args.out / "pages" / f"{pid}.html").write_bytes(raw)
        (args.out / "expected" / f"{pid}.txt").write_text(str(p["expected"]) + "\n")
        index.append(
            {
                "id": pid,
                "source": p["source"],
                "commit": p["commit"],
                "name": p["name"],
                "url": p["url"],
                "split": split_of(pid),
                "sha256": hashlib.sha256(raw).hexdigest(),
            }
        )
    with (args.out / "index.jsonl").open("w") as f:
        for item in index:
            f.write(json.dumps(item) + "\n")
    dev = sum(1 for i in index if i["split"] == "dev")
    print(f"{len(index)} pages ({dev} development, {len(index) - dev} held out) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
