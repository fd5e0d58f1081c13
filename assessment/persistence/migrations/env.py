"""Alembic environment: migrations run on the engine the caller hands over.

`assessment init` passes the app's engine in `config.attributes["engine"]`. The
Alembic command line works too, with `-x url=DATABASE_URL`.
"""

from alembic import context

from assessment.persistence.engine import make_engine
from assessment.persistence.models import Base

config = context.config


def run_migrations() -> None:
    """Run every pending migration inside one transaction."""
    engine = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
