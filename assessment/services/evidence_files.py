"""Placeholder until the hardened checks land (branch `uploads`): accepts plain text only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_ANSWER = 10
ACCEPTED_EXTENSIONS = (".txt",)


class EvidenceFileRefused(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes
    size: int
    sha256: str


def describe_limits() -> str:
    return "Plain text only, up to 10 MB."


def check_evidence_file(filename: str, data: bytes, *, files_already: int = 0) -> CheckedFile:
    if not data:
        raise EvidenceFileRefused(f"“{filename}” is empty.")
    if "/" in filename or "\\" in filename:
        raise EvidenceFileRefused("The file name contains a path separator.")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise EvidenceFileRefused("Only plain text for now.") from None
    return CheckedFile(filename, "text/plain", data, len(data), hashlib.sha256(data).hexdigest())
