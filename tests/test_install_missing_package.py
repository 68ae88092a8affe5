"""A broken install (the HTML cleaner jusText needs is missing) gives a clear error.

The package is made unimportable in a child interpreter by a meta-path finder that
refuses it, as when pip did not install it; everything else is the real code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK = textwrap.dedent(
    """
    import importlib.abc, sys

    class _Missing(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] == "lxml_html_clean":
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _Missing())
    """
)

PAGE = (
    "<!doctype html><html><head><title>Bridge approved</title></head><body><article>"
    "<h1>Bridge approved</h1>"
    "<p>The council approved the new bridge on Tuesday after a long debate in the chamber.</p>"
    "<p>Work will start in the spring and is expected to take two years to complete.</p>"
    "</article></body></html>"
)


def _run(code: str, tmp_path: Path, *, block: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), REDLINE_HOME=str(tmp_path / "home"))
    return subprocess.run(
        [sys.executable, "-c", (BLOCK if block else "") + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _cli(args: list[str], tmp_path: Path, *, block: bool) -> subprocess.CompletedProcess[str]:
    code = f"""
    import sys
    from redline.cli.main import main
    sys.argv = ["redline", *{args!r}]
    main()
    """
    return _run(code, tmp_path, block=block)


def test_extract_article_names_the_missing_package(tmp_path: Path) -> None:
    code = f"""
    from redline.errors import ExtractionError
    from redline.extract import extract_article
    try:
        extract_article({PAGE.encode()!r}, url="https://news.test/a/1")
    except ExtractionError as exc:
        print("ExtractionError:", exc)
    """
    done = _run(code, tmp_path, block=True)
    assert done.returncode == 0, done.stderr
    assert "ExtractionError:" in done.stdout
    assert "lxml_html_clean" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_same_page_extracts_when_the_package_is_there(tmp_path: Path) -> None:
    code = f"""
    from redline.extract import extract_article
    e = extract_article({PAGE.encode()!r}, url="https://news.test/a/1")
    print(e.paragraphs[-1])
    """
    done = _run(code, tmp_path, block=False)
    assert done.returncode == 0, done.stderr
    assert "two years to complete" in done.stdout


def test_ingest_and_health_say_why(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    db = str(tmp_path / "store.sqlite3")

    broken = _cli(["ingest", str(page), "--db", db, "--no-progress"], tmp_path, block=True)
    assert broken.returncode != 0
    assert "lxml_html_clean" in broken.stdout + broken.stderr
    assert "Traceback" not in broken.stderr

    # a capture stored by a working install, audited by a broken one
    ok = _cli(["ingest", str(page), "--db", db, "--no-progress"], tmp_path, block=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    health = _cli(["health", "--db", db], tmp_path, block=True)
    # the capture is listed with the reason, not silently passed
    assert health.returncode == 1, health.stdout + health.stderr
    assert "the HTML extractor cannot be loaded" in health.stdout
    assert "lxml_html_clean" in health.stdout
    assert "Traceback" not in health.stderr
