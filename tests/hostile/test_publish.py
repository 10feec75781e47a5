"""Publishing is atomic as a set: OUT/<unit>/<year> links to one complete version (report, findings, manifest …); a
process killed at any point (SIGKILL at random moments of ``qlaudit report`` and ``qlaudit batch``) leaves the
published set whole — never a new report.html beside old findings — and the next run clears what it left.

The runs here execute a small stand-in notebook (every file it stages carries the run's own token) so that they are
fast and test publishing alone; the real notebook's runs are in tests/test_report*.py and tests/test_batch.py.
"""

import hashlib
import json
import multiprocessing
import os
import random
import re
import signal
import time
from pathlib import Path

import nbformat
import pytest

from qlaudit.cli import main
from qlaudit.report import run as report
from tests.builders import make_unit

STAGED = ("findings.json", "findings.csv", "findings.xlsx", "oplog.json", "workpapers.html", "report.txt")
TOKEN = re.compile(r"run-(\d+)")


def stand_in_notebook(path: Path) -> Path:
    parameters = "\n".join(f"{name} = {value!r}" for name, value in (
        ("unit", ""), ("year", 0), ("data_dir", ""), ("manifest_path", ""), ("artifacts_prefix", ""),
        ("sample_size", 10), ("sample_seed", None), ("settings_path", ""), ("scoring_path", ""),
        ("report_settings_path", ""), ("report_date", ""), ("preparer", ""), ("reviewer", "")))
    work = (
        "import json, time\nfrom pathlib import Path\n"
        "token = f'run-{time.time_ns()}'\n"
        f"for name in {STAGED!r}:\n"
        "    if artifacts_prefix:\n"
        "        Path(artifacts_prefix + name).write_text(f'{name} {token}', encoding='utf-8')\n"
        "        time.sleep(0.02)\n"
        "if artifacts_prefix:\n"
        "    Path(artifacts_prefix + 'summary.json').write_text(json.dumps({'unit_name': unit}), encoding='utf-8')\n"
        "print('report', token)\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell(work)],
                                  metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"},
                                            "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


@pytest.fixture
def setup(tmp_path, monkeypatch):
    data = tmp_path / "data"
    make_unit(data, "unit-a")
    make_unit(data, "unit-b")
    monkeypatch.setattr(report, "NOTEBOOK", stand_in_notebook(tmp_path / "stand-in.ipynb"))
    return data, tmp_path / "out"


def _child(argv: list[str]) -> None:
    os.setsid()  # its own process group: a kill reaches the batch workers too
    code = 3
    try:
        code = main(argv)
    finally:
        os._exit(code)


def run_cli(setup, *argv: str, kill_after: float | None = None) -> int | None:
    """``qlaudit ARGV`` in a forked process (the test process has imported everything: a run takes about a second);
    SIGKILL to its whole process group after ``kill_after`` seconds."""
    data, out = setup
    process = multiprocessing.get_context("fork").Process(target=_child, args=([*argv, "--data", str(data),
                                                                                 "--out", str(out)],))
    process.start()
    if kill_after is not None:
        time.sleep(kill_after)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # killed before it had its own group
            os.kill(process.pid, signal.SIGKILL)
    process.join()
    return process.exitcode


def published(folder: Path) -> str | None:
    """The token of the set OUT/<unit>/<year> links to, after checking that the set is whole and of one run."""
    if not folder.exists():
        assert not folder.is_symlink(), "a dangling link"
        return None
    assert folder.is_symlink()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = {p.name for p in folder.iterdir()} - {"report.failed.ipynb"}
    assert names == {*manifest["files"], "manifest.json"}
    assert {*STAGED, "report.html", "report.ipynb"} <= names
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    tokens = {TOKEN.search((folder / name).read_text(encoding="utf-8")).group(1) for name in (*STAGED, "report.html")}
    assert len(tokens) == 1, f"a mixed set: {tokens}"
    return tokens.pop()


def publish_once(setup, unit: str = "unit-a") -> report.ReportResult:
    run = report.stage(unit, 2021, setup[0], setup[1])
    report.execute(run)
    return report.publish(run)


def test_the_published_set_is_one_versioned_folder_switched_by_a_link(setup):
    out = setup[1].resolve()
    first = published(publish_once(setup).html_path.parent)
    second = published(publish_once(setup).html_path.parent)
    assert first != second
    entries = sorted(p.name for p in (out / "unit-a").iterdir())
    assert entries[0] == ".2021.lock" and entries[-1] == "2021" and len(entries) == 4  # the previous set is kept
    publish_once(setup)
    assert len(list((out / "unit-a").iterdir())) == 4  # … one run longer only
    assert not list(out.glob("unit-a/.2021.staging-*"))


def test_a_folder_of_the_layout_before_versioned_sets_becomes_the_first_version(setup):
    old = setup[1] / "unit-a" / "2021"
    old.mkdir(parents=True)
    (old / "report.html").write_text("old report", encoding="utf-8")
    publish_once(setup)
    assert published(old) and old.is_symlink()
    kept = [p for p in old.parent.iterdir() if p.name.startswith(".2021.v-") and p != old.resolve()]
    assert [(p / "report.html").read_text(encoding="utf-8") for p in kept] == ["old report"]


def test_without_symbolic_links_the_version_folder_is_renamed_into_place(setup, monkeypatch):
    first = published_folder_set(publish_once(setup).html_path.parent)

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_links)  # FAT, some network shares
    folder = publish_once(setup).html_path.parent
    assert folder.is_dir() and not folder.is_symlink()
    second = published_folder_set(folder)
    assert second != first
    assert published_folder_set(publish_once(setup).html_path.parent) not in (first, second)
    assert len([p for p in folder.parent.iterdir() if ".v-" in p.name]) <= 2


