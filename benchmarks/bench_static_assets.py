"""Bytes on the wire for assets and a live poll.  Run: .venv/bin/python benchmarks/bench_static_assets.py

Sizes, not times, so there is nothing to take a median of: the same input gives the
same bytes. Builds a 200-person workshop (as bench_live_view.py does), signs its
consultant in through the login form, and prints, as a browser that accepts Brotli
and gzip would receive them, against the uncompressed bytes (the baseline):
- the assets of a question page (stylesheet, icon, answer.js);
- the facilitator's and the presenter's live.json poll;
- the methodology page.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment import create_app
from benchmarks.bench_live_view import build_workshop
from tests.support.factories import PASSWORD

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def sizes(client, url: str) -> tuple[int, int, str]:
    """Uncompressed bytes, bytes sent to a browser, and the encoding it was sent in."""
    plain = client.get(url)
    sent = client.get(url, headers=BROWSER)
    assert plain.status_code == sent.status_code == 200, url
    return len(plain.data), len(sent.data), sent.headers.get("Content-Encoding", "identity")


def line(label: str, plain: int, sent: int, encoding: str) -> str:
    """One row: bytes before and after and their ratio."""
    return f"{label:<44} {plain:>8,} B -> {sent:>8,} B {encoding:<8} {sent / plain:.2f}x"


def main() -> None:
    """Print the sizes."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench"})
        workshop_id = build_workshop(app)
        client = app.test_client()

        asset_urls = []
        with app.test_request_context():
            from flask import url_for

            for name in ("css/app.css", "favicon.svg", "js/answer.js"):
                asset_urls.append(url_for("static", filename=name))
        total_plain = total_sent = 0
        for url in asset_urls:
            plain, sent, encoding = sizes(client, url)
            total_plain, total_sent = total_plain + plain, total_sent + sent
            print(line(url, plain, sent, encoding))
        print(line("a question page's assets, together", total_plain, total_sent, "br"))

        login = client.get("/account/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        signed_in = client.post(
            "/account/login", data={"email": "bench@example.com", "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 302, signed_in.status_code
        live = f"/workspaces/1/workshops/{workshop_id}/live.json"
        print(line("facilitator's live.json", *sizes(client, live)))
        print(line("presenter's live.json", *sizes(client, live + "?view=presenter")))
        print(line("/methodology", *sizes(client, "/methodology")))


if __name__ == "__main__":
    main()
