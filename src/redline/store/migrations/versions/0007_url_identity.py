"""Article keys of URLs under their identity form (http/https, www./m./amp. hosts, AMP
paths and trailing slashes alike), so that later captures find their article.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from redline.store.model import article_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    articles = sa.table(
        "articles", sa.column("id", sa.Integer), sa.column("key", sa.String), sa.column("url")
    )
    rows = conn.execute(
        sa.select(articles.c.id, articles.c.key, articles.c.url)
        .where(articles.c.key.like("u:%"), articles.c.url.is_not(None))
        .order_by(articles.c.id)
    ).all()
    taken = {r.key for r in conn.execute(sa.select(articles.c.key))}
    for row in rows:
        new = article_key(url=row.url)
        # two stored articles that are one under the new form: the older keeps the key,
        # the younger keeps its old one (both stay readable; nothing is merged)
        if new != row.key and new not in taken:
            conn.execute(sa.update(articles).where(articles.c.id == row.id).values(key=new))
            taken.discard(row.key)
            taken.add(new)


def downgrade() -> None:  # the old keys cannot be told from the URLs alone once changed
    pass
