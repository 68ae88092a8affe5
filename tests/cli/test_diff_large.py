"""``redline diff`` of huge documents through the real command: every format
complete and well formed, huge changes shown without edit classes, a single
change in a huge document shown like any other. Speed and memory are measured
by ``bench/large_diff.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.test_diff_cli import run, write

from redline.cli.diff import EXPLAIN_CHANGES

COUNT = EXPLAIN_CHANGES + 500


def _sentences() -> list[str]:
    return [
        f"Paragraph {k} says the committee met for {k % 90 + 2} minutes in ward {k % 97}."
        for k in range(COUNT)
    ]


@pytest.mark.slow
def test_reversed_huge_document(tmp_path: Path) -> None:
    sentences = _sentences()
    old = write(tmp_path, "old.txt", "\n".join(sentences))
    new = write(tmp_path, "new.txt", "\n".join(reversed(sentences)))

    text = run(old, new)
    assert text.returncode == 1, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == f"{COUNT - 1} sentences moved"
    assert lines[1] == ""  # no line of edit classes for a change this big
    assert sum(1 for line in lines if line.startswith(" > [moved from sentence")) == COUNT - 1

    data = run(old, new, "--format", "json")
    assert data.returncode == 1
    parsed = json.loads(data.stdout)
    assert parsed["counts"]["moved"] == COUNT - 1
    assert len(parsed["alignment"]) == COUNT

    page = run(old, new, "--format", "html")
    assert page.returncode == 1
    assert page.stdout.rstrip().endswith("</html>")
    # every moved sentence has its item and a "moved away" row at its old place
    assert page.stdout.count('<li class="item moved-from"') == COUNT - 1


@pytest.mark.slow
def test_one_change_in_a_huge_document_is_explained(tmp_path: Path) -> None:
    sentences = _sentences()
    edited = list(sentences)
    edited[COUNT // 2] = edited[COUNT // 2].replace("met for", "met for only")
    old = write(tmp_path, "old.txt", "\n".join(sentences))
    new = write(tmp_path, "new.txt", "\n".join(edited))
    text = run(old, new)
    assert text.returncode == 1, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "1 sentence edited"
    assert lines[1]  # the edit classes' line
    assert f"   … {COUNT // 2 - 1} unchanged sentences" in lines
    assert "{+only+}" in text.stdout
