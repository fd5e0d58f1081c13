"""Workshop participants invited and reminded by e-mail, against a real SMTP server on loopback."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from assessment.extensions import database
from assessment.persistence import Respondent, upgrade
from assessment.persistence.mail_invitations import WorkshopInvitation
from assessment.persistence.models import utcnow
from tests.support.journeys import answer, make_workshop, sign_up

PAGE = "/workspaces/1/workshops/1/invitations"
LINK = re.compile(r"http://localhost(/invite/[A-Za-z0-9_-]+)")


@pytest.fixture
def mail_app(make_app, database_url, smtp_server):
    """A migrated app, CSRF off, that sends mail to the loopback server."""
    app = make_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False, **smtp_server.config()})
    with app.app_context():
        upgrade(database.engine)
    return app


def _consultant(app):
    """A consultant with a named-participant workshop (id 1 in workspace 1)."""
    consultant = app.test_client()
    make_workshop(app, consultant, participants="named")
    return consultant


def _invitations(app) -> list[WorkshopInvitation]:
    """The stored invitations, detached."""
    with app.app_context():
        rows = list(database.session.scalars(select(WorkshopInvitation).order_by(WorkshopInvitation.id)))
        database.session.expunge_all()
        return rows


def _link(received) -> str:
    """The personal link's path in a received message's plain-text part."""
    return LINK.search(received.part("plain"))[1]


def test_invited_people_receive_a_personal_link_that_joins_as_them_and_later_resumes(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    response = consultant.post(PAGE, data={"people": "Ada Lovelace <ada@example.com>\n\ngrace@example.com\n"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Sent to ada@example.com, grace@example.com." in page
    assert [m.recipients for m in smtp_server.messages] == [["ada@example.com"], ["grace@example.com"]]
    ada = smtp_server.messages[0]
    assert ada.message["Subject"] == "Invitation: Kick-off"
    assert ada.message["From"] == "workshops@example.com"
    assert "Hello Ada Lovelace" in ada.part("plain") and "Hello grace" in smtp_server.messages[1].part(
        "plain"
    )
    link = _link(ada)
    assert link in ada.part("html")
    assert "<img" not in ada.part("html")  # nothing tracks the reader

    participant = mail_app.test_client()
    invite_page = participant.get(link).get_data(as_text=True)
    assert "You join as <strong>Ada Lovelace</strong>" in invite_page
    joined = participant.post(link, data={"role": "Engineering"})
    assert joined.status_code == 302 and joined.headers["Location"].endswith("/assessment/")
    answer(participant, "some-named")
    with mail_app.app_context():
        respondent = database.session.scalars(select(Respondent)).one()
        assert (respondent.name, respondent.role) == ("Ada Lovelace", "Engineering")

    # The same link on another device resumes Ada's answers: no second participant.
    other_device = mail_app.test_client()
    again = other_device.get(link, follow_redirects=True)
    assert again.status_code == 200
    assert other_device.get("/assessment/review").status_code == 200
    with mail_app.app_context():
        assert database.session.scalar(select(func.count()).select_from(Respondent)) == 1

    status = consultant.get(PAGE).get_data(as_text=True)
    assert re.search(
        r"Ada Lovelace</label></td>\s*<td>ada@example.com</td>\s*<td>Answered 1 of \d+</td>", status
    )
    assert re.search(
        r"grace</label></td>\s*<td>grace@example.com</td>\s*<td>Invited, not joined yet</td>", status
    )


def test_a_list_with_a_bad_line_sends_nothing_and_names_the_line(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    people = "Ada <ada@example.com>\nnot an address\nada@example.com\n"
    response = consultant.post(PAGE, data={"people": people})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "Line 2: &#34;not an address&#34; is not &#34;Name &lt;address&gt;&#34; or an e-mail address." in page
    )
    assert "Line 3: ada@example.com is already on an earlier line." in page
    assert smtp_server.messages == [] and _invitations(mail_app) == []

    consultant.post(PAGE, data={"people": "ada@example.com"})
    again = consultant.post(PAGE, data={"people": "ADA@example.com"})
    assert (
        again.status_code == 422
        and "ADA@example.com is already invited to this workshop." in again.get_data(as_text=True)
    )
    assert len(smtp_server.messages) == 1


def test_a_name_with_markup_is_escaped_in_the_html_part_and_on_the_page(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    page = consultant.post(PAGE, data={"people": "<script>alert(1)</script> Eve & co <eve@example.com>"})
    assert "Sent to eve@example.com." in page.get_data(as_text=True)
    received = smtp_server.messages[0]
    html = received.part("html")
    assert "<script>" not in html and "Hello &lt;script&gt;alert(1)&lt;/script&gt; Eve &amp; co" in html
    assert "Hello <script>alert(1)</script> Eve & co" in received.part("plain")  # plain text is not HTML
    status = consultant.get(PAGE).get_data(as_text=True)
    assert "<script>alert(1)" not in status and "&lt;script&gt;alert(1)&lt;/script&gt; Eve &amp; co" in status
    invite_page = mail_app.test_client().get(_link(received)).get_data(as_text=True)
    assert "<script>alert(1)" not in invite_page


def test_markup_in_a_workshop_title_is_escaped_in_the_html_part(mail_app, smtp_server):
    consultant = mail_app.test_client()
    make_workshop(mail_app, consultant, title="<script>alert(1)</script>", participants="named")
    consultant.post(PAGE, data={"people": "ada@example.com"})
    html = smtp_server.messages[0].part("html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = consultant.get(PAGE).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_a_reminder_within_a_day_is_refused_and_a_later_one_carries_a_new_link(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    consultant.post(PAGE, data={"people": "Ada <ada@example.com>"})
    first_link = _link(smtp_server.messages[0])
    refused = consultant.post(PAGE + "/remind", data={"everyone": "yes"})
    assert refused.status_code == 409
    assert "Not reminded: ada@example.com was invited less than 24 hours ago." in refused.get_data(
        as_text=True
    )
    assert len(smtp_server.messages) == 1

    with mail_app.app_context():
        database.session.execute(update(WorkshopInvitation).values(invited_at=utcnow() - timedelta(hours=25)))
        database.session.commit()
    invitation_id = _invitations(mail_app)[0].id
    sent = consultant.post(PAGE + "/remind", data={"invitation": str(invitation_id)})
    assert sent.status_code == 200 and "Sent to ada@example.com." in sent.get_data(as_text=True)
    reminder = smtp_server.messages[1]
    assert reminder.message["Subject"] == "Reminder: Kick-off"
    new_link = _link(reminder)
    assert new_link != first_link
    assert mail_app.test_client().get(first_link).status_code == 404
    assert "You join as" in mail_app.test_client().get(new_link).get_data(as_text=True)
    assert _invitations(mail_app)[0].last_reminded_at is not None

    again = consultant.post(PAGE + "/remind", data={"invitation": str(invitation_id)})
    assert "ada@example.com was reminded less than 24 hours ago." in again.get_data(as_text=True)
    assert len(smtp_server.messages) == 2


def test_finished_participants_are_not_reminded_in_bulk(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    consultant.post(PAGE, data={"people": "ada@example.com"})
    with mail_app.app_context():
        database.session.execute(update(WorkshopInvitation).values(invited_at=utcnow() - timedelta(hours=25)))
        database.session.commit()
    nobody = consultant.post(PAGE + "/remind", data={})
    assert nobody.status_code == 422 and "Nobody to remind." in nobody.get_data(as_text=True)


def test_when_the_mail_server_is_down_the_page_says_so_and_nothing_is_recorded(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    smtp_server.stop()
    response = consultant.post(PAGE, data={"people": "Ada <ada@example.com>\nbob@example.com"})
    page = response.get_data(as_text=True)
    assert response.status_code == 502
    assert "Not sent to ada@example.com: the mail server could not be reached." in page
    assert "Not sent to bob@example.com: the mail server could not be reached." in page
    assert "Ada &lt;ada@example.com&gt;\nbob &lt;bob@example.com&gt;" in page  # kept to send again
    assert _invitations(mail_app) == []


def test_a_reminder_that_cannot_be_sent_changes_nothing(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    consultant.post(PAGE, data={"people": "ada@example.com"})
    link = _link(smtp_server.messages[0])
    with mail_app.app_context():
        database.session.execute(update(WorkshopInvitation).values(invited_at=utcnow() - timedelta(hours=25)))
        database.session.commit()
    smtp_server.stop()
    response = consultant.post(PAGE + "/remind", data={"everyone": "yes"})
    assert response.status_code == 502
    assert "Not sent to ada@example.com: the mail server could not be reached." in response.get_data(
        as_text=True
    )
    assert _invitations(mail_app)[0].last_reminded_at is None
    assert "You join as" in mail_app.test_client().get(link).get_data(
        as_text=True
    )  # the old link still works


def test_without_a_mail_server_the_page_says_so_and_shows_the_links_to_copy(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant, participants="named")
    assert "E-mail is not configured on this server" in consultant.get(PAGE).get_data(as_text=True)
    page = consultant.post(PAGE, data={"people": "Ada <ada@example.com>"}).get_data(as_text=True)
    assert "nothing was sent" in page
    link = LINK.search(page)[1]
    participant = journey_app.test_client()
    assert participant.post(link, data={"role": "Product"}).status_code == 302
    assert _invitations(journey_app)[0].respondent_id is not None


def test_other_workspaces_and_strangers_cannot_see_or_use_the_invitations(mail_app, smtp_server):
    owner = _consultant(mail_app)
    owner.post(PAGE, data={"people": "ada@example.com"})
    stranger = mail_app.test_client()
    sign_up(stranger, email="eve@example.com", workspace="Eve Consulting")
    assert stranger.get(PAGE).status_code == 404
    assert stranger.post(PAGE, data={"people": "x@example.com"}).status_code == 404
    assert stranger.post(PAGE + "/remind", data={"everyone": "yes"}).status_code == 404
    assert stranger.get("/workspaces/2/workshops/1/invitations").status_code == 404
    anonymous = mail_app.test_client().get(PAGE)
    assert anonymous.status_code == 302 and "/account/" in anonymous.headers["Location"]
    assert len(smtp_server.messages) == 1 and len(_invitations(mail_app)) == 1
    assert mail_app.test_client().get("/invite/not-a-real-token").status_code == 404


def test_a_reminder_to_someone_who_joined_gives_a_new_link_to_the_same_answers(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    consultant.post(PAGE, data={"people": "Ada <ada@example.com>"})
    first_link = _link(smtp_server.messages[0])
    participant = mail_app.test_client()
    participant.post(first_link, data={"role": "Product"})
    answer(participant, "some-named")
    with mail_app.app_context():
        database.session.execute(update(WorkshopInvitation).values(invited_at=utcnow() - timedelta(hours=25)))
        database.session.commit()
    assert consultant.post(PAGE + "/remind", data={"everyone": "yes"}).status_code == 200
    new_link = _link(smtp_server.messages[1])
    assert mail_app.test_client().get(first_link).status_code == 404
    other_device = mail_app.test_client()
    resumed = other_device.get(new_link, follow_redirects=True)
    assert resumed.status_code == 200
    assert other_device.get("/assessment/review").status_code == 200
    assert re.search(
        r"<td>ada@example.com</td>\s*<td>Answered 1 of", consultant.get(PAGE).get_data(as_text=True)
    )
    with mail_app.app_context():
        assert database.session.scalar(select(func.count()).select_from(Respondent)) == 1


def test_an_address_the_server_refuses_is_reported_and_the_others_are_invited(mail_app, smtp_server):
    consultant = _consultant(mail_app)
    smtp_server.refuse("nobody@example.com")
    response = consultant.post(PAGE, data={"people": "Ada <ada@example.com>\nNobody <nobody@example.com>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sent to ada@example.com." in page
    assert "Not sent to nobody@example.com: the mail server refused this address." in page
    assert [m.recipients for m in smtp_server.messages] == [["ada@example.com"]]
    assert [i.address for i in _invitations(mail_app)] == ["ada@example.com"]
