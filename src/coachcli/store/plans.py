"""SQL for the part of a step's dated plan that readers of single entries need: its title.

A step's row holds its latest plan; ``step_plans`` holds the earlier ones,
each ending on its ``ends_on``. The plan in force on a day is the first
earlier one ending on or after it, else the step's own (one index lookup on
``step_plans (step_id, ends_on)``).
"""

from __future__ import annotations


def schedule_on(step: str, day: str) -> str:
    """An SQL expression: the stored plan text of step alias ``step`` on the day ``day`` gives
    ('' for an earlier one-off plan)."""
    return (
        f"coalesce((SELECT coalesce(p.schedule, '') FROM step_plans p WHERE p.step_id = {step}.id"
        f" AND p.ends_on >= {day} ORDER BY p.ends_on LIMIT 1), {step}.schedule)"
    )


def title_on(step: str, day: str) -> str:
    """An SQL expression: the title of step alias ``step`` on the day the expression ``day`` gives."""
    return (
        f"coalesce((SELECT p.title FROM step_plans p WHERE p.step_id = {step}.id AND p.ends_on >= {day}"
        f" ORDER BY p.ends_on LIMIT 1), {step}.title)"
    )
