"""A consultant's browser on an app with CSRF protection on, as in production."""

from __future__ import annotations

import io
import re

from tests.support.journeys import PASSWORD


def token_on(client, path: str) -> str:
    """The CSRF token of the form on a page."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def signed_up(app):
    """A consultant who signed up through the real form (token included)."""
    client = app.test_client()
    data = {"name": "Ada", "email": "ada@example.com", "password": PASSWORD, "workspace": "Ada Consulting"}
    data["csrf_token"] = token_on(client, "/account/signup")
    response = client.post("/account/signup", data=data)
    assert response.status_code == 302
    return client


def closed(response):
    """The response, read, with the request body the test client spooled to a file closed."""
    response.get_data()
    response.close()
    response.request.input_stream.close()
    return response


def post_file(client, path: str, field: str, data: bytes, filename: str, **fields):
    """Post a file with the page's token."""
    form = {**fields, field: (io.BytesIO(data), filename), "csrf_token": token_on(client, path)}
    return closed(client.post(path, data=form))
