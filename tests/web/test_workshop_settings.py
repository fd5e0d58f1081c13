"""Facilitators edit a workshop after creating it; what participants fixed in place is refused by name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from assessment.extensions import database
from assessment.persistence import Workshop
from tests.support.journeys import join, join_code, make_workshop

SETTINGS = "/workspaces/1/workshops/1/settings"


def stored(app) -> Workshop:
    """The workshop as the database holds it (detached copy of the fields tests read)."""
    with app.app_context():
        workshop = database.session.scalars(select(Workshop)).one()
        database.session.expunge(workshop)
        return workshop


def form(**changes) -> dict:
    """The settings form as the page fills it for the journeys' workshop, with changes."""
    return {
        "title": "Kick-off",
        "participants": "anonymous",
        "roles": "Product\nEngineering\nSecurity",
        "target_profile": "",
        "closes_at": "",
        "time_zone": "UTC",
        **changes,
    }


def test_the_title_and_roles_change_and_the_page_shows_them(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    response = consultant.post(SETTINGS, data=form(title="Board offsite", roles="Board\nProduct"))
    assert response.status_code == 302
    page = consultant.get(SETTINGS).get_data(as_text=True)
    assert "Settings saved." in page and 'value="Board offsite"' in page
    assert stored(journey_app).title == "Board offsite" and stored(journey_app).roles == ["Board", "Product"]
    assert "Board offsite" in consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)


def test_a_close_date_entered_in_paris_is_stored_in_utc_and_shown_back_in_paris(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    year = datetime.now(UTC).year + 1
    local = f"{year}-07-01T17:30"  # summer time: Paris is UTC+2
    response = consultant.post(SETTINGS, data=form(closes_at=local, time_zone="Europe/Paris"))
    assert response.status_code == 302
    closes = stored(journey_app).closes_at
    assert closes.replace(tzinfo=closes.tzinfo or UTC) == datetime(year, 7, 1, 15, 30, tzinfo=UTC)
    assert stored(journey_app).time_zone == "Europe/Paris"
    page = consultant.get(SETTINGS).get_data(as_text=True)
    assert f'value="{local}"' in page and f"{year}-07-01 17:30 Europe/Paris" in page
    assert '<option selected value="Europe/Paris">' in page or 'value="Europe/Paris" selected' in page
    live = consultant.get("/workspaces/1/workshops/1/").get_data(as_text=True)
    assert f"closes {year}-07-01 17:30 Europe/Paris" in live


def test_a_new_workshop_takes_its_close_date_in_the_chosen_zone(journey_app):
    consultant = journey_app.test_client()
    year = datetime.now(UTC).year + 1
    make_workshop(journey_app, consultant, closes_at=f"{year}-01-15T09:00", time_zone="America/New_York")
    closes = stored(journey_app).closes_at
    assert closes.replace(tzinfo=closes.tzinfo or UTC) == datetime(year, 1, 15, 14, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    year = datetime.now(UTC).year + 1
    # The last Sunday of March at 02:30 does not exist in Paris.
    march_end = max(datetime(year, 3, day) for day in range(25, 32) if datetime(year, 3, day).weekday() == 6)
    skipped = f"{march_end:%Y-%m-%d}T02:30"
    response = consultant.post(SETTINGS, data=form(closes_at=skipped, time_zone="Europe/Paris"))
    assert response.status_code == 422
    assert "does not exist in Europe/Paris" in response.get_data(as_text=True)
    assert stored(journey_app).closes_at is None


def test_a_past_close_date_is_refused(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = consultant.post(SETTINGS, data=form(closes_at=past))
    assert response.status_code == 409
    assert "This time has passed" in response.get_data(as_text=True)
    assert stored(journey_app).closes_at is None and stored(journey_app).assessment_id


def test_after_someone_joined_anonymity_and_chosen_roles_are_refused_and_nothing_changes(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    join(journey_app, join_code(journey_app), "Security")
    page = consultant.get(SETTINGS).get_data(as_text=True)
    assert (
        "Fixed once someone has joined" in page
        and "Roles participants chose stay in the list: Security" in page
    )
    response = consultant.post(
        SETTINGS, data=form(title="Renamed", participants="named", roles="Product\nEngineering")
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "1 person has joined as anonymous participants, so this can no longer change." in text
    assert "Participants chose Security: keep this role in the list" in text
    workshop = stored(journey_app)
    assert (workshop.title, workshop.anonymous, workshop.roles) == (
        "Kick-off",
        True,
        ["Product", "Engineering", "Security"],
    )
    # Adding and reordering roles is fine, and so is the title.
    ok = consultant.post(SETTINGS, data=form(title="Renamed", roles="Security\nLegal"))
    assert ok.status_code == 302
    assert stored(journey_app).roles == ["Security", "Legal"]


def test_the_profile_offered_belongs_to_the_workshop_questionnaire(journey_app):
    consultant = journey_app.test_client()
    make_workshop(journey_app, consultant)
    page = consultant.get(SETTINGS).get_data(as_text=True)
    assert "AI execution quick check" not in page  # another questionnaire's profiles are not offered
    refused = consultant.post(SETTINGS, data=form(target_profile="no-such-profile"))
    assert refused.status_code == 422
