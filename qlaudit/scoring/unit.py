"""The unit's 部门整体支出绩效自评表: 共性指标 (财预〔2013〕53号 附件2) and the project part, scored from the ledgers.

Each indicator of ``[unit.indicators.*]`` in ``qlaudit/scoring.toml`` gives its formula, the figures it used, its
points and the points lost with the reason; one the data cannot support is listed with ``score = None`` and why
(never guessed). The total is the points earned over the points of the scored indicators, brought to 100 when
``unit.rescale`` (else the plain sum), graded with the 自评表 bands.

Budget figures are those of ``qlaudit.reconcile`` over every budget type, with one correction: the year-end recovery
of unused basic quotas (调减 lines named 年底收回…, ``unit.year_end_recovery``) is not an adjustment and is counted back
into the 全年预算数 when judging execution and carry-over (otherwise basic execution is 100% by construction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from qlaudit.reconcile import Phases
from qlaudit.recovery import recovered_by
from qlaudit.scoring.formulas import CENT, ONE, ZERO, ceiling_share, clamp, execution_share, percent, plain, ratio
from qlaudit.scoring.indicators import Context, UnitIndicator, not_scored, pct, scored, yuan
from qlaudit.scoring.projects import ScoreCard, budget_types, score_projects
from qlaudit.scoring.settings import ScoringSettings, UnitIndicatorSettings, load_settings
from qlaudit.scoring.tables import FundLine
from qlaudit.staffing import Staffing, staffing

_CODE = re.compile(r"[0-9A-Za-z\-/→]+")

if TYPE_CHECKING:
    from qlaudit.findings import Finding
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class UnitScore:
    unit_code: str
    unit_name: str
    year: int
    funds: tuple[FundLine, ...]  # 年度资金总额 / 其中：基本支出 / 项目支出
    funds_note: str  # 年初预算数 with 上年结转, 全年预算数 with the year-end recovery; '' when plain
    indicators: tuple[UnitIndicator, ...]
    total: Decimal | None
    grade: str
    basis: str  # how the total was formed, in Chinese
    staffing: Staffing
    projects: ScoreCard
    settings: ScoringSettings

    @property
    def not_scored(self) -> tuple[UnitIndicator, ...]:
        return tuple(i for i in self.indicators if i.score is None)


def _sum(phases: list[Phases]) -> Phases:
    return Phases(*(sum(getattr(p, f) for p in phases) for f in ("initial", "addition", "reduction", "carry_in",
                                                                    "spent")))


def score_unit(workbook: Workbook, settings: ScoringSettings | None = None, findings: list[Finding] | None = None,
               card: ScoreCard | None = None, rule_settings: RuleSettings | None = None) -> UnitScore:
    """The unit-level self-evaluation of ``workbook``. ``findings`` default to ``qlaudit.check(workbook)``, ``card``
    to ``score_projects(workbook, settings)``, ``rule_settings`` (the 三公 codes) to ``qlaudit/settings.toml``."""
    from qlaudit.settings import load_settings as load_rule_settings

    s = settings or load_settings()
    if findings is None:
        import qlaudit

        findings = qlaudit.check(workbook)
    card = card or score_projects(workbook, s)
    quota = workbook.appropriations
    summaries = [workbook.summary(t) for t in budget_types(workbook)]
    recovered = recovered_by(quota, s.year_end_recovery, "expense_kind")
    ctx = Context(workbook, s, _sum([x.total for x in summaries]), _sum([x.basic for x in summaries]),
                  _sum([x.public for x in summaries]), _sum([x.project for x in summaries]),
                  tuple(p.phases for x in summaries for p in x.projects), int(sum(recovered.values())),
                  findings, card, staffing(workbook), rule_settings or load_rule_settings())
    indicators = tuple(COMPUTE[i.key](ctx, i) for i in s.unit_indicators)
    basic_recovered = int(recovered.get("personnel", 0) + recovered.get("public", 0))
    project_recovered = int(recovered.get("project", 0))
    funds = (
        FundLine("年度资金总额", ctx.total.initial + ctx.total.carry_in, ctx.full_year, ctx.total.spent),
        FundLine("其中：基本支出", ctx.basic.initial + ctx.basic.carry_in, ctx.basic.adjusted + basic_recovered,
                 ctx.basic.spent),
        FundLine("项目支出", ctx.project.initial + ctx.project.carry_in, ctx.project.adjusted + project_recovered,
                 ctx.project.spent),
    )
    notes = ([f"年初预算数含上年结转{yuan(ctx.total.carry_in)}（上年结转指标于年初下达）"] if ctx.total.carry_in else [])
    if ctx.recovered:
        notes.append(f"全年预算数含年底收回的结余指标{yuan(ctx.recovered)}（已从调整后预算数中调减），按未收回前的预算计算执行率")
    funds_note = "；".join(notes)
    total, grade, basis = _total(indicators, s)
    return UnitScore(workbook.unit.code, workbook.unit.name, workbook.year, funds, funds_note, indicators, total,
                     grade, basis, ctx.staffing, card, s)


def _total(indicators: tuple[UnitIndicator, ...], s: ScoringSettings) -> tuple[Decimal | None, str, str]:
    counted = [i for i in indicators if i.score is not None]
    skipped = [i.name for i in indicators if i.score is None]
    if not counted:
        return None, "", "没有可评分的指标，未形成总分"
    points = sum((i.points for i in counted), ZERO)
    earned = sum((i.score for i in counted if i.score is not None), ZERO)
    if s.unit_rescale and points > 0:
        total = (earned * 100 / points).quantize(CENT, ROUND_HALF_UP)
        basis = f"{len(counted)}项适用指标得{plain(earned)}分（满分{plain(points)}分），按百分制折算为{total}分"
    else:
        total = earned.quantize(CENT, ROUND_HALF_UP)
        basis = f"{len(counted)}项指标得分合计{total}分"
    if skipped:
        basis += f"；{'、'.join(skipped)}因数据不足未评分，不计入总分"
    return total, s.grade(total), basis


def _execution(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    figures = [("全年执行数", yuan(c.total.spent)), ("全年预算数", yuan(c.full_year))]
    if c.recovered:
        figures.append(("其中年底收回结余指标", yuan(c.recovered)))
    if c.full_year <= 0:
        return not_scored(i, figures, "全年预算数不大于0，无法计算预算执行率")
    rate = ratio(Decimal(c.total.spent), Decimal(c.full_year))
    share, rule = execution_share(rate, c.s)
    return scored(i, figures, rate * 100, "%", share, f"预算执行率{pct(rate * 100)}，按{rule}")


def _ceiling(i: UnitIndicatorSettings, figures: list[tuple[str, str]], value: Decimal, what: str) -> UnitIndicator:
    limit = i.limit if i.limit is not None else Decimal(100)
    share = ceiling_share(value, limit, i.per_point)
    head = f"{what}{pct(value)}"
    words = (f"{head}，不超过{plain(limit)}%" if share == ONE else
             f"{head}，超过{plain(limit)}%共{plain(value - limit)}个百分点，每个百分点扣分值的{percent(i.per_point)}%")
    return scored(i, figures, value, "%", share, words)


def _adjustment(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    reductions = c.total.reduction + c.recovered  # 调减 other than the year-end recovery (≤ 0)
    adjusted = c.total.addition - reductions
    figures = [("追加", yuan(c.total.addition)), ("调减（不含年底收回）", yuan(-reductions)),
               ("年初预算数", yuan(c.total.initial))]
    if c.recovered:
        figures.append(("年底收回结余指标（不计入调整）", yuan(c.recovered)))
    if c.total.initial <= 0:
        return not_scored(i, figures, "无年初预算，无法计算预算调整率")
    return _ceiling(i, figures, ratio(Decimal(adjusted), Decimal(c.total.initial)) * 100, "预算调整率")


def _carry_over(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    lines = [*c.project_phases, c.basic]
    carried = sum(max(p.carry_out, 0) for p in lines)
    overspent = -sum(min(p.carry_out, 0) for p in lines)
    figures = [("年末结转结余", yuan(carried)), ("年底收回结余指标", yuan(c.recovered)),
               ("全年预算数", yuan(c.full_year))]
    if overspent:
        figures.append(("超支（不抵减结转结余）", yuan(overspent)))
    if c.full_year <= 0:
        return not_scored(i, figures, "全年预算数不大于0，无法计算结转结余率")
    return _ceiling(i, figures, ratio(Decimal(carried + c.recovered), Decimal(c.full_year)) * 100, "结转结余率")


def _payment_progress(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    spend = c.wb.expenditures
    monthly = spend.groupby(spend["date"].dt.month)["amount_fen"].sum()
    figures: list[tuple[str, str]] = []
    if not i.checkpoints:
        return not_scored(i, figures, "未设置既定支付进度（检查点），无法计算")
    if c.full_year <= 0:
        return not_scored(i, figures, "全年预算数不大于0，无法计算支付进度")
    shares = []
    for month, target in i.checkpoints:
        paid = int(monthly[monthly.index <= month].sum())
        progress = ratio(Decimal(paid), Decimal(c.full_year)) * 100
        shares.append(clamp(ratio(progress, target)) if target > 0 else ONE)
        figures.append((f"{month}月末累计支出", f"{yuan(paid)}，支付进度{pct(progress)}"
                        f"（既定{plain(target)}%）"))
    value = (sum(shares, ZERO) / len(shares)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return scored(i, figures, value * 100, "%", value, f"支付进度率（各检查点实际/既定，最高100%）平均{pct(value * 100)}")


def _staffing(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    st = c.staffing
    figures = [("在职人数", "—" if st.in_service is None else f"{st.in_service}人"),
               ("编制数", "—" if st.authorised is None else f"{st.authorised}人"), ("来源", st.source)]
    if st.in_service is None or not st.authorised:
        return not_scored(i, figures, "编制数或在职人数无法取得，未评分")
    return _ceiling(i, figures, ratio(Decimal(st.in_service), Decimal(st.authorised)) * 100, "在职人员控制率")


def _sangong_amount(wb: Workbook, codes: frozenset[str], figure: str) -> int:
    if figure == "spent":
        spend = wb.expenditures
        return int(spend.loc[spend["economic_code"].isin(codes), "amount_fen"].sum())
    quota = wb.appropriations
    return int(quota.loc[quota["economic_code"].isin(codes) & (quota["source"] == "initial"), "amount_fen"].sum())


def _sangong(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    codes = c.rules.sangong_code_set
    what = "年初预算数" if i.figure == "initial" else "执行数"
    now = _sangong_amount(c.wb, codes, i.figure)
    figures = [(f"本年“三公经费”{what}", yuan(now)), ("经济分类", "/".join(sorted(codes)))]
    previous = c.wb.previous_year()
    if previous is None:
        return not_scored(i, figures, f"无法取得上年数据（{c.wb.previous_year_note or '无上年账套'}），无法计算变动率")
    before = _sangong_amount(previous, codes, i.figure)
    figures.insert(1, (f"上年“三公经费”{what}", yuan(before)))
    if before == 0:
        if now == 0:
            return scored(i, figures, ZERO, "%", ONE, "本年与上年均为0，变动率按0计，不超过0")
        return scored(i, figures, None, "", ZERO, "上年为0而本年增加，变动率无法按比例计算，视为超过限值")
    return _ceiling(i, figures, ratio(Decimal(now - before), Decimal(before)) * 100, "“三公经费”变动率")


def _public_funds(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    figures = [("公用经费执行数", yuan(c.public.spent)), ("公用经费年初预算数", yuan(c.public.initial))]
    if c.public.initial <= 0:
        return not_scored(i, figures, "无公用经费年初预算，无法计算公用经费控制率")
    return _ceiling(i, figures, ratio(Decimal(c.public.spent), Decimal(c.public.initial)) * 100, "公用经费控制率")


def _procurement(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    return not_scored(i, [], "账套中没有政府采购预算（采购计划）和采购执行数据，无法计算")


def _compliance(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    counted = [f for f in c.findings if not f.passed and f.rule in i.rules]
    shares = dict(i.severity_share)
    lost = sum((shares.get(f.severity, ZERO) for f in counted), ZERO)
    labels = {"error": "错误", "warning": "关注", "info": "信息"}
    # Subjects are shown when they are codes (a project, an economic class); a payee's name stays out of the table.
    figures = [(f"{f.rule}（{labels.get(f.severity, f.severity)}）", f.subject if _CODE.fullmatch(f.subject) else "1条")
               for f in counted]
    if not counted:
        return scored(i, [("计入的审计发现", "0条")], ZERO, "条", ONE, "未发现计入合规性扣分的问题")
    words = "、".join(f"{labels[sev]}{n}条" for sev in ("error", "warning", "info")
                     if (n := sum(1 for f in counted if f.severity == sev)))
    return scored(i, figures, Decimal(len(counted)), "条", clamp(ONE - lost),
                  f"审计发现{words}，每条错误扣分值的{percent(shares.get('error', ZERO))}%、"
                  f"每条关注扣{percent(shares.get('warning', ZERO))}%")


def _projects(c: Context, i: UnitIndicatorSettings) -> UnitIndicator:
    card = c.card
    if card.total is None:
        return not_scored(i, [], card.basis or "本年度无项目支出")
    figures = [("项目数", f"{len(card.projects)}个"), ("项目加权平均得分", f"{card.total}分"), ("计算方法", card.basis)]
    return scored(i, figures, card.total, "分", clamp(card.total / 100), f"项目平均得分{card.total}分，按得分率")


COMPUTE = {"execution": _execution, "adjustment": _adjustment, "carry_over": _carry_over,
           "payment_progress": _payment_progress, "staffing": _staffing, "sangong": _sangong,
           "public_funds": _public_funds, "procurement": _procurement, "compliance": _compliance,
           "projects": _projects}
