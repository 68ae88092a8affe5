"""``redline diff`` through the real command: formats, exit codes and bad input.

Every test runs the installed ``redline`` program in a subprocess, as a user or
a script would. The timeouts only guard against hangs; speed is measured by
``bench/align_speed.py``.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import SEED_NEW, SEED_OLD

REDLINE = Path(sys.executable).with_name("redline")
GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
HANG_GUARD = 120  # seconds; a hang, not a slow run, fails these tests


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(REDLINE), "diff", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=HANG_GUARD,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check_contract(data: dict) -> None:
    """The JSON contract: indices cover each sentence list exactly once."""
    n, m = len(data["old_sentences"]), len(data["new_sentences"])
    olds = sorted(i for item in data["alignment"] for i in item["old"])
    news = sorted(j for item in data["alignment"] for j in item["new"])
    assert olds == list(range(n))
    assert news == list(range(m))
    for item in data["alignment"]:
        assert item["op"] in ("unchanged", "edited", "moved", "added", "deleted")
        assert (item["op"] == "added") == (not item["old"])
        assert (item["op"] == "deleted") == (not item["new"])


# --- formats and exit codes ------------------------------------------------


def test_seed_pair_text_format_summary_first_and_exit_1():
    r = run(SEED_OLD, SEED_NEW, "--no-color")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("4 sentences edited, 16 added, 2 deleted, 1 split")
    assert "Warholm reclaims world title" in r.stdout
    assert "\x1b[" not in r.stdout  # --no-color


def test_seed_pair_json_contract():
    r = run(SEED_OLD, SEED_NEW, "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    check_contract(data)
    ops = [item["op"] for item in data["alignment"]]
    assert ops.count("added") == 16 and ops.count("deleted") == 2
    split = [item for item in data["alignment"] if item.get("relation") == "split"]
    assert len(split) == 1 and len(split[0]["new"]) == 2
    edited = [item for item in data["alignment"] if item["op"] == "edited"]
    assert all(item["words"] and 0 < item["similarity"] < 1 for item in edited)
    assert data["changed"] is True


def test_html_format_is_a_standalone_page_and_escapes_markup(tmp_path):
    old = write(tmp_path, "old.txt", "The mayor spoke on Monday.\nRoads stay closed.\n")
    new = write(
        tmp_path,
        "new.txt",
        "The mayor spoke on Monday <script>alert('x')</script> at length.\n"
        "Roads stay closed.\n<b>Bold claim</b> & more.\n",
    )
    r = run(old, new, "--format", "html")
    assert r.returncode == 1
    page = r.stdout
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<script>" not in page and "<b>Bold" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;Bold claim&lt;/b&gt; &amp; more." in page
    assert "http://" not in page and "https://" not in page  # no external resources


def test_identical_and_typography_only_versions_exit_0():
    case = GOLD / "11_typography_only"
    for fmt in ("text", "json", "html"):
        r = run(case / "old.txt", case / "new.txt", "--format", fmt)
        assert r.returncode == 0, (fmt, r.stderr)
    r = run(case / "old.txt", case / "new.txt", "--format", "json")
    data = json.loads(r.stdout)
    assert data["changed"] is False
    assert {item["op"] for item in data["alignment"]} == {"unchanged"}
    assert run(SEED_NEW, SEED_NEW).returncode == 0


def test_standard_input_is_accepted_for_one_side():
    r = run("-", SEED_NEW, "--format", "json", stdin=SEED_OLD.read_bytes())
    assert r.returncode == 1
    assert json.loads(r.stdout)["summary"].startswith("4 sentences edited")
    both = run("-", "-", stdin=b"x")
    assert both.returncode == 2
    assert "standard input" in both.stderr


# --- bad input ---------------------------------------------------------------


def test_empty_files(tmp_path):
    empty = write(tmp_path, "empty.txt", "")
    r = run(empty, empty, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["old_sentences"] == [] and data["alignment"] == []
    r = run(empty, SEED_NEW, "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    check_contract(data)
    assert {item["op"] for item in data["alignment"]} == {"added"}
    r = run(SEED_OLD, empty, "--no-color")
    assert r.returncode == 1 and "deleted" in r.stdout.splitlines()[0]


def test_binary_input_is_refused_with_exit_2(tmp_path):
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    png = write(tmp_path, "photo.png", header + bytes(range(256)) * 8)
    r = run(png, SEED_NEW)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "photo.png" in r.stderr and "binary" in r.stderr
    assert "Traceback" not in r.stderr


def test_invalid_utf8_is_decoded_with_replacement_and_a_warning(tmp_path):
    good = "Café owners in Zürich raised prices by 3% on Monday. Customers complained.\n"
    bad = write(tmp_path, "bad.txt", good.encode().replace(b"3%", b"\xff3%"))
    ok = write(tmp_path, "ok.txt", good)
    r = run(bad, ok, "--format", "json")
    assert r.returncode == 1
    assert "warning" in r.stderr and "not valid UTF-8" in r.stderr and "bad.txt" in r.stderr
    data = json.loads(r.stdout)
    assert "\ufffd" in data["old_sentences"][0]
    assert "Café owners in Zürich" in data["old_sentences"][0]  # the good bytes survive


def test_input_over_the_limit_is_refused_with_exit_2(tmp_path):
    from redline.text.decode import MAX_INPUT_BYTES

    huge = tmp_path / "huge.txt"
    line = b"The council met again on Monday to discuss the budget.\n"
    with huge.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert huge.stat().st_size > 50 * 1024 * 1024 > MAX_INPUT_BYTES
    r = run(huge, SEED_NEW)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "limit" in r.stderr and f"{MAX_INPUT_BYTES:,}" in r.stderr


def test_missing_file_and_directory_exit_2(tmp_path):
    r = run(tmp_path / "nope.txt", SEED_NEW)
    assert r.returncode == 2 and "nope.txt" in r.stderr and "Traceback" not in r.stderr
    r = run(tmp_path, SEED_NEW)
    assert r.returncode == 2 and "directory" in r.stderr


def test_all_punctuation(tmp_path):
    old = write(tmp_path, "old.txt", "!!! ... ???\n—– «» “” ...\n;;;\n")
    new = write(tmp_path, "new.txt", "!!! ... ??\n;;;\n* * *\n")
    for fmt in ("text", "json", "html"):
        r = run(old, new, "--format", fmt)
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr
    data = json.loads(run(old, new, "--format", "json").stdout)
    check_contract(data)


@pytest.mark.slow
def test_one_huge_sentence_with_a_small_edit(tmp_path):
    rng = random.Random(100)
    words = ["the", "council", "said", "plans", "for", "new", "homes", "near", "the", "river"]
    body = " ".join(rng.choice(words) for _ in range(20_000))
    assert len(body) > 100_000
    old = write(tmp_path, "old.txt", f"Start {body} end.\n")
    new = write(tmp_path, "new.txt", f"Start {body.replace('river', 'canal', 1)} end.\n")
    r = run(old, new, "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    (item,) = data["alignment"]
    assert item["op"] == "edited"
    changes = [w for w in item["words"] if w["op"] != "equal"]
    assert changes == [{"op": "replace", "old": "river", "new": "canal"}]


@pytest.mark.slow
def test_five_thousand_identical_sentences(tmp_path):
    line = "Drivers are advised to avoid the area."
    old = write(tmp_path, "old.txt", "\n".join([line] * 5000))
    lines = [line] * 2500 + ["The road has reopened."] + [line] * 2499
    new = write(tmp_path, "new.txt", "\n".join(lines))
    r = run(old, new, "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    check_contract(data)
    ops = [item["op"] for item in data["alignment"]]
    assert ops.count("unchanged") == 4999
    assert ops.count("added") == 1 and ops.count("deleted") == 1


@pytest.mark.slow
def test_ten_thousand_sentences_with_ten_percent_edits(tmp_path):
    rng = random.Random(10)
    old_lines = [
        f"Item {k}: the committee approved grant number {k * 37 % 10007} for ward {k % 61}."
        for k in range(10_000)
    ]
    new_lines = list(old_lines)
    edited = set(rng.sample(range(10_000), 1000))
    for k in edited:
        new_lines[k] = new_lines[k].replace("approved", "rejected")
    old = write(tmp_path, "old.txt", "\n".join(old_lines))
    new = write(tmp_path, "new.txt", "\n".join(new_lines))
    r = run(old, new, "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    check_contract(data)
    got = {item["old"][0] for item in data["alignment"] if item["op"] == "edited"}
    assert got == edited
