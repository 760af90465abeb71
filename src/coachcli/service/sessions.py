"""Sessions and commitments: what was agreed, linked to a step or made one, and how it went.

A commitment is made at a check-in or session (``checkin --commit``) and
judged later, at a check-in, a session or by ``coach edit kN``: kept, partly,
or not kept. Never on the day it was made: what happened after it cannot be
known yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.records import OUTCOMES, Commitment, Outcome, Session
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service.validate import archived, clean_text
from coachcli.store import commitments as store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from coachcli.domain.records import Client
    from coachcli.store.db import Database
    from coachcli.store.tx import Tx

#: The words ``--outcome`` takes, and how each is stored.
OUTCOME_WORDS: dict[str, Outcome] = {"kept": "kept", "partly": "partly", "not-kept": "not_kept",
                                     "not_kept": "not_kept"}

#: A one-off step made from a commitment is due this many days after it, unless told otherwise.
DEFAULT_DUE_DAYS = 7


def outcome_of(word: str) -> Outcome:
    """``kept``, ``partly`` or ``not-kept`` as stored; anything else is refused."""
    found = OUTCOME_WORDS.get(word.strip().casefold())
    if found is None:
        raise InputError(f"an outcome is kept, partly or not-kept, got '{word}'")
    return found


def commitment_id(ref: str) -> int:
    """``k12`` (as ``coach log`` shows it) or ``12``: a commitment's id."""
    text = ref.strip().casefold().removeprefix("k")
    if not text.isdecimal() or not 1 <= int(text) <= 2**62:
        raise InputError(f"a commitment is named by its ref, such as k12 (see: coach log), got '{ref}'")
    return int(text)


def write_commitments(
    db: Database, tx: Tx, client: Client, checkin_id: int, *, on: date, texts: Sequence[str],
    sure: int | None, due: date | None = None, step_id: int | None = None,
    as_step_of: int | None = None,
) -> None:
    """The commitments of one check-in, each its own record, in the check-in's write.

    ``step_id`` links them to one of the client's steps; ``as_step_of`` turns
    each into a one-off step of that goal, due ``due`` (default: a week on).
    """
    if due is not None and due < on:
        raise InputError(f"--due {due} is before the day the commitment is made ({on})")
    if (step_id is not None or as_step_of is not None or due is not None) and not texts:
        raise InputError("--due, --step and --as-step say something about a commitment: "
                         "give --commit too")
    if step_id is not None and as_step_of is not None:
        raise InputError("give either --step (an existing step) or --as-step GOAL_ID (a new one-off), "
                         "not both")
    linked = None
    if step_id is not None:
        linked = store.step_uuid(db, step_id, client.id)
        if linked is None:
            raise NotFoundError(f"step {step_id} is not one of {client.name}'s steps (see: coach step list)")
    goal = None
    if as_step_of is not None:
        from coachcli.service.goals import get_goal

        goal = get_goal(db, as_step_of)
        if goal.client_id != client.id:
            raise InputError(f"goal {goal.id} belongs to '{goal.client}', not '{client.name}'")
        if goal.status in ("achieved", "dropped"):
            raise StateError(
                f"goal {goal.id} is {goal.status}; resume it first (coach goal resume {goal.id})")
    if goal is not None and due is None:
        due = on + timedelta(days=DEFAULT_DUE_DAYS)
    for text in texts:
        step_uuid = linked
        if goal is not None:
            from coachcli.store.db import new_uuid

            step_uuid = new_uuid()
            tx.insert("steps", {
                "goal_id": goal.id, "title": text, "schedule": None,
                "due_date": due.isoformat() if due else None,
                "start_date": on.isoformat(), "until_date": None, "status": "active", "uuid": step_uuid,
            })
        tx.insert("commitments", {
            "checkin_id": checkin_id, "text": text, "sure": sure,
            "due_date": due.isoformat() if due else None, "step_uuid": step_uuid,
        })


