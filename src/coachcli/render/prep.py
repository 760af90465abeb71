"""``coach prep`` as blocks: what went right first, what followed last time, then a few questions.

The order is the session's: affirm from the record (achieved goals, wins in
the client's words, the longest run of a step, the best week), what was done
since the last session, what followed each commitment, status and rating
changes, the figures, what got in the way, what is worth exploring, and at
most ``prep.questions`` questions, ranked by :func:`coachcli.domain.prep.rank_topics`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from coachcli.domain.records import Commitment, Session
from coachcli.domain.reporting import (
    Affirmation,
    CommitmentFollow,
    FollowUp,
    GoalDone,
    Prep,
    RatingChange,
    StatusChange,
    Window,
)
from coachcli.render.amounts import measured_block
from coachcli.render.document import Document, Item, Items, Para
from coachcli.render.report import goal_json, goal_table, returning_items, signal_item
from coachcli.render.signals import Asked, Said, asked, pick, said, topic_of
from coachcli.render.voice import Voice, day_month, when_phrase


def affirmation_item(a: Affirmation) -> Item:
    f = a.facts
    if a.kind == "returned":
        return Item("Back", f"Recording again from {f['on']}.", tone="good")
    if a.kind == "one_off":
        note = f": '{f['note']}'" if f["note"] else "."
        return Item("Done", f"'{f['step']}' on {f['on']}{note}", tone="good")
    if a.kind == "days":
        n = int(str(f["days"]))
        span = f"on {f['first']}" if n == 1 else f"between {f['first']} and {f['last']}"
        return Item("Days", f"Something done on {n} day{'' if n == 1 else 's'}, {span}.", tone="good")
    if a.kind == "before":
        return Item("Before the break", f"'{f['step']}' done on {f['on']}.", tone="good")
    if a.kind == "achieved":
        return Item("Achieved", f"'{f['goal']}' on {f['on']}.", tone="good")
    if a.kind == "win":
        return Item("Win", str(f["text"]), tone="good")
    if a.kind == "run":
        return Item("Longest run", f"'{f['step']}' done {f['count']} times in a row "
                    f"(up to {f['last']}).", tone="good")
    return Item("Best week", f"{f['done']} of {f['expected']} planned steps done "
                f"({f['start']} to {f['end']}).", tone="good")


def done_item(g: GoalDone) -> Item:
    figures = (f"{g.done} of {g.expected} planned done" if g.expected
               else f"{g.done} done, none planned")
    notes = "; ".join(f"'{note}' ({step}, {day})" for day, step, note in g.notes)
    text = f"{figures}; notes: {notes}." if notes else f"{figures}."
    return Item(g.goal, text, f"'{g.why}'" if g.why else None, tone="good" if g.done else "plain")


def follow_text(f: FollowUp) -> str:
    if f.kind in ("done", "missed", "skipped"):
        times = f" {f.times} times" if f.times > 1 else ""
        span = f", {f.on_date} to {f.last_on}" if f.last_on and f.last_on != f.on_date else f", {f.on_date}"
        note = f": '{f.text}'" if f.text else ""
        return f"{f.subject} {f.kind}{times}{span}{note}"
    return f"{f.kind} '{f.text}' ({f.on_date})"


#: How a commitment went, in words.
OUTCOME_WORDS = {"kept": "kept", "partly": "partly kept", "not_kept": "not kept"}


def commitment_item(c: CommitmentFollow) -> Item:
    label = f"{c.made_on}, {c.sure}/10 sure" if c.sure is not None else str(c.made_on)
    if c.ref:
        label = f"{c.ref}, {label}"
    parts = [f"'{c.text}'"]
    if c.due_date:
        parts.append(f"due {c.due_date}")
    if c.outcome:
        parts.append(f"{OUTCOME_WORDS[c.outcome]} (looked at on {c.outcome_on})")
    after = "; ".join(follow_text(f) for f in c.followed) if c.followed else (
        f"'{c.step}' has nothing logged since" if c.step else None)
    return Item(label, ", ".join(parts), after)


def agreed_text(c: Commitment) -> str:
    """One agreement of a session, whole: its words, how sure, when due, its step, how it went."""
    bits = [f"{c.sure}/10 sure" if c.sure is not None else "",
            f"due {c.due_date}" if c.due_date else "",
            f"step '{c.step_title}'" if c.step_title else "",
            OUTCOME_WORDS[c.outcome] if c.outcome else ""]
    extra = ", ".join(b for b in bits if b)
    return f"'{c.text}'" + (f" ({extra})" if extra else "")


def session_blocks(s: Session, voice: Voice) -> list[object]:
    """The last session as prep opens with it: its notes in full, what was agreed, the next one."""
    items = [Item("Notes", s.note)] if s.note else []
    items += [Item(c.ref, agreed_text(c)) for c in s.agreed]
    if s.next_session_on:
        items.append(Item("Next session", str(s.next_session_on)))
    return [Items(f"Last session ({s.on_date})", items, empty="Nothing was noted or agreed.")]


def talk_block(talk: list[tuple[date, str, str]], voice: Voice) -> Items:
    """Change talk since the last session, in the client's words; sustain talk beside it."""
    items = [Item(str(d), f"'{t}'", tone="good") for d, kind, t in talk if kind == "change"]
    items += [Item(str(d), f"'{t}' (sustain talk)", tone="muted") for d, kind, t in talk if kind == "sustain"]
    return Items(f"In {voice.their} words: change talk", items)


