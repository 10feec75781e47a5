"""wb.rules: one rule at a time with changed settings, findings plus an evidence DataFrame."""

import pytest

from qlaudit.rules import run_rules
from qlaudit.rules.explore import EVIDENCE_COLUMNS, RuleResult
from qlaudit.settings import load_settings
from tests.rules.builders import line, workbook


def _wb():
    return workbook(lines=[
        line("2021-01-10", 1_000, project="P1", code="30299"),
        line("2021-12-10", 300, project="P1", code="30299", voucher="记-002"),
        line("2021-02-10", 9_000, code="30101", payee="职工", voucher="记-001"),
    ])


def test_december_rush_with_an_overridden_share():
    wb = _wb()
    assert len(wb.rules.december_rush()) == 0  # 23% < 30%
    result = wb.rules.december_rush(december_share_project=0.2)
    assert isinstance(result, RuleResult)
    assert [f.rule for f in result.findings] == ["TIM-DEC-RUSH"]
    assert list(result.evidence.columns) == EVIDENCE_COLUMNS
    assert result.evidence[["rule", "row", "amount_fen"]].values.tolist() == [["TIM-DEC-RUSH", 3, 30_000]]
    assert "TIM-DEC-RUSH" in result._repr_html_()
    assert load_settings().december_share_project == load_settings().replace().december_share_project


def test_all_rules_match_run_rules_and_a_settings_object_is_accepted():
    wb = _wb()
    assert list(wb.rules.all().findings) == run_rules(wb)
    settings = load_settings().replace(december_share_project=0.2)
    assert [f.rule for f in wb.rules.run("december_rush", settings)] == ["TIM-DEC-RUSH"]


def test_discovery_and_errors():
    wb = _wb()
    assert {"december_rush", "benford", "total_identity", "run", "all"} <= set(dir(wb.rules))
    assert wb.rules.benford.__doc__.startswith("NUM-BENFORD")
    assert "december_rush" in repr(wb.rules)
    with pytest.raises(AttributeError):
        wb.rules.no_such_rule  # noqa: B018
    with pytest.raises(AttributeError, match="no rule named"):
        wb.rules.run("no_such_rule")
    assert wb.rules.december_rush().evidence.empty
