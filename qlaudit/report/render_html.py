"""HTML rendering of report sections, tables and charts. Every text is escaped: ledger text is untrusted.

Produces fragments (displayed by the report notebook) and the page shell that wraps the exported notebook:
an offline page with inline CSS, a print stylesheet for A4, and no script or remote resource.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

from qlaudit.document import Block, Fields, Figure, Heading, Items, Paragraph, Preformatted, Section, Table

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       color: #222; max-width: 60em; margin: 2em auto; padding: 0 1.5em; line-height: 1.75; }
h1.report-title { text-align: center; font-size: 1.6em; margin: 1.5em 0 0.8em; }
p.report-subtitle { text-align: center; color: #555; margin-top: 0; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccd; padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
h4 { font-size: 1em; margin-top: 1em; color: #333; }
p { text-indent: 2em; margin: 0.4em 0; }
ol.items, ul.items { list-style: none; padding-left: 2em; margin: 0.4em 0; }
table.qlaudit-table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; width: 100%; table-layout: auto; }
table.qlaudit-table caption { font-weight: bold; padding: 0.3em; }
table.qlaudit-table th, table.qlaudit-table td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top;
  overflow-wrap: break-word; min-width: 2.6em; }
table.qlaudit-table td.long { overflow-wrap: anywhere; word-break: break-all; min-width: 6em; }
table.qlaudit-table th { background: #eef2f6; }
table.qlaudit-table thead { display: table-header-group; }
table.qlaudit-table tr.total td { font-weight: bold; border-top: 2px solid #888; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.table-note { text-indent: 0; color: #555; font-size: 0.85em; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1em; margin: 1em 0; }
dl.fields dt { font-weight: bold; } dl.fields dd { margin: 0; overflow-wrap: anywhere; }
dl.cover { width: 26em; margin: 3em auto; font-size: 1.1em; }
dl.signatures { width: 26em; margin: 4em auto 2em; }
dl.workpaper { grid-template-columns: repeat(6, max-content); font-size: 0.9em; border: 1px solid #ccd; padding: 0.4em; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { color: #555; font-size: 0.9em; }
pre.log { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8em; background: #f7f7f7; padding: 0.6em; }
.severity-error { color: #b00020; font-weight: bold; }
.severity-warning { color: #a15c00; font-weight: bold; }
.severity-info { color: #2e6b30; }
nav.toc { border: 1px solid #ccd; padding: 0.5em 1.5em; margin: 1em 0; }
nav.toc ol { margin: 0; padding-left: 1em; list-style: none; }
div.jp-OutputArea-output, div.output_html { overflow-x: auto; }
@page { size: A4; margin: 18mm 15mm 20mm;
  @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  div.jp-OutputArea-output, div.output_html, div.jp-Cell, div.jp-OutputArea { overflow: visible !important; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  figure, tr, dl.fields { break-inside: avoid; page-break-inside: avoid; }
  table.qlaudit-table { font-size: 8.5pt; }
  section[data-key="cover"], section[data-key="wp_cover"] { break-after: page; page-break-after: always; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


_LONG_TOKEN = re.compile(r"[^\s\u3000-\u9fff\uff00-\uffef]{16,}")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cell(text: str, numeric: bool) -> str:
    """A table cell; a long unbreakable token (a SHA-256, a path, a long code) may wrap anywhere, so no column is
    ever clipped in print."""
    if numeric:
        return f'<td class="num">{esc(text)}</td>'
    return f'<td class="long">{esc(text)}</td>' if _LONG_TOKEN.search(text) else f"<td>{esc(text)}</td>"


def render_table(t: Table) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in t.header)
    total_rows = {r for r, _ in t.totals}
    body = "".join(
        ('<tr class="total">' if i in total_rows else "<tr>") + "".join(
            _cell(c, j in t.numeric) for j, c in enumerate(row)) + "</tr>"
        for i, row in enumerate(t.rows)
    )
    note = f'<p class="table-note">{esc(t.note)}</p>' if t.note else ""
    return (f'<table class="qlaudit-table"><caption>{esc(t.caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{note}")


def render_block(b: Block, chart: Callable[[str], bytes | None] | None = None) -> str:
    if isinstance(b, Heading):
        tag = {0: "h1", 1: "h2", 2: "h3"}.get(b.level, "h4")
        anchor = f' id="{esc(b.anchor)}"' if b.anchor else ""
        css = ' class="report-title"' if b.level == 0 else ""
        return f"<{tag}{anchor}{css}>{esc(b.text)}</{tag}>"
    if isinstance(b, Figure):
        png = chart(b.key) if chart is not None else None
        return render_figure(png, b.caption) if png else ""
    if isinstance(b, Fields):
        pairs = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in b.pairs)
        return f'<dl class="fields {esc(b.css_class)}">{pairs}</dl>'
    if isinstance(b, Paragraph):
        return f"<p>{esc(b.text)}</p>"
    if isinstance(b, Items):
        return '<ul class="items">' + "".join(f"<li>{esc(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Preformatted):
        return f'<pre class="log">{esc(b.text)}</pre>'
    return render_table(b)


def render_section(section: Section, chart: Callable[[str], bytes | None] | None = None) -> str:
    return f'<section class="report-section" data-key="{esc(section.key)}">' + "".join(
        render_block(b, chart) for b in section.blocks) + "</section>"


def toc(sections: list[Section] | tuple[Section, ...]) -> str:
    """The table of contents of the sections that open with a numbered heading."""
    return render_toc([(b.anchor, b.text) for s in sections if s.blocks and isinstance(b := s.blocks[0], Heading)
                       and b.level == 1 and b.anchor])


def document(title: str, sections: list[Section] | tuple[Section, ...],
             chart: Callable[[str], bytes | None] | None = None) -> str:
    """A whole document (e.g. the working papers) as one offline page."""
    first, rest = sections[0], sections[1:]
    return page(title, render_section(first, chart) + toc(rest) + "".join(render_section(s, chart) for s in rest))


def render_figure(png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def render_title(unit_name: str, year: int) -> str:
    return (f'<h1 class="report-title">{esc(unit_name)}{year}年度部门整体支出绩效自评报告</h1>'
            '<p class="report-subtitle">（由 qlaudit 根据指标、凭证和项目库数据生成，金额单位：万元）</p>')


def render_toc(entries: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{esc(a)}">{esc(t)}</a></li>' for a, t in entries)
    return f'<nav class="toc"><strong>目录</strong><ol>{items}</ol></nav>'


def page(title: str, body: str, extra_css: str = "") -> str:
    """A complete offline HTML page: inline CSS (``extra_css`` after the shared rules), no script, no remote
    resource."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
