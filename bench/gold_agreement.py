"""Agreement of a second hand alignment with the held-out gold, beside Redline's.

Twenty held-out pairs (``tests/data/gold_heldout``, drawn at random with seed
20261205) were aligned a second time by two annotators who saw only the two
texts and the linking policy (``tests/data/gold_heldout/GUIDELINES.md``), not
the gold alignment, the pairs' names or Redline: ``tests/data/gold_agreement``
(``folders.json`` names each folder's pair; the annotators' judgement calls are
in its ``NOTES.md`` files). The second alignment is scored against the gold as
if it were an aligner, with the measures of ``bench/gold_alignment.py``, and so
is Redline on the same pairs: how far the aligner is from what a careful reader
does, and how much of that distance is the policy's own ambiguity.

Only totals are printed (the pairs are held out).

Usage: ``python bench/gold_agreement.py``
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import gold_alignment as gold  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_DIR = ROOT / "tests" / "data" / "gold_agreement"
HELDOUT_DIR = ROOT / "tests" / "data" / "gold_heldout"


def second_alignments() -> list[tuple[Any, dict[str, Any]]]:
    """``(gold case, second annotation)`` for every pair aligned twice."""
    folders = json.loads((AGREEMENT_DIR / "folders.json").read_text(encoding="utf-8"))
    cases = {c.name: c for c in gold.load_cases(HELDOUT_DIR)}
    out = []
    for folder, name in sorted(folders.items()):
        second = json.loads((AGREEMENT_DIR / folder / "expected.json").read_text(encoding="utf-8"))
        out.append((cases[name], second))
    return out


def main() -> None:
    pairs = second_alignments()
    human, machine = gold.Score(), gold.Score()
    for case, second in pairs:
        human += gold.score_items(
            second["links"],
            case.items,
            not second.get("no_meaningful_change", False),
            case.no_change,
        )
        items, changed = gold.redline_aligner(case.old, case.new)
        machine += gold.score_items(items, case.items, changed, case.no_change)
    print(f"{len(pairs)} held-out pairs aligned twice by hand")
    gold.print_totals(human, "second hand alignment against the gold")
    gold.print_totals(machine, "redline against the gold (same pairs)")


if __name__ == "__main__":
    main()
