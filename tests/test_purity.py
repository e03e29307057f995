"""dlcore stays pure Python: no module imports Streamlit, and ruff enforces it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "dlcore").glob("*.py"))
STREAMLIT_APP = "import streamlit as st\n\nst.write('hello')\n"


def imported_modules(path: Path) -> set[str]:
    """Every module name a file imports, at any depth (inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_dlcore_has_modules_to_check():
    """The walk below sees the package's modules (a wrong path would make it pass vacuously)."""
    assert {"__init__.py", "content.py", "csv_io.py", "scoring.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_dlcore_module_imports_streamlit(path):
    """No import of streamlit or any streamlit submodule, anywhere in the file."""
    assert [] == sorted(n for n in imported_modules(path) if n == "streamlit" or n.startswith("streamlit."))


def test_the_import_walk_finds_streamlit_where_it_is(tmp_path):
    """The AST walk itself sees plain, from- and nested imports of streamlit."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from streamlit.testing import v1\n\nimport streamlit\n", encoding="utf-8")
    assert {"streamlit", "streamlit.testing"} == imported_modules(sample)


def test_ruff_passes_on_dlcore():
    """`ruff check dlcore` reports nothing, with the project's own configuration."""
    result = ruff("dlcore", cwd=ROOT)
    assert 0 == result.returncode, result.stdout + result.stderr


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """The project's pyproject.toml with a dlcore/ and an app_pages/ folder that each import streamlit."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("dlcore", "app_pages"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text(STREAMLIT_APP, encoding="utf-8")
    return tmp_path


def test_ruff_flags_a_streamlit_import_in_dlcore(project_copy):
    """The banned-import rule is live: importing streamlit in dlcore is reported as TID251."""
    result = ruff("dlcore", cwd=project_copy)
    assert 1 == result.returncode, result.stdout + result.stderr
    assert "TID251" in result.stdout
    assert "dlcore/x.py" in result.stdout.replace("\\", "/")


def test_ruff_allows_streamlit_in_app_pages(project_copy):
    """The same import under app_pages/ is allowed by the per-file ignore."""
    result = ruff("app_pages", cwd=project_copy)
    assert 0 == result.returncode, result.stdout + result.stderr
