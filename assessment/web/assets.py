"""Static files under fingerprinted names, cached for a year; text responses compressed.

At startup every file of the static folder is read once and named by its content:
`url_for('static', filename='css/app.css')` gives `/static/css/app.<hash>.css`, whose
response says `Cache-Control: public, max-age=31536000, immutable`, so a browser that has
it never asks again; a changed file gets a new hash and so a new URL. The plain name still
answers, with a short cache, for anything that does not come through `url_for`. The bytes
are served from memory as read at startup, so a URL always returns the content its hash
names even if the file changes on disk before the next restart (restart to publish a
change). A file added after startup is served by Flask's own static view. Assets are
answered by a WSGI middleware in front of Flask, so they never touch the session.

Text files (CSS, JavaScript, SVG, ...) are compressed with Brotli or gzip, whichever the
browser prefers, once per file on its first request. Dynamic text responses (HTML, JSON)
of 500 bytes or more are compressed per response, except when the body contains the
CSRF token: a secret repeated in every response next to text someone else typed (a
participant's name, a comment) is what BREACH recovers byte by byte from compressed sizes,
and Flask-WTF's token carries the same secret in every response of a session. PDFs, XLSX,
ZIP and images are never compressed (they are compressed already), nor are downloads.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import brotli
from flask import Flask, current_app, g, request
from werkzeug.wrappers import Request, Response

from .security import HEADERS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Characters of the SHA-256 hex digest that name a file's content.
FINGERPRINT_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
#: The plain name may change content at the next deploy: browsers keep it a few minutes.
SHORT = "public, max-age=300"
#: Media types worth compressing; everything else (PDF, XLSX, ZIP, PNG, ...) is left alone.
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "text/plain",
        "text/csv",
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
    }
)
#: The security headers that matter for a file: its type is never guessed, and an SVG
#: opened on its own runs no script and is never framed.
ASSET_HEADERS = {name: HEADERS[name] for name in ("X-Content-Type-Options", "Content-Security-Policy")}
#: Below this many bytes compression saves less than the header it adds.
MIN_SIZE = 500
#: The encodings we produce, in our order of preference when a browser accepts both equally.
ENCODINGS = ("br", "gzip")


@dataclass
class Asset:
    """One static file as read at startup, with its compressed forms made on demand."""

    name: str
    fingerprinted: str
    digest: str
    mimetype: str
    body: bytes
    encoded: dict[str, bytes] = field(default_factory=dict)

    def body_for(self, encoding: str | None) -> bytes:
        """The bytes in this encoding (None: as stored), compressing once on first use."""
        if encoding is None:
            return self.body
        if encoding not in self.encoded:
            self.encoded[encoding] = compress(self.body, encoding, best=True)
        return self.encoded[encoding]


@dataclass
class Manifest:
    """The static folder's files by plain and by fingerprinted name."""

    by_name: dict[str, Asset]
    by_fingerprint: dict[str, Asset]

    @classmethod
    def scan(cls, folder: Path) -> Manifest:
        """Read and hash every file under the folder (hidden files and folders left out)."""
        assets = []
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:FINGERPRINT_LENGTH]
            name = relative.as_posix()
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            assets.append(Asset(name, fingerprinted_name(name, digest), digest, mimetype, body))
        return cls({a.name: a for a in assets}, {a.fingerprinted: a for a in assets})


def fingerprinted_name(name: str, digest: str) -> str:
    """`css/app.css` with digest `3f9a` becomes `css/app.3f9a.css`; `LICENSE` becomes `LICENSE.3f9a`."""
    folder, _, base = name.rpartition("/")
    stem, dot, suffix = base.rpartition(".")
    renamed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{base}.{digest}"
    return f"{folder}/{renamed}" if folder else renamed


def compress(body: bytes, encoding: str, *, best: bool) -> bytes:
    """The body in Brotli or gzip; `best` spends more time for files compressed only once."""
    if encoding == "br":
        return brotli.compress(body, quality=11 if best else 5)
    return gzip.compress(body, compresslevel=9 if best else 6, mtime=0)


