"""The report as one self-contained HTML page: inline CSS and SVG, no network.

Every piece of user text goes through :func:`html.escape` (after control
characters are dropped), so a note can never become markup or script.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from coachcli.domain.habit import Habit
from coachcli.domain.history import History
from coachcli.domain.progress import trend_weeks
from coachcli.domain.reporting import ClientReport, GoalReport, Report, Window
from coachcli.render.amountchart import amount_chart
from coachcli.render.amounts import nothing_planned, seen_day, step_sentence
from coachcli.render.charts import band, band_css, client_chart, first_week, goal_chart, legend
from coachcli.render.figures import pct
from coachcli.render.history import kept_item, ruler_text, session_item, week_table
from coachcli.render.report import NOTHING_YET, commitment_label, done_summary, returning_items, window_title
from coachcli.render.signals import Said, label, said
from coachcli.render.stepcharts import calendar_chart, calendar_legend, score_chart
from coachcli.render.voice import Voice
from coachcli.textsafe import clean

CSS = """
:root { --ink:#1f2933; --muted:#66788a; --line:#e3e8ee; --good:#1e7f4f; --warn:#a65d00;
        --bar:#3b6fb6; --bg:#ffffff; --soft:#f5f7fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1rem;
       overflow-wrap: break-word; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2.5rem 0 .25rem;
  border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.sub { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
td.title { min-width: 8rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: middle; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.good { color: var(--good); } .warn { color: var(--warn); } .muted { color: var(--muted); }
.meter { display: inline-block; width: 70px; height: 8px; background: var(--line);
  border-radius: 4px; vertical-align: middle; margin-right: .4rem; overflow: hidden; }
.meter > span { display: block; height: 100%; }
ul.signals { list-style: none; padding: 0; margin: 0; }
ul.signals li { border-left: 4px solid var(--line); padding: .4rem .75rem; margin: .5rem 0;
  background: var(--soft); border-radius: 0 6px 6px 0; }
ul.signals li.celebrate { border-color: var(--good); } ul.signals li.attention { border-color: var(--warn); }
.label { font-weight: 600; } .ask { font-style: italic; color: var(--muted); margin-top: .15rem; }
ul.words { padding-left: 1.2rem; } footer { margin: 3rem 0 1rem; color: var(--muted); font-size: .8rem; }
svg { vertical-align: middle; } td.date { white-space: nowrap; }
svg.chart { display: block; width: 100%; height: auto; } svg.chart.client { max-width: 760px; }
svg.chart.goal { max-width: 420px; }
a { color: inherit; } h2 a.back { font-size: .8rem; font-weight: 400; color: var(--muted); float: right; }
.words .label.win { color: var(--good); } .words .label.obstacle, .words .label.aside { color: var(--muted); }
.words .label.commit { color: var(--bar); }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0;
  margin: .25rem 0 1rem; color: var(--muted); font-size: .85rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; margin-right: .35rem;
  vertical-align: -2px; }
.swatch.planned { border: 1.5px dashed #c4ccd5; } .swatch.shade { background: #eef3fa; }
.weeks { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr));
  gap: .75rem 1rem; }
.weeks figure { margin: 0; } .weeks figcaption { font-size: .85rem; margin-bottom: .2rem; }
.steps { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr));
  gap: 1rem 1.25rem; }
