"""Failed attempts counted per (scope, client, minute) by one atomic upsert.

A row per attempt was counted, then written, in two steps, so parallel requests could
each read the same count. The rows only matter for a day, so the table is replaced.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("failed_attempts")
    op.create_table(
        "failed_attempts",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("minute", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "client", "minute", name=op.f("pk_failed_attempts")),
    )
    op.create_index(op.f("ix_failed_attempts_minute"), "failed_attempts", ["minute"])


def downgrade() -> None:
    op.drop_table("failed_attempts")
    op.create_table(
        "failed_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_attempts")),
    )
    op.create_index(op.f("ix_failed_attempts_at"), "failed_attempts", ["at"])
