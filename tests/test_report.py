"""End to end: `qlaudit report` executes the notebook with papermill and exports the publishable report (HTML without
code), the working papers (HTML, xlsx) and a notebook that re-runs from the report folder."""

import json
import re
from pathlib import Path

import pytest

from qlaudit.cli import main
from qlaudit.report.run import build_report

DATA = Path(__file__).resolve().parent.parent / "data"
HEADINGS = ["一、基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况",
            "五、社会保险基金预算支出情况", "六、资金使用及绩效情况", "七、存在的问题及原因分析", "八、下一步改进措施",
            "九、绩效自评结果拟应用和公开情况", "十、其他需要说明的情况"]


@pytest.fixture(scope="module")
def built(published_2021):
    return published_2021, published_2021.html_path.read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html))


def test_report_files_are_written(built):
    result, _ = built
    assert result.html_path.name == "report.html"
    assert result.notebook_path.exists() and result.manifest_path.exists()
    for name in ("findings.json", "findings.csv", "findings.xlsx", "oplog.json", "workpapers.html", "report.txt"):
        assert (result.html_path.parent / name).is_file()
    leftovers = [p.name for p in result.html_path.parent.glob(".*") if p.name != ".lock"]
    assert leftovers == []  # no staged temporary file left behind


def test_report_shows_the_seed_figures_in_place(built):
    text = _text(built[1])
    assert "2021年年初预算41.16万元，年中追加7.63万元，上年结转4.66万元，全年预算数53.45万元" in text
    assert "财政拨款收入为47.13万元" in text
    assert "财政拨款支出为47.13万元，项目支出7.81万元，基本支出39.32万元，其中：人员经费33.22万元，公用经费6.10万元" in text
    assert "侨联工作经费，年初预算3.00万元，上年结转4.66万元，实际支出7.66万元" in text
    assert "民生100-为侨办实事项目实际支出0.15万元，未纳入年初预算" in text


def test_report_has_the_ten_headings_in_order(built):
    text = _text(built[1])
    positions = [text.index(f"{h}</") if f"{h}</" in text else text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)


def test_report_has_charts_and_no_code(built):
    html = built[1]
    assert html.count('src="data:image/png;base64,') == 5  # budget, composition, execution, monthly, trend
    assert "虚线为90%" not in html  # a caption lint would read as a rate
    for code in ("cells.show_section", "import ", "report_cells", "In&nbsp;[", "input_area", "<script"):
        assert code not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_manifest_records_inputs_versions_parameters(built):
    manifest = json.loads(built[0].manifest_path.read_text(encoding="utf-8"))
    roles = {i["role"] for i in manifest["inputs"]}
    assert {"unit", "appropriations", "expenditures", "projects", "activities", "self_evaluation"} <= roles
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) for i in manifest["inputs"])
    assert manifest["parameters"]["unit"] == "lusong-qiaolian" and manifest["parameters"]["year"] == 2021
    assert manifest["versions"]["pandas"] and manifest["versions"]["papermill"]
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["notebook_sha256"])


def test_report_refuses_invalid_input_before_starting_a_kernel(tmp_path, capsys):
    unit = tmp_path / "bad" / "2021"
    unit.mkdir(parents=True)
    (tmp_path / "bad" / "unit.yaml").write_text("name: 测试单位\n", encoding="utf-8")
    (unit / "appropriations.csv").write_text("指标文号,金额\nX,1\n", encoding="utf-8")
    code = main(["report", "--unit", "bad", "--year", "2021", "--data", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "input error" in err and "appropriations.csv" in err
    assert not (tmp_path / "out" / "bad" / "2021" / "report.html").exists()


def test_report_refuses_an_unsafe_unit_name(tmp_path, capsys):
    assert main(["report", "--unit", "../etc", "--year", "2021", "--data", str(tmp_path)]) == 2
    assert "not a safe folder name" in capsys.readouterr().err


def _without_volatile(html: str) -> str:
    return re.sub(r"生成时间（UTC）</td><td>[^<]*</td>", "", html)


def test_kernel_and_in_process_engines_give_the_same_report(built, tmp_path):
    """The fast in-process engine is a faithful stand-in for a Jupyter kernel, and the report is reproducible."""
    kernel = build_report("lusong-qiaolian", 2021, DATA, tmp_path, engine="kernel").html_path.read_text(encoding="utf-8")
    assert _without_volatile(kernel) == _without_volatile(built[1])
    findings = (built[0].html_path.parent / "findings.json").read_bytes()
    assert (tmp_path / "lusong-qiaolian" / "2021" / "findings.json").read_bytes() == findings


def test_working_papers_list_what_the_check_of_the_units_own_report_found(built):
    text = _text((built[0].html_path.parent / "workpapers.html").read_text(encoding="utf-8"))
    section = text[text.rindex("附二、单位自评报告核对"):text.rindex("附三、抽样凭证")]  # past the table of contents
    assert "侨联工作经费支出前后不一致：7.81万元 / 7.66万元" in section
    assert "侨联工作经费支出：报告 7.81万元，账面 7.66万元（76,583.50元）" in section
    assert "“存在的问题”写“无”" in section


def test_the_publishable_report_names_no_natural_person_but_the_working_papers_do(built):
    html, papers = built[1], (built[0].html_path.parent / "workpapers.html").read_text(encoding="utf-8")
    for name in ("刘晓红", "陈国强"):  # paid salary / aid (民生100) in the 2021 ledger
        assert name not in html and name in papers
    assert "附四、报告一致性检查" in papers and "DG-2021-001" in papers


def test_report_txt_is_what_lint_reads_and_it_passes(built):
    text = (built[0].html_path.parent / "report.txt").read_text(encoding="utf-8")
    assert main(["lint", str(built[0].html_path.parent / "report.txt")]) == 0
    assert "七、存在的问题及原因分析" in text


def test_published_notebook_reruns_from_the_report_folder(built, tmp_path):
    import json as _json

    import papermill

    folder = built[0].html_path.parent
    nb = _json.loads((folder / "report.ipynb").read_text(encoding="utf-8"))
    params = nb["metadata"]["papermill"]["parameters"]
    assert params["manifest_path"] == "manifest.json" and params["artifacts_prefix"] == ""
    assert not Path(params["data_dir"]).is_absolute()
    source = "".join(next(c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", []))["source"])
    assert ".manifest." not in source and str(folder.parent.parent) not in source
    assert nb["metadata"]["kernelspec"]["name"] == "qlaudit"  # JupyterLab opens it on the project's kernel
    before = sorted(p.name for p in folder.iterdir())
    # As JupyterLab would: a real kernel (the one its metadata names), started in the report folder.
    papermill.execute_notebook(str(folder / "report.ipynb"), str(tmp_path / "rerun.ipynb"), cwd=str(folder),
                               progress_bar=False)
    assert sorted(p.name for p in folder.iterdir()) == before  # a re-run shows the report, writes nothing there
    rerun = _json.loads((tmp_path / "rerun.ipynb").read_text(encoding="utf-8"))
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) for c in rerun["cells"] for o in c.get("outputs", []))
    assert "七、存在的问题及原因分析" in shown
