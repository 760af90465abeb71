"""Groups: adding, membership and consent (dated), shared challenges, and the group report.

A group is the coach's; who is in it and what each member lets peers see are
the member's records. Every change is one write, undoable like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachcli.domain.groupprep import GroupPrep, group_prep
from coachcli.domain.grouprecords import Challenge, Consent, Group, GroupSession, Membership
from coachcli.domain.groups import (
    LEVELS,
    GroupReport,
    GroupWeek,
    consent_on,
    group_report,
    is_member,
    weeks_ending,
)
from coachcli.domain.measure import measure_of
from coachcli.domain.records import Client
from coachcli.errors import InputError, NotFoundError, StateError
from coachcli.service.clients import client_for_read, find_client
from coachcli.service.validate import archived, check_not_future, clean_client_name, clean_text
from coachcli.store import Database, Tx
from coachcli.store import groups as store

#: How many weeks the group report shows, the window's week last.
REPORT_WEEKS = 4


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group with its members (every spell), consents and challenges."""

    group: Group
    members: tuple[Membership, ...]
    consents: tuple[Consent, ...]
    challenges: tuple[Challenge, ...]
    sessions: tuple[GroupSession, ...] = ()

    def current(self, day: date) -> list[Membership]:
        return [m for m in self.members if is_member([m], day)]

    def level_of(self, client_id: int, day: date) -> tuple[str, str | None]:
        return consent_on([c for c in self.consents if c.client_id == client_id], day)


def _key(name: str) -> str:
    return clean_client_name(name, "group name").casefold()


def find_group(db: Database, name: str) -> Group:
    """The group of this name (ignoring case), or an error saying how to see the groups."""
    found = store.groups_named(db, _key(name))
    if not found:
        raise NotFoundError(
            f"no group named '{name.strip()}' (all groups: coach group list; a new one: coach group add NAME)"
        )
    if len(found) > 1:  # two files merged by import, each with a group of this name
        raise StateError(f"{len(found)} groups are named '{found[0].name}'; rename one: "
                         f"coach group rename '{found[0].name}' NEW")
    return found[0]


def _writable(db: Database, name: str) -> Group:
    group = find_group(db, name)
    if group.archived_on is not None:
        raise StateError(f"group '{group.name}' is archived; restore it first: "
                         f"coach group restore {group.name}")
    return group


def _member(db: Database, name: str) -> Client:
    client = client_for_read(db, name)
    if client is None:  # the default client before its first write
        raise NotFoundError(f"no client named '{name.strip()}' (a new one: coach client add NAME)")
    return client


def add_group(db: Database, name: str, note: str | None, *, today: date) -> Group:
    clean = clean_client_name(name, "group name")
    with db.write(f"new group '{clean}'") as tx:
        if store.groups_named(db, clean.casefold()):
            raise StateError(f"a group named '{clean}' already exists")
        group_id = tx.insert("groups", {"name": clean, "note": clean_text(note, "note")})
    group = store.group_by_id(db, group_id)
    assert group is not None
    return group


def list_groups(db: Database, *, include_archived: bool = False) -> list[Group]:
    return [g for g in store.all_groups(db) if include_archived or g.archived_on is None]


def show_group(db: Database, name: str) -> GroupView:
    group = find_group(db, name)
    return GroupView(group, tuple(store.memberships(db, group.uuid)), tuple(store.consents(db, group.uuid)),
                     tuple(store.challenges(db, group.id)), tuple(store.sessions(db, group.id)))


def rename_group(db: Database, old: str, new: str) -> Group:
    clean = clean_client_name(new, "new name")
    with db.write(f"group '{old}' renamed") as tx:
        group = find_group(db, old)
        if any(g.id != group.id for g in store.groups_named(db, clean.casefold())):
            raise StateError(f"a group named '{clean}' already exists")
        tx.update("groups", group.id, {"name": clean})
    renamed = store.group_by_id(db, group.id)
    assert renamed is not None
    return renamed


