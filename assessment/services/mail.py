"""Sending e-mail over SMTP with the standard library.

Messages are plain text with a simple HTML alternative: every piece of user text is
escaped in the HTML part, and nothing tracks the reader (no images, no rewritten links).
Sending reports a reason per address that was not sent; nothing here logs a password
or a message body (personal links are in the body).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from html import escape


@dataclass(frozen=True)
class MailSettings:
    """How to reach the SMTP server, built once by the app factory from MAIL_* keys."""

    server: str
    port: int
    use_starttls: bool
    username: str | None
    password: str | None
    sender: str

    def __repr__(self) -> str:
        """Everything but the password."""
        return f"MailSettings(server={self.server!r}, port={self.port}, sender={self.sender!r})"


def settings_from(config) -> MailSettings | None:
    """The settings in a config mapping, or None when MAIL_SERVER is not set (no e-mail)."""
    server = config.get("MAIL_SERVER")
    if not server:
        return None
    use_starttls = config.get("MAIL_USE_STARTTLS")
    if isinstance(use_starttls, str):
        use_starttls = use_starttls.strip().lower() in ("1", "true", "yes", "on")
    return MailSettings(
        server=str(server),
        port=int(config.get("MAIL_PORT") or 25),
        use_starttls=bool(use_starttls),
        username=config.get("MAIL_USERNAME") or None,
        password=config.get("MAIL_PASSWORD") or None,
        sender=str(config.get("MAIL_SENDER") or f"no-reply@{server}"),
    )


@dataclass(frozen=True)
class Letter:
    """One message to one person: `paragraphs` are plain text, `link` is shown on its own line."""

    name: str
    address: str
    subject: str
    paragraphs: tuple[str, ...]
    link: str
    link_label: str


def build_message(sender: str, letter: Letter) -> EmailMessage:
    """The message for a letter: a plain-text body and an escaped HTML alternative."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=letter.name, addr_spec=letter.address)
    message["Subject"] = letter.subject
    text = "\n\n".join((*letter.paragraphs, f"{letter.link_label}:\n{letter.link}"))
    message.set_content(text + "\n")
    html_paragraphs = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in letter.paragraphs)
    html = (
        f"<!doctype html><html><body>{html_paragraphs}"
        f'<p><a href="{escape(letter.link)}">{escape(letter.link_label)}</a></p>'
        f"<p>{escape(letter.link)}</p></body></html>"
    )
    message.add_alternative(html, subtype="html")
    return message


def send(settings: MailSettings, letters: list[Letter], timeout: float = 10) -> dict[str, str]:
    """Send each letter over one SMTP connection; returns {address: reason} for those not sent.

    A connection or sign-in failure leaves every letter unsent, each with that reason."""
    failed: dict[str, str] = {}
    try:
        with smtplib.SMTP(settings.server, settings.port, timeout=timeout) as smtp:
            if settings.use_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for letter in letters:
                try:
                    smtp.send_message(build_message(settings.sender, letter))
                except smtplib.SMTPRecipientsRefused:
                    failed[letter.address] = "the mail server refused this address"
                except smtplib.SMTPException as error:
                    failed[letter.address] = _reason(error)
    except (OSError, smtplib.SMTPException) as error:
        reason = _reason(error)
        for letter in letters:
            failed.setdefault(letter.address, reason)
    return failed


def _reason(error: Exception) -> str:
    """A short, password-free description of a sending failure."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "the mail server did not accept the sign-in"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the mail server answered {error.smtp_code}"
    if isinstance(error, (ConnectionError, TimeoutError, OSError)) and not isinstance(
        error, smtplib.SMTPException
    ):
        return "the mail server could not be reached"
    return "the mail server failed"
