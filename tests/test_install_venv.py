"""A plain install works: a fresh venv, the pip that Python brings, `pip install .`.

This is what the README's plain install does (no pip upgrade, no extras): the
project's declared dependencies alone must give a working HTML ingest. pip uses
its cache and the package registry as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [
    "The council approved the new bridge on Tuesday after a long debate in the chamber.",
    "Work will start in the spring and is expected to take two years to complete.",
    "Residents had campaigned for a crossing for more than a decade, the mayor said.",
]
PAGE = (
    "<!doctype html><html><head><title>Bridge approved</title>"
    '<link rel="canonical" href="https://news.test/bridge"></head>'
    "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
    "<h1>Bridge approved</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    "<footer>Copyright The Town Paper</footer></body></html>"
)

# what the demo does not need, and a core install must not bring
NOT_IN_CORE = {"pyspark", "playwright", "pytest", "hypothesis", "schemathesis", "matplotlib"}


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["REDLINE_HOME"] = str(tmp / "home")
    env.pop("REDLINE_DATABASE_URL", None)
    return env


def _run(cmd: list[str], tmp: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, env=_env(tmp), timeout=timeout, cwd=tmp
    )


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_fresh_venv_install_ingests_html(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "src",
        project / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )

    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"

    # the interpreter's own pip, as ensurepip installed it
    bundled = _run([str(py), "-c", "import ensurepip; print(ensurepip.version())"], tmp_path)
    pip_version = _run([str(py), "-m", "pip", "--version"], tmp_path)
    assert pip_version.stdout.split()[1] == bundled.stdout.strip()

    install = _run([str(py), "-m", "pip", "install", "-v", str(project)], tmp_path, timeout=1500)
    log = install.stdout + install.stderr
    assert install.returncode == 0, log[-5000:]
    assert "project.license" not in log, "setuptools warns about the license field"

    listed = _run([str(py), "-m", "pip", "list", "--format", "json"], tmp_path)
    installed = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    assert "lxml-html-clean" in installed
    assert not installed & NOT_IN_CORE, installed & NOT_IN_CORE

    page = tmp_path / "bridge.html"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "store.sqlite3"
    redline = str(venv / "bin" / "redline")
    ingest = _run([redline, "ingest", str(page), "--db", str(db), "--no-progress"], tmp_path)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert "Traceback" not in ingest.stderr

    show = _run(
        [redline, "show", "https://news.test/bridge", "--db", str(db), "--format", "json"],
        tmp_path,
    )
    assert show.returncode == 0, show.stdout + show.stderr
    stored = json.loads(show.stdout)
    assert stored["headline"] == "Bridge approved"
    assert stored["paragraphs"] == PARAGRAPHS
