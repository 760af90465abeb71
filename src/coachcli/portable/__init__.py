"""Moving data in and out of coachcli: export, import, backup.

Pure logic lives in these modules; the little SQL they need is kept in
clearly named query functions (``read_*``/``_select_*``) at the bottom of
each module. The CLI in :mod:`coachcli.cli.portable` only parses options,
calls these and prints one line.
"""
