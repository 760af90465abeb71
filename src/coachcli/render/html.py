"""The report as one self-contained HTML page: inline CSS and SVG, no network.

Every piece of user text goes through :func:`html.escape` (after control
characters are dropped), so a note can never become markup or script.
"""

from __future__ import annotations

from datetime import date
from html import escape

from coachcli.domain.reporting import ClientReport, GoalReport, Report, Window
from coachcli.render.figures import pct
from coachcli.render.report import commitment_label, label, window_title
from coachcli.render.signals import Said, said
from coachcli.render.voice import Voice
from coachcli.textsafe import clean

CSS = """
:root { --ink:#1f2933; --muted:#66788a; --line:#e3e8ee; --good:#1e7f4f; --warn:#a65d00;
        --bar:#3b6fb6; --bg:#ffffff; --soft:#f5f7fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2.5rem 0 .25rem;
  border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.sub { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: middle; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.good { color: var(--good); } .warn { color: var(--warn); } .muted { color: var(--muted); }
.meter { display: inline-block; width: 70px; height: 8px; background: var(--line);
  border-radius: 4px; vertical-align: middle; margin-right: .4rem; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--bar); }
ul.signals { list-style: none; padding: 0; margin: 0; }
ul.signals li { border-left: 4px solid var(--line); padding: .4rem .75rem; margin: .5rem 0;
  background: var(--soft); border-radius: 0 6px 6px 0; }
ul.signals li.celebrate { border-color: var(--good); } ul.signals li.attention { border-color: var(--warn); }
.label { font-weight: 600; } .ask { font-style: italic; color: var(--muted); margin-top: .15rem; }
ul.words { padding-left: 1.2rem; } footer { margin: 3rem 0 1rem; color: var(--muted); font-size: .8rem; }
svg { vertical-align: middle; }
"""


def t(value: object) -> str:
    """Escape user text for HTML after removing control characters."""
    return escape(clean(value), quote=True)


def meter(x: float | None) -> str:
    if x is None:
        return '<span class="muted">-</span>'
    width = round(100 * x)
    return f'<span class="meter"><span style="width:{width}%"></span></span>{pct(x)}'


def trend_svg(values: list[float | None], label: str) -> str:
    """Eight weekly bars, oldest first; a small grey tick where nothing was expected."""
    w, h, gap = 10, 28, 3
    bars = []
    for i, v in enumerate(values):
        x = i * (w + gap)
        if v is None:
            bars.append(f'<rect x="{x}" y="{h - 2}" width="{w}" height="2" fill="#cfd6de"/>')
        else:
            bh = max(2, round(v * h))
            colour = "#1e7f4f" if v >= 0.8 else "#a65d00" if v < 0.5 else "#3b6fb6"
            bars.append(
                f'<rect x="{x}" y="{h - bh}" width="{w}" height="{bh}" rx="1" fill="{colour}">'
                f"<title>{pct(v)}</title></rect>"
            )
    total = len(values) * (w + gap) - gap
    return (
        f'<svg role="img" aria-label="{t(label)}" width="{total}" height="{h}" '
        f'viewBox="0 0 {total} {h}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


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
        f"<tr><td>{g.id}</td><td>{t(g.title)}{tags}</td><td class=n>{done}</td>"
        f"<td>{meter(g.adherence)}</td><td class=n>{_rating(g.importance, g.importance_change)}</td>"
        f"<td class=n>{_rating(g.confidence, g.confidence_change)}</td><td class=n>{g.streak}</td>"
        f"<td class=n>{g.strength}</td>"
        f"<td>{trend_svg(g.trend, 'share of planned steps done, weekly, 8 weeks')}</td></tr>"
    )


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


def _client(c: ClientReport, window: Window, as_of: date) -> str:
    voice = Voice.of(c.name)
    goals = {g.id: g for g in c.goals}
    words_of = said(c, window, as_of=as_of)
    summary = (
        f"{pct(c.adherence)} of planned steps done ({c.done} of {c.expected})"
        if c.expected else "Nothing was planned in this window"
    )
    rows = "".join(_goal_row(g) for g in c.goals)
    rows = rows or "<tr><td colspan=9 class=muted>No active goals.</td></tr>"
    parts = [
        f'<section class="client"><h2>{t("You" if voice.to_reader else c.name)}</h2>'
        f'<p class="sub">{summary}</p>',
        "<table><thead><tr><th>ID</th><th>Goal</th><th class=n>Done</th><th>Done of planned</th>"
        "<th class=n>Imp</th><th class=n>Conf</th><th class=n>Streak</th><th class=n>Habit</th>"
        f"<th>8 weeks</th></tr></thead><tbody>{rows}</tbody></table>",
        _signals("What's working", [s for s in words_of if s.severity == "celebrate"], goals, voice),
        _signals("Worth exploring", [s for s in words_of if s.severity == "attention"], goals, voice),
    ]
    words = [f'<li><span class="good">Win</span>: {t(w)}</li>' for w in c.wins]
    words += [f'<li><span class="muted">Obstacle</span>: {t(o)}</li>' for o in c.obstacles]
    words += [f'<li><span class="muted">Set aside</span>: {t(o)}</li>' for o in c.set_aside]
    words += [f"<li>{t(commitment_label(c))}: {t(x)}</li>" for x in c.commitments]
    if words:
        parts.append(f'<h3>In {voice.their} words</h3><ul class="words">{"".join(words)}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _caseload(report: Report) -> str:
    rows = []
    for c in report.clients:
        voice = Voice.of(c.name)
        attention = ", ".join(dict.fromkeys(label(s.code, voice) for s in c.signals
                                            if s.severity == "attention"))
        good = ", ".join(dict.fromkeys(label(s.code, voice) for s in c.signals
                                       if s.severity == "celebrate"))
        rows.append(
            f"<tr><td>{t(c.name)}</td><td>{meter(c.adherence)}</td>"
            f"<td>{c.last_activity or 'never'}</td><td class=warn>{attention or '-'}</td>"
            f"<td class=good>{good or '-'}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Client</th><th>Done of planned</th><th>Last seen</th>"
        f"<th>Worth exploring</th><th>Working</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(report: Report) -> str:
    title = "Caseload report" if report.caseload else (
        ("Your report" if Voice.of(report.clients[0].name).to_reader
         else f"Report for {clean(report.clients[0].name)}") if report.clients else "Report"
    )
    body = [f"<h1>{t(title)}</h1><p class=sub>{window_title(report.window)}</p>"]
    if report.caseload:
        body.append(_caseload(report))
    body += [_client(c, report.window, report.as_of) for c in report.clients]
    body.append(f"<footer>coachcli · generated {t(report.generated_at)}</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{t(title)} · {window_title(report.window)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
