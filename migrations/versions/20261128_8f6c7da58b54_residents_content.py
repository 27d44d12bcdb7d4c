"""Truthful content, the municipality's own site, English texts and the search index

Revision ID: 8f6c7da58b54
Revises: dc6ecc605387
Create Date: 2026-11-28 13:16:12.604471

Plans gain a kind (governing, proposal, background) derived from their status; groups of
goals a kind (focus_area, section, change_pressure); committees a kind and a full name;
municipalities their site, contact and privacy settings; texts optional English versions.
The search index starts empty: `flask dialog reindex` (or any import) fills it.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '8f6c7da58b54'
down_revision = "dc6ecc605387"
branch_labels = None
depends_on = None

MUNICIPALITY_COLUMNS = [
    ('vision_en', sa.Text()),
    ('logo_file', sa.String(length=200)),
    ('logo_alt', sa.String(length=200)),
    ('brand_colour', sa.String(length=7)),
    ('contact_address', sa.Text()),
    ('contact_email', sa.String(length=254)),
    ('contact_phone', sa.String(length=40)),
    ('website', sa.String(length=300)),
    ('controller_name', sa.String(length=200)),
    ('controller_email', sa.String(length=254)),
    ('controller_phone', sa.String(length=40)),
    ('dpo_name', sa.String(length=200)),
    ('dpo_email', sa.String(length=254)),
    ('dpo_phone', sa.String(length=40)),
    ('accessibility_email', sa.String(length=254)),
    ('accessibility_phone', sa.String(length=40)),
    ('mail_sender_name', sa.String(length=200)),
    ('mail_sender_address', sa.String(length=254)),
]


def _drop_default(table, column):
    """The default was only for rows already there. SQLite would rebuild the table to drop it,
    which fails while other tables' foreign keys point at it, so there the default stays."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column, server_default=None)


def upgrade():
    op.create_table('search_words',
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('stem', sa.String(length=100), nullable=False),
    sa.Column('frequency', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_words_stem'), ['stem'], unique=False)

    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('subkind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('context', sa.String(length=500), nullable=False),
    sa.Column('plan_slug', sa.String(length=120), nullable=False),
    sa.Column('document', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_search_entries_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'target_id', name=op.f('uq_search_entries_kind_target_id'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        # GIN over the Swedish tsvector on PostgreSQL; a plain index on the stems on SQLite.
        batch_op.create_index('ix_search_entries_document', ['document'], unique=False, postgresql_using='gin')
        batch_op.create_index(batch_op.f('ix_search_entries_municipality_id'), ['municipality_id'], unique=False)

    # New NOT NULL columns get a default for the rows already there, then lose it.
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='committee'))
        batch_op.add_column(sa.Column('full_name', sa.String(length=200), nullable=True))
    _drop_default('committees', 'kind')

    with op.batch_alter_table('dialogue_windows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('influence_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('readers_en', sa.Text(), nullable=True))

    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='focus_area'))
        batch_op.add_column(sa.Column('title_en', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=True))
    _drop_default('focus_areas', 'kind')

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=True))

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        for name, type_ in MUNICIPALITY_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='governing'))
        batch_op.add_column(sa.Column('intro_en', sa.Text(), nullable=True))
    # A proposal is a proposal; adopted and archived plans stay governing documents.
    op.execute("UPDATE plans SET kind = 'proposal' WHERE status = 'proposed'")
    _drop_default('plans', 'kind')


def downgrade():
    # Statuses the old schema did not know become the nearest old one.
    op.execute("UPDATE plans SET status = 'proposed' WHERE status = 'returned'")
    op.execute("UPDATE plans SET status = 'adopted' WHERE status = 'current'")
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('intro_en')
        batch_op.drop_column('kind')
        batch_op.drop_column('title_en')

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        for name, _type in reversed(MUNICIPALITY_COLUMNS):
            batch_op.drop_column(name)

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_column('description_en')
        batch_op.drop_column('title_en')

    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.drop_column('description_en')
        batch_op.drop_column('title_en')
        batch_op.drop_column('kind')

    with op.batch_alter_table('dialogue_windows', schema=None) as batch_op:
        batch_op.drop_column('readers_en')
        batch_op.drop_column('influence_en')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('full_name')
        batch_op.drop_column('kind')

    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_municipality_id'))
        batch_op.drop_index('ix_search_entries_document', postgresql_using='gin')

    op.drop_table('search_entries')
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_words_stem'))

    op.drop_table('search_words')
