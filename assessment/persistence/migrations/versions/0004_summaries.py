"""Stored assessment and dimension summaries, so peer cohorts are SQL aggregates.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("industry", sa.String(length=64), nullable=True),
        sa.Column("size_band", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("overall_level", sa.Float(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("in_cohort", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_summaries_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessment_summaries_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_summaries")),
        sa.UniqueConstraint("assessment_id", name=op.f("uq_assessment_summaries_assessment_id")),
    )
    with op.batch_alter_table("assessment_summaries") as batch:
        # Cohort queries filter by family and pick the latest row per organisation.
        batch.create_index("ix_assessment_summaries_cohort", ["family", "organisation_id", "completed_at"])
        # The cohort entries in score order, covering the filters, for index-only order statistics.
        batch.create_index(
            "ix_assessment_summaries_entries",
            ["family", "overall_score", "industry", "size_band", "region", "organisation_id"],
            postgresql_where=sa.text("in_cohort"),
            sqlite_where=sa.text("in_cohort = 1"),
        )
    op.create_table(
        "dimension_summaries",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("level", sa.Float(), nullable=True),
        # Copies of the summary's cohort columns, so cohort queries never join the summaries.
        sa.Column("family", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("industry", sa.String(length=64), nullable=True),
        sa.Column("size_band", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("in_cohort", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment_summaries.assessment_id"],
            name=op.f("fk_dimension_summaries_assessment_id_assessment_summaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "dimension_id", name=op.f("pk_dimension_summaries")),
    )
    with op.batch_alter_table("dimension_summaries") as batch:
        batch.create_index(
            "ix_dimension_summaries_entries",
            ["family", "dimension_id", "score", "industry", "size_band", "region", "organisation_id"],
            postgresql_where=sa.text("in_cohort"),
            sqlite_where=sa.text("in_cohort = 1"),
        )


def downgrade() -> None:
    op.drop_table("dimension_summaries")
    op.drop_table("assessment_summaries")
