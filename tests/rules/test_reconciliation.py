"""REC-BUDGET on carry-over (结转资金按原用途使用) and the fact key it shares with BUD-OVER-CLASS."""

from qlaudit.rules.budget import over_class_budget
from qlaudit.rules.reconciliation import project_budget
from qlaudit.settings import load_settings
from tests.rules.builders import line, quota, workbook

SETTINGS = load_settings()


def _budget(carry_in, spent, addition=0):
    quotas = [quota(carry_in, project="P1", source="carry_in", date="2021-01-01", doc="芦财结〔2021〕3号")]
    if addition:
        quotas.append(quota(addition, project="P1", source="addition", date="2021-06-01", doc="芦财预〔2021〕9号"))
    lines = [line("2021-05-01", spent[0], project="P1", code="30299", voucher="记-003")]
    lines += [line("2021-07-01", s, project="P1", code="30299", voucher=f"记-01{i}") for i, s in enumerate(spent[1:])]
    return [f for f in project_budget(workbook(quotas=quotas, lines=lines), SETTINGS) if f.subject == "P1"]


def test_carry_over_spent_for_its_purpose_is_not_a_problem():
    (f,) = _budget(5_000, [3_000, 2_000])
    assert (f.rule, f.severity, f.passed) == ("REC-BUDGET", "info", True)
    assert "以上年结转资金按原用途支出" in f.title and "结转资金按原用途使用" in f.explanation
    assert "上年结转指标0.50万元为该项目结转资金（上年账套未载入" in f.explanation  # the lineage, without last year
    assert [e.voucher_no for e in f.evidence] == ["芦财结〔2021〕3号", "记-003", "记-010"]  # the 结转 quota first


def test_spending_above_the_carry_over_is_a_problem_for_the_excess():
    (f,) = _budget(5_000, [3_000, 3_500], addition=2_000)
    assert (f.severity, f.passed) == ("warning", False) and "未纳入年初预算" in f.title
    assert dict(f.amounts)["beyond_carry_in"] == 150_000  # 6,500 spent − 5,000 carried in
    assert "其中0.50万元由上年结转资金按原用途安排，超出结转资金的0.15万元未纳入年初预算" in f.explanation
    assert "资金来自年中追加及上年结转" in f.explanation


def test_spending_above_the_adjusted_budget_is_an_overspend_sharing_its_fact_with_over_class():
    (f,) = _budget(5_000, [3_000, 2_500])
    assert (f.severity, f.fact, dict(f.amounts)["excess"]) == ("error", "overspend:P1", 50_000)
    wb = workbook(quotas=[quota(5_000, project="P1", source="carry_in", date="2021-01-01")],
                  lines=[line("2021-05-01", 5_500, project="P1", code="30299")])
    (over,) = over_class_budget(wb, SETTINGS)
    assert (over.rule, over.fact) == ("BUD-OVER-CLASS", "overspend:P1")


def test_the_fact_key_is_in_json_only_when_set():
    (f,) = _budget(5_000, [3_000, 2_500])
    assert f.as_dict()["fact"] == "overspend:P1"
    (ok,) = _budget(5_000, [3_000])
    assert "fact" not in ok.as_dict()
