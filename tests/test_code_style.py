"""ruff runs as part of the tests, so style problems fail the build like any other.

Three rules: `ruff check` finds nothing, `ruff format` would change nothing (no
line escapes the formatter), and a module of the application longer than about 300 lines
says at its top why it is not split.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LONG = 300


def ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert found, "ruff is not installed: pip install -e '.[test]'"
    return found


def test_ruff_finds_no_problems():
    result = subprocess.run(
        [ruff(), "check", "--no-cache", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_by_ruff_format():
    result = subprocess.run(
        [ruff(), "format", "--check", "--no-cache", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, "run `ruff format`:\n" + result.stdout + result.stderr


def test_nothing_escapes_the_formatter():
    escapes = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("assessment", "tests", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "fmt: " + "skip" in line or "fmt: " + "off" in line
    ]
    assert escapes == []


def application_modules():
    return sorted(
        path
        for path in (ROOT / "assessment").rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


@pytest.mark.parametrize("path", application_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_long_module_says_why_it_is_not_split(path):
    text = path.read_text(encoding="utf-8")
    if len(text.splitlines()) <= LONG:
        return
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert "Why one module:" in docstring, (
        f"{path.relative_to(ROOT)} has {len(text.splitlines())} lines: split it, or say at its top "
        "'Why one module: ...'"
    )
