"""The mail service's messages and settings, and reading a pasted list of invitees."""

from __future__ import annotations

import socket

import pytest

from assessment.services.mail import Letter, build_message, send, settings_from
from assessment.services.workshop_invitations import Invitee, InviteeListRefused, read_invitees


def test_no_mail_server_means_no_settings_and_the_password_never_shows_in_repr():
    assert settings_from({"MAIL_SERVER": None}) is None
    settings = settings_from(
        {
            "MAIL_SERVER": "smtp.example.com",
            "MAIL_PORT": "587",
            "MAIL_USE_STARTTLS": "true",
            "MAIL_USERNAME": "u",
            "MAIL_PASSWORD": "hunter2-secret",
        }
    )
    assert (settings.port, settings.use_starttls, settings.sender) == (587, True, "no-reply@smtp.example.com")
    assert "hunter2-secret" not in repr(settings) and "hunter2-secret" not in str(settings)


def test_a_message_has_plain_text_and_an_escaped_html_part_without_images():
    letter = Letter(
        'Eve "<b>x</b>"',
        "eve@example.com",
        "Invitation: <i>T</i>",
        ("Hello <script>alert(1)</script> & co",),
        "http://h/invite/abc?x=1&y=2",
        "Open",
    )
    message = build_message("from@example.com", letter)
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello <script>alert(1)</script> & co" in plain and "http://h/invite/abc?x=1&y=2" in plain
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert 'href="http://h/invite/abc?x=1&amp;y=2"' in html and "<img" not in html
    assert message["To"].addresses[0].addr_spec == "eve@example.com"


def test_an_unreachable_server_leaves_every_letter_unsent_with_the_reason():
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = settings_from({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port})
    letters = [Letter(n, f"{n}@example.com", "S", ("p",), "http://h/x", "Open") for n in ("a", "b")]
    assert send(settings, letters, timeout=2) == {
        "a@example.com": "the mail server could not be reached",
        "b@example.com": "the mail server could not be reached",
    }


def test_a_pasted_list_is_read_line_by_line():
    text = (
        "Ada Lovelace <ada@example.com>\n\n  grace@example.com  \n<script>x</script> Eve <eve@example.com>\n"
    )
    assert read_invitees(text) == [
        Invitee("Ada Lovelace", "ada@example.com"),
        Invitee("grace", "grace@example.com"),
        Invitee("<script>x</script> Eve", "eve@example.com"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Enter at least one address, one person per line."),
        ("ada@example", 'Line 1: "ada@example" is not "Name <address>" or an e-mail address.'),
        ("Ada <ada@example.com>, Bob <bob@example.com>", "Line 1:"),
        ("a@example.com\nA@EXAMPLE.com", "Line 2: A@EXAMPLE.com is already on an earlier line."),
        ("Ad\ta <a@example.com>", "Line 1: the name has a control character."),
    ],
)
def test_a_bad_line_is_named(text, problem):
    with pytest.raises(InviteeListRefused) as refused:
        read_invitees(text)
    assert any(p.startswith(problem) for p in refused.value.problems)


def test_an_address_already_invited_is_refused():
    with pytest.raises(InviteeListRefused, match="already invited"):
        read_invitees("ada@example.com", {"ada@example.com"})
