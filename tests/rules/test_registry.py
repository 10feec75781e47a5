"""The RULES list and run_rules: order, uniform signature, default settings, deterministic output."""

import inspect

from qlaudit.findings import SEVERITY_ORDER, findings_json
from qlaudit.rules import RULES, reconciliation, run_rules
from qlaudit.settings import load_settings
from tests.rules.builders import line, project, quota, workbook

RULE_IDS = {"REC-TOTAL", "REC-BASIC", "REC-PROJECTS", "REC-BUDGET", "REC-NO-QUOTA", "BUD-LOW-EXEC",
            "BUD-OVER-CLASS", "CARRY-STALE", "TIM-DEC-RUSH", "TIM-Q4-SHARE", "DUP-EXACT", "DUP-NEAR",
            "REV-UNMATCHED", "SEQ-GAP", "SEQ-DUP", "SPLIT-PURCHASE", "SUSPECT-PROJECT-CODE", "SANGONG-HIDDEN",
            "SANGONG-TOTAL", "CLASS-MISMATCH", "NUM-ROUND", "NUM-BENFORD", "CARRY-CONTINUITY"}


def _busy():
    """A ledger on which most rules fire."""
    return workbook(
        quotas=[quota(10_000, project="P1"), quota(3_000, project="P1", source="carry_in", date="2021-01-01"),
                quota(5_000, project="P2", source="carry_in"), quota(1_000, code="30217"),
                quota(20_000, code="30201")],
        lines=[
            line("2021-03-01", 6_840, summary="印刷宣传册", payee="印务", voucher="记-001"),
            line("2021-03-03", 6_840, summary="印刷宣传册", payee="印务", voucher="记-003"),
            line("2021-03-04", -50, summary="冲销", payee="某人", voucher="记-004"),
            line("2021-06-01", 60_000, summary="采购电脑", payee="电脑城", voucher="记-001", code="31002"),
            line("2021-06-05", 60_000, summary="采购电脑", payee="电脑城", voucher="记-002", code="31002"),
            line("2021-07-01", 1_500, summary="接待餐费", payee="饭店", voucher="记-001", code="30217"),
            line("2021-07-02", 300, summary="接待餐费", payee="饭店", voucher="记-002", code="30201"),
            line("2021-08-01", 900, summary="召开会议", payee="酒店", voucher="记-001", code="30299", project="P1"),
            line("2021-12-20", 2_000, summary="调研", payee="旅行社", voucher="记-001", code="30211", project="P1"),
        ],
        projects=[project("P1"), project("P2")],
    )


def test_reconciliation_first_then_the_catalogue():
    assert RULES[: len(reconciliation.RULES)] == reconciliation.RULES
    assert len({r.__name__ for r in RULES}) == len(RULES)
    for rule in RULES:
        assert list(inspect.signature(rule).parameters)[:2] == ["wb", "settings"], rule.__name__
        assert rule.__doc__ or rule in reconciliation.RULES, f"{rule.__name__} has no docstring"


def test_reconciliation_rules_still_take_the_workbook_alone():
    wb = _busy()
    assert reconciliation.total_identity(wb) == reconciliation.total_identity(wb, load_settings())


def test_run_rules_with_default_settings_and_stable_ids():
    findings = run_rules(_busy())
    fired = {f.rule for f in findings}
    assert fired <= RULE_IDS
    assert {"BUD-LOW-EXEC", "CARRY-STALE", "TIM-DEC-RUSH", "DUP-EXACT", "REV-UNMATCHED", "SEQ-GAP",
            "SPLIT-PURCHASE", "SUSPECT-PROJECT-CODE", "SANGONG-HIDDEN", "SANGONG-TOTAL", "CLASS-MISMATCH",
            "NUM-BENFORD"} <= fired
    for f in findings:
        assert f.severity in SEVERITY_ORDER
        assert all(isinstance(name, str) and type(fen) is int for name, fen in f.amounts), f.rule
    assert [f.sort_key() for f in findings] == sorted(f.sort_key() for f in findings)


def test_output_does_not_depend_on_row_order():
    wb = _busy()
    expected = findings_json("t", 2021, run_rules(wb))
    wb.expenditures = wb.expenditures.sample(frac=1, random_state=7)
    wb.appropriations = wb.appropriations.iloc[::-1]
    assert findings_json("t", 2021, run_rules(wb)) == expected


def test_settings_reach_every_rule():
    wb = _busy()
    strict = load_settings().replace(duplicate_window_days=0, procurement_threshold_fen=20_000_000)
    fired = {f.rule for f in run_rules(wb, strict)}
    assert "DUP-EXACT" not in fired and "SPLIT-PURCHASE" not in fired
