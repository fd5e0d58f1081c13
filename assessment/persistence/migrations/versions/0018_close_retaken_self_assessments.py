"""Self-assessments retaken before retakes closed them are closed now, on the day of their retake.

Since this revision a retake closes the assessment it replaces (its private link opens it
read-only); this brings the assessments retaken earlier into line, so their trends stop
moving. No column changes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE assessments
        SET status = 'closed',
            closed_at = (SELECT MIN(later.created_at) FROM assessments AS later
                         WHERE later.previous_id = assessments.id)
        WHERE kind = 'self' AND status = 'open'
          AND EXISTS (SELECT 1 FROM assessments AS later WHERE later.previous_id = assessments.id)
        """
    )


def downgrade() -> None:
    """Nothing to undo safely: a self-assessment is closed only by its retake, and reopening
    would make the earlier answers editable again; the rows stay closed."""
