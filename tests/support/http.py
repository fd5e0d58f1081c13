"""The app under a real gunicorn, and a respondent speaking HTTP to it as a browser would.

Used by the tests that need real processes (durability across a killed server, many
respondents autosaving at once) and by the benchmarks that load a real server.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlparse

from assessment.persistence import make_engine, upgrade
from tests.support import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")
PROFILE = {
    "name": "Durable Dairies",
    "industry": "insurance",
    "size_band": "1000-4999",
    "region": "europe",
    "ai_stage": "first-production",
}


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def migrate(database_url: str) -> None:
    """Create the schema, as `assessment init` does before the first start."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


class Server:
    """The app under gunicorn in a process group of its own, so SIGKILL takes every worker at once."""

    def __init__(
        self,
        database_url: str,
        instance_path: Path,
        workers: int = 2,
        threads: int = 1,
        *,
        app: str = "assessment:create_app()",
        options: Sequence[str] = ("--access-logfile", "-"),
        env: Mapping[str, str] | None = None,
    ):
        """`app` is gunicorn's app target; `options` and `env` are added to its command and
        environment (a benchmark logs warnings only, and may serve an app of its own)."""
        self.database_url = database_url
        self.instance_path = instance_path
        self.workers = workers
        self.threads = threads
        self.app = app
        self.options = tuple(options)
        self.env = dict(env or {})
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = instance_path / "gunicorn.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.instance_path.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "ASSESSMENT_INSTANCE_PATH": str(self.instance_path),
            "DATABASE_URL": self.database_url,
            "PYTHONPATH": str(ROOT),
            **self.env,
        }
        command = [
            str(GUNICORN),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--graceful-timeout",
            "2",
            *self.options,
            self.app,
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.wait_until_healthy()
        return self

    def wait_until_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log_text()}")

    def kill(self) -> None:
        """SIGKILL to the master and all its workers: no shutdown code runs, nothing is flushed."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        # The workers die with the master; wait until none of them holds the port any more.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.accepts_connections():
            time.sleep(0.05)

    def accepts_connections(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


class _Page(HTMLParser):
    """The parts of a page a respondent's browser uses: hidden CSRF field, the answers shown
    (checked radios and checkboxes, typed figures), resume link."""

    def __init__(self):
        super().__init__()
        self.csrf = ""
        self.checked: dict[str, str] = {}
        self.resume_link = ""
        self.sections: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token":
            self.csrf = attributes.get("value", "")
        if tag == "input" and attributes.get("type") == "radio" and "checked" in attributes:
            self.checked[attributes["name"]] = attributes["value"]
        if tag == "input" and attributes.get("type") == "checkbox" and "checked" in attributes:
            name, value = attributes["name"], attributes.get("value", "y")
            if name.endswith("--unknown"):  # "Don't know" beside a fact's figure
                self.checked[name.removesuffix("--unknown")] = "unknown"
            else:  # an ownership answer: the owners ticked, stored sorted and joined by "+"
                owners = sorted({*self.checked.get(name, "").split("+"), value} - {""})
                self.checked[name] = "+".join(owners)
        if tag == "input" and "data-fact" in attributes and attributes.get("value"):
            self.checked[attributes["name"]] = attributes["value"]
        if tag == "input" and attributes.get("id") == "resume-url":
            self.resume_link = attributes.get("value", "")
        href = attributes.get("href", "") if tag == "a" else ""
        if "/assessment/section/" in href:
            self.sections.append(href.rsplit("/", 1)[1])


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@dataclass
class Respondent:
    """One person answering over HTTP, with a cookie jar, as a browser would."""

    base: str
    jar: CookieJar = field(default_factory=CookieJar)
    csrf: str = ""

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """(status, body text, final URL); error statuses are returned, not raised."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.url

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request(path)

    def start(self, questionnaire: str = "ai-execution", **profile) -> str:
        """Fill in the organisation profile, with the form's CSRF token; the first page's path."""
        _, html, _ = self.get(f"/assessment/start/{questionnaire}")
        form = {**PROFILE, **profile, "consent": "y", "csrf_token": parse(html).csrf}
        status, html, url = self.request(f"/assessment/start/{questionnaire}", urlencode(form).encode())
        assert status == 200 and "/assessment/section/" in url, (status, html[:500])
        self.csrf = json.loads(self.get("/assessment/csrf-token")[1])["token"]
        return urlparse(url).path

    def autosave(self, question: str, value: str, seq: int, **extra) -> tuple[int, dict]:
        """One autosave as the page's script sends it; (status, JSON reply)."""
        body = json.dumps({"question": question, "value": value, "seq": seq, **extra}).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        status, text, _ = self.request("/assessment/answers", body, headers)
        return status, json.loads(text)

    def resume_link(self) -> str:
        return parse(self.get("/assessment/review")[1]).resume_link

    def answers_shown(self) -> dict[str, str]:
        """Every answer checked on every page of the assessment, as the respondent sees them."""
        shown: dict[str, str] = {}
        status, html, _ = self.get("/assessment/review")
        assert status == 200, status
        for section in dict.fromkeys(parse(html).sections):
            status, html, _ = self.get(f"/assessment/section/{section}")
            assert status == 200, (section, status)
            shown.update(parse(html).checked)
        return shown


def answerable_questions() -> list[tuple[str, list[str]]]:
    """The flagship's questions other than scoping, with every answer each accepts."""
    from assessment.config import PROJECT_ROOT
    from assessment.questionnaire import load_directory
    from assessment.web.assess.forms import answer_choices

    questionnaire = load_directory(PROJECT_ROOT / "questionnaires").get("ai-execution")
    return [
        (q.id, [value for value, _ in answer_choices(questionnaire, q)])
        for q in questionnaire.questions
        if q.dimension is not None
    ]


def seq_base(html: str) -> int:
    """The server clock a section page hands its script to count autosaves from."""
    return int(re.search(r'data-seq-base="(\d+)"', html).group(1))
