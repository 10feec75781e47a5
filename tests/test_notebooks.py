"""The notebooks stay runnable and thin: executed in a real Jupyter kernel, committed without outputs."""

import json
import re
from pathlib import Path

import papermill
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
REPORT_NOTEBOOK = Path(__file__).resolve().parent.parent / "qlaudit" / "report" / "notebooks" / "annual_report.ipynb"
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("path", [REPORT_NOTEBOOK, NOTEBOOKS / "explore.ipynb"], ids=["annual_report", "explore"])
def test_committed_notebooks_carry_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


@pytest.mark.parametrize("path", [REPORT_NOTEBOOK, NOTEBOOKS / "explore.ipynb"], ids=["annual_report", "explore"])
def test_notebook_cells_are_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "parameters" not in cell["metadata"].get("tags", []):
            source = "".join(cell["source"])
            assert len(source.splitlines()) <= 6 and "def " not in source and "class " not in source


def test_explore_notebook_runs_on_the_qlaudit_kernel_and_answers_its_question(tmp_path):
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), str(out), parameters={"data_dir": str(DATA)},
                               cwd=str(NOTEBOOKS), progress_bar=False)  # the kernel its metadata names: qlaudit
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "人员经费" in html and "支出按收款人（侨联工作经费）" in html and "支出按经济分类（侨联工作经费）" in html
    assert "侨联工作经费：全部凭证，按金额从大到小　共30行；金额合计 7.66万元（76,583.50元）" in html
    assert ">金额（元）</th>" in html and "货币单位抽样（种子 2021）：总体30行" in html and "分层抽样" in html
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert len(re.findall(r"[\u4e00-\u9fff]", prose)) > 5 * len(re.findall(r"\b[A-Za-z]{4,}\b", prose))
