"""The notebooks stay runnable and thin: executed in a real Jupyter kernel, committed without outputs."""

import json
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


def test_explore_notebook_runs_in_a_kernel(tmp_path):
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), str(out), parameters={"data_dir": str(DATA)},
                               kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("人员经费" in "".join(o.get("data", {}).get("text/html", "")) for o in outputs)
