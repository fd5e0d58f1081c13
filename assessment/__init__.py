"""The AI execution maturity assessment platform."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then the instance folder, then the environment, then tests.

    The environment is read here and nowhere else: `ASSESSMENT_*` variables (for example
    `ASSESSMENT_SECRET_KEY`) and, as the common convention for them, `DATABASE_URL` and `REDIS_URL`.
    `ASSESSMENT_INSTANCE_PATH` moves the instance folder.
    """
    app = Flask(
        __name__,
        instance_path=_instance_path(),
        instance_relative_config=True,
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = os.environ["REDIS_URL"]
    app.config.from_prefixed_env("ASSESSMENT")
    if test_config:
        app.config.from_mapping(test_config)
    config.finalise(app.config, Path(app.instance_path))
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, CSRF protection and the questionnaire catalog."""
    from .extensions import csrf, database, init_catalog, init_evidence_store
    from .web import uploads
    from .web.auth import init_login

    database.init_app(app)
    uploads.init_app(app)  # before CSRFProtect's hook, which reads the form
    csrf.init_app(app)
    init_catalog(app)
    init_evidence_store(app)
    init_login(app)
    init_two_factor(app)
    init_mail(app)


def init_mail(app: Flask) -> None:
    """The SMTP settings from the MAIL_* keys (None without MAIL_SERVER); views find them
    in `app.extensions["mail"]`."""
    from .services.mail import settings_from

    app.extensions["mail"] = settings_from(app.config)


def init_two_factor(app: Flask) -> None:
    """The cipher of two-factor seeds, from TOTP_ENCRYPTION_KEY or derived from SECRET_KEY
    (see services.two_factor.seed_cipher); views find it in `app.extensions`."""
    from .services.two_factor import seed_cipher

    app.extensions["two_factor_cipher"] = seed_cipher(
        app.config.get("TOTP_ENCRYPTION_KEY"), str(app.config["SECRET_KEY"])
    )


def register_blueprints(app: Flask) -> None:
    """Pages, error handlers and response headers."""
    from .web import init_web

    init_web(app)


def register_commands(app: Flask) -> None:
    """The `assessment` commands, also reachable as `flask --app assessment ...`."""
    from .cli import init_cli

    init_cli(app)


def _instance_path() -> str | None:
    """ASSESSMENT_INSTANCE_PATH as an absolute path, or None for Flask's default."""
    path = os.environ.get("ASSESSMENT_INSTANCE_PATH")
    return os.path.abspath(path) if path else None
