"""Workshop participants invited by e-mail, each with a personal link (stored hashed).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_invitations_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_workshop_invitations_respondent_id_respondents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_workshop_invitations_token_hash")),
    )
    op.create_index(op.f("ix_workshop_invitations_workshop_id"), "workshop_invitations", ["workshop_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_workshop_invitations_workshop_id"), table_name="workshop_invitations")
    op.drop_table("workshop_invitations")