def set_group_archived(db: Database, name: str, today: date, *, archived_: bool) -> Group:
    with db.write(f"group '{name}' {'archived' if archived_ else 'restored'}") as tx:
        group = find_group(db, name)
        if (group.archived_on is not None) == archived_:
            raise StateError(f"group '{group.name}' is {'already' if archived_ else 'not'} archived")
        tx.update("groups", group.id, {"archived_on": today.isoformat() if archived_ else None})
    changed = store.group_by_id(db, group.id)
    assert changed is not None
    return changed


def group_records(db: Database, name: str) -> tuple[Group, dict[str, int]]:
    """What deleting a group would remove, counted by table (for the confirmation)."""
    group = find_group(db, name)
    return group, {t: len(ids) for t, ids in store.group_records(db, group).items()}


def delete_group(db: Database, name: str) -> tuple[Group, dict[str, int]]:
    """Remove a group, its memberships, consents and challenge links; members keep their steps."""
    with db.write(f"group '{name}' deleted") as tx:
        group = find_group(db, name)
        rows = store.group_records(db, group)
        for table, ids in rows.items():
            for row_id in ids:
                tx.delete(table, row_id)
    return group, {t: len(ids) for t, ids in rows.items()}


def _give_copy(  # noqa: PLR0917 - one write's parts, each needed
    db: Database, tx: Tx, group: Group, challenge: Challenge, client: Client, start: date,
) -> bool:
    """Give a member their own step of a challenge, under their goal named after the group."""
    if store.copy_of(db, challenge.uuid, client.id) is not None:
        return False
    goal_id = store.goal_titled(db, client.id, group.name)
    if goal_id is None:
        goal_id = tx.insert("goals", {"client_id": client.id, "title": group.name, "should": 0,
                                      "status": "active", "status_on": start.isoformat()})
        tx.insert("status_changes", {"goal_id": goal_id, "status": "active", "on_date": start.isoformat()})
    step_id = tx.insert("steps", {"goal_id": goal_id, "title": challenge.title,
                                  "schedule": challenge.schedule,
                                  "start_date": start.isoformat(), "status": "active"})
    tx.insert("group_steps", {"step_id": step_id, "challenge_uuid": challenge.uuid})
    return True


def join_group(db: Database, name: str, client_name: str, *, on: date | None,
               today: date) -> Membership:
    """A client joins from ``on`` (today by default) and gets every challenge from that day."""
    day = check_not_future(on or today, today, "--on")
    with db.write(f"joined group '{name}'") as tx:
        group = _writable(db, name)
        client = _member(db, client_name)
        if client.archived_on is not None:
            raise archived(client.name)
        tx.describe(f"joined group '{group.name}'", client.name)
        mine = [m for m in store.memberships(db, group.uuid) if m.client_id == client.id]
        for m in mine:
            if m.left_on is None or m.left_on > day:
                raise StateError(f"{client.name} is a member of '{group.name}' since {m.joined_on}")
        member_id = tx.insert("group_members", {"client_id": client.id, "group_uuid": group.uuid,
                                                "joined_on": day.isoformat()})
        for challenge in store.challenges(db, group.id):
            _give_copy(db, tx, group, challenge, client, max(day, challenge.start_date))
    return Membership(member_id, client.id, client.name, day, None)


def _open_spell(db: Database, group: Group, client: Client) -> Membership:
    spells = [m for m in store.memberships(db, group.uuid) if m.client_id == client.id and m.left_on is None]
    if not spells:
        raise StateError(f"{client.name} is not a member of '{group.name}' (members: coach group show "
                         f"{group.name})")
    return spells[0]


def leave_group(db: Database, name: str, client_name: str, *, on: date | None, today: date) -> Membership:
    """A member leaves on ``on``: a member until the day before. Their steps stay theirs."""
    day = check_not_future(on or today, today, "--on")
    with db.write(f"left group '{name}'") as tx:
        group = find_group(db, name)
        client = _member(db, client_name)
        tx.describe(f"left group '{group.name}'", client.name)
        spell = _open_spell(db, group, client)
        if day < spell.joined_on:
            raise InputError(f"--on {day} is before {client.name} joined ({spell.joined_on})")
        tx.update("group_members", spell.id, {"left_on": day.isoformat()})
    return spell._replace(left_on=day)


