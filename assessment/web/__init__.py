"""The web edge: blueprints, error pages and the headers every response carries."""

from flask import Flask

from . import assess, errors, main, security


def init_web(app: Flask) -> None:
    """Register every blueprint and app-wide handler."""
    app.register_blueprint(main.blueprint)
    app.register_blueprint(assess.blueprint)
    errors.init_app(app)
    security.init_app(app)
