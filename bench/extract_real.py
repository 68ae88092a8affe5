"""Extraction on real pages: body text against the expected text, beside trafilatura.

Usage (after ``bench/extract_corpus.py`` rebuilt ``tests/data/real/``)::

    python bench/extract_real.py                     # development part, with every failure
    python bench/extract_real.py --split heldout     # held-out part: figures only
    python bench/extract_real.py --split all --json out.json

For every page of the corpus:

- **precision / recall / F1** of the article text's word tokens (lower-cased
  ``\\w+`` runs, as multisets) against the expected text, averaged over pages.
  Redline's article text is the standfirst when the page shows it, then the body
  paragraphs (the headline is a field of its own and is not counted). The same
  figures are given for trafilatura's plain output (``trafilatura.extract`` with
  its defaults), the extractor Redline builds on;
- **glued sentences**: a sentence-final mark followed, without a space, by a
  capital letter or an opening quote, where the expected text has a paragraph
  break at that place (two block elements joined without a separator);
- **furniture lines kept**: body lines that the expected text does not hold and
  that are page furniture (live counters, "most read" and related-link lists,
  navigation and accessibility labels, help links, timestamps, share prompts,
  comment counts, ads), listed one by one.

The held-out part's failures are not printed unless ``--show-heldout`` is given:
rules are tuned on the development part only.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "real"

_TOKEN = re.compile(r"\w+", re.UNICODE)
_GLUE = re.compile(r"[.!?…][\"”’)]?(?=[A-Z“‘«]|\"[A-Z])")

FURNITURE = re.compile(
    r"(?:\b\d[\d,.]*\s*(?:people|readers|others)\s+(?:are\s+)?(?:reading|viewing|watching)\b"
    r"|\bpages?\s+read\b|\bmost\s+(?:read|popular|viewed|shared|emailed|commented)\b"
    r"|\b(?:trending|top stories|latest stories|recommended|you may also like|more from"
    r"|more stories|related (?:stories|articles|content|coverage|topics|links)|read more"
    r"|read next|up next|don'?t miss|further reading)\b"
    r"|\b(?:skip to|jump to|back to top|accessibility|navigation|main menu|sign in|log in"
    r"|subscribe|newsletter|cookie|privacy policy|terms of (?:use|service)|faqs?\b)"
    r"|\bshare (?:this|on)\b|\be-?mail this\b|\bfollow\b.{0,80}\bon (?:facebook|twitter|instagram)"
    r"|\b(?:advertisement|sponsored|promoted|ad feedback)\b"
    r"|\b\d+\s+comments?\b|\bcomments?\s*\(\d+\)"
    r"|\b(?:published|updated|posted)\b.{0,40}\d"
    r"|\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago\b"
    r"|^\W*(?:image|photo|video|media) (?:source|caption|credit)"
    r"|\ball rights reserved\b|©|\bcopyright\b)",
    re.IGNORECASE,
)


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def prf(pred: str, true: str) -> tuple[float, float, float]:
    p, t = Counter(tokens(pred)), Counter(tokens(true))
    common = sum((p & t).values())
    np_, nt = sum(p.values()), sum(t.values())
    if np_ == 0 and nt == 0:
        return 1.0, 1.0, 1.0
    precision = common / np_ if np_ else 0.0
    recall = common / nt if nt else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _squash(s: str) -> str:
    return "".join(tokens(s))


def glued(paragraphs: list[str], expected: str) -> list[str]:
    """Places where two expected paragraphs were joined without a separator."""
    exp = [_squash(p) for p in expected.split("\n\n") if p.strip()]
    ends = {e[-24:] for e in exp if e}
    starts = {e[:24] for e in exp if e}
    out = []
    for para in paragraphs:
        for m in _GLUE.finditer(para):
            left, right = _squash(para[: m.start() + 1]), _squash(para[m.end() :])
            if not left or not right:
                continue
            lk, rk = left[-24:], right[:24]
            if any(e.endswith(lk) or lk.endswith(e) for e in ends) and any(
                s.startswith(rk) or rk.startswith(s) for s in starts
            ):
                a = max(0, m.start() - 30)
                out.append(para[a : m.end() + 30])
    return out


def furniture(paragraphs: list[str], expected: str) -> list[str]:
    """Body lines that the expected text does not hold and that are page furniture."""
    exp = _squash(expected)
    out = []
    for para in paragraphs:
        key = _squash(para)
        if not key or key in exp:
            continue
        if len(para.split()) <= 40 and FURNITURE.search(para):
            out.append(para)
    return out


@dataclass
class Result:
    id: str
    split: str
    p: float
    r: float
    f1: float
    tp: float
    tr: float
    tf1: float
    glued: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    trafilatura_glued: int = 0
    error: str | None = None


def redline_text(raw: bytes, url: str) -> tuple[list[str], str | None]:
    from redline.errors import RedlineError
    from redline.extract import extract_article
    from redline.extract._crosscheck import PageText

    try:
        e = extract_article(raw, url=url)
    except RedlineError as exc:
        return [], str(exc)
    out = list(e.paragraphs)
    if e.standfirst and e.standfirst in PageText.of(e):
        out.insert(0, e.standfirst)
    return out, None


def trafilatura_text(raw: bytes, url: str) -> str:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.extract(raw, url=url or None) or ""


def run_page(item: dict[str, str]) -> Result:
    raw = (CORPUS / "pages" / f"{item['id']}.html").read_bytes()
    expected = (CORPUS / "expected" / f"{item['id']}.txt").read_text().strip()
    paragraphs, error = redline_text(raw, item["url"])
    text = "\n".join(paragraphs)
    p, r, f1 = prf(text, expected)
    traf = trafilatura_text(raw, item["url"])
    tp, tr, tf1 = prf(traf, expected)
    return Result(
        item["id"],
        item["split"],
        p,
        r,
        f1,
        tp,
        tr,
        tf1,
        glued(paragraphs, expected),
        furniture(paragraphs, expected),
        len(glued(traf.split("\n"), expected)),
        error,
    )


def load(split: str) -> list[dict[str, str]]:
    index = CORPUS / "index.jsonl"
    if not index.exists():
        sys.exit(f"{index} is missing: rebuild the corpus with bench/extract_corpus.py")
    items = [json.loads(line) for line in index.read_text().splitlines() if line.strip()]
    return [i for i in items if split == "all" or i["split"] == split]


def summary(results: list[Result]) -> dict[str, object]:
    def mean(xs: list[float]) -> float:
        return round(statistics.fmean(xs), 4) if xs else 0.0

    return {
        "pages": len(results),
        "redline": {
            "precision": mean([r.p for r in results]),
            "recall": mean([r.r for r in results]),
            "f1": mean([r.f1 for r in results]),
            "median_f1": round(statistics.median([r.f1 for r in results]), 4) if results else 0,
            "pages_f1_below_0.8": sum(1 for r in results if r.f1 < 0.8),
            "glued_sentences": sum(len(r.glued) for r in results),
            "furniture_lines_kept": sum(len(r.furniture) for r in results),
            "errors": sum(1 for r in results if r.error),
        },
        "trafilatura_plain": {
            "precision": mean([r.tp for r in results]),
            "recall": mean([r.tr for r in results]),
            "f1": mean([r.tf1 for r in results]),
            "median_f1": round(statistics.median([r.tf1 for r in results]), 4) if results else 0,
            "pages_f1_below_0.8": sum(1 for r in results if r.tf1 < 0.8),
            "glued_sentences": sum(r.trafilatura_glued for r in results),
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--show-heldout", action="store_true", help="also list held-out failures")
    ap.add_argument("--only", help="page ids containing this text")
    ap.add_argument("--worst", type=int, default=15, help="list the N pages of lowest F1")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)
    items = load(args.split)
    if args.only:
        items = [i for i in items if args.only in i["id"]]
    t0 = time.perf_counter()
    results = [run_page(i) for i in items]
    elapsed = time.perf_counter() - t0
    figures: dict[str, object] = {}
    for split in ("dev", "heldout"):
        part = [r for r in results if r.split == split]
        if part:
            figures[split] = summary(part)
    if args.split == "all":
        figures["all"] = summary(results)
    print(f"{len(results)} pages in {elapsed:.0f} s")
    print(json.dumps(figures, indent=2))
    visible = [r for r in results if r.split == "dev" or args.show_heldout]
    for r in visible:
        for g in r.glued:
            print(f"GLUED {r.id}: …{g}…")
        for f in r.furniture:
            print(f"FURNITURE {r.id}: {f[:120]}")
        if r.error:
            print(f"ERROR {r.id}: {r.error}")
    for r in sorted(visible, key=lambda r: r.f1)[: args.worst]:
        print(
            f"LOW {r.id}: F1 {r.f1:.3f} (P {r.p:.3f} R {r.r:.3f}); "
            f"trafilatura {r.tf1:.3f} (P {r.tp:.3f} R {r.tr:.3f})"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
