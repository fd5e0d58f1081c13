"""The join-code field brings up a phone keyboard fit for a code and is tied to its hint."""

from __future__ import annotations

import re


def test_the_join_code_field_asks_for_capitals_without_spelling_fixes(journey_app):
    page = journey_app.test_client().get("/join").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="code"[^>]*>', page).group(0)
    assert 'autocapitalize="characters"' in field and 'spellcheck="false"' in field
    assert 'autocomplete="off"' in field and 'aria-describedby="code-hint"' in field
    assert 'aria-required="true"' in field and 'id="code-hint"' in page
