"""A step named the way people name it: by its id, or by the beginning of its title.

``coach done screens`` finds the one step of the current client whose title
starts with "screens" (ignoring case), as ``-c ali`` finds a client; two
such steps are an error listing both, so a log never lands on a guess.
Loaded only when a command is given a title, so ``coach done 12`` stays light.
"""

from __future__ import annotations

from datetime import date

from coachcli.errors import InputError, NotFoundError
from coachcli.service.validate import DEFAULT_CLIENT, no_such_step
from coachcli.store import actions
from coachcli.store.db import Database

#: More digits than any id SQLite can hold.
MAX_ID_DIGITS = 19
#: How many candidates an ambiguous title lists.
SHOWN = 5


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def is_step_id(ref: str) -> bool:
    """A plain whole number: a step id, never read as a title."""
    return ref.isascii() and ref.isdigit()


def step_for_ref(db: Database, ref: str, client: str, on: date) -> int:
    """The id of the step ``ref`` names for ``client`` on ``on``: an id, a title or its unique beginning.

    A whole title wins over longer titles it begins ("Walk" over "Walk the
    dog"); the title a step had on ``on`` counts as well as today's.
    """
    if is_step_id(ref):
        if len(ref) > MAX_ID_DIGITS:  # no record has it (and int() refuses thousands of digits)
            raise no_such_step(ref if len(ref) <= 40 else ref[:20] + "…")
        return int(ref)
    wanted = _key(ref)
    if not wanted:
        raise InputError("give a step's id or the beginning of its title (see: coach step list)")
    found_client: tuple[int, str] | None
    if client.strip().casefold() == DEFAULT_CLIENT:  # the everyday case, without loading the name rules
        found_client = actions.client_id_named(db, DEFAULT_CLIENT)
    else:
        from coachcli.service.clients import client_for_read

        person = client_for_read(db, client)
        found_client = None if person is None else (person.id, person.name)
    steps = actions.steps_of_client(db, found_client[0], on) if found_client is not None else []
    whose = ("of yours" if found_client is None or found_client[1].casefold() == DEFAULT_CLIENT
             else f"of {found_client[1]}'s")
    exact = [s for s in steps if wanted in (_key(s[1]), _key(s[2]))]
    found = exact or [s for s in steps if _key(s[1]).startswith(wanted) or _key(s[2]).startswith(wanted)]
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise NotFoundError(f"no step {whose} has a title starting with '{ref.strip()}' "
                            "(see: coach step list)")
    shown = ", ".join(f"{sid} '{title}'" for sid, title, _ in found[:SHOWN])
    more = ", ..." if len(found) > SHOWN else ""
    raise InputError(f"'{ref.strip()}' could be step {shown}{more}; give more of the title, or the id")
