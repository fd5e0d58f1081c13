"""Two-factor helpers shared by the web and browser tests: read the key and the recovery
codes off the pages, and compute codes as an authenticator app would (pyotp)."""

from __future__ import annotations

import re
import time

import pyotp

KEY = re.compile(r'<code id="two-factor-key">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def key_on(page: str) -> str:
    """The seed the set-up page shows as text, without its spaces."""
    found = KEY.search(page)
    assert found, "the set-up page shows no key"
    return found.group(1).replace(" ", "")


def recovery_codes_on(page: str) -> list[str]:
    """The recovery codes a page shows."""
    return RECOVERY.findall(page)


def code(seed: str, steps_ahead: int = 0) -> str:
    """The app's code for the current 30-second step, or one `steps_ahead` of it."""
    return pyotp.TOTP(seed).at(time.time() + 30 * steps_ahead)


def enrol(client) -> tuple[str, list[str]]:
    """Set up two-factor sign-in for the signed-in account; returns (seed, recovery codes)."""
    seed = key_on(client.get("/account/two-factor").get_data(as_text=True))
    page = client.post("/account/two-factor", data={"code": code(seed)})
    assert page.status_code == 200, page.status_code
    return seed, recovery_codes_on(page.get_data(as_text=True))


def wrong_code(seed: str) -> str:
    """Six digits that are no code of the seed's within a step of now."""
    near = {code(seed, steps) for steps in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)
