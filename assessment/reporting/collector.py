"""The garbage collector during a render: paused, then one pass over what the render left.

A report render builds a few hundred thousand objects that stay in use until the PDF is
written (boxes, computed styles, text layouts). CPython's collector, left running, walked
them again and again while they were all still alive: it promoted them through its
generations and ran one to three full passes per render, each over every object in the
process. That was a fifth of a report's render time (bench_reports.py measures it).

So the automatic collector is paused for the render, and once it is done a single pass
over the youngest generation, where everything the render allocated still sits, frees the
render's cyclic garbage at once. Peak memory stays as it was (the measured peak rises by
about 1 MiB in 48), because almost all of a render's garbage is freed by reference
counting as it goes, collector or not.

`gc.disable` is process-wide, so overlapping renders in threads share one pause: the
first to start pauses, the last to finish collects and resumes. A collector that was
already paused by someone else stays paused.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_renders = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without automatic garbage collection, then collect what it left."""
    global _renders, _was_enabled
    with _lock:
        if _renders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            if _renders == 0 and _was_enabled:
                gc.collect(0)
                gc.enable()
