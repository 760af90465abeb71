"""The group report as one self-contained HTML page (inline CSS, no network, no script).

Built from the same :class:`~coachcli.render.document.Document` the other
formats print, so the page says exactly what the text says; every piece of
user text is escaped by :func:`coachcli.render.html.t`.
"""

from __future__ import annotations

from coachcli.render.document import Document, Fields, Items, Para, Table
from coachcli.render.html import CSS, t


def _cell(value: object) -> str:
    return "" if value is None else t(getattr(value, "text", value))


def _block(block: object) -> str:
    if isinstance(block, Para):
        tag = "h1" if block.tone == "heading" else "p"
        cls = ' class="muted"' if block.tone == "muted" else ""
        return f"<{tag}{cls}>{t(block.text)}</{tag}>"
    if isinstance(block, Table):
        head = "".join(f"<th>{t(c.header)}</th>" for c in block.columns)
        rows = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in block.rows)
        body = rows or f'<tr><td colspan="{len(block.columns)}">{t(block.empty)}</td></tr>'
        title = f"<h2>{t(block.title)}</h2>" if block.title else ""
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        return f'{title}<div class="scroll">{table}</div>'
    if isinstance(block, Items):
        items = "".join(f"<li><strong>{t(i.label)}</strong> {t(i.text)}</li>" for i in block.items)
        title = f"<h2>{t(block.title)}</h2>" if block.title else ""
        return f"{title}<ul>{items}</ul>"
    if isinstance(block, Fields):
        return "".join(f"<p>{t(k)}: {_cell(v)}</p>" for k, v in block.items)
    raise TypeError(f"no HTML form for {type(block).__name__}")


def group_report_html(doc: Document, title: str) -> str:
    """The page for ``coach report --group NAME --format html``."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{t(title)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(_block(b) for b in doc.blocks)}</body></html>\n"
    )
