"""Where evidence files live: a folder, under each file's SHA-256, or the database.

A name the uploader chose never becomes a path: the folder holds files named by their
content hash, so two items holding the same file share one copy, and nothing a visitor
types can point outside the folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .review import EvidenceFile


@dataclass(frozen=True)
class EvidenceStore:
    """Where evidence files live: a folder, or (folder None) the database."""

    folder: Path | None

    @classmethod
    def from_setting(cls, setting: str) -> EvidenceStore:
        """The store the EVIDENCE_STORAGE setting names ("database", or a folder)."""
        return cls(None if setting == "database" else Path(setting))

    def keep(self, filename: str, content_type: str, data: bytes, sha256: str) -> EvidenceFile:
        """A row for a checked file, its bytes written to the folder or held in the row."""
        row = EvidenceFile(filename=filename, content_type=content_type, size=len(data), sha256=sha256)
        if self.folder is None:
            row.data = data
            return row
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.folder / sha256
        if not target.exists():
            # Written beside its final name and moved into place, so a reader never sees half a file.
            descriptor, partial = tempfile.mkstemp(dir=self.folder, prefix=".partial-")
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(partial, target)
        row.stored_as = sha256
        return row

    def read(self, row: EvidenceFile) -> bytes:
        """A stored file's bytes."""
        if row.stored_as is None:
            return row.data or b""
        if self.folder is None:
            raise FileNotFoundError(f"evidence file {row.id} is kept in a folder, but none is configured")
        return (self.folder / row.stored_as).read_bytes()
