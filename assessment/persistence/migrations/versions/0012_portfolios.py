"""AI initiative portfolios: one per organisation, its initiatives, and their gate answers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portfolios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("wip_limit", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_portfolios_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolios")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_portfolios_organisation_id")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("portfolio_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("sponsor", sa.String(length=200), nullable=False),
        sa.Column("value_band", sa.String(length=32), nullable=False),
        sa.Column("value_measure", sa.String(length=500), nullable=False),
        sa.Column("annual_cost", sa.Float(), nullable=True),
        sa.Column("team_size", sa.Integer(), nullable=True),
        sa.Column("delivery_team", sa.String(length=200), nullable=False),
        sa.Column("risk_tier", sa.String(length=32), nullable=False),
        sa.Column("eu_ai_act", sa.String(length=32), nullable=False),
        sa.Column("eu_role", sa.String(length=32), nullable=False),
        sa.Column("uses_agents", sa.Boolean(), nullable=False),
        sa.Column("autonomy", sa.String(length=64), nullable=False),
        sa.Column("vendors", sa.String(length=500), nullable=False),
        sa.Column("models", sa.String(length=500), nullable=False),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("gate_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["portfolio_id"],
            ["portfolios.id"],
            name=op.f("fk_initiatives_portfolio_id_portfolios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gate_version_id"],
            ["questionnaire_versions.id"],
            name=op.f("fk_initiatives_gate_version_id_questionnaire_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        sa.UniqueConstraint("portfolio_id", "name", name=op.f("uq_initiatives_portfolio_id_name")),
    )
    op.create_index(op.f("ix_initiatives_portfolio_id"), "initiatives", ["portfolio_id"])
    op.create_table(
        "gate_answers",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_gate_answers_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "question_id", name=op.f("pk_gate_answers")),
    )


def downgrade() -> None:
    for table in ("gate_answers", "initiatives", "portfolios"):
        op.drop_table(table)
