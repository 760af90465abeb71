"""coachcli: a command-line accountability tracker for coaching."""

__version__ = "0.1.0"
