"""``coach demo``'s caseload: material (:mod:`.data`), a pure seeded generator
(:mod:`.generate`, with its steps' day-by-day actions in :mod:`.actions`) and the
bulk write into a new database (:mod:`.build`).
"""

from coachcli.demo.build import build, demo_target, refuse_if_used
from coachcli.demo.data import SKIP_REASONS, THEMES
from coachcli.demo.generate import (
    PERSONA_HINTS,
    Caseload,
    DemoClient,
    DemoSummary,
    check_size,
    client_names,
    generate,
)
from coachcli.demo.tables import COLUMNS
from coachcli.errors import DatabaseError

__all__ = [
    "COLUMNS", "PERSONA_HINTS", "SKIP_REASONS", "THEMES", "Caseload", "DatabaseError", "DemoClient",
    "DemoSummary", "build", "check_size", "client_names", "demo_target", "generate", "refuse_if_used",
]
