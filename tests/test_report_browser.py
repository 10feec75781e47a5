"""The report is a web page, so it is tested as one: opened in headless Chromium with the network off."""

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from qlaudit.report.run import build_report
from tests.browser import network_events, open_page, requires_chromium

DATA = Path(__file__).resolve().parent.parent / "data"
HOSTILE_SUMMARY = "<img src=x onerror=alert(1)>慰问"
HOSTILE_NAME = '<script>alert("name")</script>测试侨联'

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """The 2021 sample with a hostile 摘要 on the first voucher line and a hostile unit name."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(DATA / "lusong-qiaolian", data / "hostile", ignore=shutil.ignore_patterns("2019", "2020", "2022", "2023"))
    profile = yaml.safe_load((data / "hostile" / "unit.yaml").read_text(encoding="utf-8"))
    profile["name"] = HOSTILE_NAME
    (data / "hostile" / "unit.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    path = data / "hostile" / "2021" / "expenditures.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    summary = rows[0].index("摘要")
    project = rows[0].index("支出类型")
    first_project_line = next(i for i, r in enumerate(rows) if r[project] == "项目支出")
    rows[first_project_line][summary] = HOSTILE_SUMMARY
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return build_report("hostile", 2021, data, tmp_path_factory.mktemp("out")).html_path


@pytest.fixture(scope="module")
def sample_report(published_2021):
    return published_2021.html_path


def test_report_opens_offline_without_failed_requests_or_console_errors(sample_report):
    driver = open_page(sample_report)
    try:
        events = network_events(driver)
        requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
        failed = [e for e in events if e["method"] == "Network.loadingFailed"]
        console = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert all(url.startswith(("file:", "data:")) for url in requested), requested
        assert failed == []
        assert console == []
    finally:
        driver.quit()


def test_chinese_headings_are_laid_out(sample_report):
    driver = open_page(sample_report)
    try:
        boxes = driver.execute_script("""
            return Array.from(document.querySelectorAll('h2')).map(h => {
                const r = document.createRange(); r.selectNodeContents(h);
                const b = r.getBoundingClientRect();
                return [h.textContent, b.width, b.height];
            });""")
        assert [b[0] for b in boxes][:2] == ["一、基本情况", "二、一般公共预算支出情况"]
        assert len(boxes) == 10  # the ten official sections (the auditor's parts are in workpapers.html)
        for text, width, height in boxes:
            assert width > 8 * len(text), (text, width)  # glyphs have width: no zero-width fallback
            assert 10 < height < 60, (text, height)  # one line
        assert driver.execute_script("return document.fonts.check('16px \"Noto Sans CJK SC\"', '预算')")
        images = driver.execute_script("return Array.from(document.images).map(i => [i.naturalWidth, i.complete])")
        assert len(images) >= 2 and all(w > 0 and ok for w, ok in images)
    finally:
        driver.quit()


@pytest.mark.parametrize("page", ["report.html", "workpapers.html"])
def test_hostile_ledger_text_shows_as_text(hostile_report, page):
    path = hostile_report.parent / page
    html = path.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html
    driver = open_page(path)
    try:
        body = driver.execute_script("return document.body.innerText")
        assert HOSTILE_NAME in body
        if page == "workpapers.html":  # the 摘要 of a voucher line is evidence: in the working papers
            assert HOSTILE_SUMMARY in body
        assert driver.execute_script("return document.querySelectorAll('img[src=\"x\"], body script').length") == 0
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        driver.quit()
