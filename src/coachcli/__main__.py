"""``python -m coachcli`` is the same program as ``coach``."""

import _signal as signal  # type: ignore[import-not-found]  # without enum, as coach done needs
import os


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C before :func:`coachcli.entry.main` takes over: nothing has run, say so."""
    os.write(2, b"Interrupted: nothing was written.\n")
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted)

from coachcli.entry import main  # noqa: E402  (after the handler, on purpose)

main()
