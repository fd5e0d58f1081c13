"""Imported benchmark data (peer cohorts) of a workspace, and a workshop's chosen cohort.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("families", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_peer_cohorts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["accounts.id"],
            name=op.f("fk_peer_cohorts_created_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_cohorts")),
    )
    op.create_index(op.f("ix_peer_cohorts_workspace_id"), "peer_cohorts", ["workspace_id"])
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("peer_cohort_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("peer_same", sa.JSON(), nullable=True))
        batch.create_index(batch.f("ix_workshops_peer_cohort_id"), ["peer_cohort_id"])
        batch.create_foreign_key(
            batch.f("fk_workshops_peer_cohort_id_peer_cohorts"),
            "peer_cohorts",
            ["peer_cohort_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_constraint(batch.f("fk_workshops_peer_cohort_id_peer_cohorts"), type_="foreignkey")
        batch.drop_index(batch.f("ix_workshops_peer_cohort_id"))
        batch.drop_column("peer_same")
        batch.drop_column("peer_cohort_id")
    op.drop_index(op.f("ix_peer_cohorts_workspace_id"), table_name="peer_cohorts")
    op.drop_table("peer_cohorts")