def judge(db: Database, tx: Tx, client: Client, on: date,
          outcomes: Sequence[tuple[int, Outcome]]) -> None:
    """Mark commitments of ``client`` kept, partly or not kept as of ``on``, in the caller's write."""
    seen: set[int] = set()
    for cid, outcome in outcomes:
        if outcome not in OUTCOMES:
            raise InputError(f"an outcome is kept, partly or not-kept, got '{outcome}'")
        if cid in seen:
            raise InputError(f"k{cid} is marked twice; give one outcome for it")
        seen.add(cid)
        found = store.one(db, cid)
        if found is None or found[1] != client.id:
            raise NotFoundError(f"k{cid} is not one of {client.name}'s commitments (see: coach log)")
        check_judgeable(found[0], on)
        tx.update("commitments", cid, {"outcome": outcome, "outcome_on": on.isoformat()})


def check_judgeable(c: Commitment, on: date) -> None:
    """A commitment is looked at after the day it was made, never on it (nor before)."""
    if on <= c.made_on:
        raise InputError(
            f"{c.ref} was made on {c.made_on}: how it went can be marked from "
            f"{c.made_on + timedelta(days=1)} on")


def edit_commitment(
    db: Database, ref: str, *, today: date, text: str | None = None, sure: int | None = None,
    due: date | None = None, outcome: str | None = None, on: date | None = None, clear_outcome: bool = False,
) -> Commitment:
    """``coach edit kN``: correct a commitment, or mark how it went (``--outcome``, dated ``--on``)."""
    from coachcli.service.validate import check_ruler

    cid = commitment_id(ref)
    check_ruler(sure, "--sure")
    changes: dict[str, object] = {}
    if text is not None:
        changes["text"] = clean_text(text, "commitment", required=True)
    if sure is not None:
        changes["sure"] = sure
    with db.write(f"edit commitment k{cid}") as tx:
        found = store.one(db, cid)
        if found is None:
            raise NotFoundError(f"no commitment k{cid} (see: coach log)")
        c, _, archived_on = found
        if archived_on:
            raise archived(c.client)
        if due is not None:
            if due < c.made_on:
                raise InputError(f"--due {due} is before the day k{cid} was made ({c.made_on})")
            changes["due_date"] = due.isoformat()
        if outcome is not None and clear_outcome:
            raise InputError("give either --outcome or --no-outcome, not both")
        if outcome is not None:
            day = on or today
            if day > today:
                raise InputError(f"--on {day} is after today ({today}): how it went is known only afterwards")
            check_judgeable(c, day)
            changes |= {"outcome": outcome_of(outcome), "outcome_on": day.isoformat()}
        elif on is not None:
            raise InputError("--on dates an --outcome: give --outcome too")
        if clear_outcome:
            changes |= {"outcome": None, "outcome_on": None}
        if not changes:
            raise InputError("nothing to change: give --text, --sure, --due, --outcome or --no-outcome")
        tx.describe(f"edit commitment k{cid} '{c.text}'", c.client)
        tx.update("commitments", cid, changes)
    after = store.one(db, cid)
    assert after is not None
    return after[0]


def open_commitments(db: Database, client: Client, today: date, *, weeks: int = 8) -> list[Commitment]:
    """Commitments not looked at yet, made before today (within ``weeks``): what to ask about."""
    since = today - timedelta(weeks=weeks)
    return [c for c in store.of_client(db, client.id, made_since=since, made_until=today - timedelta(days=1))
            if c.outcome is None]


def last_session(db: Database, client: Client, today: date) -> Session | None:
    """The client's latest session on or before ``today``, with its notes and agreements."""
    return store.last_session(db, client.id, today)


def commitments_of(db: Database, client: Client, *, since: date | None = None,
                   until: date | None = None) -> list[Commitment]:
    """The client's commitments made in a span (either end open), oldest first."""
    return store.of_client(db, client.id, made_since=since, made_until=until)
