"""Tables of records for the listing commands: clients, goals, steps, the log, the agenda, settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from coachcli.domain.agenda import AgendaItem
from coachcli.domain.logged import format_amount, split_measure, unit_for
from coachcli.domain.records import (
    Client,
    ClientSummary,
    Goal,
    PlanVersion,
    Rating,
    Step,
    TimelineEntry,
)
from coachcli.domain.reporting import Window
from coachcli.domain.schedule import parse_schedule
from coachcli.render.document import Cell, Column, Document, Fields, Styled, Table, Title
from coachcli.render.voice import Voice


def goal_rows(goals: Sequence[Goal], title: str | None, *, with_client: bool = False) -> Table:
    cols = [Column("ID", "right")]
    if with_client:
        cols.append(Column("Client", shrink=True))
    cols += [Column("Goal", shrink=True), Column("Status"), Column("Imp", "right"), Column("Conf", "right"),
             Column("By"), Column("Whose")]
    rows = [
        [
            g.id,
            *([g.client] if with_client else []),
            g.title,
            goal_status(g),
            g.importance,
            g.confidence,
            g.target_date.isoformat() if g.target_date else "",
            "should" if g.should else "want",
        ]
        for g in goals
    ]
    return Table(title, cols, rows, empty="No goals yet. Add one with: coach goal add TITLE")


#: How a goal's next status change, dated ahead, reads beside its status now.
_UPCOMING = {"paused": "pauses", "active": "resumes", "achieved": "achieved", "dropped": "dropped"}


def goal_status(g: Goal, *, since: bool = False) -> str:
    """``active``, ``paused 2026-11-10``, and a change planned ahead: ``active; pauses 2026-12-14``."""
    now = g.status if g.status == "active" and not since else f"{g.status} {g.status_on.isoformat()}"
    if since:
        now = f"{g.status} since {g.status_on.isoformat()}"
    if g.upcoming is not None:
        now += f"; {_UPCOMING[g.upcoming[0]]} {g.upcoming[1].isoformat()}"
    return now


def describe(step: Step) -> str:
    return _plan_text(step.schedule, step.due_date)


def _plan_text(schedule: str | None, due: date | None) -> str:
    if schedule is None:
        return f"once, due {due.isoformat() if due else '?'}"
    return parse_schedule(schedule).describe()


def step_document(step: Step, earlier: Sequence[PlanVersion]) -> Document:
    """``coach step show``: the step, and each plan it has had with the days it judged."""
    plans: list[dict[str, Any]] = []
    begins: date | None = None
    for v in earlier:
        plans.append({"from": begins or v.start_date, "to": v.ends_on, "title": v.title or step.title,
                      "schedule": v.schedule, "due_date": v.due_date, "start_date": v.start_date,
                      "until_date": v.until_date})
        begins = v.ends_on + timedelta(days=1)
    plans.append({"from": begins or step.start_date, "to": None, "title": step.title,
                  "schedule": step.schedule, "due_date": step.due_date, "start_date": step.start_date,
                  "until_date": step.until_date})
    # A self-tracker's own step names no client: "Client: me" speaks of the reader as someone else.
    whose: list[tuple[str, Cell]] = [] if Voice.of(step.client).to_reader else [("Client", step.client)]
    info = Fields(
        f"Step {step.id}: {step.title}",
        [("Goal", f"{step.goal_id} {step.goal_title}"), *whose,
         ("When", describe(step)),
         ("Status", step.status if step.status == "active" else f"dropped {step.dropped_on}")],
    )
    table = Table(
        "Plan history",
        [Column("From"), Column("To"), Column("Title", wrap=True), Column("When"), Column("Start"),
         Column("Until")],
        [[p["from"].isoformat(), p["to"].isoformat() if p["to"] else "",
          p["title"], _plan_text(p["schedule"], p["due_date"]), p["start_date"].isoformat(),
          p["until_date"].isoformat() if p["until_date"] else ""] for p in plans],
    )
    return Document([info, table], data={**step._asdict(), "plans": plans})


def step_rows(
    steps: Sequence[Step], title: str | None, *, with_client: bool = False, with_status: bool = False
) -> Table:
    """``coach step list``: titles and schedules wrap rather than being cut (a one-off's due
    date stays in view); the Until column only when a step has one."""
    until = any(s.until_date for s in steps)
    cols = [Column("ID", "right")]
    if with_client:
        cols.append(Column("Client", shrink=True))
    cols += [Column("Step", wrap=True), Column("Goal", wrap=True, low=True), Column("When", wrap=True),
             Column("From"), *([Column("Until")] if until else [])]
    if with_status:
        cols.append(Column("Status"))
    rows: list[list[Cell]] = [
        [
            s.id,
            *([s.client] if with_client else []),
            s.title,
            Title(f"{s.goal_id} {s.goal_title}"),
            describe(s) + (f" (from {s.plan_from.isoformat()})" if s.plan_from else ""),
            s.start_date.isoformat(),
            *([s.until_date.isoformat() if s.until_date else ""] if until else []),
            *([s.status if s.status == "active" else f"dropped {s.dropped_on}"] if with_status else []),
        ]
        for s in steps
    ]
    return Table(
        title, cols, rows, empty="No steps. Add one with: coach step add GOAL_ID TITLE --every RULE"
    )


def once(values: Sequence[str]) -> list[str]:
    """Each value, blank where it repeats the row above (a date shown once for its rows)."""
    return ["" if i and v == values[i - 1] else v for i, v in enumerate(values)]


#: How each agenda status is shown.
AGENDA_TONES = {"overdue": "attention", "unlogged": "attention", "done": "good", "due": "plain",
                "quota": "plain", "missed": "muted", "skipped": "muted"}


def agenda_document(
    window: Window, items: Sequence[AgendaItem], *, with_client: bool, week: bool
) -> Document:
    dates = once([i.on_date.isoformat() if i.on_date else "-" for i in items])
    rows: list[list[Cell]] = [
        [
            *([i.client] if with_client else []),
            day,
            Styled(i.kind, AGENDA_TONES[i.kind]),  # type: ignore[arg-type]
            Title(i.step, f" ({i.step_id})"),
            Title(i.goal, f" ({i.goal_id})"),
            i.detail,
        ]
        for i, day in zip(items, dates, strict=True)
    ]
    span = f"{window.start} to {window.end}" if week else str(window.start)
    # Titles wrap; the goal and the detail ("every day") give way first.
    cols = [*([Column("Client", shrink=True)] if with_client else []), Column("Date"), Column("Status"),
            Column("Step", wrap=True), Column("Goal", wrap=True, low=True),
            Column("Detail", wrap=True, low=True)]
    return Document(
        [Table(f"Agenda for {span}", cols, rows, empty="Nothing due. Enjoy the day.")],
        data={"start": window.start, "end": window.end, "items": list(items)},
    )


def timeline_detail(e: TimelineEntry) -> str:
    """An entry's particulars on one line, as ``coach log`` shows them."""
    if e.kind == "rating":
        parts = [f"importance {e.importance}" if e.importance is not None else "",
                 f"confidence {e.confidence}" if e.confidence is not None else ""]
        text = " ".join(p for p in parts if p)
        return (text + (f" - {e.note}" if e.note else "")).strip()
    if e.kind in ("check-in", "session"):
        lines = [f"win: {t}" for t in e.wins] + [f"obstacle: {t}" for t in e.obstacles]
        lines += [f"commit: {t}" for t in e.commitments]
        return "; ".join(lines + ([e.note] if e.note else []))
    if e.kind.startswith("goal "):
        return e.note or ""
    if e.kind == "commitment":
        how = {"kept": "kept", "partly": "partly kept", "not_kept": "not kept"}.get(e.outcome or "")
        parts = [f"{e.sure}/10 sure" if e.sure is not None else "",
                 f"due {e.due_date}" if e.due_date else "",
                 f"{how} on {e.outcome_on}" if how else ""]
        extra = ", ".join(p for p in parts if p)
        return (e.note or "") + (f" ({extra})" if extra else "")
    times = f"x{e.times}" if e.times > 1 else ""
    if e.amount is not None:
        measure = split_measure(e.plan)
        unit = "" if measure is None else unit_for(e.amount, measure[2])
        times = f"{format_amount(e.amount)} {unit}".strip()
    return " ".join(p for p in (times, e.note or "") if p)


