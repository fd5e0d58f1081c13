"""A workshop room's scores, computed once per state of its answers in each app process.

Scoring 200 participants takes about a quarter of a second, and every poll of the live
view, of the presenter screen and every participant opening the revealed results asked
for it again: revealing the results to a room of 200 cost a minute of CPU. The room's
group scorecard and completion are a pure function of exactly what they are computed
from (the questionnaire version, each participant's role and answers, the agreed
answers), so they are kept here under a digest of those inputs. Nothing depends on this
memory: a process that has not seen a state computes the same figures from the
database, which stays the one source of truth when several app servers run.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ...scoring import GroupScorecard

#: How many room states each process keeps (a 200-person room's scores take about 2 MB).
KEPT = 8


@dataclass(frozen=True)
class RoomScores:
    """A room's group scorecard, and each participant's (answered, applicable) count."""

    group: GroupScorecard | None
    progress: tuple[tuple[int, int], ...]


class RoomScoreMemo:
    """The last KEPT room states' scores, by a digest of their inputs; safe across threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._entries: OrderedDict[str, RoomScores] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # how many times scores were computed rather than found

    def clear(self) -> None:
        """Forget every room state (the next look at each room scores it again)."""
        with self._lock:
            self._entries.clear()

    def get(self, inputs: object, compute: Callable[[], RoomScores]) -> RoomScores:
        """The scores of a room state; `inputs` is everything `compute` reads, as JSON-able data."""
        key = hashlib.sha256(json.dumps(inputs, separators=(",", ":")).encode()).hexdigest()
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        computed = compute()
        with self._lock:
            self.computed += 1
            self._entries[key] = computed
            while len(self._entries) > self._kept:
                self._entries.popitem(last=False)
        return computed


#: The process's memo, shared by the live view, the presenter screen and the room's results.
room_scores = RoomScoreMemo()
