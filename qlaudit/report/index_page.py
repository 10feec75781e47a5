"""``reports/index.html`` of a batch: what needs attention first, then every report's key figures.

One table of every unit-year, shown in three orders as static sections (no script): **by attention** (the default:
failed runs at the top, then unit-years with error findings by the amount those findings involve, then the rest by
the amount of all their error and warning findings), **by unit** (unit code, year) and **by score** (lowest unit
score first). The views are switched by plain anchor links and CSS ``:target``; without CSS all three are shown.
Each row links the report, its 七、存在的问题及原因分析 (``report.html#s7``), the working papers and their 附二、单位
自评报告核对 (``workpapers.html#a2``). Unit names, codes and messages are untrusted text: every one is escaped.

涉及金额 is ``model.amount_at_issue_fen``: the largest amount at issue of one finding — the gap it names (difference,
excess, unspent …), else the lines it cites.
The figures come from each report's manifest ``summary`` (``Report.index``); keys a manifest lacks show as "—".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from urllib.parse import quote

from qlaudit.money import format_wan, yuan_to_fen
from qlaudit.report.render_html import esc, page

if TYPE_CHECKING:
    from qlaudit.report.batch import UnitYearOutcome

STATUS_LABELS = {"written": "已生成", "skipped": "未变更", "failed": "失败"}
VIEWS = (("by-unit", "按单位"), ("by-score", "按得分（由低到高）"), ("by-attention", "按关注程度"))  # default last
NAV_ORDER = ("by-attention", "by-unit", "by-score")
HEADER = ("单位", "年度", "状态", "错误", "关注", "最大错误涉及金额", "最大问题涉及金额", "自评报告核对", "部门整体自评得分",
          "等级", "全年预算数", "实际支出", "执行率", "查看")
NUMERIC = (1, 3, 4, 5, 6, 8, 10, 11, 12)
DASH = "—"

INDEX_CSS = """
body { max-width: 90em; }
section.view { display: none; }
section.view:target, section.view.default { display: block; }
section.view:target ~ section.view.default { display: none; }
nav.views { margin: 1em 0; } nav.views a { margin-right: 1.2em; }
p.index-summary, p.index-note { text-indent: 0; }
p.index-note { color: #555; font-size: 0.85em; }
tr.failed td { background: #fdecee; }
tr.errors td:first-child { border-left: 4px solid #b00020; }
td.links a { margin-right: 0.6em; white-space: nowrap; }
td.status, td.num { white-space: nowrap; }
span.code { color: #555; font-size: 0.85em; }
"""


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _fen(value: object) -> int | None:
    """An exact 元 string of the summary → 分 (None when absent or not an amount)."""
    try:
        return yuan_to_fen(Decimal(str(value))) if value not in (None, "") else None
    except (InvalidOperation, ValueError, ArithmeticError):
        return None


def _score(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def attention_key(o: UnitYearOutcome) -> tuple[object, ...]:
    s = o.summary
    errors = _int(s.get("errors", 0))
    return (o.status != "failed", errors == 0, -(_fen(s.get("error_amount_yuan")) or 0), -errors,
            -(_fen(s.get("issue_amount_yuan")) or 0), -_int(s.get("warnings", 0)), o.unit, o.year)


def unit_key(o: UnitYearOutcome) -> tuple[object, ...]:
    return (o.unit, o.year)


def score_key(o: UnitYearOutcome) -> tuple[object, ...]:
    score = _score(o.summary.get("score")) if o.status != "failed" else None
    return (score is None, score if score is not None else Decimal(0), o.unit, o.year)


SORTS: dict[str, Callable[[UnitYearOutcome], tuple[object, ...]]] = {
    "by-attention": attention_key, "by-unit": unit_key, "by-score": score_key}


def _shown(value: object) -> str:
    return DASH if value in (None, "") else str(value)


def _wan(value: object) -> str:
    fen = _fen(value)
    return DASH if fen is None else format_wan(fen)


def _links(o: UnitYearOutcome) -> str:
    base = f"{quote(o.unit, safe='')}/{o.year}/"
    if o.status == "failed":
        return (f'<a href="{esc(base)}report.html">上次发布的报告</a>' if o.summary.get("published_before")
                else "无已发布的报告")
    return (f'<a href="{esc(base)}report.html">报告</a><a href="{esc(base)}report.html#s7">七、存在的问题</a>'
            f'<a href="{esc(base)}workpapers.html">工作底稿</a><a href="{esc(base)}workpapers.html#a2">附二</a>')


def _own_report(s: dict[str, object]) -> str:
    errors, warnings = s.get("own_report_errors"), s.get("own_report_warnings")
    if errors in (None, "") and warnings in (None, ""):
        return "未提供" if "own_report_errors" in s else DASH
    return f"错误 {_shown(errors)}，关注 {_shown(warnings)}"


def _row(o: UnitYearOutcome) -> str:
    s = o.summary
    name = s.get("unit_name") or o.unit
    who = f'<td>{esc(name)}<br><span class="code">{esc(o.unit)}</span></td><td class="num">{o.year}</td>'
    if o.status == "failed":
        return (f'<tr class="failed">{who}<td class="status severity-error">{STATUS_LABELS["failed"]}</td>'
                f'<td colspan="{len(HEADER) - 4}" class="severity-error">{esc(o.message)}</td>'
                f'<td class="links">{_links(o)}</td></tr>')
    errors = _int(s.get("errors", 0))
    status = f'<td class="status">{esc(STATUS_LABELS.get(o.status, o.status))}</td>'
    cells = ( _shown(s.get("errors")), _shown(s.get("warnings")),
             _wan(s.get("error_amount_yuan")), _wan(s.get("issue_amount_yuan")), _own_report(s),
             _shown(s.get("score")), _shown(s.get("grade")), _shown(s.get("full_year_wan")),
             _shown(s.get("spent_wan")), _shown(s.get("execution_rate")))
    body = status + "".join(f'<td class="num">{esc(c)}</td>' if i + 3 in NUMERIC else f"<td>{esc(c)}</td>"
                            for i, c in enumerate(cells))
    css = ' class="errors"' if errors else ""
    return f'<tr{css}>{who}{body}<td class="links">{_links(o)}</td></tr>'


def _table(outcomes: Sequence[UnitYearOutcome], caption: str) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in HEADER)
    rows = "".join(_row(o) for o in outcomes)
    return (f'<table class="qlaudit-table"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _summary(outcomes: Sequence[UnitYearOutcome]) -> str:
    count = {k: sum(1 for o in outcomes if o.status == k) for k in STATUS_LABELS}
    with_errors = sum(1 for o in outcomes if o.status != "failed" and _int(o.summary.get("errors", 0)))
    return (f'<p class="index-summary">共 {len(outcomes)} 个单位年度：已生成 {count["written"]} 个，未变更 '
            f'{count["skipped"]} 个，' + (f'<span class="severity-error">失败 {count["failed"]} 个</span>'
            if count["failed"] else "失败 0 个") + f"；有错误发现的 {with_errors} 个。</p>")


def render_index(outcomes: Sequence[UnitYearOutcome], generated: str = "") -> str:
    """The index page of ``outcomes`` (in any order); ``generated`` (e.g. the local time of the batch) is printed
    at the foot."""
    nav = "".join(f'<a href="#{v}">{esc(dict(VIEWS)[v])}</a>' for v in NAV_ORDER)
    views = "".join(
        f'<section class="view{" default" if key == VIEWS[-1][0] else ""}" id="{key}"><h2>{esc(label)}</h2>'
        + _table(sorted(outcomes, key=SORTS[key]), f"各单位年度报告，{label}（金额单位：万元）") + "</section>"
        for key, label in VIEWS)
    note = ('<p class="index-note">按关注程度：失败的运行在最前，其次是有错误发现的单位年度（按最大错误涉及金额由大到小），'
            "再按最大问题涉及金额（错误和关注发现）由大到小。涉及金额取单项发现的最大值：发现列明差额的（勾稽差额、超预算金额、"
            "未执行金额、可能重复金额、长期结转金额等）为该差额，其余为所列凭证、指标行金额绝对值之和；不同发现常有包含关系"
            "（项目未执行金额也是整体未执行金额的一部分），故不相加。自评报告核对为 qlaudit lint 对单位自评报告的结果"
            "（工作底稿附二）。</p>")
    foot = f'<p class="index-note">生成时间：{esc(generated)}</p>' if generated else ""
    body = ('<h1 class="report-title">年度绩效自评审计报告索引</h1>' + _summary(outcomes)
            + f'<nav class="views">排序：{nav}</nav>' + views + note + foot)
    return page("qlaudit 报告索引", body, extra_css=INDEX_CSS)
