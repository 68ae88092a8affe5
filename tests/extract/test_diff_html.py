"""``redline diff A.html B.html`` compares the pages' article text, not their markup."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from redline.cli.main import cli

from .test_real_pages import HEADLINE, PARAS, page, paras


def _write(tmp_path: Path, name: str, body: list[str]) -> str:
    path = tmp_path / name
    path.write_bytes(page(f"<article><h1>{HEADLINE}</h1>{paras(body)}</article>"))
    return str(path)


def test_diff_of_two_html_pages_extracts_their_articles(tmp_path: Path) -> None:
    edited = [PARAS[0], PARAS[1].replace("30cm", "25cm"), *PARAS[2:]]
    a, b = _write(tmp_path, "a.html", PARAS), _write(tmp_path, "b.html", edited)
    result = CliRunner().invoke(cli, ["diff", a, b, "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "HTML page" in result.stderr and "extracted" in result.stderr
    out = json.loads(result.stdout)
    ops = [item["op"] for item in out["alignment"] if item["op"] != "unchanged"]
    assert ops == ["edited"]
    assert not any("<" in s for s in out["new_sentences"])


def test_diff_of_the_same_page_refetched_is_no_change(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.html", PARAS)
    b = tmp_path / "b.html"
    b.write_bytes(
        page(f"<article><h1>{HEADLINE}</h1>{paras()}<p>Advertisement</p></article>", scripts=3)
    )
    result = CliRunner().invoke(cli, ["diff", a, str(b)])
    assert result.exit_code == 0, result.output


def test_diff_of_text_files_is_unchanged(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One sentence here.\nAnother one.\n")
    b.write_text("One sentence here.\nAnother one, changed.\n")
    result = CliRunner().invoke(cli, ["diff", str(a), str(b)])
    assert result.exit_code == 1
    assert "HTML" not in result.stderr
