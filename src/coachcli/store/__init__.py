"""SQLite storage: one file, versioned schema, one transaction per write.

Only this package (and the bulk paths of :mod:`coachcli.portable`) talks SQL.
Nothing here imports ``sqlite_utils`` until a schema actually needs creating
or migrating, so that a command on a current database starts with the
standard library's ``sqlite3`` alone. The names below resolve on first use,
so importing one module of the package (``coachcli.store.actions`` for
``coach done``) loads only what that module needs.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coachcli.store.db import SCHEMA_VERSION, Database, StorageError
    from coachcli.store.files import default_db_path
    from coachcli.store.tx import Tx

__all__ = ["SCHEMA_VERSION", "Database", "StorageError", "Tx", "default_db_path"]


def __getattr__(name: str) -> object:
    if name == "Tx":
        from coachcli.store import tx

        return tx.Tx
    if name == "default_db_path":
        from coachcli.store import files

        return files.default_db_path
    if name in __all__:
        from coachcli.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'coachcli.store' has no attribute {name!r}")