def timeline_subject(e: TimelineEntry) -> str:
    if e.kind in ("check-in", "session"):
        return f"mood {e.mood}/5" if e.mood is not None else ""
    return e.subject


def timeline_document(entries: Sequence[TimelineEntry], title: str, *, with_client: bool) -> Document:
    # The subject and the notes wrap: the client's words are shown whole.
    cols = [Column("Ref"), Column("Date"), *([Column("Client", shrink=True)] if with_client else []),
            Column("What"), Column("Subject", wrap=True), Column("Detail", wrap=True)]
    rows: list[list[Cell]] = []
    data: list[dict[str, Any]] = []
    dates = once([e.on_date.isoformat() for e in entries])
    for e, day in zip(entries, dates, strict=True):
        subject, detail = timeline_subject(e), timeline_detail(e)
        rows.append([
            e.ref, day, *([e.client] if with_client else []), e.kind,
            Title(subject, f" (step {e.step_id})" if e.step_id else
                  f" (goal {e.goal_id})" if e.goal_id else ""),
            detail,
        ])
        data.append({"ref": e.ref, "on_date": e.on_date, "kind": e.kind, "client": e.client,
                     "goal_id": e.goal_id, "step_id": e.step_id, "subject": subject,
                     "detail": detail, "amount": e.amount, "created_at": e.created_at})
    return Document([Table(title, cols, rows, empty="Nothing logged in this period.")], data=data)


