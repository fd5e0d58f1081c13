"""The web edge: blueprints, error pages and the headers every response carries."""

from flask import Flask

from . import assess, assets, audit_trail, auth, errors, input_checks, main, security, workshops, workspaces


def init_web(app: Flask) -> None:
    """Register every blueprint and app-wide handler."""
    assets.init_app(app)  # first, so that its compression runs after every other response hook
    app.register_blueprint(main.blueprint)
    app.register_blueprint(assess.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(workshops.blueprint)
    app.register_blueprint(workspaces.blueprint)
    input_checks.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    audit_trail.init_app(app)
