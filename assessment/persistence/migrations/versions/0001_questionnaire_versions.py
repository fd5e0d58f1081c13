"""Questionnaire versions: the exact texts answers are pinned to.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source_path", sa.String(length=500), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_versions")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "content_hash",
            name=op.f("uq_questionnaire_versions_questionnaire_id_content_hash"),
        ),
    )
    with op.batch_alter_table("questionnaire_versions") as batch:
        batch.create_index(batch.f("ix_questionnaire_versions_questionnaire_id"), ["questionnaire_id"])


def downgrade() -> None:
    op.drop_table("questionnaire_versions")