def set_consent(db: Database, name: str, client_name: str, level: str, *, pseudonym: str | None,
                on: date | None, today: date) -> Consent:
    """What a member lets peers see from ``on``: none, totals or named (under a pseudonym)."""
    if level not in LEVELS:
        raise InputError(f"LEVEL must be one of {', '.join(LEVELS)}, not '{level}'")
    shown = clean_client_name(pseudonym, "pseudonym") if pseudonym is not None else None
    if shown is not None and level != "named":
        raise InputError("--as gives the name peers see, so it goes with the level named")
    day = check_not_future(on or today, today, "--on")
    with db.write(f"sharing in group '{name}' set to {level}") as tx:
        group = find_group(db, name)
        client = _member(db, client_name)
        tx.describe(f"sharing in group '{group.name}' set to {level}", client.name)
        members = store.memberships(db, group.uuid)
        if not any(m.client_id == client.id for m in members):
            raise StateError(f"{client.name} is not a member of '{group.name}'")
        if shown is not None:
            other = find_client(db, shown)
            taken = {m.client.casefold() for m in members if m.client_id != client.id}
            taken |= {c.pseudonym.casefold() for c in store.consents(db, group.uuid)
                      if c.pseudonym and c.client_id != client.id}
            if shown.casefold() in taken or (other is not None and other.id != client.id):
                raise StateError(f"'{shown}' is another person's name here; choose another pseudonym")
        consent_id = tx.insert("group_consents", {"client_id": client.id, "group_uuid": group.uuid,
                                                  "on_date": day.isoformat(), "level": level,
                                                  "pseudonym": shown})
    return Consent(consent_id, client.id, day, level, shown, "")


def add_challenge(db: Database, name: str, title: str, schedule: str, *, start: date | None, today: date,
                  sensitive: bool = False) -> tuple[Challenge, int]:
    """A challenge the group shares: every current member gets their own step of it from ``start``."""
    clean = clean_text(title, "challenge title", required=True)
    assert clean is not None
    day = start or today
    with db.write(f"group '{name}' challenge '{clean}'") as tx:
        group = _writable(db, name)
        if any(c.title.casefold() == clean.casefold() for c in store.challenges(db, group.id)):
            raise StateError(f"group '{group.name}' already has a challenge '{clean}'")
        challenge_id = tx.insert("group_challenges", {
            "group_id": group.id, "title": clean, "schedule": schedule, "start_date": day.isoformat(),
            "sensitive": int(sensitive)})
        challenge = next(c for c in store.challenges(db, group.id) if c.id == challenge_id)
        given = 0
        for m in store.memberships(db, group.uuid):
            if m.left_on is not None and m.left_on <= day:
                continue
            client = find_client(db, m.client)
            if client is None or client.archived_on is not None:
                continue
            given += _give_copy(db, tx, group, challenge, client, max(day, m.joined_on))
    return challenge, given


def report_group(db: Database, name: str, *, end: date, today: date, challenge: str | None = None,
                 coach_view: bool = False) -> GroupReport:
    """The group's last :data:`REPORT_WEEKS` weeks of a challenge, the last ending on ``end``."""
    group = find_group(db, name)
    found = [c for c in store.challenges(db, group.id) if c.start_date <= end]  # as the window's week knew
    chosen: Challenge | None = found[-1] if found else None
    if challenge is not None:
        matches = [c for c in found if c.title.casefold().startswith(challenge.strip().casefold())]
        if len(matches) != 1:
            titles = ", ".join(f"'{c.title}'" for c in found) or "none yet"
            raise InputError(f"no one challenge of '{group.name}' starts '{challenge}' "
                             f"(its challenges: {titles})")
        chosen = matches[0]
    weeks = weeks_ending(end, REPORT_WEEKS)
    if chosen is not None:  # no weeks from before the challenge began
        weeks = [w for w in weeks if w[1] >= chosen.start_date]
    shared = store.read_view(db)
    if shared is not None and group.uuid in json.loads(shared).get("groups", {}):
        return _as_the_hub_shows(group, chosen, weeks, json.loads(shared), coach_view=coach_view)
    copies = store.challenge_copies(db, chosen.uuid, end) if chosen else []
    return group_report(group.name, chosen, store.memberships(db, group.uuid), store.consents(db, group.uuid),
                        copies, weeks, today)