def chosen_encoding(incoming: Request) -> str | None:
    """The encoding a request's Accept-Encoding prefers among ours, or None for identity."""
    accepted = incoming.accept_encodings
    best = max(ENCODINGS, key=lambda encoding: accepted[encoding])
    return best if accepted[best] > 0 else None


class AssetServer:
    """WSGI middleware that answers for the static files read at startup.

    It sits in front of Flask, as WhiteNoise does, so an asset request never opens the
    session: a response cached for a year must carry neither `Vary: Cookie` nor a
    `Set-Cookie` that a shared cache could hand to someone else. Anything it does not
    know (a file added since startup, a path outside the folder) goes on to Flask.
    """

    def __init__(self, app: WSGIApplication, manifest: Manifest, prefix: str) -> None:
        self.app = app
        self.manifest = manifest
        self.prefix = prefix.rstrip("/") + "/"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve a known asset for GET or HEAD; pass every other request on."""
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.prefix) and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            name = path.removeprefix(self.prefix)
            asset = self.manifest.by_fingerprint.get(name)
            if asset is not None:
                return self.respond(asset, IMMUTABLE, environ)(environ, start_response)
            if (asset := self.manifest.by_name.get(name)) is not None:
                return self.respond(asset, SHORT, environ)(environ, start_response)
        return self.app(environ, start_response)

    @staticmethod
    def respond(asset: Asset, cache_control: str, environ: WSGIEnvironment) -> Response:
        """The asset in the encoding the browser prefers, or 304 when its copy is current."""
        incoming = Request(environ)
        compressible = asset.mimetype in COMPRESSIBLE and len(asset.body) >= MIN_SIZE
        encoding = chosen_encoding(incoming) if compressible else None
        response = Response(asset.body_for(encoding), mimetype=asset.mimetype)
        response.headers["Cache-Control"] = cache_control
        response.headers.update(ASSET_HEADERS)
        response.set_etag(f"{asset.digest}-{encoding}" if encoding else asset.digest)
        if compressible:
            response.vary.update(["Accept-Encoding"])
        if encoding:
            response.headers["Content-Encoding"] = encoding
        return response.make_conditional(incoming)


def fingerprint_url(endpoint: str, values: dict) -> None:
    """Give `url_for('static', filename=...)` the file's fingerprinted name when it has one."""
    if endpoint != "static":
        return
    asset = current_app.extensions["assets"].by_name.get(values.get("filename"))
    if asset is not None:
        values["filename"] = asset.fingerprinted


def carries_csrf_secret(body: bytes) -> bool:
    """Whether the body holds the CSRF token this request made.

    Flask-WTF's token is `payload.timestamp.signature`, and the payload (the session's
    secret) is the same in every response of the session; any body that contains it
    stays uncompressed. A request that made no token cannot have put one in its body.
    """
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token) and token.split(".", 1)[0].encode() in body


def compress_response(response: Response) -> Response:
    """Compress a dynamic text response unless it is small, a download, encoded or holds the CSRF secret.

    A download (an export) is fetched once and saved as it came, so it is left whole.
    """
    if (
        request.endpoint == "static"
        or response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or response.mimetype not in COMPRESSIBLE
        or "Content-Encoding" in response.headers
        or response.headers.get("Content-Disposition", "").startswith("attachment")
    ):
        return response
    body = response.get_data()
    if len(body) < MIN_SIZE or carries_csrf_secret(body):
        return response
    response.vary.update(["Accept-Encoding"])
    encoding = chosen_encoding(request)
    if encoding is None:
        return response
    response.set_data(compress(body, encoding, best=False))
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak=weak)
    return response


def init_app(app: Flask) -> None:
    """Hash the static folder, serve it under fingerprinted names, and compress text responses."""
    app.after_request(compress_response)
    if not app.static_folder:
        return
    manifest = app.extensions["assets"] = Manifest.scan(Path(app.static_folder))
    app.wsgi_app = AssetServer(app.wsgi_app, manifest, app.static_url_path or "/static")  # type: ignore[method-assign]
    app.url_defaults(fingerprint_url)
