"""Rendered reports, kept on disk by a key that changes exactly when the report would.

The key hashes the answers' revision, the questionnaire version (declared version and
content hash), the template version and the branding, each length-prefixed so no two
different inputs can run together into the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..config import PROJECT_ROOT
from .branding import Branding

#: The drawing code's own version: bump it when charts or the template data change.
REPORT_FORMAT = "2"
REPORT_SOURCES = (PROJECT_ROOT / "templates" / "reports", PROJECT_ROOT / "static" / "reports")


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
    """PDF bytes by key, as files in a folder the caller owns."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        """The file of a key; keys are hex digests, so nothing else can name a path."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"not a report key: {key[:80]!r}")
        return self.directory / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        """The cached report, or None."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, pdf: bytes) -> None:
        """Store a report atomically, so a concurrent reader never sees half a file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
        with os.fdopen(fd, "wb") as file:
            file.write(pdf)
        os.replace(temporary, self._path(key))
