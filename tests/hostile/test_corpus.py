"""Every case of the bad-input corpus (tests/hostile/corpus.py) gives its documented outcome, and the command line over
the whole corpus never reports an internal error or prints a raw control character."""

import re

import pytest

from qlaudit.cli import main
from qlaudit.errors import QlauditError
from qlaudit.workbook import load_workbook
from tests.hostile import corpus

CASES = corpus.cases()
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(folder)
    return folder


def _matches(issue, want: corpus.Issue) -> bool:
    return (issue.severity == want.severity and want.file in issue.file and want.message in issue.message
            and all(expected is None or expected == actual for expected, actual in
                    ((want.sheet, issue.sheet), (want.row, issue.row), (want.column, issue.column)))
            and (want.value is None or (issue.value is not None and want.value in issue.value)))


def test_the_corpus_covers_every_class_of_the_issue_and_of_domain_section_4():
    kinds = {c.kind for c in CASES}
    assert {"domain §4 encodings", "domain §4 sheets", "domain §4 merged cells", "domain §4 title rows",
            "domain §4 total rows", "domain §4 unit declarations", "domain §4 numeric ranges", "domain §4 dates",
            "domain §4 codes", "domain §4 sizes", "domain §4 YAML"} <= kinds
    names = {c.name for c in CASES}
    assert {"hidden-stale-first-sheet", "merged-amount-in-data-rows", "undeclared-wan-yuan-budget",
            "amount-near-int64", "total-first-word-is-data", "activities-symlink-outside",
            "self-evaluation-symlink-outside", "terminal-escapes-in-text", "yaml-alias-bomb",
            "xlsx-million-styled-empty-rows", "activities-gbk", "goals-year-with-nian", "staffing-with-ren",
            "amount-20-digits", "csv-cell-over-128k", "utf8-with-one-bad-line"} <= names
    assert len(names) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_gives_its_documented_outcome(case, corpus_dir, monkeypatch):
    for name, value in case.expect.env.items():
        monkeypatch.setenv(name, value)
    data = corpus_dir / case.name
    if case.expect.raises:
        with pytest.raises(QlauditError, match=case.expect.raises):
            load_workbook(corpus.UNIT, corpus.YEAR, data, strict=False)
        return
    log = load_workbook(corpus.UNIT, corpus.YEAR, data, strict=False).import_log
    shown = log.render_text()
    assert log.ok == case.expect.ok, shown
    for want in case.expect.issues:
        assert any(_matches(issue, want) for issue in log.all_issues()), f"{want} not in\n{shown}"
    for error in log.errors:  # a rejection always says how to fix it; a rejected row names its column
        assert error.hint, error
        assert error.row is None or error.column, error
    for ledger, kept in case.expect.kept.items():
        assert sum(f.kept + f.normalised for f in log.files if f.ledger == ledger) == kept, shown
    assert all(f.accounted for f in log.files), shown  # every row read is kept, normalised, rejected or set aside


def test_a_merged_cell_never_invents_an_amount(corpus_dir):
    wb = load_workbook(corpus.UNIT, corpus.YEAR, corpus_dir / "merged-amount-in-data-rows", strict=False)
    assert wb.expenditures["amount_fen"].tolist() == [440000, 440000, 125050, 260000]  # 8000.00 read once, row 4


def test_the_hidden_stale_sheet_is_not_read(corpus_dir):
    wb = load_workbook(corpus.UNIT, corpus.YEAR, corpus_dir / "hidden-stale-first-sheet")
    assert int(wb.expenditures["amount_fen"].sum()) == 2065050 and set(wb.expenditures["source_file"]) == {
        "test-unit/2021/expenditures.xlsx"}


def test_command_line_over_the_whole_corpus(corpus_dir, tmp_path, monkeypatch, capsys):
    """validate and check on every case (and JSON, CSV where ledger text with control characters reaches the
    output; lint where a case has the unit's own report): exit 0, 1 or 2 only, no 'internal error' (exit 3 is for
    bugs), no raw control character on the terminal."""
    transcript = []
    for case in CASES:
        data = str(corpus_dir / case.name)
        args = ["--unit", corpus.UNIT, "--year", str(corpus.YEAR), "--data", data]
        commands = [["validate", *args], ["check", *args]]
        if case.name == "terminal-escapes-in-text":
            commands += [["validate", *args, "--format", "json"], ["check", *args, "--format", "json"],
                         ["check", *args, "--format", "csv"]]
        report = corpus_dir / case.name / corpus.UNIT / str(corpus.YEAR) / "self_evaluation.txt"
        if report.is_file() and not report.is_symlink():
            commands.append(["lint", str(report), *args])
        with monkeypatch.context() as patched:
            for name, value in case.expect.env.items():
                patched.setenv(name, value)
            for argv in commands:
                code = main(argv)
                out, err = capsys.readouterr()
                transcript.append(f"$ qlaudit {' '.join(argv)}  # {case.name}: exit {code}\n{out}{err}")
                assert code in (0, 1, 2), transcript[-1]
                assert not CONTROL.search(out + err), transcript[-1]
    log = tmp_path / "corpus-cli.log"
    log.write_text("\n".join(transcript), encoding="utf-8")
    assert log.read_text(encoding="utf-8").count("internal error") == 0
    escapes = next(t for t in transcript if "terminal-escapes-in-text" in t.splitlines()[0] and "check" in t)
    assert "\\x1b[2J\\x1b[31m年初预算-公用经费-办公费\\x07" in escapes  # shown as escapes, not run by the terminal
