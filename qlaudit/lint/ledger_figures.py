"""What the ledgers say a stated figure should be: the candidates of each (scope, measure) for ``ledger_compare``.

A figure's scope is the unit (no subject), a category (基本支出 → ``basic`` …), a named project (matched by name) or
a budget type; its measure maps to the ledger figures it may mean. Reports follow more than one convention, and each
convention a real report uses is a candidate, never a guess:

- ``预算`` alone may be 年初预算, 本年预算 or 调整后预算;
- **年底收回** (the year-end recovery of unused quotas, ``qlaudit.recovery``) is a kind of 调减: 调减 may include it
  or not; 调整后预算 / 全年预算数 may be before it (the 自评表's 全年预算数, the 执行率 denominator of the
  部门整体支出绩效自评表) or after it (the ledgers' 调整后预算); 执行率 accordingly;
- **超支**: a line spent beyond its budget has 年末结转 0 and an 超支金额; a total's 年末结转 may be the ledgers' net
  figure or the sum of its lines' positive balances (超支 not netted), its 超支金额 the sum of their overspends;
- a 自评表's 年初预算数 (``FORM_INITIAL``) counts the 上年结转 known at the start of the year, or not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from qlaudit.codes import economic_codes
from qlaudit.lint.extract import Figure
from qlaudit.lint.labels import ECONOMIC
from qlaudit.reconcile import BudgetSummary, Phases, ProjectBudget
from qlaudit.recovery import recovered_by

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

SCOPES = {"政府性基金预算": "fund", "国有资本经营预算": "state_capital", "社会保险基金预算": "social_insurance"}
FORM_INITIAL = "年初预算数（自评表）"
_NAME_NOISE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|专项资金$|项目$|专项$|资金$")
_KINDS = {"": ("personnel", "public", "project"), "基本支出": ("personnel", "public"), "人员经费": ("personnel",),
          "公用经费": ("public",), "项目支出": ("project",)}


@dataclass(frozen=True)
class Scope:
    """The ledger figures of what a stated figure is about."""

    name: str  # 单位整体, 基本支出 …, or the project's name
    phases: Phases
    recovered: int  # 年底收回 (分, ≥ 0)
    balances: tuple[int, ...]  # adjusted − spent of each line below it (人员经费, 公用经费, each project)
    project: ProjectBudget | None = None

    @property
    def full_year(self) -> int:
        """全年预算数 before the year-end recovery."""
        return self.phases.adjusted + self.recovered

    def candidates(self, measure: str) -> list[tuple[str, int]]:
        """Ledger figures a stated measure may mean: (name, 分), the plain convention first."""
        p, rec = self.phases, self.recovered
        before = [("全年预算数（年底收回前）", self.full_year)] if rec else []
        carried = sum(b for b in self.balances if b > 0)
        over = -sum(b for b in self.balances if b < 0)
        table = {
            "支出": [("执行数", p.spent)],
            "收入": [("本年预算（年初+追加+调减）", p.income)],
            "预算": [("年初预算", p.initial), ("本年预算", p.income), ("调整后预算", p.adjusted), *before],
            "年初预算": [("年初预算", p.initial)],
            FORM_INITIAL: [("年初预算", p.initial), ("年初预算+上年结转", p.initial + p.carry_in)],
            "调整后预算": [("调整后预算", p.adjusted), *before],
            "追加": [("追加", p.addition)],
            "调减": [("调减", -p.reduction), *([("调减（不含年底收回）", -p.reduction - rec)] if rec else [])],
            "年底收回": [("年底收回", rec)],
            "追加/调减": [("追加/调减", p.adjustments), *([("追加/调减（不含年底收回）", p.adjustments + rec)] if rec else [])],
            "上年结转": [("上年结转", p.carry_in)],
            "年末结转": [("年末结转", p.carry_out), *([("年末结转（超支不抵减）", carried)] if over else [])],
            "超支": [("超支金额", over)],
            "结转": [("上年结转", p.carry_in), ("年末结转", p.carry_out),
                     *([("年末结转（超支不抵减）", carried)] if over else [])],
        }
        return table.get(measure, [])

    def rates(self) -> list[tuple[str, int]]:
        """Denominators of a stated 执行率: the ledgers' 调整后预算, and the 全年预算数 before the recovery."""
        return [("调整后预算", self.phases.adjusted), *([("全年预算数（年底收回前）", self.full_year)] if self.recovered
                                                        else [])]


