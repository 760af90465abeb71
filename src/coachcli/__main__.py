"""``python -m coachcli`` is the same program as ``coach``."""

from coachcli.entry import main

main()
