"""Running rules by hand in JupyterLab: ``wb.rules.december_rush(december_share_project=0.2)``.

``Workbook.rules`` returns a :class:`WorkbookRules`; each rule of ``RULES`` is a method of it named like the rule
function, taking setting overrides as keywords (or a whole ``settings=``), and returning a :class:`RuleResult`:
the findings and one evidence DataFrame (a row per evidence line, with the rule and subject it supports).
Nothing here changes the workbook or the packaged settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, sort_findings
from qlaudit.settings import RuleSettings, load_settings

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

EVIDENCE_COLUMNS = ["rule", "severity", "subject", "file", "row", "date", "voucher_no", "summary", "payee",
                    "project_code", "economic_code", "amount_fen"]


@dataclass(frozen=True, eq=False)
class RuleResult:
    """Findings of one or more rules, and their evidence lines as a DataFrame (amounts in 分)."""

    findings: tuple[Finding, ...]
    evidence: pd.DataFrame

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.findings)

    def _repr_html_(self) -> str:
        from qlaudit.frames import evidence_html, findings_html

        return findings_html(self.findings, "规则结果") + evidence_html(self.evidence)


def evidence_frame(findings: tuple[Finding, ...]) -> pd.DataFrame:
    """One row per evidence line of ``findings``, in their order."""
    rows = [{"rule": f.rule, "severity": f.severity, "subject": f.subject, **asdict(e)}
            for f in findings for e in f.evidence]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS).astype({"row": "int64", "amount_fen": "int64"})


def _jsonable(value: object) -> object:
    """A setting override as it is logged (and given back on replay): numbers as text when not int/float/str."""
    return value if isinstance(value, (int, float, str, bool, list)) else str(value)


def _rules() -> dict[str, Callable[[Workbook, RuleSettings], list[Finding]]]:
    from qlaudit.rules import RULES

    return {rule.__name__: rule for rule in RULES}


class WorkbookRules:
    """The rules of ``qlaudit.rules.RULES`` bound to one workbook, as methods named like the rule functions."""

    def __init__(self, workbook: Workbook, record: bool = True) -> None:
        self._workbook = workbook
        self._record = record

    def run(self, rule: str, settings: RuleSettings | None = None, **overrides: object) -> RuleResult:
        """Run the rule function named ``rule`` (``'all'`` for every rule) with ``overrides`` applied to settings."""
        base = settings or load_settings()
        settings = base.replace(**overrides) if overrides else base
        rules = _rules()
        if rule == "all":
            chosen = list(rules.values())
        elif rule in rules:
            chosen = [rules[rule]]
        else:
            raise AttributeError(f"no rule named {rule!r}; rules: {', '.join(rules)}")
        findings = tuple(sort_findings([f for fn in chosen for f in fn(self._workbook, settings)]))
        if self._record:
            from qlaudit.findings import findings_json

            wb = self._workbook
            wb.oplog.record("rule", {"rule": rule, "overrides": {k: _jsonable(v) for k, v in overrides.items()}},
                            rows_in=len(wb.expenditures), rows_out=sum(len(f.evidence) for f in findings),
                            result=findings_json(wb.unit.code, wb.year, list(findings)),
                            summary=f"{len(findings)}条发现")
        return RuleResult(findings, evidence_frame(findings))

    def all(self, settings: RuleSettings | None = None, **overrides: object) -> RuleResult:
        return self.run("all", settings, **overrides)

    def __getattr__(self, name: str) -> Callable[..., RuleResult]:
        if name.startswith("_") or name not in _rules():
            raise AttributeError(name)

        def bound(settings: RuleSettings | None = None, **overrides: object) -> RuleResult:
            return self.run(name, settings, **overrides)

        bound.__name__ = name
        bound.__doc__ = _rules()[name].__doc__
        return bound

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_rules()})

    def __repr__(self) -> str:
        lines = [f"{name}: {(fn.__doc__ or '').strip().splitlines()[0] if fn.__doc__ else ''}"
                 for name, fn in _rules().items()]
        return "rules of the workbook (call wb.rules.<name>(setting=value)):\n  " + "\n  ".join(lines)
