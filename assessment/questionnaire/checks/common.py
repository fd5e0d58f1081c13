"""What every check reads: the raw document's lists and texts, taken defensively.

The checks read the raw parsed data defensively (skipping parts of the wrong shape,
which the schema already reports), so that one run reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import MAX_SHARED_OWNERS, NOBODY, OWNER_SEPARATOR, UNKNOWN

RESERVED_IDS = {UNKNOWN, NOBODY, "n-a", "na"}
#: How the label of a cumulative level above the third begins.
CUMULATIVE_OPENING = "As above, and "
#: The longest owner id: a shared answer of the most owners must fit the stored 64 characters.
MAX_OWNER_ID = (64 - (MAX_SHARED_OWNERS - 1) * len(OWNER_SEPARATOR)) // MAX_SHARED_OWNERS


def items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """(index, item) for each mapping in the list `data[key]`, skipping malformed ones."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def text(item: dict, key: str) -> str | None:
    """item[key] when it is text, else None."""
    value = item.get(key)
    return value if isinstance(value, str) else None


def question_kind_of(question: dict) -> str:
    """A question's kind, maturity by default."""
    return text(question, "kind") or "maturity"
