"""What one ``coach done``/``missed``/``skip`` recorded: the facts its confirmation words.

A plain class, not a ``NamedTuple`` like :mod:`coachcli.domain.records`:
those need ``typing`` at run time, which would cost ``coach done`` more than
its whole write.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from coachcli.domain.records import ActionKind


class Logged:
    """One logged occurrence of a step, and how often it was done in that week."""

    __slots__ = ("action_id", "done_entries_that_day", "done_this_week", "goal_id", "kind", "on",
                 "step_id", "times", "title")

    def __init__(self, action_id: int, *, step_id: int, goal_id: int, title: str, kind: ActionKind,
                 on: date, times: int, done_this_week: int, done_entries_that_day: int = 1) -> None:
        self.action_id = action_id
        self.step_id = step_id
        self.goal_id = goal_id
        #: The step's title.
        self.title = title
        self.kind: ActionKind = kind
        self.on = on
        self.times = times
        #: Times done in the Monday-to-Sunday week of ``on``, this one included.
        self.done_this_week = done_this_week
        #: ``done`` entries the step has on ``on``, this one included (2 or more: a repeat).
        self.done_entries_that_day = done_entries_that_day

    def __repr__(self) -> str:
        return (f"Logged(action {self.action_id}: step {self.step_id} {self.kind} x{self.times} "
                f"on {self.on}, {self.done_this_week} done that week)")