.steps figure { margin: 0; } .steps figcaption { font-size: .9rem; font-weight: 600; }
.steps p.figures { margin: 0 0 .3rem; color: var(--muted); font-size: .85rem; }
svg.chart.calendar { max-width: 340px; margin-bottom: .4rem; } svg.chart.score { max-width: 340px; }
figure.overall { margin: .5rem 0 1rem; } figure.overall figcaption { color: var(--muted); font-size: .85rem; }
@media (max-width: 600px) {
  body { margin: 1rem auto; padding: 0 .75rem; font-size: 14px; }
  h2 a.back { float: none; margin-left: .5rem; }
  /* A table too wide for a phone becomes one card a row: the title on its own line, then
     each figure under its column's name, so no column is lost off the edge. */
  table.cards thead { display: none; }
  table.cards tr { display: grid; grid-template-columns: repeat(3, 1fr); gap: .1rem .5rem;
    padding: .45rem 0; border-bottom: 1px solid var(--line); }
  table.cards td { border: 0; padding: .1rem 0; text-align: left; min-width: 0; }
  table.cards td.id { display: none; }
  table.cards td.title, table.cards td.wide, table.cards td[colspan] { grid-column: 1 / -1; }
  table.cards td.title { font-weight: 600; }
  table.cards td[data-label]::before { content: attr(data-label); display: block; color: var(--muted);
    font-size: .75rem; }
  .meter { width: 40px; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body.caseload section.client, section.client + section.client { break-before: page; }
  table, figure, ul.signals li, ul.legend { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { text-decoration: none; } h2 a.back { display: none; }
  .scroll { overflow: visible; }
}
"""


def t(value: object) -> str:
    """Escape user text for HTML after removing control characters."""
    return escape(clean(value), quote=True)


def meter(x: float | None) -> str:
    if x is None:
        return '<span class="muted">-</span>'
    width = round(100 * x)
    return f'<span class="meter"><span class="{band(x)[0]}" style="width:{width}%"></span></span>{pct(x)}'


def _rating(value: int | None, change: int | None) -> str:
    if value is None:
        return "-"
    if not change:
        return str(value)
    cls = "good" if change > 0 else "warn"
    return f'{value} <span class="{cls}">({change:+d})</span>'


def _goal_row(g: GoalReport) -> str:
    tags = "" if g.status == "active" else f' <span class="muted">({t(g.status)})</span>'
    if g.should:
        tags += ' <span class="muted">(should)</span>'
    done = f"{g.done}/{g.expected}" if g.expected else "-"
    return (
        f'<tr><td class=id>{g.id}</td><td class=title><a href="#goal-{g.id}">{t(g.title)}</a>{tags}</td>'
        f'<td class=n data-label="Done">{done}</td><td data-label="Done of planned">{meter(g.adherence)}</td>'
        f'<td class=n data-label="Imp">{_rating(g.importance, g.importance_change)}</td>'
        f'<td class=n data-label="Conf">{_rating(g.confidence, g.confidence_change)}</td>'
        f'<td class=n data-label="Streak">{g.streak}</td>'
        f'<td class=n data-label="Habit">{g.strength}</td></tr>'
    )


def _weeks(c: ClientReport, window: Window) -> str:
    """The client's done and planned by week, then each goal's share done by week."""
    if not c.goals:
        return ""
    weeks = trend_weeks(window)
    done = [sum(col) for col in zip(*(g.trend_done for g in c.goals), strict=True)]
    planned = [sum(col) for col in zip(*(g.trend_expected for g in c.goals), strict=True)]
    # The weeks before anything was planned are left out: the newest weeks fill the chart.
    k = first_week(planned, done)
    weeks, done, planned = weeks[k:], done[k:], planned[k:]
    cards = "".join(
        f'<figure id="goal-{g.id}"><figcaption>{g.id} {t(g.title)}</figcaption>'
        f"{goal_chart(g.trend[k:], weeks, clean(g.title))}</figure>"
        for g in c.goals
    )
    shown = "the last week" if len(weeks) == 1 else f"the last {len(weeks)} weeks"
    return (
        f'<figure class="overall">{client_chart(done, planned, weeks, clean(c.name))}'
        f"<figcaption>Steps done (filled) and planned (dashed), all goals, {shown}."
        f"</figcaption></figure><h3>Week by week, goal by goal</h3><div class=weeks>{cards}</div>"
    )


def _amounts(c: ClientReport, window: Window, as_of: date) -> str:
    """Each measured step: its figures in words, and its periods' amounts against their targets."""
    today = seen_day(as_of, window.end)
    cards = "".join(
        f'<figure id="step-{s.id}" class="measured"><figcaption>{t(s.title)} ({t(g.title)}): '
        f"{t(step_sentence(s, as_of, window.end))}</figcaption>"
        f"{amount_chart(s.recent, s.measure, today, clean(s.title))}</figure>"
        for g in c.goals for s in g.steps if s.measure is not None
    )
    if not cards:
        return ""
    return ("<h3>Measured steps</h3><p class=sub>Amount each period (bars), its target (dark line); "
            f"? marks a period with nothing logged.</p><div class=weeks>{cards}</div>")


def _signals(title: str, signals: list[Said], goals: dict[int, GoalReport], voice: Voice) -> str:
    if not signals:
        return ""
    items = []
    for s in signals:
        name = label(s.code, voice)
        if s.goal_id is not None and s.goal_id in goals:
            name += f" · {goals[s.goal_id].title}"
        items.append(
            f'<li class="{s.severity}" data-code="{s.code}"><span class="label">{t(name)}</span>: '
            f'{t(s.evidence)}<div class="ask">{t(voice.ask)}: {t(s.question)}</div></li>'
        )
    return f'<h3>{title}</h3><ul class="signals">{"".join(items)}</ul>'


def _client(c: ClientReport, window: Window, as_of: date, anchor: str, habits: Mapping[int, Habit], *,
            caseload: bool) -> str:
    voice = Voice.of(c.name)
    goals = {g.id: g for g in c.goals}
    words_of = said(c, window, as_of=as_of)
    summary = done_summary(c) if c.expected else nothing_planned(c, as_of, window.end,
                                                                  "No steps were planned for these days")
    rows = "".join(_goal_row(g) for g in c.goals)
    back = '<a class="back" href="#caseload">caseload</a>' if caseload else ""
    rows = rows or "<tr><td colspan=8 class=muted>No active goals.</td></tr>"
    parts = [
        f'<section class="client" id="{anchor}"><h2>{t("You" if voice.to_reader else c.name)}'
        f'{back}</h2><p class="sub">{summary}</p>',
        _returning(c, voice, as_of),
        "<div class=scroll><table class=cards><thead><tr><th>ID</th><th>Goal</th><th class=n>Done</th>"
        "<th>Done of planned</th><th class=n>Imp</th><th class=n>Conf</th><th class=n>Streak</th>"
        f"<th class=n>Habit</th></tr></thead><tbody>{rows}</tbody></table></div>",
        _weeks(c, window),
        _amounts(c, window, as_of),
        _signals("What's working", [s for s in words_of if s.severity == "celebrate"], goals, voice),
        _signals("Worth exploring", [s for s in words_of if s.severity == "attention"], goals, voice),
        _steps(c, habits),
    ]
    words = [f'<li><span class="label win">Win</span>: {t(w)}</li>' for w in c.wins]
    words += [f'<li><span class="label obstacle">Obstacle</span>: {t(o)}</li>' for o in c.obstacles]
    words += [f'<li><span class="label aside">Set aside</span>: {t(o)}</li>' for o in c.set_aside]
    words += [f'<li><span class="label commit">{t(commitment_label(c))}</span>: {t(x)}</li>'
              for x in c.commitments]
    if words:
        parts.append(f'<h3>In {voice.their} words</h3><ul class="words">{"".join(words)}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _returning(c: ClientReport, voice: Voice, as_of: date) -> str:
    """The welcome a returning client's section leads with (see render/report.py)."""
    if c.returning is None or not c.returning.holding:
        return ""
    block = returning_items(c.returning, voice, as_of)
    items = "".join(
        f'<li><span class="label">{t(i.label)}</span>: {t(i.text)}'
        + (f'<div class="ask">{t(block.follow_up_label)}: {t(i.follow_up)}</div>' if i.follow_up else "")
        + "</li>" for i in block.items)
    return f'<h3>{t(block.title or "")}</h3><ul class="signals returning">{items}</ul>'


def _caseload(report: Report, anchors: list[str]) -> str:
    rows = []
    for c, anchor in zip(report.clients, anchors, strict=True):
        voice = Voice.of(c.name)
        attention = ", ".join(dict.fromkeys(label(s.code, voice) for s in c.signals
                                            if s.severity == "attention"))
        good = ", ".join(dict.fromkeys(label(s.code, voice) for s in c.signals
                                       if s.severity == "celebrate"))
        rows.append(
            f'<tr><td class=title><a href="#{anchor}">{t(c.name)}</a></td>'
            f'<td data-label="Done of planned">{meter(c.adherence)}</td>'
            f"<td class=date data-label=\"Last seen\">{c.last_activity or 'never'}</td>"
            f'<td class="warn wide" data-label="Worth exploring">{attention or "-"}</td>'
            f'<td class="good wide" data-label="Working">{good or "-"}</td></tr>'
        )
    return (
        '<div class=scroll><table id="caseload" class=cards><thead><tr><th>Client</th>'
        "<th>Done of planned</th><th>Last seen</th><th>Worth exploring</th><th>Working</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _history(h: History) -> str:
    """The client's whole course (``coach history``): every week per goal, the rulers, sessions."""
    block = week_table(h)
    head = "".join(f"<th>{t(c.header)}</th>" for c in block.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{t(cell if isinstance(cell, str) else getattr(cell, 'text', str(cell)))}</td>"
                         for cell in row) + "</tr>"
        for row in block.rows)
    rulers = "".join(f'<li><span class="label">{t(g.title)}</span>: {t(text)}</li>'
                     for g in h.goals if (text := ruler_text(g, h.until)))
    sessions = "".join(
        f'<li><span class="label">{t(item.label)}</span>: {t(item.text)}'
        + (f'<div class="ask">Agreed: {t(item.follow_up)}</div>' if item.follow_up else "") + "</li>"
        for item in [*map(session_item, h.sessions), *filter(None, [kept_item(h)])])
    return (
        f'<section class="history"><h3>History since {h.began}: done of planned, week by week</h3>'
        f'<div class=scroll><table class="history"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        + (f'<h3>Rulers</h3><ul class="words">{rulers}</ul>' if rulers else "")
        + (f'<h3>Sessions</h3><ul class="words">{sessions}</ul>' if sessions else "")
        + "</section>"
    )


def _steps(c: ClientReport, habits: Mapping[int, Habit]) -> str:
    """Each step as a habit: its calendar of the last weeks, its streaks and its score."""
    cards = []
    states: set[str] = set()
    for g in c.goals:
        for s in g.steps:
            h = habits.get(s.id)
            if h is None:
                continue
            states |= {state for _, state in h.days}
            score = h.weeks[-1].score if h.weeks else 0
            weeks = [(w.start, w.end) for w in h.weeks]
            cards.append(
                f'<figure class=habit id="habit-{h.step_id}"><figcaption>{h.step_id} {t(h.title)}'
                f' <span class=muted>· {t(g.title)}</span></figcaption>'
                f"<p class=figures>Streak {h.current_streak} · best {h.best_streak} · "
                f"habit score {score}</p>"
                f"{calendar_chart(h.days, clean(h.title))}"
                f"{score_chart([w.score for w in h.weeks], weeks, clean(h.title))}"
                "</figure>"
            )
    if not cards:
        return ""
    return f"<h3>Step by step</h3>{calendar_legend(states)}<div class=steps>{''.join(cards)}</div>"


def render_html(report: Report, habits: Mapping[int, Habit] | None = None,
                history: History | None = None) -> str:
    """The page; ``habits`` (each step shown, by id) adds a calendar and score per step;
    ``history``: a single client's course, added at the end."""
    title = "Caseload report" if report.caseload else (
        ("Your report" if Voice.of(report.clients[0].name).to_reader
         else f"Report for {clean(report.clients[0].name)}") if report.clients else "Report"
    )
    anchors = [f"client-{i}" for i in range(1, len(report.clients) + 1)]
    body = [f"<h1>{t(title)}</h1><p class=sub>{window_title(report.window)}</p>"]
    if report.clients:
        body.append(legend())
    elif not report.caseload:
        body.append(f"<p>{t(NOTHING_YET)}</p>")
    if report.caseload:
        body.append(_caseload(report, anchors))
    body += [_client(c, report.window, report.as_of, a, habits or {}, caseload=report.caseload)
             for c, a in zip(report.clients, anchors, strict=True)]
    if history is not None:
        body.append(_history(history))
    body.append(f"<footer>coachcli · generated {t(report.generated_at)}</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{t(title)} · {window_title(report.window)}</title><style>{CSS}{band_css()}</style></head>"
        f"<body{' class=caseload' if report.caseload else ''}>{''.join(body)}</body></html>\n"
    )