def status_item(s: StatusChange) -> Item:
    what = {"new": "set as a new goal", "paused": "paused", "resumed": "resumed",
            "achieved": "achieved", "dropped": "dropped"}.get(s.status, s.status)
    reason = f" (reason: '{s.reason}')" if s.reason else ""
    tone = "good" if s.status == "achieved" else "plain"
    return Item(str(s.on_date), f"'{s.goal}' {what}{reason}.", tone=tone)  # type: ignore[arg-type]


def rating_item(r: RatingChange) -> Item:
    change = f"starts at {r.after}" if r.before is None else f"{r.before} → {r.after}"
    return Item(str(r.on_date), f"'{r.goal}' {r.what} {change}")


def quoted(texts: list[str]) -> str:
    q = [f"'{t}'" for t in texts]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " and " + q[-1]


def asked_in(p: Prep, avoid: Collection[Asked] = ()) -> list[tuple[Asked, str]]:
    """((topic, template), question) for each ranked topic, on the prep's turn.

    A topic asked last session with a template is asked with another one this
    time (``avoid``); a signal's question may quote the goal's reason, once.
    """
    window = Window(p.since, p.until)
    when = when_phrase(window, p.until, p.last_session)
    titles = {g.id: g.title for g in p.report.goals}
    out: list[tuple[Asked, str]] = []
    quoted_why = False  # the reasons are on the page already: one question quoting one is enough
    for t in p.topics:
        if t.kind == "commitment":
            still_open = quoted([c.text for c in p.commitments if c.outcome is None])
            template, q = pick("commitment", p.client, {"commitment": still_open}, turn=p.turn,
                               avoid=avoid)
            out.append((("commitment", template), q))
        elif t.kind == "opening":
            template, q = pick("opening", p.client, {}, turn=p.turn, avoid=avoid)
            out.append((("opening", template), q))
        elif t.kind == "returning":
            spell = p.report.returning
            last = day_month(spell.last, p.until) if spell and spell.last else None
            template, q = pick("returning", p.client, {"last": last}, turn=p.turn, avoid=avoid)
            out.append((("returning", template), q))
        elif t.signal is not None:
            s = p.report.signals[t.signal]
            template, q = asked(s, p.client, titles, window, as_of=p.until, when=when,
                                prefer_why=not quoted_why, turn=p.turn, avoid=avoid)
            quoted_why = quoted_why or "because" in q
            out.append(((topic_of(s, titles), template), q))
    return out


def prep_questions(p: Prep) -> list[str]:
    """The ranked topics in words, none asked the way prep asked it before the last session."""
    avoid = {a for a, _ in asked_in(p.previous)} if p.previous is not None else set()
    return [q for _, q in asked_in(p, avoid)]