@lru_cache(maxsize=4096)
def norm(name: str) -> str:
    """A name without punctuation and its 项目/专项/资金 suffixes (cached: a report names the same projects often)."""
    previous = None
    while previous != name:
        previous, name = name, _NAME_NOISE.sub("", name)
    return name


def match_project(subject: str, projects: tuple[ProjectBudget, ...]) -> ProjectBudget | None:
    wanted = norm(subject)
    by_code = [p for p in projects if p.code == subject.strip()]  # 项目430203-QL-001
    if by_code:
        return by_code[0]
    exact = [p for p in projects if norm(p.name) == wanted]
    if exact:
        return exact[0]
    partial = [p for p in projects if wanted and (wanted in norm(p.name) or norm(p.name) in wanted)]
    return max(partial, key=lambda p: len(norm(p.name))) if partial else None


class Ledger:
    """The workbook's figures as a report may state them, computed once per lint."""

    def __init__(self, workbook: Workbook, recovery_keywords: tuple[str, ...]) -> None:
        self.workbook = workbook
        self.keywords = recovery_keywords

    def summary(self, budget_type: str) -> BudgetSummary:
        """The workbook's (cached) summary of one budget type, computed only when a figure is about it."""
        return self.workbook.summary(budget_type)

    @cached_property
    def _recovered(self) -> dict[object, int]:
        return recovered_by(self.workbook.appropriations, self.keywords, ["budget_type", "expense_kind"])

    @cached_property
    def _recovered_projects(self) -> dict[object, int]:
        return recovered_by(self.workbook.appropriations, self.keywords, ["budget_type", "project_code"])

    def scope(self, figure: Figure) -> Scope | None:
        """The ledger scope of a figure, None when the ledgers have none (an unknown project, a category they
        do not split)."""
        budget_type = SCOPES.get(figure.subject, "general")
        summary = self.summary(budget_type)
        if figure.subject and figure.subject not in SCOPES:
            project = match_project(figure.subject, summary.projects)
            if project is None:
                return None
            rec = self._recovered_projects.get((budget_type, project.code), 0)
            return Scope(project.name, project.phases, rec, (project.phases.carry_out,), project)
        phases = {"": summary.total, "基本支出": summary.basic, "人员经费": summary.personnel,
                  "公用经费": summary.public, "项目支出": summary.project}.get(figure.category)
        if phases is None:
            return None
        kinds = _KINDS[figure.category]
        rec = sum(self._recovered.get((budget_type, k), 0) for k in kinds)
        lines = ([summary.personnel] if "personnel" in kinds else []) + ([summary.public] if "public" in kinds else [])
        lines += [p.phases for p in summary.projects] if "project" in kinds else []
        return Scope(figure.category or "单位整体", phases, rec, tuple(x.carry_out for x in lines))

    @cached_property
    def _economic_codes(self) -> dict[str, str]:
        return {unicodedata.normalize("NFKC", c.name): code for code, c in economic_codes().items() if len(code) == 5}

    @cached_property
    def _economic_sums(self) -> dict[tuple[str, str], int]:
        spend = self.workbook.expenditures
        spend = spend[spend["budget_type"] == "general"]
        return {(str(k), str(c)): int(v) for (k, c), v in spend.groupby(["expense_kind", "economic_code"])[
            "amount_fen"].sum().items()}

    def economic_spent(self, figure: Figure) -> tuple[str, int] | None:
        """(code, 分 spent) of the economic item a figure names (``会议费``, in ``基本支出经济分类`` only the basic
        spending), None when it names no single 款级 code."""
        code = self._economic_codes.get(figure.subject)
        if code is None:
            return None
        kinds = _KINDS.get(figure.category[: -len(ECONOMIC)], _KINDS[""])
        return code, sum(self._economic_sums.get((k, code), 0) for k in kinds)

    def unlisted(self, mentioned: list[str]) -> list[ProjectBudget]:
        """Projects of the ledgers (一般公共预算) with money that no stated subject names (each subject names the
        project it matches best: "专项经费AB" does not name "专项经费A")."""
        projects = self.summary("general").projects
        named = {found.code for s in mentioned if (found := match_project(s, projects)) is not None}
        return [project for project in projects if project.code not in named
                and any((project.phases.initial, project.phases.addition, project.phases.carry_in, project.phases.spent))]
