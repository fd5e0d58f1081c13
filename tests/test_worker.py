"""`assessment worker`: refuses to start without a queue to work on."""

from __future__ import annotations


def test_the_worker_says_it_needs_redis_url_when_none_is_set(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 1
    assert "REDIS_URL is not set: without it the web servers render reports themselves" in result.output
