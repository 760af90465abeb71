"""What coachcli does, independent of how it is asked: the operations behind commands.

One module per kind of record (clients, goals, steps, tracking, timeline) and
one per reading (report, prep, agenda, settings). ``service.add_goal`` and the
like also work from here: names resolve to their module on first use, so
``coach done`` imports only the modules it calls. (Not ``timeline``, which is
also a module's name: import it from :mod:`coachcli.service.timeline`.)
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_HOMES = {
    "clients": (
        "find_client", "client_for_read", "client_for_write", "add_client", "list_clients",
        "rename_client", "set_client_archived", "check_client_active", "client_records",
        "delete_client",
    ),
    "goals": (
        "get_goal", "list_goals", "add_goal", "edit_goal", "rate_goal", "goal_ratings",
        "goal_status_history", "set_goal_status",
    ),
    "steps": ("get_step", "list_steps", "add_step", "edit_step", "drop_step", "step_history"),
    "tracking": ("Logged", "log_action", "add_checkin", "last_commitments", "undo", "redo"),
    "corrections": ("edit_entry", "delete_entry", "parse_ref"),
    "validate": ("DEFAULT_CLIENT", "MAX_TEXT", "clean_text", "clean_client_name", "check_ruler",
                 "check_not_future"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'coachcli.service' has no attribute {name!r}")
    __import__(f"coachcli.service.{module}")
    return getattr(sys.modules[f"coachcli.service.{module}"], name)