def clients_document(rows: Sequence[ClientSummary]) -> Document:
    """``coach client list``."""
    return Document(
        [
            Table(
                "Clients",
                [Column("Name", shrink=True), Column("Active goals", "right"), Column("Last activity"),
                 Column("Archived"), Column("Note", wrap=True)],
                [
                    [s.client.name, s.active_goals,
                     s.last_activity.isoformat() if s.last_activity else None,
                     s.client.archived_on.isoformat() if s.client.archived_on else "",
                     s.client.note or ""]
                    for s in rows
                ],
                empty="No clients yet. Add one with: coach client add NAME",
            )
        ],
        data=[
            {"id": s.client.id, "uuid": s.client.uuid, "name": s.client.name,
             "note": s.client.note, "archived_on": s.client.archived_on,
             "active_goals": s.active_goals, "last_activity": s.last_activity}
            for s in rows
        ],
    )


def client_document(name: str, client: Client | None, goals: Sequence[Goal],
                    steps: Sequence[Step]) -> Document:
    """``coach client show``: ``client`` None is the self-tracker ``name`` before any record."""
    info = Fields(
        client.name if client else name,
        [
            ("Note", client.note if client else None),
            # The day the coaching began: the day added, or the --on it was added with.
            ("Added", (client.started_on.isoformat() if client.started_on else client.created_at[:10])
             if client else None),
            ("Archived", client.archived_on.isoformat() if client and client.archived_on else "no"),
        ],
    )
    return Document(
        [info, goal_rows(goals, "Goals"), step_rows(steps, "Active steps")],
        data={
            "name": client.name if client else name,
            "id": client.id if client else None,
            "note": client.note if client else None,
            "archived_on": client.archived_on if client else None,
            "goals": goals,
            "steps": steps,
        },
    )


def goal_document(goal: Goal, ratings: Sequence[Rating],
                  history: Sequence[tuple[date, str, str | None]], steps: Sequence[Step]) -> Document:
    """``coach goal show``: the goal, its ratings, its status history and its steps."""
    fields = Fields(
        f"Goal {goal.id}: {goal.title}",
        [
            ("Client", goal.client),
            ("Why", goal.why),
            ("Status", goal_status(goal, since=True)),
            ("Importance", goal.importance),
            ("Confidence", goal.confidence),
            ("By", goal.target_date.isoformat() if goal.target_date else None),
            ("Whose", "should (asked of them)" if goal.should else "want"),
            *([("Dropped because", goal.drop_reason)] if goal.drop_reason else []),
        ],
    )
    ratings_t = Table(
        "Ratings",
        [Column("Date"), Column("Importance", "right"), Column("Confidence", "right"),
         Column("Note", shrink=True)],
        [[r.on_date.isoformat(), r.importance, r.confidence, r.note or ""] for r in ratings],
        empty="No ratings yet: coach goal rate ID --importance N --confidence N",
    )
    history_t = Table(
        "Status history",
        [Column("Date"), Column("Status"), Column("Reason", shrink=True)],
        [[d.isoformat(), s, reason or ""] for d, s, reason in history],
    )
    return Document(
        [fields, ratings_t, history_t, step_rows(steps, "Steps", with_status=True)],
        data={
            **goal._asdict(),
            "ratings": ratings,
            "status_history": [{"on_date": d, "status": s, "reason": r} for d, s, r in history],
            "steps": steps,
        },
    )


class SettingRow(Protocol):
    """A report threshold as service/settings.py gives it."""

    @property
    def key(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def default(self) -> float: ...
    @property
    def help(self) -> str: ...


def settings_document(rows: Sequence[SettingRow]) -> Document:
    """``coach config``: every report threshold, its value, default and meaning."""
    return Document(
        [Table("Report thresholds", [Column("Setting"), Column("Value", "right"),
                                     Column("Default", "right"), Column("Meaning", shrink=True)],
               [[r.key, r.value, r.default, r.help] for r in rows])],
        data=[{"key": r.key, "value": r.value, "default": r.default, "help": r.help}
              for r in rows],
    )
