"""A workshop room's scores, computed once per state of its answers for all app servers.

Scoring 200 participants takes about a quarter of a second, and every poll of the live
view, of the presenter screen and every participant opening the revealed results asked
for it again: revealing the results to a room of 200 cost a minute of CPU. The room's
group scorecard and completion are a pure function of exactly what they are computed
from (the questionnaire version, each participant's role and answers, the agreed
answers, and the scoring code itself), so they are kept under a digest of those inputs:

- in the database (persistence.room_scores), as JSON, so a second app server reading the
  same state loads the figures instead of scoring the room again;
- in front of it, in each app's memory, the last few states, so a server that has seen a
  state does not even read the stored JSON back.

Neither is a source of truth: a digest nobody stored is computed from the answers.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ...extensions import database
from ...persistence.room_scores import store_scores, stored_scores
from ...scoring.stored import RoomScores, StoredFormatError, from_json, to_json

#: How many room states each app keeps in memory (a 200-person room's scores take about 2 MB).
KEPT = 8

__all__ = ["RoomScoreMemo", "RoomScores", "room_scores"]


class RoomScoreMemo:
    """The last KEPT room states' scores of one app, by a digest of their inputs, backed by the
    database; safe across threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._entries: OrderedDict[str, RoomScores] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # how many times scores were computed rather than found
        self.loaded = 0  # how many times they were read back from the database

    def clear(self) -> None:
        """Forget every room state held in memory (the database still has them)."""
        with self._lock:
            self._entries.clear()

    def get(self, workshop_id: int, inputs: object, compute: Callable[[], RoomScores]) -> RoomScores:
        """The scores of a room state; `inputs` is everything `compute` reads, as JSON-able data."""
        text = json.dumps([_scoring_code(), inputs], separators=(",", ":"))
        key = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        found = self._load(workshop_id, key)
        if found is None:
            found = compute()
            with self._lock:
                self.computed += 1
            self._store(workshop_id, key, found)
        with self._lock:
            self._entries[key] = found
            while len(self._entries) > self._kept:
                self._entries.popitem(last=False)
        return found

    def _load(self, workshop_id: int, key: str) -> RoomScores | None:
        """The scores another request or server stored, or None (also for a format that no longer fits)."""
        text = stored_scores(database.session, workshop_id, key)
        if text is None:
            return None
        try:
            found = from_json(RoomScores, text)
        except StoredFormatError:
            current_app.logger.warning("stored room scores %s no longer fit; computing them again", key)
            return None
        with self._lock:
            self.loaded += 1
        return found

    @staticmethod
    def _store(workshop_id: int, key: str, scores: RoomScores) -> None:
        """Share the scores with the other servers; a failure only costs a computation elsewhere."""
        try:
            store_scores(database.engine, workshop_id, key, to_json(scores))
        except (SQLAlchemyError, ValueError, TypeError) as error:
            current_app.logger.warning("room scores not stored: %s", error)


def room_scores() -> RoomScoreMemo:
    """The current app's memo: each app (each server) has its own, and all share the database."""
    extensions = current_app.extensions
    memo = extensions.get("room_scores")
    if memo is None:
        memo = extensions.setdefault("room_scores", RoomScoreMemo())
    return memo


@cache
def _scoring_code() -> str:
    """A digest of the scoring engine's and the questionnaire model's source, so scores stored by
    an earlier release are not mistaken for this release's figures."""
    package = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for folder in ("scoring", "questionnaire"):
        for path in sorted((package / folder).rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
