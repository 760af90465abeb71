"""One exception hierarchy for everything a user can get wrong.

Any :class:`CoachError` becomes one line on stderr and exit status 1 in a
single place (:func:`coachcli.runtime.report_failure`), so library code
raises these and never prints or exits itself.
"""

from __future__ import annotations


class CoachError(Exception):
    """A problem the user can fix; its message is shown as is."""

    exit_code = 1


class InputError(CoachError):
    """A value given on the command line is not acceptable."""


class DateError(InputError):
    """A date could not be read, or could be read more than one way."""


class ScheduleError(InputError):
    """A ``--every`` rule could not be read."""


class NotFoundError(CoachError):
    """An id or name that does not exist."""


class StateError(CoachError):
    """The record exists but is in a state that forbids the change."""


class DatabaseError(CoachError):
    """The database file is missing, locked, corrupt or not SQLite at all."""


class OutputError(CoachError):
    """A file could not be written (full disk, no permission)."""


class HubError(CoachError):
    """The practice hub cannot be reached, is not set up, or refused a change."""


class SyncInterrupted(HubError):
    """Ctrl-C between the hub's commit and the local one: the hub is ahead, the next sync finishes."""

    exit_code = 130
