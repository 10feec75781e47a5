"""A failing report never replaces the published one; concurrent runs of one unit-year do not corrupt each other."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from qlaudit.cli import main
from qlaudit.report import run as report

DATA = Path(__file__).resolve().parent.parent / "data"
PUBLISHED = ["findings.csv", "findings.json", "findings.xlsx", "manifest.json", "oplog.json", "report.html",
             "report.ipynb", "report.txt", "workpapers.html"]


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA / "lusong-qiaolian", target / "lusong-qiaolian",
                    ignore=shutil.ignore_patterns("2019", "2022", "2023"))
    return target


def test_failing_cell_keeps_the_published_report_and_the_failed_notebook(data, tmp_path):
    out = tmp_path / "out"
    published = report.build_report("lusong-qiaolian", 2021, data, out).html_path.read_bytes()
    run = report.stage("lusong-qiaolian", 2021, data, out)
    (data / "lusong-qiaolian" / "2021" / "projects.csv").unlink()  # the notebook's own load now fails
    with pytest.raises(report.ReportFailed) as caught:
        report.execute(run)
    message = str(caught.value)
    assert "failed in cell" in message and "\n" not in message
    failed = out / "lusong-qiaolian" / "2021" / "report.failed.ipynb"
    errors = [o for c in nbformat.read(failed, as_version=4).cells for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert errors and errors[0].ename == "InvalidInput"
    assert (out / "lusong-qiaolian" / "2021" / "report.html").read_bytes() == published
    assert sorted(p.name for p in failed.parent.iterdir()) == sorted([*PUBLISHED, "report.failed.ipynb"])


def test_cli_exits_non_zero_with_one_line_for_a_failing_notebook(data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(report, "NOTEBOOK", tmp_path / "broken.ipynb")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("unit = ''", metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell("1 / 0")],
                                  metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
                                            "language_info": {"name": "python"}})
    nbformat.write(nb, tmp_path / "broken.ipynb")
    code = main(["report", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(data), "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1 and "ZeroDivisionError" in err
    assert not (tmp_path / "lusong-qiaolian" / "2021" / "report.html").exists()


def test_two_processes_writing_the_same_unit_year(data, tmp_path):
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "qlaudit"), "report", "--unit", "lusong-qiaolian", "--year", "2021",
               "--data", str(data), "--out", str(out)]
    first, second = subprocess.Popen(command), subprocess.Popen(command)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    folder = out / "lusong-qiaolian" / "2021"
    assert sorted(p.name for p in folder.iterdir()) == sorted(PUBLISHED)
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["unit"] == "lusong-qiaolian"
    assert nbformat.read(folder / "report.ipynb", as_version=4).cells
    assert (folder / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_gate_failure_fails_the_run_with_its_reason_and_keeps_the_published_report(data, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(data), "--out", str(out)]) == 0
    published = (out / "lusong-qiaolian" / "2021" / "report.html").read_bytes()
    activities = data / "lusong-qiaolian" / "2021" / "activities.md"  # the account now says 7 visits, the indicator 4
    activities.write_text(activities.read_text(encoding="utf-8") + "\n8.开展侨界文化体育活动7次。\n", encoding="utf-8")
    code = main(["report", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(data), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "consistency gate failed" in err and "activities" in err and "开展侨界文化体育活动" in err
    assert (out / "lusong-qiaolian" / "2021" / "report.html").read_bytes() == published