def prep_document(p: Prep) -> Document:
    voice = Voice.of(p.client)
    span = (
        f"since the last session on {p.last_session}" if p.last_session
        else f"the last {(p.until - p.since).days + 1} days (no session recorded yet)"
    )
    r = p.report
    window = Window(p.since, p.until)
    when = when_phrase(window, p.until, p.last_session)
    title = "Your prep" if voice.to_reader else f"Session prep for {p.client}"
    goals = {g.id: g for g in r.goals}
    words_of = said(r, window, as_of=p.until, when=when)
    questions = prep_questions(p)
    good = [affirmation_item(a) for a in p.affirmations]
    # An achievement is among the affirmations already.
    good += [signal_item(s, goals, voice, ask=False) for s in words_of
             if s.severity == "celebrate" and s.code != "achieved"]
    blocks: list[object] = [Para(f"{title}: {span}", "heading")]
    if r.returning is not None and r.returning.holding:
        blocks.append(returning_items(r.returning, voice, p.until))
    blocks += [
        *(session_blocks(p.session, voice) if p.session else []),
        *([talk_block(p.talk, voice)] if p.talk else []),
        Items("To affirm", good, empty="Nothing in the record to affirm yet."),
        Items(f"Done {when}", [done_item(g) for g in p.done_since],
              follow_up_label="It matters because", empty="No steps were planned or done in this time."),
    ]
    if p.commitments:
        blocks.append(Items(f"{voice.their.capitalize()} commitments to go over",
                            [commitment_item(c) for c in p.commitments], follow_up_label="Since then"))
    if p.status_changes:
        blocks.append(Items("Goal status", [status_item(s) for s in p.status_changes]))
    if p.rating_changes:
        blocks.append(Items("Ratings", [rating_item(c) for c in p.rating_changes]))
    blocks.append(goal_table(r))
    measured = measured_block(r.goals, p.until, p.until)
    if measured is not None:
        blocks.append(measured)
    misses = [Item(d.isoformat(), f"{title}: {note}", tone="muted") for d, title, note in p.misses]
    misses += [Item("Obstacle", o, tone="muted") for o in p.obstacles]
    if misses:
        blocks.append(Items("What got in the way", misses))
    if p.skips:
        # Set aside on purpose (sick, travelling): not an obstacle, and not asked about as one.
        blocks.append(Items("Set aside", [Item(d.isoformat(), f"{title}: {note}", tone="muted")
                                          for d, title, note in p.skips]))
    worth = [signal_item(s, goals, voice, ask=False) for s in words_of if s.severity == "attention"]
    if worth:
        blocks.append(Items("Worth exploring", worth))
    blocks.append(Items(voice.questions, [Item(str(i), q) for i, q in enumerate(questions, 1)]))
    return Document(blocks, data=prep_json(p, words_of, questions))  # type: ignore[arg-type]


def prep_json(p: Prep, words_of: list[Said], questions: list[str]) -> dict[str, Any]:
    """The documented shape of ``coach prep --format json`` (``prep.schema.json``)."""
    return {
        "client": p.client,
        "since": p.since,
        "until": p.until,
        "last_session": p.last_session,
        "affirmations": [{"kind": a.kind, "goal_id": a.goal_id, "text": affirmation_item(a).text}
                         for a in p.affirmations],
        "done_since": [{"goal_id": g.goal_id, "goal": g.goal, "status": g.status, "done": g.done,
                        "expected": g.expected, "why": g.why,
                        "notes": [{"on_date": d, "step": s, "note": n} for d, s, n in g.notes]}
                       for g in p.done_since],
        "session": None if p.session is None else {
            "on_date": p.session.on_date, "note": p.session.note,
            "next_session_on": p.session.next_session_on,
            "agreed": [commitment_json(c) for c in p.session.agreed],
        },
        "change_talk": [{"on_date": d, "text": t} for d, kind, t in p.talk if kind == "change"],
        "sustain_talk": [{"on_date": d, "text": t} for d, kind, t in p.talk if kind == "sustain"],
        "commitments": [{"ref": c.ref, "text": c.text, "made_on": c.made_on, "sure": c.sure,
                         "due_date": c.due_date, "step": c.step, "outcome": c.outcome,
                         "outcome_on": c.outcome_on,
                         "followed": [{"on_date": f.on_date, "last_on": f.last_on, "kind": f.kind,
                                       "subject": f.subject, "text": f.text, "times": f.times}
                                      for f in c.followed]}
                        for c in p.commitments],
        "status_changes": [{"goal_id": s.goal_id, "goal": s.goal, "status": s.status,
                            "on_date": s.on_date, "reason": s.reason} for s in p.status_changes],
        "ratings": [{"goal_id": c.goal_id, "goal": c.goal, "what": c.what, "before": c.before,
                     "after": c.after, "on_date": c.on_date} for c in p.rating_changes],
        "goals": [goal_json(g, p.until) for g in p.report.goals],
        "signals": words_of,
        "wins": p.report.wins,
        "misses": [{"on_date": d, "step": t, "reason": n} for d, t, n in p.misses],
        "obstacles": p.obstacles,
        "set_aside": [{"on_date": d, "step": t, "reason": n} for d, t, n in p.skips],
        "questions": questions,
    }


def commitment_json(c: Commitment) -> dict[str, Any]:
    return {"ref": c.ref, "text": c.text, "made_on": c.made_on, "sure": c.sure, "due_date": c.due_date,
            "step_id": c.step_id, "step": c.step_title, "outcome": c.outcome, "outcome_on": c.outcome_on}
