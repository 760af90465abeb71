"""Groups at ``coach sync``: the coach's groups go to the hub whole, members' consents come back,
and a member receives their groups and what the hub lets them read of their peers.

A group lives on its coach's machine; the hub holds a copy for its members. The
coach's sync makes the hub's copy of each group they own equal to theirs (rows
added, changed and removed), except a consent a member gave through the hub:
that is the member's, and comes down to the coach's file. A member's sync sends
the consents they gave on their machine, then takes their groups, their own
membership, consents and challenge copies, and the group's weeks as
``coachhub.group_view`` returns them: figures summed over the peers who share
totals or more, and the names of peers at named who did the challenge. That is
kept here (``meta``, :data:`~coachcli.store.groups.VIEW_KEY`) and replaced
whole at every sync, so a peer's withdrawal leaves no figure of theirs here
after the next one. Nothing here waits on the hub while this file is locked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.store import Database, Tx
from coachcli.store import groups as local

if TYPE_CHECKING:
    from coachcli.portable.sync import SyncResult

Row = dict[str, Any]
#: Parents first.
ORDER = ("groups", "group_challenges", "group_members", "group_consents", "group_steps")
#: Kept on a member's machine as the hub's: never compared (the hub stamps them).
_UNCOMPARED = ("id", "author", "created_at", "updated_at")


def _differs(a: Row, b: Row) -> bool:
    return any(a[k] != b[k] for k in a if k not in _UNCOMPARED and k in b)


def exchange_groups(db: Database, cur: Any, kind: str, today: date, result: SyncResult) -> None:
    """Carry groups both ways for a coach (``kind`` 'coach') or a self-tracking member."""
    if kind == "coach":
        _coach(db, cur, result)
    else:
        _member(db, cur, today, result)


def _coach(db: Database, cur: Any, result: SyncResult) -> None:
    from coachcli.hub import groups as remote

    cur.execute("SELECT current_user")
    me = str(cur.fetchone()[0])
    held = remote.held_clients(cur)
    here = {t: local.sync_rows(db, t) for t in ORDER}
    there = {t: remote.visible(cur, t, owned=True) for t in ORDER}
    on_hub = remote.hub_steps(cur, [str(r["step_uuid"]) for r in here["group_steps"].values()])
    # A member who tracks themselves through the hub gives their own consent (hub schema 10):
    # a level recorded for them here is not sent, and goes from here too.
    own_say = remote.self_trackers(cur)
    withheld = [r for u, r in here["group_consents"].items()
                if r["client_uuid"] in own_say and u not in there["group_consents"]]
    for r in withheld:
        del here["group_consents"][str(r["uuid"])]
    kept = 0
    for table in ORDER:
        send = {}
        for u, r in here[table].items():
            if ("client_uuid" in r and r["client_uuid"] not in held) or (
                    table == "group_steps" and r["step_uuid"] not in on_hub):
                kept += 1
            else:
                send[u] = r
        new = [r for u, r in send.items() if u not in there[table]]
        taken = remote.insert(cur, table, new)
        changed = [r for u, r in send.items() if u in there[table] and _differs(r, there[table][u])]
        remote.update(cur, table, changed)
        result.sent[table] += len(new) - len(taken) + len(changed)
        if taken:
            result.notes.append(f"Kept here only: {len(taken)} group record(s) whose uuid the hub holds"
                                f" under another coach ({', '.join(taken[:3])}).")
    if kept:
        result.notes.append(f"Kept here only: {kept} group record(s) of clients not shared with you"
                            " on the hub.")
    theirs: list[Row] = []
    for table in reversed(ORDER):
        gone = [u for u in there[table] if u not in here[table]]
        if table == "group_consents":  # given by the member through the hub: theirs, taken here
            theirs = [there[table][u] for u in gone if there[table][u]["author"] != me]
            gone = [u for u in gone if there[table][u]["author"] == me]
        remote.delete(cur, table, gone)
        result.deletions_sent += len(gone)
    if theirs:
        _write_here(db, {"group_consents": theirs}, [], result)
    if withheld:
        with db.write("sync groups", journal=False) as tx:
            for r in withheld:
                tx.delete("group_consents", int(str(r["id"])))
        result.rejected += len(withheld)
        result.notes.append(
            f"Left out {len(withheld)} sharing choice(s) you recorded for members who track themselves"
            " through the hub: each gives their own there, so they are removed here.")


def _member(db: Database, cur: Any, today: date, result: SyncResult) -> None:
    from coachcli.hub import groups as remote

    held = remote.held_clients(cur)
    there = {t: remote.visible(cur, t, owned=False) for t in ORDER}
    here_consents = local.sync_rows(db, "group_consents")
    mine = {(r["group_uuid"], r["client_uuid"]) for r in there["group_members"].values()}
    give = [r for u, r in here_consents.items() if u not in there["group_consents"]
            and r["client_uuid"] in held and (r["group_uuid"], r["client_uuid"]) in mine]
    refused = remote.give_consents(cur, give)
    for r, why in refused:
        result.rejected += 1
        result.notes.append(f"Left out your sharing choice of {r['on_date']} ({r['level']}): the hub"
                            f" refused it ({why}); it is removed here, choose again.")
    given = [r for r in give if all(r is not x for x, _ in refused)]
    result.sent["group_consents"] += len(given)
    there["group_consents"].update({str(r["uuid"]): r for r in given})
    figures: dict[str, Any] = {}
    for g in sorted(there["groups"]):
        weeks: dict[str, Any] = {}
        for challenge, end, counted, did, done, names, amount, amounts in remote.group_view(cur, g, today):
            entry = weeks.setdefault(challenge, {"weeks": {}, "celebrated": {}})
            entry["weeks"][end] = [counted, did, done] if amount is None else [counted, did, done, amount]
            if names:
                entry["celebrated"][end] = names
            if amounts:
                entry.setdefault("celebrated_amounts", {})[end] = amounts
        figures[g] = {"challenges": weeks}
    view = {"upto": today.isoformat(), "groups": figures}
    _say_what_changed(db, there["groups"], figures, result)
    _write_here(db, there, sorted(there["groups"]), result, view=view)


def _say_what_changed(db: Database, groups: Mapping[str, Row], figures: Mapping[str, Any],
                      result: SyncResult) -> None:
    """Name each group whose figures for days already read here changed (a member's sharing
    choice, or records logged late), so a changed page never goes unexplained."""
    before = local.read_view(db)
    if before is None:
        return
    old = json.loads(before).get("groups", {})
    for g, now in figures.items():
        was = old.get(g, {}).get("challenges", {})
        for challenge, entry in was.items():
            fresh = now["challenges"].get(challenge, {"weeks": {}, "celebrated": {}})
            if any(fresh["weeks"].get(end) != counts
                   or fresh["celebrated"].get(end) != entry["celebrated"].get(end)
                   for end, counts in entry["weeks"].items()):
                result.notes.append(f"The group {groups[g]['name']}: its figures for days you had read"
                                    " changed on the hub (a member's sharing choice, or what they logged).")
                break


def _write_here(db: Database, rows: Incoming, hub_groups: list[str],
                result: SyncResult, *, view: dict[str, Any] | None = None) -> None:
    """Take the hub's group rows here in one short transaction.

    For a member (``view`` given): the groups the hub shows are made equal to it, and a group
    that came from the hub before and is gone there (deleted, or they left it) goes here too.
    """
    with db.write("sync groups", journal=False) as tx:
        here = {t: local.sync_rows(db, t) for t in ORDER}
        for table in ORDER:
            found = rows.get(table, [])
            incoming = found if isinstance(found, list) else list(found.values())
            keys = ("group_uuid", "client_uuid", "step_uuid")
            named = {str(r[k]) for r in incoming for k in keys if k in r}
            ids = {p: local.local_ids(db, p, named) for p in ("groups", "clients", "steps")}
            for r in incoming:
                values = local.local_values(table, r, ids)
                if values is None:
                    continue  # its parent is not here (a step not yet received)
                mine = here[table].get(str(r["uuid"]))
                if mine is None:
                    tx.insert(table, values)
                    result.received[table] += 1
                elif _differs(r, mine):
                    tx.update(table, int(str(mine["id"])), {k: v for k, v in values.items()
                                                           if k not in ("uuid", "created_at")})
                    result.received[table] += 1
        if view is not None:
            result.deletions_received += _forget_gone(db, tx, rows, hub_groups)
            tx.set_meta(local.VIEW_KEY, json.dumps(view, sort_keys=True))


Incoming = Mapping[str, Mapping[str, Row] | list[Row]]


def _forget_gone(db: Database, tx: Tx, rows: Incoming, hub_groups: list[str]) -> int:
    """Delete here the rows of groups that came from the hub which the hub no longer shows."""
    before = local.read_view(db)
    came = set(hub_groups) | (set(json.loads(before).get("groups", {})) if before else set())
    now = {t: local.sync_rows(db, t) for t in ORDER}
    group_of = {u: str(r["group_uuid"]) for u, r in now["group_challenges"].items()}
    gone = 0
    for table in reversed(ORDER):
        keep = rows.get(table, {})
        for u, r in now[table].items():
            if table == "groups":
                g = u
            elif table == "group_steps":
                g = group_of.get(str(r["challenge_uuid"]), "")
            else:
                g = str(r["group_uuid"])
            if g in came and u not in keep:
                tx.delete(table, int(str(r["id"])))
                gone += 1
    return gone
