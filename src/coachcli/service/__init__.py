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
    # What __getattr__ hands out, typed, so mypy checks every call from cli/ against the
    # real signature (without them, each call was Any). tests/test_layers.py holds these
    # imports and __all__ equal to _HOMES.
    from typing import Any

    from coachcli.domain.logged import Logged
    from coachcli.service.clients import (
        add_client,
        check_client_active,
        client_for_read,
        client_for_write,
        client_records,
        delete_client,
        find_client,
        list_clients,
        rename_client,
        set_client_archived,
    )
    from coachcli.service.corrections import delete_entry, edit_entry, parse_ref
    from coachcli.service.goals import (
        add_goal,
        edit_goal,
        get_goal,
        goal_ratings,
        goal_status_history,
        list_goals,
        rate_goal,
        set_goal_status,
    )
    from coachcli.service.groups import (
        add_challenge,
        add_group,
        delete_group,
        find_group,
        group_records,
        join_group,
        leave_group,
        list_groups,
        prep_group,
        record_session,
        rename_group,
        report_group,
        set_consent,
        set_group_archived,
        show_group,
    )
    from coachcli.service.returning import Gap, Restarted, fresh_start, gap_of, restart
    from coachcli.service.sessions import (
        commitment_id,
        commitments_of,
        edit_commitment,
        last_session,
        open_commitments,
        outcome_of,
    )
    from coachcli.service.steprefs import step_for_ref
    from coachcli.service.steps import add_step, drop_step, edit_step, get_step, list_steps, step_history
    from coachcli.service.tracking import add_checkin, last_commitments, log_action, redo, set_aside, undo
    from coachcli.service.validate import (
        DEFAULT_CLIENT,
        MAX_TEXT,
        check_not_future,
        check_ruler,
        clean_client_name,
        clean_text,
    )

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
    "tracking": ("Logged", "log_action", "set_aside", "add_checkin", "last_commitments", "undo",
                 "redo"),
    "corrections": ("edit_entry", "delete_entry", "parse_ref"),
    "returning": ("Gap", "Restarted", "fresh_start", "gap_of", "restart"),
    "steprefs": ("step_for_ref",),
    "sessions": ("commitment_id", "commitments_of", "edit_commitment", "last_session", "open_commitments",
                 "outcome_of"),
    "groups": (
        "add_challenge", "add_group", "delete_group", "find_group", "group_records", "join_group",
        "leave_group", "list_groups", "prep_group", "record_session", "rename_group", "report_group",
        "set_consent", "set_group_archived", "show_group",
    ),
    "validate": ("DEFAULT_CLIENT", "MAX_TEXT", "clean_text", "clean_client_name", "check_ruler",
                 "check_not_future"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
#: For mypy: the names above are this module's, though only imported while type checking.
__all__ = [
    "DEFAULT_CLIENT",
    "MAX_TEXT",
    "Gap",
    "Logged",
    "Restarted",
    "add_challenge",
    "add_checkin",
    "add_client",
    "add_goal",
    "add_group",
    "add_step",
    "check_client_active",
    "check_not_future",
    "check_ruler",
    "clean_client_name",
    "clean_text",
    "client_for_read",
    "client_for_write",
    "client_records",
    "commitment_id",
    "commitments_of",
    "delete_client",
    "delete_entry",
    "delete_group",
    "drop_step",
    "edit_commitment",
    "edit_entry",
    "edit_goal",
    "edit_step",
    "find_client",
    "find_group",
    "fresh_start",
    "gap_of",
    "get_goal",
    "get_step",
    "goal_ratings",
    "goal_status_history",
    "group_records",
    "join_group",
    "last_commitments",
    "last_session",
    "leave_group",
    "list_clients",
    "list_goals",
    "list_groups",
    "list_steps",
    "log_action",
    "open_commitments",
    "outcome_of",
    "parse_ref",
    "prep_group",
    "rate_goal",
    "record_session",
    "redo",
    "rename_client",
    "rename_group",
    "report_group",
    "restart",
    "set_aside",
    "set_client_archived",
    "set_consent",
    "set_goal_status",
    "set_group_archived",
    "show_group",
    "step_for_ref",
    "step_history",
    "undo",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'coachcli.service' has no attribute {name!r}")
    __import__(f"coachcli.service.{module}")
    return getattr(sys.modules[f"coachcli.service.{module}"], name)
