"""Configuration defaults and the settings derived from the instance folder.

Nothing here reads the environment: the app factory layers, in order, these defaults,
the instance folder's `config.py`, the environment, and the test mapping.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

#: The checkout's top level, where `questionnaires/`, `templates/` and `static/` live.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    # None: a SQLite file in the instance folder (see `finalise`).
    "DATABASE_URL": None,
    "QUESTIONNAIRES_DIR": str(PROJECT_ROOT / "questionnaires"),
    # Requests are small forms and autosaves; anything bigger is refused with 413.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    # None: the instance folder's reports/ (see `finalise`).
    "REPORT_CACHE_DIR": None,
    # The cache keeps at most this many bytes of reports, none unused for longer than this.
    "REPORT_CACHE_MAX_BYTES": 512 * 1024 * 1024,
    "REPORT_CACHE_MAX_AGE": 30 * 24 * 3600,
    # Seconds a PDF may take to render in a request; below gunicorn's 30 s worker timeout,
    # so the visitor gets our "try again" page rather than a killed worker.
    "REPORT_TIME_LIMIT": 20,
    # None: reports and exports render in the web process, during the request. A Redis URL
    # (redis://host:6379/0): they render in `assessment worker` processes, and the web
    # answers at once with a page that follows the job (README, "Rendering off the request path").
    "REDIS_URL": None,
    # Seconds a worker may spend on one report; a job still running this long plus the grace
    # is taken for a worker that died, and queued again until it has had this many attempts.
    "RENDER_JOB_TIME_LIMIT": 300,
    "RENDER_JOB_GRACE": 60,
    "RENDER_JOB_ATTEMPTS": 3,
    # Seconds between two looks of a waiting page at its job.
    "RENDER_JOB_REFRESH": 3,
    # Seconds a SQLite writer waits for the lock before the request gets a 503 "busy";
    # well below gunicorn's 30 s worker timeout.
    "SQLITE_BUSY_TIMEOUT": 10,
    # /healthz answers 503 when a folder the app writes to has less free space than this.
    "MIN_FREE_DISK_BYTES": 64 * 1024 * 1024,
    # A consultant signs in again after this many seconds without a request, and after this
    # many seconds in all.
    "SIGN_IN_IDLE_TIMEOUT": 8 * 3600,
    "SIGN_IN_MAX_AGE": 7 * 24 * 3600,
    # A respondent's browser stops answering for them after this many seconds without a
    # request, and this many seconds after it was tied to them; their resume link ties it again.
    "RESPONDENT_IDLE_TIMEOUT": 3 * 24 * 3600,
    "RESPONDENT_MAX_AGE": 30 * 24 * 3600,
    "PERMANENT_SESSION_LIFETIME": 30 * 24 * 3600,
    # How many reverse proxies in front of the app set X-Forwarded-For and -Proto. 0 trusts
    # neither header; behind one proxy set 1, or every visitor shares the proxy's address
    # for the guessing limits.
    "TRUSTED_PROXIES": 0,
    # The Fernet key (44 characters of URL-safe base64) that encrypts authenticator seeds
    # of two-factor sign-in. None: a key derived from SECRET_KEY with HKDF, so changing
    # SECRET_KEY then makes every seed unreadable (members sign in with a recovery code and
    # set two-factor sign-in up again). Set it to keep seeds independent of SECRET_KEY.
    "TOTP_ENCRYPTION_KEY": None,
    # Where evidence files are kept: a folder, "database" (in the evidence_files table), or
    # None: the instance folder's evidence/ on SQLite, the database on PostgreSQL (so every
    # server behind a load balancer sees the same files).
    "EVIDENCE_STORAGE": None,
    # E-mail invitations and reminders (README, "E-mail invitations"). Without MAIL_SERVER
    # nothing is sent: the invite pages offer each personal link to copy instead.
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_STARTTLS": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    # The From address; None: no-reply@MAIL_SERVER.
    "MAIL_SENDER": None,
}

#: The Redis queue that render jobs wait on.
RENDER_QUEUE = "reports"

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def finalise(config: dict, instance_path: Path) -> None:
    """Fill in the settings whose defaults live in the instance folder."""
    if not config.get("DATABASE_URL"):
        instance_path.mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'assessment.db'}"
    if not config.get("REPORT_CACHE_DIR"):
        config["REPORT_CACHE_DIR"] = str(instance_path / "reports")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret_key(instance_path)
    if not config.get("EVIDENCE_STORAGE"):
        sqlite = config["DATABASE_URL"].startswith("sqlite")
        config["EVIDENCE_STORAGE"] = str(instance_path / "evidence") if sqlite else "database"


def instance_secret_key(instance_path: Path) -> str:
    """The instance folder's secret key, generated on first use with owner-only access.

    Concurrent first starts (several workers) agree on one key: only the process that
    creates the file writes it, the others read it.
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / SECRET_KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return _read_key(path)


def _read_key(path: Path) -> str:
    """The key in `path`, waiting briefly if another process is still writing it."""
    for _ in range(50):
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"the secret key file {path} is empty: delete it to generate a new key")
