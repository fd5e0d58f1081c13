"""ruff runs as part of the tests, so style problems fail the build like any other.

Three rules: `ruff check` finds nothing, `ruff format` would change nothing (no
line escapes the formatter), and a module of the application longer than about 300 lines
says at its top why it is not split.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