def _as_the_hub_shows(group: Group, chosen: Challenge | None, weeks: list[tuple[date, date]],
                      shared: dict[str, Any], *, coach_view: bool) -> GroupReport:
    """A group this machine receives from the hub (a member's): its weeks as the hub summed them
    at the last sync, over the peers who share totals or more, and the named peers to celebrate."""
    if coach_view:
        raise StateError(f"'{group.name}' is run by its coach on the hub: the coach's view is theirs;"
                         " this machine shows the group as its members see it (leave out --coach)")
    upto = date.fromisoformat(shared["upto"])
    figures = shared["groups"][group.uuid]["challenges"].get(chosen.uuid if chosen else "", {})
    out: list[GroupWeek] = []
    for start, end in weeks:
        if end > upto:
            raise StateError(f"the figures of '{group.name}' here reach {upto}, the day of the last sync:"
                             " run coach sync to read later weeks")
        measured = chosen is not None and measure_of(chosen.schedule) is not None
        counted, did, done, *amount = figures.get("weeks", {}).get(end.isoformat(), [0, 0, 0, 0.0])
        if did is None:
            title = chosen.title if chosen else ""
            raise StateError(f"the challenge '{title}' follows an RRULE, which the hub does not count:"
                             " its group page is on the coach's machine")
        if measured and not amount:
            raise StateError(f"the figures of '{group.name}' here are from a hub that does not count a"
                             " measured challenge yet: run coach sync once the hub is upgraded")
        out.append(GroupWeek(start, end, counted, did, done, float(amount[0]) if measured else None))
    last = weeks[-1][1].isoformat() if weeks else ""
    named = figures.get("celebrated", {}).get(last, [])
    amounts = figures.get("celebrated_amounts", {}).get(last, [])
    pairs = sorted(zip(named, amounts or [0.0] * len(named), strict=True), key=lambda p: p[0].casefold())
    return GroupReport(group.name, chosen, tuple(out), tuple(n for n, _ in pairs), (), 0,
                       tuple(a for _, a in pairs) if amounts else ())


def record_session(db: Database, name: str, *, on: date | None, note: str | None,
                   today: date) -> GroupSession:
    """The group met on ``on`` (today by default): group prep reads from the day after."""
    day = check_not_future(on or today, today, "--on")
    text = clean_text(note, "note")
    with db.write(f"group '{name}' session on {day}") as tx:
        group = _writable(db, name)
        shared = store.read_view(db)
        if shared is not None and group.uuid in json.loads(shared).get("groups", {}):
            raise StateError(f"'{group.name}' is run by its coach on the hub: its sessions are theirs"
                             " to record")
        session_id = tx.insert("group_sessions", {"group_id": group.id, "on_date": day.isoformat(),
                                                  "note": text})
    found = next(s for s in store.sessions(db, group.id) if s.id == session_id)
    return found


def prep_group(db: Database, name: str, *, today: date) -> GroupPrep:
    """What changed in the group since its last session, as its members may hear it."""
    group = find_group(db, name)
    shared = store.read_view(db)
    if shared is not None and group.uuid in json.loads(shared).get("groups", {}):
        raise StateError(f"'{group.name}' is run by its coach on the hub: its prep is on the coach's machine;"
                         f" this machine shows the group's page (coach report --group '{group.name}')")
    challenges = [c for c in store.challenges(db, group.id) if c.start_date <= today]
    latest = challenges[-1] if challenges else None
    copies = store.challenge_copies(db, latest.uuid, today) if latest else []
    return group_prep(group.name, store.challenges(db, group.id), store.sessions(db, group.id),
                      store.memberships(db, group.uuid), store.consents(db, group.uuid), copies, today)
