"""The practice hub: a PostgreSQL database that several coaches and clients sync through.

This package is the hub's store: every SQL statement sent to PostgreSQL is
here (the schema and its migrations, roles and row-level security, the
queries a sync runs). Nothing imports psycopg until a hub command runs, so
the base install and the fast commands never need it.
"""
