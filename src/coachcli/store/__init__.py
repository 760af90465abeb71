"""SQLite storage: one file, versioned schema, one transaction per write.

Only this package (and the bulk paths of :mod:`coachcli.portable`) talks SQL.
Nothing here imports ``sqlite_utils`` until a schema actually needs creating
or migrating, so that a command on a current database starts with the
standard library's ``sqlite3`` alone.
"""

from coachcli.store.db import SCHEMA_VERSION, Database, StorageError, Tx, default_db_path

__all__ = ["SCHEMA_VERSION", "Database", "StorageError", "Tx", "default_db_path"]
