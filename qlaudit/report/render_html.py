"""HTML rendering of report sections, tables and charts. Every text is escaped: ledger text is untrusted.

Produces fragments (displayed by the report notebook) and the page shell that wraps the exported notebook:
an offline page with inline CSS, a print stylesheet for A4, and no script or remote resource.
"""

from __future__ import annotations

import base64
import html

from qlaudit.document import Block, Heading, Items, Paragraph, Preformatted, Section, Table

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       color: #222; max-width: 60em; margin: 2em auto; padding: 0 1.5em; line-height: 1.75; }
h1.report-title { text-align: center; font-size: 1.6em; margin-bottom: 0.2em; }
p.report-subtitle { text-align: center; color: #555; margin-top: 0; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccd; padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
h4 { font-size: 1em; margin-top: 1em; color: #333; }
p { text-indent: 2em; margin: 0.4em 0; }
ol.items, ul.items { list-style: none; padding-left: 2em; margin: 0.4em 0; }
table.qlaudit-table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; width: 100%; }
table.qlaudit-table caption { font-weight: bold; padding: 0.3em; }
table.qlaudit-table th, table.qlaudit-table td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; }
table.qlaudit-table th { background: #eef2f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.table-note { text-indent: 0; color: #555; font-size: 0.85em; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { color: #555; font-size: 0.9em; }
pre.log { white-space: pre-wrap; font-size: 0.8em; background: #f7f7f7; padding: 0.6em; }
.severity-error { color: #b00020; font-weight: bold; }
.severity-warning { color: #a15c00; font-weight: bold; }
.severity-info { color: #2e6b30; }
nav.toc { border: 1px solid #ccd; padding: 0.5em 1.5em; margin: 1em 0; }
nav.toc ol { margin: 0; padding-left: 1em; list-style: none; }
div.jp-OutputArea-output, div.output_html { overflow-x: auto; }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; }
  table, figure { page-break-inside: avoid; }
  nav.toc { page-break-after: always; }
}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_table(t: Table) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in t.header)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{esc(c)}</td>' if j in t.numeric else f"<td>{esc(c)}</td>" for j, c in enumerate(row)
        ) + "</tr>"
        for row in t.rows
    )
    note = f'<p class="table-note">{esc(t.note)}</p>' if t.note else ""
    return (f'<table class="qlaudit-table"><caption>{esc(t.caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{note}")


def render_block(b: Block) -> str:
    if isinstance(b, Heading):
        tag = {1: "h2", 2: "h3"}.get(b.level, "h4")
        anchor = f' id="{esc(b.anchor)}"' if b.anchor else ""
        return f"<{tag}{anchor}>{esc(b.text)}</{tag}>"
    if isinstance(b, Paragraph):
        return f"<p>{esc(b.text)}</p>"
    if isinstance(b, Items):
        return '<ul class="items">' + "".join(f"<li>{esc(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Preformatted):
        return f'<pre class="log">{esc(b.text)}</pre>'
    return render_table(b)


def render_section(section: Section) -> str:
    return f'<section class="report-section" data-key="{esc(section.key)}">' + "".join(
        render_block(b) for b in section.blocks) + "</section>"


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


def page(title: str, body: str) -> str:
    """A complete offline HTML page: inline CSS, no script, no remote resource."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
