"""Rendered reports, kept on disk by a key that changes exactly when the report would.

The key hashes the answers' revision, the questionnaire version (declared version and
content hash), the template version and the branding, each length-prefixed so no two
different inputs can run together into the same bytes.

The folder is bounded: every store removes reports not used for `max_age` seconds, then
the least recently used ones until the folder holds at most `max_bytes` (reading a report
marks it used), and leftovers of interrupted writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

from ..config import PROJECT_ROOT
from .branding import Branding

#: The drawing code's own version: bump it when charts, the template data or the tag repairs
#: after the render (structure.py) change.
REPORT_FORMAT = "3"
REPORT_SOURCES = (PROJECT_ROOT / "templates" / "reports", PROJECT_ROOT / "static" / "reports")
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_AGE = 30 * 24 * 3600
PART_MAX_AGE = 3600  # a write still unfinished after an hour was interrupted


def report_key(
    answers_revision: str, questionnaire_version: str, template_version: str, branding: Branding
) -> str:
    """The cache key of a report: a SHA-256 over its inputs."""
    digest = hashlib.sha256()
    for part in (answers_revision, questionnaire_version, template_version, branding.fingerprint):
        encoded = part.encode()
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def template_version(sources: tuple[Path, ...] = REPORT_SOURCES) -> str:
    """A hash of every template, stylesheet and asset a report is drawn from, and the code version."""
    digest = hashlib.sha256(REPORT_FORMAT.encode())
    for folder in sources:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class ReportCache:
    """PDF bytes by key, as files in a folder the caller owns, bounded in size and age."""

    def __init__(
        self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_age: float = DEFAULT_MAX_AGE
    ) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.max_age = max_age

    def _path(self, key: str) -> Path:
        """The file of a key; keys are hex digests, so nothing else can name a path."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"not a report key: {key[:80]!r}")
        return self.directory / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        """The cached report (now marked as recently used), or None."""
        path = self._path(key)
        try:
            pdf = path.read_bytes()
        except FileNotFoundError:
            return None
        with contextlib.suppress(OSError):  # pruned meanwhile, or a read-only folder
            os.utime(path)
        return pdf

    def put(self, key: str, pdf: bytes) -> None:
        """Store a report atomically, so a concurrent reader never sees half a file, then prune.

        A report larger than a quarter of the cache is not kept. OSError (a full disk) leaves
        no partial file behind and is raised for the caller to log."""
        if len(pdf) > self.max_bytes // 4:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(pdf)
            os.replace(temporary, self._path(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.prune()

    def prune(self, now: float | None = None) -> None:
        """Remove stale reports and interrupted writes, then the least recently used reports
        until the folder is within max_bytes."""
        now = time.time() if now is None else now
        kept: list[tuple[float, int, Path]] = []
        for path in self.directory.iterdir():
            try:
                stat = path.stat()
            except OSError:
                continue  # removed by another process meanwhile
            age = now - stat.st_mtime
            if path.suffix == ".part":
                if age > PART_MAX_AGE:
                    _remove(path)
            elif path.suffix == ".pdf":
                if age > self.max_age:
                    _remove(path)
                else:
                    kept.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept):
            if total <= self.max_bytes:
                break
            _remove(path)
            total -= size


def _remove(path: Path) -> None:
    """Delete a file that may already be gone."""
    with contextlib.suppress(OSError):
        path.unlink()
