"""Methodology 2: a summary per respondent, and summaries that know their rules' version.

Each respondent keeps their own summary; an assessment's summary is the organisation's
(for a workshop, the room's). `method` records the scoring rules a summary was computed
with, so `assessment init` can recompute those made under older rules; `stale` marks a
workshop's room summary that a participant's answer has changed since it was computed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_summaries") as batch:
        batch.add_column(sa.Column("method", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("stale", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "respondent_summaries",
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.Integer(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("unanswered", sa.Integer(), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("overall_level", sa.Float(), nullable=True),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_respondent_summaries_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_respondent_summaries_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("respondent_id", name=op.f("pk_respondent_summaries")),
    )
    op.create_index(op.f("ix_respondent_summaries_assessment_id"), "respondent_summaries", ["assessment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_respondent_summaries_assessment_id"), table_name="respondent_summaries")
    op.drop_table("respondent_summaries")
    with op.batch_alter_table("assessment_summaries") as batch:
        batch.drop_column("stale")
        batch.drop_column("method")
