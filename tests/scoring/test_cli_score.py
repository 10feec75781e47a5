"""``qlaudit score`` on the sample data: golden JSON for two unit-years and the acceptance checks of issue 9."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from qlaudit.cli import main
from tests.golden import assert_matches_golden

DATA = Path(__file__).resolve().parent.parent.parent / "data"
D = Decimal
PROJECT_KEYS = ["code", "name", "execution_rate", "execution_score", "indicator_score", "total", "grade", "scored",
                "note"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def score(capsys, unit, year):
    code, out, err = run(capsys, "score", "--unit", unit, "--year", str(year), "--data", str(DATA), "--format", "json")
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize(("unit", "year"), [("lusong-qiaolian", 2021), ("lusong-fulian", 2022)])
def test_score_json_matches_golden_and_is_deterministic(capsys, unit, year):
    out = score(capsys, unit, year)
    assert_matches_golden(f"score-{unit}-{year}.json", out)
    assert score(capsys, unit, year) == out
    payload = json.loads(out)
    assert list(payload) == ["unit", "year", "unit_score", "projects"]
    assert list(payload["unit_score"]) == ["total", "grade", "indicators"]
    for i in payload["unit_score"]["indicators"]:
        assert list(i) == ["name", "formula", "value", "points", "score", "note"]
        assert i["score"] is None or D(0) <= D(i["score"]) <= D(i["points"])
    for p in payload["projects"]:
        assert list(p) == PROJECT_KEYS
        assert D(p["total"]) == D(p["execution_score"]) + D(p["indicator_score"] or 0)


def test_qiaolian_2021_is_not_full_marks_while_a_project_sits_at_zero(capsys):
    payload = json.loads(score(capsys, "lusong-qiaolian", 2021))
    projects = {p["name"]: p for p in payload["projects"]}
    assert list(projects) == ["侨联工作经费", "民生100-为侨办实事", "侨胞之家建设"]  # every project appears
    home = projects["侨胞之家建设"]
    assert (home["execution_rate"], home["execution_score"], home["indicator_score"], home["total"], home["scored"]) \
        == ("0.00", "0.00", None, "0.00", False)
    assert "未设置绩效指标" in home["note"]
    unit = payload["unit_score"]
    assert (unit["total"], unit["grade"]) != ("100.00", "优")
    part = next(i for i in unit["indicators"] if i["name"] == "项目支出绩效")
    assert part["value"] == "62.63"  # (100 × 76,583.50 + 100 × 1,500.00 + 0 × 46,600.00) / 124,683.50


def test_fulian_2022_overspent_project_does_not_get_full_execution_points(capsys):
    projects = {p["code"]: p for p in json.loads(score(capsys, "lusong-fulian", 2022))["projects"]}
    over = projects["430203-FL-002"]
    assert over["execution_rate"] == "117.08"
    assert D(over["execution_score"]) < D(10)
    missed = projects["430203-FL-003"]  # 建成社区儿童之家 3 of ≥ 4
    assert D(missed["indicator_score"]) < D(90) and "完成值3个低于指标值4个" in missed["note"]


def test_tuanwei_2023_counts_its_unbudgeted_project(capsys):
    payload = json.loads(score(capsys, "lusong-tuanwei", 2023))
    codes = [p["code"] for p in payload["projects"]]
    assert codes == ["430203-TW-001", "430203-TW-002", "430203-TW-003", "430203-TW-009"]
    unbudgeted = payload["projects"][-1]
    assert (unbudgeted["execution_rate"], unbudgeted["total"], unbudgeted["scored"]) == (None, "0.00", False)
    part = next(i for i in payload["unit_score"]["indicators"] if i["name"] == "项目支出绩效")
    assert D(part["value"]) < D("90")  # 87.36 with max(budget, spending) weights (99.68 when it was left out)
    compliance = next(i for i in payload["unit_score"]["indicators"] if i["name"] == "资金使用合规性")
    assert "REC-NO-QUOTA（错误）430203-TW-009" in compliance["note"]


def test_score_text_and_usage_errors(capsys, tmp_path):
    code, out, _ = run(capsys, "score", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(DATA))
    assert code == 0
    assert out.startswith("株洲市芦淞区归国华侨联合会 2021年度部门整体支出绩效自评：")
    assert "430203-QL-003 侨胞之家建设｜执行率0.00%｜执行得分0.00｜指标得分—（未设绩效指标）｜总分0.00｜差" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('[qualitative]\n"部分达成" = 0.5\n', encoding="utf-8")
    code, out, err = run(capsys, "score", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(DATA),
                         "--scoring", str(bad))
    assert (code, out) == (2, "")
    assert "outside its band" in err
    code, _, err = run(capsys, "score", "--unit", "nobody", "--year", "2021", "--data", str(DATA))
    assert code == 2 and "no unit 'nobody'" in err
