"""A time limit for WeasyPrint renders, which offer no way to be cancelled."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import weasyprint

#: Once the limit has passed, the alarm repeats this often until the render has stopped.
RETRY_SECONDS = 0.05
WEASYPRINT = str(Path(weasyprint.__file__).parent)


class RenderTimeout(RuntimeError):
    """A render took longer than its time limit and was stopped."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the WeasyPrint render in the block with RenderTimeout after `seconds`.

    SIGALRM interrupts the render. The handler runs in the main thread between two of its
    Python instructions and looks at what was interrupted: it raises only inside
    WeasyPrint's own code, never in a finaliser or weakref callback that happened to run
    (an exception there is printed and dropped), and it disarms itself once no WeasyPrint
    code is on the stack. Until then the alarm repeats every RETRY_SECONDS. Only the main
    thread receives signals: gunicorn's sync workers serve requests there and the CLI
    renders there; elsewhere (a threaded development server) renders have no limit.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.getsignal(signal.SIGALRM)

    def disarm() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)

    def expire(_signum: int, frame: FrameType | None) -> None:
        if not _rendering(frame):
            disarm()  # a late alarm, after the render ended
        elif frame is not None and _in_weasyprint(frame):
            raise RenderTimeout(f"the report took longer than {seconds:g} seconds to render")
        # Anywhere else (a callback the render triggered), wait for the next alarm.

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_SECONDS)
    try:
        yield
    finally:
        disarm()


def _in_weasyprint(frame: FrameType) -> bool:
    """True when `frame` runs WeasyPrint's own code."""
    return frame.f_code.co_filename.startswith(WEASYPRINT)


def _rendering(frame: FrameType | None) -> bool:
    """True while WeasyPrint's code is on the stack that `frame` belongs to."""
    while frame is not None:
        if _in_weasyprint(frame):
            return True
        frame = frame.f_back
    return False
