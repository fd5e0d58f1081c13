"""Peer figures in the individual report: shown only from a disclosed cohort, never invented."""

from __future__ import annotations

from datetime import datetime

from assessment.reporting import render_individual_report
from assessment.scoring import PeerRecord, build_cohort, compare_with_peers, score_answers

from .conftest import full_answers, pdf_text


def cohort_of(questionnaire, count: int):
    """`count` consenting peers whose scores come from other random answer sets."""
    records = []
    for n in range(count):
        card = score_answers(questionnaire, full_answers(questionnaire, seed=100 + n))
        records.append(
            PeerRecord(
                organisation=f"peer-{n}", family=questionnaire.family, completed_at=datetime(2026, 1, 1),
                consented=True, completeness=1.0, industry="bank", size="large", region="eu",
                score=card.score, dimensions={d.id: d.score for d in card.dimensions if d.score is not None},
            )
        )  # fmt: skip
    return build_cohort(records, questionnaire.family)


def test_a_cohort_of_thirty_shows_the_peer_median_in_chart_table_and_words(flagship, catalog, tmp_path):
    answers = full_answers(flagship, seed=7)
    card = score_answers(flagship, answers)
    peers = compare_with_peers(card, cohort_of(flagship, 30))
    pdf = render_individual_report(
        flagship,
        answers,
        {"name": "Peerless Ltd"},
        profiles=catalog.profiles_for(flagship.id)[1:2],
        peers=peers,
    )
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Peer median" in flat  # the radar's legend and the table's column
    assert "Peers are 30 real organisations on this service" in flat
    overall = peers.overall
    middle = f"(middle half {overall.q1:.1f} to {overall.q3:.1f})"
    assert f"Their median maturity index is {overall.median:.1f} {middle}" in flat
    assert f"yours is at the {round(overall.percentile)}th percentile" in flat
    for stat in peers.dimensions:
        assert f"{stat.median:.1f}" in flat
    assert "We never show invented industry averages" not in flat


def test_fewer_than_ten_peers_show_nothing_and_say_why(flagship, tmp_path):
    answers = full_answers(flagship, seed=7)
    peers = compare_with_peers(score_answers(flagship, answers), cohort_of(flagship, 9))
    pdf = render_individual_report(flagship, answers, {"name": "Early Ltd"}, peers=peers)
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Peer median" not in flat and "Peers are" not in flat
    assert "We never show invented industry averages" in flat
