"""`assessment worker` for the tests, able to stall mid-render.

Run as `python -m tests.support.render_worker [--burst]`. With TEST_RENDER_STALL set to
a file name, every render writes that file and then waits until the process is killed:
the test's stand-in for a huge report, so it can kill the worker mid-render. Nothing in
the app knows about this; only this test entry point replaces the renderers.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def stall_renders(marker: Path) -> None:
    """Make every report render announce itself in `marker` and then never finish."""
    from assessment.web.assess import results
    from assessment.web.workshops import export

    def stalled(*_args, **_kwargs):
        """Write the marker, then wait to be killed."""
        marker.write_text(str(os.getpid()))
        while True:
            time.sleep(1)

    results.render_individual_report = stalled
    export.render_group_report = stalled


def main() -> None:
    """Run the worker, stalled if TEST_RENDER_STALL asks."""
    if os.environ.get("TEST_RENDER_STALL"):
        stall_renders(Path(os.environ["TEST_RENDER_STALL"]))
    from assessment.cli import main as assessment

    assessment(args=["worker", *sys.argv[1:]], prog_name="assessment")


if __name__ == "__main__":
    main()
