"""F5 and part of F13: the report cache is bounded by size and age, and a failed write costs nothing."""

from __future__ import annotations

import errno
import os
import time

from assessment.reporting import ReportCache
from assessment.reporting import cache as cache_module
from tests.support.journeys import autosave, start

DAY = 24 * 3600


def key(n: int) -> str:
    return f"{n:064x}"


def aged(cache: ReportCache, n: int, seconds_ago: float) -> None:
    """Make report n look last used `seconds_ago`."""
    stamp = time.time() - seconds_ago
    os.utime(cache.directory / f"{key(n)}.pdf", (stamp, stamp))


def test_the_least_recently_used_reports_go_once_the_cache_is_full(tmp_path):
    cache = ReportCache(tmp_path, max_bytes=1_000, max_age=30 * DAY)
    for n in range(3):
        cache.put(key(n), b"%PDF" + b"x" * 246)  # 250 bytes each
        aged(cache, n, 100 - n)  # report 0 is the oldest
    assert cache.get(key(0)) is not None  # reading report 0 makes it the most recently used
    cache.put(key(3), b"%PDF" + b"x" * 246)
    cache.put(key(4), b"%PDF" + b"x" * 246)
    kept = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert kept == sorted(f"{key(n)}.pdf" for n in (0, 2, 3, 4))
    assert sum(p.stat().st_size for p in tmp_path.glob("*.pdf")) <= 1_000


def test_reports_unused_for_longer_than_the_age_limit_go(tmp_path):
    cache = ReportCache(tmp_path, max_age=7 * DAY)
    cache.put(key(1), b"%PDF old")
    aged(cache, 1, 8 * DAY)
    cache.put(key(2), b"%PDF new")
    assert cache.get(key(1)) is None and cache.get(key(2)) == b"%PDF new"


def test_leftovers_of_interrupted_writes_go(tmp_path):
    cache = ReportCache(tmp_path)
    left = tmp_path / "tmpabc.part"
    left.write_bytes(b"half a pdf")
    stamp = time.time() - 2 * 3600
    os.utime(left, (stamp, stamp))
    cache.put(key(1), b"%PDF")
    assert not left.exists()


def test_a_report_larger_than_a_quarter_of_the_cache_is_not_kept(tmp_path):
    cache = ReportCache(tmp_path, max_bytes=1_000)
    cache.put(key(1), b"x" * 300)
    assert cache.get(key(1)) is None


def test_a_write_that_fails_leaves_no_partial_file(tmp_path, monkeypatch):
    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", full_disk)
    cache = ReportCache(tmp_path)
    try:
        cache.put(key(1), b"%PDF")
    except OSError as error:
        assert error.errno == errno.ENOSPC
    else:
        raise AssertionError("the write should have failed")
    assert list(tmp_path.iterdir()) == []


def test_a_report_is_served_when_the_cache_cannot_store_it(journey_app, tmp_path, monkeypatch):
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")

    def full_disk(self, key, pdf):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ReportCache, "put", full_disk)
    client = journey_app.test_client()
    start(client, questionnaire="quick-check", name="Full Disk Ltd")
    autosave(client, "scope-agents", "none", 1)  # results and reports wait for the scoping answer
    autosave(client, "fnd-owner", _first_option(journey_app), 2)
    response = client.get("/assessment/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def _first_option(app) -> str:
    with app.app_context():
        return app.extensions["catalog"].get("quick-check").question("fnd-owner").options[0].id


def test_the_web_cache_stays_within_its_configured_size(journey_app, tmp_path):
    """Six versions of one report, with room for about four: the oldest are removed."""
    journey_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "reports")
    client = journey_app.test_client()
    start(client, questionnaire="quick-check", name="Many Versions Ltd")
    autosave(client, "scope-agents", "none", 1)  # results and reports wait for the scoping answer
    with journey_app.app_context():
        questionnaire = journey_app.extensions["catalog"].get("quick-check")
    versions = [("fnd-owner", o.id) for o in questionnaire.question("fnd-owner").options]
    versions.append(("fnd-priorities", questionnaire.question("fnd-priorities").options[0].id))
    for seq, (question, option) in enumerate(versions, start=1):
        autosave(client, question, option, seq)
        pdf = client.get("/assessment/report.pdf").data
        if seq == 1:
            journey_app.config["REPORT_CACHE_MAX_BYTES"] = int(len(pdf) * 4.5)
    files = list((tmp_path / "reports").glob("*.pdf"))
    assert len(versions) == 6 and 1 <= len(files) <= 4
    assert sum(p.stat().st_size for p in files) <= journey_app.config["REPORT_CACHE_MAX_BYTES"]