def published_folder_set(folder: Path) -> str:
    """As :func:`published`, for a set that is a real folder or a link."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    tokens = {TOKEN.search((folder / name).read_text(encoding="utf-8")).group(1) for name in (*STAGED, "report.html")}
    assert len(tokens) == 1
    return tokens.pop()


def test_a_failing_notebook_leaves_the_published_set_as_it_was(setup):
    out = setup[1]
    before = published(publish_once(setup).html_path.parent)
    nb = nbformat.read(report.NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('cell fails')"))
    nbformat.write(nb, report.NOTEBOOK)
    with pytest.raises(report.ReportFailed, match="RuntimeError"):
        publish_once(setup)
    assert published(out / "unit-a" / "2021") == before
    assert (out / "unit-a" / "2021" / "report.failed.ipynb").is_file()
    assert not list(out.glob("unit-a/.2021.staging-*"))


def _kill_at_random_moments(setup, argv: list[str], folders: list[Path], rng: random.Random, kills: int) -> None:
    """Run once to the end (timed), then start the command again and again and SIGKILL it at a random moment of its
    run, checking every published set after each kill; a last run to the end publishes and clears what the killed
    runs left (staging folders, temporary links, versions never linked)."""
    started = time.perf_counter()
    assert run_cli(setup, *argv) == 0
    duration = time.perf_counter() - started
    for folder in folders:
        assert published(folder) is not None
    for _ in range(kills):
        run_cli(setup, *argv, kill_after=rng.uniform(0.05, duration))
        for folder in folders:
            published(folder)
    assert run_cli(setup, *argv) == 0
    for folder in folders:
        assert published(folder) is not None
        assert [p.name for p in folder.parent.iterdir() if ".staging-" in p.name or ".link-" in p.name] == []
        assert len([p for p in folder.parent.iterdir() if ".v-" in p.name]) <= 2


def test_report_killed_at_random_moments_never_leaves_a_mixed_set(setup):
    _kill_at_random_moments(setup, ["report", "--unit", "unit-a", "--year", "2021"],
                            [setup[1] / "unit-a" / "2021"], random.Random(12), kills=8)


def test_batch_killed_at_random_moments_never_leaves_a_mixed_set(setup):
    out = setup[1]
    _kill_at_random_moments(setup, ["batch", "--years", "2021", "--jobs", "2", "--force"],
                            [out / "unit-a" / "2021", out / "unit-b" / "2021"], random.Random(7), kills=6)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.rstrip().endswith("</html>") and 'href="unit-a/2021/report.html"' in index
