"""An acknowledged answer survives the server being killed: the app runs in a real gunicorn
process, a respondent answers over HTTP, the server is killed with SIGKILL right after the
last acknowledgement, and after a restart every acknowledged answer is still there.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.support.http import Respondent, Server, migrate, seq_base

# Answers given in the order a respondent might give them, changing their mind twice.
ANSWERS = [
    ("scope-agents", "planned"),
    ("scope-eu-high-risk", "none"),
    ("own-accountable-owner", "some-named"),
    ("own-decision-rights", "unclear"),
    ("own-accountable-owner", "all-named"),
    ("prio-ranking", "scored"),
    ("gov-risk-assessment", "case-by-case"),
    ("gov-risk-assessment", "standard"),
    ("prod-evaluation", "fixed-set"),
    ("agent-autonomy", "written"),
    ("own-map-incidents", "nobody"),
]


@pytest.fixture
def server_factory(tmp_path):
    """Servers started by a test, always stopped at its end."""
    servers: list[Server] = []

    def make(database_url: str, **options) -> Server:
        server = Server(database_url, tmp_path / "instance", **options)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.mark.slow  # starts gunicorn twice
def test_every_acknowledged_answer_survives_a_killed_server(database_url, server_factory):
    migrate(database_url)
    server = server_factory(database_url).start()
    respondent = Respondent(server.url)
    first_page = respondent.start()
    assert first_page == "/assessment/section/scope"
    base = seq_base(respondent.get(first_page)[1])
    link = respondent.resume_link()
    acknowledged: dict[str, str] = {}
    for offset, (question, value) in enumerate(ANSWERS, start=1):
        status, reply = respondent.autosave(question, value, base + offset)
        assert status == 200 and reply["saved"] is True, (question, value, status, reply)
        acknowledged[question] = value

    server.kill()  # right after the last acknowledgement, with no chance to shut down cleanly
    assert not server.accepts_connections()

    server.start()
    other_device = Respondent(server.url)
    status, _, landed = other_device.get(urlparse(link).path)
    assert status == 200 and "/assessment/section/" in landed
    assert other_device.answers_shown() == acknowledged
    # The first browser's session still works after the restart and sees the same answers.
    assert respondent.answers_shown() == acknowledged
