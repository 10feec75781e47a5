"""The 自评表 renderers: golden text of the unit table and every project table of qiaolian 2021, escaping."""

from pathlib import Path

import qlaudit
from qlaudit.document import Section, Table
from qlaudit.report.render_html import render_block
from qlaudit.score_text import project_table_blocks, unit_table_blocks
from qlaudit.scoring import project_tables, score_projects, score_unit
from tests.golden import assert_matches_golden
from tests.scoring.builders import indicator, voucher, workbook

DATA = Path(__file__).resolve().parent.parent / "data"


def test_unit_and_project_tables_match_golden():
    wb = qlaudit.open("lusong-qiaolian", 2021, DATA)
    score = score_unit(wb)
    parts = [Section("unit", tuple(unit_table_blocks(score)))]
    parts += [Section(t.code, tuple(project_table_blocks(t))) for t in project_tables(wb, score.projects)]
    text = "\n\n".join(p.text() for p in parts) + "\n"
    assert_matches_golden("score-tables-lusong-qiaolian-2021.txt", text)
    assert "年度资金总额\t7.66\t7.66\t7.66\t10.00\t100.00%\t10.00" in text  # 侨联工作经费: 3.00 年初 + 4.66 结转
    assert "产出\t数量\t慰问困难侨胞人数\t≥30人\t34人\t15.00\t15.00\t—" in text
    assert "部门整体支出绩效自评得分：76.20分，等级“中”" in text


def test_ledger_text_is_escaped_when_rendered():
    hostile = "<script>alert(1)</script>"
    wb = workbook([indicator("产出", "数量", hostile, "ge", "1", "次", "1", project_name=hostile)],
                  vouchers=[voucher(100)])
    card = score_projects(wb)
    (table,) = project_tables(wb, card)
    html = "".join(render_block(b) for b in [*project_table_blocks(table), *unit_table_blocks(score_unit(wb, card=card))])
    assert hostile not in html and "&lt;script&gt;" in html
    tables = [b for b in project_table_blocks(table) if isinstance(b, Table)]
    assert [t.header[-1] for t in tables] == ["得分", "偏差原因分析及改进措施"]
