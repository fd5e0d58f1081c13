"""Security headers on every response.

The Content-Security-Policy allows only our own scripts and styles, with no inline
code, so text a respondent typed can never run as script even if escaping failed.
A response to a signed-in consultant or a respondent's browser is never stored by a
browser or proxy (shared machines), and over HTTPS browsers are told to stay on HTTPS.
"""

from flask import Flask, Response, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Resume links carry private tokens: never leak a URL to another site.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


HSTS = "max-age=31536000"
#: Session keys that mark a browser as someone's: Flask-Login's account, a respondent, a reviewer.
PRIVATE_SESSION_KEYS = ("_user_id", "respondent", "reviewer")


def add_security_headers(response: Response) -> Response:
    """Set the headers unless a view chose its own value."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static" and any(key in session for key in PRIVATE_SESSION_KEYS):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Attach the headers to every response."""
    app.after_request(add_security_headers)
