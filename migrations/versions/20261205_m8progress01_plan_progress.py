"""plan progress kept on write: a row per task and unit, running counts per section

Revision ID: m8progress01
Revises: m8notify01
Create Date: 2026-12-05 00:00:00

The rows of plans issued before this revision are written by `qcdc db rebuild-progress`.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm8progress01'
down_revision: str | None = 'm8notify01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'plan_task_progress',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('lead', sa.Boolean(), nullable=False),
        sa.Column('requested', sa.Boolean(), nullable=False),
        sa.Column('percent', sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column('open_due', sa.Date(), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('assignment_id', 'unit_id', name=op.f('pk_plan_task_progress')),
    )
    op.create_index('ix_plan_task_progress_plan_open_due', 'plan_task_progress',
                    ['plan_id', 'open_due'])
    op.create_index('ix_plan_task_progress_unit_id', 'plan_task_progress', ['unit_id'])
    op.create_table(
        'plan_progress_count',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('requested', sa.Boolean(), nullable=False),
        sa.Column('lead', sa.Boolean(), nullable=False),
        sa.Column('tasks', sa.Integer(), nullable=False),
        sa.Column('percent_sum', sa.Numeric(precision=14, scale=1), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('in_progress', sa.Integer(), nullable=False),
        sa.Column('not_started', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE',
                                name=op.f('fk_plan_progress_count_plan_id_plan')),
        sa.ForeignKeyConstraint(['section_id'], ['plan_section.id'], ondelete='CASCADE',
                                name=op.f('fk_plan_progress_count_section_id_plan_section')),
        sa.PrimaryKeyConstraint('plan_id', 'section_id', 'requested', 'lead',
                                name=op.f('pk_plan_progress_count')),
    )


def downgrade() -> None:
    op.drop_table('plan_progress_count')
    op.drop_index('ix_plan_task_progress_unit_id', table_name='plan_task_progress')
    op.drop_index('ix_plan_task_progress_plan_open_due', table_name='plan_task_progress')
    op.drop_table('plan_task_progress')
