"""The organisation's AI stage, and failed attempts for rate limiting.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("ai_stage", sa.String(length=32), nullable=True))
    op.create_table(
        "failed_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_attempts")),
    )
    with op.batch_alter_table("failed_attempts") as batch:
        batch.create_index(batch.f("ix_failed_attempts_at"), ["at"])


def downgrade() -> None:
    op.drop_table("failed_attempts")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("ai_stage")
